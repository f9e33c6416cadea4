/**
 * Checks on the names inside an archive, before anything is written. A name is
 * judged as the bytes say, with backslashes read as separators because Windows
 * zip tools write them and "..\\" must not slip through.
 */

export interface EntryProblem { name: string; reason: string }

export const SYMLINK_MODE = 0o120000;

export function normaliseEntryName(raw: string): string {
  return raw.replace(/\\/g, '/');
}

/** Why a single entry name is unsafe, or null when it is fine. */
export function unsafeNameReason(name: string): string | null {
  if (name.includes('\0')) return 'contains a NUL character';
  if (/^[a-zA-Z]:/.test(name)) return 'starts with a drive letter';
  if (name.startsWith('/')) return 'is an absolute path';
  if (name.split('/').some((p) => p === '..')) return 'climbs out of the folder with ".."';
  // Found by fuzzing: such a name made extraction throw ENAMETOOLONG instead of refusing the archive.
  if (name.split('/').some((p) => Buffer.byteLength(p) > 255)) return 'has a path component longer than 255 bytes, which no filesystem accepts';
  if (Buffer.byteLength(name) > 1024) return 'is longer than 1024 bytes';
  return null;
}

/** The key two names collide on when a case-insensitive or normalising filesystem extracts them. */
export function collisionKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\/+/g, '/').replace(/\/$/, '').replace(/^(\.\/)+/, '');
}

/**
 * Names that would land on the same path after case folding or Unicode
 * normalisation, or a file whose name is also used as a folder.
 */
export function collisions(names: { name: string; dir: boolean }[]): EntryProblem[] {
  const files = new Map<string, string>();
  const dirs = new Map<string, string>();
  const problems: EntryProblem[] = [];
  for (const { name, dir } of names) {
    const key = collisionKey(name);
    if (!key) continue;
    const parts = key.split('/');
    for (let i = 1; i < parts.length; i++) dirs.set(parts.slice(0, i).join('/'), name);
    if (dir) { dirs.set(key, name); continue; }
    const other = files.get(key);
    if (other !== undefined) problems.push({ name, reason: `collides with "${other}" on a case-insensitive or normalising filesystem` });
    else files.set(key, name);
  }
  for (const [key, name] of files) {
    const d = dirs.get(key);
    if (d !== undefined) problems.push({ name, reason: `is a file but "${d}" uses the same name as a folder` });
  }
  return problems;
}
