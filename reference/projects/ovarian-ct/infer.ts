/**
 * Sliding-window inference at the training crop size (nnU-Net's): the network only ever sees
 * inputs of the size it was trained on. Instance normalisation takes its statistics from the
 * whole input, so a model trained on 16×16×8 crops and run on a whole 48×48×24 volume sees
 * differently normalised features (mostly air and bone) and floods it with false positives;
 * measured on the ci config: thousands of primary voxels per volume on whole volumes.
 */
import * as tf from '@tensorflow/tfjs-core';
import { forwardUNet, type UNet } from './model.js';

/** Window origins along one axis: every `step` voxels, plus one flush with the far edge. */
export function windowStarts(size: number, window: number, overlap: number): number[] {
  if (window > size) throw new Error(`window ${window} larger than volume ${size}`);
  const step = Math.max(1, Math.ceil(window * (1 - overlap)));
  const starts: number[] = [];
  for (let s = 0; s + window < size; s += step) starts.push(s);
  starts.push(size - window);
  return starts;
}

/**
 * Mean softmax over overlapping windows, then argmax. `image` is a windowed volume in file
 * order (x fastest), `shape` and `window` are [x, y, z]; returns labels in the same order.
 * Windows are batched (`batch` at a time): instance norm and SE are per example, so batching
 * does not change any window's output.
 */
export function predictSliding(net: UNet, image: Float32Array, shape: [number, number, number], window: [number, number, number], overlap = 0.5, batch = 8): Uint8Array {
  const [nx, ny, nz] = shape, [wx, wy, wz] = window;
  const classes = net.options.classes;
  const origins: [number, number, number][] = [];
  for (const oz of windowStarts(nz, wz, overlap)) for (const oy of windowStarts(ny, wy, overlap)) for (const ox of windowStarts(nx, wx, overlap)) origins.push([ox, oy, oz]);
  const sum = new Float32Array(nx * ny * nz * classes);
  const hits = new Uint16Array(nx * ny * nz);
  const per = wx * wy * wz;
  for (let b = 0; b < origins.length; b += batch) {
    const group = origins.slice(b, b + batch);
    const input = new Float32Array(group.length * per);
    group.forEach(([ox, oy, oz], g) => {
      for (let z = 0; z < wz; z++) for (let y = 0; y < wy; y++) {
        const src = ((oz + z) * ny + oy + y) * nx + ox;
        input.set(image.subarray(src, src + wx), g * per + (z * wy + y) * wx);
      }
    });
    const probs = tf.tidy(() => tf.softmax(forwardUNet(net, tf.tensor5d(input, [group.length, wz, wy, wx, 1])).main).dataSync() as Float32Array);
    group.forEach(([ox, oy, oz], g) => {
      for (let z = 0; z < wz; z++) for (let y = 0; y < wy; y++) for (let x = 0; x < wx; x++) {
        const v = ((oz + z) * ny + oy + y) * nx + ox + x, src = (g * per + (z * wy + y) * wx + x) * classes;
        hits[v]!++;
        for (let k = 0; k < classes; k++) sum[v * classes + k]! += probs[src + k]!;
      }
    });
  }
  const labels = new Uint8Array(nx * ny * nz);
  for (let v = 0; v < labels.length; v++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (sum[v * classes + k]! > sum[v * classes + best]!) best = k;
    labels[v] = best;
  }
  return labels;
}
