import * as tf from '@tensorflow/tfjs-core';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../../reference/core/backend.js';
import { CRANIUM_SOURCES } from '../../../../reference/data/adapters/inv3.js';
import { CT_UNET_CI_MARGIN, ctUnetConfig, runCtUnet2d, type CtUnetDetails } from '../../../../reference/projects/ct-unet2d/index.js';
import type { ReferenceRunResult } from '../../../../reference/registry/types.js';

const haveCt = existsSync(CRANIUM_SOURCES[0]!.path);
if (!haveCt) console.warn('skipping the ct-unet2d ci run: invesalius-examples (the real head CT) is not installed');

describe.skipIf(!haveCt)('ct-unet2d ci configuration, seed 1', () => {
  const out = mkdtempSync(join(tmpdir(), 'medgrade-ct-unet2d-'));
  let result: ReferenceRunResult; let details: CtUnetDetails; let before = 0; let after = 0;
  beforeAll(async () => {
    const tf0 = Date.now();
    await selectBackend(); // the run's own choice, so tf.memory() has a backend to count on
    before = tf.memory().numTensors;
    ({ result, details } = await runCtUnet2d(ctUnetConfig('ci'), 1, out));
    after = tf.memory().numTensors;
    console.log(`ct-unet2d ci seed 1: ${((Date.now() - tf0) / 1000).toFixed(1)} s on ${result.backend}, mean_dice ${result.metrics['mean_dice']!.toFixed(3)}`);
  }, 300_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('leaks no tensors', () => {
    expect(after).toBe(before);
  });
  it(`beats the all-background baseline's mean Dice by at least ${CT_UNET_CI_MARGIN}`, () => {
    expect(details.baselines.allBackground.mean_dice).toBe(0);
    expect(result.metrics['mean_dice']!).toBeGreaterThanOrEqual(details.baselines.allBackground.mean_dice + CT_UNET_CI_MARGIN);
    expect(result.metrics['dice_bone']!).toBeGreaterThan(0.6);
  });
  it('reports dice_bone, dice_lesion and mean_dice on the 2 independent test subjects', () => {
    expect(result.n).toBe(2);
    expect(result.perExample).toHaveLength(2);
    expect(result.metrics['mean_dice']).toBeCloseTo((result.metrics['dice_bone']! + result.metrics['dice_lesion']!) / 2, 12);
    // IoU = Dice / (2 − Dice) per subject, so the mean IoU is at most the mean Dice
    expect(result.metrics['iou_bone']!).toBeGreaterThan(0);
    expect(result.metrics['iou_bone']!).toBeLessThanOrEqual(result.metrics['dice_bone']!);
    expect(details.counts).toMatchObject({ trainSubjects: 3, valSubjects: 1, testSubjects: 2, trainSlices: 48, size: 48 });
    expect(result.synthetic).toBe(true);
    expect(Object.keys(result.dataChecksums)).toEqual(['ct-subjects']);
  });
  it('writes a summary that states its own numbers, and the figures it names', () => {
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    const m = result.metrics;
    expect(summary).toContain(`| 2D U-Net | ${m['dice_bone']!.toFixed(3)} | ${m['dice_lesion']!.toFixed(3)} | ${m['mean_dice']!.toFixed(3)} |`);
    expect(summary).toContain(`${details.plausibility.filter((p) => p.plausible).length} of 2 test predictions are plausible`);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(metrics.test.mean_dice).toBe(m['mean_dice']);
    for (const f of ['overlays.png', 'curves.svg', 'plausibility.svg']) expect(statSync(join(out, f)).size).toBeGreaterThan(1000);
    expect(readFileSync(join(out, 'test_dice.csv'), 'utf8').trim().split('\n')).toHaveLength(3);
    expect(readFileSync(join(out, 'plausibility.csv'), 'utf8').trim().split('\n')).toHaveLength(1 + 2 * 2);
  });
  it('reproduces every metric exactly when one seed runs again on the same backend (2 epochs)', async () => {
    const short = { ...ctUnetConfig('ci'), epochs: 2 };
    const a = await runCtUnet2d(short, 7);
    const b = await runCtUnet2d(short, 7);
    expect(b.result.metrics).toEqual(a.result.metrics);
    expect(b.details.history.map((h) => h.loss)).toEqual(a.details.history.map((h) => h.loss));
  }, 200_000);
});
