/**
 * How much of an attribution map falls inside a ground-truth mask: Σ map·[mask] / Σ map.
 * A map that ignores the image scores the mask's area fraction on average (chance level).
 */
export interface MaskMass {
  /** Share of the map's mass inside the mask; NaN when the map is all zeros. */
  inside: number;
  /** Share of pixels inside the mask: the chance level. */
  areaFraction: number;
}

/** `map` and `mask` are row-major and the same size; mask pixels > 0 count as inside. */
export function maskMass(map: ArrayLike<number>, mask: ArrayLike<number>): MaskMass {
  if (map.length !== mask.length) throw new Error(`map has ${map.length} values, mask ${mask.length}`);
  let total = 0, inside = 0, area = 0;
  for (let i = 0; i < map.length; i++) {
    const v = Math.max(0, map[i]!);
    total += v;
    if (mask[i]! > 0) { inside += v; area++; }
  }
  return { inside: total > 0 ? inside / total : NaN, areaFraction: area / map.length };
}
