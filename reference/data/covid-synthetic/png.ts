import { PNG } from 'pngjs';

export interface GreyImage {
  width: number;
  height: number;
  /** width×height 8-bit grey values, row-major. */
  data: Uint8Array;
}

/**
 * Writes an 8-bit greyscale PNG with only IHDR, IDAT and IEND: no text, time or
 * gamma chunks, so the bytes depend on the pixels alone.
 */
export function encodeGreyPng(img: GreyImage): Buffer {
  const png = new PNG({ width: img.width, height: img.height, colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
  png.data = Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength);
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
}

/** Reads any PNG pngjs understands and returns its luminance (the red channel for grey files). */
export function decodeGreyPng(buf: Buffer): GreyImage {
  const png = PNG.sync.read(buf);
  const data = new Uint8Array(png.width * png.height);
  for (let i = 0; i < data.length; i++) {
    const r = png.data[4 * i]!;
    const g = png.data[4 * i + 1]!;
    const b = png.data[4 * i + 2]!;
    data[i] = r === g && g === b ? r : Math.round(0.299 * r + 0.587 * g + 0.114 * b);
  }
  return { width: png.width, height: png.height, data };
}

/** Chunk types in file order, e.g. ['IHDR', 'IDAT', 'IEND']; for tests and audits. */
export function pngChunkTypes(buf: Buffer): string[] {
  const types: string[] = [];
  let at = 8;
  while (at + 8 <= buf.length) {
    const length = buf.readUInt32BE(at);
    types.push(buf.toString('latin1', at + 4, at + 8));
    at += 12 + length;
  }
  return types;
}
