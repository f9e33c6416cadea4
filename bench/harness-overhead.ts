// The harness's own cost per submission: everything except the submission's Python
// (unpack, validate, data views, sandbox set-up and tear-down, collect, checks, scoring,
// result writing), median over 20 trivial submissions graded one at a time in the sandbox.
// Otter-Grader's `otter run` on a comparable trivial notebook is timed in the same run (bench/otter/).
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverSubmissions } from '../harness/intake/discover.js';
import { createContext } from '../harness/context.js';
import { gradeBatch } from '../harness/batch.js';
import { PROJECT_ROOT } from '../harness/version.js';
import { machineLine, median, writeBenchmarkSection } from './lib/doc.js';
import { timeOtter } from './otter/run.js';

const N = Number(process.env.BENCH_COUNT ?? 20);
const root = mkdtempSync(join(tmpdir(), 'bench-overhead-'));
const subs = join(root, 'subs');
for (let i = 1; i <= N; i++) cpSync(join(PROJECT_ROOT, 'tests/fixtures/trivial/passes'), join(subs, `Group ${i} - trivial`), { recursive: true });

const machine = machineLine();
const ctx = await createContext({ rubric: join(PROJECT_ROOT, 'tests/fixtures/rubrics/trivial.yaml'), out: join(root, 'out'), runner: 'sandbox', log: () => {} });
const { results } = await gradeBatch(discoverSubmissions([subs]), ctx, { jobs: 1, force: true });
const total = results.map((r) => (Date.parse(r.provenance.finishedAt) - Date.parse(r.provenance.startedAt)) / 1000);
const python = results.map((r) => r.runs.reduce((a, run) => a + run.wallSeconds, 0));
const overhead = total.map((t, i) => t - python[i]!);
const statuses = [...new Set(results.map((r) => r.status))].join(',');
// The same two scripts run bare (no sandbox, no trace): what the submission itself costs.
const bare: number[] = [];
for (let i = 0; i < N; i++) {
  const out = join(root, `bare-${i}`);
  mkdirSync(out);
  const t0 = performance.now();
  const sub = join(PROJECT_ROOT, 'tests/fixtures/trivial/passes');
  spawnSync('/usr/bin/python3', ['train.py', '--data', ctx.data.trainView, '--out', join(out, 'model')], { cwd: sub, env: { PYTHONDONTWRITEBYTECODE: '1' } });
  spawnSync('/usr/bin/python3', ['predict.py', '--model', join(out, 'model'), '--images', ctx.data.hiddenTest, '--out', join(out, 'p.csv')], { cwd: sub, env: { PYTHONDONTWRITEBYTECODE: '1' } });
  bare.push((performance.now() - t0) / 1000);
}
const otter = await timeOtter(N, root);
rmSync(root, { recursive: true, force: true });

const rows = [
  `| medgrade grade (sandbox, strace on) | ${median(total).toFixed(2)} s | ${median(bare).toFixed(2)} s bare (${median(python).toFixed(2)} s inside the sandbox) | **${(median(total) - median(bare)).toFixed(2)} s** (${median(overhead).toFixed(2)} s outside the phases) |`,
  otter.ok
    ? `| otter run ${otter.version} (local Python, no isolation) | ${otter.median.toFixed(2)} s | not separable | — |`
    : `| otter run | not measured: ${otter.reason} | | |`,
];
const body = `Measured ${machine}; ${N} trivial submissions each, one at a time (statuses: ${statuses}).

| tool | median wall time per submission | of which the submission's Python | harness overhead |
| --- | --- | --- | --- |
${rows.join('\n')}

Target: medgrade's overhead ≤ 1.5 s per submission. The overhead is the result's wall time minus the same
two scripts run bare with the same Python on the same data; in brackets, the part spent outside the phases
(unpack, validate, static leakage analysis, collect, checks, scoring, result writing), the rest being sandbox,
cgroup and strace set-up. The hidden data are prepared once per batch and not counted. Otter's figure is the whole
\`otter run\` of one trivial notebook (one test), since its own overhead cannot be separated from the notebook run.`;
console.log(body);
writeBenchmarkSection('Harness overhead per submission', body);
