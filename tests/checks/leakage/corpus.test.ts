import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPythonParser } from '../../../harness/python/parser.js';
import { createLeakageAnalyzer } from '../../../harness/checks/leakage/index.js';
import type { Finding } from '../../../harness/schema/finding.js';

const ROOT = join(import.meta.dirname, '../../fixtures/leakage');
const KINDS = ['preprocessing', 'overlap', 'multi-test', 'split'] as const;

interface Label { file: string; kind: string; cell?: number; line?: number }

function readLabels(): Label[] {
  return readFileSync(join(ROOT, 'labels.txt'), 'utf8').split('\n').filter((l) => l.trim()).map((l) => {
    const m = /^(\S+)\t(preprocessing|overlap|multi-test|split)\t(line|cell) (\d+)$/.exec(l);
    if (!m) throw new Error(`bad label line: ${l}`);
    return { file: m[1]!, kind: m[2]!, ...(m[3] === 'cell' ? { cell: Number(m[4]) } : { line: Number(m[4]) }) };
  });
}

/** Each top-level file is one submission; each folder is one multi-file submission. */
function submissions(): { abs: string; rel: string }[][] {
  const out: { abs: string; rel: string }[][] = [];
  for (const name of readdirSync(ROOT).sort()) {
    const p = join(ROOT, name);
    if (statSync(p).isDirectory()) {
      out.push(readdirSync(p).filter((f) => /\.(py|ipynb)$/.test(f)).map((f) => ({ abs: join(p, f), rel: `${name}/${f}` })));
    } else if (/\.(py|ipynb)$/.test(name)) out.push([{ abs: p, rel: name }]);
  }
  return out;
}

/** A finding matches a label of the same file and kind in the same cell, or within 3 lines. */
function score(labels: Label[], findings: Finding[]) {
  const used = new Set<number>();
  const fp: Finding[] = [];
  const tpByKind = new Map<string, number>();
  for (const f of findings) {
    const i = labels.findIndex((l, k) => !used.has(k) && l.file === f.file && l.kind === f.kind
      && (l.cell !== undefined ? f.cell === l.cell : f.cell === undefined && Math.abs((f.line ?? 0) - l.line!) <= 3));
    if (i < 0) fp.push(f);
    else { used.add(i); tpByKind.set(f.kind, (tpByKind.get(f.kind) ?? 0) + 1); }
  }
  const fn = labels.filter((_, k) => !used.has(k));
  const rows = [...KINDS, 'overall'].map((kind) => {
    const tp = kind === 'overall' ? used.size : tpByKind.get(kind) ?? 0;
    const nf = kind === 'overall' ? findings.length : findings.filter((f) => f.kind === kind).length;
    const nl = kind === 'overall' ? labels.length : labels.filter((l) => l.kind === kind).length;
    return { kind, labels: nl, findings: nf, tp, precision: nf ? tp / nf : 1, recall: nl ? tp / nl : 1 };
  });
  return { rows, fp, fn };
}

describe('leakage/static on the labelled corpus', () => {
  let findings: Finding[] = [];
  let labels: Label[] = [];
  let files = 0;
  beforeAll(async () => {
    const analyzer = createLeakageAnalyzer(await createPythonParser());
    labels = readLabels();
    for (const sub of submissions()) { files += sub.length; findings.push(...analyzer.analyzeFiles(sub)); }
    findings = findings.filter((f) => f.check === 'leakage/static');
  });

  it('meets the precision and recall targets', () => {
    const { rows, fp, fn } = score(labels, findings);
    const table = ['| kind | labels | findings | precision | recall |', '| --- | --- | --- | --- | --- |',
      ...rows.map((r) => `| ${r.kind} | ${r.labels} | ${r.findings} | ${r.precision.toFixed(3)} | ${r.recall.toFixed(3)} |`)];
    console.log(`corpus: ${files} files\n${table.join('\n')}`);
    for (const f of fp) console.log(`false positive: ${f.file} ${f.kind} ${f.cell !== undefined ? `cell ${f.cell}` : `line ${f.line}`}: ${f.excerpt}`);
    for (const l of fn) console.log(`missed: ${l.file} ${l.kind} ${l.cell !== undefined ? `cell ${l.cell}` : `line ${l.line}`}`);
    const overall = rows.find((r) => r.kind === 'overall')!;
    expect(files).toBeGreaterThanOrEqual(80);
    expect(overall.precision).toBeGreaterThanOrEqual(0.97);
    expect(overall.recall).toBeGreaterThanOrEqual(0.95);
    for (const r of rows) expect(r.recall, r.kind).toBeGreaterThanOrEqual(0.9);
  });

  it('finds nothing in the files listed as clean', () => {
    const clean = new Set(readFileSync(join(ROOT, 'clean.txt'), 'utf8').split('\n').filter(Boolean));
    expect(clean.size).toBeGreaterThanOrEqual(30);
    expect(findings.filter((f) => clean.has(f.file))).toEqual([]);
  });

  it('builds complete findings: check id, a line or cell, the sink line as excerpt, a message and a fix', () => {
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.line).toBeGreaterThan(0);
      if (f.file.endsWith('.ipynb')) expect(f.cell).toBeGreaterThanOrEqual(0);
      expect(f.excerpt?.length).toBeGreaterThan(0);
      expect(f.message).toMatch(/leakage/i);
      expect(f.fix.length).toBeGreaterThan(20);
    }
  });
});
