import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { getRunner } from '../../harness/runners/registry.js';
import { gradebookCsv } from '../../harness/report/gradebook.js';
import type { Result } from '../../harness/schema/result.js';
import { cohort, context, grade, groupDir, kinds, LIMITS, printed, redteamRubric, verdict } from './helpers.js';

/**
 * Each hostile fixture is graded twice in one batch beside a good submission:
 * under `local` (no isolation: the attack must really work there, so a fixture
 * that merely crashes cannot pass) and under `sandbox` (it must fail and be named
 * in a finding). The good submission must get the same verdict as when graded alone.
 */
interface Attack {
  name: string;
  /** Positive control under the local runner. */
  local: (r: Result, env: Env) => void;
  /** Containment under the sandbox. */
  sandbox: (r: Result, env: Env) => void;
  /** The finding kinds the sandboxed result must carry. */
  kinds: string[];
  /** Where the docker runner contains the attack differently (no peak memory, per-file disk limit). */
  docker?: (r: Result, env: Env) => void;
  /** A known hole, per runner: the test is marked as expected to fail (it.fails) and the reason printed. */
  gap?: { docker?: string };
}
interface Env { hits: string[]; out: string }

const secs = (r: Result, phase = 'train') => r.runs.find((x) => x.phase === phase)!;

export const ATTACKS: Attack[] = [
  { name: 'read-hidden-labels', kinds: ['runtime-access'],
    local: (r) => { expect(printed(r)).toMatch(/MEDGRADE-EVIDENCE labels-found [1-9]/); expect(r.metrics.roc_auc).toBe(1); },
    sandbox: (r) => { expect(printed(r)).not.toContain('MEDGRADE-EVIDENCE'); expect(r.metrics.roc_auc).toBe(0.5); } },
  { name: 'snoop-host', kinds: ['write-attempt'],
    local: (r) => { const p = printed(r); expect(p).toContain('MEDGRADE-EVIDENCE harness-seen'); expect(p).toMatch(/MEDGRADE-EVIDENCE other-submissions [1-9]/); expect(p).toContain('MEDGRADE-EVIDENCE stashed'); },
    sandbox: (r) => { expect(printed(r)).not.toContain('MEDGRADE-EVIDENCE'); } },
  { name: 'network-exfil', kinds: ['network-attempt'],
    local: (r, env) => { expect(printed(r)).toContain('MEDGRADE-EVIDENCE sent'); expect(env.hits.some((h) => h.includes('/exfil'))).toBe(true); },
    sandbox: (r, env) => { expect(printed(r)).not.toContain('MEDGRADE-EVIDENCE'); expect(env.hits).toEqual([]); } },
  { name: 'fork-bomb', kinds: ['run-crash'],
    local: (r) => expect(printed(r)).toContain('MEDGRADE-EVIDENCE forks 150'),
    sandbox: (r) => { const n = Number(/MEDGRADE-EVIDENCE forks (\d+)/.exec(printed(r))?.[1]); expect(n).toBeLessThan(LIMITS.pids); expect(printed(r)).toMatch(/BlockingIOError|Resource temporarily unavailable/); } },
  { name: 'memory-hog', kinds: ['run-oom'],
    local: (r) => expect(printed(r)).toContain('MEDGRADE-EVIDENCE allocated-mb 600'),
    sandbox: (r) => { expect(printed(r)).not.toContain('MEDGRADE-EVIDENCE'); expect(secs(r).oomKilled).toBe(true); expect(secs(r).peakMemoryMb!).toBeLessThanOrEqual(LIMITS.memoryMb + 1); },
    docker: (r) => { expect(printed(r)).not.toContain('MEDGRADE-EVIDENCE'); expect(secs(r).oomKilled).toBe(true); } },
  { name: 'cpu-spin', kinds: ['run-timeout'],
    local: (r) => { expect(secs(r).signal).not.toBe('SIGXCPU'); expect(secs(r).wallSeconds).toBeGreaterThanOrEqual(LIMITS.wallSeconds); },
    // Under load the wall clock may come first (SIGKILL); either way the CPU used stays near the limit.
    sandbox: (r) => { expect(secs(r).timedOut).toBe(true); expect(['SIGXCPU', 'SIGKILL']).toContain(secs(r).signal); expect(secs(r).cpuSeconds!).toBeLessThan(LIMITS.cpuSeconds + 1.5); expect(secs(r).wallSeconds).toBeLessThan(LIMITS.wallSeconds + 3); } },
  { name: 'ignore-sigterm', kinds: ['run-timeout'],
    local: (r) => { expect(printed(r)).toContain('MEDGRADE-EVIDENCE ignoring-sigterm'); expect(secs(r).timedOut).toBe(true); expect(secs(r).wallSeconds).toBeLessThan(LIMITS.wallSeconds + 5); },
    sandbox: (r) => { expect(secs(r).timedOut).toBe(true); expect(secs(r).wallSeconds).toBeLessThan(LIMITS.wallSeconds + 5); } },
  { name: 'disk-fill', kinds: ['run-crash'],
    local: (r) => expect(printed(r)).toContain('MEDGRADE-EVIDENCE written-mb 192'),
    sandbox: (r) => { const mb = Number(/MEDGRADE-EVIDENCE written-mb (\d+)/.exec(printed(r))?.[1]); expect(mb).toBeLessThanOrEqual(LIMITS.diskMb); expect(printed(r)).toMatch(/No space left on device/); },
    // docker stages /out on a tmpfs of diskMb (as root) and also limits each file (RLIMIT_FSIZE).
    docker: (r) => { const mb = Number(/MEDGRADE-EVIDENCE written-mb (\d+)/.exec(printed(r))?.[1]); expect(mb).toBeLessThanOrEqual(LIMITS.diskMb); expect(printed(r)).toMatch(/File too large|No space left on device/); } },
  { name: 'disk-fill-many', kinds: ['run-crash'],
    local: (r) => expect(printed(r)).toContain('MEDGRADE-EVIDENCE written-mb 240'),
    sandbox: (r) => { const mb = Number(/MEDGRADE-EVIDENCE written-mb (\d+)/.exec(printed(r))?.[1]); expect(mb).toBeLessThanOrEqual(LIMITS.diskMb); expect(printed(r)).toMatch(/No space left on device/); } },
  { name: 'stdout-flood', kinds: ['output-limit'],
    local: (r) => expect(secs(r).stdoutBytes).toBeGreaterThanOrEqual(64 * 1024 * 1024),
    sandbox: (r) => { expect(secs(r).stdoutBytes).toBeGreaterThanOrEqual(64 * 1024 * 1024); expect(secs(r).stdoutTail.length).toBeLessThanOrEqual(LIMITS.logBytes); expect(r.criteria.find((c) => c.id === 'code')!.points).toBe(10); } },
  { name: 'many-files', kinds: ['output-limit'],
    local: (r) => expect(printed(r)).toContain('MEDGRADE-EVIDENCE past-the-cap'),
    sandbox: (r) => expect(r.findings.find((f) => f.kind === 'output-limit' && f.file === 'train')!.message).toMatch(/10000 files/) },
  { name: 'output-links', kinds: ['output-escape'],
    local: (r) => expect(printed(r)).toContain('MEDGRADE-EVIDENCE symlinks'),
    sandbox: (r, env) => { expect(JSON.stringify(r)).not.toContain('root:x:0:0'); expect(existsSync(join(env.out, r.submission, 'predictions.csv'))).toBe(false); } },
  { name: 'predictions-formula', kinds: ['predictions-malformed'],
    local: (r) => expect(printed(r)).toContain('MEDGRADE-EVIDENCE formulas-written'),
    sandbox: (r) => { for (const line of gradebookCsv([r]).split(/\r?\n/)) for (const cell of line.split(',')) expect(cell).not.toMatch(/^"?[=+@]/); } },
  { name: 'predictions-binary', kinds: ['predictions-malformed'],
    local: (r) => expect(printed(r)).toContain('MEDGRADE-EVIDENCE binary-written'),
    sandbox: (r) => expect(r.findings.find((f) => f.kind === 'predictions-malformed')!.message).toMatch(/not UTF-8/) },
  { name: 'predictions-huge', kinds: ['predictions-malformed'],
    local: (r) => expect(printed(r)).toContain('MEDGRADE-EVIDENCE huge-written'),
    sandbox: (r) => expect(r.findings.find((f) => f.kind === 'predictions-malformed')!.message).toMatch(/over the [\d.]+ MB limit; it was not read/) },
  { name: 'tamper-model', kinds: ['write-attempt'],
    local: (r) => expect(printed(r)).toContain('MEDGRADE-EVIDENCE model-rewritten'),
    sandbox: (r) => expect(printed(r)).not.toContain('MEDGRADE-EVIDENCE') },
  { name: 'tamper-results', kinds: ['write-attempt'],
    local: (r, env) => { expect(printed(r)).toMatch(/MEDGRADE-EVIDENCE tampered [1-9]/); expect(existsSync(join(env.out, 'PWNED'))).toBe(true); },
    sandbox: (r, env) => { expect(printed(r)).not.toContain('MEDGRADE-EVIDENCE'); expect(existsSync(join(env.out, 'PWNED'))).toBe(false); } },
];

const sandboxOk = await getRunner('sandbox').available();
if (!sandboxOk.ok) console.warn(`red-team attacks skipped: the sandbox cannot run here (${sandboxOk.reason})`);

function startServer(hits: string[]): Promise<Server> {
  const server = createServer((req, res) => { hits.push(req.url ?? ''); res.end('ok'); });
  return new Promise((res) => server.listen(0, '127.0.0.1', () => res(server)));
}

interface Batch { local: Map<number, Result>; contained: Map<number, Result>; solo: Result; localOut: string; containedOut: string; localHits: string[]; containedHits: string[]; groupOf: Map<string, number> }

/** Grades the hostile cohort under local, then under `runner`, then the good submission alone under `runner`. */
async function gradeAll(runner: 'sandbox' | 'docker'): Promise<Batch & { server: Server }> {
  const localHits: string[] = []; const containedHits: string[] = [];
  let phase: 'local' | 'contained' = 'local';
  const server = await startServer([]);
  server.removeAllListeners('request');
  server.on('request', (req, res) => { (phase === 'local' ? localHits : containedHits).push(req.url ?? ''); res.end('ok'); });
  const port = (server.address() as { port: number }).port;
  const rubric = redteamRubric();
  const c = cohort(ATTACKS.map((a) => a.name));
  writeFileSync(join(groupDir(c.dir, c.groupOf.get('network-exfil')!, 'network-exfil'), 'port.txt'), String(port));
  const localCtx = await context(rubric, 'local', false);
  const local = await grade(localCtx, c.dir);
  phase = 'contained';
  const ctx = await context(rubric, runner, true);
  const contained = await grade(ctx, c.dir);
  const solo = (await grade(await context(rubric, runner, true), cohort([]).dir)).get(1)!;
  return { server, local, contained, solo, localOut: localCtx.outRoot, containedOut: ctx.outRoot, localHits, containedHits, groupOf: c.groupOf };
}

function suite(runner: 'sandbox' | 'docker') {
  let b: Batch & { server: Server };
  beforeAll(async () => { b = await gradeAll(runner); }, 400_000);
  afterAll(() => { b?.server.close(); });

  for (const attack of ATTACKS) {
    const gap = runner === 'docker' ? attack.gap?.docker : undefined;
    if (gap) console.warn(`known gap, ${attack.name} under ${runner}: ${gap}`);
    (gap ? it.fails : it)(`${attack.name}: works unisolated, fails under ${runner}, named ${attack.kinds.join('+')}${gap ? ' (KNOWN GAP: expected to fail)' : ''}`, () => {
      const g = b.groupOf.get(attack.name)!;
      attack.local(b.local.get(g)!, { hits: b.localHits, out: b.localOut });
      const r = b.contained.get(g)!;
      const check = runner === 'docker' && attack.docker ? attack.docker : attack.sandbox;
      check(r, { hits: b.containedHits, out: b.containedOut });
      for (const k of attack.kinds) expect(kinds(r), `${attack.name} kinds`).toContain(k);
    });
  }

  it('the good submission is graded in the hostile batch exactly as alone', () => {
    expect(b.solo.status).toBe('graded');
    expect(b.solo.criteria.find((c) => c.id === 'code')!.points).toBe(10);
    expect(verdict(b.contained.get(1)!)).toEqual(verdict(b.solo));
    // Its result on disk is the one returned: no attacker rewrote it.
    const onDisk = JSON.parse(readFileSync(join(b.containedOut, b.contained.get(1)!.submission, 'result.json'), 'utf8')) as Result;
    expect(verdict(onDisk)).toEqual(verdict(b.solo));
  });
}

describe.skipIf(!sandboxOk.ok)('hostile submissions: local (positive control) vs sandbox (contained)', () => suite('sandbox'));

let dockerOk: { ok: boolean; reason?: string };
try { dockerOk = await getRunner('docker').available(); } catch (e) { dockerOk = { ok: false, reason: (e as Error).message }; }
if (!dockerOk.ok) console.warn(`red-team attacks under docker skipped: ${dockerOk.reason}`);
describe.skipIf(!dockerOk.ok || process.env.MEDGRADE_REDTEAM_DOCKER === '0')('hostile submissions: local (positive control) vs docker (contained)', () => suite('docker'));
