import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import type { Unpacked } from '../../pipeline/types.js';

/** Lists of files in messages stop after this many, with "and N more". */
export const LIST_CAP = 10;

export function capList(items: readonly string[], cap = LIST_CAP): string {
  const shown = items.slice(0, cap).join(', ');
  return items.length > cap ? `${shown} and ${items.length - cap} more` : shown;
}

/** A required file's purpose without its source prefix ("Addendum: …", "Lab 7: …"), for fix texts. */
export function purposeText(req: { purpose: string }): string {
  return req.purpose.replace(/^[^:]*:\s*/, '');
}

/** Reads at most maxBytes of a submission file as UTF-8; a student file can be arbitrarily large. */
export function readHead(sub: Unpacked, rel: string, maxBytes: number): { text: string; truncated: boolean } {
  const path = join(sub.root, rel);
  const size = statSync(path).size;
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(Math.min(size, maxBytes));
    const bytes = buf.subarray(0, readSync(fd, buf, 0, buf.length, 0));
    // PowerShell's `pip freeze > requirements.txt` writes UTF-16 with a byte-order mark.
    const text = bytes[0] === 0xff && bytes[1] === 0xfe ? bytes.subarray(2).toString('utf16le')
      : bytes[0] === 0xfe && bytes[1] === 0xff ? Buffer.from(bytes.subarray(2, 2 + ((bytes.length - 2) & ~1))).swap16().toString('utf16le')
      : bytes.toString('utf8');
    return { text, truncated: size > maxBytes };
  } finally {
    closeSync(fd);
  }
}

/** How the report is named in findings: its path in the package, or the uploaded file's name. */
export function reportLabel(sub: Unpacked): string {
  if (!sub.report) return '';
  const rel = relative(sub.root, sub.report);
  return rel.startsWith('..') || rel.startsWith(sep) ? basename(sub.report) : rel.split(sep).join('/');
}

/** The file name and its lower-cased extension, with double extensions such as .nii.gz kept whole. */
export function hasExtension(file: string, extensions: readonly string[]): boolean {
  const name = basename(file).toLowerCase();
  return extensions.some((e) => name.endsWith(e.toLowerCase()) && name.length > e.length);
}
