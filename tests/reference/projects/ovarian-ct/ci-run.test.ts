import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../../reference/core/backend.js';
import { CRANIUM_SOURCES } from '../../../../reference/data/adapters/inv3.js';
import { ovarianConfig, runOvarian, VOLUME_ERROR_DICE } from '../../../../reference/projects/ovarian-ct/index.js';

/** The ci run must beat all-background (primary Dice 0) by at least this much. */
const CI_MARGIN_OVER_BACKGROUND = 0.2;

const missing = CRANIUM_SOURCES.some((s) => !existsSync(s.path));
if (missing) console.warn(`ovarian-ct ci run skipped: invesalius-examples (Cranium.inv3) is not installed; looked for ${CRANIUM_SOURCES.map((s) => s.path).join(', ')}`);
const out = mkdtempSync(join(tmpdir(), 'ovarian-ci-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
// The tensor count below is taken after the backend's own start-up tensors exist.
beforeAll(async () => { await selectBackend({ prefer: 'wasm' }); });

// About 2.5 min on a quiet core (800 training steps of 16×16×8 crops, sliding-window validation).
describe.skipIf(missing)('ovarian-ct reference, ci configuration (SYNTHETIC data)', () => {
  it('trains, beats the trivial baselines, and writes figures and a summary with its own numbers', async () => {
    const before = tf.memory().numTensors;
    const { result, details } = await runOvarian(ovarianConfig('ci'), 1, out);
    // Only the backend's own state may remain; every model, optimiser and batch tensor is disposed.
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before + 1);
    const m = result.metrics;
    expect(Object.keys(m).sort()).toEqual(['dice_metastasis', 'dice_primary', 'iou_metastasis', 'iou_primary', 'mean_dice']);
    expect(result.synthetic).toBe(true);
    expect(result.n).toBe(ovarianConfig('ci').split.test);
    expect(result.perExample).toHaveLength(result.n);
    expect(m.mean_dice).toBeCloseTo((m.dice_primary! + m.dice_metastasis!) / 2, 10);
    expect(details.baselines.allBackground.mean_dice).toBe(0);
    expect(m.dice_primary!).toBeGreaterThan(details.baselines.allBackground.dice_primary! + CI_MARGIN_OVER_BACKGROUND);
    expect(m.dice_primary!).toBeGreaterThan(details.baselines.huBand.dice_primary!);
    // The one-cycle schedule advanced once per optimisation step.
    expect(details.history.steps).toHaveLength(details.history.epochs.length * ovarianConfig('ci').split.train * ovarianConfig('ci').cropsPerPatient);
    const files = ['overlays.png', 'curves.svg', 'lr_schedule.svg', 'per_class_dice.csv', 'metrics.json', 'summary.md'];
    for (const f of files) expect(existsSync(join(out, f)), f).toBe(true);
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(summary).toContain('SYNTHETIC');
    expect(summary).toContain(`| 3D U-Net | ${m.dice_primary!.toFixed(3)} | ${m.dice_metastasis!.toFixed(3)} | ${m.mean_dice!.toFixed(3)} |`);
    expect(summary).toContain(`below ${VOLUME_ERROR_DICE}`);
    const csv = readFileSync(join(out, 'per_class_dice.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(result.n + 1);
    expect(csv[0]).toContain('monai_dice_metastasis');
    console.info(`ovarian-ct ci: mean_dice ${m.mean_dice!.toFixed(3)} (primary ${m.dice_primary!.toFixed(3)}, metastasis ${m.dice_metastasis!.toFixed(3)}), HU-band baseline ${details.baselines.huBand.mean_dice!.toFixed(3)}, train ${details.trainSeconds.toFixed(1)} s`);
  }, 900_000);
});
