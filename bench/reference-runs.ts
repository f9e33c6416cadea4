// Wall time of every registered reference at one seed (`--config ci|small`, default small),
// written to docs/BENCHMARKS.md "## Reference runs" from the results files themselves,
// so each figure carries its backend, CPU and load. Pass `--committed` to document the
// committed reference/results instead of running anything.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readReferenceFiles, referenceRunsSection, runReference, type ReferenceConfig } from '../reference/registry/index.js';
import { PROJECT_ROOT } from '../harness/version.js';
import { writeBenchmarkSection } from './lib/doc.js';

const args = process.argv.slice(2);
const config = (args.find((a) => a.startsWith('--config='))?.split('=')[1] ?? 'small') as ReferenceConfig;
let dir = join(PROJECT_ROOT, 'reference', 'results');
if (!args.includes('--committed')) {
  dir = mkdtempSync(join(tmpdir(), 'reference-bench-'));
  await runReference([], { seeds: 1, config, out: dir });
}
const body = referenceRunsSection(readReferenceFiles([dir]));
console.log(body);
writeBenchmarkSection('Reference runs', body);
