import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Starts the stderrTail line a runner adds when copyOutputs stopped early (read by checks/runtime/phases.ts). */
export const COPY_BACK_CUT = 'medgrade: output cut at copy-back of';

/** That line, or '' when nothing was cut: a silent cut hid why a phase's outputs were missing. */
export function copyBackNote(target: string, report: CopyReport, limits: CopyLimits): string {
  return report.truncated
    ? `\n${COPY_BACK_CUT} ${target}: only ${report.files} files (${report.bytes} bytes) were copied back (limits: ${limits.maxFiles} files, ${limits.maxBytes} bytes).`
    : '';
}

export interface CopyLimits {
  maxFiles: number;
  maxBytes: number;
}

export interface CopyReport {
  /** Relative paths ('/'-separated) refused: symlinks, hard links, devices, fifos, sockets. */
  escapes: string[];
  /** True when maxFiles or maxBytes stopped the copy early. */
  truncated: boolean;
  files: number;
  bytes: number;
}

/**
 * Copies what a phase wrote out of its writable folder. Only plain files with a
 * single link and plain folders are copied; anything that could point outside
 * (symlinks, hard links, special files) is refused and reported as an escape,
 * so the caller can raise an `output-escape` finding. Files are opened with
 * O_NOFOLLOW and checked again after opening, so a swap between the check and
 * the open cannot redirect the read.
 */
export function copyOutputs(src: string, dst: string, limits: CopyLimits): CopyReport {
  const report: CopyReport = { escapes: [], truncated: false, files: 0, bytes: 0 };
  mkdirSync(dst, { recursive: true });
  walk(src, dst, '', limits, report);
  report.escapes.sort();
  return report;
}

function walk(srcDir: string, dstDir: string, rel: string, limits: CopyLimits, report: CopyReport): void {
  let names: string[];
  try { names = readdirSync(srcDir).sort(); } catch { return; }
  for (const name of names) {
    const relPath = rel ? `${rel}/${name}` : name;
    const from = join(srcDir, name);
    const to = join(dstDir, name);
    const st = lstatSync(from, { throwIfNoEntry: false });
    if (!st) continue;
    if (st.isDirectory()) {
      mkdirSync(to, { recursive: true });
      walk(from, to, relPath, limits, report);
      continue;
    }
    if (!st.isFile() || st.nlink > 1) { report.escapes.push(relPath); continue; }
    if (report.files + 1 > limits.maxFiles || report.bytes + st.size > limits.maxBytes) {
      report.truncated = true;
      continue;
    }
    const copied = copyFile(from, to, limits.maxBytes - report.bytes);
    if (copied === 'escape') { report.escapes.push(relPath); continue; }
    if (copied === 'truncated') report.truncated = true;
    report.files += 1;
    report.bytes += typeof copied === 'number' ? copied : limits.maxBytes - report.bytes;
  }
}

function copyFile(from: string, to: string, budget: number): number | 'escape' | 'truncated' {
  let fd: number;
  try { fd = openSync(from, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK); } catch { return 'escape'; }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.nlink > 1) return 'escape';
    const out = openSync(to, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o644);
    try {
      const buf = Buffer.allocUnsafe(1 << 20);
      let total = 0;
      for (;;) {
        const n = readSync(fd, buf, 0, buf.length, null);
        if (n === 0) return total;
        if (total + n > budget) { writeSync(out, buf, 0, budget - total); return 'truncated'; }
        writeSync(out, buf, 0, n);
        total += n;
      }
    } finally { closeSync(out); }
  } finally { closeSync(fd); }
}
