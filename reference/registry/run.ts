import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { MedgradeError } from '../../harness/errors.js';
import { referenceSchema, type ReferenceFile } from '../../harness/schema/reference.js';
import { writeJsonAtomic } from '../../harness/util/fs.js';
import { harnessVersion } from '../../harness/version.js';
import { mean, summariseMetric } from './band.js';
import { createRegistry } from './registry.js';
import type { ReferenceConfig, ReferenceRegistry, ReferenceRunResult } from './types.js';

export interface RunReferenceOptions {
  /** Runs seeds 1..seeds. */
  seeds: number;
  config: ReferenceConfig;
  /** Folder that receives <id>.json (reference/results for the committed ones). */
  out: string;
  /** Defaults to createRegistry(); tests pass their own. */
  registry?: ReferenceRegistry;
  /** Folder that receives <id>/ with seed 1's metrics.json, figures and summary.md; null skips them. */
  artifacts?: string | null;
  /** Called after each seed, e.g. for a progress line. */
  onSeed?: (id: string, seed: number, result: ReferenceRunResult, seconds: number) => void;
}

/** Turns the per-seed results of one reference into its validated results file. */
export function aggregateRuns(id: string, config: ReferenceConfig, seeds: number[], runs: ReferenceRunResult[], wallSeconds: number): ReferenceFile {
  const first = runs[0];
  if (!first) throw new MedgradeError('E_USAGE', `reference ${id}: no runs to aggregate`);
  for (const r of runs) {
    if (r.n !== first.n || r.perExample.length !== first.n) {
      throw new MedgradeError('E_REFERENCE_INVALID', `reference ${id}: seeds disagree on the test set (n ${r.n} vs ${first.n}, ${r.perExample.length} per-example entries)`);
    }
    if (JSON.stringify(r.dataChecksums) !== JSON.stringify(first.dataChecksums)) {
      throw new MedgradeError('E_REFERENCE_INVALID', `reference ${id}: seeds ran on different data`);
    }
  }
  const metrics: ReferenceFile['metrics'] = {};
  for (const name of Object.keys(first.metrics)) {
    metrics[name] = summariseMetric(name, runs.map((r) => r.metrics[name]!), first.n, runs.map((r) => r.samplingVariance?.[name]));
  }
  const perExampleErrorRate = first.perExample.map((_, i) => mean(runs.map((r) => r.perExample[i]!)));
  const file: ReferenceFile = {
    schemaVersion: 1,
    id,
    config,
    synthetic: runs.some((r) => r.synthetic),
    metrics,
    perExampleErrorRate,
    wallSeconds,
    provenance: {
      backend: [...new Set(runs.map((r) => r.backend))].join(','),
      versions: { node: process.version, medgrade: harnessVersion(), 'tfjs-core': tf.version_core, ...first.versions },
      cpu: `${cpus()[0]?.model ?? 'unknown'} (${cpus().length} cores, 1-min load ${loadavg()[0]!.toFixed(1)} at the end)`,
      gpu: null,
      dataChecksums: first.dataChecksums,
      seeds,
      createdAt: new Date().toISOString(),
    },
  };
  const parsed = referenceSchema.safeParse(file);
  if (!parsed.success) throw new MedgradeError('E_REFERENCE_INVALID', `reference ${id}: ${parsed.error.issues[0]?.message} at ${parsed.error.issues[0]?.path.join('.')}`);
  return parsed.data;
}

/**
 * Runs each reference over seeds 1..N, aggregates mean/std/min/max and the band, and writes
 * <out>/<id>.json atomically. Seeds run one after another: tfjs training already uses the CPU.
 */
export async function runReference(ids: string[], options: RunReferenceOptions): Promise<ReferenceFile[]> {
  const registry = options.registry ?? createRegistry();
  if (!Number.isInteger(options.seeds) || options.seeds < 1) throw new MedgradeError('E_USAGE', `--seeds must be a positive integer, got ${options.seeds}`);
  const chosen = ids.length > 0 ? ids : Object.keys(registry);
  for (const id of chosen) {
    if (!registry[id]) throw new MedgradeError('E_USAGE', `unknown reference '${id}'; registered: ${Object.keys(registry).join(', ')}`);
  }
  const files: ReferenceFile[] = [];
  for (const id of chosen) {
    const seeds = Array.from({ length: options.seeds }, (_, i) => i + 1);
    const runs: ReferenceRunResult[] = [];
    const started = performance.now();
    for (const seed of seeds) {
      const t0 = performance.now();
      const artifacts = seed === 1 && options.artifacts !== null ? join(options.artifacts ?? join(options.out, 'artifacts'), id) : undefined;
      const result = await registry[id]!.run(options.config, seed, artifacts);
      runs.push(result);
      options.onSeed?.(id, seed, result, (performance.now() - t0) / 1000);
    }
    const file = aggregateRuns(id, options.config, seeds, runs, (performance.now() - started) / 1000);
    writeJsonAtomic(join(options.out, `${id}.json`), file);
    files.push(file);
  }
  return files;
}
