import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderOneReport, renderReports, renderText } from '../../harness/report/render.js';
import { renderReferenceReport } from '../../harness/report/reference.js';
import { chromiumPath } from '../../harness/report/pdf.js';
import { FIXTURES, SUBMISSIONS, fixture, fixtureCopy } from './helpers.js';

function hasTool(name: string): boolean {
  try { execFileSync('which', [name], { stdio: 'ignore' }); return true; } catch { return false; }
}
const pdfReason = !chromiumPath() ? 'Chromium not installed (/usr/bin/chromium)' : !hasTool('pdftotext') ? 'poppler-utils not installed' : '';
if (pdfReason) console.warn(`skipping PDF report tests: ${pdfReason}`);

describe('HTML reports (pdf: false)', () => {
  let dir = '';
  let cleanup = () => {};
  beforeAll(async () => {
    ({ dir, cleanup } = fixtureCopy());
    writeFileSync(join(dir, 'group01-good', 'scores.log.jsonl'), JSON.stringify({ time: '2026-11-21T10:00:00Z', grader: 'TA Ann', criterion: 'report', old: null, new: 24, reason: '', comment: 'clear figures, thin discussion' }) + '\n');
    const summary = await renderReports(dir, { pdf: false, instructorView: true, log: () => {} });
    expect(summary.pdfs).toEqual([]);
    expect(summary.problems).toHaveLength(1);
  });
  afterAll(() => cleanup());

  it('writes report.html per submission and cohort.html, no PDFs', () => {
    for (const s of SUBMISSIONS) {
      expect(existsSync(join(dir, s, 'report.html'))).toBe(true);
      expect(existsSync(join(dir, s, 'report.pdf'))).toBe(false);
    }
    expect(existsSync(join(dir, 'cohort.pdf'))).toBe(false);
    const cohort = readFileSync(join(dir, 'cohort.html'), 'utf8');
    for (const s of SUBMISSIONS) expect(cohort).toContain(`href="${s}/report.html"`);
    expect(cohort).toContain('StandardScaler is fitted');
    expect(cohort).toContain('Environment build failed');
    expect(cohort).toContain('group07-malformed');
  });

  it('the student view hides instructor findings and instructorOnly criteria; the instructor view shows them', () => {
    const student = readFileSync(join(dir, 'group06-instructor', 'report.html'), 'utf8');
    const instructor = readFileSync(join(dir, 'group06-instructor', 'report-instructor.html'), 'utf8');
    expect(student).not.toContain('INSTRUCTOR NOTE');
    expect(student).not.toContain('Similarity review');
    expect(student).toContain('results/transfer_search.csv has 1 row');
    expect(instructor).toContain('INSTRUCTOR NOTE: train.py listed /data/../test');
    expect(instructor).toContain('Similarity review');
  });

  it('shows every lost point with its reason, pending criteria as pending, findings with line and cell', () => {
    const html = readFileSync(join(dir, 'group02-leakage', 'report.html'), 'utf8');
    expect(html).toContain('Data leakage (using test data in training, directly or indirectly) gives zero for methodology');
    expect(html).toContain('Pending manual grading by a TA.');
    expect(html).toContain('train.py, line 41');
    expect(html).toContain('baseline.ipynb, cell 12, line 3');
    expect(html).toContain('scaler.fit(X_all.reshape(len(X_all), -1))');
    const crash = readFileSync(join(dir, 'group05-crash-timeout', 'report.html'), 'utf8');
    expect(crash).toContain('exit code 1');
    expect(crash).toContain('timed out');
    expect(crash).toContain('ModuleNotFoundError');
  });

  it('applies manual scores and shows the change log', () => {
    const html = readFileSync(join(dir, 'group01-good', 'report.html'), 'utf8');
    expect(html).toContain('82.5 / 100');
    expect(html).toContain('Manual grading log');
    expect(html).toContain('Manual score by TA Ann: clear figures, thin discussion');
    expect(readFileSync(join(dir, 'cohort.html'), 'utf8')).toContain('82.5 / 100');
  });

  it('gives every figure alt text and uses no images for text', () => {
    const html = readFileSync(join(dir, 'group01-good', 'report.html'), 'utf8');
    const figures = html.match(/<figure[^>]*>/g) ?? [];
    expect(figures).toHaveLength(4);
    for (const f of figures) expect(f).toMatch(/aria-label="[^"]{20,}"/);
    expect(html).not.toMatch(/<img\b/);
  });
});

describe.skipIf(pdfReason !== '')('PDF reports', () => {
  let dir = '';
  let cleanup = () => {};
  beforeAll(async () => {
    ({ dir, cleanup } = fixtureCopy());
    const summary = await renderReports(dir, { pdf: true, log: () => {} });
    expect(summary.pdfSkipped).toBeUndefined();
    expect(summary.pdfFailed).toEqual([]);
    expect(summary.pdfs).toHaveLength(SUBMISSIONS.length + 1);
  });
  afterAll(() => cleanup());
  const text = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  const pages = (file: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);

  it('the leakage report PDF holds the score, the findings and the point-loss reason', () => {
    const file = join(dir, 'group02-leakage', 'report.pdf');
    const t = text(file).replace(/\s+/g, ' ');
    expect(t).toContain('19.8 / 100');
    expect(t).toContain('StandardScaler is fitted on data that includes the test images');
    expect(t).toContain('Data leakage (using test data in training, directly or indirectly) gives zero for methodology');
    expect(t).toContain('TP 99'); // chart text stays text
    expect(pages(file)).toBeGreaterThanOrEqual(2);
    expect(pages(file)).toBeLessThanOrEqual(5);
  });

  it('the student PDF leaves instructor findings out; the cohort PDF lists every submission', () => {
    expect(text(join(dir, 'group06-instructor', 'report.pdf'))).not.toContain('INSTRUCTOR NOTE');
    const cohort = text(join(dir, 'cohort.pdf'));
    expect(cohort).toContain('Cohort overview');
    for (const s of SUBMISSIONS) expect(cohort).toContain(s);
    expect(pages(join(dir, 'cohort.pdf'))).toBeLessThanOrEqual(4);
  });
});

describe('without Chromium', () => {
  it('writes HTML only and says why', async () => {
    const { dir, cleanup } = fixtureCopy();
    const before = process.env.MEDGRADE_CHROMIUM;
    process.env.MEDGRADE_CHROMIUM = '/nonexistent/chromium';
    try {
      const messages: string[] = [];
      const s = await renderReports(dir, { pdf: true, log: (m) => messages.push(m) });
      expect(s.pdfs).toEqual([]);
      expect(s.pdfSkipped).toMatch(/Chromium not found at \/nonexistent\/chromium/);
      expect(messages.join('\n')).toMatch(/no PDFs: Chromium not found/);
      expect(existsSync(join(dir, 'group01-good', 'report.html'))).toBe(true);
    } finally {
      if (before === undefined) delete process.env.MEDGRADE_CHROMIUM; else process.env.MEDGRADE_CHROMIUM = before;
      cleanup();
    }
  });
});

describe('renderOneReport (grade-one)', () => {
  it('writes one report.html with its charts into the result folder', async () => {
    const { dir, cleanup } = fixtureCopy();
    try {
      const out = await renderOneReport(fixture('group02-leakage'), join(dir, 'group02-leakage'), { pdf: false });
      expect(out.html).toBe(join(dir, 'group02-leakage', 'report.html'));
      expect(out.pdf).toBeUndefined();
      const html = readFileSync(out.html, 'utf8');
      expect(html).toContain('19.8 / 100');
      expect(html).toContain('TP 99');
      expect(existsSync(join(dir, 'group02-leakage', 'charts', 'training.svg'))).toBe(true);
    } finally { cleanup(); }
  });
});

describe('renderText and the reference report', () => {
  it('renderText prints score, lost points, findings with fixes and no instructor notes', () => {
    const t = renderText(fixture('group06-instructor'));
    expect(t).toMatch(/^group06-instructor \(covid\): 69 \/ 100 points \[graded\]/);
    expect(t).toContain('-1: Accuracy 0.9 on the hidden test set');
    expect(t).toContain('[WARNING] bad-csv at results/transfer_search.csv');
    expect(t).toContain('Fix: Record one row per run');
    expect(t).not.toContain('INSTRUCTOR NOTE');
    expect(t).not.toContain('Similarity review');
    expect(renderText(fixture('group06-instructor'), { audience: 'instructor' })).toContain('INSTRUCTOR NOTE');
    expect(renderText(fixture('group05-crash-timeout'))).toContain("ModuleNotFoundError: No module named 'torch'");
  });

  it('renders the reference page with bands and drift against the previous semester', async () => {
    const { dir, cleanup } = fixtureCopy();
    try {
      const out = join(dir, 'reference.html');
      await renderReferenceReport(join(FIXTURES, '_reference', 'current'), out, { previous: join(FIXTURES, '_reference', 'previous') });
      const html = readFileSync(out, 'utf8');
      expect(html).toContain('covid-xray');
      expect(html).toContain('0.780 – 0.920');
      expect(html).toContain('+0.080');
      expect(html).toMatch(/class="num outside">\+0\.080/); // last semester's accuracy mean 0.77 is below this band
      expect(html).toMatch(/<figure[^>]*aria-label="covid-xray: accuracy mean 0.850/);
    } finally { cleanup(); }
  });
});
