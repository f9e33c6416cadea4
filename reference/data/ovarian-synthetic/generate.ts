import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { MedgradeError } from '../../../harness/errors.js';
import { writeNifti } from '../../core/io/nifti-write.js';
import { CRANIUM_SOURCES, readInvesaliusCt } from '../adapters/inv3.js';
import type { Grid } from './deform.js';
import { renderPatient } from './patient.js';
import { patientSeed } from './rng.js';

export const GENERATOR_NAME = 'ovarian-synthetic';
export const GENERATOR_VERSION = 1;

export const ovarianSyntheticOptionsSchema = z.object({
  out: z.string().min(1).describe('Folder to write; it gets Data_Subsample/CT and Data_Subsample/Segmentation.'),
  seed: z.number().int().nonnegative().default(20250503),
  patients: z.number().int().min(1).max(500).default(6),
  shape: z.tuple([z.number().int().min(16).max(512), z.number().int().min(16).max(512), z.number().int().min(8).max(512)])
    .default([48, 48, 24]).describe('Output voxels [x, y, z]; 48×48×24 is the small configuration.'),
  primaryContrastHu: z.number().int().min(-500).max(500).default(45),
  metastasisContrastHu: z.number().int().min(-500).max(500).default(30),
  metastases: z.number().int().min(1).max(6).default(2),
  noiseHu: z.number().min(0).max(200).default(8),
});
export type OvarianSyntheticOptions = z.input<typeof ovarianSyntheticOptionsSchema>;

export interface OvarianPatientSummary {
  id: string;
  ct: string;
  segmentation: string;
  voxels: { background: number; primary: number; metastasis: number };
}

export interface OvarianSyntheticResult {
  patients: OvarianPatientSummary[];
  /** sha256 of every written file, keyed by path relative to out. */
  checksums: Record<string, string>;
  digest: string;
}

/**
 * Writes SYNTHETIC ovarian-style CT cases by lesion insertion into the real
 * InVesalius head CT (Debian invesalius-examples): each patient is a seeded
 * deformation of that scan with a lobulated primary tumour (label 1) and
 * metastases (label 2) at the given Hounsfield contrast. The anatomy is a head,
 * not an abdomen: the data exercises loaders, 3-class metrics and pipelines,
 * not clinical performance. `source` replaces the CT (tests).
 */
export async function generateOvarianSynthetic(
  input: OvarianSyntheticOptions, source?: Grid<ArrayLike<number>>,
): Promise<OvarianSyntheticResult> {
  const parsed = ovarianSyntheticOptionsSchema.safeParse(input);
  if (!parsed.success) throw new MedgradeError('E_USAGE', `ovarian-synthetic options: ${parsed.error.message}`);
  const o = parsed.data;
  const src = source ?? (() => { const ct = readInvesaliusCt(); return { data: ct.hu, shape: ct.shape, spacing: ct.spacing }; })();
  const root = join(o.out, 'Data_Subsample');
  mkdirSync(join(root, 'CT'), { recursive: true });
  mkdirSync(join(root, 'Segmentation'), { recursive: true });
  const patients: OvarianPatientSummary[] = [];
  const checksums: Record<string, string> = {};
  for (let p = 0; p < o.patients; p++) {
    const id = `synthetic_patient_${String(p + 1).padStart(3, '0')}`;
    const r = renderPatient(src, patientSeed(o.seed, p), { ...o, shape: o.shape as [number, number, number] });
    const affine = [[r.spacing[0], 0, 0, 0], [0, r.spacing[1], 0, 0], [0, 0, r.spacing[2], 0], [0, 0, 0, 1]];
    const ct = `Data_Subsample/CT/${id}.nii.gz`;
    const seg = `Data_Subsample/Segmentation/${id}.nii.gz`;
    writeNifti(join(o.out, ct), { data: r.hu, shape: r.shape, affine, description: `SYNTHETIC ${id} HU` });
    writeNifti(join(o.out, seg), { data: r.labels, shape: r.shape, affine, description: `SYNTHETIC ${id} 0 bg 1 primary 2 meta` });
    for (const f of [ct, seg]) checksums[f] = createHash('sha256').update(readFileSync(join(o.out, f))).digest('hex');
    const voxels = { background: 0, primary: 0, metastasis: 0 };
    for (const l of r.labels) { if (l === 1) voxels.primary++; else if (l === 2) voxels.metastasis++; else voxels.background++; }
    patients.push({ id, ct, segmentation: seg, voxels });
  }
  const digest = createHash('sha256').update(Object.keys(checksums).sort().map((k) => `${k} ${checksums[k]}`).join('\n')).digest('hex');
  writeDescription(o, patients, digest, source === undefined);
  return { patients, checksums, digest };
}

function writeDescription(o: z.output<typeof ovarianSyntheticOptionsSchema>, patients: OvarianPatientSummary[], digest: string, fromCranium: boolean): void {
  const meta = {
    name: GENERATOR_NAME,
    real: false,
    synthetic: true,
    description: 'SYNTHETIC ovarian-style CT segmentation cases: lesions inserted into a real head CT. Not patient data; not ovarian anatomy; not for clinical use.',
    generator: `medgrade ${GENERATOR_NAME} v${GENERATOR_VERSION} (reference/data/ovarian-synthetic)`,
    source: fromCranium
      ? { package: 'debian invesalius-examples', file: CRANIUM_SOURCES[0]!.path, sha256: CRANIUM_SOURCES[0]!.sha256, licence: 'GPL-2' }
      : { package: 'a caller-supplied source grid', licence: 'n/a' },
    options: { seed: o.seed, patients: o.patients, shape: o.shape, primaryContrastHu: o.primaryContrastHu,
      metastasisContrastHu: o.metastasisContrastHu, metastases: o.metastases, noiseHu: o.noiseHu },
    layout: {
      'Data_Subsample/CT/<id>.nii.gz': 'int16 HU, shape [x, y, z], diagonal affine in mm',
      'Data_Subsample/Segmentation/<id>.nii.gz': 'uint8 labels on the same grid: 0 background, 1 primary tumour, 2 metastasis',
    },
    labels: { 0: 'background', 1: 'primary tumour', 2: 'metastasis' },
    steps: [
      'per patient: seeded scaling ±10%, in-plane rotation ±8°, shift ±6 mm and a smooth warp (4×4×3 control grid, ±6 mm) of the head CT, resampled trilinearly',
      'gain 0.95–1.05, offset ±15 HU, Gaussian noise noiseHu',
      'one lobulated primary (radius 12–20 mm) and `metastases` spherical or lobulated lesions (6–10 mm) in soft tissue (−20..120 HU), inside the body, one voxel apart',
      'lesion voxels get exactly +contrast HU (hard edges), so the segmentation is exact',
    ],
    patients,
    digest,
  };
  writeFileSync(join(o.out, 'DATASET.json'), JSON.stringify(meta, null, 2) + '\n');
  writeFileSync(join(o.out, 'README.txt'), [
    'SYNTHETIC DATA - NOT REAL PATIENTS - NOT OVARIAN ANATOMY',
    '',
    `Lesions were inserted into the real InVesalius head CT to get exact 3-class ground truth (0 background, 1 primary tumour, 2 metastasis).`,
    `${o.patients} synthetic patients, ${o.shape.join('×')} voxels, seed ${o.seed}. Layout as the course's Data_Subsample: CT/ and Segmentation/ with matching file names.`,
    'Use it to test loaders, metrics and pipelines, never to claim clinical performance. See DATASET.json.',
    '',
  ].join('\n'));
}
