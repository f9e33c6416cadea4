import type { Node } from './ast.js';
import { assignTo, elementOf, evalExpr } from './expressions.js';
import { keyOf, lineOf } from './program.js';
import { crossValidationSplit, checkShuffle, namedSplit, partOf, randomSplit, trainTestSplit } from './splits.js';
import { heldOut, isTest, lookup, markReached, record, report, type Frame, type State } from './state.js';
import { callFunction, instantiate } from './functions.js';
import { trainingCall } from './sinks.js';
import {
  AUGMENT_FUNCS, CALLBACK_TYPES, CV_TYPES, GROUP_CV_TYPES, SCALAR_FUNCS, SELECT_FUNCS, STAT_FUNCS, isMetricName,
} from './vocabulary.js';
import { allLabels, EMPTY, empty, union, without, type Labels, type Value } from './values.js';

export interface Arg { node: Node; value: Value }

const NAMING_KWARGS = new Set(['name', 'label', 'title', 'xlabel', 'ylabel', 'project_name', 'desc', 'description', 'prefix', 'suffix', 'run_name', 'experiment_name', 'tag', 'color', 'cmap']);
/** Calls on a model whose data is the argument; the model object adds only its fitted transforms. */
const MODEL_METHODS = new Set(['predict', 'predict_proba', 'predict_on_batch', 'predict_classes', 'decision_function', 'evaluate', 'score']);
export interface Args { pos: Arg[]; kw: Map<string, Arg> }

export function argLabels(args: Args): Labels {
  return union(...args.pos.map((a) => allLabels(a.value)), ...[...args.kw.values()].map((a) => allLabels(a.value)));
}

function parseArgs(st: State, fr: Frame, node: Node | null): Args {
  const out: Args = { pos: [], kw: new Map() };
  if (!node) return out;
  if (node.type === 'generator_expression') { out.pos.push({ node, value: evalExpr(st, fr, node) }); return out; }
  for (const c of node.namedChildren) {
    if (c.type === 'comment') continue;
    if (c.type === 'keyword_argument') {
      const name = c.childForFieldName('name')?.text ?? '';
      const vnode = c.childForFieldName('value');
      const value = evalExpr(st, fr, vnode);
      // name='test_model', label='test': names, not data.
      out.kw.set(name, NAMING_KWARGS.has(name) ? { node: c, value: { ...value, labels: EMPTY } } : { node: c, value });
    } else if (c.type === 'list_splat') {
      const v = evalExpr(st, fr, c.namedChildren[0]);
      if (v.items) for (const item of v.items) out.pos.push({ node: c, value: item });
      else out.pos.push({ node: c, value: v });
    } else if (c.type === 'dictionary_splat') {
      const v = evalExpr(st, fr, c.namedChildren[0]);
      out.kw.set(`**${out.kw.size}`, { node: c, value: v });
    } else out.pos.push({ node: c, value: evalExpr(st, fr, c) });
  }
  return out;
}

/** Is the axis a per-sample one (it leaves the first, sample, axis alone)? */
function perSampleAxis(args: Args): boolean {
  const axis = args.kw.get('axis') ?? args.kw.get('dim');
  if (!axis) return false;
  const text = axis.node.childForFieldName('value')?.text ?? '';
  if (/None/.test(text)) return false;
  const nums = (text.match(/-?\d+/g) ?? []).map(Number);
  return nums.length > 0 && !nums.includes(0);
}

export function evalCall(st: State, fr: Frame, n: Node): Value {
  const fnNode = n.childForFieldName('function');
  let name = '';
  let recv: Value | undefined;
  let recvNode: Node | null = null;
  let callee: Value;
  if (fnNode?.type === 'attribute') {
    recvNode = fnNode.childForFieldName('object');
    recv = evalExpr(st, fr, recvNode);
    name = fnNode.childForFieldName('attribute')?.text ?? '';
    callee = recv.module ? (st.moduleEnvs.get(recv.module)?.get(name) ?? empty())
      : recv.fields?.get(name)?.fn ? recv.fields.get(name)!
        : recv.cls?.methods.has(name) ? { labels: EMPTY, fn: recv.cls.methods.get(name)! } : empty();
  } else if (fnNode?.type === 'identifier') {
    name = fnNode.text;
    callee = lookup(fr, name) ?? empty();
  } else callee = evalExpr(st, fr, fnNode);
  const args = parseArgs(st, fr, n.childForFieldName('arguments'));

  if (callee.fn) {
    const self = recv?.object && recv.cls?.methods.get(name) === callee.fn ? recv : undefined;
    const result = callFunction(st, callee.fn, args, self);
    return isMetricName(name) && isTest(st, argLabels(args)) ? { ...result, labels: union(result.labels, new Set(['T', 'TS'])) } : result;
  }
  if (callee.cls) return instantiate(st, callee.cls, args);
  return library(st, fr, n, name, recv, recvNode, args, fnNode?.type === 'identifier');
}

function library(st: State, fr: Frame, n: Node, name: string, recv: Value | undefined, recvNode: Node | null, args: Args, bare: boolean): Value {
  const data = argLabels(args);
  const first = args.pos[0]?.value;
  const recvData = recv && !recv.module ? allLabels(recv) : EMPTY;
  switch (name) {
    case 'train_test_split': return trainTestSplit(st, fr.module, n, args.pos.map((a) => a.value));
    case 'random_split': return randomSplit(st, fr.module, n, first ?? empty(), args.pos[1]?.value ?? args.kw.get('lengths')?.value);
    case 'split':
      if (recv && (CV_TYPES.test(recv.type ?? '') || GROUP_CV_TYPES.test(recv.type ?? ''))) {
        const grouped = GROUP_CV_TYPES.test(recv.type ?? '') && (args.kw.has('groups') || args.pos.length >= 3);
        return crossValidationSplit(st, fr.module, n, union(...args.pos.slice(0, 2).map((a) => allLabels(a.value))), grouped);
      }
      if (isLibrary(fr, recvNode) && first && args.pos.length >= 2) return arraySplit(st, fr, n, args);
      break;
    case 'fit': case 'fit_generator': case 'train_on_batch': case 'partial_fit': case 'fit_transform':
    case 'fit_resample': case 'adapt': case 'search':
      return trainingCall(st, fr, n, name, recv, recvNode, args);
    case 'backward':
      for (const sid of heldOut(recvData)) st.trainedOn.add(sid);
      if (isTest(st, recvData)) report(st, 'overlap', fr.module, n, 'backward');
      else markReached(st, recvData, { training: true });
      return empty();
    case 'step':
      if (first && (isTest(st, allLabels(first)) || allLabels(first).has('TS'))) report(st, 'multi-test', fr.module, n, 'scheduler');
      return empty();
    case 'optimize': {
      // study.optimize(objective): the objective's return value is the score being maximised.
      const scores = args.pos.filter((a) => a.value.fn).map((a) => callFunction(st, a.value.fn!, { pos: [{ node: n, value: empty() }], kw: new Map() }).labels);
      if (isTest(st, data) || scores.some((l) => l.has('TS') || isTest(st, l))) report(st, 'multi-test', fr.module, n, 'search');
      break;
    }
    case 'take': case 'skip':
      if (recv && recvNode && !isLibrary(fr, recvNode)) return partOf(st, fr.module, n, recvNode.text, recvData, false);
      break;
    case 'sample':
      if (recv && recvNode && !isLibrary(fr, recvNode) && (args.kw.has('frac') || args.kw.has('n'))) return partOf(st, fr.module, n, recvNode.text, recvData, true);
      break;
    case 'array_split':
      if (isLibrary(fr, recvNode) && first) return arraySplit(st, fr, n, args);
      break;
    case 'len': return { labels: new Set([...data].filter((l) => l === 'SL' || l.startsWith('O:'))) };
    case 'permutation': case 'shuffle':
      checkShuffle(st, fr.module, n, data);
      break;
    case 'zip': return { labels: data, elem: { labels: data, items: args.pos.map((a) => elementOf(a.value)) } };
    case 'enumerate': return { labels: data, elem: { labels: data, items: [empty(), elementOf(first ?? empty())] } };
    case 'range':
      return { labels: EMPTY, elem: { labels: EMPTY, ...(n.descendantsOfType('attribute').some((a) => a?.childForFieldName('attribute')?.text === 'shape') ? { sliceIndex: true } : {}) } };
    case 'next': {
      const of = bare ? first : recv;
      return of ? (of.elem ?? { labels: allLabels(of) }) : empty();
    }
    case 'iter': case 'list': case 'tuple': if (bare) return first ?? empty(); break;
    case 'items': if (recv?.fields) return { labels: recvData, fields: recv.fields, itemsOf: true }; break;
    case 'dict':
      if (bare && args.pos.length === 0) return { labels: data, fields: new Map([...args.kw].filter(([k]) => !k.startsWith('**')).map(([k, a]) => [k, a.value] as const)) };
      break;
    case 'get': if (recv?.fields && first?.str !== undefined && recv.fields.has(first.str)) return recv.fields.get(first.str)!; break;
    case 'append': case 'extend': case 'insert': case 'add': case 'update': case 'appendleft': {
      if (isLibrary(fr, recvNode)) break; // np.append returns a new array
      const added = name === 'extend' && data.has('SLC') ? union(data, new Set(['SL'])) : data;
      if (!recv) return empty();
      const updated = { ...recv, labels: without(union(recv.labels, added), (l) => l === 'E') };
      assignTo(st, fr, recvNode, updated);
      return updated;
    }
    case 'stack': case 'dstack': {
      const axis = args.kw.get('axis')?.node.childForFieldName('value')?.text;
      if (name === 'dstack' || (axis && axis !== '0')) return { labels: without(data, (l) => l === 'SL' || l === 'SLC') };
      break;
    }
    case 'moveaxis': case 'transpose': case 'swapaxes': case 'rollaxis': case 'permute':
      return { labels: union(data, recvData, new Set(['SLC'])) };
    case 'concatenate': case 'vstack': case 'cat': case 'concat':
      if (data.has('SLC')) return { labels: union(data, recvData, new Set(['SL'])) };
      break;
    default: break;
  }
  if (CALLBACK_TYPES.test(name)) {
    const monitor = args.kw.get('monitor')?.value;
    if (monitor && isTest(st, monitor.labels)) report(st, 'multi-test', fr.module, n, 'monitor', 'warning');
  }
  if (SELECT_FUNCS.has(name)) {
    const target = bare || !recv || recv.module || recvData.size === 0 ? first : recv;
    const pick = (name === 'max' || name === 'min') ? bare && args.kw.has('key') : !((name === 'argmax' || name === 'argmin') && (args.kw.has('axis') || args.pos.length > 1));
    // sorted(models, key=lambda m: m.evaluate(X_test, y_test)[1]): the key scores on test data.
    const key = args.kw.get('key')?.value;
    const keyScores = !!key && (key.labels.has('TS') || isTest(st, key.labels)
      || (!!key.fn && allLabels(callFunction(st, key.fn, { pos: [{ node: n, value: elementOf(first ?? empty()) }], kw: new Map() })).has('TS')));
    if (pick && target && (allLabels(target).has('TS') || keyScores)) {
      if (name === 'max' || name === 'min') report(st, 'multi-test', fr.module, n, 'select');
      return { labels: union(allLabels(target), new Set([`SEL:${fr.module.rel}:${lineOf(n)}`])) };
    }
    if (bare) return { labels: data };
  }
  if (STAT_FUNCS.has(name)) {
    const useArg = args.pos.length > 0 && (!recv || recv.module || recvData.size === 0);
    const target = useArg ? first : recv;
    const input = target ? allLabels(target) : EMPTY;
    if (input.size === 0 || perSampleAxis(args) || input.has('E')) return { labels: input };
    const rec = record(st, 'stat', fr.module, n, input).rid;
    return { labels: union(new Set([`R:${rec}`]), input.has('TS') ? new Set(['TS', 'T']) : EMPTY, without(input, (l) => !l.startsWith('R:'))) };
  }
  if (AUGMENT_FUNCS.has(name)) {
    const input = union(first ? allLabels(first) : EMPTY, recvData);
    if (input.size > 0) {
      const rec = record(st, 'aug', fr.module, n, input).rid;
      return { labels: union(input, new Set([`R:${rec}`])) };
    }
  }
  if (st.loopDepth === 0 && (name === 'evaluate' || name === 'predict' || name === 'score' || /_score$|^classification_report$|^confusion_matrix$/.test(name))) {
    for (const sid of heldOut(data)) st.evaluated.add(sid);
  }
  if (SCALAR_FUNCS.has(name)) return empty();
  return defaultCall(st, fr, n, name, recv, data, recvData, args, bare);
}

/** np.split(x, [a, b]): parts of x, in order, each its own origin. */
function arraySplit(st: State, fr: Frame, n: Node, args: Args): Value {
  const first = args.pos[0]!;
  const input = allLabels(first.value);
  const shared = without(partOf(st, fr.module, n, first.node.text, input, false).labels, (l) => l.startsWith('O:'));
  const count = (args.pos[1]?.value.items?.length ?? 1) + 1;
  return { labels: input, items: Array.from({ length: count }, (_, i) => ({ labels: union(shared, new Set([`O:${keyOf(fr.module, n)}#${i}`])) })) };
}

/** A receiver like `np` or `tf.keras.utils`: an unbound library name, not data. */
function isLibrary(fr: Frame, node: Node | null): boolean {
  let n = node;
  while (n?.type === 'attribute') n = n.childForFieldName('object');
  return n?.type === 'identifier' && !lookup(fr, n.text);
}

function defaultCall(st: State, fr: Frame, n: Node, name: string, recv: Value | undefined, data: Labels, recvDataAll: Labels, args: Args, bare: boolean): Value {
  const recvData = MODEL_METHODS.has(name) && args.pos.length > 0 ? without(recvDataAll, (l) => !l.startsWith('R:')) : recvDataAll;
  // A helper we cannot see that splits data: its outputs are parts, by position.
  if (bare && /split/i.test(name) && name !== 'split') {
    const parent = n.parent;
    const left = parent?.type === 'assignment' ? parent.childForFieldName('left') : null;
    if (left && (left.type === 'pattern_list' || left.type === 'tuple_pattern')) return namedSplit(st, fr.module, n, data, left.namedChildren.length);
  }
  let labels = union(recvData, data);
  if (isMetricName(name) && isTest(st, labels)) labels = union(labels, new Set(['T', 'TS']));
  if (args.pos.length > 0 && ![...labels].some((l) => l.startsWith('O:'))) labels = union(labels, new Set([`O:${keyOf(fr.module, n)}`]));
  const out: Value = { labels };
  if (/^[A-Z]/.test(name)) out.type = name;
  else if (recv?.type && (name === 'fit' || name === 'copy')) out.type = recv.type;
  if (name === 'concatenate' && recv) out.items = undefined;
  return out;
}

