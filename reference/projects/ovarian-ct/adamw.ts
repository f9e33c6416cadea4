/**
 * AdamW (Loshchilov & Hutter) as PyTorch's torch.optim.AdamW computes it, including
 * amsgrad (the notebook sets it). tfjs ships Adam only, whose "decay" is L2 in the gradient;
 * here the decay is decoupled: p ← p·(1 − lr·wd) before the Adam step, so it is not
 * rescaled by the adaptive denominator. Per step t (from 1), with g the gradient:
 *   m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  v̂max ← max(v̂max, v) (amsgrad)
 *   p ← p − (lr / (1−β1^t)) · m / (sqrt(v or v̂max) / sqrt(1−β2^t) + ε)
 * lr and β1 are passed per step, so a one-cycle schedule can drive both.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface AdamWOptions {
  beta2: number;
  epsilon: number;
  weightDecay: number;
  amsgrad: boolean;
}

export const ADAMW_DEFAULTS: AdamWOptions = { beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01, amsgrad: false };

export interface AdamW {
  /** Applies one update to every variable that has a gradient; `beta1` defaults to 0.9. */
  step(grads: Record<string, tf.Tensor>, lr: number, beta1?: number): void;
  /** Number of updates applied so far. */
  readonly steps: number;
  dispose(): void;
}

export function createAdamW(vars: Map<string, tf.Variable>, options: Partial<AdamWOptions> = {}): AdamW {
  const o = { ...ADAMW_DEFAULTS, ...options };
  const m = new Map<string, tf.Variable>();
  const v = new Map<string, tf.Variable>();
  const vmax = new Map<string, tf.Variable>();
  // A variable shares its initial tensor's data; the initial tensor itself must still be disposed.
  const zeros = (p: tf.Variable): tf.Variable => { const z = tf.zerosLike(p); const x = tf.variable(z, false); z.dispose(); return x; };
  for (const [name, p] of vars) {
    m.set(name, zeros(p));
    v.set(name, zeros(p));
    if (o.amsgrad) vmax.set(name, zeros(p));
  }
  let t = 0;
  return {
    get steps() { return t; },
    step(grads, lr, beta1 = 0.9) {
      t++;
      const bc1 = 1 - beta1 ** t;
      const bc2Sqrt = Math.sqrt(1 - o.beta2 ** t);
      tf.tidy(() => {
        for (const [name, p] of vars) {
          const g = grads[name];
          if (!g) continue;
          const mi = m.get(name)!, vi = v.get(name)!;
          mi.assign(tf.add(tf.mul(beta1, mi), tf.mul(1 - beta1, g)));
          vi.assign(tf.add(tf.mul(o.beta2, vi), tf.mul(1 - o.beta2, tf.square(g))));
          let second: tf.Tensor = vi;
          if (o.amsgrad) { const mx = vmax.get(name)!; mx.assign(tf.maximum(mx, vi)); second = mx; }
          const denom = tf.add(tf.div(tf.sqrt(second), bc2Sqrt), o.epsilon);
          const decayed = tf.mul(p, 1 - lr * o.weightDecay);
          p.assign(tf.sub(decayed, tf.mul(lr / bc1, tf.div(mi, denom))));
        }
      });
    },
    dispose() {
      for (const map of [m, v, vmax]) { for (const x of map.values()) x.dispose(); map.clear(); }
    },
  };
}
