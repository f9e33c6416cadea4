/**
 * Attribution maps in image space for an ExplainableModel. Grad-CAM runs on the model's own
 * input (after `toInput`) and its layer-resolution map is upsampled to the image; saliency is
 * differentiated through `toInput` as well, so it lands on the grey image's own pixels even
 * when the model sees a 224×224×3 resize (lab 7). Both explain the lesion (positive) class.
 */
import * as tf from '@tensorflow/tfjs-core';
import { gradCam, upsampleBilinear } from '../../core/interpret/index.js';
import { modelInputId, runFrom } from '../../core/interpret/graph.js';
import { chooseClass, scoreTensor } from '../../core/interpret/score.js';
import type { ExplainableModel, LabelledImages } from './types.js';

export interface ImageMaps {
  /** Grad-CAM upsampled to size×size, in [0, 1]. */
  gradCam: Float32Array;
  /** |∂ lesion logit / ∂ pixel| on the grey image, size×size, in [0, 1]. */
  saliency: Float32Array;
  /** Grad-CAM's own resolution (e.g. 16×16 for lab 5's last conv, 7×7 for MobileNetV2). */
  camWidth: number;
  camHeight: number;
  /** P(lesion) the model gives this image. */
  probability: number;
}

/** Runs `f` on the model's input for grey images x ([b,s,s,1]); toInput's intermediates are freed by the caller's tidy. */
export function modelInput(subject: ExplainableModel, x: tf.Tensor4D): tf.Tensor4D {
  return subject.toInput ? subject.toInput(x) : x;
}

/** Saliency on the grey image: the gradient flows through `toInput` (resize, normalisation). */
export function imageSaliency(subject: ExplainableModel, image: tf.Tensor4D): Float32Array {
  const inputId = modelInputId(subject.model);
  const out = tf.tidy(() => {
    const first = runFrom(subject.model, new Map([[inputId, modelInput(subject, image)]]), 'logit');
    const choice = chooseClass(first.out, first.logit, { sigmoid: 'positive' });
    const f = (x: tf.Tensor): tf.Scalar => {
      const run = runFrom(subject.model, new Map([[inputId, modelInput(subject, x as tf.Tensor4D)]]), 'logit');
      return scoreTensor(run.out, run.logit, choice);
    };
    const g = tf.abs(tf.grad(f)(image));
    return tf.divNoNan(g, tf.max(g));
  });
  const data = Float32Array.from(out.dataSync());
  out.dispose();
  return data;
}

/** Grad-CAM and saliency for image `index` of `data`; no tensors are left behind. */
export function imageMaps(subject: ExplainableModel, data: LabelledImages, index: number): ImageMaps {
  const s = data.size, px = s * s;
  const image = tf.tensor4d(data.x.subarray(index * px, (index + 1) * px), [1, s, s, 1]);
  try {
    const input = modelInput(subject, image);
    const cam = gradCam(subject.model, input, { sigmoid: 'positive', ...(subject.layerName ? { layerName: subject.layerName } : {}) });
    if (input !== image) input.dispose();
    const up = cam.width === s && cam.height === s ? cam.heatmap : upsampleBilinear(cam.heatmap, cam.width, cam.height, s, s);
    return { gradCam: up, saliency: imageSaliency(subject, image), camWidth: cam.width, camHeight: cam.height, probability: cam.probability };
  } finally {
    image.dispose();
  }
}

/** P(lesion) for every image of x (count × size × size grey), in batches. */
export async function predictImages(subject: ExplainableModel, x: Float32Array, count: number, size: number, batchSize = 32): Promise<Float32Array> {
  const out = new Float32Array(count), px = size * size;
  for (let s = 0; s < count; s += batchSize) {
    const e = Math.min(count, s + batchSize);
    const p = tf.tidy(() => {
      const input = modelInput(subject, tf.tensor4d(x.subarray(s * px, e * px), [e - s, size, size, 1]));
      return tf.reshape(subject.model.predict(input) as tf.Tensor, [-1]);
    });
    out.set(await p.data(), s);
    p.dispose();
  }
  return out;
}
