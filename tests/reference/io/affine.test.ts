import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { affineToQuatern, quaternToAffine, type Mat4 } from '../../../reference/core/io/affine.js';

/** Rotation from a unit quaternion, then zooms per column and an optional z flip. */
function affineFrom(q: [number, number, number, number], zooms: [number, number, number], flip: boolean): Mat4 {
  const n = Math.hypot(...q);
  const [a, b, c, d] = q.map((v) => v / n) as [number, number, number, number];
  const r = [
    [a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
    [2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)],
    [2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b],
  ];
  const z = [zooms[0], zooms[1], flip ? -zooms[2] : zooms[2]];
  return [...[0, 1, 2].map((i) => [...[0, 1, 2].map((j) => r[i]![j]! * z[j]!), 10 * i - 3]), [0, 0, 0, 1]];
}

function roundTrip(m: Mat4): Mat4 {
  const q = affineToQuatern(m);
  return quaternToAffine(q, q.zooms, q.qfac);
}

describe('qform maths', () => {
  it('round-trips 180° rotations about each axis, where the quaternion has a = 0', () => {
    for (const q of [[0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]] as [number, number, number, number][]) {
      const m = affineFrom(q, [1, 2, 3], false);
      roundTrip(m).flat().forEach((v, i) => expect(v).toBeCloseTo(m.flat()[i]!, 9));
    }
  });
  it('round-trips any rotation, zoom and handedness', () => {
    const unit = fc.double({ min: -1, max: 1, noNaN: true });
    const zoom = fc.double({ min: 0.1, max: 10, noNaN: true });
    fc.assert(fc.property(fc.tuple(unit, unit, unit, unit), fc.tuple(zoom, zoom, zoom), fc.boolean(), (q, z, flip) => {
      fc.pre(Math.hypot(...q) > 0.1);
      const m = affineFrom(q, z, flip);
      const back = roundTrip(m);
      // a is recovered as sqrt(1 - |bcd|²): near 180° that costs ~1e-8 of precision, far below float32 storage.
      return back.flat().every((v, i) => Math.abs(v - m.flat()[i]!) < 1e-6);
    }), { numRuns: 300 });
  });
  it('flags a sheared matrix as not orthogonal', () => {
    expect(affineToQuatern([[1, 0.5, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]).orthogonal).toBe(false);
    expect(affineToQuatern(affineFrom([1, 2, 3, 4], [1, 1, 1], true)).orthogonal).toBe(true);
  });
});
