import type { Rng } from './rng.js';

/** A lesion as a union of balls (mm, in output-grid coordinates): one ball is spherical, several are lobulated. */
export interface Lesion {
  label: 1 | 2;
  balls: { centre: [number, number, number]; radius: number }[];
}

export function sphericalLesion(label: 1 | 2, centre: [number, number, number], radius: number): Lesion {
  return { label, balls: [{ centre, radius }] };
}

/** A central ball with 2–4 lobes of 45–75% its radius, centred 0.5–0.8 radii away in random directions. */
export function lobulatedLesion(rng: Rng, label: 1 | 2, centre: [number, number, number], radius: number): Lesion {
  const balls = [{ centre, radius }];
  const lobes = 2 + rng.int(3);
  for (let k = 0; k < lobes; k++) {
    const theta = rng.uniform(0, 2 * Math.PI);
    const cz = rng.uniform(-1, 1);
    const r = Math.sqrt(1 - cz * cz);
    const dist = rng.uniform(0.5, 0.8) * radius;
    balls.push({
      centre: [centre[0] + dist * r * Math.cos(theta), centre[1] + dist * r * Math.sin(theta), centre[2] + dist * cz],
      radius: rng.uniform(0.45, 0.75) * radius,
    });
  }
  return { label, balls };
}

/** Voxel centre (x+0.5)*spacing is inside the lesion when it lies in any ball. */
export function lesionMask(lesion: Lesion, shape: [number, number, number], spacing: [number, number, number]): Uint8Array {
  const mask = new Uint8Array(shape[0] * shape[1] * shape[2]);
  for (const b of lesion.balls) {
    const lo = b.centre.map((c, a) => Math.max(0, Math.floor((c - b.radius) / spacing[a]! - 0.5)));
    const hi = b.centre.map((c, a) => Math.min(shape[a]! - 1, Math.ceil((c + b.radius) / spacing[a]! - 0.5)));
    for (let z = lo[2]!; z <= hi[2]!; z++) for (let y = lo[1]!; y <= hi[1]!; y++) for (let x = lo[0]!; x <= hi[0]!; x++) {
      const dx = (x + 0.5) * spacing[0] - b.centre[0];
      const dy = (y + 0.5) * spacing[1] - b.centre[1];
      const dz = (z + 0.5) * spacing[2] - b.centre[2];
      if (dx * dx + dy * dy + dz * dz <= b.radius * b.radius) mask[(z * shape[1] + y) * shape[0] + x] = 1;
    }
  }
  return mask;
}
