import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImage } from '../../../harness/image/build.js';
import { connectDocker } from '../../../harness/image/engine.js';
import { createDockerRunner } from '../../../harness/runners/docker/index.js';
import { dockerMissing } from './engine.js';

// About a minute and the Debian mirror: run with MEDGRADE_SLOW_TESTS=1.
const slow = process.env.MEDGRADE_SLOW_TESTS === '1';
if (!slow) console.warn('skipping the debootstrap image test: set MEDGRADE_SLOW_TESTS=1 (takes ~1 min, needs deb.debian.org)');
const missing = slow ? await dockerMissing() : 'not asked for';

describe.skipIf(missing)('debootstrap image', () => {
  it('builds a Debian minbase image with python3 and runs a phase in it without the host /usr', async () => {
    const env = { python: '3.11', kind: 'system' as const, allowed: {}, importNames: {}, alsoAllowed: [], install: [], images: {} };
    const img = await buildImage(env, { kind: 'debootstrap' });
    const info = await connectDocker().getImage(img.tag).inspect();
    expect(info.Size).toBeGreaterThan(50_000_000);
    const dir = mkdtempSync(join(tmpdir(), 'deboot-'));
    mkdirSync(join(dir, 'code'));
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'code', 'main.py'), 'import sys, os\nopen("/out/v.txt", "w").write(sys.version.split()[0])\nprint(os.path.exists("/usr/lib/python3/dist-packages/numpy"))');
    try {
      const runner = createDockerRunner({ image: img.tag, hostSystem: false });
      const o = await runner.run({
        phase: 'train', command: ['python', 'main.py'], workdir: '/work',
        mounts: [{ host: join(dir, 'code'), target: '/work' }, { host: join(dir, 'out'), target: '/out', writable: true }],
        env: {}, limits: { wallSeconds: 30, cpuSeconds: 30, memoryMb: 256, pids: 32, diskMb: 16, logBytes: 4096 },
        python: { executable: '/usr/bin/python3', roots: [], versions: {} }, trace: false,
      });
      expect(o.record.exitCode).toBe(0);
      // The host has Debian's numpy; a minbase image does not: proof the host /usr is not shared.
      expect(o.record.stdoutTail.trim()).toBe('False');
      expect(readFileSync(join(dir, 'out', 'v.txt'), 'utf8')).toMatch(/^3\.11\./);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
