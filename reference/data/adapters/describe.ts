import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceFile } from './source.js';

/** What DATASET.json records for every adapter's output. */
export interface DatasetDescription {
  name: string;
  real: boolean;
  licence: string;
  sourcePackage: string;
  sources: { path: string; sha256: string }[];
  layout: Record<string, string>;
  steps: string[];
  notes?: string[];
}

export function writeDatasetJson(out: string, d: Omit<DatasetDescription, 'sources' | 'sourcePackage'>, sources: readonly SourceFile[]): void {
  const first = sources[0]!.from;
  const doc = {
    name: d.name,
    real: d.real,
    synthetic: !d.real,
    licence: d.licence,
    sourcePackage: `${first.kind} ${first.name} ${first.version}`,
    sources: sources.map((s) => ({ path: s.path, sha256: s.sha256, package: `${s.from.kind} ${s.from.name} ${s.from.version}` })),
    layout: d.layout,
    steps: d.steps,
    ...(d.notes ? { notes: d.notes } : {}),
    writtenBy: 'medgrade data (reference/data/adapters)',
  };
  writeFileSync(join(out, 'DATASET.json'), JSON.stringify(doc, null, 2) + '\n');
}
