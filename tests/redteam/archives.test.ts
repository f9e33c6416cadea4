import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import yauzl from 'yauzl';
import type { Result } from '../../harness/schema/result.js';
import type { GradeContext } from '../../harness/pipeline/grade.js';
import { buildZip, lieAboutSizes, patchName, type ZipItem } from '../intake/zips.js';
import { cohort, context, grade, GOOD, kinds, redteamRubric, verdict } from './helpers.js';

/**
 * Hostile archives, built here with yazl (and patched bytes where yazl refuses a
 * name), graded in one batch beside a good folder submission. Each must be
 * rejected with a finding, write nothing outside its extraction folder, and
 * leave the good submission's verdict unchanged.
 */
const code = (): ZipItem[] => ['train.py', 'predict.py', 'png_mean.py'].map((f) => ({ name: f, data: readFileSync(join(GOOD, f)) }));

interface ArchiveAttack { name: string; kind: string; build: () => Promise<Buffer>; entry: (names: { name: string; mode: number; size: number }[]) => boolean }
const ATTACKS: ArchiveAttack[] = [
  { name: 'zip-slip', kind: 'unsafe-archive',
    build: async () => patchName(await buildZip([...code(), { name: 'xx/redteam-evil.txt', data: 'pwned' }]), 'xx/redteam-evil.txt', '../redteam-evil.txt'),
    entry: (es) => es.some((e) => e.name === '../redteam-evil.txt') },
  { name: 'absolute-path', kind: 'unsafe-archive',
    build: async () => patchName(await buildZip([...code(), { name: 'xtmp/redteam-abs.txt', data: 'pwned' }]), 'xtmp/redteam-abs.txt', '/tmp/redteam-abs.txt'),
    entry: (es) => es.some((e) => e.name === '/tmp/redteam-abs.txt') },
  { name: 'symlink-entry', kind: 'unsafe-archive',
    build: () => buildZip([...code(), { name: 'data.txt', data: '/etc/passwd', mode: 0o120777 }]),
    entry: (es) => es.some((e) => e.name === 'data.txt' && (e.mode & 0o170000) === 0o120000) },
  { name: 'case-collision', kind: 'unsafe-archive',
    build: () => buildZip([...code(), { name: 'TRAIN.py', data: 'raise SystemExit(1)' }]),
    entry: (es) => es.some((e) => e.name === 'TRAIN.py') && es.some((e) => e.name === 'train.py') },
  { name: 'zip-bomb', kind: 'archive-too-large',
    build: async () => lieAboutSizes(await buildZip([...code(), { name: 'zeros.bin', data: Buffer.alloc(4096) }]), 0xfffffff0),
    entry: (es) => es.reduce((a, e) => a + e.size, 0) > 1024 ** 3 },
];

function listEntries(path: string): Promise<{ name: string; mode: number; size: number }[]> {
  return new Promise((res, rej) => yauzl.open(path, { lazyEntries: false, validateEntrySizes: false, decodeStrings: false }, (err, zf) => {
    if (err || !zf) return rej(err);
    const out: { name: string; mode: number; size: number }[] = [];
    zf.on('entry', (e: yauzl.Entry) => out.push({ name: (e.fileName as unknown as Buffer).toString('utf8'), mode: e.externalFileAttributes >>> 16, size: e.uncompressedSize }));
    zf.on('end', () => { zf.close(); res(out); });
    zf.on('error', rej);
  }));
}

describe('hostile archives beside a good submission', () => {
  let ctx: GradeContext; let batch: Map<number, Result>; let solo: Result; let dir: string;
  const zips = new Map<string, string>();
  beforeAll(async () => {
    const rubric = redteamRubric();
    dir = cohort([]).dir;
    for (const [i, a] of ATTACKS.entries()) {
      const path = join(dir, `Group ${i + 2} - ${a.name}.zip`);
      writeFileSync(path, await a.build());
      zips.set(a.name, path);
    }
    ctx = await context(rubric, 'local', false);
    batch = await grade(ctx, dir);
    solo = (await grade(await context(rubric, 'local', false), cohort([]).dir)).get(1)!;
  }, 120_000);

  for (const [i, a] of ATTACKS.entries()) {
    it(`${a.name}: the archive really carries the attack, is refused (${a.kind}) and writes nothing outside`, async () => {
      expect(a.entry(await listEntries(zips.get(a.name)!))).toBe(true);
      const r = batch.get(i + 2)!;
      expect(r.status).toBe('invalid');
      expect(r.runs).toEqual([]);
      expect(kinds(r)).toContain(a.kind);
    });
  }

  it('nothing landed outside the extraction folders', () => {
    for (const base of [ctx.outRoot, join(ctx.outRoot, '.work'), dirname(ctx.outRoot), dir, dirname(dir)]) expect(existsSync(join(base, 'redteam-evil.txt'))).toBe(false);
    expect(existsSync('/tmp/redteam-abs.txt')).toBe(false);
  });

  it('the good submission is graded as alone', () => {
    expect(solo.status).toBe('graded');
    expect(verdict(batch.get(1)!)).toEqual(verdict(solo));
  });
});
