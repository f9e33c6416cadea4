import { createHash } from 'node:crypto';
import { MedgradeError } from '../../../harness/errors.js';
import { readInvesaliusCt } from '../adapters/inv3.js';
import type { Grid } from '../ovarian-synthetic/deform.js';
import { createRng, patientSeed } from '../ovarian-synthetic/rng.js';
import { CT_LESION_SPLITS, ctLesionsOptionsSchema, patientSplits, type CtLesionSplit, type CtLesionsConfig, type CtLesionsOptions } from './options.js';
import { brainBlock, insertLesion, renderPatientSlices, windowToGrey } from './render.js';

/** One split, ready for tf.tensor4d(x, [count, size, size, 1]). */
export interface CtLesionSet {
  /** count × size × size grey values in [0, 1] (the PNG byte / 255). */
  x: Float32Array;
  /** 1 = Lesion, 0 = Normal. */
  y: Float32Array;
  /** count × size × size, 1 inside the lesion; all 0 for Normal slices. */
  masks: Uint8Array;
  /** The 8-bit slices exactly as the PNGs hold them. */
  grey: Uint8Array;
  /** Patient index of each slice (patient-level split: no patient is in two splits). */
  patients: Int32Array;
  /** File stem of each slice, e.g. 'p017_s03'. */
  names: string[];
  count: number;
  shape: [number, number, 1];
}

export interface CtLesions {
  train: CtLesionSet; val: CtLesionSet; test: CtLesionSet;
  size: number;
  options: CtLesionsConfig;
  /** Per split sha256 of grey + labels + masks, and one digest over them. */
  checksums: Record<string, string>;
  synthetic: true;
  description: string;
}

export const CT_LESIONS_DESCRIPTION =
  'SYNTHETIC lesions in REAL anatomy: axial slices of the real InVesalius head CT (Debian invesalius-examples), ' +
  'deformed per synthetic patient, with a synthetic hyperdense lesion inserted in a minority of slices. Not patient data; not for clinical use.';

/**
 * Builds the ct-lesions data set in memory: `patients` seeded deformations of the real
 * head CT's brain slices, split by patient, with one synthetic lesion in exactly
 * round(lesionFraction × slices) slices of every split. Same options → identical arrays.
 * `source` replaces the InVesalius CT (tests).
 */
export function loadCtLesions(input: CtLesionsOptions = {}, source?: Grid<ArrayLike<number>>): CtLesions {
  const parsed = ctLesionsOptionsSchema.safeParse(input);
  if (!parsed.success) throw new MedgradeError('E_USAGE', `ct-lesions options: ${parsed.error.message}`);
  const o = parsed.data;
  const block = brainBlock(source ?? (() => { const ct = readInvesaliusCt(); return { data: ct.hu, shape: ct.shape, spacing: ct.spacing }; })());
  const patients = Math.max(3, Math.ceil(o.count / o.slicesPerPatient));
  const master = createRng(o.seed);
  const perm = Array.from({ length: patients }, (_, i) => i);
  for (let i = patients - 1; i > 0; i--) { const j = master.int(i + 1); [perm[i], perm[j]] = [perm[j]!, perm[i]!]; }
  const splits = patientSplits(patients, perm);
  const pixels = o.size * o.size;
  const out = {} as Record<CtLesionSplit, CtLesionSet>;
  const checksums: Record<string, string> = {};
  for (const split of CT_LESION_SPLITS) {
    const ids = splits[split];
    const count = ids.length * o.slicesPerPatient;
    const set: CtLesionSet = {
      x: new Float32Array(count * pixels), y: new Float32Array(count), masks: new Uint8Array(count * pixels),
      grey: new Uint8Array(count * pixels), patients: new Int32Array(count), names: [], count, shape: [o.size, o.size, 1],
    };
    // Which slices of this split get a lesion: a seeded choice of exactly k of them.
    const splitRng = createRng(patientSeed(o.seed, 100_000 + CT_LESION_SPLITS.indexOf(split)));
    const order = Array.from({ length: count }, (_, i) => i);
    for (let i = count - 1; i > 0; i--) { const j = splitRng.int(i + 1); [order[i], order[j]] = [order[j]!, order[i]!]; }
    const withLesion = new Set(order.slice(0, Math.max(1, Math.round(o.lesionFraction * count))));
    let k = 0;
    for (const p of ids) {
      const rng = createRng(patientSeed(o.seed, p));
      const { base, spacing } = renderPatientSlices(block, rng, o.size, o.slicesPerPatient, o.noiseHu);
      for (let s = 0; s < o.slicesPerPatient; s++, k++) {
        let hu = base.subarray(s * pixels, (s + 1) * pixels);
        if (withLesion.has(k)) {
          const lesion = insertLesion(hu, o.size, spacing, rng, o.contrastHu, o.radiusMm);
          hu = lesion.hu;
          set.masks.set(lesion.mask, k * pixels);
          set.y[k] = 1;
        }
        const grey = windowToGrey(hu);
        set.grey.set(grey, k * pixels);
        for (let i = 0; i < pixels; i++) set.x[k * pixels + i] = grey[i]! / 255;
        set.patients[k] = p;
        set.names.push(`p${String(p).padStart(3, '0')}_s${String(s).padStart(2, '0')}`);
      }
    }
    checksums[split] = createHash('sha256').update(set.grey).update(Buffer.from(set.y.buffer)).update(set.masks).digest('hex');
    out[split] = set;
  }
  checksums['digest'] = createHash('sha256').update(CT_LESION_SPLITS.map((s) => checksums[s]).join('\n')).digest('hex');
  return { ...out, size: o.size, options: o, checksums, synthetic: true, description: CT_LESIONS_DESCRIPTION };
}
