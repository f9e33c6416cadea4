/**
 * Lab 8 end to end for one seed: train (or receive) the models, measure clean scores, Grad-CAM
 * and saliency localisation on lesion images, and the robustness sweep; write the figures,
 * metrics.json and summary.md (the findings). Registry metrics: the first model's without a
 * prefix, the others' prefixed with their id.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { selectBackend, type BackendName } from '../../core/backend.js';
import { createRng, type Rng } from '../../core/seed.js';
import type { ReferenceConfig, ReferenceEntry, ReferenceRunResult } from '../../registry/types.js';
import { analyseSubject, type SubjectAnalysis } from './analyse.js';
import { lab8Config, type Lab8Config } from './config.js';
import { defaultCorruptions } from './corrupt.js';
import { localisationSvg, robustnessSvg } from './figures.js';
import { lab8Findings } from './findings.js';
import { labSubjects, type Subjects } from './subjects.js';

export interface Lab8Options {
  prefer?: BackendName;
  /** Replaces lab 5's and lab 7's models (tests use covidProbeSubjects). */
  subjects?: (rng: Rng) => Promise<Subjects>;
}

export interface Lab8Details { subjects: SubjectAnalysis[]; notes: string[]; testCount: number; lesionCount: number; files: string[] }

/** Metric names of one analysed model; `prefix` is '' for the first model. */
export function subjectMetrics(s: SubjectAnalysis, prefix: string): Record<string, number> {
  const m: Record<string, number> = {
    roc_auc: s.clean.roc_auc, balanced_accuracy: s.clean.balanced_accuracy, sensitivity: s.clean.sensitivity, specificity: s.clean.specificity,
    gradcam_mass_in_lesion: s.gradcam.meanInside, saliency_mass_in_lesion: s.saliency.meanInside, chance_mass_in_lesion: s.gradcam.meanChance,
    gradcam_ratio_over_chance: s.gradcam.ratio, saliency_ratio_over_chance: s.saliency.ratio,
    gradcam_permuted_mass: s.gradcam.permutationMean, saliency_permuted_mass: s.saliency.permutationMean,
    gradcam_pointing: s.gradcam.pointingRate, saliency_pointing: s.saliency.pointingRate,
  };
  for (const r of s.robustness) m[`roc_auc_${r.corruption}_${r.level}`] = r.roc_auc;
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [prefix + k, v]));
}

export async function runLab8(config: Lab8Config, seed: number, outDir?: string, options: Lab8Options = {}): Promise<{ result: ReferenceRunResult; details: Lab8Details }> {
  const backend = await selectBackend({ prefer: options.prefer ?? 'tensorflow' });
  const rng = createRng(seed);
  const subjects = options.subjects ? await options.subjects(rng.fork()) : await labSubjects(config.name, seed, { fineTuneLab7: config.fineTuneLab7, ...(options.prefer ? { prefer: options.prefer } : {}) });
  if (outDir) mkdirSync(outDir, { recursive: true });
  const analysed: SubjectAnalysis[] = [];
  const noiseSeed = rng.seed();
  try {
    for (const model of subjects.models) analysed.push(await analyseSubject(model, subjects.test, config, rng.fork(), noiseSeed, outDir));
  } finally {
    for (const model of subjects.models) model.dispose();
  }
  const test = subjects.test;
  const lesionCount = test.y.reduce((a, b) => a + b, 0);
  const files = analysed.flatMap((s) => s.files);
  const details: Lab8Details = { subjects: analysed, notes: subjects.notes, testCount: test.count, lesionCount, files };
  if (outDir) {
    const units = Object.fromEntries(defaultCorruptions().map((c) => [c.name, c.unit]));
    writeFileSync(join(outDir, 'robustness.svg'), await robustnessSvg(analysed.flatMap((s) => s.robustness), units));
    writeFileSync(join(outDir, 'localisation.svg'), await localisationSvg(analysed.flatMap((s) => [{ ...s.gradcam, model: s.id }, { ...s.saliency, model: s.id }])));
    const json = { config, seed, backend: backend.name, notes: subjects.notes, testCount: test.count, lesionCount,
      subjects: analysed.map((s) => ({ ...s, probabilities: Array.from(s.probabilities) })) };
    writeFileSync(join(outDir, 'metrics.json'), JSON.stringify(json, null, 2) + '\n');
    const findings = lab8Findings(analysed, { config, seed, backend: backend.name, dataDescription: subjects.description, testCount: test.count, lesionCount });
    writeFileSync(join(outDir, 'summary.md'), findings + (subjects.notes.length ? `\nNotes: ${subjects.notes.join(' ')}\n` : ''));
    files.push('robustness.svg', 'localisation.svg', 'metrics.json', 'summary.md');
  }
  const first = analysed[0]!;
  const metrics = Object.assign({}, ...analysed.map((s, i) => subjectMetrics(s, i === 0 ? '' : `${s.id}_`))) as Record<string, number>;
  const result: ReferenceRunResult = {
    metrics,
    perExample: Array.from(first.probabilities, (p, i) => ((p >= 0.5 ? 1 : 0) === test.y[i] ? 0 : 1)),
    n: test.count, dataChecksums: subjects.checksums, backend: backend.name, synthetic: subjects.synthetic,
    versions: { 'tfjs-backend': `${backend.name} (${backend.detail.package})` },
  };
  return { result, details };
}

export function lab8Reference(options: { prefer?: BackendName } = {}): ReferenceEntry {
  return {
    description: 'Lab 8: Grad-CAM and saliency localisation on synthetic lesions in real head CT, robustness to noise, blur and contrast (tfjs)',
    run: async (config: ReferenceConfig, seed: number, outDir?: string) => (await runLab8(lab8Config(config), seed, outDir, options)).result,
  };
}
