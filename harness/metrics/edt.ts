/**
 * Exact squared Euclidean distance transform with per-axis voxel spacing
 * (Felzenszwalb & Huttenlocher 2012, separable lower envelope of parabolas):
 * O(N) per axis instead of all-pairs, so a 48×48×24 volume takes milliseconds.
 *
 * `sites[i]` true marks a voxel at distance 0; the result holds, for every
 * voxel, the squared physical distance to the nearest site (Infinity when
 * there is none). Layout row-major as in volume.ts; spacing per axis in the
 * same order. Equivalent to scipy.ndimage.distance_transform_edt(~sites,
 * sampling=spacing) ** 2.
 */
export function squaredDistanceTransform(sites: Uint8Array, shape: readonly number[], spacing: readonly number[]): Float64Array {
  const n = sites.length;
  const dist = new Float64Array(n);
  for (let i = 0; i < n; i++) dist[i] = sites[i] ? 0 : Number.POSITIVE_INFINITY;
  let stride = n;
  for (let axis = 0; axis < shape.length; axis++) {
    const size = shape[axis]!;
    stride /= size;
    if (size <= 1) continue;
    const line = new Float64Array(size);
    const out = new Float64Array(size);
    const scratch = { v: new Int32Array(size), z: new Float64Array(size + 1) };
    const block = stride * size;
    for (let outer = 0; outer < n; outer += block) {
      for (let inner = 0; inner < stride; inner++) {
        const start = outer + inner;
        for (let p = 0; p < size; p++) line[p] = dist[start + p * stride]!;
        lowerEnvelope(line, out, spacing[axis]!, scratch);
        for (let p = 0; p < size; p++) dist[start + p * stride] = out[p]!;
      }
    }
  }
  return dist;
}

/** One 1-D pass: out[p] = min_q (s·(p − q))² + f[q], skipping infinite f. */
function lowerEnvelope(f: Float64Array, out: Float64Array, s: number, scratch: { v: Int32Array; z: Float64Array }): void {
  const { v, z } = scratch;
  const size = f.length;
  const s2 = s * s;
  let k = -1;
  for (let q = 0; q < size; q++) {
    const fq = f[q]!;
    if (fq === Number.POSITIVE_INFINITY) continue;
    if (k < 0) {
      k = 0; v[0] = q; z[0] = Number.NEGATIVE_INFINITY; z[1] = Number.POSITIVE_INFINITY;
      continue;
    }
    for (;;) {
      const r = v[k]!;
      const cross = (fq + s2 * q * q - (f[r]! + s2 * r * r)) / (2 * s2 * (q - r));
      if (cross <= z[k]!) { k--; continue; }
      k++; v[k] = q; z[k] = cross; z[k + 1] = Number.POSITIVE_INFINITY;
      break;
    }
  }
  if (k < 0) { out.fill(Number.POSITIVE_INFINITY); return; }
  k = 0;
  for (let p = 0; p < size; p++) {
    while (z[k + 1]! < p) k++;
    const r = v[k]!;
    const d = s * (p - r);
    out[p] = d * d + f[r]!;
  }
}
