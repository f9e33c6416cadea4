import { createHash } from 'node:crypto';
import { createReadStream, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Files under root, relative and '/'-separated, sorted by code point so the order is the same everywhere. */
export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const abs = join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else if (e.isFile()) out.push(relative(root, abs).split(sep).join('/'));
    }
  };
  walk(root);
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * sha256 over each file's relative path, length and bytes, in sorted order. The
 * length and NUL separators keep "ab"+"c" and "a"+"bc" apart.
 */
export async function hashFiles(entries: { name: string; path: string }[]): Promise<string> {
  const h = createHash('sha256');
  for (const { name, path } of entries) {
    h.update(`${name}\0`);
    let size = 0;
    for await (const chunk of createReadStream(path)) { h.update(chunk as Buffer); size += (chunk as Buffer).length; }
    h.update(`\0${size}\0`);
  }
  return h.digest('hex');
}
