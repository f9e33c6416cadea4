import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareHiddenTest, reencodePng, splitForPhase } from '../../harness/data/hidden-test.js';
import { decodeGreyPng, generateCovidSynthetic, pngChunkTypes } from '../../reference/data/covid-synthetic/index.js';

const root = mkdtempSync(join(tmpdir(), 'hidden-test-'));
const dataset = join(root, 'dataset');
beforeAll(async () => {
  await generateCovidSynthetic({ out: dataset, seed: 4, count: 100, size: 24 });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('prepareHiddenTest', () => {
  it('copies every test image flat, under a random name, with the same pixels and a label map', () => {
    const out = join(root, 'hidden-a');
    const r = prepareHiddenTest(join(dataset, 'test'), out);
    const files = readdirSync(out).sort();
    expect(r.count).toBe(15);
    expect(files).toEqual([...r.labels.keys()].sort());
    for (const f of files) expect(f).toMatch(/^[0-9a-f]{16}\.png$/);
    expect([...r.labels.values()].filter((l) => l === 'COVID')).toHaveLength(8);
    // Pixels survive: every hidden image equals one original of the same label.
    const originals = new Map<string, string>();
    for (const cls of ['COVID', 'Normal']) {
      for (const f of readdirSync(join(dataset, 'test', cls))) {
        originals.set(Buffer.from(decodeGreyPng(readFileSync(join(dataset, 'test', cls, f))).data).toString('hex'), cls);
      }
    }
    for (const f of files) {
      const key = Buffer.from(decodeGreyPng(readFileSync(join(out, f))).data).toString('hex');
      expect(originals.get(key)).toBe(r.labels.get(f));
    }
  });

  it('gives different names on every unseeded run and names that do not follow the label', () => {
    const a = prepareHiddenTest(join(dataset, 'test'), join(root, 'hidden-b'));
    const b = prepareHiddenTest(join(dataset, 'test'), join(root, 'hidden-c'));
    expect([...a.labels.keys()].filter((n) => b.labels.has(n))).toHaveLength(0);
    // Sorted by name, the labels are not all COVID then all Normal (nor the reverse).
    const sorted = [...a.labels.entries()].sort(([x], [y]) => x.localeCompare(y)).map(([, l]) => l);
    const changes = sorted.filter((l, i) => i > 0 && l !== sorted[i - 1]).length;
    expect(changes).toBeGreaterThan(1);
  });

  it('is reproducible with a seed', () => {
    const a = prepareHiddenTest(join(dataset, 'test'), join(root, 'hidden-d'), { seed: 9 });
    const b = prepareHiddenTest(join(dataset, 'test'), join(root, 'hidden-e'), { seed: 9 });
    expect([...a.labels.entries()].sort()).toEqual([...b.labels.entries()].sort());
  });

  it('strips text chunks and metadata when re-encoding', () => {
    const png = new PNG({ width: 2, height: 1 });
    png.data.set([10, 10, 10, 255, 200, 200, 200, 255]);
    const plain = PNG.sync.write(png, { colorType: 0 });
    // Insert a tEXt chunk that carries the label, right after IHDR (8 + 25 bytes).
    const text = Buffer.from('label\0COVID', 'latin1');
    const chunk = Buffer.alloc(12 + text.length);
    chunk.writeUInt32BE(text.length, 0);
    chunk.write('tEXt', 4, 'latin1');
    text.copy(chunk, 8);
    const tagged = Buffer.concat([plain.subarray(0, 33), chunk, plain.subarray(33)]);
    expect(pngChunkTypes(tagged)).toContain('tEXt');
    const clean = reencodePng(tagged, 'x.png');
    expect(pngChunkTypes(clean)).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(clean.includes(Buffer.from('COVID'))).toBe(false);
    expect([...decodeGreyPng(clean).data]).toEqual([10, 200]);
  });

  it('refuses a folder that is not empty and a test split without its class folders', () => {
    expect(() => prepareHiddenTest(join(dataset, 'test'), join(root, 'hidden-a'))).toThrow(/start empty/);
    expect(() => prepareHiddenTest(dataset, join(root, 'hidden-f'))).toThrow(expect.objectContaining({ code: 'E_INPUT_FORMAT' }));
  });
});

describe('splitForPhase', () => {
  it('builds /data with train/ and val/ only', () => {
    const r = splitForPhase(dataset, join(root, 'phase'));
    expect(readdirSync(r.dataDir).sort()).toEqual(['train', 'val']);
    expect(r.count).toBe(70 + 15);
    expect(readdirSync(join(r.train, 'COVID'))).toHaveLength(35);
    expect(readdirSync(join(r.val, 'Normal'))).toEqual(readdirSync(join(dataset, 'val', 'Normal')));
  });
});
