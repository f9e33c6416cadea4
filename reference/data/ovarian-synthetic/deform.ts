import type { Rng } from './rng.js';

/** A source volume: x fastest, shape [nx, ny, nz], spacing in mm. */
export interface Grid<T extends ArrayLike<number>> {
  data: T;
  shape: [number, number, number];
  spacing: [number, number, number];
}

export interface Deformation {
  /** Per-axis scale of the anatomy (1 = as scanned). */
  scale: [number, number, number];
  /** In-plane rotation, radians. */
  rotation: number;
  /** Shift of the sampling centre, mm. */
  shift: [number, number, number];
  /** Coarse displacement grid (mm), 4×4×3 nodes × 3 components, trilinearly interpolated. */
  field: Float64Array;
}

const NODES: [number, number, number] = [4, 4, 3];

/** Draws a patient's "anatomy": scaling ±10%, rotation ±8°, shift ±6 mm, smooth warps up to ±`warpMm`. */
export function randomDeformation(rng: Rng, warpMm = 6): Deformation {
  const field = new Float64Array(NODES[0] * NODES[1] * NODES[2] * 3);
  for (let i = 0; i < field.length; i++) field[i] = rng.uniform(-warpMm, warpMm);
  return {
    scale: [rng.uniform(0.9, 1.1), rng.uniform(0.9, 1.1), rng.uniform(0.92, 1.08)],
    rotation: rng.uniform(-0.14, 0.14),
    shift: [rng.uniform(-6, 6), rng.uniform(-6, 6), rng.uniform(-6, 6)],
    field,
  };
}

function fieldAt(field: Float64Array, u: number, v: number, w: number, c: number): number {
  // u, v, w in [0, 1] across the output volume.
  const gx = u * (NODES[0] - 1); const gy = v * (NODES[1] - 1); const gz = w * (NODES[2] - 1);
  const x0 = Math.min(Math.floor(gx), NODES[0] - 2); const y0 = Math.min(Math.floor(gy), NODES[1] - 2); const z0 = Math.min(Math.floor(gz), NODES[2] - 2);
  const fx = gx - x0; const fy = gy - y0; const fz = gz - z0;
  let s = 0;
  for (let dz = 0; dz < 2; dz++) for (let dy = 0; dy < 2; dy++) for (let dx = 0; dx < 2; dx++) {
    const wgt = (dx ? fx : 1 - fx) * (dy ? fy : 1 - fy) * (dz ? fz : 1 - fz);
    s += wgt * field[(((z0 + dz) * NODES[1] + (y0 + dy)) * NODES[0] + (x0 + dx)) * 3 + c]!;
  }
  return s;
}

/** Trilinear sample of the source at continuous voxel coordinates; `outside` beyond the volume. */
function sample(src: Grid<ArrayLike<number>>, x: number, y: number, z: number, outside: number): number {
  const [nx, ny, nz] = src.shape;
  if (x < 0 || y < 0 || z < 0 || x > nx - 1 || y > ny - 1 || z > nz - 1) return outside;
  const x0 = Math.min(Math.floor(x), nx - 2); const y0 = Math.min(Math.floor(y), ny - 2); const z0 = Math.min(Math.floor(z), nz - 2);
  const fx = x - x0; const fy = y - y0; const fz = z - z0;
  let s = 0;
  for (let dz = 0; dz < 2; dz++) for (let dy = 0; dy < 2; dy++) for (let dx = 0; dx < 2; dx++) {
    const wgt = (dx ? fx : 1 - fx) * (dy ? fy : 1 - fy) * (dz ? fz : 1 - fz);
    if (wgt) s += wgt * src.data[((z0 + dz) * ny + (y0 + dy)) * nx + (x0 + dx)]!;
  }
  return s;
}

/**
 * Resamples the whole source field of view onto `shape`, through the patient's
 * deformation: output voxel → mm around the centre → inverse scale, rotation,
 * shift and warp → source voxel. Returns the output grid and its spacing.
 */
export function resampleDeformed(src: Grid<ArrayLike<number>>, shape: [number, number, number], d: Deformation, outside: number): Grid<Float32Array> {
  const extent = src.shape.map((n, i) => n * src.spacing[i]!) as [number, number, number];
  const spacing = extent.map((e, i) => e / shape[i]!) as [number, number, number];
  const out = new Float32Array(shape[0] * shape[1] * shape[2]);
  const cos = Math.cos(d.rotation); const sin = Math.sin(d.rotation);
  let i = 0;
  for (let z = 0; z < shape[2]; z++) {
    for (let y = 0; y < shape[1]; y++) {
      for (let x = 0; x < shape[0]; x++, i++) {
        const u = shape[0] > 1 ? x / (shape[0] - 1) : 0.5; const v = shape[1] > 1 ? y / (shape[1] - 1) : 0.5; const w = shape[2] > 1 ? z / (shape[2] - 1) : 0.5;
        // mm relative to the centre of the output field of view
        const px = (x + 0.5) * spacing[0] - extent[0] / 2 + fieldAt(d.field, u, v, w, 0) - d.shift[0];
        const py = (y + 0.5) * spacing[1] - extent[1] / 2 + fieldAt(d.field, u, v, w, 1) - d.shift[1];
        const pz = (z + 0.5) * spacing[2] - extent[2] / 2 + fieldAt(d.field, u, v, w, 2) - d.shift[2];
        const rx = (cos * px + sin * py) / d.scale[0];
        const ry = (-sin * px + cos * py) / d.scale[1];
        const rz = pz / d.scale[2];
        out[i] = sample(src, (rx + extent[0] / 2) / src.spacing[0] - 0.5, (ry + extent[1] / 2) / src.spacing[1] - 0.5, (rz + extent[2] / 2) / src.spacing[2] - 0.5, outside);
      }
    }
  }
  return { data: out, shape, spacing };
}
