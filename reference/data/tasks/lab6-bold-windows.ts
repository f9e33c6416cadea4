/**
 * Lab 6's grading dataset: REAL event-related BOLD from python3-nitime as windows of 10
 * samples (columns t0_c0..t9_c0: time step, channel), label "event" when an event starts at
 * the window's first sample. The split is in time and matches the reference lab: windows
 * before 70 % train (the last fifth of them val/, after a gap of one window), then a gap of
 * one window, then the rest test (the reference's 996 test windows). Values are raw BOLD:
 * z-scoring with training statistics is the student's job. No seed: the split is fixed.
 */
import { loadBoldEvents } from '../../labs/lab6-rnn/data.js';
import { lab6Config } from '../../labs/lab6-rnn/config.js';
import { NITIME_SOURCES } from '../adapters/tables.js';
import { describeCounts, shrinkSplits, writeLabDatasetJson, writeReadme, writeTableSplits, type SplitName, type TableRow } from './lab-layout.js';

export function buildLab6BoldWindows(o: { out: string; count?: number }): string[] {
  const { window, trainFraction } = lab6Config('small');
  const { bold, events } = loadBoldEvents();
  const count = bold.length - window + 1;
  const trainEnd = Math.floor(count * trainFraction);
  const testStart = trainEnd + window;
  const valStart = Math.floor(trainEnd * 0.8);
  const rows = (from: number, to: number): TableRow[] => Array.from({ length: Math.max(0, to - from) }, (_, k) => {
    const t = from + k;
    return { id: `w${String(t).padStart(4, '0')}`, features: Array.from({ length: window }, (_, j) => bold[t + j]!), label: events[t]! > 0 ? 'event' : 'none' };
  });
  const splits = shrinkSplits({ train: rows(0, valStart - window), val: rows(valStart, trainEnd), test: rows(testStart, count) } as Record<SplitName, TableRow[]>, o.count);
  const names = Array.from({ length: window }, (_, j) => `t${j}_c0`);
  const counts = writeTableSplits(o.out, names, splits);
  const trainRate = (counts.train.event ?? 0) / splits.train.length;
  writeLabDatasetJson(o.out, {
    name: 'lab6-bold-windows', licence: 'BSD-3-Clause (nitime)',
    layout: { '<split>/data.csv': `id, t0_c0..t${window - 1}_c0 (raw BOLD, one channel), label (event|none)` },
    steps: ['read event_related_fmri.csv (bold, events)', `windows of ${window}; train < ${trainEnd} (val from ${valStart}, gap ${window}); test from ${testStart} as reference/labs/lab6-rnn`],
    notes: [describeCounts(counts), `training positive rate ${trainRate.toFixed(3)}`], sources: NITIME_SOURCES.slice(0, 1), options: { count: o.count ?? null },
  });
  writeReadme(o.out, ['REAL data: nitime event-related BOLD windows, lab 6 grading split (in time).', `${describeCounts(counts)}; training positive rate ${trainRate.toFixed(3)}.`]);
  return [`Wrote REAL lab 6 BOLD windows (table) to ${o.out}`, `  ${describeCounts(counts)}; training positive rate ${trainRate.toFixed(3)}`];
}
