import type { Node } from './ast.js';
import type { FindingKind } from '../../schema/finding.js';
import { keyOf, lineOf, type Module, type Program } from './program.js';
import type { FnRef, Labels, Value } from './values.js';

/** A fitted transform, a statistic or an augmentation, kept until the end of the pass. */
export interface DataRecord {
  rid: string;
  kind: 'fit' | 'stat' | 'aug';
  module: Module;
  node: Node;
  input: Labels;
  reachedTraining: boolean;
  reachedSplits: Set<string>;
}

export interface SplitFact {
  sid: string;
  input: Labels;
  /** Cross-validation splitters do not separate a test set. */
  cv: boolean;
}

/** What the first pass learnt about splits; the second pass uses it to name held-out parts. */
export interface Facts {
  /** Splits whose held-out part is the test set (nested splits, or a separate validation set exists). */
  testSplits: Set<string>;
}

export interface Candidate {
  kind: FindingKind;
  module: Module;
  line: number;
  severity: 'error' | 'warning';
  reason: string;
}

export interface State {
  program: Program;
  pass: 1 | 2;
  facts: Facts;
  records: Map<string, DataRecord>;
  recordIds: Map<string, string>;
  splits: Map<string, SplitFact>;
  sawValidation: boolean;
  /** A test folder or file is named somewhere (not just a message that says "test"). */
  sawTestSource: boolean;
  candidates: Candidate[];
  moduleEnvs: Map<Module, Map<string, Value>>;
  memo: Map<string, Value>;
  analyzed: Set<string>;
  functions: FnRef[];
  depth: number;
  /** Loops around the statement being analysed, across calls. */
  loopDepth: number;
  /** Held-out parts used as validation data, and evaluated outside any loop. */
  validated: Set<string>;
  evaluated: Set<string>;
  trainedOn: Set<string>;
}

export interface Frame {
  module: Module;
  vars: Map<string, Value>;
  globals: Map<string, Value>;
  closure?: Map<string, Value>;
  returns: Value[];
  yields: Value[];
}

export function createState(program: Program, pass: 1 | 2, facts: Facts): State {
  return {
    program, pass, facts, records: new Map(), recordIds: new Map(), splits: new Map(), sawValidation: false, sawTestSource: false,
    candidates: [], moduleEnvs: new Map(), memo: new Map(), analyzed: new Set(), functions: [], depth: 0,
    loopDepth: 0, validated: new Set(), evaluated: new Set(), trainedOn: new Set(),
  };
}

export function isTest(st: State, labels: Labels): boolean {
  if (labels.has('T')) return true;
  for (const l of labels) if (l.startsWith('H:') && st.facts.testSplits.has(l.slice(2))) return true;
  return false;
}

export function report(st: State, kind: FindingKind, module: Module, node: Node, reason: string, severity: 'error' | 'warning' = 'error'): void {
  st.candidates.push({ kind, module, line: lineOf(node), severity, reason });
}

/** Records are per node and per input, so one helper called on train and on test data gives two. */
export function record(st: State, kind: DataRecord['kind'], module: Module, node: Node, input: Labels): DataRecord {
  const long = `${keyOf(module, node)}|${[...input].sort().join(',')}`;
  let rid = st.recordIds.get(long);
  if (!rid) {
    rid = `${kind[0]}${st.recordIds.size}`;
    st.recordIds.set(long, rid);
    st.records.set(rid, { rid, kind, module, node, input, reachedTraining: false, reachedSplits: new Set() });
  }
  return st.records.get(rid)!;
}

/** Marks every record whose label reaches a training call or a split. */
export function markReached(st: State, labels: Labels, where: { training?: boolean; split?: string }): void {
  for (const l of labels) {
    if (!l.startsWith('R:')) continue;
    const rec = st.records.get(l.slice(2));
    if (!rec) continue;
    if (where.training) rec.reachedTraining = true;
    if (where.split) rec.reachedSplits.add(where.split);
  }
}

export const heldOut = (labels: Labels) => [...labels].filter((l) => l.startsWith('H:')).map((l) => l.slice(2));

export function lookup(fr: Frame, name: string): Value | undefined {
  return fr.vars.get(name) ?? fr.closure?.get(name) ?? fr.globals.get(name);
}
