// Wall time of every registered reference at one seed (`--config ci|small`, default small),
// written to docs/BENCHMARKS.md "## Reference runs" from the results files themselves,
// so each figure carries its backend, CPU and load. Pass `--committed` to document the
// committed reference/results instead of running anything, and `--with=DIR` (repeatable) to keep
// the rows of earlier runs' folders (a quiet-machine run of some ids beside an older one of the
// rest). Extra arguments name the ids to run.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readReferenceFiles, referenceRunsSection, runReference, type ReferenceConfig } from '../reference/registry/index.js';
import { PROJECT_ROOT } from '../harness/version.js';
import { writeBenchmarkSection } from './lib/doc.js';

const args = process.argv.slice(2);
const config = (args.find((a) => a.startsWith('--config='))?.split('=')[1] ?? 'small') as ReferenceConfig;
const committed = join(PROJECT_ROOT, 'reference', 'results');
const dirs = [committed, ...args.filter((a) => a.startsWith('--with=')).map((a) => a.slice('--with='.length))];
if (!args.includes('--committed')) {
  // A fresh run of every reference at one seed, shown beside the committed (small) files.
  const dir = mkdtempSync(join(tmpdir(), 'reference-bench-'));
  const ids = args.filter((a) => !a.startsWith('--'));
  await runReference(ids, { seeds: 1, config, out: dir, artifacts: null, onSeed: (id, _, __, s) => console.error(`${id}: ${s.toFixed(1)} s`) });
  dirs.push(dir);
}
const body = referenceRunsSection(readReferenceFiles(dirs));
console.log(body);
writeBenchmarkSection('Reference runs', body);
