import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { popplerMissing } from '../../../harness/checks/validation/report.js';
import { validate } from '../../../harness/checks/validation/index.js';
import { discoverSubmissions } from '../../../harness/intake/discover.js';
import { unpack } from '../../../harness/pipeline/unpack.js';
import { loadRubric } from '../../../harness/rubric/load.js';
import type { Rubric } from '../../../harness/rubric/schema.js';

/**
 * Golden tests: each folder in tests/fixtures/validation is a submission named for
 * the outcome it should give; expected.json lists the findings (check, kind,
 * severity, file, line, cell) and whether the submission is blocked.
 * UPDATE_GOLDENS=1 rewrites expected.json from what the checks return now.
 */
const FIXTURES = join(import.meta.dirname, '../../fixtures/validation');
const REPORTS = join(import.meta.dirname, '../../fixtures/reports');
const update = process.env.UPDATE_GOLDENS === '1';
const poppler = popplerMissing();
if (poppler) console.warn(`validation fixtures skipped: ${poppler}`);

let rubric: Rubric;
const tmp = mkdtempSync(join(tmpdir(), 'medgrade-validation-'));
beforeAll(() => { rubric = loadRubric(join(import.meta.dirname, '../../../rubrics/covid.yaml')).rubric; });
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cases = readdirSync(FIXTURES, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

describe.skipIf(poppler !== null)('validation fixtures', () => {
  it('has the cases the suite is built around', () => {
    for (const c of ['passes-all', 'missing-predict-py', 'bad-search-csv-columns', 'imports-cv2-in-notebook-cell-3',
      'requirements-numpy-1.26-conflict', 'ships-weights-h5', 'ships-200-pngs']) expect(cases).toContain(c);
  });

  it.each(cases)('%s', async (name) => {
    const dir = join(FIXTURES, name);
    const { report } = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as { report: string | null };
    const [discovered] = discoverSubmissions([join(dir, 'group12')]);
    if (report) {
      const path = join(REPORTS, report);
      expect(existsSync(path), `${report} is missing from tests/fixtures/reports`).toBe(true);
      // Uploaded beside the package under the name the course asks for.
      mkdirSync(join(tmp, 'uploads', name), { recursive: true });
      discovered!.report = join(tmp, 'uploads', name, 'Report_group12.pdf');
      copyFileSync(path, discovered!.report);
    }
    const sub = await unpack(discovered!, join(tmp, name));
    expect(sub.rejected).toBe(false);
    const validated = await validate(sub, rubric);
    for (const f of validated.findings) {
      expect(f.message.length).toBeGreaterThan(10);
      expect(f.fix.length).toBeGreaterThan(10);
    }
    const actual = {
      blocking: validated.blocking,
      findings: validated.findings.map((f) => ({
        check: f.check, kind: f.kind, severity: f.severity, file: f.file,
        ...(f.line !== undefined ? { line: f.line } : {}), ...(f.cell !== undefined ? { cell: f.cell } : {}),
      })),
    };
    const goldenPath = join(dir, 'expected.json');
    if (update || !existsSync(goldenPath)) {
      writeFileSync(goldenPath, JSON.stringify(actual, null, 2) + '\n');
      if (!update) throw new Error(`${name}: wrote a new golden; check it and run again`);
    }
    expect(actual).toEqual(JSON.parse(readFileSync(goldenPath, 'utf8')));
  });
});
