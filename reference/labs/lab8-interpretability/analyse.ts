/**
 * Everything lab 8 measures about one model on one labelled test set: clean scores and outcome
 * groups, Grad-CAM and saliency localisation on the lesion images, overlay figures per group,
 * and the robustness sweep. Figures go to `outDir` as `<id>_gradcam_<G>.png` / `<id>_saliency_<G>.png`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Rng } from '../../core/seed.js';
import type { Lab8Config } from './config.js';
import { defaultCorruptions } from './corrupt.js';
import { GROUPS, groupGridPng, pickGroupExamples, stretchForDisplay, type Group, type Tile } from './figures.js';
import { imageMaps, predictImages, type ImageMaps } from './localise.js';
import { robustnessSweep, scoreProbabilities, type ClassifierScores, type RobustnessRow } from './robustness.js';
import { localisationStats, type LocalisationStats } from './stats.js';
import type { ExplainableModel, LabelledImages } from './types.js';

export interface SubjectAnalysis {
  id: string;
  title: string;
  clean: ClassifierScores;
  /** Test images per outcome group at threshold 0.5. */
  groups: Record<Group, number>;
  gradcam: LocalisationStats;
  saliency: LocalisationStats;
  /** Grad-CAM's own resolution (before upsampling to the image). */
  camSize: [number, number];
  robustness: RobustnessRow[];
  /** P(lesion) per test image, clean. */
  probabilities: Float32Array;
  files: string[];
  seconds: { predict: number; explain: number; robustness: number };
}

/** Indices of the first `limit` test images that carry a lesion mask. */
export function lesionIndices(data: LabelledImages, limit: number): number[] {
  const px = data.size * data.size, out: number[] = [];
  for (let i = 0; i < data.count && out.length < limit; i++) {
    if (data.y[i] === 1 && data.masks.subarray(i * px, (i + 1) * px).some((v) => v > 0)) out.push(i);
  }
  return out;
}

/** The first `n` images of `data` (all when n is absent or larger). */
export function firstImages(data: LabelledImages, n?: number): LabelledImages {
  if (n === undefined || n >= data.count) return data;
  const px = data.size * data.size;
  return { size: data.size, count: n, x: data.x.subarray(0, n * px), y: data.y.subarray(0, n), masks: data.masks.subarray(0, n * px), ...(data.names ? { names: data.names.slice(0, n) } : {}) };
}

/** `noiseSeed` is shared by every model of a run, so all see the same corrupted images. */
export async function analyseSubject(subject: ExplainableModel, data: LabelledImages, config: Lab8Config, rng: Rng, noiseSeed: number, outDir?: string): Promise<SubjectAnalysis> {
  const px = data.size * data.size;
  let t = Date.now();
  const probabilities = await predictImages(subject, data.x, data.count, data.size);
  const clean = scoreProbabilities(data.y, probabilities);
  const predictSeconds = (Date.now() - t) / 1000;
  t = Date.now();
  const cache = new Map<number, ImageMaps>();
  const maps = (i: number): ImageMaps => { let m = cache.get(i); if (!m) { m = imageMaps(subject, data, i); cache.set(i, m); } return m; };
  const lesions = lesionIndices(data, config.explain);
  const masks = lesions.map((i) => data.masks.subarray(i * px, (i + 1) * px));
  const gradcam = localisationStats('gradcam', lesions.map((i) => maps(i).gradCam), masks, rng.fork(), config.permutations);
  const saliency = localisationStats('saliency', lesions.map((i) => maps(i).saliency), masks, rng.fork(), config.permutations);
  const files: string[] = [];
  const picked = pickGroupExamples(data.y, probabilities, config.groupExamples);
  if (outDir) {
    for (const g of GROUPS) {
      for (const method of ['gradcam', 'saliency'] as const) {
        const tiles: Tile[] = picked[g].map((i) => ({
          image: data.x.subarray(i * px, (i + 1) * px), mask: data.masks.subarray(i * px, (i + 1) * px),
          map: method === 'gradcam' ? maps(i).gradCam : stretchForDisplay(maps(i).saliency),
        }));
        const name = `${subject.id}_${method}_${g}.png`;
        writeFileSync(join(outDir, name), groupGridPng(tiles, data.size, config.figureScale));
        files.push(name);
      }
    }
  }
  const first = cache.values().next().value;
  const explainSeconds = (Date.now() - t) / 1000;
  t = Date.now();
  const robustness = await robustnessSweep(subject, firstImages(data, config.robustnessImages), defaultCorruptions(config.sweepLevels), noiseSeed);
  const groups = Object.fromEntries(GROUPS.map((g) => [g, 0])) as Record<Group, number>;
  probabilities.forEach((p, i) => { groups[p >= 0.5 ? (data.y[i] === 1 ? 'TP' : 'FP') : (data.y[i] === 1 ? 'FN' : 'TN')]++; });
  return {
    id: subject.id, title: subject.title, clean, groups, gradcam, saliency,
    camSize: first ? [first.camWidth, first.camHeight] : [0, 0], robustness, probabilities, files,
    seconds: { predict: predictSeconds, explain: explainSeconds, robustness: (Date.now() - t) / 1000 },
  };
}
