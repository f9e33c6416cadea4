import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { hashOne, type HashedFile } from './hasher.js';

export interface HashFilesOptions {
  /** Worker threads for decoding and hashing; 0 or 1 runs inline. Default: all cores. */
  workers?: number;
  /** Files per message; small enough to balance, large enough to amortise messaging. */
  batch?: number;
}

/** Below this many files, starting workers costs more than it saves. */
const INLINE_BELOW = 64;

/** Decodes and hashes files, in worker threads when there are many; order is kept. */
export async function hashFiles(files: string[], opts: HashFilesOptions = {}): Promise<HashedFile[]> {
  const workers = Math.min(opts.workers ?? availableParallelism(), Math.ceil(files.length / INLINE_BELOW));
  if (workers <= 1) return files.map(hashOne);
  const batch = opts.batch ?? 32;
  const out: HashedFile[] = new Array(files.length);
  let next = 0;
  const runWorker = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url));
      let start = -1;
      const feed = (): void => {
        if (next >= files.length) {
          void worker.terminate().then(() => resolve());
          return;
        }
        start = next;
        next = Math.min(files.length, next + batch);
        worker.postMessage(files.slice(start, next));
      };
      worker.on('message', (results: HashedFile[]) => {
        results.forEach((r, k) => { out[start + k] = r; });
        feed();
      });
      worker.on('error', reject);
      feed();
    });
  await Promise.all(Array.from({ length: workers }, runWorker));
  return out;
}
