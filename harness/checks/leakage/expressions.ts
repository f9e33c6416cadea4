import type { Node } from './ast.js';
import { evalCall } from './calls.js';
import { assignTo, bindTarget } from './targets.js';
import { selectionChoice } from './rules.js';
import { lookup, type Frame, type State } from './state.js';
import { META_ATTRS, stringLabels } from './vocabulary.js';
import { allLabels, EMPTY, empty, hasPrefix, join, union, without, type Labels, type Value } from './values.js';

/** Lists with more literal elements than this are not unrolled element by element. */
const UNROLL_LIMIT = 8;

export function evalExpr(st: State, fr: Frame, n: Node | null | undefined): Value {
  if (!n) return empty();
  switch (n.type) {
    case 'identifier': return lookup(fr, n.text) ?? empty();
    case 'string': return evalString(st, fr, n);
    case 'concatenated_string': {
      const parts = n.namedChildren.map((c) => evalExpr(st, fr, c));
      const str = parts.every((p) => p.str !== undefined) ? parts.map((p) => p.str).join('') : undefined;
      return { labels: union(...parts.map((p) => p.labels), str ? new Set(stringLabels(str)) : undefined), ...(str !== undefined ? { str } : {}) };
    }
    case 'integer': return { labels: EMPTY, num: Number.parseInt(n.text.replace(/_/g, ''), 10) };
    case 'float': return { labels: EMPTY, num: Number.parseFloat(n.text.replace(/_/g, '')) };
    case 'true': return { labels: EMPTY, bool: true };
    case 'false': return { labels: EMPTY, bool: false };
    case 'none': return empty();
    case 'attribute': return evalAttribute(st, fr, n);
    case 'subscript': return evalSubscript(st, fr, n);
    case 'call': return evalCall(st, fr, n);
    case 'parenthesized_expression': return evalExpr(st, fr, n.namedChildren[0]);
    case 'tuple': case 'list': case 'expression_list': case 'set': case 'pattern_list': {
      const items = n.namedChildren.filter((c) => c.type !== 'comment').map((c) => evalExpr(st, fr, c));
      const labels = union(...items.map((i) => allLabels(i)));
      // A list literal is a collection: its elements stop being single samples.
      return { labels: n.type === 'tuple' || n.type === 'expression_list' ? labels : without(labels, (l) => l === 'E'), items };
    }
    case 'dictionary': return evalDict(st, fr, n);
    case 'binary_operator': {
      const a = evalExpr(st, fr, n.childForFieldName('left'));
      const b = evalExpr(st, fr, n.childForFieldName('right'));
      const out: Value = { labels: union(allLabels(a), allLabels(b)) };
      if (a.items && b.items && n.childForFieldName('operator')?.text === '+') out.items = [...a.items, ...b.items];
      if (a.str !== undefined && b.str !== undefined) out.str = a.str + b.str;
      return out;
    }
    case 'boolean_operator': return joinAll(n.namedChildren.map((c) => evalExpr(st, fr, c)));
    case 'not_operator': {
      const v = evalExpr(st, fr, n.childForFieldName('argument'));
      return v.bool !== undefined ? { labels: v.labels, bool: !v.bool } : { labels: v.labels };
    }
    case 'unary_operator': return { labels: evalExpr(st, fr, n.childForFieldName('argument')).labels };
    case 'comparison_operator': return evalComparison(st, fr, n);
    case 'conditional_expression': {
      const [a, cond, b] = n.namedChildren;
      evalExpr(st, fr, cond);
      selectionChoice(st, fr, cond);
      return join(evalExpr(st, fr, a), evalExpr(st, fr, b));
    }
    case 'list_comprehension': case 'generator_expression': case 'set_comprehension': case 'dictionary_comprehension':
      return evalComprehension(st, fr, n);
    case 'lambda': return evalLambda(fr, n);
    case 'await': case 'list_splat': case 'dictionary_splat': case 'keyword_argument':
      return evalExpr(st, fr, n.childForFieldName('value') ?? n.namedChildren[n.namedChildren.length - 1]);
    case 'named_expression': {
      const v = evalExpr(st, fr, n.childForFieldName('value'));
      const name = n.childForFieldName('name');
      if (name) fr.vars.set(name.text, v);
      return v;
    }
    case 'yield': {
      const v = evalExpr(st, fr, n.namedChildren[0]);
      fr.yields.push(n.text.startsWith('yield from') ? elementOf(v) : v);
      return empty();
    }
    default:
      return { labels: union(...n.namedChildren.map((c) => allLabels(evalExpr(st, fr, c)))) };
  }
}

function joinAll(values: Value[]): Value {
  return values.reduce((a, b) => join(a, b), values[0] ?? empty());
}

function evalString(st: State, fr: Frame, n: Node): Value {
  let text = '';
  const parts: Labels[] = [];
  let known = true;
  for (const c of n.children) {
    if (c.type === 'string_content' || c.type === 'escape_sequence') text += c.text;
    else if (c.type === 'interpolation') {
      const v = evalExpr(st, fr, c.childForFieldName('expression') ?? c.namedChildren[0]);
      parts.push(v.labels);
      if (v.str !== undefined) text += v.str; else { text += '{}'; known = false; }
    }
  }
  const own = stringLabels(text);
  const pathLike = /[\\/]|\.[A-Za-z]{2,5}$/.test(text) || /^(test|testing|holdout|val|valid|validation)$/i.test(text.trim());
  if (pathLike && own.includes('VAL')) st.sawValidation = true;
  if (pathLike && own.includes('T')) st.sawTestSource = true;
  const labels = union(new Set(own), ...parts);
  return known ? { labels, str: text } : { labels };
}

function evalDict(st: State, fr: Frame, n: Node): Value {
  const fields = new Map<string, Value>();
  const labels: Labels[] = [];
  for (const c of n.namedChildren) {
    if (c.type === 'pair') {
      const key = evalExpr(st, fr, c.childForFieldName('key'));
      const val = evalExpr(st, fr, c.childForFieldName('value'));
      labels.push(allLabels(val));
      if (key.str !== undefined) fields.set(key.str, val);
    } else labels.push(allLabels(evalExpr(st, fr, c)));
  }
  return { labels: without(union(...labels), (l) => l === 'E'), fields };
}

export function evalAttribute(st: State, fr: Frame, n: Node): Value {
  const obj = evalExpr(st, fr, n.childForFieldName('object'));
  const attr = n.childForFieldName('attribute')?.text ?? '';
  if (obj.module) return st.moduleEnvs.get(obj.module)?.get(attr) ?? empty();
  const field = obj.fields?.get(attr);
  if (field) return field;
  if (obj.cls?.methods.has(attr)) return { labels: EMPTY, fn: obj.cls.methods.get(attr)! };
  if (META_ATTRS.has(attr)) return empty();
  return { labels: allLabels(obj) };
}

/** The value of one element when iterating over v. */
export function elementOf(v: Value): Value {
  if (v.elem) return { ...v.elem, labels: union(v.elem.labels, new Set(['E'])) };
  const base = v.items && v.items.length > 0 ? joinAll(v.items) : { labels: v.labels };
  const labels = new Set(base.labels);
  labels.add('E');
  if (labels.has('SLC')) { labels.delete('SLC'); labels.add('SL'); }
  return { ...base, labels };
}

export function indexParts(n: Node): Node[] {
  return n.childrenForFieldName('subscript').filter((c): c is Node => !!c);
}

export function evalSubscript(st: State, fr: Frame, n: Node): Value {
  const base = evalExpr(st, fr, n.childForFieldName('value'));
  const parts = indexParts(n);
  const idx = parts.map((p) => evalExpr(st, fr, p));
  const selected = [base, ...idx].some((v) => hasPrefix(v.labels, 'SEL:'));
  if (selected) reportSelection(st, fr, base, idx);
  if (parts.length === 1 && idx[0]) {
    const key = idx[0];
    if (key.str !== undefined && base.fields?.has(key.str)) return base.fields.get(key.str)!;
    if (key.num !== undefined && base.items) {
      const i = key.num < 0 ? base.items.length + key.num : key.num;
      if (base.items[i]) return base.items[i]!;
    }
  }
  const baseLabels = allLabels(base);
  const hasSlice = parts.some((p) => p.type === 'slice' || p.type === 'ellipsis');
  const sliceCut = idx.some((v) => v.sliceIndex);
  // Indexing one volume along a shape axis cuts slices; indexing a whole data set that way is per-sample.
  if (sliceCut) return { labels: union(baseLabels, new Set([baseLabels.has('E') ? 'SL' : 'E'])) };
  if (hasSlice) return { labels: union(baseLabels, ...idx.map((v) => v.labels)) };
  const keyLabels = union(...idx.map((v) => v.labels));
  const scalar = parts.length === 1 && (parts[0]!.type === 'integer' || parts[0]!.type === 'unary_operator'
    || (parts[0]!.type === 'identifier' && !idx[0]!.items && !idx[0]!.fields && without(keyLabels, (l) => l === 'E').size === 0));
  if (scalar) return { labels: union(baseLabels, new Set(['E'])) };
  // An index array or a mask: the result is the part of base it selects.
  const fromSplit = hasPrefix(keyLabels, 'P:') || hasPrefix(keyLabels, 'H:');
  const kept = fromSplit ? without(baseLabels, (l) => l.startsWith('O:')) : baseLabels;
  return { labels: union(kept, without(keyLabels, (l) => l === 'E')) };
}

function reportSelection(st: State, fr: Frame, ...values: (Value | Value[])[]): void {
  for (const v of values.flat()) {
    for (const l of v.labels) {
      if (!l.startsWith('SEL:')) continue;
      const [rel, line] = [l.slice(4, l.lastIndexOf(':')), Number(l.slice(l.lastIndexOf(':') + 1))];
      const module = st.program.byRel.get(rel) ?? fr.module;
      st.candidates.push({ kind: 'multi-test', module, line, severity: 'error', reason: 'select' });
    }
  }
}
export { reportSelection };

function evalComparison(st: State, fr: Frame, n: Node): Value {
  const operands = n.namedChildren;
  const ops = n.children.filter((c) => !c.isNamed).map((c) => c.text);
  const negated = ops.some((o) => o === '!=' || o === 'not' || o === 'not in' || o === 'is not');
  const parts: Labels[] = [];
  for (const o of operands) {
    const v = evalExpr(st, fr, o);
    // df[df.split != 'test'] selects everything but the test rows.
    if (negated && v.str !== undefined) continue;
    parts.push(allLabels(v));
  }
  return { labels: union(...parts) };
}

function evalLambda(fr: Frame, n: Node): Value {
  const params = new Set((n.childForFieldName('parameters')?.descendantsOfType('identifier') ?? []).filter((x): x is Node => !!x).map((x) => x.text));
  const captured: Labels[] = [];
  for (const id of n.childForFieldName('body')?.descendantsOfType('identifier') ?? []) {
    if (!id || params.has(id.text)) continue;
    const v = lookup(fr, id.text);
    if (v && !v.fn && !v.module) captured.push(allLabels(v));
  }
  return { labels: union(...captured), fn: { kind: 'lambda', node: n, module: fr.module, name: '<lambda>', ...(fr.vars !== fr.globals ? { closure: fr.vars } : {}) } };
}

function literalItems(v: Value): Value[] | undefined {
  return v.items && v.items.length <= UNROLL_LIMIT ? v.items : undefined;
}

/**
 * Comprehensions run in their own scope. A single loop over a short literal list is
 * unrolled, so `[load(d) for d in ('train', 'test')]` keeps one value per element.
 */
function evalComprehension(st: State, fr: Frame, n: Node): Value {
  const clauses = n.namedChildren.filter((c) => c.type === 'for_in_clause' || c.type === 'if_clause');
  const body = n.childForFieldName('body') ?? n.namedChildren[0];
  const scope: Frame = { ...fr, vars: new Map(fr.vars) };
  const fors = clauses.filter((c) => c.type === 'for_in_clause');
  const isDict = n.type === 'dictionary_comprehension';
  const evalBody = (): Value => {
    for (const c of clauses) if (c.type === 'if_clause') evalExpr(st, scope, c.namedChildren[0]);
    if (isDict && body?.type === 'pair') return evalExpr(st, scope, body.childForFieldName('value'));
    return evalExpr(st, scope, body);
  };
  if (fors.length === 1) {
    const clause = fors[0]!;
    const left = clause.childForFieldName('left');
    const iter = evalExpr(st, scope, clause.childForFieldName('right'));
    const unroll = iterationUnits(iter);
    if (unroll) {
      const results = unroll.map((unit) => { bindTarget(st, scope, left, unit.value); return { key: unit.key, v: evalBody() }; });
      const labels = without(union(...results.map((r) => allLabels(r.v))), (l) => l === 'E');
      if (isDict && body?.type === 'pair') {
        const fields = new Map<string, Value>();
        for (const r of results) if (r.key !== undefined) fields.set(r.key, r.v);
        return { labels, fields };
      }
      return { labels, items: results.map((r) => r.v) };
    }
    bindTarget(st, scope, left, elementOf(iter));
  } else {
    for (const clause of fors) bindTarget(st, scope, clause.childForFieldName('left'), elementOf(evalExpr(st, scope, clause.childForFieldName('right'))));
  }
  const v = evalBody();
  return { labels: without(allLabels(v), (l) => l === 'E') };
}

/** Literal lists and dict.items() of known dicts are iterated element by element. */
export function iterationUnits(iter: Value): { key?: string; value: Value }[] | undefined {
  if (iter.fields && iter.itemsOf) {
    return [...iter.fields].map(([k, v]) => ({ key: k, value: { labels: v.labels, items: [{ labels: EMPTY, str: k }, v] } }));
  }
  const items = literalItems(iter);
  if (items && items.length > 0 && items.every((i) => i.str !== undefined || i.items || i.num !== undefined)) {
    return items.map((value) => ({ ...(value.str !== undefined ? { key: value.str } : {}), value }));
  }
  return undefined;
}

export { assignTo, bindTarget };
