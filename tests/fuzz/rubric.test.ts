import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRubric } from '../../harness/rubric/load.js';
import { parsesOrRefuses, runs, SEED } from './helpers.js';

const ROOT = join(import.meta.dirname, '../..');
const TEXTS = ['tests/fixtures/rubrics/trivial.yaml', 'rubrics/covid.yaml'].map((p) => readFileSync(join(ROOT, p), 'utf8'));
const TOKENS = ['', '-1', '0', '1e309', 'NaN', '.nan', '~', 'null', '[]', '{}', '"', "'", '&a', '*a', '!!binary AA', '<<: *a', 'yes', ':', '- x', '\t', '9'.repeat(40)];

/** Line-level edits of a real rubric: delete a line, replace a value, duplicate a line, indent one. */
const edited = fc.tuple(fc.constantFrom(...TEXTS), fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.constantFrom(...TOKENS)), { minLength: 1, maxLength: 4 }))
  .map(([text, edits]) => {
    const lines = text.split('\n');
    for (const [at, op, tok] of edits) {
      const i = at % lines.length;
      const line = lines[i]!;
      if (op === 0) lines.splice(i, 1);
      else if (op === 1) lines[i] = line.replace(/:\s.*$/, `: ${tok}`);
      else if (op === 2) lines.splice(i, 0, line);
      else lines[i] = `  ${line}${tok}`;
    }
    return lines.join('\n');
  });

const isRubricError = (code: string) => ['E_RUBRIC_PARSE', 'E_RUBRIC_INVALID'].includes(code);

describe('fuzz: rubric YAML (parseRubric)', () => {
  it('edited real rubrics give a rubric or a MedgradeError naming the file', () => {
    fc.assert(fc.property(edited, (text) => parsesOrRefuses('fuzz.yaml', () => parseRubric(text, 'fuzz.yaml'), (r) => {
      expect(r.criteria.length).toBeGreaterThan(0);
      expect(new Set(r.criteria.map((c) => c.id)).size).toBe(r.criteria.length);
    })), { seed: SEED, numRuns: runs(300) });
  });
  it('arbitrary text and YAML-looking values are refused with a rubric error', () => {
    const yamlish = fc.jsonValue().map((v) => JSON.stringify(v));
    fc.assert(fc.property(fc.oneof(fc.string(), yamlish), (text) => {
      try { parseRubric(text, 'fuzz.yaml'); } catch (e) { expect(isRubricError((e as { code: string }).code)).toBe(true); return; }
      throw new Error('a random text was accepted as a rubric');
    }), { seed: SEED, numRuns: runs(300) });
  });
  it('an alias bomb (billion laughs) is refused quickly', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    parsesOrRefuses('bomb.yaml', () => parseRubric(lines.join('\n'), 'bomb.yaml'), () => { throw new Error('bomb accepted'); }, 3000);
  });
});
