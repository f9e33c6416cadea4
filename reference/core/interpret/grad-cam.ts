/**
 * Grad-CAM (Selvaraju et al. 2017) as the course's §4.8 lays it out: activations A of the target
 * conv layer, gradient of the class score w.r.t. A, channel weights = spatial mean of that
 * gradient, map = ReLU(Σ_k w_k A_k), divided by its maximum. The score is the logit (the
 * final sigmoid/softmax is stripped); for a single sigmoid the negative class uses −logit.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { lastSpatialLayerName } from '../model-io.js';
import { downstreamIds, layerOutputId, modelInputId, runFrom, type Values } from './graph.js';
import { assertBatchOne, chooseClass, scoreTensor, type ScoreChoice, type ScoreOptions } from './score.js';

export interface GradCamOptions extends ScoreOptions {
  /** Target layer; default: the last layer with a spatial 4D output (lastSpatialLayerName). */
  layerName?: string;
}

export interface GradCamResult extends ScoreChoice {
  /** height×width, row-major, in [0, 1]; all zeros when no location raises the score. */
  heatmap: Float32Array;
  height: number;
  width: number;
  /** Probability of the explained class (same as `probability`). */
  score: number;
  /** The differentiated score: logit (or −logit) when `fromLogit`. */
  logit: number;
  /** True when the final sigmoid/softmax was stripped; false means the score is the model output. */
  fromLogit: boolean;
  layerName: string;
}

/** Grad-CAM for one image ([1,h,w,c]); no tensors are left behind. */
export function gradCam(model: tfl.LayersModel, input: tf.Tensor4D, options: GradCamOptions = {}): GradCamResult {
  assertBatchOne(input, 'gradCam');
  const layerName = options.layerName ?? lastSpatialLayerName(model);
  const layer = model.getLayer(layerName);
  const targetId = layerOutputId(layer);
  return tf.tidy(() => {
    const forward = runFrom(model, new Map([[modelInputId(model), input]]), 'logit');
    const acts = forward.values.get(targetId);
    if (!acts || acts.rank !== 4) throw new Error(`layer ${layerName} does not give a 4D activation map (got rank ${acts?.rank})`);
    const choice = chooseClass(forward.out, forward.logit, options);
    // Everything not downstream of the target stays fixed; the head is re-run from `a`.
    const down = downstreamIds(model, targetId);
    const fixed: Values = new Map([...forward.values].filter(([id]) => !down.has(id)));
    const head = (a: tf.Tensor): tf.Scalar => {
      const run = runFrom(model, new Map(fixed).set(targetId, a), 'logit');
      return scoreTensor(run.out, run.logit, choice);
    };
    const logit = head(acts).dataSync()[0]!;
    const grads = tf.grad(head)(acts);
    const weights = tf.mean(grads, [0, 1, 2]);
    const [, h, w] = acts.shape as [number, number, number, number];
    const cam = tf.relu(tf.sum(tf.mul(tf.squeeze(acts, [0]), weights), -1));
    const max = tf.max(cam).dataSync()[0]!;
    const heatmap = max > 0 ? (tf.div(cam, max).dataSync() as Float32Array) : new Float32Array(h * w);
    return { ...choice, heatmap: Float32Array.from(heatmap), height: h, width: w, score: choice.probability, logit, fromLogit: forward.logit, layerName };
  });
}
