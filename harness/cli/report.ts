import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderReports } from '../report/render.js';
import { exportGrades, EXPORT_FORMATS, type ExportFormat } from '../report/export.js';
import { importScoresFile, writeScoresTemplate } from '../report/scores.js';
import { readResults } from '../report/gradebook.js';
import { MedgradeError } from '../errors.js';
import { batchRecordSchema, gradePaths } from './grade.js';
import { collectBatch } from '../runners/slurm/index.js';

export function registerReportCommands(program: Command): void {
  program.command('report').description('re-render reports from existing results, without re-running anything')
    .argument('<dir>')
    .option('--no-pdf', 'HTML only')
    .action(async (dir: string, flags: { pdf: boolean }) => {
      const summary = await renderReports(dir, { pdf: flags.pdf });
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    });

  program.command('collect').description('after a detached Slurm batch: gradebook and reports from the results written so far')
    .argument('<dir>')
    .option('--no-pdf', 'HTML only')
    .action(async (dir: string, flags: { pdf: boolean }) => {
      const c = await collectBatch(dir, { pdf: flags.pdf });
      process.stdout.write(`${c.graded} graded, ${c.invalid} invalid, ${c.failed} failed, ${c.pending.length} still pending${c.pending.length ? ` (${c.pending.join(', ')})` : ''}\ngradebook: ${c.gradebook}\n`);
    });

  program.command('export').description('export grades for an LMS or Gradescope')
    .argument('<dir>')
    .requiredOption('--format <format>', EXPORT_FORMATS.join('|'))
    .option('--out <path>', 'output file or folder (default: inside DIR)')
    .option('--roster <csv>', 'roster mapping groups/submissions to LMS ids')
    .option('--canvas-assignment-id <id>')
    .action((dir: string, flags: { format: string; out?: string; roster?: string; canvasAssignmentId?: string }) => {
      if (!EXPORT_FORMATS.includes(flags.format as ExportFormat)) {
        throw new MedgradeError('E_USAGE', `--format must be one of ${EXPORT_FORMATS.join(', ')}; got "${flags.format}"`);
      }
      const outcome = exportGrades(dir, flags.format as ExportFormat, flags.out ?? join(dir, `export-${flags.format}`), {
        ...(flags.roster ? { roster: flags.roster } : {}), ...(flags.canvasAssignmentId ? { canvasAssignmentId: flags.canvasAssignmentId } : {}),
      });
      for (const w of outcome.warnings) process.stderr.write(`warning: ${w}\n`);
      process.stdout.write(`${outcome.rows} rows written to ${outcome.files.join(', ')}\n`);
    });

  program.command('scores').description('manual grading: write a template for pending criteria, or import TA scores')
    .argument('<dir>')
    .option('--template', 'write DIR/scores-template.csv')
    .option('--import <csv>', 'merge scores, comments and overrides; every change is logged per submission')
    .action(async (dir: string, flags: { template?: boolean; import?: string }) => {
      if (flags.template) {
        process.stdout.write(`template: ${writeScoresTemplate(dir, readResults(dir).raw)}\n`);
      } else if (flags.import) {
        const outcome = await importScoresFile(dir, flags.import);
        for (const p of outcome.problems) process.stderr.write(`row ${p.row}: ${p.message}\n`);
        process.stdout.write(`${outcome.applied.length} scores applied, ${outcome.skipped} empty rows skipped${outcome.problems.length ? ', nothing applied because of the problems above' : ''}\n`);
        process.exitCode = outcome.problems.length ? 1 : 0;
      } else {
        throw new MedgradeError('E_USAGE', 'give --template or --import <csv>');
      }
    });

  program.command('regrade').description('re-run one submission of a graded batch, keeping its manual scores')
    .argument('<dir>').argument('<submission>')
    .option('--no-pdf')
    .action(async (dir: string, submission: string, flags: { pdf: boolean }) => {
      let record;
      try {
        record = batchRecordSchema.parse(JSON.parse(readFileSync(join(dir, 'batch.json'), 'utf8')));
      } catch {
        throw new MedgradeError('E_INPUT_NOT_FOUND', 'no batch.json: regrade works on a folder written by `medgrade grade`', join(dir, 'batch.json'));
      }
      process.exitCode = await gradePaths(record.inputs, {
        ...record.flags, out: resolve(dir), only: submission, force: true, pdf: flags.pdf,
      });
    });
}
