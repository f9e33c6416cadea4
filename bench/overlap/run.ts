/**
 * Near-duplicate benchmark: medgrade's overlap search against imagededup (PHash).
 *   npx tsx bench/overlap/run.ts [--count 20000] [--per-kind 200] [--workers 2] [--seed 1]
 *        [--root /tmp/medgrade-overlap-bench] [--venv .medgrade/imagededup-venv] [--no-peer] [--json FILE] [--generate-only]
 * Prints a Markdown summary; --json writes the full numbers.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findNearDuplicates } from '../../harness/checks/overlap/near.js';
import { KINDS, type Kind, type Manifest } from './dataset.js';
import { generateDataset } from './generate.js';

interface Args { generateOnly: boolean; count: number; perKind: number; workers: number; seed: number; root: string; venv: string; peer: boolean; json: string | null }

function parseArgs(argv: string[]): Args {
  const get = (flag: string): string | undefined => { const i = argv.indexOf(flag); return i >= 0 ? argv[i + 1] : undefined; };
  const count = Number(get('--count') ?? 20000);
  return {
    generateOnly: argv.includes('--generate-only'),
    count,
    perKind: Number(get('--per-kind') ?? Math.min(200, Math.floor(count / 50))),
    workers: Number(get('--workers') ?? 2),
    seed: Number(get('--seed') ?? 1),
    root: get('--root') ?? '/tmp/medgrade-overlap-bench',
    venv: get('--venv') ?? '.medgrade/imagededup-venv',
    peer: !argv.includes('--no-peer'),
    json: get('--json') ?? null,
  };
}

export interface Score { recall: Record<Kind, number>; found: Record<Kind, number>; falsePairs: number; totalPairs: number }

/** Recall per alteration kind and the number of reported pairs that were not planted. */
export function score(manifest: Manifest, pairs: [string, string][]): Score {
  const key = (a: string, b: string): string => [path.basename(a), path.basename(b)].sort().join('|');
  const reported = new Set(pairs.map(([a, b]) => key(a, b)));
  const planted = new Set(manifest.pairs.map((p) => key(p.base, p.copy)));
  const found = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;
  for (const p of manifest.pairs) if (reported.has(key(p.base, p.copy))) found[p.kind]++;
  const recall = Object.fromEntries(KINDS.map((k) => [k, found[k] / manifest.perKind])) as Record<Kind, number>;
  let falsePairs = 0;
  for (const r of reported) if (!planted.has(r)) falsePairs++;
  return { recall, found, falsePairs, totalPairs: reported.size };
}

async function timeMedgrade(images: string, files: string[], workers: number): Promise<{ seconds: number; hashMs: number; searchMs: number; pairs: [string, string][]; unreadable: number }> {
  const t0 = performance.now();
  const res = await findNearDuplicates(files.map((f) => path.join(images, f)), { workers });
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, hashMs: res.ms.hash, searchMs: res.ms.search, pairs: res.pairs.map((p) => [p.a, p.b]), unreadable: res.files.filter((f) => !f.ok).length };
}

function timePeer(args: Args, images: string): { seconds: number; wallSeconds: number; pairs: [string, string][] } | { error: string } {
  const python = path.join(args.venv, 'bin', 'python');
  if (!existsSync(python)) return { error: `no imagededup venv at ${args.venv} (see bench/overlap/README.md)` };
  const out = path.join(os.tmpdir(), `imagededup-${process.pid}.json`);
  const t0 = performance.now();
  const r = spawnSync(python, [path.join(import.meta.dirname, 'imagededup_run.py'), images, out, String(args.workers)], {
    encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' }, maxBuffer: 64 * 1024 * 1024,
  });
  const wallSeconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) return { error: `imagededup failed (${r.status}): ${(r.stderr ?? '').slice(-2000)}` };
  const parsed = JSON.parse(readFileSync(out, 'utf8')) as { seconds: number; pairs: [string, string][] };
  return { seconds: parsed.seconds, wallSeconds, pairs: parsed.pairs };
}

function machine(): { cpu: string; cores: number; load: number[] } {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    cpu = /Model name:\s*(.+)/.exec(execFileSync('lscpu', { encoding: 'utf8' }))?.[1]?.trim() ?? cpu;
  } catch { /* lscpu missing: keep os.cpus() */ }
  return { cpu, cores: os.availableParallelism(), load: os.loadavg().map((l) => Math.round(l * 100) / 100) };
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const gen = await generateDataset(args.root, args.count, args.perKind, args.seed, args.workers);
  const images = path.join(gen.dir, 'images');
  if (args.generateOnly) {
    console.log(`${gen.dir}: ${args.count} files, ${gen.reused ? 'reused' : `generated in ${(gen.ms / 1000).toFixed(1)} s`}`);
    return;
  }
  const before = machine();
  const ours = await timeMedgrade(images, gen.manifest.files, args.workers);
  const peer = args.peer ? timePeer(args, images) : { error: 'skipped (--no-peer)' };
  const oursAgain = await timeMedgrade(images, gen.manifest.files, args.workers);
  const after = machine();
  const oursScore = score(gen.manifest, ours.pairs);
  const peerScore = 'pairs' in peer ? score(gen.manifest, peer.pairs) : null;
  const result = {
    date: new Date().toISOString(), machine: { ...before, loadAfter: after.load }, workers: args.workers,
    dataset: { dir: gen.dir, count: args.count, perKind: args.perKind, seed: args.seed, generateMs: gen.ms, reused: gen.reused },
    medgrade: { seconds: [ours.seconds, oursAgain.seconds], hashMs: ours.hashMs, searchMs: ours.searchMs, unreadable: ours.unreadable, ...oursScore },
    imagededup: 'pairs' in peer ? { seconds: peer.seconds, wallSeconds: peer.wallSeconds, ...peerScore } : peer,
  };
  if (args.json) writeFileSync(args.json, JSON.stringify(result, null, 2));
  const best = Math.min(ours.seconds, oursAgain.seconds);
  const lines = [
    `date ${result.date}; ${before.cpu}, ${before.cores} cores; load ${before.load.join('/')} before, ${after.load.join('/')} after`,
    `${args.count} images (${args.perKind} planted pairs × ${KINDS.length} kinds), ${args.workers} workers each; set ${gen.reused ? 'reused' : `generated in ${(gen.ms / 1000).toFixed(1)} s`}`,
    '',
    '| tool | seconds | ' + KINDS.join(' | ') + ' | false pairs |',
    '| --- | --- | ' + KINDS.map(() => '---').join(' | ') + ' | --- |',
    `| medgrade | ${ours.seconds.toFixed(2)} / ${oursAgain.seconds.toFixed(2)} (hash ${(ours.hashMs / 1000).toFixed(2)}, search ${(ours.searchMs / 1000).toFixed(2)}) | ${KINDS.map((k) => pct(oursScore.recall[k])).join(' | ')} | ${oursScore.falsePairs} |`,
    peerScore && 'pairs' in peer
      ? `| imagededup PHash (≤10) | ${peer.seconds.toFixed(2)} (process ${peer.wallSeconds.toFixed(2)}) | ${KINDS.map((k) => pct(peerScore.recall[k])).join(' | ')} | ${peerScore.falsePairs} |`
      : `| imagededup | ${'error' in peer ? peer.error : ''} |`,
    '',
    'pairs' in peer ? `speed-up (imagededup find_duplicates ÷ best medgrade run): ${(peer.seconds / best).toFixed(1)}×` : '',
  ];
  console.log(lines.join('\n'));
}

await main();
