import type { Node } from './ast.js';
import type { Module } from './program.js';

/**
 * Labels carried by abstract values. Plain strings keep sets cheap to union.
 * - T: test data; TR / VAL: came from a train / validation path; TS: a score measured on test data
 * - E: one element of a collection (per-sample statistics are not leakage)
 * - SL: 2D slices cut from 3D volumes
 * - O:id: origin of a data set, so a fit can be matched to a later split of the same data
 * - P:sid / H:sid: training / held-out part of split sid
 * - R:rid: touched by a fitted transform, statistic or augmentation recorded as rid
 * - SEL:line: result of an argmax/sort/max over test scores, reported when it picks something
 */
export type Labels = ReadonlySet<string>;

export interface FnRef {
  kind: 'def' | 'lambda';
  node: Node;
  module: Module;
  name: string;
  /** Class that owns a method. */
  owner?: ClassRef;
  /** Variables visible where a lambda or nested def was created. */
  closure?: Map<string, Value>;
}

export interface ClassRef {
  name: string;
  module: Module;
  methods: Map<string, FnRef>;
}

export interface Value {
  labels: Labels;
  /** Positional structure (tuples, lists, multiple return values). */
  items?: Value[];
  /** Dict entries by constant key, or attributes of an object (mutable for objects). */
  fields?: Map<string, Value>;
  /** Structure of one element when iterating (zip, cross-validation splitters). */
  elem?: Value;
  /** Constant string, number or boolean. */
  str?: string;
  num?: number;
  bool?: boolean;
  /** Constructor name for objects built by a call (StandardScaler, ImageDataGenerator, user classes). */
  type?: string;
  fn?: FnRef;
  cls?: ClassRef;
  module?: Module;
  /** Instances of user classes: fields are shared by every alias. */
  object?: boolean;
  /** A loop variable running over X.shape[k]: indexing a volume with it cuts a slice. */
  sliceIndex?: boolean;
  /** dict.items() of a dict with known keys: loops over it are unrolled by key. */
  itemsOf?: boolean;
}

export const EMPTY: Labels = new Set();
export const empty = (): Value => ({ labels: EMPTY });
export const withLabels = (labels: Iterable<string>): Value => ({ labels: new Set(labels) });

export function union(...sets: (Labels | undefined)[]): Labels {
  const nonEmpty = sets.filter((s): s is Labels => !!s && s.size > 0);
  if (nonEmpty.length === 0) return EMPTY;
  if (nonEmpty.length === 1) return nonEmpty[0]!;
  const out = new Set<string>();
  for (const s of nonEmpty) for (const l of s) out.add(l);
  return out;
}

export function without(labels: Labels, drop: (l: string) => boolean): Labels {
  let hit = false;
  for (const l of labels) if (drop(l)) { hit = true; break; }
  if (!hit) return labels;
  return new Set([...labels].filter((l) => !drop(l)));
}

export const isAtom = (l: string) => l.startsWith('O:');
export const hasPrefix = (labels: Labels, prefix: string) => [...labels].some((l) => l.startsWith(prefix));

/** Labels of a value and everything inside it. */
export function allLabels(v: Value, depth = 0): Labels {
  if (depth > 4) return v.labels;
  const parts: Labels[] = [v.labels];
  for (const i of v.items ?? []) parts.push(allLabels(i, depth + 1));
  if (v.fields) for (const f of v.fields.values()) if (!f.fn && !f.module) parts.push(allLabels(f, depth + 1));
  return union(...parts);
}

/** Union of two values; structure is kept only where both agree. */
export function join(a: Value, b: Value): Value {
  if (a === b) return a;
  const out: Value = { labels: union(a.labels, b.labels) };
  if (a.items && b.items && a.items.length === b.items.length) out.items = a.items.map((x, i) => join(x, b.items![i]!));
  if (a.object && a.fields === b.fields) { out.fields = a.fields; out.object = true; }
  else if (a.fields && b.fields) {
    out.fields = new Map(a.fields);
    for (const [k, v] of b.fields) out.fields.set(k, out.fields.has(k) ? join(out.fields.get(k)!, v) : v);
  }
  for (const key of ['type', 'fn', 'cls', 'module', 'str', 'num', 'bool'] as const) {
    if (a[key] !== undefined && a[key] === b[key]) (out as unknown as Record<string, unknown>)[key] = a[key];
  }
  if (a.sliceIndex && b.sliceIndex) out.sliceIndex = true;
  return out;
}

/** A stable text key for memoising function calls by the labels of their arguments. */
export function valueKey(v: Value, depth = 0): string {
  const base = [...v.labels].sort().join(',');
  const extra = [v.str, v.num, v.bool, v.type, v.fn?.name, v.sliceIndex ? 'z' : ''].join('|');
  const items = v.items && depth < 3 ? `[${v.items.map((i) => valueKey(i, depth + 1)).join(';')}]` : '';
  const fields = v.fields && !v.object && depth < 3
    ? `{${[...v.fields].map(([k, f]) => `${k}:${valueKey(f, depth + 1)}`).join(';')}}` : '';
  return `${base}#${extra}${items}${fields}`;
}
