/**
 * What lab 8 explains: the lab 7 classifier as one end-to-end model (grey slice → P(lesion))
 * with the ct-lesions test slices and their lesion masks (the shape of lab 8's
 * ExplainableModel + LabelledImages).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { selectBackend } from '../../core/backend.js';
import { createRng } from '../../core/seed.js';
import type { ReferenceConfig } from '../../registry/types.js';
import { buildTail, openBackbone, tailTrainables, toBackboneInput } from './backbone.js';
import { lab7Config, type Lab7Config } from './config.js';
import { loadLab7Data } from './data.js';
import { composeClassifier } from './model.js';
import { prepareInputs } from './prepare.js';
import type { Lab7Options } from './run.js';
import { scaledPool } from './study.js';
import { createHead, predictRows, trainLoop } from './train.js';

export interface Lab7Trained {
  id: 'lab7'; title: string;
  /** [b, 224, 224, 3] → P(lesion); top-level layers, Grad-CAM target `layerName`. */
  model: tfl.LayersModel;
  /** [b, s, s, 1] grey in [0, 1] → the model's input; does not dispose its argument. */
  toInput: (x: tf.Tensor4D) => tf.Tensor4D;
  layerName: string;
  /** Test slices in [0, 1] with labels and lesion masks. */
  test: { size: number; count: number; x: Float32Array; y: Float32Array; masks: Uint8Array; names: string[] };
  /** Test P(lesion) of `model`, in the test order. */
  testScores: Float32Array;
  /** The same from the head on the (cached) features: equal to testScores up to float error when the composition is right. */
  featureScores: Float32Array;
  dispose(): void;
}

/**
 * Trains the frozen-feature head on 100 % of the training split (features from the cache when
 * present) and, with `fineTune`, then fine-tunes the last block; returns the composed model.
 */
export async function trainLab7Model(config: Lab7Config | ReferenceConfig, seed: number, options: Lab7Options & { fineTune?: boolean } = {}): Promise<Lab7Trained> {
  const c = typeof config === 'string' ? lab7Config(config) : config;
  await selectBackend(options.prefer ? { prefer: options.prefer } : {});
  const data = loadLab7Data(c.data);
  const backbone = await openBackbone(options.modelDir ?? (process.env['MEDGRADE_LAB7_MODEL'] || undefined));
  const scratch = mkdtempSync(join(tmpdir(), 'medgrade-lab7-'));
  try {
    const { inputs } = await prepareInputs(backbone, data, scratch, options.cacheDir);
    const rng = createRng(seed);
    const identity = (x: tf.Tensor): tf.Tensor2D => x as tf.Tensor2D;
    const head = createHead(backbone.featureCount, c.head.dropout, rng.fork());
    await trainLoop(head, identity, [], inputs.pooled.train, inputs.pooled.val, c.head, rng.fork());
    let tail: tfl.LayersModel | undefined;
    if (options.fineTune) {
      tail = buildTail(backbone);
      const extra = tailTrainables(tail).flatMap((l) => l.trainableWeights.map((w) => w.read() as tf.Variable));
      const pool = scaledPool(tail, inputs.scaling);
      await trainLoop(head, pool, extra, inputs.cut.train, inputs.cut.val, c.fineTune, rng.fork());
    }
    const featureScores = options.fineTune ? new Float32Array(0) : await predictRows(head, identity, inputs.pooled.test);
    const model = composeClassifier(backbone, head, inputs.scaling);
    // Scores through the composed model itself, so lab 8 explains exactly what was measured.
    const testScores = new Float32Array(data.test.count);
    const px = data.size * data.size;
    for (let s = 0; s < data.test.count; s += 16) {
      const e = Math.min(data.test.count, s + 16);
      const p = tf.tidy(() => model.predict(toBackboneInput(backbone, tf.tensor4d(data.test.x.subarray(s * px, e * px), [e - s, data.size, data.size, 1]))) as tf.Tensor);
      testScores.set(await p.data(), s);
      p.dispose();
    }
    return {
      id: 'lab7', title: `Lab 7 ${options.fineTune ? 'fine-tuned' : 'frozen-feature'} ${backbone.source} + head (ct-lesions)`,
      model, toInput: (x) => toBackboneInput(backbone, x), layerName: backbone.layerName,
      test: { size: data.size, count: data.test.count, x: data.test.x, y: data.test.y, masks: data.test.masks, names: data.test.names },
      testScores, featureScores,
      // The composed model adds no reference to the base's layers (disposing it would free them under
      // the backbone), so only its own head is freed; a tail re-applies layers and must let go first.
      dispose: () => { model.getLayer('lab7_head').dispose(); tail?.dispose(); head.model.dispose(); backbone.dispose(); },
    };
  } catch (err) {
    backbone.dispose();
    throw err;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
