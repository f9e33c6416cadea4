import { parentPort } from 'node:worker_threads';
import { hashOne } from './hasher.js';

// Each message is a batch of file paths; the reply is their hashes in the same order.
parentPort?.on('message', (files: string[]) => {
  parentPort?.postMessage(files.map(hashOne));
});
