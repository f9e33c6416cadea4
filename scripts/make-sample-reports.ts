/**
 * Writes the sample report PDFs: submissions/covid/Report_group{N}.pdf for the
 * sample packages, and fixtures for the report checks in tests/fixtures/reports/.
 * Run: npx tsx scripts/make-sample-reports.ts   (needs /usr/bin/chromium)
 * The text says plainly that each report is a sample; it is not a real group's work.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';

interface Page { heading?: string; paragraphs: string[]; table?: string[][] }

const SAMPLE_NOTE = 'This is a SAMPLE report written for the medgrade test fixtures; it describes a model trained on SYNTHETIC phantom images, not real chest X-rays.';

function filler(topic: string, n: number): string[] {
  const sentences = [
    `We describe the ${topic} step by step and report what we measured on the validation set.`,
    'All numbers come from the synthetic dataset of 200 phantom radiographs of 64 by 64 pixels.',
    'The training, validation and test splits hold 140, 30 and 30 images, balanced between the two classes.',
    'We fixed the random seeds of NumPy and Keras so that each run can be repeated.',
    'The test set was evaluated once, at the end, and played no part in any choice we made.',
    'Figures show the mean of the runs; the spread between runs was below two accuracy points.',
  ];
  return Array.from({ length: n }, (_, i) => sentences.slice(i % 3, (i % 3) + 4).join(' '));
}

/** The pages of a report; `drop` removes sections by heading, `pages` pads or cuts to a page count. */
function reportPages(group: number, options: { drop?: string[]; pages: number }): Page[] {
  const all: Page[] = [
    { heading: 'Introduction', paragraphs: [SAMPLE_NOTE, ...filler('classification of COVID-19 chest X-rays', 3)] },
    { heading: 'Data exploration (Task 1)', paragraphs: filler('data exploration, preprocessing and augmentation', 4),
      table: [['split', 'COVID', 'Normal'], ['train', '70', '70'], ['val', '15', '15'], ['test', '15', '15']] },
    { paragraphs: filler('normalisation with the training statistics and three augmentations', 4) },
    { heading: 'Baseline (Task 2)', paragraphs: filler('baseline convolutional network', 4) },
    { paragraphs: filler('hyperparameter search with early stopping', 3),
      table: [['dropout', 'learning rate', 'batch size', 'filters', 'val accuracy'], ['0.3', '1e-3', '16', '16', '0.93'], ['0.5', '1e-3', '16', '8', '0.97']] },
    { heading: 'Transfer learning (Task 3)', paragraphs: filler('transfer learning from ResNet50V2', 4) },
    { paragraphs: filler('fine-tuning of the whole network', 4) },
    { heading: 'Grad-CAM (Task 4)', paragraphs: filler('Grad-CAM explanation of the decisions', 4) },
    { paragraphs: filler('misclassified samples and their heat maps', 4) },
    { heading: 'Conclusions', paragraphs: filler('conclusions', 3) },
    { heading: 'Author contributions', paragraphs: [`Group ${group}: every member wrote part of the code and reviewed all of it. ${SAMPLE_NOTE}`] },
    { heading: 'Use of generative AI', paragraphs: ['We used generative AI to find bugs in the plotting code of Task 1. No text of this report was generated.'] },
    { heading: 'References', paragraphs: ['[1] The COVID-19 Radiography Database, Kaggle. [2] Selvaraju et al., Grad-CAM, ICCV 2017.'] },
    { heading: 'Appendix', paragraphs: filler('extra figures', 3) },
    { paragraphs: filler('per-run training curves', 3) },
  ];
  const kept = all.filter((p) => !p.heading || !options.drop?.includes(p.heading));
  while (kept.length < options.pages) kept.splice(kept.length - 1, 0, { paragraphs: filler('additional results', 4) });
  if (kept.length > options.pages) {
    // Merge the short closing sections onto shared pages until the count fits.
    const merged: Page[] = [];
    const excess = kept.length - options.pages;
    kept.forEach((p, i) => {
      const prev = merged[merged.length - 1];
      if (prev && i >= kept.length - 2 * excess && (i - (kept.length - 2 * excess)) % 2 === 1) {
        prev.paragraphs.push(`<h2>${p.heading ?? ''}</h2>`, ...p.paragraphs);
      } else merged.push({ ...p, paragraphs: [...p.paragraphs] });
    });
    return merged;
  }
  return kept;
}

function escape(s: string): string {
  return s.startsWith('<h2>') ? s : s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

function html(group: number, title: string, pages: Page[]): string {
  const body = pages.map((p, i) => `<section class="page">
    ${i === 0 ? `<h1>${escape(title)}</h1><p class="authors">Group ${group} · SAMPLE REPORT</p>` : ''}
    ${p.heading ? `<h2>${escape(p.heading)}</h2>` : ''}
    <div class="cols">${p.paragraphs.map((t) => (t.startsWith('<h2>') ? t : `<p>${escape(t)}</p>`)).join('\n')}
    ${p.table ? `<table>${p.table.map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('')}</table>` : ''}</div>
    <p class="foot">Page ${i + 1} of ${pages.length}</p></section>`).join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><style>
    @page { size: A4; margin: 18mm; }
    body { font-family: 'DejaVu Serif', serif; font-size: 12pt; }
    .page { page-break-after: always; height: 250mm; position: relative; }
    .page:last-child { page-break-after: auto; }
    .cols { column-count: 2; column-gap: 8mm; text-align: left; }
    h1 { font-size: 18pt; } h2 { font-size: 14pt; }
    table { border-collapse: collapse; margin: 4mm 0; } td { border: 1px solid #888; padding: 1mm 2mm; font-size: 10pt; }
    .foot { position: absolute; bottom: 0; width: 100%; text-align: center; font-size: 9pt; }
  </style></head><body>${body}</body></html>`;
}

interface Target { path: string; group: number; pages: number; drop?: string[] }

function targets(repo: string): Target[] {
  const subs = join(repo, 'submissions', 'covid');
  const groups = readdirSync(subs).map((d) => /^Group (\d+) - /.exec(d)?.[1]).filter((g): g is string => !!g).map(Number);
  const fixtures = join(repo, 'tests', 'fixtures', 'reports');
  return [
    ...groups.map((g) => ({ path: join(subs, `Report_group${g}.pdf`), group: g, pages: 12 })),
    { path: join(fixtures, 'pages-8-too-short.pdf'), group: 91, pages: 8 },
    { path: join(fixtures, 'pages-12-missing-genai-section.pdf'), group: 92, pages: 12, drop: ['Use of generative AI'] },
    { path: join(fixtures, 'pages-11-complete.pdf'), group: 93, pages: 11 },
  ];
}

async function main(): Promise<void> {
  const repo = process.cwd();
  const profile = mkdtempSync(join(tmpdir(), 'medgrade-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    userDataDir: profile,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  try {
    for (const t of targets(repo)) {
      const page = await browser.newPage();
      const title = `COVID-19 assisted diagnosis from chest X-rays (sample report, group ${t.group})`;
      await page.setContent(html(t.group, title, reportPages(t.group, { pages: t.pages, drop: t.drop })), { waitUntil: 'load' });
      await page.pdf({ path: t.path, format: 'A4', printBackground: false, tagged: false, outline: false });
      await page.close();
      console.log(`${t.path}  ${(statSync(t.path).size / 1024).toFixed(0)} KB`);
    }
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

await main();
