/** Lab 2 training: seeded fit with a per-epoch validation loss, then probabilities on each table asked for. */
import type { Rng } from '../../core/seed.js';
import type { Table } from '../lab1-supervised/data.js';
import { predict } from '../lab1-supervised/evaluate.js';
import { disposeModel } from '../lab1-supervised/model.js';
import { fitSeeded, type CurvePoint } from '../lab1-supervised/train.js';
import type { Variant } from './config.js';
import { createMlp, K } from './model.js';

export interface Trained { curve: CurvePoint[]; probs: Float32Array[] }

export async function trainOne(v: Variant, hidden: number, extra: { dropout?: number; l2?: number }, train: Table, val: Table, evals: Table[], epochs: number, batchSize: number, rng: Rng): Promise<Trained> {
  const model = createMlp(train.p, hidden, v, extra, rng);
  try {
    const curve = await fitSeeded(model, train, val, K, rng, { epochs, batchSize });
    const probs: Float32Array[] = [];
    for (const t of evals) probs.push(await predict(model, t));
    return { curve, probs };
  } finally {
    disposeModel(model);
  }
}
