/**
 * Small numeric helpers shared by metrics.
 */

/**
 * q-quantile (q in [0,1]) of values with linear interpolation between order
 * statistics — numpy's default `method='linear'` and torch.quantile's default:
 * position h = (n − 1)·q. Uses numpy's two-sided lerp so results agree to the
 * last bit in most cases. Empty input → NaN; like numpy, interpolating
 * between two infinities gives NaN.
 */
export function quantile(values: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo]!, b = sorted[hi]!;
  const t = h - lo;
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}
