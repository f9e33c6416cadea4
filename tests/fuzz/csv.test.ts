import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../harness/intake/csv.js';
import { collectHistory, collectPredictions } from '../../harness/pipeline/collect.js';
import { findingSchema, type Finding } from '../../harness/schema/finding.js';
import { parsesOrRefuses, runs, SEED } from './helpers.js';

const CHARS = ['a', '1', '0.5', ',', ';', '\t', '"', '\n', '\r\n', '\r', '\uFEFF', ' ', '=', 'é', '\u0000', '-', 'e', '.'];
const csvish = fc.array(fc.constantFrom(...CHARS), { maxLength: 200 }).map((xs) => xs.join(''));
const EXPECTED = new Set(['img_001.png', 'img_002.png', 'img_003.png']);
const row = fc.tuple(fc.oneof(fc.constantFrom(...EXPECTED), fc.string()), fc.oneof(fc.double(), fc.string(), fc.constant('')));
const predictions = fc.tuple(fc.constantFrom('filename,probability', 'Filename;Probability', 'id,p', ''), fc.array(row, { maxLength: 12 }))
  .map(([h, rows]) => `${h}\n${rows.map(([f, p]) => `${f},${p}`).join('\n')}`);

describe('fuzz: CSV (intake parseCsv, collect predictions and history)', () => {
  it('parseCsv gives rectangular-enough rows or a ParseError naming the file', () => {
    fc.assert(fc.property(fc.oneof(csvish, fc.string()), (text) => parsesOrRefuses('fuzz.csv', () => parseCsv(text, 'fuzz.csv'), (t) => {
      expect(Array.isArray(t.header)).toBe(true);
      for (const r of t.rows) expect(Array.isArray(r)).toBe(true);
    })), { seed: SEED, numRuns: runs(600) });
  });

  const dir = mkdtempSync(join(tmpdir(), 'fuzz-csv-'));
  it('collectPredictions never throws: probabilities in [0, 1] for known files, or findings', () => {
    let n = 0;
    fc.assert(fc.property(fc.oneof(predictions, csvish, fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b))), (content) => {
      const path = join(dir, `p${n++}.csv`);
      writeFileSync(path, content);
      const findings: Finding[] = [];
      const map = collectPredictions(path, EXPECTED, findings);
      for (const f of findings) findingSchema.parse(f);
      if (map === null) expect(findings.length).toBeGreaterThan(0);
      else for (const [k, v] of map) { expect(EXPECTED.has(k)).toBe(true); expect(v).toBeGreaterThanOrEqual(0); expect(v).toBeLessThanOrEqual(1); }
    }), { seed: SEED, numRuns: runs(400) });
  });

  it('collectHistory never throws: numeric columns with an epoch, or a history-malformed finding', () => {
    let n = 0;
    const history = fc.array(fc.array(fc.oneof(fc.double().map(String), fc.constantFrom('epoch', 'loss', 'val_accuracy', '', 'nan')), { maxLength: 4 }), { maxLength: 6 })
      .map((rows) => rows.map((r) => r.join(',')).join('\n'));
    fc.assert(fc.property(fc.oneof(history, csvish), (content) => {
      const path = join(dir, `h${n++}.csv`);
      writeFileSync(path, content);
      const findings: Finding[] = [];
      const h = collectHistory(path, findings);
      for (const f of findings) findingSchema.parse(f);
      if (h === null) expect(findings.map((f) => f.kind)).toEqual(['history-malformed']);
      else expect(h.epoch).toBeDefined();
    }), { seed: SEED, numRuns: runs(300) });
  });
});
