// Run by nonroot.test.ts as uid 65534: one sandboxed phase, its outcome printed as JSON.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandboxRunner } from '../../harness/runners/sandbox.js';
import { pySpec } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'medgrade-nr-'));
for (const d of ['work', 'data', 'out']) mkdirSync(join(root, d));
const mounts = [
  { host: join(root, 'work'), target: '/work' },
  { host: join(root, 'data'), target: '/data' },
  { host: join(root, 'out'), target: '/out', writable: true },
];
const code = 'import errno\nf = open("/out/big", "wb")\ntry:\n f.write(b"0" * 20 * 1048576); f.flush()\nexcept OSError as e: print(errno.errorcode[e.errno])';
const outcome = await createSandboxRunner({ workRoot: join(root, 'wr') }).run(pySpec(code, mounts, { diskMb: 4 }));
process.stdout.write(JSON.stringify(outcome.record));
