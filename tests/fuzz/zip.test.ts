import fc from 'fast-check';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractZip } from '../../harness/intake/zip.js';
import { findingSchema } from '../../harness/schema/finding.js';
import { buildZip } from '../intake/zips.js';
import { parsesOrRefusesAsync, runs, SEED } from './helpers.js';

const PARTS = ['a', 'B', 'b', 'train.py', '..', '.', '', 'C:', '\\', '/', 'é', 'e\u0301', '__MACOSX', '.DS_Store', 'x'.repeat(300), '\u0000', 'con'];
const name = fc.array(fc.constantFrom(...PARTS), { minLength: 1, maxLength: 4 }).map((xs) => xs.join('/'));
const entry = fc.record({ name, data: fc.string({ maxLength: 50 }), mode: fc.constantFrom(undefined, 0o100644, 0o120777, 0o040755), compress: fc.boolean() });
const flips = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 });

describe('fuzz: zip intake (extractZip)', () => {
  it('random and damaged archives extract inside dest or are refused with findings; never a crash, never a write outside', async () => {
    const base = mkdtempSync(join(tmpdir(), 'fuzz-zip-'));
    let n = 0;
    await fc.assert(fc.asyncProperty(fc.array(entry, { minLength: 1, maxLength: 5 }), flips, fc.nat(), async (entries, fl, cut) => {
      let zip: Buffer;
      try { zip = await buildZip(entries.map((e) => ({ ...e, ...(e.mode === undefined ? {} : { mode: e.mode }) }))); } catch { return; } // yazl refuses some names itself
      zip = Buffer.from(zip);
      for (const [at, v] of fl) zip[at % zip.length] = v;
      if (cut % 5 === 0) zip = zip.subarray(0, cut % zip.length);
      const box = join(base, `c${n++}`);
      mkdirSync(box);
      const zipPath = join(box, 'upload.zip');
      writeFileSync(zipPath, zip);
      const dest = join(box, 'dest');
      await parsesOrRefusesAsync('upload.zip', () => extractZip(zipPath, dest, 'upload.zip', { maxEntries: 20, maxBytes: 64 * 1024 }), (x) => {
        for (const f of x.findings) findingSchema.parse(f);
        if (x.rejected) expect(x.findings.length).toBeGreaterThan(0);
      });
      expect(readdirSync(box).sort().filter((f) => f !== 'dest')).toEqual(['upload.zip']);
      rmSync(box, { recursive: true, force: true });
    }), { seed: SEED, numRuns: runs(150) });
  });
});
