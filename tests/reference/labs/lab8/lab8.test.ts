/**
 * Lab 8 machinery on a probe model whose evidence is known pixel by pixel (covid-synthetic
 * opacity masks): corruptions, the localisation statistics against hand-made maps, figures,
 * and a full run whose findings must state its own numbers and whose maps must beat chance.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../../reference/core/backend.js';
import { createRng } from '../../../../reference/core/seed.js';
import {
  GROUPS, LAB8_MIN_RATIO_OVER_CHANCE, addNoise, binomialTail, blur, contrastShift, covidProbeSubjects, f3, fp, gaussianKernel,
  groupGridPng, lab8Config, localisationStats, pickGroupExamples, robustnessSummary, runLab8,
} from '../../../../reference/labs/lab8-interpretability/index.js';

const out = mkdtempSync(join(tmpdir(), 'lab8-test-'));
beforeAll(async () => { await selectBackend({}); });
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('corruptions', () => {
  const size = 16;
  const img = Float32Array.from({ length: size * size }, (_, i) => ((i % size) < 8 ? 0.2 : 0.8));
  it('level 0 is the clean image; noise is seeded and clipped to [0, 1]', () => {
    expect(addNoise(img, 0, createRng(1))).toEqual(img);
    const a = addNoise(img, 0.3, createRng(5)), b = addNoise(img, 0.3, createRng(5));
    expect(a).toEqual(b);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a)).toBeLessThanOrEqual(1);
    expect(a).not.toEqual(img);
  });
  it('blur keeps a flat image flat, keeps the mean of a step and softens the edge', () => {
    expect(gaussianKernel(1.5).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
    const flat = new Float32Array(size * size).fill(0.4);
    for (const v of blur(flat, size, 2)) expect(v).toBeCloseTo(0.4, 6);
    const b = blur(img, size, 1);
    expect(b[3 * size + 7]!).toBeGreaterThan(0.2 + 1e-3);
    expect(b[3 * size + 8]!).toBeLessThan(0.8 - 1e-3);
    expect(b.reduce((s, v) => s + v, 0) / b.length).toBeCloseTo(0.5, 5);
  });
  it('contrast shift scales around the mean: factor 1 unchanged, 0.5 halves the spread', () => {
    expect(contrastShift(img, 1)).toEqual(img);
    const c = contrastShift(img, 0.5);
    expect(c[0]!).toBeCloseTo(0.35, 6);
    expect(c[8]!).toBeCloseTo(0.65, 6);
  });
});

describe('localisation statistics', () => {
  const n = 12, size = 8, px = size * size;
  const masks = Array.from({ length: n }, (_, i) => { const m = new Uint8Array(px); m[(i * 5) % px] = 1; m[(i * 5 + 1) % px] = 1; return m; });
  it('a map on the lesion scores 1 inside, beats chance on every image, wins the pointing game and both tests', () => {
    const maps = masks.map((m) => Float32Array.from(m));
    const s = localisationStats('gradcam', maps, masks, createRng(1), 999);
    expect(s.meanInside).toBe(1);
    expect(s.meanChance).toBeCloseTo(2 / px, 10);
    expect(s.wins).toBe(n);
    expect(s.pointingRate).toBe(1);
    expect(s.signP).toBeCloseTo(0.5 ** n, 12);
    expect(s.permutationP).toBeLessThan(0.01);
  });
  it('a flat map sits at chance: no wins, ratio 1, sign p = 1, permutation p = 1', () => {
    const maps = masks.map(() => new Float32Array(px).fill(0.5));
    const s = localisationStats('saliency', maps, masks, createRng(1), 200);
    expect(s.ratio).toBeCloseTo(1, 10);
    expect(s.wins).toBe(0);
    expect(s.signP).toBe(1);
    expect(s.permutationP).toBe(1);
  });
  it('binomial tail matches hand values and refuses empty masks', () => {
    expect(binomialTail(0, 5)).toBe(1);
    expect(binomialTail(5, 5)).toBeCloseTo(1 / 32, 12);
    expect(binomialTail(4, 5)).toBeCloseTo(6 / 32, 12);
    expect(() => localisationStats('gradcam', [new Float32Array(px)], [new Uint8Array(px)], createRng(1))).toThrow(/empty/);
  });
});

describe('figures', () => {
  it('picks the most confident examples per group and draws two rows of tiles', () => {
    const y = [1, 1, 0, 0, 1, 0], p = [0.9, 0.2, 0.7, 0.1, 0.95, 0.3];
    expect(pickGroupExamples(y, p, 2)).toEqual({ TP: [4, 0], FN: [1], FP: [2], TN: [3, 5] });
    const size = 8, tile = { image: new Float32Array(64).fill(0.5), mask: new Uint8Array(64), map: new Float32Array(64) };
    const png = PNG.sync.read(groupGridPng([tile, tile, tile], size, 3));
    expect([png.width, png.height]).toEqual([3 * (24 + 2) + 2, 2 * (24 + 2) + 2]);
    expect(PNG.sync.read(groupGridPng([], size, 3)).width).toBe(24 + 4);
  });
});

describe('lab 8 run on the covid-synthetic probe (ci settings)', () => {
  it('maps beat chance, nothing leaks, the run repeats, and the findings state the run\'s numbers', async () => {
    const config = lab8Config('ci');
    const subjects = (rng: ReturnType<typeof createRng>) => covidProbeSubjects(rng, { count: 120, size: 32, epochs: 12 });
    const before = tf.memory().numTensors;
    const t0 = Date.now();
    const a = await runLab8(config, 1, out, { subjects });
    const seconds = (Date.now() - t0) / 1000;
    expect(tf.memory().numTensors).toBe(before);
    const s = a.details.subjects[0]!;
    console.warn(`lab8 probe ci (${a.result.backend}) ${seconds.toFixed(1)} s: AUC ${f3(s.clean.roc_auc)}; Grad-CAM ${f3(s.gradcam.meanInside)} vs chance ${f3(s.gradcam.meanChance)} (p ${fp(s.gradcam.permutationP)}); saliency ${f3(s.saliency.meanInside)} (p ${fp(s.saliency.permutationP)})`);
    // Interpretability is tested, not only drawn: more mass inside the opacities than chance.
    for (const m of [s.gradcam, s.saliency]) {
      expect(m.n).toBeGreaterThanOrEqual(5);
      expect(m.meanInside).toBeGreaterThan(LAB8_MIN_RATIO_OVER_CHANCE * m.meanChance);
      expect(m.signP).toBeLessThan(0.05);
    }
    expect(s.clean.roc_auc).toBeGreaterThan(0.7);
    expect(a.result.n).toBe(a.result.perExample.length);
    // Curves have every level of the ci sweep.
    expect(s.robustness.map((r) => `${r.corruption}:${r.level}`)).toEqual(['noise:0', 'noise:0.1', 'noise:0.3', 'blur:0', 'blur:1.5', 'blur:3', 'contrast:1', 'contrast:0.4', 'contrast:0.1']);
    const b = await runLab8(config, 1, undefined, { subjects });
    expect(b.result.metrics).toEqual(a.result.metrics);
    // The findings state the measured numbers.
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    for (const h of ['## Models', '## Interpretability', '## Robustness', '## Limitations and clinical relevance']) expect(summary).toContain(h);
    for (const m of [s.gradcam, s.saliency]) {
      expect(summary).toContain(`${f3(m.meanInside)} of the map's mass lies inside the lesion against ${f3(m.meanChance)}`);
      expect(summary).toContain(`on ${m.wins} of ${m.n} lesion images, sign test p = ${fp(m.signP)}`);
      expect(summary).toContain(`permutation p = ${fp(m.permutationP)}`);
    }
    expect(summary).toContain(`| ${f3(s.clean.roc_auc)} | ${f3(s.clean.balanced_accuracy)} | ${f3(s.clean.sensitivity)} | ${f3(s.clean.specificity)} | ${s.groups.TP} | ${s.groups.FP} | ${s.groups.TN} | ${s.groups.FN} |`);
    for (const r of robustnessSummary(s.robustness)) expect(summary).toContain(`| probe | ${r.corruption} | ${f3(r.clean.roc_auc)} | ${r.strongest.level} | ${f3(r.strongest.roc_auc)} | ${f3(r.drop)} |`);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as { subjects: { gradcam: { meanInside: number } }[] };
    expect(metrics.subjects[0]!.gradcam.meanInside).toBe(s.gradcam.meanInside);
    expect(a.result.metrics['gradcam_mass_in_lesion']).toBe(s.gradcam.meanInside);
    expect(a.result.metrics['roc_auc_noise_0.3']).toBe(s.robustness.find((r) => r.corruption === 'noise' && r.level === 0.3)!.roc_auc);
    // Every group has its two figures, of the right height; SVG charts exist.
    for (const g of GROUPS) for (const m of ['gradcam', 'saliency']) {
      const png = PNG.sync.read(readFileSync(join(out, `probe_${m}_${g}.png`)));
      expect(png.height).toBe(2 * (32 * config.figureScale + 2) + 2);
    }
    for (const f of ['robustness.svg', 'localisation.svg']) expect(readFileSync(join(out, f), 'utf8')).toMatch(/^<svg/);
    expect(existsSync(join(out, 'summary.md'))).toBe(true);
  }, 180_000);
});
