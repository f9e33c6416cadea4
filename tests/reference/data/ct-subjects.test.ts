import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readNifti } from '../../../reference/core/io/nifti-read.js';
import { CRANIUM_SOURCES } from '../../../reference/data/adapters/inv3.js';
import { generateCtSubjects, renderSubject, splitOf, type CtSource } from '../../../reference/data/ct-subjects/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'medgrade-ctsub-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A head-like phantom: air, a 1000 HU skull (also the bone mask) and 35 HU brain inside. */
function phantom(): CtSource {
  const shape: [number, number, number] = [40, 40, 20];
  const data = new Int16Array(40 * 40 * 20);
  const bone = new Uint8Array(data.length);
  for (let z = 0; z < 20; z++) for (let y = 0; y < 40; y++) for (let x = 0; x < 40; x++) {
    const r = Math.hypot((x - 19.5) / 18, (y - 19.5) / 18, (z - 9.5) / 9.5);
    const i = (z * 40 + y) * 40 + x;
    data[i] = r > 1 ? -1000 : r > 0.88 ? 1000 : 35;
    bone[i] = r <= 1 && r > 0.88 ? 1 : 0;
  }
  return { ct: { data, shape, spacing: [5, 5, 8] }, bone };
}

const OPTIONS = { shape: [32, 32, 16] as [number, number, number], lesionContrastHu: 40, maxLesions: 2, noiseHu: 8 };

describe('renderSubject', () => {
  const r = renderSubject(phantom(), 99, OPTIONS);
  it('adds exactly the lesion contrast where the label is 2 and nowhere else', () => {
    const counts = [0, 0, 0];
    let wrong = 0;
    for (let i = 0; i < r.hu.length; i++) {
      counts[r.labels[i]!]!++;
      if (r.hu[i]! - r.base[i]! !== (r.labels[i] === 2 ? 40 : 0)) wrong++;
    }
    expect(wrong).toBe(0);
    expect(counts[1]).toBeGreaterThan(100);
    expect(counts[2]).toBeGreaterThan(0);
    expect(counts[0]! + counts[1]! + counts[2]!).toBe(32 * 32 * 16);
  });
  it('takes bone from the deformed mask: bone voxels are dense, lesion voxels are soft tissue', () => {
    let boneHu = 0; let nb = 0;
    for (let i = 0; i < r.hu.length; i++) {
      if (r.labels[i] === 1) { boneHu += r.base[i]!; nb++; }
      if (r.labels[i] === 2) { expect(r.base[i]!).toBeGreaterThanOrEqual(-50); expect(r.base[i]!).toBeLessThanOrEqual(150); }
    }
    expect(boneHu / nb).toBeGreaterThan(400);
  });
  it('keeps the field of view: spacing × shape equals the source extent', () => {
    expect(r.spacing.map((s, a) => s * r.shape[a]!)).toEqual([200, 200, 160]);
  });
  it('is a pure function of the seed', () => {
    const again = renderSubject(phantom(), 99, OPTIONS);
    expect(Buffer.from(again.hu.buffer).equals(Buffer.from(r.hu.buffer))).toBe(true);
    const other = renderSubject(phantom(), 100, OPTIONS);
    expect(Buffer.from(other.hu.buffer).equals(Buffer.from(r.hu.buffer))).toBe(false);
  });
});

describe('splitOf', () => {
  it('puts the last subjects in test, the ones before in val, by index', () => {
    expect(Array.from({ length: 7 }, (_, i) => splitOf(i, 7, 2, 2))).toEqual(['train', 'train', 'train', 'val', 'val', 'test', 'test']);
  });
});

describe('generateCtSubjects', () => {
  it('writes images/masks NIfTI pairs per split with the right geometry, deterministically', async () => {
    const o = { seed: 5, subjects: 5, valSubjects: 1, testSubjects: 1, shape: [32, 32, 16] as [number, number, number] };
    const a = await generateCtSubjects({ out: join(tmp, 'a'), ...o }, phantom());
    const b = await generateCtSubjects({ out: join(tmp, 'b'), ...o }, phantom());
    const c = await generateCtSubjects({ out: join(tmp, 'c'), ...o, seed: 6 }, phantom());
    expect(a.digest).toBe(b.digest);
    expect(c.digest).not.toBe(a.digest);
    expect(readdirSync(join(tmp, 'a', 'train', 'images')).sort()).toEqual(['subject_001.nii.gz', 'subject_002.nii.gz', 'subject_003.nii.gz']);
    expect(readdirSync(join(tmp, 'a', 'val', 'masks'))).toEqual(['subject_004.nii.gz']);
    expect(readdirSync(join(tmp, 'a', 'test', 'images'))).toEqual(['subject_005.nii.gz']);
    for (const s of a.subjects) {
      const img = readNifti(join(tmp, 'a', s.image));
      const seg = readNifti(join(tmp, 'a', s.mask), { labels: true });
      expect(img.datatype).toBe('int16');
      expect(seg.datatype).toBe('uint8');
      expect(img.shape).toEqual([32, 32, 16]);
      expect(img.spacing.map((v) => Math.round(v * 1000) / 1000)).toEqual([6.25, 6.25, 10]);
      expect(img.affine).toEqual(seg.affine);
      expect(img.affine[0]![0]).toBeCloseTo(6.25, 4);
      expect(img.affine[2]![2]).toBeCloseTo(10, 4);
      const counts = { background: 0, bone: 0, lesion: 0 };
      for (const l of seg.data) { if (l === 1) counts.bone++; else if (l === 2) counts.lesion++; else if (l === 0) counts.background++; else throw new Error(`label ${l}`); }
      expect(counts).toEqual(s.voxels);
    }
    const meta = JSON.parse(readFileSync(join(tmp, 'a', 'DATASET.json'), 'utf8'));
    expect(meta).toMatchObject({ synthetic: true, real: false, labels: { 0: 'background', 1: 'bone', 2: 'lesion' } });
    expect(meta.description).toMatch(/SYNTHETIC.*REAL head CT/);
    expect(meta.caveat).toMatch(/share anatomy/);
  });
  it('refuses a split that leaves no training subject', async () => {
    await expect(generateCtSubjects({ out: join(tmp, 'd'), subjects: 3, valSubjects: 1, testSubjects: 2 }, phantom())).rejects.toThrow(/valSubjects \+ testSubjects < subjects/);
  });
  const haveCt = existsSync(CRANIUM_SOURCES[0]!.path);
  if (!haveCt) console.warn('skipping the real-CT ct-subjects test: invesalius-examples is not installed');
  it.skipIf(!haveCt)('derives subjects from the real InVesalius CT with bone and lesion in every subject', async () => {
    const r = await generateCtSubjects({ out: join(tmp, 'real'), subjects: 3, valSubjects: 1, testSubjects: 1, shape: [32, 32, 16] });
    expect(r.spacing[0]).toBeCloseTo(256 * 0.9570312 / 32, 4);
    for (const s of r.subjects) { expect(s.voxels.bone).toBeGreaterThan(300); expect(s.voxels.lesion).toBeGreaterThan(0); }
  });
});
