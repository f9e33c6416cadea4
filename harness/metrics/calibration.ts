import { binaryLabels, MetricError, requireSameLength } from './errors.js';

/**
 * Expected calibration error (ECE) of binary probabilities, top-label form
 * (Guo et al. 2017), pinned here because no library we check against defines
 * it the same way:
 *
 * - `yTrue` n labels in {0,1}; `yProb` n probabilities P(y = 1) in [0, 1]
 *   (outside [0,1] or NaN → MetricError); n >= 1.
 * - Predicted class ŷ = 1 if p >= 0.5 else 0 (a tie goes to 1); confidence
 *   c = max(p, 1 − p), so c ∈ [0.5, 1]; correct = (ŷ == y).
 * - `bins` (default 15) equal-width bins over [0, 1]; bin m is the half-open
 *   interval (m/bins, (m+1)/bins], edges computed as m / bins; c = 0 would go
 *   to bin 0 (it cannot occur for binary top-label confidence).
 * - ECE = Σ_m (|B_m| / n) · |acc(B_m) − conf(B_m)|, acc = mean correct,
 *   conf = mean confidence in the bin; empty bins contribute 0.
 */
export function expectedCalibrationError(yTrue: ArrayLike<number>, yProb: ArrayLike<number>, opts: { bins?: number } = {}): number {
  const metric = 'expectedCalibrationError';
  requireSameLength(metric, yTrue, yProb, ['yTrue', 'yProb']);
  const bins = opts.bins ?? 15;
  if (!Number.isInteger(bins) || bins < 1) throw new MetricError(metric, `expected bins >= 1 (integer), got ${bins}`);
  const truth = binaryLabels(metric, yTrue);
  const count = new Float64Array(bins), correct = new Float64Array(bins), confidence = new Float64Array(bins);
  for (let i = 0; i < truth.length; i++) {
    const p = yProb[i]!;
    if (!(p >= 0 && p <= 1)) throw new MetricError(metric, `expected yProb in [0, 1], got ${p} at index ${i}`);
    const predicted = p >= 0.5 ? 1 : 0;
    const conf = predicted === 1 ? p : 1 - p;
    let m = 0;
    while (m < bins - 1 && conf > (m + 1) / bins) m++;
    count[m]!++;
    confidence[m]! += conf;
    if (predicted === truth[i]) correct[m]!++;
  }
  let ece = 0;
  for (let m = 0; m < bins; m++) {
    if (count[m] === 0) continue;
    ece += (count[m]! / truth.length) * Math.abs(correct[m]! / count[m]! - confidence[m]! / count[m]!);
  }
  return ece;
}
