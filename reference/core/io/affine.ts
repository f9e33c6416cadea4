/**
 * NIfTI orientation maths, following nifti1_io.c: quaternion to matrix when
 * reading a qform, and matrix to quaternion when writing one.
 */
export type Mat4 = number[][];

export function identity4(): Mat4 {
  return [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]];
}

export function diagonalAffine(spacing: readonly number[]): Mat4 {
  const m = identity4();
  for (let i = 0; i < 3; i++) m[i]![i] = spacing[i] ?? 1;
  return m;
}

/** qform (b, c, d, offsets, pixdim[1..3], qfac) → 4×4 affine. */
export function quaternToAffine(
  q: { b: number; c: number; d: number; x: number; y: number; z: number },
  zooms: readonly number[], qfac: number,
): Mat4 {
  let { b, c, d } = q;
  let a = 1 - (b * b + c * c + d * d);
  if (a < 0) {
    // Float32 rounding can push |(b,c,d)| past 1: renormalise, a 180° rotation (as nibabel's fillpositive).
    const s = 1 / Math.sqrt(b * b + c * c + d * d);
    b *= s; c *= s; d *= s; a = 0;
  } else a = Math.sqrt(a);
  const r = [
    [a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
    [2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)],
    [2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b],
  ];
  const z = [zooms[0] ?? 1, zooms[1] ?? 1, (zooms[2] ?? 1) * (qfac < 0 ? -1 : 1)];
  const m = identity4();
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) m[i]![j] = r[i]![j]! * z[j]!;
  m[0]![3] = q.x; m[1]![3] = q.y; m[2]![3] = q.z;
  return m;
}

export interface Quatern {
  b: number; c: number; d: number; x: number; y: number; z: number; zooms: number[]; qfac: number;
  /** False when the 3×3 part has shear: a quaternion cannot hold it, so write only the sform. */
  orthogonal: boolean;
}

/** 4×4 affine → quaternion, zooms and qfac (nifti_mat44_to_quatern, without re-orthogonalising). */
export function affineToQuatern(m: Mat4): Quatern {
  const zooms = [0, 1, 2].map((j) => Math.hypot(m[0]![j]!, m[1]![j]!, m[2]![j]!) || 1);
  const r = [0, 1, 2].map((i) => [0, 1, 2].map((j) => m[i]![j]! / zooms[j]!));
  const det =
    r[0]![0]! * (r[1]![1]! * r[2]![2]! - r[1]![2]! * r[2]![1]!) -
    r[0]![1]! * (r[1]![0]! * r[2]![2]! - r[1]![2]! * r[2]![0]!) +
    r[0]![2]! * (r[1]![0]! * r[2]![1]! - r[1]![1]! * r[2]![0]!);
  let orthogonal = true;
  for (let i = 0; i < 3; i++) {
    for (let j = i + 1; j < 3; j++) {
      if (Math.abs(r[0]![i]! * r[0]![j]! + r[1]![i]! * r[1]![j]! + r[2]![i]! * r[2]![j]!) > 1e-6) orthogonal = false;
    }
  }
  let qfac = 1;
  if (det < 0) {
    qfac = -1;
    for (let i = 0; i < 3; i++) r[i]![2] = -r[i]![2]!;
  }
  const [r11, r12, r13] = r[0]! as [number, number, number];
  const [r21, r22, r23] = r[1]! as [number, number, number];
  const [r31, r32, r33] = r[2]! as [number, number, number];
  let a = r11 + r22 + r33 + 1;
  let b: number; let c: number; let d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    b = 0.25 * (r32 - r23) / a; c = 0.25 * (r13 - r31) / a; d = 0.25 * (r21 - r12) / a;
  } else {
    const xd = 1 + r11 - (r22 + r33);
    const yd = 1 + r22 - (r11 + r33);
    const zd = 1 + r33 - (r11 + r22);
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd); c = 0.25 * (r12 + r21) / b; d = 0.25 * (r13 + r31) / b; a = 0.25 * (r32 - r23) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd); b = 0.25 * (r12 + r21) / c; d = 0.25 * (r23 + r32) / c; a = 0.25 * (r13 - r31) / c;
    } else {
      d = 0.5 * Math.sqrt(zd); b = 0.25 * (r13 + r31) / d; c = 0.25 * (r23 + r32) / d; a = 0.25 * (r21 - r12) / d;
    }
    if (a < 0) { b = -b; c = -c; d = -d; }
  }
  return { b, c, d, x: m[0]![3]!, y: m[1]![3]!, z: m[2]![3]!, zooms, qfac, orthogonal };
}
