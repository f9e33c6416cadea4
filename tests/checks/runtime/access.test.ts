import { describe, expect, it } from 'vitest';
import { accessFindings, notebookEvidence } from '../../../harness/checks/runtime/access.js';
import { finding } from '../../../harness/schema/finding.js';
import type { AccessEvent } from '../../../harness/runners/types.js';

const ev = (op: AccessEvent['op'], path: string, error?: string): AccessEvent => ({ op, path, pid: 7, ...(error ? { error } : {}) });
const env = ['/opt/venv'];

describe('accessFindings', () => {
  it('flags a train-phase attempt to open the test split', () => {
    const f = accessFindings('train', [ev('open', '/data/test/COVID/x.png', 'ENOENT'), ev('open', '/data/train/a.png')], env);
    expect(f.map((x) => x.kind)).toEqual(['runtime-access']);
    expect(f[0]!.severity).toBe('error');
    expect(f[0]!.message).toContain('/data/test/COVID/x.png');
  });

  it('does not flag library files whose names merely contain "test"', () => {
    const f = accessFindings('train', [
      ev('open', '/opt/venv/lib/python3.11/site-packages/numpy/testing/__init__.py'),
      ev('open', '/usr/lib/python3.11/unittest/__init__.py'),
      ev('open', '/opt/venv/lib/python3.11/site-packages/tensorflow/python/framework/test_util.py'),
      ev('open', '/work/latest_model.py'),
      ev('write', '/var/cache/fontconfig/4c59-le64.cache-8', 'EROFS'),
    ], env);
    expect(f).toEqual([]);
  });

  it('does not flag the predict phase reading /test, which it is given', () => {
    expect(accessFindings('predict', [ev('open', '/test/ab12.png')], env)).toEqual([]);
  });

  it('does not report writes that succeeded, ordinary errors like EEXIST, or notebook writes in its writable /work', () => {
    expect(accessFindings('notebook baseline.ipynb', [ev('write', '/work/results/search.csv')], env)).toEqual([]);
    expect(accessFindings('train', [ev('write', '/out/model', 'EEXIST')], env)).toEqual([]);
    expect(accessFindings('notebook baseline.ipynb', [ev('write', '/work/results', 'EEXIST'), ev('write', '/work/models/x', 'ENOENT')], env)).toEqual([]);
    expect(accessFindings('notebook baseline.ipynb', [ev('write', '/etc/x', 'EROFS')], env).map((f) => f.kind)).toEqual(['write-attempt']);
  });

  it('reports network attempts and writes outside /out, but not writes inside /out or /tmp', () => {
    const f = accessFindings('train', [
      ev('connect', '93.184.216.34:80', 'ENETUNREACH'),
      ev('write', '/work/pwned.txt', 'EROFS'),
      ev('write', '/out/model/w.weights.h5', 'EROFS'),
      ev('write', '/tmp/cache'),
    ], env);
    expect(f.map((x) => x.kind)).toEqual(['network-attempt', 'write-attempt']);
    expect(f[1]!.message).toContain('/work/pwned.txt');
    expect(f[1]!.message).not.toContain('/out/model');
  });
});

describe('notebookEvidence', () => {
  const leak = finding({ check: 'leakage/static', kind: 'overlap', severity: 'error', file: 'baseline.ipynb', cell: 4, line: 2, message: 'm', fix: 'f' });
  const reads = [ev('open', '/work/covid_xray/test/COVID/a.png'), ev('open', '/work/covid_xray/test/Normal/b.png'), ev('open', '/work/covid_xray/train/COVID/c.png')];

  it('notes test reads as instructor-facing evidence for a static finding in the same notebook', () => {
    const f = notebookEvidence('baseline.ipynb', 'covid_xray', reads, [leak]);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ kind: 'runtime-access', severity: 'info', audience: 'instructor' });
    expect(f[0]!.message).toContain('read 2 test-set files');
    expect(f[0]!.message).toContain('cell 5');
  });

  it('places the reads in cells by time and says whether the order of events fits the finding', () => {
    const at = (path: string, time: number) => ({ ...ev('open', path), time });
    const started = [100, 110, 120, 130, 140, 150];
    const early = notebookEvidence('baseline.ipynb', 'covid_xray', [at('/work/covid_xray/test/COVID/a.png', 112)], [leak], started);
    expect(early[0]!.cell).toBe(1);
    expect(early[0]!.message).toMatch(/read in code cell 2, before or in the cell where the leak sits/);
    const late = notebookEvidence('baseline.ipynb', 'covid_xray', [at('/work/covid_xray/test/COVID/a.png', 151)], [leak], started);
    expect(late[0]!.message).toMatch(/after the flagged cells, so the order of events does not support/);
  });

  it('says nothing without a static finding, since the course layout includes the test set', () => {
    expect(notebookEvidence('baseline.ipynb', 'covid_xray', reads, [])).toEqual([]);
  });
});
