import { describe, expect, it } from 'vitest';
import { finding, uniqueFindings } from '../../harness/schema/finding.js';

const base = { kind: 'split' as const, severity: 'error' as const, file: 'train.py', message: 'm', fix: 'f' };

describe('uniqueFindings', () => {
  it('keeps the first of two checks reporting one kind at one line, and everything else', () => {
    const a = finding({ ...base, check: 'leakage/static', line: 12 });
    const b = finding({ ...base, check: 'split/slice-dataset', line: 12 });
    const otherLine = finding({ ...base, check: 'split/slice-dataset', line: 13 });
    const otherKind = finding({ ...base, kind: 'overlap', check: 'leakage/static', line: 12 });
    const otherFile = finding({ ...base, check: 'split/slice-dataset', file: 'data.py', line: 12 });
    const noPlace = [finding({ ...base, check: 'x' }), finding({ ...base, check: 'y' })];
    expect(uniqueFindings([a, b, otherLine, otherKind, otherFile, ...noPlace])).toEqual([a, otherLine, otherKind, otherFile, ...noPlace]);
  });

  it('treats notebook cells as places too', () => {
    const c0 = finding({ ...base, check: 'a', file: 'nb.ipynb', cell: 0 });
    expect(uniqueFindings([c0, finding({ ...base, check: 'b', file: 'nb.ipynb', cell: 0 }), finding({ ...base, check: 'b', file: 'nb.ipynb', cell: 1 })])).toHaveLength(2);
  });
});
