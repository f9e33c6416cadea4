import type { Node } from './ast.js';
import { evalExpr } from './expressions.js';
import { outerSplits } from './splits.js';
import { isTest, report, type Candidate, type Frame, type State } from './state.js';
import type { FindingKind } from '../../schema/finding.js';

const SAVE_CALLS = /(^|\.)(save|save_weights|save_model|state_dict|deepcopy|get_weights|set_weights)$/;

/**
 * `if score > best: best = score` (or a save, or a break) with a score measured on
 * test data: the test set picks the model or stops training.
 */
export function selectionIf(st: State, fr: Frame, cond: Node | null, body: Node | null): void {
  if (!cond || !body || cond.type !== 'comparison_operator') return;
  const ops = cond.children.filter((c) => !c.isNamed).map((c) => c.text);
  const operands = cond.namedChildren;
  if (operands.length !== 2 || !ops.every((o) => ['<', '>', '<=', '>='].includes(o))) return;
  const values = operands.map((o) => evalExpr(st, fr, o));
  const testish = values.map((v) => isTest(st, v.labels) || v.labels.has('TS'));
  const calls = body.descendantsOfType('call').map((c) => c?.childForFieldName('function')?.text ?? '');
  const savesOrStops = calls.some((c) => SAVE_CALLS.test(c)) || body.descendantsOfType('break_statement').length > 0;
  for (let i = 0; i < 2; i++) {
    if (!testish[i] || testish[1 - i]) continue;
    const other = operands[1 - i]!;
    const named = other.type === 'identifier' || other.type === 'attribute' || other.type === 'subscript';
    const assigned = named && body.descendantsOfType(['assignment', 'augmented_assignment']).some((a) => {
      const left = a?.childForFieldName('left');
      return !!left && (left.text === other.text || left.namedChildren.some((c) => c.text === other.text));
    });
    if (assigned || (savesOrStops && (named || other.type === 'integer' || other.type === 'float'))) {
      report(st, 'multi-test', fr.module, cond, 'select');
      return;
    }
  }
}

/** `best = acc if acc > best else best`: a choice made by comparing a test score with a running value. */
export function selectionChoice(st: State, fr: Frame, cond: Node | undefined): void {
  if (!cond || cond.type !== 'comparison_operator' || cond.namedChildren.length !== 2) return;
  const ops = cond.children.filter((c) => !c.isNamed).map((c) => c.text);
  if (!ops.every((o) => ['<', '>', '<=', '>='].includes(o))) return;
  const values = cond.namedChildren.map((o) => evalExpr(st, fr, o));
  const named = cond.namedChildren.map((o) => o.type === 'identifier' || o.type === 'attribute');
  for (let i = 0; i < 2; i++) {
    if (values[i]!.labels.has('TS') && named[1 - i] && !values[1 - i]!.labels.has('TS')) { report(st, 'multi-test', fr.module, cond, 'select'); return; }
  }
}

const atomsOf = (labels: Iterable<string>) => new Set([...labels].filter((l) => l.startsWith('O:')));
const meets = (a: Set<string>, b: Set<string>) => [...a].some((x) => b.has(x));

/** Turns the records of a finished pass into findings: fits, statistics and augmentations that leak. */
export function finishRecords(st: State): void {
  const outer = outerSplits(st);
  for (const rec of st.records.values()) {
    const atoms = atomsOf(rec.input);
    const push = (kind: FindingKind, reason: string) => st.candidates.push({ kind, module: rec.module, line: rec.node.startPosition.row + 1, severity: 'error', reason });
    if (rec.kind === 'aug') {
      if (outer.some((s) => rec.reachedSplits.has(s.sid) && meets(atoms, s.atoms))) push('overlap', 'augment');
      continue;
    }
    if (isTest(st, rec.input) && (rec.reachedTraining || rec.reachedSplits.size > 0)) push('preprocessing', 'fit-test');
    else if (!rec.input.has('E') && outer.some((s) => meets(atoms, s.atoms) && (rec.reachedSplits.has(s.sid) || rec.reachedTraining))) push('preprocessing', 'fit-all');
  }
}

const TEXT: Record<string, { message: string; fix: string }> = {
  'fit-test': {
    message: 'Data leakage: the normalisation statistics or the fitted transform are computed on data that includes the test set; the project text (section 3) says the test set must not influence training.',
    fix: 'Fit the scaler, generator or statistics on the training data only, then apply them unchanged to the validation and test data (or use fixed values or per-image statistics).',
  },
  'fit-all': {
    message: 'Data leakage: the normalisation statistics or the fitted transform are computed on the whole data set before it is split, so the held-out part influences how the training data is scaled (project text, section 3).',
    fix: 'Split first; compute the statistics or fit the transform on the training part only and apply them unchanged to the other parts (or use fixed values or per-image statistics).',
  },
  fit: {
    message: 'Data leakage: the model is trained on data that includes the test set (or data derived from it); the test set may only be used for the final evaluation (project text, section 3).',
    fix: 'Train on the training data only (for the final model: training plus validation data); keep the test folder and test arrays out of every training call and generator.',
  },
  augment: {
    message: 'Data leakage: augmented or oversampled copies are made before the data is split, so copies of the same image or volume end up on both sides of the split.',
    fix: 'Split first, then augment or oversample (SMOTE, RandomOverSampler, flips) the training part only.',
  },
  'validation_data': {
    message: 'Data leakage: the test set is passed as validation data, so it drives early stopping, checkpoints or the choice of epochs; the project text (section 3) says to use the validation set for this and to evaluate the test set once.',
    fix: 'Pass the validation set as validation_data (and to EarlyStopping/ModelCheckpoint); evaluate on the test set once, after training.',
  },
  select: {
    message: 'Data leakage: scores measured on the test set are used to choose a model, checkpoint, hyperparameter or threshold; the test set must be evaluated only once, at the end (project text, section 3).',
    fix: 'Make the choice on the validation set (or by cross-validation on the training data) and report the test score of the chosen model once.',
  },
  monitor: {
    message: 'Possible data leakage: a callback monitors a metric named after the test set, so the test set may drive early stopping or checkpoints.',
    fix: 'Monitor a validation metric (val_loss, val_auc) and evaluate on the test set once, after training.',
  },
  slices: {
    message: 'Data leakage: 2D slices cut from 3D volumes are split at random, so slices of the same patient end up on both sides of the split and the held-out score is inflated.',
    fix: 'Split by patient: split the list of volumes first and cut each side into slices afterwards, or use GroupShuffleSplit/GroupKFold with the patient id as groups.',
  },
};
TEXT.backward = TEXT.fit!;
TEXT.scheduler = TEXT.select!;
TEXT.search = TEXT.select!;
TEXT.shuffle = TEXT.slices!;

export function describe(c: Candidate): { message: string; fix: string } {
  return TEXT[c.reason] ?? TEXT.fit!;
}
