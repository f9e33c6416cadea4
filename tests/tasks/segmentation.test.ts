import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { loadRubric } from '../../harness/rubric/load.js';
import type { Rubric } from '../../harness/rubric/schema.js';
import type { Finding } from '../../harness/schema/finding.js';
import { collectSegmentation, measureSegmentation, metricClassName, segmentationTask } from '../../harness/tasks/segmentation.js';
import { readNifti } from '../../reference/core/io/nifti-read.js';
import { writeNifti } from '../../reference/core/io/nifti-write.js';

const AFFINE = [[2, 0, 0, -10], [0, 2, 0, 5], [0, 0, 3, 0], [0, 0, 0, 1]];
const SHAPE = [4, 4, 2];

const base = loadRubric('rubrics/ovarian.yaml').rubric;
const rubric = (emptyMaskDice: 'one' | 'nan' = 'one'): Rubric => ({ ...base, task: { ...base.task, emptyMaskDice } });

/** A 4×4×2 label volume: class 1 on voxels `ones`, class 2 on `twos` (flat file-order indices). */
function labels(ones: number[], twos: number[] = []): Uint8Array {
  const v = new Uint8Array(32);
  for (const i of ones) v[i] = 1;
  for (const i of twos) v[i] = 2;
  return v;
}

/** A test split with two volumes: p1 has both classes, p2 only class 1. */
function testSplit(): string {
  const dir = mkdtempSync(join(tmpdir(), 'seg-'));
  const ct = new Int16Array(32).map((_, i) => i * 10 - 100);
  writeNifti(join(dir, 'test/images/patient_01.nii.gz'), { data: ct, shape: SHAPE, affine: AFFINE, description: 'patient_01 secret' });
  writeNifti(join(dir, 'test/masks/patient_01.nii.gz'), { data: labels([0, 1, 2, 3], [20, 21]), shape: SHAPE, affine: AFFINE });
  writeNifti(join(dir, 'test/images/patient_02.nii.gz'), { data: ct, shape: SHAPE, affine: AFFINE, description: 'patient_02 secret' });
  writeNifti(join(dir, 'test/masks/patient_02.nii.gz'), { data: labels([5, 6]), shape: SHAPE, affine: AFFINE });
  return dir;
}

function hide() {
  const dir = testSplit();
  const hidden = segmentationTask().hideTest(join(dir, 'test'), join(dir, 'hidden'), { seed: 7 });
  const ids = [...hidden.truth.keys()];
  const idOf = (patient: string) => ids.find((id) => hidden.truth.get(id)!.includes(patient))!;
  return { dir, hidden, idOf };
}

describe('segmentation hideTest', () => {
  it('renames volumes, clears the description and keeps voxels, shape and affine', () => {
    const { dir, hidden } = hide();
    const names = readdirSync(hidden.dir).sort();
    expect(names).toHaveLength(2);
    for (const name of names) {
      expect(name).toMatch(/^[0-9a-f]{16}\.nii\.gz$/);
      const raw = gunzipSync(readFileSync(join(hidden.dir, name)));
      expect(raw.toString('latin1')).not.toMatch(/patient|secret/);
      const v = readNifti(join(hidden.dir, name));
      const original = readNifti(join(dir, 'test/images/patient_01.nii.gz'));
      expect(v.shape).toEqual(SHAPE);
      expect(v.affine).toEqual(original.affine);
      expect(Array.from(v.data)).toEqual(Array.from(original.data));
      expect(v.description).toBe('');
    }
    expect([...hidden.truth.values()].map((p) => p.replace(/^.*\//, '')).sort()).toEqual(['patient_01.nii.gz', 'patient_02.nii.gz']);
  });

  it('re-encodes PNG slices and maps them to their masks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seg-png-'));
    mkdirSync(join(dir, 'images'), { recursive: true });
    mkdirSync(join(dir, 'masks'), { recursive: true });
    const png = new PNG({ width: 3, height: 2 });
    png.data.fill(255);
    writeFileSync(join(dir, 'images', 's1.png'), PNG.sync.write(png));
    writeFileSync(join(dir, 'masks', 's1.png'), PNG.sync.write(png));
    const hidden = segmentationTask().hideTest(dir, join(dir, 'hidden'), { seed: 1 });
    const [id] = [...hidden.truth.keys()];
    expect(id).toMatch(/^[0-9a-f]{16}\.png$/);
    expect(PNG.sync.read(readFileSync(join(hidden.dir, id!))).width).toBe(3);
  });
});

describe('segmentation collect and measure', () => {
  function predict(write: (out: string, id: (p: string) => string) => void, r = rubric()) {
    const h = hide();
    const out = join(h.dir, 'predict-out');
    mkdirSync(join(out, 'masks'), { recursive: true });
    write(join(out, 'masks'), h.idOf);
    const findings: Finding[] = [];
    const predictions = collectSegmentation(out, r, h.hidden, findings);
    return { predictions, findings, measured: measureSegmentation(r, h.hidden, predictions) };
  }

  it('scores perfect masks 1.0 with no finding (class 2 absent from both in p2 counts 1.0)', () => {
    const { findings, measured } = predict((m, id) => {
      writeNifti(join(m, id('patient_01')), { data: labels([0, 1, 2, 3], [20, 21]), shape: SHAPE, affine: AFFINE });
      writeNifti(join(m, id('patient_02')), { data: labels([5, 6]), shape: SHAPE, affine: AFFINE });
    });
    expect(findings).toEqual([]);
    expect(measured.metrics).toEqual({ dice_primary: 1, dice_metastasis: 1, mean_dice: 1, iou_primary: 1, iou_metastasis: 1 });
    expect(measured.n).toBe(2);
  });

  it('computes Dice by hand: half the tumour found in p1, all of it in p2', () => {
    const { measured } = predict((m, id) => {
      // p1: class 1 predicted on 0,1 of truth 0..3 → 2·2/(4+2) = 2/3; class 2 on 20 of 20,21 → 2/3.
      writeNifti(join(m, id('patient_01')), { data: labels([0, 1], [20]), shape: SHAPE, affine: AFFINE });
      writeNifti(join(m, id('patient_02')), { data: labels([5, 6]), shape: SHAPE, affine: AFFINE });
    });
    expect(measured.metrics.dice_primary).toBeCloseTo((2 / 3 + 1) / 2, 10);
    expect(measured.metrics.dice_metastasis).toBeCloseTo((2 / 3 + 1) / 2, 10);
    expect(measured.metrics.iou_primary).toBeCloseTo((0.5 + 1) / 2, 10);
  });

  it("the empty rule follows the rubric: 'nan' skips p2's absent metastasis", () => {
    const { measured } = predict((m, id) => {
      writeNifti(join(m, id('patient_01')), { data: labels([0, 1], [20]), shape: SHAPE, affine: AFFINE });
      writeNifti(join(m, id('patient_02')), { data: labels([5, 6]), shape: SHAPE, affine: AFFINE });
    }, rubric('nan'));
    expect(measured.metrics.dice_metastasis).toBeCloseTo(2 / 3, 10);
  });

  it('wrong affine and wrong shape are mask-geometry findings and score as empty', () => {
    const { predictions, findings, measured } = predict((m, id) => {
      writeNifti(join(m, id('patient_01')), { data: labels([0, 1, 2, 3], [20, 21]), shape: SHAPE, affine: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]] });
      writeNifti(join(m, id('patient_02')), { data: new Uint8Array(32), shape: [2, 4, 4], affine: AFFINE });
    });
    expect(findings.map((f) => f.kind)).toEqual(['mask-geometry']);
    expect(findings[0]!.message).toMatch(/2 of 2 masks/);
    expect(findings[0]!.message).toMatch(/affine/);
    expect(findings[0]!.message).toMatch(/shape 2×4×4, the input is 4×4×2/);
    expect([...predictions!.values()]).toEqual([null, null]);
    // As all background: p1 scores 0 for both classes, p2 0 for class 1 and 1.0 (both empty) for class 2.
    expect(measured.metrics.dice_primary).toBe(0);
    expect(measured.metrics.dice_metastasis).toBe(0.5);
  });

  it('missing, unreadable, mislabelled and linked masks are findings; nothing at all is predictions-missing', () => {
    const some = predict((m, id) => {
      writeFileSync(join(m, id('patient_01')), 'not a nifti');
      writeNifti(join(m, id('patient_02')), { data: labels([5], [6]).map((v, i) => (i === 7 ? 5 : v)), shape: SHAPE, affine: AFFINE });
    });
    expect(some.findings.map((f) => f.kind)).toEqual(['predictions-malformed', 'predictions-malformed']);
    expect(some.findings[1]!.message).toMatch(/label 5, outside the classes 0\.\.2/);
    const linked = predict((m, id) => {
      symlinkSync('/etc/passwd', join(m, id('patient_01')));
    });
    expect(linked.findings.map((f) => f.kind)).toEqual(['output-escape', 'predictions-malformed']);
    const none = predict(() => {});
    expect(none.predictions).toBeNull();
    expect(none.findings.map((f) => f.kind)).toEqual(['predictions-missing']);
    expect(none.measured.metrics.mean_dice).toBeNull();
  });

  it('names metrics by class', () => {
    expect(metricClassName('Primary tumour')).toBe('primary_tumour');
    expect(metricClassName('LV-myocardium')).toBe('lv_myocardium');
  });
});

describe('segmentation collect against hostile masks', () => {
  it('a gzip bomb is an unreadable mask, not an out-of-memory crash', async () => {
    const { gzipSync } = await import('node:zlib');
    const h = hide();
    const out = join(h.dir, 'predict-out');
    mkdirSync(join(out, 'masks'), { recursive: true });
    // Ten gzip members of 64 MiB of zeros inflate to 640 MiB, past the 512 MiB bound; on disk under 1 MB.
    const member = gzipSync(Buffer.alloc(64 * 2 ** 20), { level: 1 });
    writeFileSync(join(out, 'masks', h.idOf('patient_01')), Buffer.concat(Array.from({ length: 10 }, () => member)));
    const findings: Finding[] = [];
    const predictions = collectSegmentation(out, rubric(), h.hidden, findings);
    expect(predictions!.get(h.idOf('patient_01'))).toBeNull();
    expect(findings.map((f) => f.message).join(' ')).toMatch(/could not be read.*does not inflate within 512 MiB/);
  }, 60_000);
});
