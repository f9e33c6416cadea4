import fc from 'fast-check';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../harness/errors.js';
import { decodeIdx, encodeIdxUint8 } from '../../../reference/core/io/idx.js';
import { decodeImage } from '../../../reference/core/io/image-decode.js';
import { decodeNifti } from '../../../reference/core/io/nifti-read.js';
import { encodeNifti } from '../../../reference/core/io/nifti-write.js';

/** Either a consistent result or a ParseError: any other exception is a crash. */
function parsesOrRefuses(fn: () => { data: ArrayLike<number>; shape: number[] } | void): boolean {
  try {
    const r = fn();
    if (r) return r.data.length === r.shape.reduce((p, s) => p * s, 1);
    return true;
  } catch (e) {
    if (e instanceof ParseError) return true;
    throw e;
  }
}

const mutation = fc.record({ cut: fc.nat(), flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }) });
function mutate(buf: Buffer, m: { cut: number; flips: [number, number][] }, focus: number): Buffer {
  const out = Buffer.from(buf.subarray(0, buf.length - (m.cut % 4 === 0 ? m.cut % buf.length : 0)));
  for (const [at, v] of m.flips) if (out.length) out[(at % Math.min(focus, out.length))] = v;
  return out;
}

describe('corrupted files never crash the readers', () => {
  const nifti = encodeNifti({ data: Int16Array.from({ length: 60 }, (_, i) => i - 30), shape: [5, 4, 3], affine: [[2, 0, 0, 1], [0, 2, 0, 2], [0, 0, 2, 3], [0, 0, 0, 1]] });
  it('NIfTI: header byte changes and truncations give a volume or a ParseError', () => {
    fc.assert(fc.property(mutation, (m) => parsesOrRefuses(() => decodeNifti(mutate(nifti, m, 352), 'fuzz.nii'))), { numRuns: 400 });
  });
  const idx = encodeIdxUint8(new Uint8Array(24).fill(7), [2, 3, 4]);
  it('IDX: the same', () => {
    fc.assert(fc.property(mutation, (m) => parsesOrRefuses(() => decodeIdx(mutate(idx, m, 16), 'fuzz.idx'))), { numRuns: 400 });
  });
  it('PNG: the same', () => {
    const img = new PNG({ width: 2, height: 2, colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
    img.data = Buffer.from([0, 50, 100, 150]);
    const png = PNG.sync.write(img, { colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
    expect(decodeImage(png, 'ok.png').width).toBe(2);
    fc.assert(fc.property(mutation, (m) => parsesOrRefuses(() => { decodeImage(mutate(png, m, png.length), 'fuzz.png'); })), { numRuns: 300 });
  });
});
