import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { planDataset, type Manifest } from './dataset.js';

/**
 * Writes the benchmark set under `root` (a /tmp folder), in `workers` threads.
 * A complete earlier set with the same parameters is reused: generation is
 * deterministic, so regenerating would only burn the shared CPU.
 */
export async function generateDataset(root: string, count: number, perKind: number, seed: number, workers: number): Promise<{ dir: string; manifest: Manifest; ms: number; reused: boolean }> {
  const dir = path.join(root, `n${count}-k${perKind}-s${seed}`);
  const manifestPath = path.join(dir, 'manifest.json');
  if (existsSync(manifestPath)) {
    return { dir, manifest: JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest, ms: 0, reused: true };
  }
  rmSync(dir, { recursive: true, force: true });
  const images = path.join(dir, 'images');
  mkdirSync(images, { recursive: true });
  const { jobs, manifest } = planDataset(count, perKind, seed);
  const t0 = performance.now();
  const shares = Array.from({ length: workers }, (_, w) => jobs.filter((_, i) => i % workers === w));
  await Promise.all(shares.map((share) => new Promise<void>((resolve, reject) => {
    const worker = new Worker(new URL('./gen-worker-entry.mjs', import.meta.url), { workerData: { dir: images, jobs: share } });
    worker.on('message', () => resolve());
    worker.on('error', reject);
  })));
  // the manifest goes last: its presence marks a complete set
  writeFileSync(manifestPath, JSON.stringify(manifest));
  return { dir, manifest, ms: Math.round(performance.now() - t0), reused: false };
}
