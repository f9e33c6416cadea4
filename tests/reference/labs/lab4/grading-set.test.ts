import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRubric } from '../../../../harness/rubric/load.js';
import { taskKind } from '../../../../harness/tasks/index.js';
import type { Finding } from '../../../../harness/schema/finding.js';
import { ITK_SOURCES } from '../../../../reference/data/adapters/volumes.js';
import { buildLab4Segmentation } from '../../../../reference/data/tasks/lab4-segmentation.js';

const ROOT = join(import.meta.dirname, '../../../..');
const missing = ITK_SOURCES.slice(0, 2).filter((s) => !existsSync(s.path)).map((s) => s.path);
if (missing.length) console.warn(`lab4 grading-set tests skipped: missing ${missing.join(', ')}`);
const tmp = mkdtempSync(join(tmpdir(), 'lab4-set-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const z = (name: string) => Number(/slice-(\d+)\.png/.exec(name)![1]);

describe.skipIf(missing.length > 0)('lab4-segmentation grading set', () => {
  const out = join(tmp, 'full');
  it('writes 128² grey PNG slices and class-index masks, split by slab with a gap', () => {
    const lines = buildLab4Segmentation({ out });
    expect(lines[0]).toMatch(/REAL/);
    const names = (split: string) => readdirSync(join(out, split, 'images')).sort();
    expect(names('train').length + names('val').length + names('test').length).toBe(53);
    for (const split of ['train', 'val', 'test']) expect(readdirSync(join(out, split, 'masks')).sort()).toEqual(names(split));
    const train = new Set(names('train').map(z));
    for (const n of [...names('test'), ...names('val')]) expect(train.has(z(n) - 1) || train.has(z(n) + 1), n).toBe(false);
    const mask = PNG.sync.read(readFileSync(join(out, 'test', 'masks', names('test')[0]!)));
    expect([mask.width, mask.height]).toEqual([128, 128]);
    const values = new Set<number>();
    for (let i = 0; i < mask.data.length; i += 4) values.add(mask.data[i]!);
    expect(Math.max(...values)).toBeLessThanOrEqual(4);
    expect(values.size).toBeGreaterThan(3);
    expect(JSON.parse(readFileSync(join(out, 'DATASET.json'), 'utf8')).real).toBe(true);
  });

  it('--count keeps a seeded subset of every split', () => {
    buildLab4Segmentation({ out: join(tmp, 'a'), count: 10, seed: 3 });
    buildLab4Segmentation({ out: join(tmp, 'b'), count: 10, seed: 3 });
    const list = (d: string) => ['train', 'val', 'test'].map((s) => readdirSync(join(tmp, d, s, 'images')).sort().join());
    expect(list('a')).toEqual(list('b'));
    expect(list('a').every((l) => l.length > 0)).toBe(true);
  });

  it('the rubric scores the true masks, hidden under random names, at Dice 1 for every class', () => {
    const { rubric } = loadRubric(join(ROOT, 'rubrics/lab4.yaml'));
    const kind = taskKind(rubric.task.layout);
    const hidden = kind.hideTest(join(out, 'test'), join(tmp, 'hidden'), { seed: 1 });
    const perfect = join(tmp, 'perfect', 'masks');
    mkdirSync(perfect, { recursive: true });
    for (const [id, truth] of hidden.truth) copyFileSync(truth, join(perfect, id));
    const findings: Finding[] = [];
    const measured = kind.measure(rubric, hidden, kind.collect(join(tmp, 'perfect'), rubric, hidden, findings));
    expect(findings).toEqual([]);
    expect(measured.metrics).toEqual({ mean_dice: 1, dice_extracerebral: 1, dice_csf: 1, dice_grey_matter: 1, dice_white_matter: 1, mean_iou: 1 });
    expect(measured.n).toBe(8);
  });
});
