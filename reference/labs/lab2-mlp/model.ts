/** Lab 2's model: one hidden layer over the 64 pixels, softmax over the 10 digits, built by lab 1's seeded dense builder. */
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Rng } from '../../core/seed.js';
import { createDenseModel } from '../lab1-supervised/model.js';
import type { Variant } from './config.js';

/** Number of classes (digits 0-9). */
export const K = 10;

/** v picks activation, loss, optimizer and rate; extra adds dropout and/or L2. */
export function createMlp(inputs: number, hidden: number, v: Variant, extra: { dropout?: number; l2?: number }, rng: Rng): tfl.Sequential {
  return createDenseModel({ inputs, hidden: [hidden], outputs: K, ...v, ...extra }, rng);
}

/** Short name of a variant, used as its curve's label: activation/ce|mse/optimizer. */
export const variantLabel = (v: Variant): string => `${v.activation}/${v.loss === 'meanSquaredError' ? 'mse' : 'ce'}/${v.optimizer}`;
