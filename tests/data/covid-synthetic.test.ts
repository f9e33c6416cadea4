import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  decodeGreyPng, generateCovidSynthetic, loadImageFolderSplit, pngChunkTypes, splitCounts,
} from '../../reference/data/covid-synthetic/index.js';

const root = mkdtempSync(join(tmpdir(), 'covid-synth-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const generate = (name: string, seed: number, extra: { count?: number; size?: number; masks?: boolean } = {}) =>
  generateCovidSynthetic({ out: join(root, name), seed, count: extra.count ?? 60, size: extra.size ?? 32, masks: extra.masks });

describe('generateCovidSynthetic', () => {
  it('is deterministic: same seed → byte-identical files, another seed → different files', async () => {
    const a = await generate('a', 7);
    const b = await generate('b', 7);
    const c = await generate('c', 8);
    expect(a.checksums).toEqual(b.checksums);
    expect(a.digest).toBe(b.digest);
    const file = Object.keys(a.checksums)[0]!;
    expect(readFileSync(join(root, 'a', file))).toEqual(readFileSync(join(root, 'b', file)));
    expect(c.digest).not.toBe(a.digest);
    const shared = Object.values(a.checksums).filter((h) => Object.values(c.checksums).includes(h));
    expect(shared).toHaveLength(0);
    // The checksums describe the bytes on disk.
    const onDisk = createHash('sha256').update(readFileSync(join(root, 'a', file))).digest('hex');
    expect(onDisk).toBe(a.checksums[file]);
  });

  it('writes the covid_xray layout with the stated split rule and balanced classes', async () => {
    const r = await generate('layout', 1, { count: 200 });
    expect(r.counts).toEqual({
      train: { COVID: 70, Normal: 70 }, val: { COVID: 15, Normal: 15 }, test: { COVID: 15, Normal: 15 },
    });
    expect(splitCounts(61)).toEqual({
      train: { COVID: 22, Normal: 21 }, val: { COVID: 5, Normal: 4 }, test: { COVID: 5, Normal: 4 },
    });
    for (const split of ['train', 'val', 'test']) {
      for (const cls of ['COVID', 'Normal']) {
        const files = readdirSync(join(root, 'layout', split, cls));
        expect(files).toHaveLength(r.counts[split as 'train'][cls as 'COVID']);
      }
    }
    const meta = JSON.parse(readFileSync(join(root, 'layout', 'DATASET.json'), 'utf8'));
    expect(meta).toMatchObject({ synthetic: true, seed: 1, count: 200, size: 32, licence: 'CC0-1.0' });
    expect(readFileSync(join(root, 'layout', 'README.txt'), 'utf8')).toMatch(/SYNTHETIC/);
  });

  it('names files by neutral ids that say nothing about the label, and writes 8-bit grey PNGs with no text chunks', async () => {
    const r = await generate('names', 3);
    const names = Object.keys(r.checksums).map((p) => p.split('/').pop()!);
    for (const n of names) expect(n).toMatch(/^img_\d{5}\.png$/);
    expect(new Set(names).size).toBe(names.length);
    // Ids are shuffled: COVID does not simply get the low numbers.
    const covidIds = Object.keys(r.checksums).filter((p) => p.includes('/COVID/')).map((p) => Number(p.match(/(\d{5})/)![1]));
    const normalIds = Object.keys(r.checksums).filter((p) => p.includes('/Normal/')).map((p) => Number(p.match(/(\d{5})/)![1]));
    expect(Math.max(...covidIds)).toBeGreaterThan(Math.min(...normalIds));
    expect(Math.max(...normalIds)).toBeGreaterThan(Math.min(...covidIds));
    const bytes = readFileSync(join(root, 'names', Object.keys(r.checksums)[0]!));
    expect(pngChunkTypes(bytes)).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(bytes[24]).toBe(8); // bit depth
    expect(bytes[25]).toBe(0); // colour type: greyscale
    expect(decodeGreyPng(bytes).width).toBe(32);
  });

  it('makes the classes separable by a simple statistic (brightness of the lung fields relative to the body)', async () => {
    await generate('signal', 11, { count: 120, size: 64 });
    const entries = loadImageFolderSplit(join(root, 'signal'));
    const score = (path: string): number => {
      const { data, width } = decodeGreyPng(readFileSync(path));
      let lung = 0, nl = 0, mid = 0, nm = 0;
      for (let y = 0; y < width; y++) {
        for (let x = 0; x < width; x++) {
          const u = (x + 0.5) / width, v = (y + 0.5) / width;
          const inLung = v > 0.35 && v < 0.7 && ((u > 0.22 && u < 0.38) || (u > 0.62 && u < 0.78));
          const inMid = v > 0.3 && v < 0.55 && u > 0.47 && u < 0.53;
          if (inLung) { lung += data[y * width + x]!; nl++; }
          if (inMid) { mid += data[y * width + x]!; nm++; }
        }
      }
      return lung / nl / (mid / nm);
    };
    const covid = entries.filter((e) => e.label === 'COVID').map((e) => score(e.path));
    const normal = entries.filter((e) => e.label === 'Normal').map((e) => score(e.path));
    // AUC of the statistic: the fraction of (COVID, Normal) pairs it orders correctly.
    let correct = 0;
    for (const c of covid) for (const n of normal) correct += c > n ? 1 : c === n ? 0.5 : 0;
    const auc = correct / (covid.length * normal.length);
    expect(auc).toBeGreaterThan(0.8);
    expect(auc).toBeLessThan(1.0001);
  });

  it('writes opacity masks beside the splits, empty for Normal and non-empty for most COVID images', async () => {
    const r = await generate('masks', 5, { masks: true });
    expect(existsSync(join(root, 'masks', 'masks', 'train', 'COVID'))).toBe(true);
    const ones = (p: string) => decodeGreyPng(readFileSync(join(root, 'masks', 'masks', p))).data.filter((x) => x > 0).length;
    const files = Object.keys(r.checksums);
    for (const f of files.filter((p) => p.includes('/Normal/'))) expect(ones(f)).toBe(0);
    const covid = files.filter((p) => p.includes('/COVID/'));
    expect(covid.filter((f) => ones(f) > 0).length).toBeGreaterThanOrEqual(Math.ceil(covid.length * 0.8));
    // The loader ignores the masks folder beside the splits.
    expect(loadImageFolderSplit(join(root, 'masks'))).toHaveLength(60);
  });

  it('rejects bad options with a usage error', async () => {
    await expect(generateCovidSynthetic({ out: join(root, 'bad'), count: 3 })).rejects.toMatchObject({ code: 'E_USAGE' });
  });
});
