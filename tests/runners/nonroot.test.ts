import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createSandboxRunner } from '../../harness/runners/sandbox.js';

const isRoot = process.getuid?.() === 0;
const ok = isRoot && existsSync('/usr/bin/setpriv') && (await createSandboxRunner().available()).ok;
if (!ok) console.warn('non-root fallback test skipped: needs root (to drop to uid 65534), setpriv and bubblewrap');

describe.skipIf(!ok)('sandbox runner without root', () => {
  it('falls back to prlimit --fsize and says so in isolation', () => {
    const child = fileURLToPath(new URL('./nonroot-child.ts', import.meta.url));
    const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
    const out = execFileSync('/usr/bin/setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', tsx, child], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/tmp' }, timeout: 60_000,
    }).toString();
    const record = JSON.parse(out) as { stdoutTail: string; isolation: string[]; exitCode: number };
    expect(record.stdoutTail).toBe('EFBIG\n');
    expect(record.isolation).toContain('disk-fsize');
    expect(record.isolation).not.toContain('disk');
    // No cgroup write access as nobody: memory and pids are not claimed.
    expect(record.isolation).not.toContain('memory');
    expect(record.isolation).not.toContain('pids');
  });
});
