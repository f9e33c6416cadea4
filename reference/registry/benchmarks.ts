import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { referenceSchema, type ReferenceFile } from '../../harness/schema/reference.js';

/** Every valid reference file in the folders, in folder then name order. */
export function readReferenceFiles(dirs: readonly string[]): ReferenceFile[] {
  return dirs.flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
    .map((f) => referenceSchema.parse(JSON.parse(readFileSync(join(dir, f), 'utf8')))));
}

/** The body of docs/BENCHMARKS.md "## Reference runs": one row per reference file (id × config). */
export function referenceRunsSection(files: readonly ReferenceFile[]): string {
  const rows = files.map((f) => {
    const seeds = f.provenance.seeds.length;
    const acc = f.metrics['accuracy'];
    return `| ${f.id} | ${f.config} | ${seeds} | ${f.provenance.backend} | ${f.wallSeconds.toFixed(1)} | ${(f.wallSeconds / seeds).toFixed(1)} | ${acc ? `${acc.mean.toFixed(3)} ± ${acc.std.toFixed(3)} (n ${acc.n ?? '?'})` : '-'} | ${f.provenance.cpu} | ${f.provenance.createdAt.slice(0, 16)} |`;
  });
  return [
    'Wall time of `runReference` (train + search + retrain + save/reload + test, all seeds, one after another). Written by',
    '`npm run bench -- reference-runs` (add `--committed` to document reference/results without running) from the results files, so every figure carries its backend, CPU and load.',
    'The machine is shared: the 1-min load is in the CPU column; on an idle machine expect less.',
    '',
    '| reference | config | seeds | backend | wall s | s / seed | accuracy mean ± std | CPU | when (UTC) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    ...missingConfigs(files),
  ].join('\n');
}

/** A line per reference naming the configurations with no row (e.g. full, which needs the course data). */
function missingConfigs(files: readonly ReferenceFile[]): string[] {
  const ids = [...new Set(files.map((f) => f.id))];
  return ids.flatMap((id) => {
    const missing = (['ci', 'small', 'full'] as const).filter((c) => !files.some((f) => f.id === id && f.config === c));
    return missing.length ? ['', `Not run here for ${id}: ${missing.join(', ')} (\`full\` trains on the course's real data; see docs/REFERENCE.md).`] : [];
  });
}
