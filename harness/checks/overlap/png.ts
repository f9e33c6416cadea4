import zlib from 'node:zlib';
import { PNG } from 'pngjs';
import { ParseError } from '../../errors.js';
import type { GrayImage } from './types.js';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function isPng(buf: Buffer): boolean {
  return buf.length >= 8 && buf.subarray(0, 8).equals(SIGNATURE);
}

/**
 * Decodes a PNG to 8-bit grayscale. Radiographs are almost always 8-bit gray,
 * non-interlaced; that case is decoded here directly (about 5× faster than
 * pngjs, which expands everything to RGBA). Every other layout goes to pngjs.
 */
export function decodePng(buf: Buffer, file: string): GrayImage {
  if (!isPng(buf)) throw new ParseError('not a PNG file (bad signature)', file);
  const fast = decodeGray8(buf, file);
  if (fast) return fast;
  let png: PNG;
  try {
    png = PNG.sync.read(buf);
  } catch (err) {
    throw new ParseError(`corrupt PNG: ${(err as Error).message}`, file);
  }
  return rgbaToGray(png.width, png.height, png.data, isGrayColorType(buf));
}

function isGrayColorType(buf: Buffer): boolean {
  const colorType = buf[25];
  return colorType === 0 || colorType === 4;
}

/** RGBA bytes → gray, with Rec. 601 luma; gray sources keep their value exactly. */
export function rgbaToGray(width: number, height: number, rgba: Uint8Array, gray: boolean): GrayImage {
  const out = new Uint8Array(width * height);
  for (let i = 0, j = 0; i < out.length; i++, j += 4) {
    const r = rgba[j]!;
    out[i] = gray ? r : Math.round(0.299 * r + 0.587 * rgba[j + 1]! + 0.114 * rgba[j + 2]!);
  }
  return { width, height, data: out };
}

/** Returns null when the PNG is not 8-bit gray non-interlaced, so pngjs handles it. */
function decodeGray8(buf: Buffer, file: string): GrayImage | null {
  if (buf.length < 33 || buf.toString('latin1', 12, 16) !== 'IHDR') return null;
  const width = buf.readUInt32BE(16);
  const height = buf.readUInt32BE(20);
  const bitDepth = buf[24];
  const colorType = buf[25];
  const interlace = buf[28];
  if (bitDepth !== 8 || colorType !== 0 || interlace !== 0) return null;
  if (width === 0 || height === 0 || width * height > 100_000_000) {
    throw new ParseError(`PNG has impossible size ${width}×${height}`, file);
  }
  const parts: Buffer[] = [];
  let pos = 8;
  while (pos + 8 <= buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    if (pos + 12 + len > buf.length) throw new ParseError(`PNG chunk ${type} runs past the end of the file`, file);
    if (type === 'IDAT') parts.push(buf.subarray(pos + 8, pos + 8 + len));
    if (type === 'IEND') break;
    pos += 12 + len;
  }
  if (parts.length === 0) throw new ParseError('PNG has no image data (IDAT)', file);
  let raw: Buffer;
  try {
    raw = zlib.inflateSync(parts.length === 1 ? parts[0]! : Buffer.concat(parts));
  } catch (err) {
    throw new ParseError(`corrupt PNG data: ${(err as Error).message}`, file);
  }
  const stride = width + 1;
  if (raw.length < stride * height) throw new ParseError('PNG image data is truncated', file);
  return { width, height, data: unfilter(raw, width, height, file) };
}

/** Reverses the PNG scanline filters for 1 byte per pixel. */
function unfilter(raw: Buffer, width: number, height: number, file: string): Uint8Array {
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (width + 1)]!;
    const src = y * (width + 1) + 1;
    const row = y * width;
    const up = row - width;
    switch (filter) {
      case 0: out.set(raw.subarray(src, src + width), row); break;
      case 1: {
        let left = 0;
        for (let x = 0; x < width; x++) { left = (raw[src + x]! + left) & 255; out[row + x] = left; }
        break;
      }
      case 2:
        for (let x = 0; x < width; x++) out[row + x] = (raw[src + x]! + (y > 0 ? out[up + x]! : 0)) & 255;
        break;
      case 3:
        for (let x = 0; x < width; x++) {
          const a = x > 0 ? out[row + x - 1]! : 0;
          const b = y > 0 ? out[up + x]! : 0;
          out[row + x] = (raw[src + x]! + ((a + b) >> 1)) & 255;
        }
        break;
      case 4:
        for (let x = 0; x < width; x++) {
          const a = x > 0 ? out[row + x - 1]! : 0;
          const b = y > 0 ? out[up + x]! : 0;
          const c = x > 0 && y > 0 ? out[up + x - 1]! : 0;
          const p = a + b - c;
          const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
          const pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          out[row + x] = (raw[src + x]! + pred) & 255;
        }
        break;
      default:
        throw new ParseError(`PNG row ${y} has unknown filter type ${filter}`, file);
    }
  }
  return out;
}

/** Writes a gray PNG (8 or 16 bit, no filter); used by tests and the benchmark. */
export function encodeGrayPng(img: GrayImage, bitDepth: 8 | 16 = 8, level = 6): Buffer {
  const { width, height, data } = img;
  const bpp = bitDepth / 8;
  const raw = Buffer.alloc((width * bpp + 1) * height);
  for (let y = 0; y < height; y++) {
    let o = y * (width * bpp + 1) + 1;
    for (let x = 0; x < width; x++) {
      const v = data[y * width + x]!;
      if (bitDepth === 8) raw[o++] = v;
      else { raw.writeUInt16BE(v * 257, o); o += 2; }
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = bitDepth;
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw, { level })), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), body])) >>> 0, 0);
  return Buffer.concat([head, body, crc]);
}
