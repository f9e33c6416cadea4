/**
 * What lab 8 needs from a lab: a trained binary classifier and labelled test images whose
 * lesion masks say where the evidence is. Lab 5's CNN and lab 7's MobileNetV2 are adapted
 * to this shape in subjects.ts; anything else that fits can be studied the same way.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/** Grey test images in their stored intensity scale [0, 1], with labels and lesion masks. */
export interface LabelledImages {
  /** Width = height of every image. */
  size: number;
  count: number;
  /** count × size × size, row-major, values in [0, 1] (corruptions are applied in this scale). */
  x: Float32Array;
  /** 1 = lesion (positive class), 0 = normal. */
  y: Float32Array;
  /** count × size × size; > 0 inside the lesion. All zero for normal images. */
  masks: Uint8Array;
  /** Optional names (file names) for figures and tables. */
  names?: string[];
}

/** A trained single-sigmoid classifier, P(lesion), and how to feed it grey [0, 1] images. */
export interface ExplainableModel {
  /** Short id used in metric names and file names, e.g. 'lab5' or 'lab7'. */
  id: string;
  /** Human-readable description for the findings. */
  title: string;
  model: tfl.LayersModel;
  /**
   * [b, size, size, 1] grey in [0, 1] → the model's input (normalisation, resizing to 224 and
   * three channels for MobileNetV2). Identity when absent. Must not dispose its argument.
   */
  toInput?: (x: tf.Tensor4D) => tf.Tensor4D;
  /** Grad-CAM target layer; default: the last spatial layer (reference/core lastSpatialLayerName). */
  layerName?: string;
  /** Frees the model and whatever else the adapter holds. */
  dispose(): void;
}
