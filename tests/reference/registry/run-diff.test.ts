import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { referenceSchema } from '../../../harness/schema/reference.js';
import { diffReferences, renderDiffTable } from '../../../reference/registry/diff.js';
import { runReference } from '../../../reference/registry/run.js';
import type { ReferenceRegistry } from '../../../reference/registry/types.js';

/** A fake reference whose metrics depend on the seed, so aggregation has something to do. */
function fakeRegistry(calls: number[]): ReferenceRegistry {
  return {
    fake: {
      description: 'test double',
      run: async (_config, seed) => {
        calls.push(seed);
        return {
          metrics: { accuracy: 0.7 + 0.05 * seed, roc_auc: 0.8 + 0.01 * seed },
          perExample: [seed % 2, 0, 1, 0],
          n: 4, dataChecksums: { fake: 'abc' }, backend: 'cpu', synthetic: true,
          samplingVariance: { roc_auc: 0.002 },
        };
      },
    },
  };
}

let root: string;
beforeAll(async () => { await tf.setBackend('cpu'); root = mkdtempSync(join(tmpdir(), 'refreg-')); });
afterAll(() => { /* tmp folders are left to the OS */ });

describe('runReference', () => {
  it('runs seeds 1..N, aggregates, validates and writes <out>/<id>.json', async () => {
    const calls: number[] = [];
    const out = join(root, 'a');
    const [file] = await runReference(['fake'], { seeds: 3, config: 'ci', out, registry: fakeRegistry(calls) });
    expect(calls).toEqual([1, 2, 3]);
    const onDisk = referenceSchema.parse(JSON.parse(readFileSync(join(out, 'fake.json'), 'utf8')));
    expect(onDisk).toEqual(file);
    expect(onDisk.metrics['accuracy']!.mean).toBeCloseTo(0.8, 12);
    expect(onDisk.metrics['accuracy']!.min).toBeCloseTo(0.75, 12);
    expect(onDisk.perExampleErrorRate).toEqual([2 / 3, 0, 1, 0]);
    expect(onDisk.provenance.seeds).toEqual([1, 2, 3]);
    expect(onDisk.synthetic).toBe(true);
    expect(readdirSync(out)).toEqual(['fake.json']); // no temporary file left behind
  });

  it('rejects an unknown id before running anything', async () => {
    const calls: number[] = [];
    await expect(runReference(['nope'], { seeds: 1, config: 'ci', out: join(root, 'b'), registry: fakeRegistry(calls) })).rejects.toThrow(/unknown reference 'nope'/);
    expect(calls).toEqual([]);
    expect(existsSync(join(root, 'b'))).toBe(false);
  });
});

describe('diffReferences', () => {
  it('finds no drift between a folder and its copy, and finds a planted drift', async () => {
    const oldDir = join(root, 'old');
    await runReference(['fake'], { seeds: 3, config: 'ci', out: oldDir, registry: fakeRegistry([]) });
    const same = join(root, 'same');
    cpSync(oldDir, same, { recursive: true });
    const clean = diffReferences(oldDir, same);
    expect(clean.drifted).toBe(false);
    expect(clean.rows.map((r) => r.metric)).toEqual(['accuracy', 'roc_auc']);

    const moved = join(root, 'moved');
    cpSync(oldDir, moved, { recursive: true });
    const file = JSON.parse(readFileSync(join(moved, 'fake.json'), 'utf8'));
    file.metrics.accuracy.mean = file.metrics.accuracy.band.low - 0.01;
    writeFileSync(join(moved, 'fake.json'), JSON.stringify(file));
    const diff = diffReferences(oldDir, moved);
    expect(diff.drifted).toBe(true);
    expect(diff.rows.filter((r) => r.drifted).map((r) => r.metric)).toEqual(['accuracy']);
    expect(renderDiffTable(diff)).toMatch(/accuracy\s.*DRIFTED/);
  });

  it('counts a metric that disappeared as drift and rejects an invalid file', () => {
    const oldDir = join(root, 'old');
    const lost = join(root, 'lost');
    cpSync(oldDir, lost, { recursive: true });
    const file = JSON.parse(readFileSync(join(lost, 'fake.json'), 'utf8'));
    delete file.metrics.roc_auc;
    writeFileSync(join(lost, 'fake.json'), JSON.stringify(file));
    expect(diffReferences(oldDir, lost).rows.find((r) => r.metric === 'roc_auc')).toMatchObject({ new: null, drifted: true });
    writeFileSync(join(lost, 'fake.json'), '{"schemaVersion": 2}');
    expect(() => diffReferences(oldDir, lost)).toThrow(/schema/);
  });
});
