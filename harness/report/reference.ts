import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { referenceSchema, type ReferenceFile } from '../schema/reference.js';
import { fmt, svgFromVegaLite } from './charts.js';
import { withPdfRenderer } from './pdf.js';
import { loadTemplates } from './templates.js';
import type { ChartView } from './view.js';

/** The TA page for reference/results/*.json: metrics over seeds, bands, drift against last semester. */

export interface ReferenceLoad { files: ReferenceFile[]; problems: { file: string; message: string }[] }

export function readReferences(dir: string): ReferenceLoad {
  const out: ReferenceLoad = { files: [], problems: [] };
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const file = join(dir, name);
    try {
      const parsed = referenceSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (parsed.success) out.files.push(parsed.data);
      else out.problems.push({ file, message: parsed.error.issues.slice(0, 2).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    } catch (e) {
      out.problems.push({ file, message: `not JSON: ${(e as Error).message}` });
    }
  }
  return out;
}

/** Band as a shaded range, min–max over seeds as a rule, the mean as a diamond. */
export function referenceSpec(ref: ReferenceFile): Record<string, unknown> {
  const rows = Object.entries(ref.metrics).map(([metric, m]) => ({ metric, ...m, low: m.band.low, high: m.band.high }));
  const y = { field: 'metric', type: 'nominal', title: null, sort: null };
  const lo = Math.max(0, Math.floor((Math.min(1, ...rows.map((r) => Math.min(r.low, r.min))) - 0.05) * 10) / 10);
  return {
    title: `${ref.id}: band, seed range and mean`, width: 420, height: { step: 30 }, data: { values: rows },
    layer: [
      { mark: { type: 'bar', fill: '#e3e3e3', stroke: '#555555', height: 16 }, encoding: { y, x: { field: 'low', type: 'quantitative', title: 'value', scale: { domain: [lo, 1] } }, x2: { field: 'high' } } },
      { mark: { type: 'rule', strokeWidth: 2, color: '#000000' }, encoding: { y, x: { field: 'min', type: 'quantitative' }, x2: { field: 'max' } } },
      { mark: { type: 'point', shape: 'diamond', filled: true, size: 90, color: '#000000' }, encoding: { y, x: { field: 'mean', type: 'quantitative' } } },
    ],
  };
}

export interface ReferenceReportOptions { previous?: string; pdf?: boolean; templatesDir?: string }

/** Writes out (HTML) and, with pdf, the same name with .pdf. Returns the files written. */
export async function renderReferenceReport(dir: string, out: string, opts: ReferenceReportOptions = {}): Promise<{ files: string[]; pdfSkipped?: string }> {
  const t = loadTemplates(opts.templatesDir);
  const current = readReferences(dir);
  const previous = opts.previous ? readReferences(opts.previous) : null;
  const references = [];
  for (const ref of current.files) {
    const prev = previous?.files.find((p) => p.id === ref.id && p.config === ref.config);
    const metrics = Object.entries(ref.metrics).map(([name, m]) => {
      const pm = prev?.metrics[name];
      const drift = pm ? m.mean - pm.mean : null;
      // Drift matters when last semester's mean falls outside this semester's band.
      return { name, mean: fmt(m.mean), std: fmt(m.std), min: fmt(m.min), max: fmt(m.max), seeds: m.seeds, n: m.n ?? 'n/a',
        band: `${fmt(m.band.low)} – ${fmt(m.band.high)}`, previousMean: pm ? fmt(pm.mean) : 'n/a',
        drift: drift === null ? 'n/a' : `${drift >= 0 ? '+' : ''}${drift.toFixed(3)}`, drifted: pm ? pm.mean < m.band.low || pm.mean > m.band.high : false };
    });
    const svg = await svgFromVegaLite(referenceSpec(ref));
    const chart: ChartView = { name: `ref-${ref.id}`, title: `${ref.id} over ${ref.provenance.seeds.length} seeds (shaded: band; line: min–max over seeds; diamond: mean)`, svg,
      alt: `${ref.id}: ${Object.entries(ref.metrics).map(([n, m]) => `${n} mean ${fmt(m.mean)} (band ${fmt(m.band.low)}–${fmt(m.band.high)})`).join('; ')}.` };
    references.push({ ...ref, metrics, chart, gpu: ref.provenance.gpu ?? 'none', seedsText: ref.provenance.seeds.join(', '),
      versionsText: Object.entries(ref.provenance.versions).map(([k, v]) => `${k} ${v}`).join(', '), wall: `${ref.wallSeconds.toFixed(1)} s` });
  }
  const html = t.reference({ css: t.css, references, problems: [...current.problems, ...(previous?.problems ?? [])],
    previousLabel: opts.previous ? basename(opts.previous) : '', generatedAt: new Date().toISOString() });
  writeFileSync(out, html);
  const result: { files: string[]; pdfSkipped?: string } = { files: [out] };
  if (opts.pdf) {
    await withPdfRenderer(async (renderer, reason) => {
      if (!renderer) { result.pdfSkipped = reason; return; }
      const pdf = out.replace(/\.html?$/, '') + '.pdf';
      await renderer.pdf(html, pdf);
      result.files.push(pdf);
    });
  }
  return result;
}
