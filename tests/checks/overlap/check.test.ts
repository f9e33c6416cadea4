import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { phantom } from '../../../bench/overlap/phantom.js';
import { overlapCheck } from '../../../harness/checks/overlap/check.js';
import { runOverlapCommand } from '../../../harness/checks/overlap/command.js';
import { encodeGrayPng } from '../../../harness/checks/overlap/png.js';
import type { CheckInput } from '../../../harness/checks/types.js';
import { tempDir, writeFile, removeTempDirs } from './helpers.js';

afterAll(removeTempDirs);

function submissionAt(root: string): CheckInput {
  return {
    submission: { id: 's', group: 1, sources: [root], root, files: [], report: null, hash: '', findings: [], rejected: false },
    rubric: {} as CheckInput['rubric'],
  };
}

describe('overlap/splits check', () => {
  it('reports train/test duplicates as errors, train/val as warnings, and a corrupt PNG as unreadable-input', async () => {
    const root = tempDir('check');
    const a = encodeGrayPng(phantom(11)), b = encodeGrayPng(phantom(12));
    writeFile(path.join(root, 'data', 'train', 'one.png'), a);
    writeFile(path.join(root, 'data', 'train', 'two.png'), b);
    writeFile(path.join(root, 'data', 'test', 'one_copy.png'), a);
    writeFile(path.join(root, 'data', 'val', 'two_copy.png'), b);
    writeFile(path.join(root, 'data', 'test', 'broken.png'), Buffer.concat([a.subarray(0, 200), Buffer.alloc(50)]));
    const findings = await overlapCheck({ workers: 1 }).run(submissionAt(root));
    const summary = findings.map((f) => `${f.kind}:${f.severity}:${f.file}`).sort();
    expect(summary).toEqual([
      'duplicate:error:data/test/one_copy.png',
      'duplicate:warning:data/val/two_copy.png',
      'unreadable-input:warning:data/test/broken.png',
    ]);
    const dup = findings.find((f) => f.severity === 'error')!;
    expect(dup.message).toContain('data/train/one.png');
    expect(dup.message).toContain('data/test/one_copy.png');
    expect(dup.check).toBe('overlap/splits');
    expect(dup.fix.length).toBeGreaterThan(20);
  });

  it('finds nothing when the splits are clean, and nothing when there is one split', async () => {
    const root = tempDir('clean');
    writeFile(path.join(root, 'train', 'a.png'), encodeGrayPng(phantom(21)));
    writeFile(path.join(root, 'test', 'b.png'), encodeGrayPng(phantom(22)));
    expect(await overlapCheck({ workers: 1 }).run(submissionAt(root))).toEqual([]);
    const single = tempDir('single');
    writeFile(path.join(single, 'train', 'a.png'), encodeGrayPng(phantom(21)));
    expect(await overlapCheck({ workers: 1 }).run(submissionAt(single))).toEqual([]);
  });
});

describe('split discovery', () => {
  it('reads split lists the student wrote into an output folder, resolving paths against the submission', async () => {
    const root = tempDir('lists'), out = tempDir('out');
    writeFile(path.join(root, 'data', 'patient_1_a.png'), encodeGrayPng(phantom(41)));
    writeFile(path.join(root, 'data', 'patient_2_a.png'), encodeGrayPng(phantom(42)));
    writeFile(path.join(root, 'data', 'patient_1_b.png'), encodeGrayPng(phantom(43)));
    writeFile(path.join(out, 'train_split.csv'), 'path,label\ndata/patient_1_a.png,0\ndata/patient_2_a.png,1\n');
    writeFile(path.join(out, 'test_split.csv'), 'path,label\ndata/patient_1_b.png,0\n');
    const input = submissionAt(root);
    // only phases[].outDir matters to this check; the rest of Ran is left out on purpose
    input.ran = { phases: [{ outDir: out }] } as unknown as NonNullable<CheckInput['ran']>;
    const findings = await overlapCheck({ workers: 1 }).run(input);
    expect(findings.map((f) => `${f.kind}:${f.severity}:${f.file}`)).toEqual(['patient-overlap:error:data/patient_1_b.png']);
    expect(findings[0]!.message).toContain('Patient 1');
  });
});

describe('medgrade overlap command', () => {
  it('exits 1 with the pairs, 0 when clean, 2 on usage errors; json parses', async () => {
    const root = tempDir('cmd');
    const img = encodeGrayPng(phantom(31));
    writeFile(path.join(root, 'A', 'patient_3_x.png'), img);
    writeFile(path.join(root, 'B', 'y.png'), img);
    writeFile(path.join(root, 'B', 'patient-3.png'), encodeGrayPng(phantom(32)));
    writeFile(path.join(root, 'C', 'z.png'), encodeGrayPng(phantom(33)));
    const found = await runOverlapCommand([path.join(root, 'A'), path.join(root, 'B')], { workers: 1 });
    expect(found.exitCode).toBe(1);
    expect(found.output).toMatch(/^duplicate\tA:.*patient_3_x\.png\tB:.*y\.png\texact$/m);
    expect(found.output).toMatch(/^patient-overlap\t.*patient 3 \(filename/m);
    const clean = await runOverlapCommand([path.join(root, 'A'), path.join(root, 'C')], { workers: 1, format: 'json' });
    expect(clean.exitCode).toBe(0);
    expect(JSON.parse(clean.output).pairs).toEqual([]);
    expect((await runOverlapCommand([path.join(root, 'A')])).exitCode).toBe(2);
    expect((await runOverlapCommand([path.join(root, 'A'), path.join(root, 'nope')])).exitCode).toBe(2);
  });
});
