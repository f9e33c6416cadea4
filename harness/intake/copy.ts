import { copyFileSync, lstatSync, mkdirSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { finding, type Finding } from '../schema/finding.js';
import { collisions } from './entries.js';
import { isIgnoredPath } from './names.js';
import type { Extracted, IntakeLimits } from './zip.js';

const CHECK = 'intake/unpack';

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel));
}

/**
 * Copies a submission folder into dest. Symlinks to files inside the folder are
 * copied as the file; links to folders or anything outside are not followed (a
 * finding). The same entry and byte limits as for zips apply.
 */
export function copyFolder(src: string, dest: string, limits: IntakeLimits): Extracted {
  const root = realpathSync(src);
  const findings: Finding[] = [];
  const files: { from: string; rel: string }[] = [];
  let entries = 0;
  let bytes = 0;
  const walk = (dir: string): boolean => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const abs = join(dir, e.name);
      const rel = relative(root, abs).split(sep).join('/');
      if (isIgnoredPath(rel)) continue;
      if (++entries > limits.maxEntries) return false;
      let from = abs;
      if (e.isSymbolicLink()) {
        let target: string;
        try { target = realpathSync(abs); } catch { target = ''; }
        if (!target || !inside(root, target) || !statSync(target).isFile()) {
          findings.push(finding({
            check: CHECK, kind: 'unsafe-archive', severity: 'warning', file: rel,
            message: `"${rel}" is a symbolic link ${target && inside(root, target) ? 'to a folder' : 'that points outside the submission (or nowhere)'}; it was not followed or copied.`,
            fix: 'Put the file itself in the package instead of a link.',
          }));
          continue;
        }
        from = target;
      }
      const st = lstatSync(from);
      if (st.isDirectory()) {
        if (!walk(abs)) return false;
      } else if (st.isFile()) {
        bytes += st.size;
        if (bytes > limits.maxBytes) return false;
        files.push({ from, rel });
      }
    }
    return true;
  };
  if (!walk(root)) {
    const message = entries > limits.maxEntries
      ? `The folder has more than ${limits.maxEntries} files and folders.`
      : `The folder holds more than ${limits.maxBytes} bytes.`;
    return { rejected: true, findings: [finding({
      check: CHECK, kind: 'archive-too-large', severity: 'error', file: '.', message,
      fix: 'Submit only code, notebooks, CSV results and a few figures; leave out the dataset and model weights.',
    })] };
  }
  // A folder made on Linux can hold names that clash on the graders' macOS or Windows machines.
  for (const c of collisions(files.map((f) => ({ name: f.rel, dir: false })))) {
    findings.push(finding({
      check: CHECK, kind: 'unsafe-archive', severity: 'error', file: c.name,
      message: `"${c.name}" ${c.reason}.`, fix: 'Rename one of the two files so the names differ by more than letter case or accents.',
    }));
  }
  if (findings.some((f) => f.severity === 'error')) return { rejected: true, findings };
  for (const f of files) {
    const to = join(dest, f.rel);
    mkdirSync(join(to, '..'), { recursive: true });
    copyFileSync(f.from, to);
  }
  return { rejected: false, findings };
}
