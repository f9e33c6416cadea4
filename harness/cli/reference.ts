import type { Command } from 'commander';
import { join } from 'node:path';
import { createRegistry, diffReferences, renderDiffTable, runReference, type ReferenceConfig } from '../../reference/registry/index.js';
import type { BackendName } from '../../reference/core/backend.js';
import { renderReferenceReport } from '../report/reference.js';
import { writeContactSheet } from '../report/contact-sheet.js';
import { MedgradeError } from '../errors.js';
import { PROJECT_ROOT } from '../version.js';

const DEFAULT_DIR = join(PROJECT_ROOT, 'reference', 'results');

export function registerReferenceCommands(program: Command): void {
  const reference = program.command('reference').description('regenerate, compare and report the reference results grades are compared against');

  reference.command('run').description('run reference labs/projects over seeds and write <out>/<id>.json')
    .argument('[ids...]', 'ids to run (default: every registered reference)')
    .option('--seeds <n>', 'number of seeds', '3')
    .option('--config <config>', 'ci|small|full', 'small')
    .option('--out <dir>', 'output folder', DEFAULT_DIR)
    .option('--backend <name>', 'tensorflow|wasm|cpu (default: the best available)')
    .action(async (ids: string[], flags: { seeds: string; config: string; out: string; backend?: string }) => {
      if (!['ci', 'small', 'full'].includes(flags.config)) throw new MedgradeError('E_USAGE', `--config must be ci, small or full; got "${flags.config}"`);
      const files = await runReference(ids, {
        seeds: Number(flags.seeds), config: flags.config as ReferenceConfig, out: flags.out,
        registry: createRegistry(flags.backend ? { prefer: flags.backend as BackendName } : {}),
        onSeed: (id, seed, r, s) => process.stderr.write(`${id} seed ${seed}: ${Object.entries(r.metrics).map(([k, v]) => `${k}=${v.toFixed(3)}`).join(' ')} (${s.toFixed(1)} s, ${r.backend})\n`),
      });
      for (const f of files) process.stdout.write(`${f.id}: ${f.provenance.seeds.length} seeds, ${f.wallSeconds.toFixed(1)} s → ${join(flags.out, `${f.id}.json`)}\n`);
    });

  reference.command('diff').description("compare two semesters' results; exits 1 when a metric moved outside its band")
    .argument('<old>').argument('<new>')
    .action((oldDir: string, newDir: string) => {
      const diff = diffReferences(oldDir, newDir);
      process.stdout.write(renderDiffTable(diff));
      process.exitCode = diff.drifted ? 1 : 0;
    });

  reference.command('report').description('the TA report: metrics over seeds with bands, and drift against a previous semester')
    .argument('[dir]', 'results folder', DEFAULT_DIR)
    .option('--previous <dir>', "last semester's results folder")
    .option('--out <file>', 'HTML file to write', 'reference-report.html')
    .option('--no-pdf')
    .action(async (dir: string, flags: { previous?: string; out: string; pdf: boolean }) => {
      const r = await renderReferenceReport(dir, flags.out, { ...(flags.previous ? { previous: flags.previous } : {}), pdf: flags.pdf });
      process.stdout.write(`${r.files.join('\n')}\n${r.pdfSkipped ? `PDF skipped: ${r.pdfSkipped}\n` : ''}`);
    });

  reference.command('sheet').description("one PNG of every figure a run wrote (for docs/figures), shrunk to fit a byte budget")
    .argument('<dir>', 'a run\'s artifacts folder, e.g. reference/results/artifacts/lab4')
    .requiredOption('--out <file>', 'PNG to write, e.g. docs/figures/lab4.png')
    .option('--title <text>', 'heading of the sheet')
    .option('--max-kb <n>', 'largest file size in KB', '200')
    .option('--width <px>', 'CSS width of the sheet', '1200')
    .option('--only <regex>', 'only the figures whose file name matches')
    .action(async (dir: string, flags: { out: string; title?: string; maxKb: string; width: string; only?: string }) => {
      const sheet = await writeContactSheet(dir, flags.out, {
        title: flags.title ?? dir, maxBytes: Number(flags.maxKb) * 1000, width: Number(flags.width), ...(flags.only ? { only: new RegExp(flags.only) } : {}),
      });
      process.stdout.write(`${flags.out}: ${sheet.figures.length} figures, ${sheet.width}×${sheet.height}, ${(sheet.bytes / 1000).toFixed(0)} KB (scale ${sheet.scale.toFixed(2)})\n`);
    });
}
