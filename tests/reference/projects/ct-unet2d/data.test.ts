import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../../../../reference/core/backend.js';
import { createRng } from '../../../../reference/core/seed.js';
import { writeNifti } from '../../../../reference/core/io/nifti-write.js';
import { CT_WINDOWS, createUnet2d, readSplit, scoreVolumes, thresholdBaseline, volumesToSlices, windowHu, type CtVolume } from '../../../../reference/projects/ct-unet2d/index.js';

const brain = CT_WINDOWS[0]!; const bone = CT_WINDOWS[1]!;

describe('windowHu', () => {
  it('maps the brain window 0..80 HU linearly to 0..1 and clips outside', () => {
    expect([-1000, 0, 20, 40, 80, 1500].map((h) => windowHu(h, brain))).toEqual([0, 0, 0.25, 0.5, 1, 1]);
  });
  it('separates a +40 HU lesion from brain in the brain window but barely in the bone window', () => {
    expect(windowHu(75, brain) - windowHu(35, brain)).toBeCloseTo(0.5, 10);
    expect(windowHu(75, bone) - windowHu(35, bone)).toBeCloseTo(0.02, 10);
  });
});

describe('volumesToSlices', () => {
  it('lays slices out as [slice, y, x, window] with labels [slice, y, x], subject by subject', () => {
    const v = (id: string, base: number): CtVolume => ({ id, hu: Int16Array.from([0, 40, 80, 600, base, base, base, base]), labels: Uint8Array.from([0, 2, 2, 1, 0, 0, 0, 1]), shape: [2, 2, 2], spacing: [1, 1, 1] });
    const s = volumesToSlices([v('a', 40), v('b', 80)], CT_WINDOWS);
    expect([s.count, s.size, s.channels]).toEqual([4, 2, 2]);
    expect(s.index).toEqual([{ subject: 'a', z: 0 }, { subject: 'a', z: 1 }, { subject: 'b', z: 0 }, { subject: 'b', z: 1 }]);
    // slice 0, pixel (x=1, y=0) is 40 HU: brain 0.5, bone (40 - (-400)) / 2000 = 0.22
    expect(s.x[2]).toBeCloseTo(0.5, 6);
    expect(s.x[3]).toBeCloseTo(0.22, 6);
    expect(s.x[(3 * 4 + 0) * 2]).toBeCloseTo(1, 6); // slice 3 is subject b's z=1, all 80 HU
    expect(Array.from(s.labels.subarray(0, 8))).toEqual([0, 2, 2, 1, 0, 0, 0, 1]);
  });
  it('refuses non-square slices', () => {
    expect(() => volumesToSlices([{ id: 'x', hu: new Int16Array(6), labels: new Uint8Array(6), shape: [3, 2, 1], spacing: [1, 1, 1] }], CT_WINDOWS)).toThrow(/square/);
  });
});

describe('scoreVolumes and the threshold baseline', () => {
  const v: CtVolume = { id: 's', hu: Int16Array.from([1000, 1000, 70, 30]), labels: Uint8Array.from([1, 1, 2, 0]), shape: [2, 2, 1], spacing: [1, 1, 1] };
  it('scores the truth as 1 per class and all-background as 0', () => {
    expect(scoreVolumes([v.labels], [v])).toMatchObject({ dice_bone: 1, dice_lesion: 1, mean_dice: 1 });
    expect(scoreVolumes([new Uint8Array(4)], [v])).toMatchObject({ dice_bone: 0, dice_lesion: 0, mean_dice: 0, iou_bone: 0, iou_lesion: 0 });
  });
  it('gives Dice 2/3 and IoU 1/2 when one of two bone voxels is found', () => {
    const s = scoreVolumes([Uint8Array.from([1, 0, 2, 0])], [v]);
    expect(s.dice_bone).toBeCloseTo(2 / 3, 12);
    expect(s.iou_bone).toBeCloseTo(0.5, 12);
    expect(s.mean_dice).toBeCloseTo((2 / 3 + 1) / 2, 12);
  });
  it('uses the course empty rule: 1.0 when a class is absent from both', () => {
    const noLesion = { ...v, labels: Uint8Array.from([1, 1, 0, 0]) };
    expect(scoreVolumes([Uint8Array.from([1, 0, 0, 0])], [noLesion]).dice_lesion).toBe(1);
  });
  it('thresholds bone at 226 HU and lesion at 60..100 HU', () => {
    expect(Array.from(thresholdBaseline(v))).toEqual([1, 1, 2, 0]);
  });
});

describe('createUnet2d', () => {
  it('maps [n, 32, 32, 2] to softmax [n, 32, 32, 3] and leaks no tensors', async () => {
    await selectBackend({ prefer: 'cpu' });
    const before = tf.memory().numTensors;
    const model = createUnet2d({ size: 32, channels: 2, classes: 3, base: 4, depth: 2 }, createRng(1));
    const sums = tf.tidy(() => {
      const y = model.predict(tf.zeros([2, 32, 32, 2])) as tf.Tensor;
      expect(y.shape).toEqual([2, 32, 32, 3]);
      return tf.sum(y, -1).dataSync();
    });
    expect(Math.abs(sums[0]! - 1)).toBeLessThan(1e-5);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
  it('refuses a size the pooling cannot halve depth times', () => {
    expect(() => createUnet2d({ size: 36, channels: 2, classes: 3, base: 4, depth: 3 }, createRng(1))).toThrow(/divisible by 2\^3/);
  });
});

describe('readSplit', () => {
  it('reads images/ and masks/ pairs in name order and refuses a mask of another shape', () => {
    const dir = mkdtempSync(join(tmpdir(), 'medgrade-ctsplit-'));
    try {
      for (const id of ['subject_002', 'subject_001']) {
        writeNifti(join(dir, 'test', 'images', `${id}.nii.gz`), { data: Int16Array.from({ length: 8 }, (_, i) => i * 10), shape: [2, 2, 2], spacing: [3, 3, 5] });
        writeNifti(join(dir, 'test', 'masks', `${id}.nii.gz`), { data: Uint8Array.from([0, 1, 2, 0, 0, 0, 1, 1]), shape: [2, 2, 2], spacing: [3, 3, 5] });
      }
      const vols = readSplit(dir, 'test');
      expect(vols.map((v) => v.id)).toEqual(['subject_001', 'subject_002']);
      expect(vols[0]!.shape).toEqual([2, 2, 2]);
      expect(Array.from(vols[0]!.hu)).toEqual([0, 10, 20, 30, 40, 50, 60, 70]);
      expect(vols[0]!.spacing.map((s) => Math.round(s))).toEqual([3, 3, 5]);
      writeNifti(join(dir, 'test', 'masks', 'subject_002.nii.gz'), { data: new Uint8Array(12), shape: [2, 2, 3] });
      expect(() => readSplit(dir, 'test')).toThrow(/subject_002.*differ/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
