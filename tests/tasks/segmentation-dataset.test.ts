import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CRANIUM_SOURCES } from '../../reference/data/adapters/inv3.js';
import { buildOvarianSegmentation } from '../../reference/data/tasks/ovarian-segmentation.js';
import { segmentationTask } from '../../harness/tasks/segmentation.js';
import { readNifti } from '../../reference/core/io/nifti-read.js';

const present = existsSync(CRANIUM_SOURCES[0]!.path);
if (!present) console.warn(`ovarian-segmentation test skipped: ${CRANIUM_SOURCES[0]!.path} is missing (apt-get install invesalius-examples)`);

describe.skipIf(!present)('ovarian-segmentation grading dataset', () => {
  it('splits whole patients, one image and one mask each, and hides the test volumes', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ovseg-'));
    const r = await buildOvarianSegmentation({ out, patients: 4, size: 16, val: 1, test: 1, seed: 3 });
    const all = [...r.splits.train, ...r.splits.val, ...r.splits.test];
    expect(new Set(all).size).toBe(4);
    expect([r.splits.train.length, r.splits.val.length, r.splits.test.length]).toEqual([2, 1, 1]);
    for (const split of ['train', 'val', 'test'] as const) {
      const images = readdirSync(join(out, split, 'images')).sort();
      expect(readdirSync(join(out, split, 'masks')).sort()).toEqual(images);
      expect(images.map((n) => n.replace('.nii.gz', ''))).toEqual(r.splits[split]);
      const mask = readNifti(join(out, split, 'masks', images[0]!));
      expect(mask.shape).toEqual([16, 16, 8]);
      expect(new Set(Array.from(mask.data)).has(1)).toBe(true);
    }
    expect(JSON.parse(readFileSync(join(out, 'DATASET.json'), 'utf8'))).toMatchObject({ synthetic: true, real: false });
    const hidden = segmentationTask().hideTest(join(out, 'test'), join(out, 'hidden'));
    const [id] = [...hidden.truth.keys()];
    expect(readNifti(join(hidden.dir, id!)).description).toBe('');
    expect(readNifti(join(hidden.dir, id!)).affine).toEqual(readNifti(join(out, 'test/images', `${r.splits.test[0]}.nii.gz`)).affine);
  }, 60_000);
});
