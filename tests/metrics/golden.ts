import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * Loads tests/fixtures/golden/<name>.json (written by scripts/golden/make_golden.py).
 * Non-finite numbers arrive as the strings "NaN", "Infinity", "-Infinity".
 */
const special = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY } as const;
export const num = z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity']).transform((s) => special[s])]);
export const nums = z.array(num);
/** sklearn raised: the message it gave. */
export const raised = z.object({ error: z.string() });
/** A label volume stored as one digit per voxel. */
export const digitVolume = z.string().regex(/^[0-9]*$/).transform((s) => Uint8Array.from(s, (c) => Number(c)));

export function loadGolden<T extends z.ZodType>(name: string, caseSchema: T): z.output<T>[] {
  const path = fileURLToPath(new URL(`../fixtures/golden/${name}`, import.meta.url));
  const doc = z.object({ count: z.number(), cases: z.array(caseSchema) }).parse(JSON.parse(readFileSync(path, 'utf8')));
  if (doc.cases.length !== doc.count) throw new Error(`${name}: count ${doc.count} but ${doc.cases.length} cases`);
  return doc.cases;
}

/** Equal within tol·max(1, |expected|); NaN matches only NaN, ±Infinity only itself. */
export function close(actual: number, expected: number, tol = 1e-9): boolean {
  if (Number.isNaN(expected) || Number.isNaN(actual)) return Number.isNaN(expected) && Number.isNaN(actual);
  if (!Number.isFinite(expected) || !Number.isFinite(actual)) return actual === expected;
  return Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected));
}

export function closeArrays(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-9): boolean {
  if (actual.length !== expected.length) return false;
  for (let i = 0; i < actual.length; i++) if (!close(actual[i]!, expected[i]!, tol)) return false;
  return true;
}

/** Collects one line per disagreeing case, so a failure names every case, not just the first. */
export function mismatches(): { check: (id: string, ok: boolean, detail: () => unknown) => void; list: string[] } {
  const list: string[] = [];
  return {
    list,
    check: (id, ok, detail) => { if (!ok) list.push(`${id}: ${JSON.stringify(detail())}`); },
  };
}
