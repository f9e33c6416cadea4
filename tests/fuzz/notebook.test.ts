import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNotebook } from '../../harness/python/source.js';
import { parsesOrRefuses, runs, SEED } from './helpers.js';

const source = fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 5 }), fc.constant('%%bash\nrm -rf ~\n'), fc.constant('!rm -rf ~'), fc.integer(), fc.constant(null));
const cell = fc.record({
  cell_type: fc.oneof(fc.constantFrom('code', 'markdown', 'raw'), fc.string()),
  source, outputs: fc.oneof(fc.constant([]), fc.jsonValue()), metadata: fc.jsonValue(),
}, { requiredKeys: [] });
const notebook = fc.record({
  cells: fc.oneof(fc.array(cell, { maxLength: 8 }), fc.jsonValue()),
  metadata: fc.oneof(fc.record({ kernelspec: fc.record({ language: fc.oneof(fc.string(), fc.integer()), name: fc.string() }, { requiredKeys: [] }) }, { requiredKeys: [] }), fc.jsonValue()),
  nbformat: fc.oneof(fc.constant(4), fc.integer()), nbformat_minor: fc.integer(),
}, { requiredKeys: [] });

/** Cut a JSON text somewhere, or splice a random string into it. */
const damaged = fc.tuple(notebook, fc.nat(), fc.string()).map(([nb, at, junk]) => {
  const text = JSON.stringify(nb);
  const i = at % (text.length + 1);
  return at % 2 ? text.slice(0, i) : text.slice(0, i) + junk + text.slice(i);
});

describe('fuzz: .ipynb parsing (parseNotebook)', () => {
  it('a notebook-shaped JSON value parses to consistent cells or is a ParseError naming the file', () => {
    fc.assert(fc.property(notebook, (nb) => parsesOrRefuses('fuzz.ipynb', () => parseNotebook(JSON.stringify(nb), 'fuzz.ipynb'), (src) => {
      expect(src.kind).toBe('ipynb');
      const lines = src.text.split('\n').length;
      for (const c of src.cells) expect(c.startLine + c.lineCount - 1).toBeLessThanOrEqual(lines);
    })), { seed: SEED, numRuns: runs(500) });
  });
  it('damaged and arbitrary texts are refused with a ParseError, never a crash', () => {
    fc.assert(fc.property(fc.oneof(damaged, fc.string(), fc.json()), (text) => parsesOrRefuses('fuzz.ipynb', () => parseNotebook(text, 'fuzz.ipynb'))), { seed: SEED, numRuns: runs(500) });
  });
  it('a deeply nested or huge notebook stays within the time bound', () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    parsesOrRefuses('deep.ipynb', () => parseNotebook(`{"cells": ${deep}}`, 'deep.ipynb'));
    const big = JSON.stringify({ cells: [{ cell_type: 'code', source: 'x = 1\n'.repeat(200_000), outputs: [{ text: 'y'.repeat(5_000_000) }] }], metadata: {} });
    parsesOrRefuses('big.ipynb', () => parseNotebook(big, 'big.ipynb'), (src) => expect(src.cells).toHaveLength(1));
  });
});
