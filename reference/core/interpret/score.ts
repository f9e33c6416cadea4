/**
 * The class score that saliency and Grad-CAM differentiate. Single-sigmoid output (one unit):
 * the score is the logit z for the positive class and −z for the negative class, because
 * σ(−z) = 1 − σ(z) is the negative class's probability. Softmax output: the logit of the class.
 */
import * as tf from '@tensorflow/tfjs-core';

export type SigmoidTarget = 'positive' | 'negative' | 'auto';

export interface ScoreOptions {
  /** Softmax outputs: the class to explain (default: the predicted one). Single sigmoid: 1 = positive, 0 = negative. */
  classIndex?: number;
  /** Single sigmoid output: which class to explain; 'auto' (default) takes the predicted one (p ≥ 0.5 → positive). */
  sigmoid?: SigmoidTarget;
}

export interface ScoreChoice {
  /** Softmax: the class index; single sigmoid: 1 positive, 0 negative. */
  classIndex: number;
  /** 'positive' | 'negative' for a single sigmoid, undefined for multi-class outputs. */
  target?: 'positive' | 'negative';
  /** Probability the model gives the explained class. */
  probability: number;
}

/**
 * Picks the explained class from a forward pass (`out` of batch 1, logits when `logit`) and
 * returns it with its probability. Runs outside the gradient so the choice is fixed.
 */
export function chooseClass(out: tf.Tensor, logit: boolean, options: ScoreOptions): ScoreChoice {
  const v = out.dataSync();
  if (v.length === 1) {
    const p = logit ? 1 / (1 + Math.exp(-v[0]!)) : v[0]!;
    let target: 'positive' | 'negative';
    if (options.sigmoid && options.sigmoid !== 'auto') target = options.sigmoid;
    else if (options.classIndex !== undefined) target = options.classIndex === 0 ? 'negative' : 'positive';
    else target = p >= 0.5 ? 'positive' : 'negative';
    return { classIndex: target === 'positive' ? 1 : 0, target, probability: target === 'positive' ? p : 1 - p };
  }
  const probs = logit ? Array.from(tf.tidy(() => tf.softmax(tf.reshape(out, [-1]))).dataSync()) : Array.from(v);
  const c = options.classIndex ?? probs.indexOf(Math.max(...probs));
  if (!Number.isInteger(c) || c < 0 || c >= probs.length) throw new Error(`classIndex ${c} is outside 0..${probs.length - 1}`);
  return { classIndex: c, probability: probs[c]! };
}

/** The scalar to differentiate, from the model's `out` (batch 1). */
export function scoreTensor(out: tf.Tensor, logit: boolean, choice: ScoreChoice): tf.Scalar {
  const flat = tf.reshape(out, [-1]);
  if (choice.target) {
    // Without a logit (a model whose sigmoid we could not strip) take log-odds of the probability.
    const z = logit ? flat : tf.sub(tf.log(tf.clipByValue(flat, 1e-7, 1)), tf.log(tf.clipByValue(tf.sub(1, flat), 1e-7, 1)));
    const s = tf.reshape(z, []) as tf.Scalar;
    return choice.target === 'positive' ? s : tf.neg(s);
  }
  return tf.reshape(tf.slice(flat, [choice.classIndex], [1]), []) as tf.Scalar;
}

export function assertBatchOne(input: tf.Tensor, what: string): void {
  if (input.rank !== 4 || input.shape[0] !== 1) {
    throw new Error(`${what}: expected input of shape [1, height, width, channels], got [${input.shape.join(', ')}]`);
  }
}
