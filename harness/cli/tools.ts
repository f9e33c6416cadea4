import { MedgradeError } from '../errors.js';
import type { Command } from 'commander';
import { loadRubric } from '../rubric/load.js';
import { explainRubric } from '../rubric/explain.js';
import { syncSchemas } from '../schema/generate.js';
import { dataCommands, runDataCommand } from '../data/commands.js';
import { resolveEnv } from '../env/python.js';
import { defaultCacheDir } from '../context.js';
import { runLeakageCommand } from '../checks/leakage/cli.js';
import { runOverlapCommand } from '../checks/overlap/command.js';
import { buildRubricImage } from '../image/index.js';

export function registerToolCommands(program: Command): void {
  const rubric = program.command('rubric').description('work with rubric files');
  rubric.command('explain').argument('<file>').description('print the assignment addendum for students: interface, limits, libraries, files, grading')
    .action((file: string) => { process.stdout.write(explainRubric(loadRubric(file).rubric)); });
  rubric.command('validate').argument('<files...>').description('check rubric files against the schema')
    .action((files: string[]) => {
      for (const f of files) process.stdout.write(`${f}: ok (${loadRubric(f).rubric.id})\n`);
    });

  program.command('env').description('Python environments for grading')
    .command('build').description("build (or reuse) a rubric's grading environment")
    .requiredOption('--rubric <file>')
    .option('--cache-dir <dir>', 'cache folder (default ~/.cache/medgrade)')
    .action(async (flags: { rubric: string; cacheDir?: string }) => {
      const env = await resolveEnv(loadRubric(flags.rubric).rubric.environment, { cacheDir: flags.cacheDir ?? defaultCacheDir() });
      process.stdout.write(`${env.executable}\n`);
    });

  program.command('image').description('container images for the docker runner, built without a registry')
    .command('build').description("build (or reuse) the rubric's image, tagged with its environment hash")
    .requiredOption('--rubric <file>')
    .option('--kind <kind>', 'hostusr (binds the host /usr and the env read-only) | debootstrap (a Debian rootfs with the env)', 'hostusr')
    .action(async (flags: { rubric: string; kind: string }) => {
      const img = await buildRubricImage(flags.rubric, { kind: flags.kind as 'hostusr' | 'debootstrap' });
      process.stdout.write(`${img.tag} (${img.kind}, ${img.built ? `built in ${img.seconds.toFixed(1)} s` : 'already there'})\n`);
    });

  program.command('leakage').description('scan .py and .ipynb files (or folders) for data leakage; always exits 0 unless the input is unusable')
    .argument('<paths...>')
    .option('--format <format>', 'json|text', 'text')
    .action(async (paths: string[], flags: { format: string }) => {
      const r = await runLeakageCommand(paths, { format: flags.format === 'json' ? 'json' : 'text' });
      process.stdout.write(r.output);
      process.exitCode = r.exitCode;
    });

  program.command('overlap').description('find duplicate images and shared patients between splits (folders or split lists)')
    .argument('<dirs...>')
    .option('--format <format>', 'json|text', 'text')
    .action(async (dirs: string[], flags: { format: string }) => {
      const r = await runOverlapCommand(dirs, { format: flags.format === 'json' ? 'json' : 'text' });
      process.stdout.write(r.output);
      process.exitCode = r.exitCode;
    });

  program.command('schemas').description('regenerate the committed JSON Schemas (or check them with --check)')
    .option('--check', 'exit 1 when a committed schema is stale')
    .action((flags: { check?: boolean }) => {
      const stale = syncSchemas(flags.check ? 'check' : 'write');
      process.stdout.write(stale.length ? `${flags.check ? 'stale' : 'written'}: ${stale.join(', ')}\n` : 'schemas up to date\n');
      if (flags.check && stale.length) process.exitCode = 1;
    });

  program.command('data').description('build a dataset: real data from installed packages, or a labelled synthetic generator')
    .argument('[name]')
    .option('--list', 'list the datasets')
    .option('--out <dir>', 'output folder')
    .option('--seed <n>', 'seed for generators')
    .option('--count <n>', 'number of images or subjects')
    .option('--size <px>', 'image size')
    .option('--masks', 'also write the ground-truth masks (covid-synthetic, ct-lesions)')
    .action(async (name: string | undefined, flags: { list?: boolean; out?: string; seed?: string; count?: string; size?: string; masks?: boolean }) => {
      if (flags.list || !name) {
        for (const [id, d] of Object.entries(dataCommands())) process.stdout.write(`${id.padEnd(20)} ${d.real ? 'real     ' : 'synthetic'} ${d.description}\n`);
        return;
      }
      if (!flags.out) throw new MedgradeError('E_USAGE', 'medgrade data NAME needs --out DIR');
      await runDataCommand(name, {
        out: flags.out,
        ...(flags.seed ? { seed: Number(flags.seed) } : {}),
        ...(flags.count ? { count: Number(flags.count) } : {}),
        ...(flags.size ? { size: Number(flags.size) } : {}),
        ...(flags.masks ? { masks: true } : {}),
      });
    });
}
