import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MedgradeError } from '../../harness/errors.js';
import { referenceSchema, type ReferenceFile } from '../../harness/schema/reference.js';

export interface DiffRow {
  id: string;
  metric: string;
  /** Old mean; null when the old folder lacks this reference or metric. */
  old: number | null;
  /** New mean; null when the new folder lacks it. */
  new: number | null;
  low: number | null;
  high: number | null;
  /** The new mean lies outside the old band, or the metric disappeared. */
  drifted: boolean;
}

export interface ReferenceDiff { rows: DiffRow[]; drifted: boolean }

function readFolder(dir: string): Map<string, ReferenceFile> {
  if (!existsSync(dir)) throw new MedgradeError('E_INPUT_NOT_FOUND', 'reference results folder not found', dir);
  const out = new Map<string, ReferenceFile>();
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const path = join(dir, name);
    let raw: unknown;
    try { raw = JSON.parse(readFileSync(path, 'utf8')); } catch (err) {
      throw new MedgradeError('E_REFERENCE_INVALID', `not JSON: ${(err as Error).message}`, path);
    }
    const parsed = referenceSchema.safeParse(raw);
    if (!parsed.success) throw new MedgradeError('E_REFERENCE_INVALID', `reference file does not match its schema: ${parsed.error.issues[0]?.message}`, path);
    out.set(parsed.data.id, parsed.data);
  }
  return out;
}

/**
 * Compares two results folders (last semester's and this one's): a metric drifted when its
 * new mean lies outside the old band, or when the new folder lost it. New references or
 * metrics that the old folder lacks are listed, not counted as drift.
 */
export function diffReferences(oldDir: string, newDir: string): ReferenceDiff {
  const before = readFolder(oldDir), after = readFolder(newDir);
  const rows: DiffRow[] = [];
  for (const id of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const o = before.get(id), n = after.get(id);
    const metrics = [...new Set([...Object.keys(o?.metrics ?? {}), ...Object.keys(n?.metrics ?? {})])].sort();
    for (const metric of metrics) {
      const om = o?.metrics[metric], nm = n?.metrics[metric];
      const drifted = om !== undefined && (nm === undefined || nm.mean < om.band.low || nm.mean > om.band.high);
      rows.push({ id, metric, old: om?.mean ?? null, new: nm?.mean ?? null, low: om?.band.low ?? null, high: om?.band.high ?? null, drifted });
    }
  }
  return { rows, drifted: rows.some((r) => r.drifted) };
}

const fmt = (x: number | null): string => (x === null ? '-' : x.toFixed(4));

/** Plain-text table for the terminal: one row per reference and metric. */
export function renderDiffTable(diff: ReferenceDiff): string {
  const head = ['reference', 'metric', 'old', 'old band', 'new', 'status'];
  const body = diff.rows.map((r) => [r.id, r.metric, fmt(r.old), r.low === null ? '-' : `[${fmt(r.low)}, ${fmt(r.high)}]`, fmt(r.new),
    r.drifted ? 'DRIFTED' : r.old === null ? 'new' : 'ok']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const summary = diff.drifted ? `${diff.rows.filter((r) => r.drifted).length} metric(s) drifted outside the old band.` : 'No drift: every new mean lies inside the old band.';
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line), '', summary].join('\n') + '\n';
}
