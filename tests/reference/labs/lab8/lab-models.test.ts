/**
 * Lab 8 on the course's own models (lab 5's CNN, lab 7's MobileNetV2 transfer model) at ci size:
 * the lesion masks of ct-lesions say where the evidence is, and each model's Grad-CAM and
 * saliency must put more of their mass inside the lesions than chance would.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../../reference/core/backend.js';
import { CRANIUM_SOURCES } from '../../../../reference/data/adapters/inv3.js';
import { LAB8_MIN_RATIO_OVER_CHANCE, f3, fp, lab8Config, robustnessSummary, runLab8 } from '../../../../reference/labs/lab8-interpretability/index.js';

const ct = CRANIUM_SOURCES[0]!.path;
if (!existsSync(ct)) console.warn(`lab8 lab-model tests skipped: the InVesalius head CT (${ct}) is missing`);
const out = mkdtempSync(join(tmpdir(), 'lab8-labs-'));
beforeAll(async () => { await selectBackend({}); });
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe.skipIf(!existsSync(ct))('lab 8 on the lab 5 and lab 7 models (ci)', () => {
  it('both models are explained on one test set; their maps beat chance; the findings state the numbers', async () => {
    const before = tf.memory().numTensors;
    const t0 = Date.now();
    const { result, details } = await runLab8(lab8Config('ci'), 1, out);
    expect(tf.memory().numTensors).toBe(before);
    const ids = details.subjects.map((s) => s.id);
    console.warn(`lab8 ci (${result.backend}) ${((Date.now() - t0) / 1000).toFixed(0)} s; ${details.notes.join(' ')} ` + details.subjects.map((s) =>
      `${s.id}: AUC ${f3(s.clean.roc_auc)}, Grad-CAM ${f3(s.gradcam.meanInside)} (sign p ${fp(s.gradcam.signP)}), saliency ${f3(s.saliency.meanInside)} (sign p ${fp(s.saliency.signP)}), chance ${f3(s.gradcam.meanChance)}`).join('; '));
    expect(ids).toEqual(['lab5', 'lab7']);
    for (const s of details.subjects) {
      for (const m of [s.gradcam, s.saliency]) {
        expect(m.n, `${s.id} ${m.method}`).toBe(lab8Config('ci').explain);
        expect(m.meanInside, `${s.id} ${m.method}`).toBeGreaterThan(m.meanChance);
      }
    }
    // The lab's stated margin, for lab 5's CNN (its maps are at the image's own resolution or 16×16, not 7×7).
    const five = details.subjects[0]!;
    for (const m of [five.gradcam, five.saliency]) {
      expect(m.ratio, m.method).toBeGreaterThan(LAB8_MIN_RATIO_OVER_CHANCE);
      expect(m.signP, m.method).toBeLessThan(0.05);
    }
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    for (const s of details.subjects) {
      expect(summary).toContain(`- ${s.id}, Grad-CAM: ${f3(s.gradcam.meanInside)} of the map's mass`);
      expect(summary).toContain(`- ${s.id}, Saliency: ${f3(s.saliency.meanInside)} of the map's mass`);
      // ci sweeps the first 64 test slices, so its clean AUC is that subset's, stated as such.
      const noise = robustnessSummary(s.robustness)[0]!;
      expect(summary).toContain(`| ${s.id} | noise | ${f3(noise.clean.roc_auc)} | 0.3 | ${f3(noise.strongest.roc_auc)} |`);
    }
    expect(summary).toContain('The sweep uses the first 64 test slices only');
    expect(result.metrics['lab7_gradcam_mass_in_lesion']).toBe(details.subjects[1]!.gradcam.meanInside);
  }, 900_000);
});
