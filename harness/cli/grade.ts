import { Command, Option } from 'commander';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { writeJsonAtomic } from '../util/fs.js';
import { discoverSubmissions } from '../intake/discover.js';
import { createContext } from '../context.js';
import { gradeBatch } from '../batch.js';
import { readResults, writeGradebook } from '../report/gradebook.js';
import { renderReports, renderText } from '../report/render.js';
import { MedgradeError } from '../errors.js';
import { parseGpus } from '../runners/docker/index.js';
import { submitBatch } from '../runners/slurm/index.js';

const runnerOption = () => new Option('--runner <name>', 'where submissions run').choices(['sandbox', 'local', 'docker', 'slurm']);

/** What `grade` was asked, kept beside the results so `regrade` can repeat it for one submission. */
export const batchRecordSchema = z.object({
  inputs: z.array(z.string()),
  flags: z.object({
    rubric: z.string(), runner: z.string().optional(), jobs: z.string(), report: z.boolean(), trace: z.boolean(),
    python: z.string().optional(), referenceDir: z.string().optional(), cacheDir: z.string().optional(),
  }),
});

interface GradeFlags {
  rubric: string; out: string; runner?: string; jobs: string; pdf: boolean; report: boolean; force?: boolean;
  python?: string; trace: boolean; referenceDir?: string; cacheDir?: string;
  /** Grade only this submission id (regrade). */
  only?: string;
  gpus?: string;
  /** grade-one: one task of a larger batch (Slurm, Gradescope), so batch.json belongs to the batch, not to it. */
  single?: boolean;
  partition?: string; gres?: string; time?: string; inner?: string; detach?: boolean;
}

/** `--runner slurm`: one array job for the batch, each task grading one submission with the inner runner. */
async function gradeOnSlurm(paths: string[], flags: GradeFlags): Promise<number> {
  const outcome = await submitBatch(paths, {
    rubric: flags.rubric, out: flags.out, inner: (flags.inner ?? 'sandbox') as 'sandbox' | 'docker',
    ...(flags.partition ? { partition: flags.partition } : {}), ...(flags.gres ? { gres: flags.gres } : {}),
    ...(flags.time ? { time: flags.time } : {}), detach: Boolean(flags.detach), trace: flags.trace, pdf: flags.pdf, report: flags.report,
    ...(flags.python ? { python: flags.python } : {}), ...(flags.cacheDir ? { cacheDir: flags.cacheDir } : {}),
    ...(flags.referenceDir ? { referenceDir: flags.referenceDir } : {}),
  });
  process.stdout.write(`Slurm job ${outcome.jobId}: ${outcome.tasks} tasks → ${outcome.out}\n`);
  return 0;
}

export async function gradePaths(paths: string[], flags: GradeFlags): Promise<number> {
  if (flags.runner === 'slurm') return gradeOnSlurm(paths, flags);
  const all = discoverSubmissions(paths);
  const subs = flags.only ? all.filter((s) => s.id === flags.only) : all;
  if (subs.length === 0) {
    throw new MedgradeError('E_INPUT_NOT_FOUND', flags.only ? `no submission "${flags.only}" (known: ${all.map((s) => s.id).join(', ')})` : `no submissions found in ${paths.join(', ')}`);
  }
  const ctx = await createContext({
    rubric: flags.rubric, out: flags.out, runner: (flags.runner ?? 'sandbox') as 'sandbox',
    ...(flags.gpus ? { runnerOptions: { docker: { gpus: parseGpus(flags.gpus) } } } : {}),
    trace: flags.trace, ...(flags.python ? { python: flags.python } : {}),
    ...(flags.referenceDir ? { referenceDir: flags.referenceDir } : {}), ...(flags.cacheDir ? { cacheDir: flags.cacheDir } : {}),
  });
  if (!flags.only && !flags.single) {
    const { rubric, runner, jobs, report, trace, python, referenceDir, cacheDir } = flags;
    writeJsonAtomic(join(ctx.outRoot, 'batch.json'), batchRecordSchema.parse({
      inputs: paths.map((p) => resolve(p)),
      flags: { rubric: resolve(rubric), runner, jobs, report, trace, python, referenceDir, cacheDir },
    }));
  }
  await gradeBatch(subs, ctx, { jobs: Number(flags.jobs), force: Boolean(flags.force) });
  // The gradebook covers every result in the folder (a regrade or a resumed run included), with manual scores merged.
  writeGradebook(ctx.outRoot, readResults(ctx.outRoot).raw);
  if (flags.report) await renderReports(ctx.outRoot, { pdf: flags.pdf });
  const out = resolve(flags.out);
  process.stdout.write(`\nResults: ${out}/<submission>/result.json${flags.report ? ', report.html' + (flags.pdf ? ', report.pdf' : '') : ''}\n`);
  process.stdout.write(`Gradebook: ${join(out, 'gradebook.csv')}${flags.report ? `\nCohort overview: ${join(out, 'cohort.html')}` : ''}\n`);
  return 0;
}

export function registerGradeCommands(program: Command): void {
  program.command('grade')
    .description('grade submissions (folders, zips, or batch folders) and write results, a gradebook and reports')
    .argument('<paths...>', 'submission folders, .zip files, or folders holding them')
    .requiredOption('--rubric <file>', 'rubric YAML, e.g. rubrics/covid.yaml')
    .requiredOption('--out <dir>', 'output folder')
    .addOption(runnerOption().default('sandbox'))
    .option('--jobs <n>', 'submissions graded in parallel', '2')
    .option('--no-pdf', 'write HTML reports only (no Chromium)')
    .option('--no-report', 'write results and the gradebook only')
    .option('--no-trace', 'do not record file and network access (strace)')
    .option('--force', 'regrade submissions that already have an up-to-date result')
    .option('--python <path>', 'run with this Python instead of building the rubric environment')
    .option('--reference-dir <dir>', 'folder of reference results (default reference/results)')
    .option('--cache-dir <dir>', 'where environments and generated data are cached (default ~/.cache/medgrade)')
    .option('--gpus <spec>', 'docker runner: all | N | 0,2 (each concurrent job gets its own device)')
    .option('--partition <p>', 'slurm: partition').option('--gres <g>', 'slurm: e.g. gpu:1').option('--time <t>', 'slurm: time per task')
    .addOption(new Option('--inner <runner>', 'slurm: runner inside each task').choices(['sandbox', 'docker']).default('sandbox'))
    .option('--detach', 'slurm: return right after submitting; finish with `medgrade collect DIR`')
    .action(async (paths: string[], flags: GradeFlags) => { process.exitCode = await gradePaths(paths, flags); });

  program.command('grade-one')
    .description('grade one submission (used by the Slurm and Gradescope runners)')
    .argument('<path>')
    .requiredOption('--rubric <file>')
    .requiredOption('--out <dir>')
    .addOption(runnerOption().default('sandbox'))
    .option('--no-pdf').option('--no-report').option('--no-trace').option('--force')
    .option('--python <path>').option('--reference-dir <dir>').option('--cache-dir <dir>').option('--gpus <spec>')
    .action(async (path: string, flags: GradeFlags) => { process.exitCode = await gradePaths([path], { ...flags, jobs: '1', single: true }); });

  program.command('check')
    .description('self-check a submission before the deadline: the same validation and static checks, plus a quick run on a tiny synthetic set')
    .argument('<paths...>', 'your submission folder or zip, and your report PDF if it is a separate file')
    .requiredOption('--rubric <file>')
    .option('--python <path>', 'your Python (default: python3 on PATH)', 'python3')
    .addOption(runnerOption().default('local'))
    .option('--out <dir>', 'where to write the check result', '.medgrade/check')
    .option('--count <n>', 'images in the tiny synthetic set', '40')
    .option('--notebooks', 'also execute the required notebooks (slower)')
    .action(async (paths: string[], flags: { rubric: string; python: string; runner: string; out: string; count: string; notebooks?: boolean }) => {
      const subs = discoverSubmissions(paths);
      const ctx = await createContext({
        rubric: flags.rubric, out: flags.out, runner: flags.runner as 'local', python: flags.python,
        notebooks: Boolean(flags.notebooks), datasetOptions: { count: Number(flags.count) },
      });
      const { results } = await gradeBatch(subs, ctx, { jobs: 1, force: true });
      for (const r of results) process.stdout.write(renderText(r));
      const blocking = results.some((r) => r.status !== 'graded' || r.findings.some((f) => f.severity === 'error'));
      process.exitCode = blocking ? 1 : 0;
    });
}
