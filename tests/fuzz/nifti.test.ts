import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeNifti, readNifti } from '../../reference/core/io/nifti-read.js';
import { encodeNifti } from '../../reference/core/io/nifti-write.js';
import { parsesOrRefuses, runs, SEED } from './helpers.js';

/**
 * Field-level NIfTI-1 header fuzzing (the byte-flip fuzzer is tests/reference/io/fuzz.test.ts):
 * dims, datatype, bitpix, vox_offset, scaling and sizeof_hdr set to edge values.
 */
const BASE = encodeNifti({ data: Int16Array.from({ length: 24 }, (_, i) => i), shape: [4, 3, 2], affine: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]] });
const INT16 = fc.oneof(fc.constantFrom(0, 1, -1, 7, 8, 32767, -32768, 2, 3, 4), fc.integer({ min: -32768, max: 32767 }));
const FLOAT = fc.oneof(fc.constantFrom(0, -1, 352, 348, 1e30, Number.NaN, Number.POSITIVE_INFINITY, -0), fc.float());
const field = fc.oneof(
  fc.tuple(fc.constant('dim'), fc.nat(7), INT16),
  fc.tuple(fc.constant('datatype'), fc.constant(0), fc.oneof(INT16, fc.constantFrom(2, 4, 8, 16, 64, 128, 256, 512, 768, 1024, 1280, 1536, 2304))),
  fc.tuple(fc.constant('bitpix'), fc.constant(0), INT16),
  fc.tuple(fc.constant('sizeof_hdr'), fc.constant(0), fc.integer()),
  fc.tuple(fc.constant('vox_offset'), fc.constant(0), FLOAT),
  fc.tuple(fc.constant('scl'), fc.nat(1), FLOAT),
  fc.tuple(fc.constant('pixdim'), fc.nat(7), FLOAT),
  fc.tuple(fc.constant('qform'), fc.nat(1), INT16),
);

function edit(buf: Buffer, edits: [string, number, number][]): Buffer {
  const out = Buffer.from(buf);
  for (const [name, i, v] of edits) {
    if (name === 'dim') out.writeInt16LE(v, 40 + 2 * i);
    else if (name === 'datatype') out.writeInt16LE(v, 70);
    else if (name === 'bitpix') out.writeInt16LE(v, 72);
    else if (name === 'sizeof_hdr') out.writeInt32LE(v | 0, 0);
    else if (name === 'vox_offset') out.writeFloatLE(v, 108);
    else if (name === 'scl') out.writeFloatLE(v, 112 + 4 * i);
    else if (name === 'pixdim') out.writeFloatLE(v, 76 + 4 * i);
    else if (name === 'qform') out.writeInt16LE(v, 252 + 2 * i);
  }
  return out;
}

const volumeOk = (v: { data: ArrayLike<number>; shape: number[] }) => {
  expect(v.data.length).toBe(v.shape.reduce((p, s) => p * s, 1));
  for (const s of v.shape) expect(Number.isInteger(s) && s > 0).toBe(true);
};

describe('fuzz: NIfTI header fields (readNifti / decodeNifti)', () => {
  it('edge-valued header fields give a consistent volume or a ParseError naming the file', () => {
    fc.assert(fc.property(fc.array(field, { minLength: 1, maxLength: 4 }), (edits) =>
      parsesOrRefuses('fuzz.nii', () => decodeNifti(edit(BASE, edits as [string, number, number][]), 'fuzz.nii'), volumeOk)), { seed: SEED, numRuns: runs(500) });
  });
  it('the same through a gzip file on disk (readNifti), truncated or not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fuzz-nii-'));
    let n = 0;
    fc.assert(fc.property(fc.array(field, { maxLength: 3 }), fc.nat(), fc.boolean(), (edits, cut, gz) => {
      let buf = edit(BASE, edits as [string, number, number][]);
      if (cut % 3 === 0) buf = buf.subarray(0, cut % buf.length);
      let bytes = gz ? gzipSync(buf) : buf;
      if (gz && cut % 7 === 0) bytes = bytes.subarray(0, Math.max(1, bytes.length - 5)); // a cut gzip stream
      const path = join(dir, `v${n++}.nii${gz ? '.gz' : ''}`);
      writeFileSync(path, bytes);
      parsesOrRefuses(path, () => readNifti(path), volumeOk);
    }), { seed: SEED, numRuns: runs(200) });
  });
});
