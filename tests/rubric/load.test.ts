import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRubric, parseRubric } from '../../harness/rubric/load.js';
import { MedgradeError } from '../../harness/errors.js';
import { explainRubric } from '../../harness/rubric/explain.js';

const dir = join(import.meta.dirname, '../../rubrics');

describe('rubric loading', () => {
  it.each(readdirSync(dir).filter((f) => f.endsWith('.yaml')))('%s loads against the schema', (file) => {
    const { rubric, hash } = loadRubric(join(dir, file));
    expect(rubric.id).toMatch(/^[a-z0-9-]+$/);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names the file and the path of a schema violation', () => {
    const text = readFileSync(join(dir, 'covid.yaml'), 'utf8').replace('points: 40', 'points: -4');
    try {
      parseRubric(text, 'bad.yaml');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(MedgradeError);
      expect((e as MedgradeError).code).toBe('E_RUBRIC_INVALID');
      expect((e as Error).message).toMatch(/criteria\.0\.points/);
      expect((e as Error).message).toContain('bad.yaml');
    }
  });

  it('reports broken YAML as a parse error', () => {
    expect(() => parseRubric('id: [unclosed', 'x.yaml')).toThrow(expect.objectContaining({ code: 'E_RUBRIC_PARSE' }));
  });

  it('refuses duplicate criterion ids', () => {
    const text = readFileSync(join(dir, 'covid.yaml'), 'utf8').replace('id: report', 'id: methodology');
    expect(() => parseRubric(text, 'dup.yaml')).toThrow(/appears twice/);
  });

  it('explains the COVID addendum with its interface, limits and libraries', () => {
    const text = explainRubric(loadRubric(join(dir, 'covid.yaml')).rubric);
    expect(text).toContain('python predict.py --model /model --images /test --out /out/predictions.csv');
    expect(text).toMatch(/train: .*\n\s+time 240 s wall/);
    expect(text).toContain('numpy ~=2.0.2');
    expect(text).toContain('Report_group{group}.pdf: 10-15 pages');
  });
});
