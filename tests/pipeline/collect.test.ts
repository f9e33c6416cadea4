import { describe, expect, it } from 'vitest';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectHistory, collectPredictions, extractClaims, extractCsvClaims } from '../../harness/pipeline/collect.js';
import type { Finding } from '../../harness/schema/finding.js';

const ids = new Set(['a.png', 'b.png', 'c.png']);
function collect(content: string | Buffer) {
  const dir = mkdtempSync(join(tmpdir(), 'collect-'));
  const path = join(dir, 'predictions.csv');
  writeFileSync(path, content);
  const findings: Finding[] = [];
  return { predictions: collectPredictions(path, ids, findings), findings };
}

describe('collectPredictions', () => {
  it('reads a well-formed file with no finding', () => {
    const { predictions, findings } = collect('filename,probability\na.png,0.9\nb.png,0.1\nc.png,1\n');
    expect(findings).toEqual([]);
    expect([...predictions!.entries()]).toEqual([['a.png', 0.9], ['b.png', 0.1], ['c.png', 1]]);
  });

  it.each([
    ['NaN', 'filename,probability\na.png,nan\nb.png,0.1\nc.png,0.2\n', /1 not a number/],
    ['out of range', 'filename,probability\na.png,1.5\nb.png,-0.1\nc.png,0.2\n', /2 outside \[0, 1\]/],
    ['duplicate', 'filename,probability\na.png,0.5\na.png,0.6\nb.png,0.1\nc.png,0.2\n', /1 duplicate/],
    ['missing rows', 'filename,probability\na.png,0.5\n', /2 missing/],
    ['unknown ids', 'filename,probability\na.png,0.5\nb.png,0.1\nc.png,0.2\nCOVID-1.png,1\n', /1 unknown file/],
    ['wrong header', 'name,score\na.png,0.5\n', /needs the columns filename,probability/],
  ])('%s becomes a predictions-malformed finding', (_name, content, message) => {
    const { findings } = collect(content);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.kind).toBe('predictions-malformed');
    expect(findings[0]!.message).toMatch(message);
  });

  it('refuses binary content and keeps going', () => {
    const { predictions, findings } = collect(Buffer.from([0x66, 0x00, 0xff, 0xfe, 0x0a]));
    expect(predictions).toBeNull();
    expect(findings[0]!.message).toMatch(/not UTF-8/);
  });

  it('does not follow a symlink planted in /out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'collect-'));
    symlinkSync('/etc/passwd', join(dir, 'predictions.csv'));
    const findings: Finding[] = [];
    expect(collectPredictions(join(dir, 'predictions.csv'), ids, findings)).toBeNull();
    expect(findings[0]!.kind).toBe('output-escape');
  });

  it('reports a missing file as predictions-missing', () => {
    const findings: Finding[] = [];
    expect(collectPredictions('/nonexistent/predictions.csv', ids, findings)).toBeNull();
    expect(findings[0]!.kind).toBe('predictions-missing');
  });
});

describe('collectHistory', () => {
  it('reads a Keras CSVLogger file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hist-'));
    writeFileSync(join(dir, 'h.csv'), 'epoch,accuracy,loss,val_accuracy,val_loss\n0,0.5,0.7,0.55,0.69\n1,0.8,0.4,0.75,0.5\n');
    const findings: Finding[] = [];
    expect(collectHistory(join(dir, 'h.csv'), findings)).toEqual({
      epoch: [0, 1], accuracy: [0.5, 0.8], loss: [0.7, 0.4], val_accuracy: [0.55, 0.75], val_loss: [0.69, 0.5],
    });
    expect(findings).toEqual([]);
  });
});

describe('extractClaims', () => {
  const nb = (texts: string[]) => JSON.stringify({ cells: [
    { cell_type: 'markdown', source: 'Test accuracy: 0.5 (markdown is not a claim)' },
    ...texts.map((t) => ({ cell_type: 'code', source: '', outputs: [{ output_type: 'stream', text: t }] })),
  ] });

  it.each([
    ['Test accuracy: 0.873\n', 'accuracy', 0.873],
    ['test acc = 91.5%\n', 'accuracy', 0.915],
    ['Test AUC: 0.97\n', 'roc_auc', 0.97],
    ['test_f1_score 0.8\n', 'f1', 0.8],
    ['Test set sensitivity: 88\n', 'sensitivity', 0.88],
  ])('reads %j as %s = %f', (text, metric, value) => {
    const claims = extractClaims(nb([text]), 'baseline.ipynb');
    expect(claims).toHaveLength(1);
    expect(claims[0]!.metric).toBe(metric);
    expect(claims[0]!.value).toBeCloseTo(value, 9);
    expect(claims[0]!.where).toBe('baseline.ipynb cell 1');
  });

  it('ignores validation metrics and text without a number', () => {
    expect(extractClaims(nb(['val_accuracy: 0.9\n', 'testing the model\n']), 'x.ipynb')).toEqual([]);
  });
});

describe('extractCsvClaims', () => {
  it('reads the best value of test-metric columns, in percent or fraction, and ignores validation columns', () => {
    const dir = mkdtempSync(join(tmpdir(), 'csvclaims-'));
    writeFileSync(join(dir, 'search.csv'), 'dropout,val_accuracy,test_accuracy\n0.2,0.8,0.81\n0.5,0.85,0.93\n');
    writeFileSync(join(dir, 'final.csv'), 'model,Test AUC\nbaseline,97\n');
    expect(extractCsvClaims(dir, ['search.csv', 'final.csv'])).toEqual([
      { metric: 'accuracy', value: 0.93, where: 'search.csv' },
      { metric: 'roc_auc', value: 0.97, where: 'final.csv' },
    ]);
  });
});
