import type { Node } from './ast.js';
import { bindTarget, elementOf, evalExpr, iterationUnits } from './expressions.js';
import { resolveImport, type Module } from './program.js';
import { manualSplit } from './splits.js';
import { selectionIf } from './rules.js';
import type { Frame, State } from './state.js';
import { allLabels, EMPTY, join, union, type ClassRef, type FnRef, type Value } from './values.js';

/** Runs a module's top level once per pass; imports of it reuse the result. */
export function analyseModule(st: State, module: Module): Map<string, Value> {
  const known = st.moduleEnvs.get(module);
  if (known) return known;
  const env = new Map<string, Value>();
  st.moduleEnvs.set(module, env);
  const frame: Frame = { module, vars: env, globals: env, returns: [], yields: [] };
  execBlock(st, frame, module.root);
  return env;
}

export function execBlock(st: State, fr: Frame, block: Node | null | undefined): void {
  if (!block) return;
  for (const s of block.namedChildren) execStmt(st, fr, s);
}

function execStmt(st: State, fr: Frame, s: Node): void {
  switch (s.type) {
    case 'expression_statement':
      for (const c of s.namedChildren) {
        if (c.type === 'assignment') execAssign(st, fr, c);
        else if (c.type === 'augmented_assignment') {
          const left = c.childForFieldName('left');
          const cur = evalExpr(st, fr, left);
          const add = evalExpr(st, fr, c.childForFieldName('right'));
          const added = allLabels(add);
          // slices += list(vol.transpose(2, 0, 1)): one volume becomes many samples.
          bindTarget(st, fr, left, { labels: union(cur.labels, added, added.has('SLC') ? new Set(['SL']) : EMPTY) });
        } else evalExpr(st, fr, c);
      }
      return;
    case 'return_statement': fr.returns.push(evalExpr(st, fr, s.namedChildren[0])); return;
    case 'if_statement': return execIf(st, fr, s);
    case 'for_statement': return execFor(st, fr, s);
    case 'while_statement':
      evalExpr(st, fr, s.childForFieldName('condition'));
      st.loopDepth += 1;
      execBlock(st, fr, s.childForFieldName('body'));
      st.loopDepth -= 1;
      return;
    case 'with_statement':
      for (const item of s.descendantsOfType('with_item')) {
        const value = item?.childForFieldName('value');
        if (value?.type === 'as_pattern') {
          const v = evalExpr(st, fr, value.namedChildren[0]);
          bindTarget(st, fr, value.childForFieldName('alias')?.namedChildren[0] ?? null, v);
        } else evalExpr(st, fr, value);
      }
      execBlock(st, fr, s.childForFieldName('body'));
      return;
    case 'try_statement':
      for (const c of s.namedChildren) execBlock(st, fr, c.type === 'block' ? c : c.namedChildren.find((x) => x.type === 'block'));
      return;
    case 'function_definition': defineFunction(st, fr, s); return;
    case 'decorated_definition': {
      const def = s.childForFieldName('definition');
      if (def) execStmt(st, fr, def);
      return;
    }
    case 'class_definition': return defineClass(st, fr, s);
    case 'import_statement': case 'import_from_statement': return execImport(st, fr, s);
    default: return;
  }
}

function execAssign(st: State, fr: Frame, a: Node): void {
  const left = a.childForFieldName('left');
  const right = a.childForFieldName('right');
  if (!right) return;
  if (right.type === 'assignment') { execAssign(st, fr, right); bindTarget(st, fr, left, evalExpr(st, fr, right.childForFieldName('left'))); return; }
  const manual = manualSplitBase(left, right);
  if (manual) {
    const base = evalExpr(st, fr, manual);
    bindTarget(st, fr, left, manualSplit(st, fr.module, a, base, left!.namedChildren.length));
    return;
  }
  bindTarget(st, fr, left, evalExpr(st, fr, right));
}

/** `a, b = x[:n], x[n:]`: the base x when every right-hand item slices the same name. */
function manualSplitBase(left: Node | null, right: Node): Node | null {
  if (!left || left.type !== 'pattern_list' || (right.type !== 'expression_list' && right.type !== 'tuple')) return null;
  const items = right.namedChildren;
  if (items.length < 2 || items.length !== left.namedChildren.length) return null;
  const bases = items.map((i) => (i.type === 'subscript' && i.childrenForFieldName('subscript').some((p) => p?.type === 'slice') ? i.childForFieldName('value')?.text : undefined));
  return bases.every((b) => b && b === bases[0]) ? items[0]!.childForFieldName('value') : null;
}

/** Branches run from the same state and are joined; a constant False condition skips its branch. */
function execIf(st: State, fr: Frame, s: Node): void {
  const branches: { cond: Node | null; body: Node | null }[] = [{ cond: s.childForFieldName('condition'), body: s.childForFieldName('consequence') }];
  let hasElse = false;
  for (const alt of s.childrenForFieldName('alternative')) {
    if (!alt) continue;
    if (alt.type === 'elif_clause') branches.push({ cond: alt.childForFieldName('condition'), body: alt.childForFieldName('consequence') });
    else { branches.push({ cond: null, body: alt.childForFieldName('body') }); hasElse = true; }
  }
  const before = new Map(fr.vars);
  const outcomes: Map<string, Value>[] = [];
  for (const b of branches) {
    fr.vars.clear();
    for (const [k, v] of before) fr.vars.set(k, v);
    if (b.cond) {
      const c = evalExpr(st, fr, b.cond);
      selectionIf(st, fr, b.cond, b.body);
      if (c.bool === false) continue;
    }
    execBlock(st, fr, b.body);
    outcomes.push(new Map(fr.vars));
  }
  if (!hasElse) outcomes.push(before);
  fr.vars.clear();
  const keys = new Set(outcomes.flatMap((o) => [...o.keys()]));
  for (const k of keys) {
    const vals = outcomes.map((o) => o.get(k)).filter((v): v is Value => !!v);
    fr.vars.set(k, vals.reduce((a, b) => join(a, b)));
  }
}

function execFor(st: State, fr: Frame, s: Node): void {
  const left = s.childForFieldName('left');
  const iter = evalExpr(st, fr, s.childForFieldName('right'));
  const body = s.childForFieldName('body');
  const units = iterationUnits(iter);
  st.loopDepth += 1;
  if (units) {
    for (const u of units) { bindTarget(st, fr, left, u.value); execBlock(st, fr, body); }
  } else {
    // Once: appends and other weak updates already carry what a second iteration would add.
    bindTarget(st, fr, left, elementOf(iter));
    execBlock(st, fr, body);
  }
  st.loopDepth -= 1;
  execBlock(st, fr, s.childForFieldName('alternative')?.childForFieldName('body'));
}

function defineFunction(st: State, fr: Frame, s: Node, owner?: ClassRef): FnRef {
  const name = s.childForFieldName('name')?.text ?? '';
  const nested = fr.vars !== fr.globals;
  const fn: FnRef = { kind: 'def', node: s, module: fr.module, name, ...(owner ? { owner } : {}), ...(nested ? { closure: fr.vars } : {}) };
  st.functions.push(fn);
  if (!owner) fr.vars.set(name, { labels: EMPTY, fn });
  return fn;
}

function defineClass(st: State, fr: Frame, s: Node): void {
  const name = s.childForFieldName('name')?.text ?? '';
  const cls: ClassRef = { name, module: fr.module, methods: new Map() };
  for (const c of s.childForFieldName('body')?.namedChildren ?? []) {
    const def = c.type === 'decorated_definition' ? c.childForFieldName('definition') : c;
    if (def?.type === 'function_definition') cls.methods.set(def.childForFieldName('name')?.text ?? '', defineFunction(st, fr, def, cls));
  }
  fr.vars.set(name, { labels: EMPTY, cls, type: name });
}

function execImport(st: State, fr: Frame, s: Node): void {
  if (s.type === 'import_statement') {
    for (const c of s.namedChildren) {
      const dotted = c.type === 'aliased_import' ? c.childForFieldName('name')?.text ?? '' : c.text;
      const alias = c.type === 'aliased_import' ? c.childForFieldName('alias')?.text ?? '' : dotted.split('.')[0]!;
      const m = resolveImport(st.program, fr.module, dotted);
      if (m) { analyseModule(st, m); fr.vars.set(alias, { labels: EMPTY, module: m }); }
    }
    return;
  }
  const modNode = s.childForFieldName('module_name');
  const level = modNode?.type === 'relative_import' ? (modNode.text.match(/^\.+/)?.[0].length ?? 0) : 0;
  const dotted = (modNode?.text ?? '').replace(/^\.+/, '');
  const m = resolveImport(st.program, fr.module, dotted, level);
  const env = m ? analyseModule(st, m) : undefined;
  if (s.namedChildren.some((c) => c.type === 'wildcard_import')) {
    if (env) for (const [k, v] of env) fr.vars.set(k, v);
    return;
  }
  for (const c of s.childrenForFieldName('name')) {
    if (!c) continue;
    const name = c.type === 'aliased_import' ? c.childForFieldName('name')?.text ?? '' : c.text;
    const alias = c.type === 'aliased_import' ? c.childForFieldName('alias')?.text ?? name : name;
    const v = env?.get(name);
    if (v) { fr.vars.set(alias, v); continue; }
    const sub = resolveImport(st.program, fr.module, dotted ? `${dotted}.${name}` : name, level);
    if (sub) { analyseModule(st, sub); fr.vars.set(alias, { labels: EMPTY, module: sub }); }
  }
}
