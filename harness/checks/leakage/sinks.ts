import type { Node } from './ast.js';
import { assignTo } from './expressions.js';
import type { Args } from './calls.js';
import { heldOut, isTest, markReached, record, report, type Frame, type State } from './state.js';
import { HARMLESS_FIT_TYPES, RESAMPLER_TYPES, SEARCH_TYPES, TRANSFORMER_TYPES } from './vocabulary.js';
import { allLabels, EMPTY, empty, union, type Value } from './values.js';

/** The training data of a fit-like call: x and y, by position or keyword. */
function trainingData(args: Args, lightning = false) {
  const parts = [...(lightning ? [args.pos[1], args.kw.get('train_dataloaders')] : [args.pos[0], args.pos[1]]), args.kw.get('x'), args.kw.get('y'), args.kw.get('generator')]
    .filter((a) => !!a).map((a) => allLabels(a!.value));
  return union(...parts);
}

/**
 * .fit and friends. What the call means depends on the receiver: a scaler or
 * ImageDataGenerator learns statistics (preprocessing), a resampler makes copies
 * (overlap when done before the split), a search picks hyperparameters
 * (multi-test on test data), anything else trains a model (overlap on test data).
 */
export function trainingCall(st: State, fr: Frame, n: Node, name: string, recv: Value | undefined, recvNode: Node | null, args: Args): Value {
  const type = recv?.type ?? '';
  const data = trainingData(args, /Trainer$/.test(type));
  if (name === 'validation_split' || args.kw.has('validation_split')) st.sawValidation = true;
  if (HARMLESS_FIT_TYPES.test(type)) return recv ?? empty();
  if (name === 'fit_resample' || RESAMPLER_TYPES.test(type)) {
    const rec = record(st, 'aug', fr.module, n, data).rid;
    const labels = union(data, new Set([`R:${rec}`]));
    return { labels, items: args.pos.map((a) => ({ labels: union(allLabels(a.value), new Set([`R:${rec}`])) })) };
  }
  if (name === 'fit_transform' || name === 'adapt' || TRANSFORMER_TYPES.test(type)) {
    const input = allLabels(args.pos[0]?.value ?? args.kw.get('x')?.value ?? empty());
    if (input.size === 0 || input.has('E')) return name === 'fit_transform' ? { labels: input } : recv ?? empty();
    const rec = record(st, 'fit', fr.module, n, input).rid;
    const mark = new Set([`R:${rec}`]);
    const updated: Value = { ...(recv ?? empty()), labels: union(recv?.labels ?? EMPTY, mark) };
    if (recvNode && (recvNode.type === 'identifier' || recvNode.type === 'attribute')) assignTo(st, fr, recvNode, updated);
    return name === 'fit_transform' ? { labels: union(input, mark) } : updated;
  }
  const lightning = /Trainer$/.test(type);
  const validation = args.kw.get('validation_data') ?? args.kw.get('val_dataloaders') ?? (lightning ? args.pos[2] : undefined);
  if (validation) for (const sid of heldOut(allLabels(validation.value))) st.validated.add(sid);
  if (validation && isTest(st, allLabels(validation.value))) report(st, 'multi-test', fr.module, validation.node, 'validation_data');
  if (SEARCH_TYPES.test(type) || name === 'search') {
    if (isTest(st, data)) report(st, 'multi-test', fr.module, n, 'search');
    return empty();
  }
  for (const sid of heldOut(data)) st.trainedOn.add(sid);
  if (isTest(st, data)) report(st, 'overlap', fr.module, n, 'fit');
  else markReached(st, union(data, recv ? allLabels(recv) : EMPTY, validation ? allLabels(validation.value) : EMPTY), { training: true });
  return empty();
}
