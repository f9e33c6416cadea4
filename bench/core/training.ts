/**
 * One run comparing training speed: medgrade's tfjs backend (selectBackend) vs PyTorch (1 thread)
 * vs Keras (1 thread, and 2 threads for information), on the FACTS.md CNN (512×64×64×1, batch 32)
 * and a 3-level U-Net (base 16, 64×64×64×1, batch 8), one epoch each after one warm-up batch.
 *
 *   npx tsx bench/core/training.ts [--write] [--cpu]
 * --write replaces the "## Training backends" section of docs/BENCHMARKS.md; --cpu adds tfjs-cpu.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { selectBackend } from '../../reference/core/backend.js';
import { buildSmallCnn, buildUnet2d } from '../../reference/core/probe-models.js';
import { createRng, seededInit } from '../../reference/core/seed.js';

const run = promisify(execFile);
const here = path.dirname(new URL(import.meta.url).pathname);
const TORCH_PY = '/usr/bin/python3', KERAS_PY = '/tmp/venvtest/env/bin/python';

interface Timing { model: 'cnn' | 'unet'; framework: string; threads: number; version: string; seconds: number; samples: number }

function randomData(n: number, shape: number[], yShape: number[], seed: number): [tf.Tensor, tf.Tensor] {
  const rng = createRng(seed);
  const size = (s: number[]): number => s.reduce((a, b) => a * b, n);
  const x = tf.tensor(Float32Array.from({ length: size(shape) }, () => rng.normal()), [n, ...shape]);
  const y = tf.tensor(Float32Array.from({ length: size(yShape) }, () => (rng.next() < 0.5 ? 0 : 1)), [n, ...yShape]);
  return [x, y];
}

async function timeTfjs(model: LayersModel, x: tf.Tensor, y: tf.Tensor, batch: number): Promise<number> {
  const [xb, yb] = [tf.slice(x, 0, batch), tf.slice(y, 0, batch)];
  await model.trainOnBatch(xb, yb); // warm-up, as in the Python scripts
  tf.dispose([xb, yb]);
  const t0 = performance.now();
  await model.fit(x, y, { batchSize: batch, epochs: 1, shuffle: false, verbose: 0 });
  return (performance.now() - t0) / 1000;
}

async function tfjsTimings(prefer?: 'cpu'): Promise<Timing[]> {
  const choice = await selectBackend(prefer ? { prefer } : {});
  const label = `tfjs-${choice.name}${choice.detail.simd ? ' (SIMD)' : ''} + medgrade kernels`;
  const out: Timing[] = [];
  const init = seededInit(createRng(0));
  {
    const [x, y] = randomData(512, [64, 64, 1], [1], 1);
    const model = buildSmallCnn(init, 64);
    out.push({ model: 'cnn', framework: label, threads: 1, version: tf.version_core, seconds: await timeTfjs(model, x, y, 32), samples: 512 });
    tf.dispose([x, y]); model.dispose();
  }
  {
    const [x, y] = randomData(64, [64, 64, 1], [64, 64, 1], 2);
    const model = buildUnet2d(init, 64, 16);
    out.push({ model: 'unet', framework: label, threads: 1, version: tf.version_core, seconds: await timeTfjs(model, x, y, 8), samples: 64 });
    tf.dispose([x, y]); model.dispose();
  }
  return out;
}

async function python(exe: string, script: string, threads: number): Promise<Timing[]> {
  if (!existsSync(exe)) { console.warn(`skipped ${script}: ${exe} not found`); return []; }
  const env = { ...process.env, OMP_NUM_THREADS: String(threads), TF_CPP_MIN_LOG_LEVEL: '2' };
  const { stdout } = await run(exe, [path.join(here, script), String(threads)], { env, timeout: 600_000 });
  return stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Timing);
}

function table(rows: Timing[]): string {
  const keras = (m: string): number | undefined => rows.find((r) => r.model === m && r.framework === 'keras' && r.threads === 1)?.seconds;
  const lines = ['| model | framework | threads | s/epoch | samples/s | speed vs Keras 1 thread |', '| --- | --- | --- | --- | --- | --- |'];
  for (const r of rows) {
    const k = keras(r.model);
    const ratio = k ? `${(k / r.seconds).toFixed(2)}×` : 'n/a';
    lines.push(`| ${r.model === 'cnn' ? 'CNN 512×64² b32' : 'U-Net 64×64² b8'} | ${r.framework} ${r.version} | ${r.threads} | ${r.seconds.toFixed(2)} | ${(r.samples / r.seconds).toFixed(0)} | ${ratio} |`);
  }
  return lines.join('\n');
}

async function machine(): Promise<string> {
  const { stdout } = await run('lscpu', []);
  const model = /Model name:\s*(.+)/.exec(stdout)?.[1]?.trim() ?? 'unknown CPU';
  return `${model}, ${os.cpus().length} cores, Node ${process.version}`;
}

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const loadBefore = os.loadavg()[0]!;
  const rows: Timing[] = [...await tfjsTimings()];
  if (args.has('--cpu')) rows.push(...await tfjsTimings('cpu'));
  rows.push(...await python(TORCH_PY, 'torch_bench.py', 1));
  rows.push(...await python(KERAS_PY, 'keras_bench.py', 1));
  rows.push(...await python(KERAS_PY, 'keras_bench.py', 2));
  const loadAfter = os.loadavg()[0]!;
  const md = table(rows);
  const stamp = `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${await machine()}; ` +
    `1-minute load average ${loadBefore.toFixed(1)} before and ${loadAfter.toFixed(1)} after the run` +
    (Math.max(loadBefore, loadAfter) > 1.5 ? ' (the machine was NOT idle: other jobs shared the 2 cores, so every number is pessimistic and noisy).' : '.');
  console.log(`${stamp}\n\n${md}`);
  console.log(JSON.stringify(rows));
  if (args.has('--write')) await writeSection(`${stamp}\n\n${md}\n`);
}

/** Replaces only the generated table block inside "## Training backends"; the prose around it is kept. */
async function writeSection(block: string): Promise<void> {
  const file = path.resolve(here, '..', '..', 'docs', 'BENCHMARKS.md');
  const text = await readFile(file, 'utf8');
  const begin = '<!-- bench/core/training.ts begin -->', end = '<!-- bench/core/training.ts end -->';
  const i = text.indexOf(begin), j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`${file} lacks the ${begin} … ${end} markers`);
  await writeFile(file, text.slice(0, i + begin.length) + '\n' + block + text.slice(j));
}

await main();
