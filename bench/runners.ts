// Runner costs on trivial submissions: the docker runner's extra time per submission
// over the sandbox (median of N, one at a time), and Slurm's time from sbatch to all
// results for M submissions (inner runner sandbox, single-node cluster).
// Needs scripts/ci/docker.sh start and scripts/ci/slurm.sh start; a missing one is reported, not faked.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverSubmissions } from '../harness/intake/discover.js';
import { createContext } from '../harness/context.js';
import { gradeBatch } from '../harness/batch.js';
import { connectDocker, engineProblem } from '../harness/image/engine.js';
import { submitBatch } from '../harness/runners/slurm/index.js';
import { PROJECT_ROOT } from '../harness/version.js';
import { machineLine, median, writeBenchmarkSection } from './lib/doc.js';

const N = Number(process.env.BENCH_COUNT ?? 20);
const M = Number(process.env.BENCH_SLURM_COUNT ?? 20);
const RUBRIC = join(PROJECT_ROOT, 'tests/fixtures/rubrics/trivial.yaml');
const root = mkdtempSync(join(tmpdir(), 'bench-runners-'));
function cohort(name: string, n: number): string {
  const dir = join(root, name);
  for (let i = 1; i <= n; i++) cpSync(join(PROJECT_ROOT, 'tests/fixtures/trivial/passes'), join(dir, `Group ${i} - trivial`), { recursive: true });
  return dir;
}
const machine = machineLine();

async function perSubmission(runner: 'sandbox' | 'docker'): Promise<number[]> {
  const ctx = await createContext({ rubric: RUBRIC, out: join(root, `out-${runner}`), runner, python: '/usr/bin/python3', log: () => {} });
  const { results } = await gradeBatch(discoverSubmissions([cohort(`subs-${runner}`, N)]), ctx, { jobs: 1, force: true });
  const bad = results.filter((r) => r.status !== 'graded');
  if (bad.length) throw new Error(`${runner}: ${bad.length} submissions not graded (${bad[0]!.failure ?? bad[0]!.status})`);
  return results.map((r) => (Date.parse(r.provenance.finishedAt) - Date.parse(r.provenance.startedAt)) / 1000);
}

const lines: string[] = [];
const dockerProblem = await engineProblem(connectDocker());
if (dockerProblem) lines.push(`| docker overhead over sandbox | not measured: ${dockerProblem} | |`);
else {
  const sandbox = await perSubmission('sandbox');
  const docker = await perSubmission('docker');
  const over = median(docker) - median(sandbox);
  lines.push(`| sandbox, per submission (strace on) | ${median(sandbox).toFixed(2)} s | median of ${N} |`);
  lines.push(`| docker (hostusr image), per submission (strace on) | ${median(docker).toFixed(2)} s | median of ${N} |`);
  lines.push(`| **docker overhead over sandbox** | **${over.toFixed(2)} s** | target < 1.5 s |`);
}

const conf = process.env.SLURM_CONF ?? '/tmp/medgrade-slurm/slurm.conf';
let slurmProblem: string | null = null;
if (!process.env.SLURM_CONF && existsSync(conf)) process.env.SLURM_CONF = conf;
try { execFileSync('sinfo', ['-h'], { stdio: 'pipe' }); } catch { slurmProblem = 'no Slurm controller (scripts/ci/slurm.sh start)'; }
if (slurmProblem) lines.push(`| Slurm, sbatch to all results | not measured: ${slurmProblem} | |`);
else {
  const subs = cohort('subs-slurm', M);
  const t0 = Date.now();
  const res = await submitBatch([subs], { rubric: RUBRIC, out: join(root, 'out-slurm'), inner: 'sandbox', python: '/usr/bin/python3', report: false, pollMs: 250, log: () => {} });
  const seconds = (Date.now() - t0) / 1000;
  const nodeCpus = execFileSync('sinfo', ['-h', '-o', '%c']).toString().trim();
  lines.push(`| Slurm array job, ${M} submissions (inner sandbox, ${nodeCpus} CPUs on one node) | ${seconds.toFixed(1)} s | ${(seconds / M).toFixed(2)} s per submission; ${res.collected!.graded} graded, ${res.collected!.failed} failed |`);
}
rmSync(root, { recursive: true, force: true });

const body = `Measured ${machine}; trivial submissions (tests/fixtures/trivial/passes), rubric tests/fixtures/rubrics/trivial.yaml, Debian python3.

| what | time | note |
| --- | --- | --- |
${lines.join('\n')}

Per-submission time is the result's startedAt → finishedAt, graded one at a time (\`--jobs 1\`), so the
docker figure is the cost of two container starts (train, predict) plus staging and copying outputs,
over bubblewrap. The Slurm figure is wall time from submission (the host prepares the rubric, env and data
once, then sbatch) to the collected gradebook; each array task starts a fresh \`node bin/medgrade.mjs grade-one\`.`;
console.log(body);
writeBenchmarkSection('Runners', body);
