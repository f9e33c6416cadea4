/**
 * Shared writing for the lab grading datasets: table splits (<split>/data.csv with id, the
 * features and label), image-folder splits, and the DATASET.json every builder leaves.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeCsv } from '../../../harness/tasks/table.js';
import { writeDatasetJson } from '../adapters/describe.js';
import type { SourceFile } from '../adapters/source.js';

export type SplitName = 'train' | 'val' | 'test';
export const SPLIT_NAMES: readonly SplitName[] = ['train', 'val', 'test'];

export interface TableRow { id: string; features: (number | string)[]; label: string }

/** Writes <out>/<split>/data.csv for each split; returns the class counts per split. */
export function writeTableSplits(out: string, featureNames: string[], splits: Record<SplitName, TableRow[]>): Record<SplitName, Record<string, number>> {
  const counts = {} as Record<SplitName, Record<string, number>>;
  for (const split of SPLIT_NAMES) {
    mkdirSync(join(out, split), { recursive: true });
    writeCsv(join(out, split, 'data.csv'), ['id', ...featureNames, 'label'],
      splits[split].map((r) => [r.id, ...r.features.map(String), r.label]));
    counts[split] = {};
    for (const r of splits[split]) counts[split][r.label] = (counts[split][r.label] ?? 0) + 1;
  }
  return counts;
}

/** Keeps about `count` of the examples in total, the same fraction of every split and class (for self-check smoke runs). */
export function shrinkSplits<T extends { label: string }>(splits: Record<SplitName, T[]>, count: number | undefined): Record<SplitName, T[]> {
  const total = SPLIT_NAMES.reduce((a, s) => a + splits[s].length, 0);
  if (!count || count >= total) return splits;
  const fraction = count / total;
  const out = {} as Record<SplitName, T[]>;
  for (const s of SPLIT_NAMES) {
    const byClass = new Map<string, T[]>();
    for (const r of splits[s]) byClass.set(r.label, [...(byClass.get(r.label) ?? []), r]);
    // At least one of every class, so binary metrics stay defined on a tiny set.
    out[s] = [...byClass.values()].flatMap((rows) => rows.slice(0, Math.max(1, Math.round(rows.length * fraction))));
  }
  return out;
}

export function describeCounts(counts: Record<SplitName, Record<string, number>>): string {
  return SPLIT_NAMES.map((s) => `${s} ${Object.entries(counts[s]).sort().map(([k, v]) => `${k} ${v}`).join(' / ')}`).join('; ');
}

export interface LabDatasetNote {
  name: string; licence: string; layout: Record<string, string>; steps: string[]; notes: string[];
  sources: readonly SourceFile[]; options: Record<string, unknown>;
}

export function writeLabDatasetJson(out: string, d: LabDatasetNote): void {
  writeDatasetJson(out, { name: d.name, real: true, licence: d.licence, layout: d.layout, steps: d.steps, notes: [...d.notes, `options: ${JSON.stringify(d.options)}`] }, d.sources);
}

export function writeReadme(out: string, lines: string[]): void {
  writeFileSync(join(out, 'README.txt'), lines.join('\n') + '\n');
}
