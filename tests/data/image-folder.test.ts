import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetLayoutError, encodeGreyPng, loadImageFolderSplit } from '../../reference/data/covid-synthetic/index.js';

const root = mkdtempSync(join(tmpdir(), 'image-folder-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const png = encodeGreyPng({ width: 2, height: 2, data: new Uint8Array([0, 64, 128, 255]) });

/** Writes files (paths relative to a new folder) and returns the folder. */
function tree(name: string, files: string[]): string {
  const dir = join(root, name);
  for (const f of files) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), f.endsWith('.png') ? png : 'x');
  }
  return dir;
}

describe('loadImageFolderSplit', () => {
  it('reads the real layout in any case, skips stray files and orders by split, label and name', () => {
    const dir = tree('real', [
      'train/COVID/COVID-12.png', 'train/COVID/COVID-2.png', 'train/normal/Normal-1.png', 'train/.DS_Store',
      'train/normal/notes.txt', 'Validation/Covid/a.png', 'Validation/NORMAL/b.png', 'test/COVID/c.png', 'test/Normal/d.png',
      'README.md',
    ]);
    const entries = loadImageFolderSplit(dir);
    expect(entries.map((e) => [e.split, e.label, e.path.slice(dir.length + 1)])).toEqual([
      ['train', 'COVID', 'train/COVID/COVID-12.png'],
      ['train', 'COVID', 'train/COVID/COVID-2.png'],
      ['train', 'Normal', 'train/normal/Normal-1.png'],
      ['val', 'COVID', 'Validation/Covid/a.png'],
      ['val', 'Normal', 'Validation/NORMAL/b.png'],
      ['test', 'COVID', 'test/COVID/c.png'],
      ['test', 'Normal', 'test/Normal/d.png'],
    ]);
  });

  it('looks through one wrapping folder, as covid_xray.zip unpacks to covid_xray/', () => {
    const dir = tree('wrapped', ['covid_xray/train/COVID/a.png', 'covid_xray/train/Normal/b.png']);
    expect(loadImageFolderSplit(dir).map((e) => e.label)).toEqual(['COVID', 'Normal']);
  });

  it.each([
    ['no split folders', ['images/a.png'], 'E_INPUT_FORMAT', /no train\/, val\/ or test\//],
    ['a missing class', ['train/COVID/a.png'], 'E_INPUT_FORMAT', /no Normal\//],
    ['an unknown class', ['train/COVID/a.png', 'train/Normal/b.png', 'train/Pneumonia/c.png'], 'E_INPUT_FORMAT', /Pneumonia/],
    ['an empty class', ['train/COVID/a.png', 'train/Normal/readme.txt'], 'E_INPUT_FORMAT', /no PNG or JPEG/],
  ])('rejects %s with a typed error', (name, files, code, message) => {
    const dir = tree(`bad-${name.replace(/ /g, '-')}`, files);
    let error: unknown;
    try {
      loadImageFolderSplit(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatasetLayoutError);
    expect((error as DatasetLayoutError).code).toBe(code);
    expect((error as Error).message).toMatch(message);
  });

  it('reports a missing folder and a missing required split', () => {
    expect(() => loadImageFolderSplit(join(root, 'nope'))).toThrow(expect.objectContaining({ code: 'E_INPUT_NOT_FOUND' }));
    const dir = tree('trainonly', ['train/COVID/a.png', 'train/Normal/b.png']);
    expect(() => loadImageFolderSplit(dir, { require: ['train', 'val'] })).toThrow(/missing split folder val/);
  });
});
