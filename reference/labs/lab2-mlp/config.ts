/** ci runs in seconds for tests; small is the registry's default; full is the lab as taught. All use the real digits. */
import type { ReferenceConfig } from '../../registry/types.js';
import type { Activation, LossName, OptimizerName } from '../lab1-supervised/model.js';

export interface Variant { activation: Activation; loss: LossName; optimizer: OptimizerName; learningRate: number }

export interface Lab2Config {
  name: ReferenceConfig;
  split: { val: number; test: number };
  epochs: number;
  batchSize: number;
  hidden: number;
  /** The reference model (its test metrics go to the registry). */
  base: Variant;
  /** Compared against base; each changes one thing. */
  variants: Variant[];
  /** Under/overfitting study: a tiny model, and a wide one on few examples, with and without dropout/L2. */
  regularisation: { trainSize: number; underHidden: number; overHidden: number; epochs: number; dropout: number; l2: number };
  /** The lab's stated margin over the majority class in test accuracy. */
  margin: number;
}

const LR: Record<OptimizerName, number> = { adam: 0.01, rmsprop: 0.005, sgd: 0.1 };
const v = (activation: Activation, loss: LossName, optimizer: OptimizerName): Variant => ({ activation, loss, optimizer, learningRate: LR[optimizer] });

export function lab2Config(name: ReferenceConfig): Lab2Config {
  const base = v('relu', 'categoricalCrossentropy', 'adam');
  const variants = [
    v('tanh', 'categoricalCrossentropy', 'adam'), v('sigmoid', 'categoricalCrossentropy', 'adam'),
    v('relu', 'meanSquaredError', 'adam'), v('relu', 'categoricalCrossentropy', 'sgd'), v('relu', 'categoricalCrossentropy', 'rmsprop'),
  ];
  const common = { name, split: { val: 0.2, test: 0.2 }, batchSize: 32, base, variants, margin: 0.5 };
  if (name === 'ci') return { ...common, epochs: 4, hidden: 32, regularisation: { trainSize: 60, underHidden: 1, overHidden: 128, epochs: 15, dropout: 0.5, l2: 0.01 } };
  if (name === 'small') return { ...common, epochs: 15, hidden: 64, regularisation: { trainSize: 100, underHidden: 1, overHidden: 256, epochs: 60, dropout: 0.5, l2: 0.01 } };
  return { ...common, epochs: 40, hidden: 128, regularisation: { trainSize: 150, underHidden: 1, overHidden: 512, epochs: 150, dropout: 0.5, l2: 0.01 } };
}
