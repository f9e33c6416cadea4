import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { phantom } from '../../../bench/overlap/phantom.js';
import { encodeGrayPng } from '../../../harness/checks/overlap/png.js';
import { hashFiles } from '../../../harness/checks/overlap/pool.js';
import { tempDir, writeFile, removeTempDirs } from './helpers.js';

afterAll(removeTempDirs);

describe('hashFiles', () => {
  it('gives the same hashes, in order, from two worker threads as inline', async () => {
    const root = tempDir('pool');
    const files = Array.from({ length: 140 }, (_, k) => writeFile(path.join(root, `f${k}.png`), encodeGrayPng(phantom(k, 48))));
    files.push(writeFile(path.join(root, 'bad.png'), 'not a png'));
    const inline = await hashFiles(files, { workers: 1 });
    const threaded = await hashFiles(files, { workers: 2, batch: 16 });
    const key = (h: (typeof inline)[number]): string => (h.ok ? `${h.file}:${h.exact}:${h.pHash}:${h.dHash}` : `${h.file}:${h.error}`);
    expect(threaded.map(key)).toEqual(inline.map(key));
    expect(inline.at(-1)).toMatchObject({ ok: false, file: files.at(-1) });
    expect(new Set(inline.filter((h) => h.ok).map((h) => h.ok && h.exact)).size).toBe(140);
  });
});
