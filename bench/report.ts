/**
 * Report rendering benchmark: N student PDFs + one cohort PDF from copies of
 * the fixture results, one browser for the batch. Run twice: first with charts
 * to render, then again with the charts cached beside each result.json.
 *   npx tsx bench/report.ts [N=200] [concurrency=2]
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderReports } from '../harness/report/render.js';

const n = Number(process.argv[2] ?? 200);
const concurrency = Number(process.argv[3] ?? 2);
const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../tests/fixtures/results');
const sources = ['group01-good', 'group02-leakage', 'group03-invalid', 'group04-failed', 'group05-crash-timeout', 'group06-instructor'];

const dir = mkdtempSync(join(tmpdir(), 'medgrade-bench-report-'));
try {
  for (let i = 0; i < n; i++) {
    const src = sources[i % sources.length]!;
    const name = `s${String(i + 1).padStart(3, '0')}-${src}`;
    cpSync(join(fixtures, src), join(dir, name), { recursive: true });
    const result = JSON.parse(readFileSync(join(dir, name, 'result.json'), 'utf8'));
    writeFileSync(join(dir, name, 'result.json'), JSON.stringify({ ...result, submission: name, group: i + 1 }));
  }
  for (const label of ['cold (charts rendered)', 'warm (charts cached)']) {
    const t0 = performance.now();
    const s = await renderReports(dir, { pdf: true, concurrency, log: (m) => console.error(m) });
    const total = (performance.now() - t0) / 1000;
    if (s.pdfSkipped) throw new Error(s.pdfSkipped);
    console.log(`${label}: ${s.pdfs.length} PDFs (${n} students + cohort) in ${total.toFixed(1)} s; ` +
      `charts ${s.seconds.charts.toFixed(1)} s, html ${s.seconds.html.toFixed(1)} s, pdf ${s.seconds.pdf.toFixed(1)} s ` +
      `(${((s.seconds.pdf / s.pdfs.length) * 1000).toFixed(0)} ms per PDF, concurrency ${concurrency}); ` +
      `${((total / s.pdfs.length) * 1000).toFixed(0)} ms per report overall`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
