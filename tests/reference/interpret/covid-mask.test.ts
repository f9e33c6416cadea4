/**
 * On the covid-synthetic phantoms the COVID evidence is known pixel by pixel (the opacity
 * masks). A tiny CNN trained for a few seeded epochs must put more Grad-CAM and saliency mass
 * inside those masks than a map that ignores the image would (the mask's area fraction).
 */
import { writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { selectBackend } from '../../../reference/core/backend.js';
import { buildSmallCnn } from '../../../reference/core/probe-models.js';
import { createRng, seededInit, shuffledIndices } from '../../../reference/core/seed.js';
import { decodeGreyPng, generateCovidSynthetic, loadImageFolderSplit } from '../../../reference/data/covid-synthetic/index.js';
import { gradCam, maskMass, overlayPng, saliency, upsampleBilinear } from '../../../reference/core/interpret/index.js';

const SIZE = 32;
interface Sample { pixels: Float32Array; mask: Uint8Array; label: number; split: string }

let dir: string;
let samples: Sample[];
let model: LayersModel;

beforeAll(async () => {
  await selectBackend({ prefer: 'wasm' });
  dir = await mkdtemp(path.join(os.tmpdir(), 'medgrade-interpret-'));
  await generateCovidSynthetic({ out: dir, seed: 7, count: 120, size: SIZE, masks: true });
  samples = await Promise.all(loadImageFolderSplit(dir).map(async (e) => {
    const img = decodeGreyPng(await readFile(e.path));
    const rel = path.relative(dir, e.path);
    const mask = decodeGreyPng(await readFile(path.join(dir, 'masks', rel))).data;
    return { pixels: Float32Array.from(img.data, (v) => v / 255), mask, label: e.label === 'COVID' ? 1 : 0, split: e.split };
  }));
  const train = samples.filter((s) => s.split !== 'test');
  const rng = createRng(11);
  model = buildSmallCnn(seededInit(rng), SIZE);
  const order = Array.from(shuffledIndices(rng, train.length), (i) => train[i]!);
  const x = tf.tensor4d(Float32Array.from(order.flatMap((s) => Array.from(s.pixels))), [order.length, SIZE, SIZE, 1]);
  const y = tf.tensor2d(order.map((s) => s.label), [order.length, 1]);
  const t0 = performance.now();
  await model.fit(x, y, { epochs: 12, batchSize: 16, shuffle: false, verbose: 0 });
  console.log(`trained on ${order.length} images in ${(performance.now() - t0).toFixed(0)} ms`);
  tf.dispose([x, y]);
});
afterAll(async () => {
  model?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('attribution mass inside the ground-truth opacity masks', () => {
  it('Grad-CAM and saliency beat chance on COVID test images', () => {
    const covid = samples.filter((s) => s.split === 'test' && s.label === 1 && s.mask.some((v) => v > 0));
    expect(covid.length).toBeGreaterThanOrEqual(5);
    const lastConv = model.layers.filter((l) => l.getClassName() === 'Conv2D').at(-1)!.name;
    const acc = { wins: 0, conv: 0, cam: 0, sal: 0, chance: 0, correct: 0, camMs: 0, salMs: 0 };
    const before = tf.memory().numTensors;
    for (const s of covid) {
      const x = tf.tensor4d(s.pixels, [1, SIZE, SIZE, 1]);
      let t = performance.now();
      const cam = gradCam(model, x, { sigmoid: 'positive' });
      acc.camMs += performance.now() - t;
      const conv = gradCam(model, x, { sigmoid: 'positive', layerName: lastConv });
      const mcc = maskMass(upsampleBilinear(conv.heatmap, conv.width, conv.height, SIZE, SIZE), s.mask);
      acc.conv += Number.isNaN(mcc.inside) ? mcc.areaFraction : mcc.inside;
      t = performance.now();
      const sal = saliency(model, x, { sigmoid: 'positive' });
      const salMap = sal.dataSync();
      acc.salMs += performance.now() - t;
      tf.dispose([x, sal]);
      const camUp = upsampleBilinear(cam.heatmap, cam.width, cam.height, SIZE, SIZE);
      const mc = maskMass(camUp, s.mask), ms = maskMass(salMap, s.mask);
      acc.cam += Number.isNaN(mc.inside) ? mc.areaFraction : mc.inside;
      acc.sal += Number.isNaN(ms.inside) ? ms.areaFraction : ms.inside;
      acc.chance += mc.areaFraction;
      if (mc.inside > mc.areaFraction) acc.wins++;
      if (cam.probability >= 0.5) acc.correct++;
    }
    expect(tf.memory().numTensors).toBe(before);
    const n = covid.length;
    console.log(`COVID test images: ${n}, predicted COVID: ${acc.correct}; Grad-CAM above chance on ${acc.wins}; mass inside mask: Grad-CAM ${(acc.cam / n).toFixed(3)} (${model.layers[3]!.name}), ${(acc.conv / n).toFixed(3)} (${lastConv}), ` +
      `saliency ${(acc.sal / n).toFixed(3)}, chance ${(acc.chance / n).toFixed(3)}; ms per image: Grad-CAM ${(acc.camMs / n).toFixed(1)}, saliency ${(acc.salMs / n).toFixed(1)}`);
    expect(acc.cam / n).toBeGreaterThan(acc.chance / n);
    expect(acc.conv / n).toBeGreaterThan(acc.chance / n);
    expect(acc.sal / n).toBeGreaterThan(acc.chance / n);
    // One overlay to look at: the first COVID test image, enlarged 4× so it is visible.
    const s = covid[0]!;
    const x = tf.tensor4d(s.pixels, [1, SIZE, SIZE, 1]);
    const cam = gradCam(model, x, { sigmoid: 'positive', layerName: lastConv });
    x.dispose();
    const big = upsampleBilinear(s.pixels, SIZE, SIZE, 4 * SIZE, 4 * SIZE);
    writeFileSync('/tmp/medgrade-interpret-covid-overlay.png', overlayPng(big, 4 * SIZE, 4 * SIZE, cam.heatmap, cam.width, cam.height));
    writeFileSync('/tmp/medgrade-interpret-covid-mask.png', overlayPng(big, 4 * SIZE, 4 * SIZE, Float32Array.from(s.mask, (v) => (v > 0 ? 1 : 0)), SIZE, SIZE));
  });
});
