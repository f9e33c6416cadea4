import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { MedgradeError } from '../../../harness/errors.js';

/** A file an adapter reads from an installed package, with the sha256 seen when the adapter was written. */
export interface SourceFile {
  path: string;
  sha256: string;
  /** How to get it: a Debian package or an npm package. */
  from: { kind: 'debian' | 'npm'; name: string; version: string };
}

export function installHint(f: SourceFile): string {
  return f.from.kind === 'debian'
    ? `install the Debian package: apt-get install -y --no-install-recommends ${f.from.name}`
    : `install the npm package: npm install ${f.from.name}`;
}

/** True when every file is present; adapters' tests use it to skip with a reason. */
export function sourcesPresent(files: readonly SourceFile[]): boolean {
  return files.every((f) => existsSync(f.path));
}

/**
 * Checks that each source file exists and has the recorded sha256, so a newer
 * package version or a corrupted install is caught before any conversion.
 * Returns the file contents, read once.
 */
export function verifySources(files: readonly SourceFile[]): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const f of files) {
    if (!existsSync(f.path)) throw new MedgradeError('E_INPUT_NOT_FOUND', `missing source file; ${installHint(f)}`, f.path);
    const bytes = readFileSync(f.path);
    const got = createHash('sha256').update(bytes).digest('hex');
    if (got !== f.sha256) {
      throw new MedgradeError('E_INPUT_FORMAT',
        `sha256 ${got} differs from the ${f.sha256} recorded for ${f.from.name} ${f.from.version}; ` +
        'the package changed: check the data and update the adapter\'s checksum', f.path);
    }
    out.set(f.path, bytes);
  }
  return out;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
