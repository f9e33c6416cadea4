/**
 * Vanilla gradient saliency (Simonyan et al. 2014): |∂score/∂input|, maximum over channels,
 * divided by its maximum. Same score as Grad-CAM (logit; −logit for a negative single sigmoid).
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { modelInputId, runFrom } from './graph.js';
import { assertBatchOne, chooseClass, scoreTensor, type ScoreOptions } from './score.js';

/** Saliency map of one image ([1,h,w,c]) as a [h,w,1] tensor in [0,1]; the caller disposes it. */
export function saliency(model: tfl.LayersModel, input: tf.Tensor4D, options: ScoreOptions = {}): tf.Tensor3D {
  assertBatchOne(input, 'saliency');
  const inputId = modelInputId(model);
  return tf.tidy(() => {
    const first = runFrom(model, new Map([[inputId, input]]), 'logit');
    const choice = chooseClass(first.out, first.logit, options);
    const f = (x: tf.Tensor): tf.Scalar => {
      const run = runFrom(model, new Map([[inputId, x]]), 'logit');
      return scoreTensor(run.out, run.logit, choice);
    };
    const g = tf.max(tf.abs(tf.grad(f)(input)), 3, true); // [1,h,w,1]
    const max = tf.max(g);
    const [, h, w] = input.shape;
    // A zero gradient everywhere stays zero rather than dividing by zero.
    return tf.reshape(tf.divNoNan(g, max), [h, w, 1]) as tf.Tensor3D;
  });
}
