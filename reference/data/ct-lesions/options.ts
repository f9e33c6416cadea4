import { z } from 'zod';

export const GENERATOR_NAME = 'ct-lesions';
export const GENERATOR_VERSION = 1;
export const CT_LESION_CLASSES = ['Normal', 'Lesion'] as const;
export type CtLesionClass = (typeof CT_LESION_CLASSES)[number];
export const CT_LESION_SPLITS = ['train', 'val', 'test'] as const;
export type CtLesionSplit = (typeof CT_LESION_SPLITS)[number];

/** The head CT's axial slices that show brain (z index in Cranium.inv3); lesions go into brain tissue. */
export const BRAIN_SLICES: [number, number] = [28, 92];
/** Brain window (centre 40 HU, width 120 HU) used to turn HU into 8-bit grey. */
export const WINDOW = { centre: 40, width: 120 };

export const ctLesionsOptionsSchema = z.object({
  seed: z.number().int().nonnegative().default(20250505),
  count: z.number().int().min(24).max(20_000).default(960)
    .describe('Slices wanted over all splits; rounded up to whole patients (at least 3).'),
  slicesPerPatient: z.number().int().min(1).max(32).default(8),
  size: z.number().int().min(32).max(256).default(64).describe('Width and height of each slice in pixels.'),
  lesionFraction: z.number().min(0.05).max(0.5).default(0.2)
    .describe('Share of slices in every split that get a lesion (imbalanced on purpose).'),
  contrastHu: z.tuple([z.number().min(5).max(200), z.number().min(5).max(200)]).default([40, 70]),
  radiusMm: z.tuple([z.number().min(3).max(40), z.number().min(3).max(40)]).default([10, 18]),
  noiseHu: z.number().min(0).max(60).default(3),
});
export type CtLesionsOptions = z.input<typeof ctLesionsOptionsSchema>;
export type CtLesionsConfig = z.output<typeof ctLesionsOptionsSchema>;

export const SPLIT_RULE =
  'patients = max(3, ceil(count / slicesPerPatient)); by a seeded permutation of patients, ' +
  'test = max(1, round(0.2*patients)), val = max(1, round(0.15*patients)), train = the rest; ' +
  'in every split exactly max(1, round(lesionFraction * slices)) slices, chosen by a seeded permutation, get one lesion.';

export function patientSplits(patients: number, perm: readonly number[]): Record<CtLesionSplit, number[]> {
  const test = Math.max(1, Math.round(0.2 * patients));
  const val = Math.max(1, Math.round(0.15 * patients));
  return {
    test: perm.slice(0, test).sort((a, b) => a - b),
    val: perm.slice(test, test + val).sort((a, b) => a - b),
    train: perm.slice(test + val).sort((a, b) => a - b),
  };
}
