/**
 * One integer seed drives everything random in a reference run: weight initialisers, data
 * shuffling, augmentation and synthetic generators. tfjs's own fit(shuffle: true) uses
 * Math.random, so seeded runs shuffle with `shuffledIndices` and call fit with shuffle: false.
 */
import { mulberry32 } from './prng.js';
import * as tfl from '@tensorflow/tfjs-layers';

export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** A fresh 31-bit seed for a sub-stream (one layer, one generator). */
  seed(): number;
  /** A new Rng whose stream is independent of later draws from this one. */
  fork(): Rng;
}

/** mulberry32: small, fast, good enough for shuffling and initialiser seeds; bit-identical everywhere. */
export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  const next = mulberry32(seed);
  const rng: Rng = {
    next,
    int: (n) => Math.floor(next() * n),
    normal: () => {
      const u = Math.max(next(), 1e-12), v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    seed: () => Math.floor(next() * 0x7fffffff),
    fork: () => createRng(Math.floor(next() * 0x7fffffff)),
  };
  return rng;
}

/** Fisher–Yates permutation of 0..n-1. */
export function shuffledIndices(rng: Rng, n: number): Int32Array {
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = idx[i]!; idx[i] = idx[j]!; idx[j] = t;
  }
  return idx;
}

type Initializer = ReturnType<typeof tfl.initializers.glorotUniform>;

/** Per-layer seeded initialisers: each call draws a new seed so no two layers share weights. */
export interface SeededInit {
  glorotUniform(): Initializer;
  heNormal(): Initializer;
  /** Spread into a layer config: `{...init.dense(), units: 64}`. */
  layer(): { kernelInitializer: Initializer };
  /** For depthwise convolutions. */
  depthwise(): { depthwiseInitializer: Initializer };
  /** For dropout layers. */
  dropoutSeed(): number;
}

export function seededInit(rng: Rng): SeededInit {
  const glorotUniform = (): Initializer => tfl.initializers.glorotUniform({ seed: rng.seed() });
  return {
    glorotUniform,
    heNormal: () => tfl.initializers.heNormal({ seed: rng.seed() }),
    layer: () => ({ kernelInitializer: glorotUniform() }),
    depthwise: () => ({ depthwiseInitializer: glorotUniform() }),
    dropoutSeed: () => rng.seed(),
  };
}
