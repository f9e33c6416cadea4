import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { MedgradeError } from '../../../harness/errors.js';
import type { DataCommand } from '../../../harness/data/commands.js';
import { generateOvarianSynthetic } from '../ovarian-synthetic/generate.js';
import { createRng } from '../covid-synthetic/prng.js';
import { permutation } from '../covid-synthetic/layout.js';

export const ovarianSegmentationOptionsSchema = z.object({
  out: z.string().min(1),
  seed: z.number().int().nonnegative().default(20250503),
  patients: z.number().int().min(3).max(200).default(10),
  /** x/y voxels; z is half of it, as the generator's small configuration (48×48×24). */
  size: z.number().int().min(16).max(256).default(48),
  val: z.number().int().min(1).default(2),
  test: z.number().int().min(1).default(2),
});
export type OvarianSegmentationOptions = z.input<typeof ovarianSegmentationOptionsSchema>;

export interface OvarianSegmentationResult {
  /** split → patient ids, every patient in exactly one split. */
  splits: Record<'train' | 'val' | 'test', string[]>;
}

/**
 * The ovarian grading dataset: SYNTHETIC patients from `ovarian-synthetic`, split by
 * patient (a seeded permutation) into <split>/images/<id>.nii.gz and
 * <split>/masks/<id>.nii.gz, the segmentation layout of harness/tasks.
 * Whole volumes move together, so no patient has slices on two sides.
 */
export async function buildOvarianSegmentation(input: OvarianSegmentationOptions): Promise<OvarianSegmentationResult> {
  const parsed = ovarianSegmentationOptionsSchema.safeParse(input);
  if (!parsed.success) throw new MedgradeError('E_USAGE', `ovarian-segmentation options: ${parsed.error.message}`);
  const o = parsed.data;
  if (o.val + o.test >= o.patients) {
    throw new MedgradeError('E_USAGE', `ovarian-segmentation: ${o.patients} patients leave none for training after ${o.val} val + ${o.test} test`);
  }
  const scratch = mkdtempSync(join(tmpdir(), 'medgrade-ovarian-'));
  try {
    const shape: [number, number, number] = [o.size, o.size, Math.max(8, Math.round(o.size / 2))];
    const made = await generateOvarianSynthetic({ out: scratch, seed: o.seed, patients: o.patients, shape });
    const order = permutation(made.patients.length, createRng(o.seed ^ 0x5eed).next);
    const splits: OvarianSegmentationResult['splits'] = { train: [], val: [], test: [] };
    order.forEach((index, rank) => {
      const p = made.patients[index]!;
      const split = rank < o.test ? 'test' : rank < o.test + o.val ? 'val' : 'train';
      for (const [from, folder] of [[p.ct, 'images'], [p.segmentation, 'masks']] as const) {
        mkdirSync(join(o.out, split, folder), { recursive: true });
        copyFileSync(join(scratch, from), join(o.out, split, folder, `${p.id}.nii.gz`));
      }
      splits[split].push(p.id);
    });
    for (const s of Object.values(splits)) s.sort();
    writeFileSync(join(o.out, 'DATASET.json'), JSON.stringify({
      name: 'ovarian-segmentation', real: false, synthetic: true,
      description: 'SYNTHETIC ovarian-style CT (lesions inserted into a real head CT), split by patient into the segmentation layout. Not patient data.',
      layout: '<split>/images/<id>.nii.gz (int16 HU) and <split>/masks/<id>.nii.gz (uint8: 0 background, 1 primary tumour, 2 metastasis)',
      options: { seed: o.seed, patients: o.patients, shape, val: o.val, test: o.test },
      generatorDigest: made.digest,
      splits,
    }, null, 2) + '\n');
    return { splits };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** `medgrade data ovarian-segmentation --out DIR [--count patients] [--size xy] [--seed N]`. */
export function ovarianSegmentationCommand(): DataCommand {
  return {
    description: 'SYNTHETIC ovarian-style CT split by patient into the segmentation layout (<split>/images|masks/<id>.nii.gz) for grading; --count = patients, --size = x/y voxels.',
    real: false,
    async run(o) {
      const r = await buildOvarianSegmentation({ out: o.out, seed: o.seed, patients: o.count, size: o.size });
      return [
        `Wrote SYNTHETIC ovarian-style CT (not patient data) split by patient to ${o.out}`,
        `  train ${r.splits.train.length}, val ${r.splits.val.length}, test ${r.splits.test.length} patients; see ${o.out}/DATASET.json`,
      ];
    },
  };
}
