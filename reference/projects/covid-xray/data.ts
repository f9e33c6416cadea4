/**
 * Task 1: read a split into arrays, describe it, normalise by training statistics, augment.
 * Images are grey, float32 in [0, 1] before normalisation, NHWC with one channel.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { decodeGreyPng } from '../../data/covid-synthetic/png.js';
import type { ImageEntry } from '../../data/covid-synthetic/image-folder.js';
import type { Rng } from '../../core/seed.js';

export interface ImageSet {
  /** count·size·size pixels, row-major per image. */
  x: Float32Array;
  /** 1 = COVID (the positive class), 0 = Normal. */
  y: Float32Array;
  count: number;
  size: number;
  files: string[];
  /** "WxH" of each image as stored, before any resize. */
  storedSizes: string[];
}

export interface SplitStatistics {
  count: number;
  imageSizes: Record<string, number>;
  classes: { COVID: number; Normal: number };
  pixelMean: number;
  pixelStd: number;
}

/** Nearest-neighbour resize of one grey image; enough for the synthetic phantoms and real CXRs of similar size. */
function resizeNearest(src: Uint8Array, w: number, h: number, size: number, out: Float32Array, offset: number): void {
  for (let r = 0; r < size; r++) {
    const sr = Math.min(h - 1, Math.floor(((r + 0.5) * h) / size));
    for (let c = 0; c < size; c++) {
      const sc = Math.min(w - 1, Math.floor(((c + 0.5) * w) / size));
      out[offset + r * size + c] = src[sr * w + sc]! / 255;
    }
  }
}

/** Reads the entries (one split) into a size×size set. */
export function loadImageSet(entries: readonly ImageEntry[], size: number): ImageSet {
  const x = new Float32Array(entries.length * size * size);
  const y = new Float32Array(entries.length);
  const storedSizes: string[] = [];
  entries.forEach((e, i) => {
    const img = decodeGreyPng(readFileSync(e.path));
    storedSizes.push(`${img.width}x${img.height}`);
    resizeNearest(img.data, img.width, img.height, size, x, i * size * size);
    y[i] = e.label === 'COVID' ? 1 : 0;
  });
  return { x, y, count: entries.length, size, files: entries.map((e) => basename(e.path)), storedSizes };
}

/** Sizes, image sizes, class distribution and pixel mean/std (over all pixels, [0, 1] scale). */
export function splitStatistics(set: ImageSet): SplitStatistics {
  let sum = 0, sq = 0;
  for (const v of set.x) { sum += v; sq += v * v; }
  const n = set.x.length;
  const pixelMean = n ? sum / n : 0;
  const imageSizes: Record<string, number> = {};
  for (const s of set.storedSizes) imageSizes[s] = (imageSizes[s] ?? 0) + 1;
  const covid = set.y.reduce((a, v) => a + v, 0);
  return {
    count: set.count, imageSizes, classes: { COVID: covid, Normal: set.count - covid },
    pixelMean, pixelStd: n ? Math.sqrt(Math.max(0, sq / n - pixelMean ** 2)) : 0,
  };
}

/** (x - mean) / std with the TRAINING split's statistics, so val and test never inform preprocessing. */
export function normalise(set: ImageSet, train: Pick<SplitStatistics, 'pixelMean' | 'pixelStd'>): ImageSet {
  const std = train.pixelStd || 1;
  return { ...set, x: set.x.map((v) => (v - train.pixelMean) / std) };
}

/** Concatenates sets of the same size (train + val for the final retraining). */
export function concatSets(a: ImageSet, b: ImageSet): ImageSet {
  const x = new Float32Array(a.x.length + b.x.length); x.set(a.x); x.set(b.x, a.x.length);
  const y = new Float32Array(a.count + b.count); y.set(a.y); y.set(b.y, a.count);
  return { x, y, count: a.count + b.count, size: a.size, files: [...a.files, ...b.files], storedSizes: [...a.storedSizes, ...b.storedSizes] };
}

export interface AugmentOptions {
  /** Largest shift in pixels, each axis. */
  maxShift: number;
  /** Largest rotation in degrees. */
  maxRotateDeg: number;
  /** Brightness offset and contrast factor are drawn from ±this (in normalised units / as a fraction). */
  intensity: number;
}

/**
 * The three augmentations of task 1, seeded: a small rotation, a small translation (both with
 * nearest-neighbour sampling and edge clamping) and brightness/contrast jitter. No horizontal
 * flip: the heart's side is anatomy, not noise. Returns a new set.
 */
export function augmentSet(set: ImageSet, rng: Rng, opts: AugmentOptions): ImageSet {
  const { size } = set, px = size * size;
  const out = new Float32Array(set.x.length);
  const c = (size - 1) / 2;
  for (let i = 0; i < set.count; i++) {
    const angle = ((rng.next() * 2 - 1) * opts.maxRotateDeg * Math.PI) / 180;
    const dx = rng.int(2 * opts.maxShift + 1) - opts.maxShift, dy = rng.int(2 * opts.maxShift + 1) - opts.maxShift;
    const gain = 1 + (rng.next() * 2 - 1) * opts.intensity, offset = (rng.next() * 2 - 1) * opts.intensity;
    const cos = Math.cos(angle), sin = Math.sin(angle), base = i * px;
    for (let r = 0; r < size; r++) {
      for (let col = 0; col < size; col++) {
        const yr = r - dy - c, xr = col - dx - c;
        const sr = Math.min(size - 1, Math.max(0, Math.round(cos * yr - sin * xr + c)));
        const sc = Math.min(size - 1, Math.max(0, Math.round(sin * yr + cos * xr + c)));
        out[base + r * size + col] = set.x[base + sr * size + sc]! * gain + offset;
      }
    }
  }
  return { ...set, x: out };
}

/** Rows `order` of the set as tensors: xs [k, size, size, 1], ys [k, 1]. The caller disposes them. */
export function toTensors(set: ImageSet, order?: ArrayLike<number>): { xs: tf.Tensor4D; ys: tf.Tensor2D } {
  const idx = order ?? Array.from({ length: set.count }, (_, i) => i);
  const px = set.size * set.size;
  const x = new Float32Array(idx.length * px), y = new Float32Array(idx.length);
  for (let k = 0; k < idx.length; k++) {
    x.set(set.x.subarray(idx[k]! * px, (idx[k]! + 1) * px), k * px);
    y[k] = set.y[idx[k]!]!;
  }
  return { xs: tf.tensor4d(x, [idx.length, set.size, set.size, 1]), ys: tf.tensor2d(y, [idx.length, 1]) };
}
