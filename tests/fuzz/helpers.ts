import { expect } from 'vitest';
import { MedgradeError } from '../../harness/errors.js';

/** One seed for every fuzzer, so a failure repeats; change it to explore. */
export const SEED = Number(process.env.MEDGRADE_FUZZ_SEED ?? 20261122);

/** Cases per property: small by default (shared CI), more with MEDGRADE_FUZZ_RUNS. */
export function runs(n: number): number {
  return Number(process.env.MEDGRADE_FUZZ_RUNS ?? n);
}

/**
 * Calls a parser on fuzzed input: it must return (then `check` validates what it
 * returned) or throw a MedgradeError naming `file`, within `boundMs`. Anything
 * else (TypeError, RangeError, a hang) fails the property.
 */
export function parsesOrRefuses<T>(file: string, fn: () => T, check: (value: T) => void = () => {}, boundMs = 2000): void {
  const start = performance.now();
  let value: T;
  try {
    value = fn();
  } catch (e) {
    if (!(e instanceof MedgradeError)) throw e;
    expect(e.message).toContain(file);
    return;
  } finally {
    expect(performance.now() - start).toBeLessThan(boundMs);
  }
  check(value);
}

export async function parsesOrRefusesAsync<T>(file: string, fn: () => Promise<T>, check: (value: T) => void = () => {}, boundMs = 5000): Promise<void> {
  const start = performance.now();
  let value: T;
  try {
    value = await fn();
  } catch (e) {
    if (!(e instanceof MedgradeError)) throw e;
    expect(e.message).toContain(file);
    return;
  } finally {
    expect(performance.now() - start).toBeLessThan(boundMs);
  }
  check(value);
}
