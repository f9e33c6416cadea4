/**
 * The pretrained CNN: nsfwjs's MobileNetV2 (offline stand-in, NOT ImageNet-1k) or, when a
 * folder is given, a converted tfjs Layers model such as an ImageNet MobileNetV2/ResNet50V2.
 * One forward pass gives both the pooled last-map features (feature extraction) and the
 * activations where the last block starts (so fine-tuning trains only that block).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { lastSpatialLayerName, loadMobileNetV2FromNsfwjs, loadModel } from '../../core/model-io.js';
import { baseOutput, findCut, tailModel } from '../../core/last-block.js';

export { baseOutput, findCut, tailTrainables } from '../../core/last-block.js';

export interface Lab7Backbone {
  base: tfl.LayersModel;
  /** e.g. 'nsfwjs MobileNetV2 (not ImageNet-1k)' or the folder of a converted model. */
  source: string;
  inputSize: number;
  channels: number;
  /** The pooled feature map and Grad-CAM target: NSFWJS_FEATURE_LAYER, or a converted model's last spatial layer. */
  layerName: string;
  /** Output of this layer is the input of the fine-tuned last block ('block_15_add' in MobileNetV2). */
  cutName: string;
  cutShape: number[];
  featureCount: number;
  /** image → [cut activations, last spatial map]. */
  extractor: tfl.LayersModel;
  dispose(): void;
}

/**
 * nsfwjs's features are read at the last inverted-residual block (7×7×320), not at out_relu:
 * Conv_1's 1×1 expansion to 1280 was trained with nsfwjs's 5-class head, and on ct-lesions its
 * pooled features separated lesions far worse (SVM test AUC 0.60 vs 0.88, 320 slices, measured
 * while building this lab).
 */
export const NSFWJS_FEATURE_LAYER = 'block_16_project_BN';

export async function openBackbone(modelDir?: string, featureLayer?: string): Promise<Lab7Backbone> {
  const base = modelDir ? await loadModel(modelDir) : await loadMobileNetV2FromNsfwjs();
  const shape = base.inputs[0]!.shape;
  const layerName = featureLayer ?? (modelDir ? lastSpatialLayerName(base) : NSFWJS_FEATURE_LAYER);
  const cutName = findCut(base, layerName);
  const cut = baseOutput(base.getLayer(cutName));
  const last = baseOutput(base.getLayer(layerName));
  const extractor = tfl.model({ inputs: base.inputs, outputs: [cut, last] });
  return {
    base, source: modelDir ?? 'nsfwjs MobileNetV2 (not ImageNet-1k)', inputSize: shape[1] ?? 224, channels: shape[3] ?? 3,
    layerName, cutName, cutShape: cut.shape.slice(1) as number[], featureCount: last.shape[3]!, extractor,
    dispose: () => base.dispose(),
  };
}

/**
 * [b, s, s, 1] grey in [0, 1] → [b, inputSize, inputSize, channels] in [0, 1] (the scale nsfwjs
 * feeds its model), after a 3×3 binomial smoothing: CT noise at full resolution otherwise
 * dominates the pretrained filters (frozen-feature AUC 0.72 with it vs 0.43 without, measured).
 */
export function toBackboneInput(backbone: Lab7Backbone, grey: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const k = [0.25, 0.5, 0.25];
    const smooth = tf.conv2d(grey, tf.tensor4d(k.flatMap((a) => k.map((b) => a * b)), [3, 3, 1, 1]), 1, 'same');
    const resized = tf.image.resizeBilinear(smooth, [backbone.inputSize, backbone.inputSize]);
    return backbone.channels === 1 ? resized : tf.tile(resized, [1, 1, 1, backbone.channels]);
  });
}

/** The backbone from `cutName` to `layerName` as its own model, sharing the base's weights. */
export function buildTail(backbone: Lab7Backbone): tfl.LayersModel {
  return tailModel(backbone.base, backbone.cutName, backbone.layerName);
}

/** Copies of the tail's weights, to restore the pretrained block before the next fine-tuning run. */
export function snapshotWeights(model: tfl.LayersModel): tf.Tensor[] {
  return model.getWeights().map((w) => tf.clone(w));
}

export function restoreWeights(model: tfl.LayersModel, saved: tf.Tensor[]): void {
  model.setWeights(saved);
}
