import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLocalRunner, mapToHost } from '../../harness/runners/local.js';
import { getRunner } from '../../harness/runners/registry.js';
import { MedgradeError } from '../../harness/errors.js';
import { pySpec, scratch } from './helpers.js';

describe('local runner', () => {
  it('maps sandbox paths to host paths by the longest mount prefix', () => {
    const mounts = [{ host: '/h/work', target: '/work' }, { host: '/h/nbdata', target: '/work/nb/data' }];
    expect(mapToHost('/work/nb/data/x.png', mounts)).toBe('/h/nbdata/x.png');
    expect(mapToHost('/work/train.py', mounts)).toBe('/h/work/train.py');
    expect(mapToHost('--out=/work/o.csv', mounts)).toBe('--out=/h/work/o.csv');
    expect(mapToHost('/workshop', mounts)).toBe('/workshop');
  });

  it('runs the same spec with host paths, a cleared environment and no isolation', async () => {
    const s = scratch();
    writeFileSync(join(s.data, 'in.txt'), 'data!');
    process.env.MEDGRADE_SECRET_TEST = 'leak';
    // The local runner maps argv, env and workdir (not paths inside code), so the
    // sandbox paths travel through argv as in a real phase command.
    const spec = pySpec('', s.mounts);
    spec.command = ['python', '-c', 'import os,sys\nprint(open(sys.argv[1]).read(), os.getcwd() == os.environ["MYDIR"], "MEDGRADE_SECRET_TEST" in os.environ)\nopen(sys.argv[2],"w").write("done")', '/data/in.txt', '/out/o.txt'];
    spec.env = { MYDIR: '/work' };
    const runner = createLocalRunner();
    expect(runner.isolated).toBe(false);
    const { record } = await runner.run(spec);
    delete process.env.MEDGRADE_SECRET_TEST;
    expect(record.stdoutTail).toBe(`data! True False\n`);
    expect(record.exitCode).toBe(0);
    expect(record.isolation).toEqual([]);
    expect(readFileSync(join(s.out, 'o.txt'), 'utf8')).toBe('done');
  });

  it('kills the whole process group at the wall-clock limit', async () => {
    const s = scratch();
    const spec = { ...pySpec('', s.mounts, { wallSeconds: 1 }), command: ['/bin/sh', '-c', 'sleep 30 & sleep 30; echo never'] };
    const { record } = await createLocalRunner().run(spec);
    expect(record.timedOut).toBe(true);
    expect(record.wallSeconds).toBeLessThan(5);
    expect(record.stdoutTail).toBe('');
  });
});

describe('runner registry', () => {
  it('returns local, sandbox and docker runners, and refuses slurm (a batch runner, not a phase runner)', () => {
    expect(getRunner('local').name).toBe('local');
    expect(getRunner('sandbox').isolated).toBe(true);
    expect(getRunner('docker')).toMatchObject({ name: 'docker', isolated: true });
    expect(() => getRunner('slurm')).toThrow(MedgradeError);
    expect(() => getRunner('slurm')).toThrow(/batch runner/);
  });
});
