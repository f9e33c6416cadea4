/**
 * nitime's event-related fMRI: one BOLD series with an event code per sample (0 = none,
 * 1–6 = six event types, 96 each). Window t holds bold[t .. t+window) and its label is 1 when
 * an event (any code) starts at sample t: the BOLD response follows the event by a few
 * samples, so the window holds the evidence. The split is in time: the first trainFraction of
 * windows train, the last ones test, with a gap of `window` samples so no sample is in both.
 * The series is z-scored with the training part's mean and sd.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ParseError } from '../../../harness/errors.js';
import { numericColumn, readCsvTable } from '../../core/io/csv.js';
import { NITIME_SOURCES } from '../../data/adapters/tables.js';
import type { ArraySet } from '../../core/fit.js';

export interface WindowData { train: ArraySet; test: ArraySet; checksums: Record<string, string>; samples: number; events: number }

export function loadBoldEvents(path = NITIME_SOURCES[0]!.path): { bold: Float64Array; events: Float64Array; checksum: string } {
  const table = readCsvTable(path);
  if (table.header.join() !== 'bold,events') throw new ParseError(`expected columns bold,events, got ${table.header.join(',')}`, path);
  return { bold: numericColumn(table, 'bold', path), events: numericColumn(table, 'events', path), checksum: createHash('sha256').update(readFileSync(path)).digest('hex') };
}

export function buildWindows(window: number, trainFraction: number, path?: string): WindowData {
  const { bold, events, checksum } = loadBoldEvents(path);
  const count = bold.length - window + 1;
  const trainEnd = Math.floor(count * trainFraction);
  const testStart = trainEnd + window;
  let mean = 0, sq = 0;
  const trainSamples = trainEnd + window - 1;
  for (let i = 0; i < trainSamples; i++) mean += bold[i]! / trainSamples;
  for (let i = 0; i < trainSamples; i++) sq += (bold[i]! - mean) ** 2 / trainSamples;
  const sd = Math.sqrt(sq) || 1;
  const make = (from: number, to: number): ArraySet => {
    const n = Math.max(0, to - from);
    const x = new Float32Array(n * window), y = new Float32Array(n);
    for (let k = 0; k < n; k++) {
      for (let j = 0; j < window; j++) x[k * window + j] = (bold[from + k + j]! - mean) / sd;
      y[k] = events[from + k]! > 0 ? 1 : 0;
    }
    return { x, y, count: n, shape: [window, 1] };
  };
  const name = (path ?? NITIME_SOURCES[0]!.path).split('/').pop()!;
  return { train: make(0, trainEnd), test: make(testStart, count), checksums: { [name]: checksum }, samples: bold.length, events: events.filter((e) => e > 0).length };
}
