import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPythonParser } from '../../../harness/python/parser.js';
import { createLeakageAnalyzer } from '../../../harness/checks/leakage/index.js';
import type { Finding } from '../../../harness/schema/finding.js';
import { readLabels, scoreFindings, scoreTable, type LeakLabel } from '../../../harness/checks/leakage/score.js';

const ROOT = join(import.meta.dirname, '../../fixtures/leakage');
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

describe('leakage/static on the labelled corpus', () => {
  let findings: Finding[] = [];
  let labels: LeakLabel[] = [];
  let files = 0;
  beforeAll(async () => {
    const analyzer = createLeakageAnalyzer(await createPythonParser());
    labels = readLabels(join(ROOT, 'labels.txt'));
    for (const sub of submissions()) { files += sub.length; findings.push(...analyzer.analyzeFiles(sub)); }
    findings = findings.filter((f) => f.check === 'leakage/static');
  });

  it('meets the precision and recall targets', () => {
    const { rows, falsePositives: fp, missed: fn } = scoreFindings(labels, findings);
    console.log(`corpus: ${files} files\n${scoreTable(rows)}`);
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
