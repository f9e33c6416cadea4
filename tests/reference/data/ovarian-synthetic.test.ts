import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readNifti } from '../../../reference/core/io/nifti-read.js';
import { generateOvarianSynthetic } from '../../../reference/data/ovarian-synthetic/generate.js';
import { lesionMask, sphericalLesion } from '../../../reference/data/ovarian-synthetic/lesions.js';
import { renderPatient } from '../../../reference/data/ovarian-synthetic/patient.js';
import { CRANIUM_SOURCES } from '../../../reference/data/adapters/inv3.js';

const tmp = mkdtempSync(join(tmpdir(), 'medgrade-ovarian-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A small head-like phantom: air, a 1000 HU shell and 40 HU soft tissue inside. */
function phantom(): { data: Int16Array; shape: [number, number, number]; spacing: [number, number, number] } {
  const shape: [number, number, number] = [40, 40, 20];
  const data = new Int16Array(40 * 40 * 20);
  for (let z = 0; z < 20; z++) for (let y = 0; y < 40; y++) for (let x = 0; x < 40; x++) {
    const r = Math.hypot((x - 19.5) / 17, (y - 19.5) / 17, (z - 9.5) / 9);
    data[(z * 40 + y) * 40 + x] = r > 1 ? -1000 : r > 0.85 ? 1000 : 40;
  }
  return { data, shape, spacing: [2, 2, 3] };
}

const OPTIONS = { shape: [32, 32, 16] as [number, number, number], primaryContrastHu: 45, metastasisContrastHu: 30, metastases: 2, noiseHu: 8 };

describe('lesion geometry', () => {
  it('a ball of radius 1 voxel centred on a voxel holds that voxel and its 6 face neighbours', () => {
    const mask = lesionMask(sphericalLesion(1, [2.5, 2.5, 2.5], 1), [5, 5, 5], [1, 1, 1]);
    expect(mask.reduce((s, v) => s + v, 0)).toBe(7);
    expect(mask[(2 * 5 + 2) * 5 + 2]).toBe(1);
    expect(mask[(2 * 5 + 2) * 5 + 4]).toBe(0);
  });
  it('matches a brute-force count on an anisotropic grid, clipped at the border', () => {
    const shape: [number, number, number] = [12, 10, 6];
    const spacing: [number, number, number] = [1.5, 2, 3.5];
    const centre: [number, number, number] = [3.1, 17.2, 9.9];
    const mask = lesionMask(sphericalLesion(2, centre, 6.3), shape, spacing);
    let brute = 0;
    for (let z = 0; z < 6; z++) for (let y = 0; y < 10; y++) for (let x = 0; x < 12; x++) {
      if (Math.hypot((x + 0.5) * 1.5 - 3.1, (y + 0.5) * 2 - 17.2, (z + 0.5) * 3.5 - 9.9) <= 6.3) brute++;
    }
    expect(brute).toBeGreaterThan(10);
    expect(mask.reduce((s, v) => s + v, 0)).toBe(brute);
  });
});

describe('renderPatient', () => {
  const r = renderPatient(phantom(), 1234, OPTIONS);
  it('adds exactly the contrast where the labels say and nowhere else', () => {
    const counts = [0, 0, 0];
    let wrong = 0;
    for (let i = 0; i < r.hu.length; i++) {
      const l = r.labels[i]!;
      counts[l]!++;
      if (r.hu[i]! - r.base[i]! !== (l === 1 ? 45 : l === 2 ? 30 : 0)) wrong++;
    }
    expect(wrong).toBe(0);
    expect(counts[1]).toBeGreaterThan(0);
    expect(counts[2]).toBeGreaterThan(0);
    expect(counts[0]! + counts[1]! + counts[2]!).toBe(32 * 32 * 16);
    expect(r.lesions.map((l) => l.label)).toEqual([1, 2, 2]);
  });
  it('keeps lesions inside the body and apart: no primary voxel touches a metastasis voxel', () => {
    const [nx, ny, nz] = r.shape;
    for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx - 1; x++) {
      const i = (z * ny + y) * nx + x;
      if (r.labels[i]) expect(r.base[i]!).toBeGreaterThan(-300);
      const a = r.labels[i]!; const b = r.labels[i + 1]!;
      if (a && b) expect(a).toBe(b);
    }
  });
  it('is a pure function of the seed', () => {
    const again = renderPatient(phantom(), 1234, OPTIONS);
    expect(Buffer.from(again.hu.buffer).equals(Buffer.from(r.hu.buffer))).toBe(true);
    const other = renderPatient(phantom(), 1235, OPTIONS);
    expect(Buffer.from(other.labels.buffer).equals(Buffer.from(r.labels.buffer))).toBe(false);
  });
});

describe('generateOvarianSynthetic', () => {
  it('writes matching CT/ and Segmentation/ NIfTI pairs with exact label counts, deterministically', async () => {
    const a = await generateOvarianSynthetic({ out: join(tmp, 'a'), seed: 7, patients: 3, shape: [32, 32, 16] }, phantom());
    const b = await generateOvarianSynthetic({ out: join(tmp, 'b'), seed: 7, patients: 3, shape: [32, 32, 16] }, phantom());
    const c = await generateOvarianSynthetic({ out: join(tmp, 'c'), seed: 8, patients: 3, shape: [32, 32, 16] }, phantom());
    expect(a.digest).toBe(b.digest);
    expect(c.digest).not.toBe(a.digest);
    const ct = readdirSync(join(tmp, 'a', 'Data_Subsample', 'CT')).sort();
    expect(ct).toEqual(['synthetic_patient_001.nii.gz', 'synthetic_patient_002.nii.gz', 'synthetic_patient_003.nii.gz']);
    expect(readdirSync(join(tmp, 'a', 'Data_Subsample', 'Segmentation')).sort()).toEqual(ct);
    for (const p of a.patients) {
      const seg = readNifti(join(tmp, 'a', p.segmentation), { labels: true });
      const img = readNifti(join(tmp, 'a', p.ct));
      expect(seg.shape).toEqual([32, 32, 16]);
      expect(img.datatype).toBe('int16');
      expect(img.affine).toEqual(seg.affine);
      const counts = { background: 0, primary: 0, metastasis: 0 };
      for (const l of seg.data) { if (l === 1) counts.primary++; else if (l === 2) counts.metastasis++; else if (l === 0) counts.background++; else throw new Error(`label ${l}`); }
      expect(counts).toEqual(p.voxels);
      expect(p.voxels.primary).toBeGreaterThan(0);
      expect(p.voxels.metastasis).toBeGreaterThan(0);
    }
    const meta = JSON.parse(readFileSync(join(tmp, 'a', 'DATASET.json'), 'utf8'));
    expect(meta).toMatchObject({ synthetic: true, real: false, labels: { 0: 'background', 1: 'primary tumour', 2: 'metastasis' } });
    expect(readFileSync(join(tmp, 'a', 'README.txt'), 'utf8')).toMatch(/^SYNTHETIC DATA/);
  });

  const cranium = existsSync(CRANIUM_SOURCES[0]!.path);
  if (!cranium) console.warn('skipping the InVesalius-based run: apt-get install -y invesalius-examples');
  it.skipIf(!cranium)('runs on the real InVesalius CT in the small configuration (48×48×24)', async () => {
    const r = await generateOvarianSynthetic({ out: join(tmp, 'real'), seed: 3, patients: 1 });
    const img = readNifti(join(tmp, 'real', r.patients[0]!.ct));
    expect(img.shape).toEqual([48, 48, 24]);
    let bone = 0;
    for (const v of img.data) if (v > 600) bone++;
    expect(bone).toBeGreaterThan(100); // the skull survives resampling
    expect(JSON.parse(readFileSync(join(tmp, 'real', 'DATASET.json'), 'utf8')).source.sha256).toBe(CRANIUM_SOURCES[0]!.sha256);
  }, 30_000);
});
