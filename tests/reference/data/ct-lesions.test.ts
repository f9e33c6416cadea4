import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CRANIUM_SOURCES, readInvesaliusCt } from '../../../reference/data/adapters/inv3.js';
import { generateCtLesions, loadCtLesions } from '../../../reference/data/ct-lesions/index.js';
import { decodeGreyPng } from '../../../reference/data/covid-synthetic/png.js';

const haveCt = existsSync(CRANIUM_SOURCES[0]!.path);
if (!haveCt) console.warn(`ct-lesions tests skipped: ${CRANIUM_SOURCES[0]!.path} is missing (apt-get install invesalius-examples)`);

describe.skipIf(!haveCt)('ct-lesions (synthetic lesions in the real InVesalius head CT)', () => {
  const ct = haveCt ? readInvesaliusCt() : undefined;
  const source = ct ? { data: ct.hu, shape: ct.shape, spacing: ct.spacing } : undefined;
  const dirs: string[] = [];
  afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

  it('splits by patient, puts a lesion in exactly round(20%) of every split, and masks only lesion slices', () => {
    const d = loadCtLesions({ count: 80, size: 48, seed: 7 }, source);
    const seen = new Map<number, string>();
    for (const split of ['train', 'val', 'test'] as const) {
      const s = d[split];
      expect(s.x.length).toBe(s.count * 48 * 48);
      expect(s.count % 8).toBe(0);
      const lesions = s.y.reduce((a, b) => a + b, 0);
      expect(lesions).toBe(Math.max(1, Math.round(0.2 * s.count)));
      for (const p of s.patients) {
        expect(seen.get(p) ?? split).toBe(split);
        seen.set(p, split);
      }
      for (let k = 0; k < s.count; k++) {
        let area = 0;
        for (let i = 0; i < 48 * 48; i++) area += s.masks[k * 48 * 48 + i]!;
        if (s.y[k] === 1) expect(area).toBeGreaterThanOrEqual(3); else expect(area).toBe(0);
      }
    }
    expect(seen.size).toBe(10);
    expect(d.synthetic).toBe(true);
    expect(d.description).toMatch(/SYNTHETIC lesions in REAL anatomy/);
  });

  it('makes lesion pixels brighter than the tissue around them', () => {
    const { train } = loadCtLesions({ count: 48, size: 48, seed: 3 }, source);
    let inside = 0, n = 0;
    for (let k = 0; k < train.count; k++) {
      if (train.y[k] !== 1) continue;
      for (let i = 0; i < 48 * 48; i++) if (train.masks[k * 48 * 48 + i]) { inside += train.x[k * 48 * 48 + i]!; n++; }
    }
    // Brain tissue sits near grey 0.4–0.6 in the 40/120 window; +22..45 HU lifts it by 0.18–0.38.
    expect(inside / n).toBeGreaterThan(0.6);
  });

  it('is deterministic and writes the image-folder layout with masks and a synthetic label', () => {
    const a = mkdtempSync(join(tmpdir(), 'ctl-a-')); const b = mkdtempSync(join(tmpdir(), 'ctl-b-'));
    dirs.push(a, b);
    const ra = generateCtLesions({ out: a, count: 32, size: 40, seed: 11, masks: true }, source);
    const rb = generateCtLesions({ out: b, count: 32, size: 40, seed: 11 }, source);
    expect(ra.digest).toBe(rb.digest);
    expect(generateCtLesions({ out: mkdtempSync(join(tmpdir(), 'ctl-c-')), count: 32, size: 40, seed: 12 }, source).digest).not.toBe(ra.digest);
    expect(readdirSync(join(a, 'test')).sort()).toEqual(['Lesion', 'Normal']);
    const lesion = readdirSync(join(a, 'train', 'Lesion'))[0]!;
    const img = decodeGreyPng(readFileSync(join(a, 'train', 'Lesion', lesion)));
    const mask = decodeGreyPng(readFileSync(join(a, 'masks', 'train', 'Lesion', lesion)));
    expect([img.width, img.height]).toEqual([40, 40]);
    expect(mask.data.some((v) => v === 255)).toBe(true);
    const meta = JSON.parse(readFileSync(join(a, 'DATASET.json'), 'utf8'));
    expect(meta.synthetic).toBe(true);
    expect(meta.real).toBe(false);
    expect(meta.description).toMatch(/SYNTHETIC lesions in REAL anatomy/);
    expect(readFileSync(join(a, 'README.txt'), 'utf8')).toMatch(/^SYNTHETIC LESIONS IN REAL ANATOMY/);
  });
});
