import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Static checks on the COVID sample packages: each one has what its outcome
 * needs and nothing its outcome does not explain, so a grading test that uses
 * them fails for the harness's reasons, not because a fixture drifted.
 */
const root = join(import.meta.dirname, '..', '..', 'submissions', 'covid');
const samples = readdirSync(root).filter((d) => /^Group \d+ - /.test(d)).sort((a, b) => parseInt(a.slice(6)) - parseInt(b.slice(6)));
const outcome = (d: string) => d.replace(/^Group \d+ - /, '');
const read = (d: string, f: string) => readFileSync(join(root, d, f), 'utf8');

function csvHeader(text: string): { columns: string[]; rows: number } {
  const lines = text.trim().split('\n');
  return { columns: lines[0]!.split(','), rows: lines.length - 1 };
}

describe('COVID sample submissions', () => {
  it('has the nine outcomes, each with its report beside it and a row in the verdict table', () => {
    expect(samples.map(outcome)).toEqual([
      'good', 'reads-test-set', 'crashes-on-import', 'too-slow', 'disallowed-library', 'missing-files',
      'overclaims', 'network-and-writes', 'notebook-fails-halfway',
    ]);
    const table = readFileSync(join(root, 'README.md'), 'utf8');
    for (const d of samples) {
      const n = /^Group (\d+)/.exec(d)![1];
      expect(existsSync(join(root, `Report_group${n}.pdf`))).toBe(true);
      expect(table).toContain(`| ${d} |`);
    }
  });

  it.each(samples)('%s: has the required files, except the one its outcome removes', (d) => {
    const required = ['train.py', 'predict.py', 'baseline.ipynb', 'requirements.txt', 'results/baseline_search.csv', 'results/transfer_search.csv'];
    const missing = required.filter((f) => !existsSync(join(root, d, f)));
    expect(missing).toEqual(outcome(d) === 'missing-files' ? ['predict.py'] : []);
    const baseline = csvHeader(read(d, 'results/baseline_search.csv'));
    expect(baseline.columns).toEqual(['dropout', 'learning_rate', 'batch_size', 'filters', 'val_accuracy', 'epochs']);
    expect(baseline.rows).toBeGreaterThanOrEqual(2);
    const transfer = csvHeader(read(d, 'results/transfer_search.csv'));
    expect(transfer.columns).toEqual(['batch_size', 'learning_rate', 'dropout', 'val_accuracy']);
    expect(transfer.rows).toBeGreaterThanOrEqual(2);
    const nb = JSON.parse(read(d, 'baseline.ipynb'));
    expect(nb.nbformat).toBe(4);
    expect(nb.cells.filter((c: { cell_type: string }) => c.cell_type === 'code').length).toBeGreaterThanOrEqual(5);
  });

  it.each(samples)('%s: imports only section 2 libraries unless its outcome is the disallowed one', (d) => {
    const allowed = /^(argparse|glob|json|os|urllib|numpy|tensorflow|keras|pandas|sklearn|matplotlib|seaborn)$/;
    const sources = ['train.py', 'predict.py'].filter((f) => existsSync(join(root, d, f))).map((f) => read(d, f));
    const nb = JSON.parse(read(d, 'baseline.ipynb'));
    sources.push(nb.cells.map((c: { source: string[] }) => c.source.join('')).join('\n'));
    const roots = sources.flatMap((s) => [...s.matchAll(/^\s*(?:from|import)\s+([A-Za-z_][\w]*)/gm)].map((m) => m[1]!));
    const bad = [...new Set(roots.filter((r) => !allowed.test(r)))];
    expect(bad).toEqual(outcome(d) === 'disallowed-library' ? ['PIL'] : []);
  });

  it('differs from the good sample where its name says: test paths, network and writes only in their samples', () => {
    for (const d of samples) {
      const train = existsSync(join(root, d, 'train.py')) ? read(d, 'train.py') : '';
      expect(/'test'/.test(train)).toBe(outcome(d) === 'reads-test-set');
      expect(/urlopen/.test(train)).toBe(outcome(d) === 'network-and-writes');
      expect(/pwned/.test(train)).toBe(outcome(d) === 'network-and-writes');
      expect(/^\s*while /m.test(train)).toBe(outcome(d) === 'too-slow');
    }
  });
});
