import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import jpeg from 'jpeg-js';
import { ParseError } from '../../errors.js';
import { decodePng, isPng, rgbaToGray } from './png.js';
import type { DecodedImage, GrayImage } from './types.js';
import { decodeDicom, decodeNifti } from './volume.js';

/** File names the overlap check reads as images or volumes. */
export const IMAGE_PATTERN = /\.(png|jpe?g|nii|nii\.gz|dcm|dicom)$/i;

export function isImageFile(name: string): boolean {
  return IMAGE_PATTERN.test(name);
}

/** Reads and decodes one file; throws ParseError naming it when it is not a readable image. */
export function decodeFile(file: string): DecodedImage {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (err) {
    throw new ParseError(`cannot read file: ${(err as Error).message}`, file);
  }
  return decodeBuffer(buf, file);
}

/** Dispatches on content first (magic bytes), then on the name, so a misnamed file still decodes. */
export function decodeBuffer(buf: Buffer, file: string): DecodedImage {
  if (buf.length === 0) throw new ParseError('file is empty', file);
  if (isPng(buf)) return planar(decodePng(buf, file), 'png');
  if (buf[0] === 0xff && buf[1] === 0xd8) return planar(decodeJpeg(buf, file), 'jpeg');
  if (/\.nii(\.gz)?$/i.test(file)) return decodeNifti(buf, file);
  if (/\.(dcm|dicom)$/i.test(file) || buf.toString('latin1', 128, 132) === 'DICM') return decodeDicom(buf, file);
  if (/\.png$/i.test(file)) throw new ParseError('not a PNG file (bad signature)', file);
  if (/\.jpe?g$/i.test(file)) throw new ParseError('not a JPEG file (bad signature)', file);
  throw new ParseError('unknown image format', file);
}

function decodeJpeg(buf: Buffer, file: string): GrayImage {
  try {
    const img = jpeg.decode(buf, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
    // A gray JPEG decodes to R=G=B, so luma returns the value unchanged.
    return rgbaToGray(img.width, img.height, img.data, false);
  } catch (err) {
    throw new ParseError(`corrupt JPEG: ${(err as Error).message}`, file);
  }
}

function planar(gray: GrayImage, format: 'png' | 'jpeg'): DecodedImage {
  return { gray, exact: exactImageHash(gray), format };
}

/** sha256 over the dimensions and 8-bit gray pixels: equal for re-encodes and metadata-only changes. */
export function exactImageHash(gray: GrayImage): string {
  const h = createHash('sha256');
  h.update(`img:${gray.width}x${gray.height}:`);
  h.update(gray.data);
  return h.digest('hex');
}
