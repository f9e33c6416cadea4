// Run by orphan.test.ts: starts a long sandboxed phase (and a traced one) and waits; the test SIGKILLs this process.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createSandboxRunner } from '../../harness/runners/sandbox.js';
import { pySpec } from './helpers.js';

const token = process.argv[2]!;
const root = process.argv[3]!;
for (const d of ['work', 'data', 'out']) mkdirSync(join(root, d));
const mounts = [
  { host: join(root, 'work'), target: '/work' },
  { host: join(root, 'data'), target: '/data' },
  { host: join(root, 'out'), target: '/out', writable: true },
];
const runner = createSandboxRunner({ workRoot: join(root, 'wr') });
const spec = (trace: boolean) => ({ ...pySpec('import time; time.sleep(120)', mounts, { wallSeconds: 120 }, trace), command: ['python', '-c', 'import time; time.sleep(120)', token] });
void runner.run(spec(false));
void runner.run(spec(true));
setInterval(() => {}, 1000);
