/**
 * A probe subject for tests and for trying lab 8 on other data: the small CNN of
 * reference/core/probe-models trained for a few seeded epochs on covid-synthetic with its
 * opacity masks (SYNTHETIC phantoms; the masks say where the evidence is). It trains in
 * seconds and is known to localise above chance (tests/reference/interpret/covid-mask.test.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { buildSmallCnn } from '../../core/probe-models.js';
import { seededInit, shuffledIndices, type Rng } from '../../core/seed.js';
import { decodeGreyPng, generateCovidSynthetic, loadImageFolderSplit } from '../../data/covid-synthetic/index.js';
import type { Subjects } from './subjects.js';
import type { LabelledImages } from './types.js';

function stack(items: { pixels: Float32Array; mask: Uint8Array; label: number }[], size: number): LabelledImages {
  const px = size * size, n = items.length;
  const out: LabelledImages = { size, count: n, x: new Float32Array(n * px), y: new Float32Array(n), masks: new Uint8Array(n * px) };
  items.forEach((s, i) => { out.x.set(s.pixels, i * px); out.masks.set(s.mask, i * px); out.y[i] = s.label; });
  return out;
}

/** covid-synthetic (count, size, generator seed 7) with masks; a buildSmallCnn trained `epochs` epochs on train+val. */
export async function covidProbeSubjects(rng: Rng, options: { count?: number; size?: number; epochs?: number } = {}): Promise<Subjects> {
  const count = options.count ?? 120, size = options.size ?? 32, epochs = options.epochs ?? 12;
  const dir = mkdtempSync(join(tmpdir(), 'lab8-covid-'));
  try {
    const gen = await generateCovidSynthetic({ out: dir, seed: 7, count, size, masks: true });
    const items = loadImageFolderSplit(dir).map((e) => ({
      pixels: Float32Array.from(decodeGreyPng(readFileSync(e.path)).data, (v) => v / 255),
      mask: decodeGreyPng(readFileSync(join(dir, 'masks', relative(dir, e.path)))).data,
      label: e.label === 'COVID' ? 1 : 0, split: e.split,
    }));
    const train = items.filter((s) => s.split !== 'test');
    const order = Array.from(shuffledIndices(rng, train.length), (i) => train[i]!);
    const model = buildSmallCnn(seededInit(rng), size);
    const x = tf.tensor4d(stack(order, size).x, [order.length, size, size, 1]);
    const y = tf.tensor2d(order.map((s) => s.label), [order.length, 1]);
    try {
      await model.fit(x, y, { epochs, batchSize: 16, shuffle: false, verbose: 0 });
    } finally {
      tf.dispose([x, y]);
    }
    const opt = model.optimizer;
    return {
      models: [{ id: 'probe', title: 'small CNN trained on covid-synthetic (probe)', model, dispose: () => { model.dispose(); opt?.dispose(); } }],
      test: stack(items.filter((s) => s.split === 'test'), size),
      checksums: { 'covid-synthetic': gen.digest }, synthetic: true, notes: [],
      description: `covid-synthetic (SYNTHETIC phantom chest radiographs with opacity masks) count ${count}, size ${size}, seed 7.`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
