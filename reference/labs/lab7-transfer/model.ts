/** The end-to-end classifier (image → P(lesion)) that lab 8 explains: backbone, pooling and the trained head in one graph. */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { baseOutput, type Lab7Backbone } from './backbone.js';
import type { Head } from './train.js';

/**
 * base.inputs → … → layerName → global average pooling → dense(1, sigmoid). The head was trained
 * on z-scored features, so the z-scoring is folded into the dense layer: W·(f − μ)/σ + b =
 * (W/σ)·f + (b − W·μ/σ). Every layer sits at the top level (what reference/core/interpret needs);
 * the backbone layers are shared, so a fine-tuned block is what gets explained.
 */
export function composeClassifier(backbone: Lab7Backbone, head: Head, scaling: { mean: Float32Array; std: Float32Array }): tfl.LayersModel {
  const last = baseOutput(backbone.base.getLayer(backbone.layerName));
  const pooled = tfl.layers.globalAveragePooling2d({ name: 'lab7_pool' }).apply(last) as tfl.SymbolicTensor;
  const dense = tfl.layers.dense({ units: 1, activation: 'sigmoid', name: 'lab7_head' });
  const out = dense.apply(pooled) as tfl.SymbolicTensor;
  const [w, b] = head.dense.getWeights() as [tf.Tensor2D, tf.Tensor1D];
  const folded = tf.tidy(() => {
    const std = tf.tensor2d(scaling.std, [scaling.std.length, 1]), mean = tf.tensor2d(scaling.mean, [scaling.mean.length, 1]);
    const wf = tf.div(w, std);
    return [wf, tf.sub(b, tf.reshape(tf.sum(tf.mul(wf, mean)), [1]))];
  });
  dense.setWeights(folded);
  tf.dispose(folded);
  return tfl.model({ inputs: backbone.base.inputs, outputs: out, name: 'lab7_classifier' });
}
