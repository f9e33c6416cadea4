import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resultSchema, type Result } from '../../harness/schema/result.js';

export const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/results');
export const SUBMISSIONS = ['group01-good', 'group02-leakage', 'group03-invalid', 'group04-failed', 'group05-crash-timeout', 'group06-instructor'];

/** A private copy of the fixture results, so tests may write reports and logs into it. */
export function fixtureCopy(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'medgrade-report-'));
  cpSync(FIXTURES, dir, { recursive: true, filter: (src) => !src.endsWith('.ts') && !src.includes('_reference') });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function fixture(name: string): Result {
  return resultSchema.parse(JSON.parse(readFileSync(join(FIXTURES, name, 'result.json'), 'utf8')));
}
