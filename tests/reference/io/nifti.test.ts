import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ParseError } from '../../../harness/errors.js';
import { readNifti } from '../../../reference/core/io/nifti-read.js';
import { writeNifti } from '../../../reference/core/io/nifti-write.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'io');
const tmp = mkdtempSync(join(tmpdir(), 'medgrade-nifti-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// float32-representable values, so the stored srow round-trips exactly.
// Columns (1.5, 2, 0), (-4, 3, 0), (0, 0, 3): an in-plane rotation with zooms 2.5, 5, 3.
const OBLIQUE = [[1.5, -4, 0, 12.25], [2, 3, 0, -7.5], [0, 0, 3, 40], [0, 0, 0, 1]];
const SHEARED = [[0, -1.5, 0, 12.25], [2, 0, 0.5, -7.5], [0, 0, 3, 40], [0, 0, 0, 1]];

describe('NIfTI write → read round trip', () => {
  const cases = [
    { name: 'uint8.nii', data: Uint8Array.from({ length: 5 * 4 * 3 }, (_, i) => (i * 37) % 256), shape: [5, 4, 3] },
    { name: 'int16.nii.gz', data: Int16Array.from({ length: 6 * 5 * 4 }, (_, i) => i * 113 - 3000), shape: [6, 5, 4] },
    { name: 'float32.nii', data: Float32Array.from({ length: 3 * 3 * 3 * 2 }, (_, i) => Math.fround(Math.sin(i) * 1e3)), shape: [3, 3, 3, 2] },
    { name: 'float64.nii.gz', data: Float64Array.from({ length: 24 }, (_, i) => Math.PI * i - 1e-9), shape: [2, 3, 4] },
  ];
  for (const c of cases) {
    it(`${c.name}: identical voxels, shape, datatype and affine`, () => {
      const path = join(tmp, c.name);
      writeNifti(path, { data: c.data, shape: c.shape, affine: OBLIQUE, description: 'round trip' });
      const v = readNifti(path);
      expect(v.shape).toEqual(c.shape);
      expect(v.data.constructor).toBe(c.data.constructor);
      expect(Array.from(v.data)).toEqual(Array.from(c.data));
      expect(v.affine).toEqual(OBLIQUE);
      expect(v.description).toBe('round trip');
      expect(v.spacing.slice(0, 3)).toEqual([2.5, 5, 3]);
    });
  }

  it('keeps a sheared affine exactly in the sform', () => {
    const path = join(tmp, 'sheared.nii');
    writeNifti(path, { data: new Int16Array(8), shape: [2, 2, 2], affine: SHEARED });
    expect(readNifti(path).affine).toEqual(SHEARED);
  });

  it('writes a diagonal affine from spacing when none is given', () => {
    const path = join(tmp, 'spacing.nii');
    writeNifti(path, { data: new Uint8Array(8), shape: [2, 2, 2], spacing: [0.5, 0.75, 2.5] });
    expect(readNifti(path).affine).toEqual([[0.5, 0, 0, 0], [0, 0.75, 0, 0], [0, 0, 2.5, 0], [0, 0, 0, 1]]);
  });

  it('refuses data whose length does not match the shape', () => {
    expect(() => writeNifti(join(tmp, 'x.nii'), { data: new Uint8Array(7), shape: [2, 2, 2] })).toThrow(/needs 8/);
  });
});

const python = '/usr/bin/python3';
const nibabelReady = existsSync(python) && (() => {
  try { execFileSync(python, ['-c', 'import nibabel'], { stdio: 'ignore' }); return true; } catch { return false; }
})();
if (!nibabelReady) console.warn('skipping the nibabel cross-read: /usr/bin/python3 with python3-nibabel is missing');

describe.skipIf(!nibabelReady)('files we write, read by nibabel', () => {
  it('gives the same voxels, sform and qform (oblique, negative determinant)', () => {
    const path = join(tmp, 'for-nibabel.nii.gz');
    const flipped = OBLIQUE.map((r) => [...r]);
    flipped[2]![2] = -3; // makes the determinant negative: qfac -1
    const data = Int16Array.from({ length: 4 * 3 * 2 }, (_, i) => i * 11 - 50);
    writeNifti(path, { data, shape: [4, 3, 2], affine: flipped });
    const script = [
      'import sys, json, nibabel as nib, numpy as np',
      'img = nib.load(sys.argv[1])',
      'print(json.dumps({"data": np.asarray(img.dataobj).reshape(-1, order="F").tolist(),',
      ' "sform": img.header.get_sform().tolist(), "qform": img.header.get_qform().tolist(), "dtype": str(img.get_data_dtype())}))',
    ].join('\n');
    const got = JSON.parse(execFileSync(python, ['-c', script, path], { encoding: 'utf8' }));
    expect(got.data).toEqual(Array.from(data));
    expect(got.dtype).toBe('int16');
    expect(got.sform).toEqual(flipped);
    got.qform.flat().forEach((v: number, i: number) => expect(v).toBeCloseTo(flipped.flat()[i]!, 5));
  });
});

interface Expected {
  shape: number[]; dtype: string; affine: number[][]; sum: number; min: number; max: number;
  nan_count: number; voxels: Record<string, number | null>;
}
const expected = JSON.parse(readFileSync(join(FIXTURES, 'nibabel-expected.json'), 'utf8')) as { files: Record<string, Expected> };
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(1, Math.abs(b));

describe('real NIfTI files agree with nibabel (tests/fixtures/io/nibabel-expected.json)', () => {
  for (const [key, e] of Object.entries(expected.files)) {
    const path = key.startsWith('/') ? key : join(FIXTURES, key);
    const present = existsSync(path);
    if (!present) console.warn(`skipping ${key}: not installed (python3-nibabel, mricron-data or insighttoolkit5-examples)`);
    it.skipIf(!present)(key.split('/').slice(-2).join('/'), () => {
      const v = readNifti(path);
      expect(v.shape).toEqual(e.shape);
      expect(v.datatype).toBe(e.dtype);
      v.affine.flat().forEach((a, i) => expect(Math.abs(a - e.affine.flat()[i]!)).toBeLessThan(1e-6));
      let sum = 0; let min = Infinity; let max = -Infinity; let nan = 0;
      for (const x of v.data) {
        if (Number.isNaN(x)) { nan++; continue; }
        sum += x; if (x < min) min = x; if (x > max) max = x;
      }
      expect(nan).toBe(e.nan_count);
      expect(rel(sum, e.sum)).toBeLessThan(1e-6);
      expect(rel(min, e.min)).toBeLessThan(1e-6);
      expect(rel(max, e.max)).toBeLessThan(1e-6);
      for (const [i, x] of Object.entries(e.voxels)) {
        if (x === null) expect(v.data[Number(i)]).toBeNaN();
        else expect(rel(v.data[Number(i)]!, x)).toBeLessThan(1e-6);
      }
    });
  }
});

describe('broken NIfTI files are ParseErrors naming the file', () => {
  const bad = (name: string): string => join(FIXTURES, 'bad', name);
  const cases: [string, RegExp, boolean?][] = [
    ['truncated-data.nii', /truncated/],
    ['truncated-header.nii', /header needs at least 348/],
    ['wrong-magic.nii', /magic "xyz\."/],
    ['dims-mismatch.nii', /dimensions 5×3×2/],
    ['corrupt.nii.gz', /corrupt gzip/],
    ['not-gzip.nii.gz', /not gzip-compressed/],
    ['nan-in-labels.nii', /label volume holds NaN/, true],
  ];
  for (const [name, message, labels] of cases) {
    it(name, () => {
      let error: unknown;
      try { readNifti(bad(name), { labels }); } catch (e) { error = e; }
      expect(error).toBeInstanceOf(ParseError);
      expect((error as ParseError).file).toBe(bad(name));
      expect((error as Error).message).toMatch(message);
    });
  }
  it('the NaN label file reads fine as an image', () => {
    expect(Number.isNaN(readNifti(bad('nan-in-labels.nii')).data[5]!)).toBe(true);
  });
});
