import type { Node } from './ast.js';
import type { Args } from './calls.js';
import { argLabels } from './calls.js';
import { evalExpr } from './expressions.js';
import { keyOf } from './program.js';
import type { Frame, State } from './state.js';
import { execBlock } from './taint.js';
import { allLabels, EMPTY, empty, join, union, valueKey, type ClassRef, type FnRef, type Value } from './values.js';

/** Calls nested deeper than this return the union of their arguments unanalysed. */
const MAX_DEPTH = 8;

function bindParams(st: State, frame: Frame, fn: FnRef, args: Args, self?: Value): void {
  const params = fn.node.childForFieldName('parameters');
  const pos = [...args.pos];
  let first = true;
  for (const p of params?.namedChildren ?? []) {
    let name = '';
    let dflt: Node | null = null;
    if (p.type === 'identifier') name = p.text;
    else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') { name = p.childForFieldName('name')?.text ?? ''; dflt = p.childForFieldName('value'); }
    else if (p.type === 'typed_parameter') name = p.namedChildren.find((c) => c.type === 'identifier')?.text ?? '';
    else if (p.type === 'list_splat_pattern') {
      const rest = pos.splice(0);
      frame.vars.set(p.namedChildren[0]?.text ?? 'args', { labels: union(...rest.map((a) => allLabels(a.value))), items: rest.map((a) => a.value) });
      continue;
    } else if (p.type === 'dictionary_splat_pattern') {
      const fields = new Map([...args.kw].filter(([k]) => !k.startsWith('**')).map(([k, a]) => [k, a.value] as const));
      frame.vars.set(p.namedChildren[0]?.text ?? 'kwargs', { labels: union(...[...fields.values()].map((v) => allLabels(v))), fields });
      continue;
    } else continue;
    if (first && self && fn.owner) { frame.vars.set(name, self); first = false; continue; }
    first = false;
    const kw = args.kw.get(name);
    if (kw) frame.vars.set(name, kw.value);
    else if (pos.length > 0) frame.vars.set(name, pos.shift()!.value);
    else frame.vars.set(name, dflt ? evalExpr(st, frame, dflt) : empty());
  }
}

/**
 * Runs a function of the submission with the labels of this call's arguments
 * (context-sensitive, memoised by those labels). Findings inside are reported at
 * their own line, in the file that defines the function.
 */
export function callFunction(st: State, fn: FnRef, args: Args, self?: Value): Value {
  if (st.depth >= MAX_DEPTH) return { labels: argLabels(args) };
  const fnKey = keyOf(fn.module, fn.node);
  const hasObject = !!self || args.pos.some((a) => a.value.object) || [...args.kw.values()].some((a) => a.value.object);
  const memoKey = `${fnKey}|${args.pos.map((a) => valueKey(a.value)).join('/')}|${[...args.kw].map(([k, a]) => `${k}=${valueKey(a.value)}`).join('/')}`;
  if (!hasObject && st.memo.has(memoKey)) return st.memo.get(memoKey)!;
  if (!hasObject) st.memo.set(memoKey, { labels: argLabels(args) }); // recursion guard
  st.analyzed.add(fnKey);
  const globals = st.moduleEnvs.get(fn.module) ?? new Map<string, Value>();
  const frame: Frame = { module: fn.module, vars: new Map(), globals, ...(fn.closure ? { closure: fn.closure } : {}), returns: [], yields: [] };
  bindParams(st, frame, fn, args, self);
  st.depth += 1;
  let result: Value;
  try {
    if (fn.kind === 'lambda') result = evalExpr(st, frame, fn.node.childForFieldName('body'));
    else {
      execBlock(st, frame, fn.node.childForFieldName('body'));
      if (frame.yields.length > 0) {
        const elem = frame.yields.reduce((a, b) => join(a, b));
        result = { labels: allLabels(elem), elem };
      } else result = frame.returns.length > 0 ? frame.returns.reduce((a, b) => join(a, b)) : empty();
    }
  } finally {
    st.depth -= 1;
  }
  if (!hasObject) st.memo.set(memoKey, result);
  return result;
}

/** Instances of the submission's own classes keep their attributes as fields. */
export function instantiate(st: State, cls: ClassRef, args: Args): Value {
  const inst: Value = { labels: argLabels(args), object: true, fields: new Map(), cls, type: cls.name };
  const init = cls.methods.get('__init__');
  if (init) callFunction(st, init, args, inst);
  return inst;
}

/** Functions never called with data are still analysed once, for leaks entirely inside them. */
export function analyseUncalled(st: State): void {
  for (let i = 0; i < st.functions.length; i++) {
    const fn = st.functions[i]!;
    if (st.analyzed.has(keyOf(fn.module, fn.node))) continue;
    const self = fn.owner ? { labels: EMPTY, object: true, fields: new Map(), cls: fn.owner, type: fn.owner.name } : undefined;
    callFunction(st, fn, { pos: [], kw: new Map() }, self);
  }
}
