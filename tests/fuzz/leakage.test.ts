import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPythonParser } from '../../harness/python/parser.js';
import { createLeakageAnalyzer, type LeakageAnalyzer } from '../../harness/checks/leakage/index.js';
import { findingSchema } from '../../harness/schema/finding.js';
import { parsesOrRefuses, runs, SEED } from './helpers.js';

/** Statements from the course's world (splits, scalers, fits, loops), plus broken ones. */
const STATEMENTS = [
  'import numpy as np', 'from sklearn.model_selection import train_test_split', 'from sklearn.preprocessing import StandardScaler',
  'X, y = load("data")', 'X_train, X_test, y_train, y_test = train_test_split(X, y)', 'scaler = StandardScaler()',
  'scaler.fit(X)', 'scaler.fit(X_test)', 'X = scaler.fit_transform(X)', 'model.fit(X_test, y_test)', 'model.fit(X_train, y_train)',
  'for i in range(3):', '    X = X * 2', 'def f(a):', '    return a.fit(X_test)', 'f(scaler)', 'class M:', '    pass',
  'lambda: X_test', 'x = [t for t in X_test]', 'test_dir = "data/test"', 'imgs = os.listdir(test_dir)', 'X = np.concatenate([X_train, X_test])',
  'if True:', 'while False: pass', 'with open("a") as f: X = f.read()', 'async def g(): await h(X_test)', 'x = (1 +', ')))', 'def (:', '\tmixed', 'é = 1',
  '"""unterminated', 'f"{X_test!r}"', '@dec', 'X_test, X_train = X_train, X_test', 'del X_test', 'global X', 'x = 1 if X_test else 2',
];
const program = fc.array(fc.oneof(fc.constantFrom(...STATEMENTS), fc.string({ maxLength: 30 })), { maxLength: 25 }).map((xs) => xs.join('\n'));

describe('fuzz: leakage analyser on random Python', () => {
  let analyzer: LeakageAnalyzer;
  const dir = mkdtempSync(join(tmpdir(), 'fuzz-leak-'));
  beforeAll(async () => { analyzer = createLeakageAnalyzer(await createPythonParser()); });

  it('returns valid findings (lines inside the file) for any program, quickly', () => {
    let n = 0;
    fc.assert(fc.property(program, fc.boolean(), (code, notebook) => {
      const rel = notebook ? `nb${n}.ipynb` : `m${n}.py`;
      const abs = join(dir, rel);
      n += 1;
      writeFileSync(abs, notebook ? JSON.stringify({ cells: code.split('\n\n').map((c) => ({ cell_type: 'code', source: c, outputs: [] })), metadata: {}, nbformat: 4, nbformat_minor: 5 }) : code);
      parsesOrRefuses(rel, () => analyzer.analyzeFiles([{ abs, rel }]), (findings) => {
        for (const f of findings) {
          findingSchema.parse(f);
          if (f.line !== undefined && !notebook) expect(f.line).toBeLessThanOrEqual(code.split('\n').length);
        }
      }, 3000);
    }), { seed: SEED, numRuns: runs(200) });
  });

  it('two random modules importing each other (a cycle) terminate', () => {
    fc.assert(fc.property(program, program, (a, b) => {
      const pa = join(dir, 'a.py'); const pb = join(dir, 'b.py');
      writeFileSync(pa, `import b\nfrom b import *\n${a}`);
      writeFileSync(pb, `import a\nfrom a import *\n${b}`);
      parsesOrRefuses('a.py', () => analyzer.analyzeFiles([{ abs: pa, rel: 'a.py' }, { abs: pb, rel: 'b.py' }]), undefined, 3000);
    }), { seed: SEED, numRuns: runs(60) });
  });
});
