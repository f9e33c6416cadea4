/** The end-to-end classifier (image → P(lesion)) that lab 8 explains: backbone, pooling and the trained head in one graph. */
import * as tfl from '@tensorflow/tfjs-layers';
import { baseOutput, type Lab7Backbone } from './backbone.js';
import type { Head } from './train.js';

/**
 * base.inputs → … → layerName → global average pooling → head dropout → head dense. Every layer
 * sits at the top level (what reference/core/interpret needs) and shares its weights with the
 * backbone and the head, so a fine-tuned block is what gets explained.
 */
export function composeClassifier(backbone: Lab7Backbone, head: Head): tfl.LayersModel {
  const last = baseOutput(backbone.base.getLayer(backbone.layerName));
  const pooled = tfl.layers.globalAveragePooling2d({ name: 'lab7_pool' }).apply(last) as tfl.SymbolicTensor;
  const out = head.dense.apply(head.dropout.apply(pooled)) as tfl.SymbolicTensor;
  return tfl.model({ inputs: backbone.base.inputs, outputs: out, name: 'lab7_classifier' });
}
