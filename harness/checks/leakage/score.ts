import { readFileSync } from 'node:fs';
import type { Finding } from '../../schema/finding.js';
import { ParseError } from '../../errors.js';

export const LEAK_KINDS = ['preprocessing', 'overlap', 'multi-test', 'split'] as const;

/** One labelled leak: `<file>\t<kind>\t<line N | cell N>` in a corpus' labels.txt. */
export interface LeakLabel { file: string; kind: string; cell?: number; line?: number }

export function readLabels(path: string): LeakLabel[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim()).map((l) => {
    const m = /^(\S+)\t(preprocessing|overlap|multi-test|split)\t(line|cell) (\d+)$/.exec(l);
    if (!m) throw new ParseError(`bad label line (expected file, kind, "line N" or "cell N" separated by tabs): ${l}`, path);
    return { file: m[1]!, kind: m[2]!, ...(m[3] === 'cell' ? { cell: Number(m[4]) } : { line: Number(m[4]) }) };
  });
}

export interface ScoreRow { kind: string; labels: number; findings: number; tp: number; precision: number; recall: number }

/**
 * Matches findings to labels: same file and kind, and the same cell (notebooks) or
 * within 3 lines; each label at most once. Unmatched findings are false positives.
 */
export function scoreFindings(labels: LeakLabel[], findings: Finding[]): { rows: ScoreRow[]; falsePositives: Finding[]; missed: LeakLabel[] } {
  const used = new Set<number>();
  const falsePositives: Finding[] = [];
  const tp = new Map<string, number>();
  for (const f of findings) {
    const i = labels.findIndex((l, k) => !used.has(k) && l.file === f.file && l.kind === f.kind
      && (l.cell !== undefined ? f.cell === l.cell : f.cell === undefined && Math.abs((f.line ?? 0) - l.line!) <= 3));
    if (i < 0) falsePositives.push(f);
    else { used.add(i); tp.set(f.kind, (tp.get(f.kind) ?? 0) + 1); }
  }
  const rows = [...LEAK_KINDS, 'overall'].map((kind) => {
    const all = kind === 'overall';
    const t = all ? used.size : tp.get(kind) ?? 0;
    const nf = all ? findings.length : findings.filter((f) => f.kind === kind).length;
    const nl = all ? labels.length : labels.filter((l) => l.kind === kind).length;
    return { kind, labels: nl, findings: nf, tp: t, precision: nf ? t / nf : 1, recall: nl ? t / nl : 1 };
  });
  return { rows, falsePositives, missed: labels.filter((_, k) => !used.has(k)) };
}

export function scoreTable(rows: ScoreRow[]): string {
  return ['| kind | labels | findings | precision | recall |', '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.kind} | ${r.labels} | ${r.findings} | ${r.precision.toFixed(3)} | ${r.recall.toFixed(3)} |`)].join('\n');
}
