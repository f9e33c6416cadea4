import { MedgradeError } from '../errors.js';

/**
 * A metric was called with inputs it cannot score: wrong lengths, NaN scores,
 * labels outside {0,1}. The message states what was expected and what arrived,
 * so a grader can tell a student's bad CSV from a bug in the harness.
 */
export class MetricError extends MedgradeError {
  constructor(readonly metric: string, message: string) {
    super('E_USAGE', `${metric}: ${message}`);
    this.name = 'MetricError';
  }
}

/** Length of an array-like as a readable description, for error messages. */
function describe(values: ArrayLike<number>): string {
  return `length ${values.length}`;
}

/** Both inputs must be non-empty and equally long; sklearn raises on 0 samples too. */
export function requireSameLength(metric: string, a: ArrayLike<number>, b: ArrayLike<number>, names = ['yTrue', 'yScore']): void {
  if (a.length !== b.length) {
    throw new MetricError(metric, `expected ${names[0]} and ${names[1]} of equal length, got ${describe(a)} and ${describe(b)}`);
  }
  if (a.length === 0) throw new MetricError(metric, 'expected at least 1 sample, got 0');
}

/** Copies 0/1 labels into a Uint8Array, rejecting anything else (2, -1, 0.5, NaN). */
export function binaryLabels(metric: string, yTrue: ArrayLike<number>, name = 'yTrue'): Uint8Array {
  const out = new Uint8Array(yTrue.length);
  for (let i = 0; i < yTrue.length; i++) {
    const v = yTrue[i]!;
    if (v !== 0 && v !== 1) throw new MetricError(metric, `expected ${name} values in {0, 1}, got ${v} at index ${i}`);
    out[i] = v;
  }
  return out;
}

/** Copies scores into a Float64Array; NaN and ±Infinity are errors, as in sklearn's check_array. */
export function finiteScores(metric: string, yScore: ArrayLike<number>, name = 'yScore'): Float64Array {
  const out = new Float64Array(yScore.length);
  for (let i = 0; i < yScore.length; i++) {
    const v = yScore[i]!;
    if (!Number.isFinite(v)) throw new MetricError(metric, `expected finite ${name}, got ${v} at index ${i}`);
    out[i] = v;
  }
  return out;
}

/** Integer class labels (any integer, possibly negative); NaN or fractions are errors. */
export function integerLabels(metric: string, values: ArrayLike<number>, name: string): Int32Array {
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v)) throw new MetricError(metric, `expected integer ${name}, got ${v} at index ${i}`);
    out[i] = v;
  }
  return out;
}
