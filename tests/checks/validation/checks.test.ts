import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChecks, validationChecks } from '../../../harness/checks/registry.js';
import { validate } from '../../../harness/checks/validation/index.js';
import { packageContentsCheck } from '../../../harness/checks/validation/package-contents.js';
import { popplerMissing, reportCheck } from '../../../harness/checks/validation/report.js';
import { importsCheck, ownModules } from '../../../harness/checks/validation/imports.js';
import { requirementsCheck } from '../../../harness/checks/validation/requirements.js';
import { csvColumnsCheck } from '../../../harness/checks/validation/csv-columns.js';
import { requiredFilesCheck } from '../../../harness/checks/validation/required-files.js';
import { listFiles } from '../../../harness/intake/hash.js';
import type { Unpacked } from '../../../harness/pipeline/types.js';
import { loadRubric } from '../../../harness/rubric/load.js';
import type { Rubric } from '../../../harness/rubric/schema.js';
import type { Check } from '../../../harness/checks/types.js';

const tmp = mkdtempSync(join(tmpdir(), 'medgrade-checks-'));
let rubric: Rubric;
beforeAll(() => { rubric = loadRubric(join(import.meta.dirname, '../../../rubrics/covid.yaml')).rubric; });
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
function submission(files: Record<string, string | Buffer>, extra: Partial<Unpacked> = {}): Unpacked {
  const root = join(tmp, `s${++n}`);
  mkdirSync(root, { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), content);
  }
  return { id: `s${n}`, group: 3, sources: [root], root, files: listFiles(root), report: null, hash: 'x', findings: [], rejected: false, ...extra };
}

describe('runChecks', () => {
  it('turns a throwing check into an instructor error finding and runs the rest', async () => {
    const boom: Check = { id: 'test/boom', stage: 'validate', run: async () => { throw new Error('kaput'); } };
    const fine: Check = { id: 'test/fine', stage: 'validate', run: async () => [] };
    const sub = submission({ 'train.py': '' });
    const out = await runChecks([boom, fine, ...validationChecks().slice(0, 1)], { submission: sub, rubric });
    expect(out[0]).toMatchObject({ check: 'test/boom', severity: 'error', audience: 'instructor' });
    expect(out[0]!.message).toContain('kaput');
    expect(out.slice(1).map((f) => f.file)).toEqual(['predict.py', 'baseline.ipynb', '**/*baseline*search*.csv', '**/*transfer*search*.csv']);
  });

  it('lists one validate-stage check per concern, with unique ids', () => {
    const ids = validationChecks().map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(validationChecks().every((c) => c.stage === 'validate')).toBe(true);
  });
});

describe('validate', () => {
  it('blocks a rejected submission without running checks', async () => {
    const v = await validate(submission({}, { rejected: true }), rubric);
    expect(v).toEqual({ findings: [], blocking: true });
  });

  it('does not block when only non-blocking files are missing', async () => {
    const v = await validate(submission({ 'train.py': 'import numpy\n', 'predict.py': '' }), rubric);
    expect(v.blocking).toBe(false);
    expect(v.findings.filter((f) => f.kind === 'missing-file').map((f) => f.file))
      .toEqual(['baseline.ipynb', '**/*baseline*search*.csv', '**/*transfer*search*.csv', 'Report_group3.pdf']);
  });
});

describe('package contents', () => {
  const run = (files: Record<string, string | Buffer>, extra: Partial<Unpacked> = {}) =>
    packageContentsCheck().run({ submission: submission(files, extra), rubric });

  it('allows exactly maxDataFiles figures and flags one more', async () => {
    const figs = (k: number) => Object.fromEntries(Array.from({ length: k }, (_, i) => [`fig/${i}.png`, 'x']));
    expect(await run(figs(20))).toEqual([]);
    expect((await run(figs(21))).map((f) => f.kind)).toEqual(['data-in-package']);
  });

  it('counts .nii.gz as one data extension and .pkl as weights', async () => {
    const out = await run({ 'a.nii.gz': 'x', 'scaler.pkl': 'x', 'notes.gz': 'x' });
    expect(out.map((f) => [f.kind, f.file])).toEqual([['weights-in-package', 'scaler.pkl']]);
    const many = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`vol/${i}.nii.gz`, 'x']));
    expect((await run(many)).map((f) => f.kind)).toEqual(['data-in-package']);
  });

  it('flags any file over maxFileMb except notebooks and the report', async () => {
    const big = Buffer.alloc(5 * 1024 * 1024 + 1);
    const root = `s${n + 1}`;
    const out = await run({ 'cache.bin': big, 'baseline.ipynb': big, 'Report_group3.pdf': big },
      { report: join(tmp, root, 'Report_group3.pdf') });
    expect(out.map((f) => [f.kind, f.file])).toEqual([['data-in-package', 'cache.bin']]);
  });
});

describe('imports', () => {
  it('treats the submission\'s own modules and packages as allowed', async () => {
    expect([...ownModules(['train.py', 'src/models/net.py', 'README.md'])].sort()).toEqual(['models', 'net', 'src', 'train']);
    const out = await importsCheck().run({ submission: submission({
      'train.py': 'import helpers\nfrom src.models import net\nimport yaml, imblearn, sklearn, keras\nimport requests\n',
      'helpers.py': '', 'src/models/net.py': '', 'broken.ipynb': '{not json',
    }), rubric });
    expect(out.map((f) => [f.kind, f.severity, f.file, f.line ?? null])).toEqual([
      ['unreadable-input', 'warning', 'broken.ipynb', null],
      ['disallowed-import', 'error', 'train.py', 4],
    ]);
  });
});

describe('imports: oversized sources', () => {
  it('skips a .py over 2 MB with a warning instead of parsing it', async () => {
    const huge = 'import cv2\n' + `DATA = "${'x'.repeat(2 * 1024 * 1024)}"\n`;
    const out = await importsCheck().run({ submission: submission({ 'blob.py': huge, 'ok.py': 'import cv2\n' }), rubric });
    expect(out.map((f) => [f.kind, f.severity, f.file])).toEqual([['unreadable-input', 'warning', 'blob.py'], ['disallowed-import', 'error', 'ok.py']]);
  });
});

describe('report without poppler', () => {
  it('gives an info finding that says why the check was skipped', async () => {
    const sub = submission({ 'Report_group3.pdf': '%PDF-1.4' });
    sub.report = join(sub.root, 'Report_group3.pdf');
    const path = process.env.PATH;
    process.env.PATH = tmp;
    try {
      const out = await reportCheck().run({ submission: sub, rubric });
      expect(out.map((f) => [f.kind, f.severity, f.file])).toEqual([['report-pages', 'info', 'Report_group3.pdf']]);
      expect(out[0]!.message).toMatch(/pdfinfo is not installed/);
    } finally {
      process.env.PATH = path;
    }
  });

  const poppler = popplerMissing();
  if (poppler) console.warn(`unreadable-PDF test skipped: ${poppler}`);
  it.skipIf(poppler !== null)('reports an unreadable PDF as a warning, not a crash', async () => {
    const sub = submission({ 'Report_group3.pdf': 'not a pdf at all' });
    sub.report = join(sub.root, 'Report_group3.pdf');
    const out = await reportCheck().run({ submission: sub, rubric });
    expect(out.map((f) => [f.kind, f.severity])).toEqual([['report-pages', 'warning']]);
  });

  it.skipIf(poppler !== null)('warns about a report not named Report_group{N}.pdf and still checks it', async () => {
    const sub = submission({ 'docs/verslag.pdf': 'not a pdf' });
    sub.report = join(sub.root, 'docs/verslag.pdf');
    const out = await reportCheck().run({ submission: sub, rubric });
    expect(out.map((f) => [f.kind, f.severity, f.file])).toEqual([['missing-file', 'warning', 'docs/verslag.pdf'], ['report-pages', 'warning', 'docs/verslag.pdf']]);
    expect(out[0]!.message).toContain('Report_group3.pdf');
  });
});

describe('requirements.txt', () => {
  const run = (content: string | Buffer) => requirementsCheck().run({ submission: submission({ 'requirements.txt': content }), rubric });

  it('reads a UTF-16 pip freeze and collapses many transitive pins into one warning', async () => {
    const freeze = ['absl-py==2.1.0', 'astunparse==1.6.3', 'grpcio==1.68.0', 'h5py==3.12.1', 'ml-dtypes==0.4.1',
      'protobuf==5.29.0', 'numpy==1.26.4', 'tensorflow==2.18.0', 'opencv-python==4.10.0.84'].join('\r\n');
    const out = await run(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(freeze, 'utf16le')]));
    expect(out.map((f) => [f.severity, f.line])).toEqual([['warning', 1], ['error', 7]]);
    expect(out[0]!.message).toContain('7 libraries outside the allowed list');
    expect(out[0]!.message).toContain('opencv-python');
    expect(out[1]!.message).toContain('numpy==1.26.4 conflicts with the allowed numpy~=2.0.2');
  });

  it('names each library outside the list when there are few, and accepts variants', async () => {
    const out = await run('tensorflow-cpu==2.21.0\nopencv-python\nPillow>=10\nscikit-learn>=1.7\n');
    expect(out.map((f) => [f.severity, f.line])).toEqual([['error', 2], ['error', 3], ['error', 4]]);
  });
});

describe('required files and CSVs', () => {
  it('finds results CSVs whatever their letter case, but not Train.py for train.py', async () => {
    const sub = submission({
      'Train.py': '', 'predict.py': '', 'baseline.ipynb': '{}',
      'Results/Baseline_Search.CSV': 'dropout,a,b,c,val_acc\n0.1,1,2,3,0.9\n0.2,1,2,3,0.8\n',
      'transfer_search.csv': 'batch_size,learning_rate,dropout,val_auc\n32,0.001,0.5,0.9\n',
    });
    const missing = await requiredFilesCheck().run({ submission: sub, rubric });
    expect(missing.map((f) => f.file)).toEqual(['train.py']);
    expect(missing[0]!.fix).toContain('Rename Train.py');
    const csv = await csvColumnsCheck().run({ submission: sub, rubric });
    expect(csv.map((f) => f.file)).toEqual(['transfer_search.csv']);
    expect(csv[0]!.message).toContain('1 data row, at least 2 expected');
  });
});
