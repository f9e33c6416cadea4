import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverSubmissions } from '../../harness/intake/discover.js';
import { createContext } from '../../harness/context.js';
import { gradeBatch } from '../../harness/batch.js';
import { getRunner } from '../../harness/runners/registry.js';
import type { Result } from '../../harness/schema/result.js';

/**
 * The verdict tables of submissions/ovarian/README.md and submissions/ct-unet2d/README.md,
 * asserted through the real sandbox with Debian's torch. Each row: code-runs and
 * methodology points, whether performance is zeroed, and the finding kinds that must appear.
 */
const ROOT = join(import.meta.dirname, '../..');
interface Row { id: string; code: number; methodology: number; performanceZero: boolean; kinds: string[]; check?: string }
const TABLES: Record<string, Row[]> = {
  ovarian: [
    { id: 'good', code: 20, methodology: 40, performanceZero: false, kinds: [] },
    { id: 'random-split', code: 20, methodology: 0, performanceZero: false, kinds: ['split'], check: 'leakage/static' },
    { id: 'wrong-geometry', code: 20, methodology: 30, performanceZero: true, kinds: ['mask-geometry'] },
    { id: 'crashes', code: 0, methodology: 40, performanceZero: true, kinds: ['run-crash'] },
  ],
  'ct-unet2d': [
    { id: 'good', code: 20, methodology: 40, performanceZero: false, kinds: [] },
    { id: 'random-split', code: 20, methodology: 0, performanceZero: false, kinds: ['split'], check: 'split/slice-dataset' },
    { id: 'wrong-geometry', code: 20, methodology: 30, performanceZero: true, kinds: ['mask-geometry'] },
    { id: 'crashes', code: 0, methodology: 40, performanceZero: true, kinds: ['run-crash'] },
  ],
};

const sandbox = await getRunner('sandbox').available();
const torch = spawnSync('/usr/bin/python3', ['-c', 'import torch, nibabel'], { encoding: 'utf8' });
const skip = !sandbox.ok ? `the sandbox cannot run here (${sandbox.reason})`
  : torch.status !== 0 ? `Debian python3 lacks torch or nibabel (apt-get install python3-torch python3-nibabel): ${torch.stderr.trim().split('\n').pop()}` : '';
if (skip) console.warn(`PyTorch samples skipped: ${skip}`);

for (const [project, table] of Object.entries(TABLES)) {
  describe.skipIf(!!skip)(`${project} PyTorch samples through the sandbox`, () => {
    const byId = new Map<string, Result>();
    beforeAll(async () => {
      const ctx = await createContext({ rubric: join(ROOT, `rubrics/${project}.yaml`), out: mkdtempSync(join(tmpdir(), `${project}-`)), runner: 'sandbox', log: () => {} });
      const { results } = await gradeBatch(discoverSubmissions([join(ROOT, 'submissions', project)]), ctx, { jobs: 2 });
      for (const r of results) byId.set(r.submission, r);
    }, 1_500_000);

    it('grades every sample folder', () => {
      const folders = readdirSync(join(ROOT, 'submissions', project), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
      expect([...byId.keys()].sort()).toEqual(folders.sort());
    });

    it.each(table)('$id: code $code, methodology $methodology, findings $kinds', (row) => {
      const r = byId.get(row.id)!;
      expect(r.status).toBe('graded');
      const criterion = (id: string) => r.criteria.find((c) => c.id === id)!;
      expect(criterion('code-runs').points).toBe(row.code);
      expect(criterion('methodology').points).toBe(row.methodology);
      if (row.performanceZero) expect(criterion('performance')).toMatchObject({ status: 'scored', points: 0 });
      const errors = r.findings.filter((f) => f.severity === 'error');
      for (const k of row.kinds) expect(errors.map((f) => f.kind), JSON.stringify(errors.map((f) => f.message))).toContain(k);
      if (row.check) expect(errors.find((f) => f.kind === 'split')!.check).toBe(row.check);
      if (!row.kinds.length) expect(errors).toEqual([]);
    });

    it('measures the good sample above the all-background masks of the wrong-geometry one', () => {
      const good = byId.get('good')!.metrics;
      const wrong = byId.get('wrong-geometry')!.metrics;
      expect(good.mean_dice).toBeGreaterThan(0.1);
      expect(good.mean_dice!).toBeGreaterThan(wrong.mean_dice!);
      expect(byId.get('crashes')!.metrics.mean_dice).toBeNull();
    });
  });
}
