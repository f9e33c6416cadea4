import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractZip } from '../../harness/intake/zip.js';
import { parseNotebook } from '../../harness/python/source.js';
import { parseRubric } from '../../harness/rubric/load.js';
import { parseCsv } from '../../harness/intake/csv.js';
import { findingSchema } from '../../harness/schema/finding.js';
import { parsesOrRefuses, parsesOrRefusesAsync } from './helpers.js';

/** Every input a fuzzer once crashed on: replayed so the fix stays. */
const DIR = join(import.meta.dirname, '../fixtures/fuzz-crashers');
const files = readdirSync(DIR).filter((f) => f !== 'README.md').sort();

describe('fuzz crashers replay', () => {
  it('has crashers to replay', () => expect(files.length).toBeGreaterThan(0));
  for (const file of files) {
    it(file, async () => {
      const path = join(DIR, file);
      if (file.endsWith('.zip')) {
        const dest = join(mkdtempSync(join(tmpdir(), 'crasher-')), 'dest');
        await parsesOrRefusesAsync(file, () => extractZip(path, dest, file, { maxEntries: 100, maxBytes: 1 << 20 }), (x) => {
          for (const f of x.findings) findingSchema.parse(f);
          expect(x.rejected).toBe(true);
          expect(x.findings.map((f) => f.kind)).toContain('unsafe-archive');
        });
      } else if (file.endsWith('.ipynb')) parsesOrRefuses(file, () => parseNotebook(readFileSync(path, 'utf8'), file));
      else if (file.endsWith('.yaml')) parsesOrRefuses(file, () => parseRubric(readFileSync(path, 'utf8'), file));
      else if (file.endsWith('.csv')) parsesOrRefuses(file, () => parseCsv(readFileSync(path, 'utf8'), file));
      else throw new Error(`no replay for ${file}`);
    });
  }
});
