import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { MedgradeError } from '../../../harness/errors.js';
import { writeNifti } from '../../core/io/nifti-write.js';
import { CRANIUM_SOURCES, readInvesaliusCt } from '../adapters/inv3.js';
import { patientSeed } from '../ovarian-synthetic/rng.js';
import { CT_CLASSES, renderSubject, type CtSource } from './subject.js';

export const GENERATOR_NAME = 'ct-subjects';
export const GENERATOR_VERSION = 1;
export const CT_SPLITS = ['train', 'val', 'test'] as const;
export type CtSplit = (typeof CT_SPLITS)[number];

export const ctSubjectsOptionsSchema = z.object({
  out: z.string().min(1).describe('Folder to write; it gets train/, val/, test/ each with images/ and masks/.'),
  seed: z.number().int().nonnegative().default(20250610),
  subjects: z.number().int().min(3).max(500).default(12),
  valSubjects: z.number().int().min(1).optional().describe('Default max(1, round(subjects / 6)).'),
  testSubjects: z.number().int().min(1).optional().describe('Default max(1, round(subjects / 4)).'),
  shape: z.tuple([z.number().int().min(16).max(512), z.number().int().min(16).max(512), z.number().int().min(4).max(512)])
    .default([64, 64, 32]).describe('Output voxels [x, y, z] over the whole head field of view.'),
  lesionContrastHu: z.number().int().min(-500).max(500).default(40),
  maxLesions: z.number().int().min(1).max(6).default(2),
  noiseHu: z.number().min(0).max(200).default(8),
});
export type CtSubjectsOptions = z.input<typeof ctSubjectsOptionsSchema>;

export interface CtSubjectSummary {
  id: string;
  split: CtSplit;
  image: string;
  mask: string;
  voxels: { background: number; bone: number; lesion: number };
  lesions: number;
}

export interface CtSubjectsResult {
  subjects: CtSubjectSummary[];
  shape: [number, number, number];
  spacing: [number, number, number];
  /** sha256 of every written volume, keyed by path relative to out. */
  checksums: Record<string, string>;
  digest: string;
}

/** Subjects in index order: the last testSubjects go to test, the valSubjects before them to val. */
export function splitOf(index: number, subjects: number, val: number, test: number): CtSplit {
  if (index >= subjects - test) return 'test';
  if (index >= subjects - test - val) return 'val';
  return 'train';
}

/** The real InVesalius CT and its bone threshold mask (the range starting at ≥ 200 HU). */
export function invesaliusSource(): CtSource {
  const ct = readInvesaliusCt();
  const bone = ct.masks.find((m) => m.thresholdRange[0] >= 200);
  if (!bone) throw new MedgradeError('E_USAGE', 'Cranium.inv3 has no bone mask (threshold from ≥ 200 HU)');
  return { ct: { data: ct.hu, shape: ct.shape, spacing: ct.spacing }, bone: bone.data };
}

/**
 * Writes SYNTHETIC CT subjects derived from ONE REAL CT (the InVesalius head CT of Debian
 * invesalius-examples) in the `segmentation` task layout, split by subject:
 * <split>/images/subject_NNN.nii.gz (int16 HU) and <split>/masks/subject_NNN.nii.gz
 * (uint8: 0 background, 1 bone, 2 inserted lesion), diagonal affine in mm. Every subject
 * shares the base anatomy of that one head. Deterministic for a seed. `source` replaces
 * the real CT (tests).
 */
export async function generateCtSubjects(input: CtSubjectsOptions, source?: CtSource): Promise<CtSubjectsResult> {
  const parsed = ctSubjectsOptionsSchema.safeParse(input);
  if (!parsed.success) throw new MedgradeError('E_USAGE', `ct-subjects options: ${parsed.error.message}`);
  const o = { ...parsed.data,
    valSubjects: parsed.data.valSubjects ?? Math.max(1, Math.round(parsed.data.subjects / 6)),
    testSubjects: parsed.data.testSubjects ?? Math.max(1, Math.round(parsed.data.subjects / 4)) };
  if (o.valSubjects + o.testSubjects >= o.subjects) {
    throw new MedgradeError('E_USAGE', `ct-subjects: expected valSubjects + testSubjects < subjects, got ${o.valSubjects} + ${o.testSubjects} ≥ ${o.subjects}`);
  }
  const src = source ?? invesaliusSource();
  const shape = o.shape as [number, number, number];
  const subjects: CtSubjectSummary[] = [];
  const checksums: Record<string, string> = {};
  let spacing: [number, number, number] = [1, 1, 1];
  for (let s = 0; s < o.subjects; s++) {
    const id = `subject_${String(s + 1).padStart(3, '0')}`;
    const split = splitOf(s, o.subjects, o.valSubjects, o.testSubjects);
    const r = renderSubject(src, patientSeed(o.seed, s), { shape, lesionContrastHu: o.lesionContrastHu, maxLesions: o.maxLesions, noiseHu: o.noiseHu });
    spacing = r.spacing;
    const affine = [[r.spacing[0], 0, 0, 0], [0, r.spacing[1], 0, 0], [0, 0, r.spacing[2], 0], [0, 0, 0, 1]];
    const image = `${split}/images/${id}.nii.gz`;
    const mask = `${split}/masks/${id}.nii.gz`;
    mkdirSync(join(o.out, split, 'images'), { recursive: true });
    mkdirSync(join(o.out, split, 'masks'), { recursive: true });
    writeNifti(join(o.out, image), { data: r.hu, shape, affine, description: `SYNTHETIC ${id} HU from real CT` });
    writeNifti(join(o.out, mask), { data: r.labels, shape, affine, description: `SYNTHETIC ${id} 0 bg 1 bone 2 lesion` });
    for (const f of [image, mask]) checksums[f] = createHash('sha256').update(readFileSync(join(o.out, f))).digest('hex');
    const voxels = { background: 0, bone: 0, lesion: 0 };
    for (const l of r.labels) { if (l === 1) voxels.bone++; else if (l === 2) voxels.lesion++; else voxels.background++; }
    subjects.push({ id, split, image, mask, voxels, lesions: r.lesions.length });
  }
  const digest = createHash('sha256').update(Object.keys(checksums).sort().map((k) => `${k} ${checksums[k]}`).join('\n')).digest('hex');
  writeDescription(o, subjects, spacing, digest, source === undefined);
  return { subjects, shape, spacing, checksums, digest };
}

function writeDescription(o: z.output<typeof ctSubjectsOptionsSchema> & { valSubjects: number; testSubjects: number }, subjects: CtSubjectSummary[], spacing: number[], digest: string, fromCranium: boolean): void {
  const meta = {
    name: GENERATOR_NAME,
    real: false,
    synthetic: true,
    description: 'SYNTHETIC CT subjects derived from ONE REAL head CT (InVesalius, Debian invesalius-examples) by elastic deformation, scaling, intensity variation and inserted lesions. Every subject shares the same base anatomy. Not patient data; not for clinical use.',
    generator: `medgrade ${GENERATOR_NAME} v${GENERATOR_VERSION} (reference/data/ct-subjects)`,
    source: fromCranium
      ? { package: 'debian invesalius-examples', file: CRANIUM_SOURCES[0]!.path, sha256: CRANIUM_SOURCES[0]!.sha256, licence: 'GPL-2' }
      : { package: 'a caller-supplied source grid', licence: 'n/a' },
    options: { seed: o.seed, subjects: o.subjects, valSubjects: o.valSubjects, testSubjects: o.testSubjects, shape: o.shape,
      lesionContrastHu: o.lesionContrastHu, maxLesions: o.maxLesions, noiseHu: o.noiseHu },
    spacingMm: spacing,
    layout: {
      '<split>/images/subject_NNN.nii.gz': 'int16 Hounsfield units, shape [x, y, z], diagonal affine in mm (pixdim = spacing)',
      '<split>/masks/subject_NNN.nii.gz': 'uint8 labels on the same grid and affine',
    },
    labels: Object.fromEntries(CT_CLASSES.map((c, i) => [i, c])),
    split: 'by subject, in index order: the last testSubjects are test, the valSubjects before them val, the rest train; all slices of a subject stay in its split',
    steps: [
      'per subject: one seeded deformation of the real CT and of its real bone threshold mask (226..3071 HU): scaling ±10 %, in-plane rotation ±8°, shift ±6 mm, smooth warp (4×4×3 control grid, ±5 mm), trilinear; bone = deformed mask ≥ 0.5',
      'intensity: gain 0.95–1.05, offset ±15 HU, Gaussian noise noiseHu',
      `1..maxLesions lobulated or spherical lesions (radius 10–18 mm) in soft tissue (centre 10..70 HU, every voxel −50..150 HU, not bone), one voxel apart: +${o.lesionContrastHu} HU with hard edges (a hyperdense, haemorrhage-like structure: visible in a brain window, invisible in a wide window)`,
    ],
    caveat: 'All subjects are deformations of one head, so train and test share anatomy: Dice on the test subjects is an optimistic estimate of generalisation to new patients.',
    subjects,
    digest,
  };
  writeFileSync(join(o.out, 'DATASET.json'), JSON.stringify(meta, null, 2) + '\n');
  writeFileSync(join(o.out, 'README.txt'), [
    'SYNTHETIC SUBJECTS DERIVED FROM ONE REAL CT - NOT REAL PATIENTS',
    '',
    'Each subject is a seeded deformation (scaling, elastic warp, intensity variation) of the real InVesalius head CT,',
    'with hyperdense lesions inserted. Labels: 0 background, 1 bone, 2 inserted lesion.',
    `${o.subjects} subjects, ${o.shape.join('×')} voxels, seed ${o.seed}, split by subject into train/ val/ test/.`,
    'All subjects share one base anatomy: test Dice is optimistic. See DATASET.json.',
    '',
  ].join('\n'));
}
