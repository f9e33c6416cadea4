import type { Node } from './ast.js';
import { keyOf, lineOf, type Module } from './program.js';
import { markReached, report, type Facts, type State } from './state.js';
import { allLabels, EMPTY, union, without, type Labels, type Value } from './values.js';

/** Labels a split output keeps: not the origin of the whole set, not single-element marks. */
function part(input: Labels, side: 'P' | 'H', sid: string, index: number, extra: string[] = []): Value {
  const kept = without(input, (l) => l.startsWith('O:') || l === 'E' || l.startsWith('SEL:'));
  return { labels: union(kept, new Set([`${side}:${sid}`, `O:${sid}#${index}`, ...extra])) };
}

function register(st: State, sid: string, input: Labels, cv: boolean): void {
  const prev = st.splits.get(sid);
  st.splits.set(sid, { sid, input: prev ? union(prev.input, input) : input, cv });
  markReached(st, input, { split: sid });
}

/** Slices of one volume on both sides of a random split: the patient is in both. */
function checkSlices(st: State, module: Module, node: Node, input: Labels, grouped: boolean): void {
  if (grouped || !input.has('SL')) return;
  report(st, 'split', module, node, 'slices');
}

/** train_test_split(a, b, ...) returns a_train, a_test, b_train, b_test: test parts by position. */
export function trainTestSplit(st: State, module: Module, node: Node, arrays: Value[]): Value {
  const sid = keyOf(module, node);
  const input = union(...arrays.map((a) => allLabels(a)));
  checkSlices(st, module, node, input, false);
  register(st, sid, input, false);
  const items = arrays.flatMap((a, i) => [part(allLabels(a), 'P', sid, 2 * i), part(allLabels(a), 'H', sid, 2 * i + 1)]);
  return { labels: input, items };
}

/** random_split(ds, [n1, n2(, n3)]): with three parts the last is the test set. */
export function randomSplit(st: State, module: Module, node: Node, dataset: Value, lengths: Value | undefined): Value {
  const sid = keyOf(module, node);
  const input = allLabels(dataset);
  checkSlices(st, module, node, input, false);
  register(st, sid, input, false);
  const n = lengths?.items?.length ?? 2;
  const items = Array.from({ length: n }, (_, i) => (i === 0 ? part(input, 'P', sid, i) : part(input, 'H', sid, i, n >= 3 && i === n - 1 ? ['T'] : [])));
  return { labels: input, items };
}

/** A student's own `split_*` helper we cannot see: outputs by position, a third one is the test set. */
export function namedSplit(st: State, module: Module, node: Node, input: Labels, outputs: number): Value {
  const sid = keyOf(module, node);
  register(st, sid, input, false);
  const items = Array.from({ length: outputs }, (_, i) => {
    if (outputs === 3) return i === 0 ? part(input, 'P', sid, i) : part(input, 'H', sid, i, i === 2 ? ['T'] : []);
    return part(input, i % 2 === 0 ? 'P' : 'H', sid, i);
  });
  return { labels: input, items };
}

/** kf.split(X, y, groups): an iterable of (train_idx, test_idx). */
export function crossValidationSplit(st: State, module: Module, node: Node, input: Labels, grouped: boolean): Value {
  const sid = keyOf(module, node);
  checkSlices(st, module, node, input, grouped);
  register(st, sid, input, true);
  const pair: Value = { labels: EMPTY, items: [{ labels: new Set([`P:${sid}`]) }, { labels: new Set([`H:${sid}`]) }] };
  return { labels: EMPTY, elem: pair };
}

/** a, b = x[:n], x[n:]: a split by hand. Which part is held out is unknown, so none is marked as such. */
export function manualSplit(st: State, module: Module, node: Node, base: Value, outputs: number): Value {
  const sid = keyOf(module, node);
  const input = allLabels(base);
  register(st, sid, input, false);
  return { labels: input, items: Array.from({ length: outputs }, (_, i) => part(input, 'P', sid, i)) };
}

/**
 * ds.take(n) / ds.skip(n), df.sample(frac=...), np.split(x, [...]): parts of one data set, cut by
 * hand. They share one split id per data set, so a fit on the whole set before them is seen.
 */
export function partOf(st: State, module: Module, node: Node, baseText: string, input: Labels, random: boolean): Value {
  const sid = `${module.rel}:${baseText}`;
  if (random) checkSlices(st, module, node, input, false);
  register(st, sid, input, false);
  return part(input, 'P', sid, node.startIndex);
}

/** A permutation or shuffle of unsplit slices, used to cut them into sets by index. */
export function checkShuffle(st: State, module: Module, node: Node, input: Labels): void {
  const split = [...input].some((l) => l.startsWith('P:') || l.startsWith('H:') || l === 'TR' || l === 'T');
  if (!split && input.has('SL')) report(st, 'split', module, node, 'shuffle');
}

const inner = (input: Labels) => !input.has('T') && (input.has('TR') || [...input].some((l) => l.startsWith('P:')));

/**
 * Which held-out parts are the test set: the outer split of a nested split, the
 * second split of a held-out part, or a single split when a separate validation
 * set exists. A lone split is otherwise treated as train/validation.
 */
export function computeFacts(st: State): Facts {
  const testSplits = new Set<string>();
  for (const s of st.splits.values()) {
    for (const l of s.input) if (l.startsWith('P:')) testSplits.add(l.slice(2));
    if (!s.cv && [...s.input].some((l) => l.startsWith('H:'))) testSplits.add(s.sid);
  }
  // One held-out part both steers training (validation_data) and gives the final score: it is the test set.
  const resplit = new Set([...st.splits.values()].flatMap((s) => [...s.input].filter((l) => l.startsWith('H:')).map((l) => l.slice(2))));
  for (const s of st.splits.values()) {
    if (!s.cv && !inner(s.input) && !resplit.has(s.sid) && (st.validated.has(s.sid) || st.trainedOn.has(s.sid)) && st.evaluated.has(s.sid)) testSplits.add(s.sid);
  }
  // With no test folder or file anywhere, a split's held-out part that is trained on was the only test set.
  if (!st.sawTestSource) {
    for (const s of st.splits.values()) {
      if (!s.cv && !inner(s.input) && !resplit.has(s.sid) && st.trainedOn.has(s.sid)) testSplits.add(s.sid);
    }
  }
  if (st.sawValidation) {
    for (const s of st.splits.values()) {
      if (!s.cv && !inner(s.input) && ![...s.input].some((l) => l.startsWith('H:'))) testSplits.add(s.sid);
    }
  }
  return { testSplits };
}

/** Splits that separate held-out data from the whole set (not train/validation splits inside training data). */
export function outerSplits(st: State): { sid: string; atoms: Set<string> }[] {
  return [...st.splits.values()].filter((s) => !s.cv && !inner(s.input))
    .map((s) => ({ sid: s.sid, atoms: new Set([...s.input].filter((l) => l.startsWith('O:'))) }));
}

export { lineOf };
