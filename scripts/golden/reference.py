"""Plain reference definitions for metrics no library defines the same way.
Written for clarity, not speed; the TypeScript must agree to 1e-9."""
import numpy as np


def ece_binary(y_true, p, bins=15):
    """Top-label ECE: predicted class 1 iff p >= 0.5, confidence max(p, 1-p),
    bins (m/bins, (m+1)/bins] (confidence 0 goes to bin 0), weighted by count."""
    n = len(y_true)
    edges = [m / bins for m in range(bins + 1)]
    count = [0] * bins
    correct = [0] * bins
    conf_sum = [0.0] * bins
    for y, prob in zip(y_true, p):
        pred = 1 if prob >= 0.5 else 0
        conf = prob if pred == 1 else 1 - prob
        m = 0
        while m < bins - 1 and not (conf <= edges[m + 1]):
            m += 1
        count[m] += 1
        conf_sum[m] += conf
        correct[m] += int(pred == y)
    ece = 0.0
    for m in range(bins):
        if count[m]:
            ece += (count[m] / n) * abs(correct[m] / count[m] - conf_sum[m] / count[m])
    return ece


def bootstrap_percentile(metric, y_true, y_score, indices, alpha):
    """Percentile interval over resamples whose statistic is not NaN; numpy linear quantiles."""
    stats = [metric(y_true[idx], y_score[idx]) for idx in indices]
    valid = np.array([s for s in stats if not np.isnan(s)])
    if valid.size == 0:
        return {"estimate": metric(y_true, y_score), "lower": np.nan, "upper": np.nan, "valid": 0}
    return {"estimate": metric(y_true, y_score), "lower": np.quantile(valid, alpha / 2),
            "upper": np.quantile(valid, 1 - alpha / 2), "valid": int(valid.size)}
