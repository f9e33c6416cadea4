import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { renderJob, type Job } from './dataset.js';

// Writes its share of the dataset; workerData = {dir, jobs}.
const { dir, jobs } = workerData as { dir: string; jobs: Job[] };
for (const job of jobs) writeFileSync(path.join(dir, job.name), renderJob(job));
parentPort?.postMessage(jobs.length);
