/**
 * Stand-alone entry until `medgrade reference ...` is wired into the CLI:
 *   npx tsx reference/registry/main.ts run [ID...] [--seeds N] [--config ci|small|full] [--out DIR] [--backend tensorflow|wasm|cpu]
 *   npx tsx reference/registry/main.ts diff OLD NEW     (exit 1 when something drifted)
 *   npx tsx reference/registry/main.ts doc DIR...       (docs/BENCHMARKS.md "## Reference runs" from results folders)
 */
import { parseArgs } from 'node:util';
import { writeBenchmarkSection } from '../../bench/lib/doc.js';
import { readReferenceFiles, referenceRunsSection } from './benchmarks.js';
import { diffReferences, renderDiffTable } from './diff.js';
import type { BackendName } from '../core/backend.js';
import { createRegistry } from './registry.js';
import { runReference } from './run.js';
import type { ReferenceConfig } from './types.js';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'diff') {
    const [oldDir, newDir] = rest;
    if (!oldDir || !newDir) { console.error('usage: diff OLD NEW'); return 2; }
    const diff = diffReferences(oldDir, newDir);
    process.stdout.write(renderDiffTable(diff));
    return diff.drifted ? 1 : 0;
  }
  if (command === 'doc') {
    if (rest.length === 0) { console.error('usage: doc DIR...'); return 2; }
    writeBenchmarkSection('Reference runs', referenceRunsSection(readReferenceFiles(rest)));
    return 0;
  }
  if (command === 'run') {
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: {
      seeds: { type: 'string', default: '3' }, config: { type: 'string', default: 'small' }, out: { type: 'string', default: 'reference/results' },
      backend: { type: 'string' },
    } });
    if (!['ci', 'small', 'full'].includes(values.config)) { console.error(`--config must be ci, small or full, got ${values.config}`); return 2; }
    const files = await runReference(positionals, {
      seeds: Number(values.seeds), config: values.config as ReferenceConfig, out: values.out,
      registry: createRegistry(values.backend ? { prefer: values.backend as BackendName } : {}),
      onSeed: (id, seed, r, s) => console.error(`${id} seed ${seed}: ${Object.entries(r.metrics).map(([k, v]) => `${k}=${v.toFixed(3)}`).join(' ')} (${s.toFixed(1)} s, ${r.backend})`),
    });
    for (const f of files) console.log(`${f.id}: ${f.provenance.seeds.length} seeds, ${f.wallSeconds.toFixed(1)} s → ${values.out}/${f.id}.json`);
    return 0;
  }
  console.error('usage: run [ID...] [--seeds N] [--config ci|small|full] [--out DIR] | diff OLD NEW | doc DIR...');
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
