/**
 * Deep features: one backbone pass per image gives the global-average-pooled last map (the
 * exported features) and the activations where the last block starts (what fine-tuning reads).
 * Both depend only on the images and the backbone, not on the seed, so they are cached on disk
 * under .medgrade/cache/lab7 (MEDGRADE_LAB7_CACHE overrides; '' disables the cache).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { toBackboneInput, type Lab7Backbone } from './backbone.js';

export interface GreySet { x: Float32Array; count: number; size: number }

export interface DeepFeatures {
  /** count × featureCount, row-major. */
  pooled: Float32Array;
  /** count × prod(cutShape), row-major. */
  cut: Float32Array;
  count: number;
  featureCount: number;
  cutShape: number[];
  /** Seconds the backbone pass took (on a cache hit: when the cache was filled). */
  seconds: number;
  cached: boolean;
}

export function defaultCacheDir(): string {
  const env = process.env['MEDGRADE_LAB7_CACHE'];
  if (env !== undefined) return env;
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '.medgrade', 'cache', 'lab7');
}

export async function extractDeepFeatures(backbone: Lab7Backbone, set: GreySet, batchSize = 16): Promise<DeepFeatures> {
  const px = set.size * set.size, per = backbone.cutShape.reduce((a, b) => a * b, 1), F = backbone.featureCount;
  const pooled = new Float32Array(set.count * F), cut = new Float32Array(set.count * per);
  const t0 = performance.now();
  for (let s = 0; s < set.count; s += batchSize) {
    const e = Math.min(set.count, s + batchSize);
    const [c, p] = tf.tidy(() => {
      const grey = tf.tensor4d(set.x.subarray(s * px, e * px), [e - s, set.size, set.size, 1]);
      const [cutAct, last] = backbone.extractor.predict(toBackboneInput(backbone, grey)) as tf.Tensor4D[];
      return [cutAct!, tf.mean(last!, [1, 2])];
    });
    cut.set(await c!.data(), s * per);
    pooled.set(await p!.data(), s * F);
    tf.dispose([c!, p!]);
  }
  return { pooled, cut, count: set.count, featureCount: F, cutShape: backbone.cutShape, seconds: (performance.now() - t0) / 1000, cached: false };
}

/** extractDeepFeatures through the disk cache, keyed by backbone source, cut layer and the images' bytes. */
export async function cachedDeepFeatures(backbone: Lab7Backbone, set: GreySet, cacheDir = defaultCacheDir()): Promise<DeepFeatures> {
  if (!cacheDir) return extractDeepFeatures(backbone, set);
  const key = createHash('sha256').update(`${backbone.source}\0${backbone.cutName}\0${backbone.layerName}\0${set.size}\0smooth3\0`)
    .update(new Uint8Array(set.x.buffer, set.x.byteOffset, set.x.byteLength)).digest('hex').slice(0, 24);
  const file = path.join(cacheDir, `${key}.f32`);
  const per = backbone.cutShape.reduce((a, b) => a * b, 1), F = backbone.featureCount;
  const expected = set.count * (F + per) * 4;
  if (existsSync(file) && existsSync(`${file}.json`)) {
    const bytes = readFileSync(file);
    if (bytes.byteLength === expected) {
      const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      // The time of the pass that filled the cache, so "time per approach" stays honest on a warm cache.
      const { seconds } = JSON.parse(readFileSync(`${file}.json`, 'utf8')) as { seconds: number };
      return { pooled: all.slice(0, set.count * F), cut: all.slice(set.count * F), count: set.count, featureCount: F, cutShape: backbone.cutShape, seconds, cached: true };
    }
  }
  const f = await extractDeepFeatures(backbone, set);
  mkdirSync(cacheDir, { recursive: true });
  const all = new Float32Array(set.count * (F + per));
  all.set(f.pooled, 0); all.set(f.cut, set.count * F);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, new Uint8Array(all.buffer));
  renameSync(tmp, file);
  writeFileSync(`${file}.json`, JSON.stringify({ seconds: f.seconds, count: set.count, source: backbone.source }));
  return f;
}

/** Per-feature mean and std of the TRAINING rows; applied to every split (no test statistics leak in). */
export interface Standardiser { mean: Float32Array; std: Float32Array; apply(x: Float32Array): Float32Array }

export function standardiser(train: Float32Array, count: number, dims: number): Standardiser {
  const sum = new Float64Array(dims), sq = new Float64Array(dims);
  for (let i = 0; i < count; i++) for (let j = 0; j < dims; j++) { const v = train[i * dims + j]!; sum[j]! += v; sq[j]! += v * v; }
  const mean = new Float32Array(dims), std = new Float32Array(dims);
  // A feature that is (almost) constant on the training rows would blow up on other rows: leave it unscaled.
  for (let j = 0; j < dims; j++) { mean[j] = sum[j]! / count; const s = Math.sqrt(Math.max(0, sq[j]! / count - (sum[j]! / count) ** 2)); std[j] = s > 1e-6 ? s : 1; }
  return { mean, std, apply: (x) => x.map((v, k) => (v - mean[k % dims]!) / std[k % dims]!) };
}
