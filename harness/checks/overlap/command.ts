import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { findOverlap, type OverlapOptions, type OverlapReport } from './overlap.js';
import type { SplitSpec } from './splits.js';

export interface OverlapCommandOptions extends OverlapOptions {
  format?: 'text' | 'json';
}

/**
 * `medgrade overlap DIR_A DIR_B [...]`: each argument is a split, either a
 * folder of images or a split list (.csv/.txt). Exit code 0: no overlap; 1:
 * pairs found; 2: usage error (fewer than two splits, a path that is missing).
 */
export async function runOverlapCommand(dirs: string[], opts: OverlapCommandOptions = {}): Promise<{ exitCode: number; output: string }> {
  if (dirs.length < 2) return { exitCode: 2, output: 'medgrade overlap: give at least two split folders or split lists\n' };
  const missing = dirs.filter((d) => !existsSync(d));
  if (missing.length) return { exitCode: 2, output: `medgrade overlap: not found: ${missing.join(', ')}\n` };
  const splits = dirs.map((d, i): SplitSpec => {
    const base = path.basename(path.resolve(d)) || `split${i + 1}`;
    const name = dirs.slice(0, i).some((o) => path.basename(path.resolve(o)) === base) ? `${base}#${i + 1}` : base;
    return statSync(d).isDirectory() ? { name, dir: path.resolve(d) } : { name, list: path.resolve(d) };
  });
  let report: OverlapReport;
  try {
    report = await findOverlap(splits, opts);
  } catch (err) {
    return { exitCode: 2, output: `medgrade overlap: ${(err as Error).message}\n` };
  }
  const exitCode = report.pairs.length > 0 ? 1 : 0;
  if (opts.format === 'json') return { exitCode, output: JSON.stringify(report, null, 2) + '\n' };
  return { exitCode, output: formatText(report) };
}

function formatText(report: OverlapReport): string {
  const lines: string[] = [];
  for (const p of report.pairs) {
    const detail = p.kind === 'patient-overlap' ? `patient ${p.patient} (${p.method}; ${p.countA} vs ${p.countB} files)`
      : p.method === 'phash+dhash' ? `near (pHash ${p.distance}, dHash ${p.dHashDistance}, r=${p.correlation})` : p.method;
    lines.push(`${p.kind}\t${p.splitA}:${p.a}\t${p.splitB}:${p.b}\t${detail}`);
  }
  const s = report.stats;
  for (const u of s.unreadable) lines.push(`unreadable\t${u.file}\t${u.error}`);
  for (const u of s.csvErrors) lines.push(`unreadable\t${u.file}\t${u.error}`);
  const counts = Object.entries(s.files).map(([k, v]) => `${k}=${v}`).join(' ');
  lines.push(`# files: ${counts}; exact ${s.exactPairs}, near ${s.nearPairs}, patient ${s.patientPairs}; ` +
    `missing ${s.missing.length}, unreadable ${s.unreadable.length}; ${s.ms.hash + s.ms.search} ms` + (s.truncated ? '; pair list truncated' : ''));
  return lines.join('\n') + '\n';
}
