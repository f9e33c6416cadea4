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
    const name = HEADLINE.find((m) => f.metrics[m]) ?? Object.keys(f.metrics)[0]!;
    const m = f.metrics[name]!;
    return `| ${f.id} | ${f.config} | ${seeds} | ${f.provenance.backend} | ${f.wallSeconds.toFixed(1)} | ${(f.wallSeconds / seeds).toFixed(1)} | ${name} ${m.mean.toFixed(3)} ± ${m.std.toFixed(3)} (n ${m.n ?? '?'}) | ${f.provenance.cpu} | ${f.provenance.createdAt.slice(0, 16)} |`;
  });
  return [
    'Wall time of `runReference` (train + search + retrain + save/reload + test, all seeds, one after another). Written by',
    '`npm run bench -- reference-runs` (add `--committed` to document reference/results without running, `--with=DIR` to keep an earlier run\'s rows) from the results files, so every figure carries its backend, CPU and load.',
    'The machine is shared: the 1-min load is in the CPU column; on an idle machine expect less.',
    '',
    '| reference | config | seeds | backend | wall s | s / seed | headline metric mean ± std | CPU | when (UTC) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    ...budgetLines(files),
    ...missingConfigs(files),
  ].join('\n');
}

/** The metric shown per row: the first of these a file has. */
const HEADLINE = ['accuracy', 'mean_dice', 'balanced_accuracy', 'roc_auc'];

/** The issue's time budgets, one seed each: labs (ids lab*) and projects (the rest). */
const BUDGETS: { group: string; match: (id: string) => boolean; config: 'ci' | 'small'; seconds: number }[] = [
  { group: 'all labs', match: (id) => id.startsWith('lab'), config: 'ci', seconds: 8 * 60 },
  { group: 'all labs', match: (id) => id.startsWith('lab'), config: 'small', seconds: 15 * 60 },
  { group: 'all projects', match: (id) => !id.startsWith('lab'), config: 'ci', seconds: 6 * 60 },
  { group: 'all projects', match: (id) => !id.startsWith('lab'), config: 'small', seconds: 20 * 60 },
];

/** Sum of seconds per seed against each budget, from the newest file of each id and config. */
export function budgetLines(files: readonly ReferenceFile[]): string[] {
  return BUDGETS.flatMap((b) => {
    const newest = new Map<string, ReferenceFile>();
    for (const f of files) {
      if (f.config !== b.config || !b.match(f.id)) continue;
      const seen = newest.get(f.id);
      if (!seen || seen.provenance.createdAt < f.provenance.createdAt) newest.set(f.id, f);
    }
    if (newest.size === 0) return [];
    const total = [...newest.values()].reduce((a, f) => a + f.wallSeconds / f.provenance.seeds.length, 0);
    const loads = [...newest.values()].map((f) => /load ([\d.]+)/.exec(f.provenance.cpu)?.[1]).filter(Boolean);
    return [`- ${b.group}, one seed each at \`${b.config}\` (${newest.size} ids): ${(total / 60).toFixed(1)} min against a budget of ${b.seconds / 60} min (${total <= b.seconds ? 'within' : 'OVER'}; 1-min load ${loads.join(', ')}).`];
  });
}

/** One line per configuration naming the references without a row for it (full needs the course's data or a GPU). */
function missingConfigs(files: readonly ReferenceFile[]): string[] {
  const ids = [...new Set(files.map((f) => f.id))];
  return (['ci', 'small', 'full'] as const).flatMap((c) => {
    const missing = ids.filter((id) => !files.some((f) => f.id === id && f.config === c));
    if (missing.length === 0) return [];
    const who = missing.length === ids.length ? 'any reference' : missing.join(', ');
    return [`- Not run here at \`${c}\`: ${who}${c === 'full' ? ' (`full` is for GPU machines or the course\'s real data; see docs/REFERENCE.md)' : ''}.`];
  });
}
