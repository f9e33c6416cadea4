import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bandSpec, confusionSpec, parseHistory, renderCharts, rocAuc, rocFromScores, svgFromVegaLite, trainingSpec } from '../../harness/report/charts.js';
import { FIXTURES, fixture, fixtureCopy } from './helpers.js';

let cleanup = () => {};
afterEach(() => cleanup());

describe('charts', () => {
  it('computes ROC points and AUC on a hand-checkable example', () => {
    const roc = rocFromScores([0.9, 0.8, 0.7, 0.6], [1, 0, 1, 0])!;
    expect(roc.fpr).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(roc.tpr).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(rocAuc(roc)).toBeCloseTo(0.75, 10);
    expect(rocFromScores([0.1, 0.2], [1, 1])).toBeNull();
    // tied scores form one threshold
    expect(rocFromScores([0.5, 0.5], [1, 0])).toEqual({ fpr: [0, 1], tpr: [0, 1] });
  });

  it('draws the band chart and confusion matrix with real text', async () => {
    const r = fixture('group01-good');
    const bands = await svgFromVegaLite(bandSpec(r.reference.bands));
    expect(bands).toMatch(/^<svg/);
    expect(bands).toContain('sensitivity');
    expect(bands).toContain('0.875');
    const cm = await svgFromVegaLite(confusionSpec(r.confusion!));
    for (const t of ['TP 85', 'FN 15', 'FP 10', 'TN 90']) expect(cm).toContain(t);
  });

  it('escapes student-controlled series names from history.csv', async () => {
    const h = parseHistory('epoch,<script>alert(1)</script>,loss\n0,0.5,1\n1,0.6,0.9\n');
    const svg = await svgFromVegaLite(trainingSpec(h));
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
  });

  it('renderCharts writes the charts once and reuses them while inputs are unchanged', async () => {
    const c = fixtureCopy(); cleanup = c.cleanup;
    const dir = join(c.dir, 'group01-good');
    const r = fixture('group01-good');
    const files = await renderCharts(r, dir);
    expect(Object.keys(files).sort()).toEqual(['bands', 'confusion', 'roc', 'training']);
    const mtime = statSync(files.bands!).mtimeMs;
    const again = await renderCharts(r, dir);
    expect(again).toEqual(files);
    expect(statSync(files.bands!).mtimeMs).toBe(mtime);
    expect(readFileSync(files.roc!, 'utf8')).toContain('AUC 0.926');
    const manifest = JSON.parse(readFileSync(join(dir, 'charts', 'manifest.json'), 'utf8'));
    expect(manifest.charts.confusion.alt).toMatch(/85 true positives/);
  });

  it('computes the ROC from predictions and hidden labels when no curve is stored', async () => {
    const c = fixtureCopy(); cleanup = c.cleanup;
    const dir = join(c.dir, 'group01-good');
    const r = { ...fixture('group01-good'), artifacts: { predictions: 'predictions.csv' } };
    const labels = new Map(readFileSync(join(FIXTURES, 'hidden-labels.csv'), 'utf8').trim().split('\n').slice(1)
      .map((l) => [l.split(',')[0]!, Number(l.split(',')[1])] as const));
    const files = await renderCharts(r, dir, { labels });
    expect(files.roc).toBeDefined();
    expect(readFileSync(files.roc!, 'utf8')).toMatch(/ROC curve \(AUC 0\.\d{3}\)/);
  });
});
