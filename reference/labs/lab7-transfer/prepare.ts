/**
 * Everything the approaches share, computed once per run: the data, one backbone pass over
 * every split (cached), z-scored pooled features, and the features exported to features.csv and
 * read back for the classical models.
 */
import { join } from 'node:path';
import type { Lab7Backbone } from './backbone.js';
import { readFeatureCsv, writeFeatureCsv, type FeatureRow } from './classic.js';
import type { Lab7Data, Lab7Split } from './data.js';
import { cachedDeepFeatures, standardiser, type DeepFeatures } from './features.js';
import type { StudyInputs } from './study.js';
import type { Rows } from './train.js';

const SPLITS = ['train', 'val', 'test'] as const;

export interface Prepared { inputs: StudyInputs; backboneSeconds: number; cached: boolean; csv: string; featureCount: number }

export async function prepareInputs(backbone: Lab7Backbone, data: Lab7Data, csvDir: string, cacheDir?: string): Promise<Prepared> {
  const feats = {} as Record<(typeof SPLITS)[number], DeepFeatures>;
  for (const s of SPLITS) feats[s] = await cachedDeepFeatures(backbone, data[s], cacheDir);
  const F = backbone.featureCount;
  const z = standardiser(feats.train.pooled, feats.train.count, F);
  const rows = (s: Lab7Split, x: Float32Array, shape: number[]): Rows => ({ x, y: s.y, count: s.count, shape });
  const csv = join(csvDir, 'features.csv');
  const exported: FeatureRow[] = SPLITS.flatMap((s) => data[s].names.map((id, i) => ({ id, split: s, label: data[s].y[i]!, features: feats[s].pooled.subarray(i * F, (i + 1) * F) })));
  writeFeatureCsv(csv, exported);
  const table = readFeatureCsv(csv);
  const pick = (s: string): number[][] => table.x.filter((_, i) => table.splits[i] === s);
  const trainRows = pick('train');
  const zt = standardiser(Float32Array.from(trainRows.flat()), trainRows.length, F);
  const zRows = (r: number[][]): number[][] => { const flat = zt.apply(Float32Array.from(r.flat())); return r.map((_, i) => Array.from(flat.subarray(i * F, (i + 1) * F))); };
  return {
    inputs: {
      pooled: { train: rows(data.train, z.apply(feats.train.pooled), [F]), val: rows(data.val, z.apply(feats.val.pooled), [F]), test: rows(data.test, z.apply(feats.test.pooled), [F]) },
      scaling: { mean: z.mean, std: z.std },
      cut: { train: rows(data.train, feats.train.cut, backbone.cutShape), val: rows(data.val, feats.val.cut, backbone.cutShape), test: rows(data.test, feats.test.cut, backbone.cutShape) },
      table: { train: zRows(trainRows), test: zRows(pick('test')) },
      testY: Array.from(data.test.y),
    },
    backboneSeconds: SPLITS.reduce((a, s) => a + feats[s].seconds, 0),
    cached: SPLITS.every((s) => feats[s].cached),
    csv, featureCount: F,
  };
}
