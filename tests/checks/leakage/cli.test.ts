import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leakageCheck, runLeakageCommand } from '../../../harness/checks/leakage/index.js';
import type { CheckInput } from '../../../harness/checks/types.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/leakage');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'leak-cli-'));
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub', 'helpers.py'), "def all_mean(a, b):\n    import numpy as np\n    return np.concatenate([a, b]).mean()\n");
  writeFileSync(join(dir, 'sub', 'main.py'), "from helpers import all_mean\nimport numpy as np\nxtr = np.load('data/train.npy')\nxte = np.load('data/test.npy')\nm = all_mean(xtr, xte)\nmodel.fit(xtr - m, y)\n");
  writeFileSync(join(dir, 'broken.ipynb'), '{"cells": [');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runLeakageCommand', () => {
  it('prints {files:[{path, findings}]} as JSON and exits 0 when it finds leaks', async () => {
    const res = await runLeakageCommand([join(FIXTURES, 'covid_valdata_test.ipynb'), join(FIXTURES, 'clean_scaler_train_only.py')], { format: 'json' });
    expect(res.exitCode).toBe(0);
    const out = JSON.parse(res.output) as { files: { path: string; findings: { kind: string; cell?: number }[] }[] };
    expect(out.files).toHaveLength(2);
    expect(out.files[0]!.findings.map((f) => [f.kind, f.cell])).toEqual([['multi-test', 3]]);
    expect(out.files[1]!.findings).toEqual([]);
  });

  it('analyses a folder as one submission: a leak in an imported helper is reported in the helper', async () => {
    const res = await runLeakageCommand([join(dir, 'sub')], { format: 'json' });
    const out = JSON.parse(res.output) as { files: { path: string; findings: { kind: string; line: number; file: string }[] }[] };
    const all = out.files.flatMap((f) => f.findings);
    expect(all.map((f) => [f.file, f.kind, f.line])).toEqual([['helpers.py', 'preprocessing', 3]]);
  });

  it('prints text with the file, the place and the fix', async () => {
    const res = await runLeakageCommand([join(FIXTURES, 'ct_unet_slices_tts.py')], { format: 'text' });
    expect(res.exitCode).toBe(0);
    expect(res.output).toMatch(/ct_unet_slices_tts\.py \(line 25\) error split/);
    expect(res.output).toMatch(/fix: Split by patient/);
  });

  it('exits non-zero on usage and parse errors', async () => {
    expect((await runLeakageCommand([], { format: 'json' })).exitCode).toBe(2);
    expect((await runLeakageCommand([join(dir, 'missing.py')], { format: 'json' })).exitCode).toBe(2);
    const broken = await runLeakageCommand([join(dir, 'broken.ipynb')], { format: 'json' });
    expect(broken.exitCode).toBe(1);
    expect(broken.output).toMatch(/broken\.ipynb/);
  });
});

describe('leakageCheck', () => {
  it('scans the submission files and turns an unreadable notebook into a warning', async () => {
    const check = leakageCheck();
    expect([check.id, check.stage]).toEqual(['leakage/static', 'check']);
    const input = {
      submission: { id: 's', group: null, sources: [], root: dir, files: ['broken.ipynb', 'sub/helpers.py', 'sub/main.py'], report: null, hash: '', findings: [], rejected: false },
      rubric: {},
    } as unknown as CheckInput;
    const found = await check.run(input);
    expect(found.map((f) => [f.file, f.kind, f.severity])).toEqual([
      ['broken.ipynb', 'unreadable-input', 'warning'],
      ['sub/helpers.py', 'preprocessing', 'error'],
    ]);
  });
});
