import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Result } from '../schema/result.js';
import { CHART_DIR, criteriaSpec, histogramSpec, readChartManifest, renderCharts, svgFromVegaLite, type ChartOptions } from './charts.js';
import { readResults, type ResultProblem } from './gradebook.js';
import { runLimited, withPdfRenderer } from './pdf.js';
import { readScoreLog, SCORE_LOG } from './scores.js';
import { loadTemplates, type Templates } from './templates.js';
import { bySeverity, chartViews, cohortView, findingLocation, fmtPts, reportView, verdict, visibleTo, type Audience, type ChartView } from './view.js';

export interface RenderOptions {
  pdf: boolean;
  /** Also write report-instructor.html (instructor findings and criteria included). */
  instructorView?: boolean;
  /** Hidden labels for ROC curves computed from predictions. */
  labels?: ChartOptions['labels'];
  /** PDFs rendered at once in the one browser. */
  concurrency?: number;
  templatesDir?: string;
  /** Progress and the reason PDFs were skipped; defaults to console.error. */
  log?: (message: string) => void;
}

export interface RenderSummary {
  reports: string[];
  pdfs: string[];
  cohort: string;
  /** Why no PDFs were written, when pdf was asked for and Chromium was not usable. */
  pdfSkipped?: string;
  /** PDFs that failed one by one; the rest of the batch still rendered. */
  pdfFailed: { file: string; message: string }[];
  problems: ResultProblem[];
  seconds: { charts: number; html: number; pdf: number };
}

function chartsOf(dir: string): ChartView[] {
  const manifest = readChartManifest(dir);
  if (!manifest) return [];
  return chartViews(Object.fromEntries(Object.entries(manifest.charts).map(([name, e]) => [name,
    { svg: readFileSync(join(dir, CHART_DIR, e.file), 'utf8').replace(/^<\?xml[^>]*>/, ''), alt: e.alt }])));
}

/** The HTML of one submission's report; the caller has rendered its charts already (renderCharts). */
export function reportHtml(t: Templates, result: Result, dir: string, audience: Audience): string {
  const log = readScoreLog(join(dir, SCORE_LOG));
  return t.report(reportView(result, { audience, charts: chartsOf(dir), log, css: t.css }));
}

export async function cohortHtml(t: Templates, dir: string, results: readonly Result[], problems: ResultProblem[]): Promise<string> {
  const graded = results.filter((r) => r.status === 'graded');
  const charts: ChartView[] = [];
  if (graded.length > 0) {
    mkdirSync(join(dir, CHART_DIR), { recursive: true });
    const max = Math.max(...graded.map((r) => r.maxScore));
    const hist = await svgFromVegaLite(histogramSpec(graded.map((r) => r.score), max));
    const points = graded.flatMap((r) => r.criteria.filter((c) => c.status === 'scored' && c.maxPoints > 0)
      .map((c) => ({ criterion: c.id, fraction: c.points / c.maxPoints })));
    const crit = await svgFromVegaLite(criteriaSpec(points));
    writeFileSync(join(dir, CHART_DIR, 'cohort-scores.svg'), hist);
    writeFileSync(join(dir, CHART_DIR, 'cohort-criteria.svg'), crit);
    const scores = graded.map((r) => r.score).sort((a, b) => a - b);
    charts.push({ name: 'scores', title: 'Score distribution', svg: hist, alt: `Histogram of ${graded.length} graded scores from ${fmtPts(scores[0]!)} to ${fmtPts(scores[scores.length - 1]!)} of ${fmtPts(max)}.` });
    charts.push({ name: 'criteria', title: 'Per-criterion distribution', svg: crit, alt: `Share of points per criterion for ${graded.length} graded submissions: one tick per submission, a diamond at the median; pending criteria are left out.` });
  }
  return t.cohort(cohortView(results, { problems, charts, css: t.css }));
}

/**
 * Renders DIR/<submission>/report.html (+ report.pdf) for every result under
 * DIR and DIR/cohort.html (+ cohort.pdf). Manual scores are applied. One
 * browser serves the whole batch; without Chromium it writes HTML only and
 * says why.
 */
export async function renderReports(dir: string, opts: RenderOptions): Promise<RenderSummary> {
  const log = opts.log ?? ((m: string) => console.error(m));
  const t = loadTemplates(opts.templatesDir);
  const { results, problems } = readResults(dir);
  for (const p of problems) log(`skipped ${p.file}: ${p.message}`);
  const t0 = performance.now();
  for (const r of results) await renderCharts(r, join(dir, r.submission), { labels: opts.labels });
  const t1 = performance.now();
  const jobs: { html: string; out: string }[] = [];
  const reports: string[] = [];
  for (const r of results) {
    const sub = join(dir, r.submission);
    const html = reportHtml(t, r, sub, 'student');
    writeFileSync(join(sub, 'report.html'), html);
    reports.push(join(sub, 'report.html'));
    jobs.push({ html, out: join(sub, 'report.pdf') });
    if (opts.instructorView) writeFileSync(join(sub, 'report-instructor.html'), reportHtml(t, r, sub, 'instructor'));
  }
  const cohort = join(dir, 'cohort.html');
  const cohortText = await cohortHtml(t, dir, results, problems);
  writeFileSync(cohort, cohortText);
  jobs.push({ html: cohortText, out: join(dir, 'cohort.pdf') });
  const t2 = performance.now();
  const summary: RenderSummary = { reports, pdfs: [], pdfFailed: [], cohort, problems, seconds: { charts: (t1 - t0) / 1000, html: (t2 - t1) / 1000, pdf: 0 } };
  if (opts.pdf) {
    await withPdfRenderer(async (renderer, reason) => {
      if (!renderer) {
        summary.pdfSkipped = reason;
        log(`no PDFs: ${reason}`);
        return;
      }
      await runLimited(jobs, opts.concurrency ?? 2, async (job) => {
        try {
          await renderer.pdf(job.html, job.out);
          summary.pdfs.push(job.out);
        } catch (e) {
          summary.pdfFailed.push({ file: job.out, message: (e as Error).message });
          log(`PDF failed for ${job.out}: ${(e as Error).message}`);
        }
      });
      summary.pdfs.sort();
    });
  }
  summary.seconds.pdf = (performance.now() - t2) / 1000;
  return summary;
}

/** Writes one result's report.html (+ pdf) into its folder, e.g. for grade-one. */
export async function renderOneReport(result: Result, dir: string, opts: RenderOptions): Promise<{ html: string; pdf?: string; pdfSkipped?: string }> {
  const t = loadTemplates(opts.templatesDir);
  await renderCharts(result, dir, { labels: opts.labels });
  const html = reportHtml(t, result, dir, 'student');
  const out: { html: string; pdf?: string; pdfSkipped?: string } = { html: join(dir, 'report.html') };
  writeFileSync(out.html, html);
  if (opts.pdf) {
    await withPdfRenderer(async (renderer, reason) => {
      if (!renderer) { out.pdfSkipped = reason; return; }
      await renderer.pdf(html, join(dir, 'report.pdf'));
      out.pdf = join(dir, 'report.pdf');
    });
  }
  return out;
}

function wrap(text: string, width = 88, indent = '    '): string {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + w.length + 1 > width - indent.length) { lines.push(line); line = w; } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.map((l) => indent + l).join('\n');
}

/** A plain-text summary for the terminal (student self-check): score, lost points, findings and fixes. */
export function renderText(full: Result, opts: { audience?: Audience } = {}): string {
  const r = visibleTo(full, opts.audience ?? 'student');
  const out: string[] = [];
  out.push(`${r.submission} (${r.assignment}): ${fmtPts(r.score)} / ${fmtPts(r.maxScore)} points [${r.status}]`);
  out.push(wrap(verdict(r), 88, '  '));
  out.push('', 'Rubric:');
  for (const c of r.criteria) {
    const pts = c.status === 'pending' ? 'pending' : `${fmtPts(c.points)}/${fmtPts(c.maxPoints)}`;
    out.push(`  ${pts.padStart(9)}  ${c.title}`);
    for (const reason of c.reasons) out.push(wrap(`${reason.points > 0 ? `-${fmtPts(reason.points)}` : "note"}: ${reason.reason}`, 88, '             '));
  }
  const metrics = Object.entries(r.metrics).filter(([, v]) => v !== null);
  if (metrics.length > 0) {
    out.push('', 'Metrics:');
    for (const [name, v] of metrics) {
      const b = r.reference.bands.find((x) => x.metric === name);
      const band = b && b.low !== null && b.high !== null ? `  band ${b.low.toFixed(3)}–${b.high.toFixed(3)}${b.within === false ? '  OUTSIDE' : ''}` : '';
      out.push(`  ${name.padEnd(12)} ${v!.toFixed(3)}${band}`);
    }
  }
  const findings = bySeverity(r.findings);
  out.push('', findings.length ? `Findings (${findings.length}):` : 'Findings: none');
  for (const f of findings) {
    out.push(`  [${f.severity.toUpperCase()}] ${f.kind} at ${findingLocation(f)}`);
    out.push(wrap(f.message));
    if (f.excerpt) out.push(...f.excerpt.split('\n').slice(0, 8).map((l) => `    | ${l}`));
    out.push(wrap(`Fix: ${f.fix}`));
  }
  const bad = r.runs.filter((x) => !x.skipped && (x.exitCode !== 0 || x.timedOut || x.oomKilled));
  for (const run of bad) {
    out.push('', `Phase ${run.phase} ${run.timedOut ? 'timed out' : run.oomKilled ? 'ran out of memory' : `exited with ${run.exitCode ?? run.signal}`}; last lines of stderr:`);
    out.push(...run.stderrTail.trimEnd().split('\n').slice(-6).map((l) => `    | ${l}`));
  }
  return out.join('\n') + '\n';
}

