import { finding, type Finding } from '../schema/finding.js';
import { badRowsFinding, collectPredictions, readPredictionsCsv } from '../pipeline/collect.js';

/** What a classification predict phase wrote, by hidden id. */
export type ClassPredictions =
  | { kind: 'binary'; scores: Map<string, number> }
  /** index = position of the class in rubric.task.classes; probabilities only when given per class. */
  | { kind: 'multiclass'; labels: Map<string, number>; probabilities: Map<string, number[]> | null };

const CHECK = 'collect/outputs';

/** A class probability column: the class name itself, or p_<class>, prob_<class>, probability_<class>. */
function classColumn(header: string[], cls: string): number {
  const c = cls.toLowerCase();
  return header.findIndex((h) => h === c || h === `p_${c}` || h === `prob_${c}` || h === `probability_${c}`);
}

/**
 * Multiclass predictions: id,label (a class name) or id plus one probability column per class
 * (the label is then the arg-max). Rows with problems are left out and counted in one
 * `predictions-malformed` finding; left-out ids are scored as wrong.
 */
export function collectClassLabels(path: string, expected: Set<string>, classes: string[], findings: Finding[], idColumns: string[], unit: string): Map<string, number> | null | { labels: Map<string, number>; probabilities: Map<string, number[]> } {
  const label = path.replace(/^.*\//, '') || 'predictions.csv';
  const wanted = `${idColumns[0]},label (or ${idColumns[0]} plus one probability column per class: ${classes.join(',')})`;
  const table = readPredictionsCsv(path, label, findings, wanted);
  if (!table) return null;
  const header = table.header.map((h) => h.trim().toLowerCase());
  const fi = idColumns.map((c) => header.indexOf(c)).find((i) => i >= 0) ?? -1;
  const li = header.indexOf('label');
  const probColumns = classes.map((c) => classColumn(header, c));
  const byProbability = li < 0 && probColumns.every((i) => i >= 0);
  if (fi < 0 || (li < 0 && !byProbability)) {
    findings.push(finding({ check: CHECK, kind: 'predictions-malformed', severity: 'error', file: label,
      message: `${label} needs the columns ${wanted}; it has ${table.header.join(',').slice(0, 200)}.`,
      fix: `Name the columns exactly ${idColumns[0]} and label, with labels from: ${classes.join(', ')}.` }));
    return null;
  }
  const classIndex = new Map(classes.map((c, i) => [c.toLowerCase(), i]));
  const unknownKey = `unknown ${unit === 'image' ? 'file' : 'id'}`;
  const problems: Record<string, string[]> = { 'unknown class': [], 'not a probability': [], duplicate: [], [unknownKey]: [] };
  const labels = new Map<string, number>();
  const probabilities = new Map<string, number[]>();
  const seen = new Set<string>();
  for (const row of table.rows) {
    const id = (row[fi] ?? '').trim().replace(/^.*\//, '');
    if (!expected.has(id)) { problems[unknownKey]!.push(id); continue; }
    if (seen.has(id)) { problems.duplicate!.push(id); continue; }
    seen.add(id);
    if (byProbability) {
      const p = probColumns.map((i) => Number((row[i] ?? '').trim() || Number.NaN));
      if (p.some((v) => !Number.isFinite(v) || v < 0 || v > 1)) { problems['not a probability']!.push(id); continue; }
      probabilities.set(id, p);
      labels.set(id, p.indexOf(Math.max(...p)));
    } else {
      const c = classIndex.get((row[li] ?? '').trim().toLowerCase());
      if (c === undefined) { problems['unknown class']!.push(`${id}: ${(row[li] ?? '').trim()}`); continue; }
      labels.set(id, c);
    }
  }
  const missing = [...expected].filter((id) => !seen.has(id));
  if (missing.length) problems.missing = missing;
  const bad = badRowsFinding(label, problems, labels.size, expected.size, unit,
    `Write exactly one row per test ${unit}: its ${idColumns[0]} and a label from ${classes.join(', ')} (or one probability per class).`);
  if (bad) findings.push(bad);
  return byProbability ? { labels, probabilities } : labels;
}

/** Reads binary or multiclass predictions, as the rubric's task kind says. */
export function collectClassPredictions(path: string, expected: Set<string>, classes: string[], multiclass: boolean, findings: Finding[], idColumns: string[], unit: string): ClassPredictions | null {
  if (!multiclass) {
    const scores = collectPredictions(path, expected, findings, { idColumns, unit });
    return scores ? { kind: 'binary', scores } : null;
  }
  const got = collectClassLabels(path, expected, classes, findings, idColumns, unit);
  if (!got) return null;
  if (got instanceof Map) return { kind: 'multiclass', labels: got, probabilities: null };
  return { kind: 'multiclass', ...got };
}
