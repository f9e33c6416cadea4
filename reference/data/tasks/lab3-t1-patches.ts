/**
 * Lab 3's grading dataset: REAL 15×15 patches of the ITK T1 MR (insighttoolkit5-examples),
 * labelled Bright/Dark by the k-means tissue class of the centre voxel, sampled exactly as the
 * reference lab samples them (samplePatches with createRng(seed).fork(), 4,000 train and
 * 1,500 test patches; test patches come from other axial slices than train patches). The
 * last fifth of the (randomly ordered) training patches is val/; val and train patches may
 * share slices, test patches never do. Written as 8-bit grey PNGs (T1 / p99, clipped at 1.5).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { createRng } from '../../core/seed.js';
import { samplePatches } from '../../labs/lab3-cnn/data.js';
import { lab3Config } from '../../labs/lab3-cnn/config.js';
import { ITK_SOURCES } from '../adapters/volumes.js';
import { describeCounts, writeLabDatasetJson, writeReadme, type SplitName } from './lab-layout.js';

export const LAB3_DEFAULT_SEED = 20250503;
export const LAB3_CLASSES = ['Dark', 'Bright'] as const;

function patchPng(x: Float32Array, offset: number, size: number): Buffer {
  const png = new PNG({ width: size, height: size });
  for (let i = 0; i < size * size; i++) {
    const v = Math.max(0, Math.min(255, Math.round((x[offset + i]! / 1.5) * 255)));
    png.data[i * 4] = png.data[i * 4 + 1] = png.data[i * 4 + 2] = v;
    png.data[i * 4 + 3] = 255;
  }
  return PNG.sync.write(png, { colorType: 0 });
}

export function buildLab3T1Patches(o: { out: string; seed?: number; count?: number }): string[] {
  const seed = o.seed ?? LAB3_DEFAULT_SEED;
  const c = lab3Config('small');
  const scale = o.count ? Math.min(1, o.count / (c.trainCount + c.testCount)) : 1;
  const trainCount = Math.max(10, Math.round(c.trainCount * scale));
  const testCount = Math.max(4, Math.round(c.testCount * scale));
  const data = samplePatches(createRng(seed).fork(), trainCount, testCount, c.patch);
  const valFrom = Math.round(data.train.count * 0.8);
  const counts = {} as Record<SplitName, Record<string, number>>;
  const area = c.patch * c.patch;
  const write = (split: SplitName, set: typeof data.train, from: number, to: number): void => {
    counts[split] = { Dark: 0, Bright: 0 };
    for (const cls of LAB3_CLASSES) mkdirSync(join(o.out, split, cls), { recursive: true });
    for (let k = from; k < to; k++) {
      const cls = LAB3_CLASSES[set.y[k]! === 1 ? 1 : 0];
      counts[split][cls]!++;
      writeFileSync(join(o.out, split, cls, `${split}-${String(k).padStart(5, '0')}.png`), patchPng(set.x, k * area, c.patch));
    }
  };
  write('train', data.train, 0, valFrom);
  write('val', data.train, valFrom, data.train.count);
  write('test', data.test, 0, data.test.count);
  writeLabDatasetJson(o.out, {
    name: 'lab3-t1-patches', licence: 'Apache-2.0 (ITK examples data)',
    layout: { '<split>/Dark|Bright/*.png': `${c.patch}×${c.patch} 8-bit grey T1 patches; Bright = centre voxel in k-means labels ${data.positiveLabels.join(',')}, Dark = ${data.negativeLabels.join(',')}` },
    steps: ['verified sha256 (reference/labs/lab3-cnn loadItkVolumes)', `samplePatches(createRng(${seed}).fork(), ${trainCount}, ${testCount}, ${c.patch}) as the reference lab`,
      'test centres on slices z % 4 == 0, train/val centres on the others', 'last 20 % of the training patches → val/', 'PNG grey = round(T1/p99 / 1.5 × 255)'],
    notes: [describeCounts(counts)], sources: ITK_SOURCES.slice(0, 2), options: { seed, count: o.count ?? null },
  });
  writeReadme(o.out, ['REAL data: ITK T1 MR patches (insighttoolkit5-examples), lab 3 grading split.', `Seed ${seed}. ${describeCounts(counts)}.`]);
  return [`Wrote REAL lab 3 T1 patches (PNG, image-folder) to ${o.out}`, `  ${describeCounts(counts)}`];
}
