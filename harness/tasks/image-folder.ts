import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Rubric } from '../rubric/schema.js';
import { copySplits, listLabelledImages, prepareHiddenTest, splitForPhase } from '../data/hidden-test.js';
import type { TaskKind } from './types.js';
import { collectClassPredictions, type ClassPredictions } from './class-predictions.js';
import { measureClasses } from './measure.js';

/** Host path of the predictions file the rubric names, inside the predict phase's /out. */
export function predictionsPath(predictOut: string, rubric: Rubric): string | null {
  const rel = rubric.phases.predict?.outputs.predictions;
  return rel ? join(predictOut, rel.replace(/^\/out\/?/, '')) : null;
}

/**
 * image-folder: <split>/<Class>/*.png. Predict sees /test, a flat folder of renamed,
 * re-encoded PNGs, and writes filename,probability (binary) or filename,label or
 * filename plus one probability column per class (multiclass).
 */
export function imageFolderTask(): TaskKind<ClassPredictions> {
  return {
    layout: 'image-folder',
    hideTest(testDir, outDir, options = {}) {
      const hidden = prepareHiddenTest(testDir, outDir, options);
      return { dir: outDir, truth: hidden.labels };
    },
    collect(predictOut, rubric, hidden, findings) {
      const path = predictionsPath(predictOut, rubric);
      if (!path) return null;
      return collectClassPredictions(path, new Set(hidden.truth.keys()), rubric.task.classes,
        rubric.task.kind === 'multiclass-classification', findings, ['filename'], 'image');
    },
    measure: (rubric, hidden, predictions) => measureClasses(rubric, hidden.truth, predictions),
    trainView(datasetDir, outDir) {
      // The COVID layout keeps its canonical copy (class-name aliases folded); other labs copy as is.
      const train = join(datasetDir, 'train');
      const covid = existsSync(train) && listLabelledImages(train).every((e) => e.label === 'COVID' || e.label === 'Normal');
      return covid ? splitForPhase(datasetDir, outDir).dataDir : copySplits(datasetDir, outDir);
    },
  };
}
