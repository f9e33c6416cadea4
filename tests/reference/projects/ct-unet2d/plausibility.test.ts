import { describe, expect, it } from 'vitest';
import { checkPlausibility, countComponents, plausibilityCsv, removeSmallComponents } from '../../../../reference/projects/ct-unet2d/plausibility.js';

const SHAPE: [number, number, number] = [16, 16, 8];
const CLASSES = ['background', 'bone', 'lesion'];
const at = (x: number, y: number, z: number): number => (z * 16 + y) * 16 + x;

/** Truth: a bone ring (label 1) on every slice and a 4×4×4 lesion cube (label 2) in slices 2..5. */
function truth(): Uint8Array {
  const t = new Uint8Array(16 * 16 * 8);
  for (let z = 0; z < 8; z++) for (let y = 0; y < 16; y++) for (let x = 0; x < 16; x++) {
    const r = Math.hypot(x - 7.5, y - 7.5);
    if (r >= 6 && r < 7.5) t[at(x, y, z)] = 1;
  }
  for (let z = 2; z < 6; z++) for (let y = 6; y < 10; y++) for (let x = 6; x < 10; x++) t[at(x, y, z)] = 2;
  return t;
}

describe('countComponents', () => {
  it('counts 6-connected islands; diagonal neighbours are separate', () => {
    const m = new Uint8Array(27);
    m[0] = 1; m[1] = 1; m[4] = 1; // (0,0,0)-(1,0,0)-(1,1,0): one island through faces
    m[26] = 1; // the far corner (2,2,2), alone
    expect(countComponents(m, [3, 3, 3])).toBe(2);
    const diag = new Uint8Array(27); diag[0] = 1; diag[4] = 1; // (0,0,0) and (1,1,0): diagonal only
    expect(countComponents(diag, [3, 3, 3])).toBe(2);
  });
});

describe('checkPlausibility', () => {
  it('accepts the ground truth itself', () => {
    const t = truth();
    const r = checkPlausibility('s', t, t, SHAPE, CLASSES);
    expect(r.plausible).toBe(true);
    expect(r.classes.map((c) => [c.class, c.volumeRatio, c.components, c.truthComponents])).toEqual([['bone', 1, 1, 1], ['lesion', 1, 1, 1]]);
  });
  it('flags a planted lesion with a missing middle slice as discontinuous', () => {
    const t = truth(); const p = truth();
    for (let y = 6; y < 10; y++) for (let x = 6; x < 10; x++) p[at(x, y, 3)] = 0;
    const lesion = checkPlausibility('s', p, t, SHAPE, CLASSES).classes[1]!;
    expect(lesion.gaps).toBe(1);
    expect(lesion.flags).toContain('discontinuous');
    expect(lesion.flags).not.toContain('volume'); // 48/64 = 0.75 is inside [0.5, 2]
    expect(lesion.maxAreaJump).toBe(0); // the gap slice has no area, so no jump between slices that both have it
  });
  it('flags planted speckle as fragmented and an oversized lesion by its volume', () => {
    const t = truth(); const p = truth();
    for (let k = 0; k < 6; k++) p[at(1 + 2 * k, 14 - (k % 2) * 13, k % 8)] = 2; // six isolated lesion voxels outside the cube
    for (let z = 1; z < 7; z++) for (let y = 4; y < 12; y++) for (let x = 4; x < 12; x++) if (p[at(x, y, z)] !== 1) p[at(x, y, z)] = 2;
    const r = checkPlausibility('s', p, t, SHAPE, CLASSES);
    const lesion = r.classes[1]!;
    expect(r.plausible).toBe(false);
    expect(lesion.components).toBe(7);
    expect(lesion.flags).toEqual(expect.arrayContaining(['fragmented', 'volume']));
    expect(lesion.volumeRatio!).toBeGreaterThan(2);
    expect(r.classes[0]!.flags).toEqual([]);
  });
  it('flags a lesion predicted where the truth has none as spurious', () => {
    const t = truth(); const p = truth();
    for (let i = 0; i < t.length; i++) if (t[i] === 2) t[i] = 0;
    const lesion = checkPlausibility('s', p, t, SHAPE, CLASSES).classes[1]!;
    expect(lesion.volumeRatio).toBeNull();
    expect(lesion.flags).toEqual(['spurious']);
  });
  it('writes one CSV row per subject and class', () => {
    const t = truth();
    const csv = plausibilityCsv([checkPlausibility('subject_001', t, t, SHAPE, CLASSES)]).trim().split('\n');
    expect(csv).toHaveLength(3);
    expect(csv[2]).toBe('subject_001,lesion,64,64,1.000,1,1,0,0.000,');
  });
  it('refuses volumes that do not match the shape', () => {
    expect(() => checkPlausibility('s', new Uint8Array(5), new Uint8Array(5), SHAPE, CLASSES)).toThrow(/16×16×8/);
  });
});

describe('removeSmallComponents', () => {
  it('turns lesion islands under the size into background and keeps the true lesion and bone', () => {
    const t = truth(); const p = truth();
    p[at(1, 15, 0)] = 2; p[at(3, 15, 0)] = 2; p[at(4, 15, 0)] = 2; // islands of 1 and 2 voxels
    const cleaned = removeSmallComponents(p, SHAPE, 2, 8);
    expect(Array.from(cleaned)).toEqual(Array.from(t));
    expect(checkPlausibility('s', cleaned, t, SHAPE, CLASSES).plausible).toBe(true);
    expect(removeSmallComponents(p, SHAPE, 2, 2)[at(3, 15, 0)]).toBe(2); // the 2-voxel island survives a threshold of 2
  });
});
