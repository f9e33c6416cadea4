import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeGreyPng } from '../covid-synthetic/png.js';
import { CRANIUM_SOURCES } from '../adapters/inv3.js';
import type { Grid } from '../ovarian-synthetic/deform.js';
import { CT_LESIONS_DESCRIPTION, loadCtLesions, type CtLesions } from './load.js';
import { BRAIN_SLICES, CT_LESION_SPLITS, GENERATOR_NAME, GENERATOR_VERSION, SPLIT_RULE, WINDOW, type CtLesionSplit, type CtLesionsOptions } from './options.js';

export interface CtLesionsWriteOptions extends CtLesionsOptions {
  out: string;
  /** Also write masks/<split>/<class>/<name>.png (255 inside the lesion). */
  masks?: boolean;
}

export interface CtLesionsResult {
  counts: Record<CtLesionSplit, { Lesion: number; Normal: number; patients: number }>;
  /** sha256 of every written image PNG, keyed by path relative to out. */
  checksums: Record<string, string>;
  digest: string;
}

/**
 * Writes the data set of `loadCtLesions` in the image-folder layout:
 * <out>/<split>/<Lesion|Normal>/pNNN_sSS.png, plus DATASET.json and README.txt that say
 * it is synthetic lesions in real anatomy, and with `masks` the lesion masks.
 */
export function generateCtLesions(o: CtLesionsWriteOptions, source?: Grid<ArrayLike<number>>): CtLesionsResult {
  const { out, masks, ...options } = o;
  const data = loadCtLesions(options, source);
  const pixels = data.size * data.size;
  const checksums: Record<string, string> = {};
  const counts = {} as CtLesionsResult['counts'];
  for (const split of CT_LESION_SPLITS) {
    const set = data[split];
    for (const cls of ['Lesion', 'Normal']) {
      mkdirSync(join(out, split, cls), { recursive: true });
      if (masks) mkdirSync(join(out, 'masks', split, cls), { recursive: true });
    }
    for (let k = 0; k < set.count; k++) {
      const cls = set.y[k] === 1 ? 'Lesion' : 'Normal';
      const name = `${set.names[k]}.png`;
      const bytes = encodeGreyPng({ width: data.size, height: data.size, data: set.grey.subarray(k * pixels, (k + 1) * pixels) });
      writeFileSync(join(out, split, cls, name), bytes);
      checksums[`${split}/${cls}/${name}`] = createHash('sha256').update(bytes).digest('hex');
      if (masks) {
        const m = Uint8Array.from(set.masks.subarray(k * pixels, (k + 1) * pixels), (v) => (v ? 255 : 0));
        writeFileSync(join(out, 'masks', split, cls, name), encodeGreyPng({ width: data.size, height: data.size, data: m }));
      }
    }
    const lesions = set.y.reduce((a, b) => a + b, 0);
    counts[split] = { Lesion: lesions, Normal: set.count - lesions, patients: new Set(set.patients).size };
  }
  const digest = createHash('sha256').update(Object.keys(checksums).sort().map((k) => `${k} ${checksums[k]}`).join('\n')).digest('hex');
  writeDescription(out, data, counts, digest, Boolean(masks), source === undefined);
  return { counts, checksums, digest };
}

function writeDescription(out: string, data: CtLesions, counts: CtLesionsResult['counts'], digest: string, masks: boolean, fromCranium: boolean): void {
  const o = data.options;
  const meta = {
    name: GENERATOR_NAME,
    real: false,
    synthetic: true,
    description: CT_LESIONS_DESCRIPTION,
    generator: `medgrade ${GENERATOR_NAME} v${GENERATOR_VERSION} (reference/data/ct-lesions)`,
    source: fromCranium
      ? { package: 'debian invesalius-examples', file: CRANIUM_SOURCES[0]!.path, sha256: CRANIUM_SOURCES[0]!.sha256, licence: 'GPL-2', slices: `z ${BRAIN_SLICES[0]}..${BRAIN_SLICES[1] - 1}` }
      : { package: 'a caller-supplied source grid', licence: 'n/a' },
    options: o,
    splitRule: SPLIT_RULE,
    counts,
    classes: { Lesion: 'slice with one synthetic hyperdense lesion', Normal: 'slice without' },
    layout: {
      '<split>/<Lesion|Normal>/pNNN_sSS.png': `8-bit grey, ${o.size}×${o.size}, brain window centre ${WINDOW.centre} HU width ${WINDOW.width} HU; NNN = synthetic patient, SS = slice`,
      ...(masks ? { 'masks/<split>/<class>/pNNN_sSS.png': '255 inside the inserted lesion, 0 elsewhere (all 0 for Normal)' } : {}),
    },
    steps: [
      'per synthetic patient: the real head CT brain slices, seeded scaling ±10%, in-plane rotation ±8°, shift ±6 mm and a smooth warp (±6 mm), resampled trilinearly to size×size×slicesPerPatient',
      'gain 0.95–1.05, offset ±8 HU, Gaussian noise noiseHu',
      'lesion slices: one disc or lobulated lesion of radius radiusMm, +contrastHu with hard edges, centred in brain tissue (15–60 HU), at least 85% of it within 0–90 HU',
    ],
    digest,
    licence: 'GPL-2 (derived from the GPL-2 InVesalius example data)',
  };
  writeFileSync(join(out, 'DATASET.json'), JSON.stringify(meta, null, 2) + '\n');
  writeFileSync(join(out, 'README.txt'), [
    'SYNTHETIC LESIONS IN REAL ANATOMY - NOT PATIENT DATA - NOT FOR CLINICAL USE',
    '',
    'Axial slices of the real InVesalius head CT (Debian invesalius-examples), deformed per synthetic patient,',
    `with a synthetic hyperdense lesion in ${Math.round(o.lesionFraction * 100)}% of the slices of every split (imbalanced on purpose).`,
    `Layout: train|val|test/Lesion|Normal/*.png, ${o.size}x${o.size}, seed ${o.seed}. Split by patient: ${SPLIT_RULE}`,
    'See DATASET.json.',
    '',
  ].join('\n'));
}
