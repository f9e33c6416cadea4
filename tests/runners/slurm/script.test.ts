import { describe, expect, it } from 'vitest';
import { arrayScript } from '../../../harness/runners/slurm/script.js';
import { parseJobComp, parseTaskLines, isFinal } from '../../../harness/runners/slurm/states.js';

describe('slurm array script', () => {
  const base = {
    jobName: 'medgrade-covid', out: '/b/out', slurmDir: '/b/out/.slurm', inputsFile: '/b/out/.slurm/inputs.txt', tasks: 3,
    node: '/usr/bin/node', cli: '/p/bin/medgrade.mjs', rubric: "/p/rubrics/it's.yaml", inner: 'docker' as const,
  };
  it('has one task per submission and the asked Slurm options', () => {
    const s = arrayScript({ ...base, partition: 'gpu', gres: 'gpu:1', time: '00:30:00', parallel: 2 });
    expect(s).toContain('#SBATCH --array=0-2%2');
    expect(s).toContain('#SBATCH --partition=gpu');
    expect(s).toContain('#SBATCH --gres=gpu:1');
    expect(s).toContain('#SBATCH --time=00:30:00');
    expect(s).toContain("'--runner' 'docker'");
    expect(s).toContain(`'/p/rubrics/it'\\''s.yaml'`);
    expect(s).not.toContain('--gres=\n');
  });
  it('leaves out options that were not asked for', () => {
    const s = arrayScript(base);
    expect(s).not.toMatch(/--partition|--gres|--time|--array=0-2%/);
  });
});

describe('slurm states', () => {
  it('reads squeue and sacct task lines of this job only', () => {
    expect([...parseTaskLines('7_0 RUNNING\n7_1 PENDING\n8_0 RUNNING\n', '7', / /)]).toEqual([[0, 'RUNNING'], [1, 'PENDING']]);
    expect([...parseTaskLines('7_2|TIMEOUT\n7_3|CANCELLED by 0\n', '7', /\|/)]).toEqual([[2, 'TIMEOUT'], [3, 'CANCELLED']]);
  });
  it('reads array task states from the jobcomp text file', () => {
    const text = 'JobId=3 UserId=root(0) JobState=FAILED Partition=debug ArrayJobId=1 ArrayTaskId=1 ExitCode=3:0\n'
      + 'JobId=1 JobState=TIMEOUT ArrayJobId=1 ArrayTaskId=2\nJobId=9 JobState=COMPLETED ArrayJobId=5 ArrayTaskId=0\n';
    expect([...parseJobComp(text, '1')]).toEqual([[1, 'FAILED'], [2, 'TIMEOUT']]);
  });
  it('knows which states end a task', () => {
    expect(['COMPLETED', 'TIMEOUT', 'OUT_OF_MEMORY', 'CANCELLED+'].every(isFinal)).toBe(true);
    expect(['PENDING', 'RUNNING', 'COMPLETING'].some(isFinal)).toBe(false);
  });
});
