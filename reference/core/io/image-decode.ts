import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { ParseError } from '../../../harness/errors.js';

/** One decoded image: `pixels` is row-major, channels interleaved, raw values (0..255 or 0..65535). */
export interface DecodedImage {
  width: number;
  height: number;
  /** 1 for grey, 3 for colour; alpha is dropped. */
  channels: 1 | 3;
  bitDepth: 8 | 16;
  pixels: Float32Array;
}

/**
 * Decodes a PNG (8- or 16-bit, grey, grey+alpha, RGB, RGBA, palette) or a
 * baseline JPEG. PNG colour types 0 and 4 are grey; a JPEG is grey when all
 * three decoded channels are equal everywhere (jpeg-js always returns RGB).
 */
export function decodeImage(buf: Buffer, file: string): DecodedImage {
  if (buf.length >= 8 && buf.readUInt32BE(0) === 0x89504e47) return decodePng(buf, file);
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return decodeJpeg(buf, file);
  throw new ParseError('not a PNG or JPEG: unknown magic bytes', file);
}

function decodePng(buf: Buffer, file: string): DecodedImage {
  let png: PNG & { depth?: number; colorType?: number };
  try {
    png = PNG.sync.read(buf, { skipRescale: true }) as PNG & { depth?: number; colorType?: number };
  } catch (e) {
    throw new ParseError(`corrupt PNG: ${(e as Error).message}`, file);
  }
  const grey = png.colorType === 0 || png.colorType === 4;
  const bitDepth: 8 | 16 = png.depth === 16 ? 16 : 8;
  const rgba = png.data as unknown as ArrayLike<number>;
  return pack(png.width, png.height, rgba, grey ? 1 : 3, bitDepth);
}

function decodeJpeg(buf: Buffer, file: string): DecodedImage {
  let img: { width: number; height: number; data: Uint8Array };
  try {
    img = jpeg.decode(buf, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 512 });
  } catch (e) {
    throw new ParseError(`corrupt JPEG: ${String((e as Error).message ?? e)}`, file);
  }
  let grey = true;
  for (let i = 0; i < img.data.length && grey; i += 4) {
    grey = img.data[i] === img.data[i + 1] && img.data[i] === img.data[i + 2];
  }
  return pack(img.width, img.height, img.data, grey ? 1 : 3, 8);
}

function pack(width: number, height: number, rgba: ArrayLike<number>, channels: 1 | 3, bitDepth: 8 | 16): DecodedImage {
  const n = width * height;
  const pixels = new Float32Array(n * channels);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < channels; c++) pixels[i * channels + c] = rgba[4 * i + c]!;
  }
  return { width, height, channels, bitDepth, pixels };
}
