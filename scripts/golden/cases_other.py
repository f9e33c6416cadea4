"""Calibration and bootstrap cases: definitions pinned by reference.py; the
bootstrap statistics themselves come from scikit-learn."""
import numpy as np
from sklearn.metrics import accuracy_score, average_precision_score, roc_auc_score

from reference import bootstrap_percentile, ece_binary


def calibration_cases(rng):
    cases = []
    for i in range(100):
        n = int(rng.integers(1, 60))
        if i % 10 == 0:  # values on bin edges and the 0.5 tie
            p = rng.choice(np.array([0, 1, 2, 5, 7, 8, 9, 12, 14, 15]) / 15, n)
            p = np.where(rng.random(n) < 0.2, 0.5, p)
        elif i % 10 == 1:
            p = np.full(n, rng.random())
        else:
            p = rng.beta(0.7, 0.7, n)
        y_true = (rng.random(n) < np.clip(p + rng.normal(0, 0.2, n), 0, 1)).astype(int)
        bins = 15 if i % 4 else int(rng.integers(1, 21))
        cases.append({"id": f"ece-{i}", "yTrue": y_true, "yProb": p, "bins": bins, "ece": ece_binary(y_true, p, bins)})
    return cases


def safe_auc(y, s):
    return roc_auc_score(y, s) if len(np.unique(y)) == 2 else np.nan


METRICS = {"rocAuc": safe_auc, "averagePrecision": average_precision_score, "accuracy": accuracy_score}


def bootstrap_cases(rng):
    cases = []
    names = list(METRICS)
    for i in range(24):
        n = int(rng.integers(5, 31))
        y_true = (rng.random(n) < 0.4).astype(int)
        y_true[:2] = [0, 1]
        name = names[i % 3]
        y_score = rng.random(n) if name != "accuracy" else (rng.random(n) < 0.5).astype(int)
        if name != "accuracy" and i % 2:
            y_score = np.round(y_score * 4) / 4
        resamples = 100 if i % 4 else 200
        indices = rng.integers(0, n, (resamples, n))
        alpha = [0.05, 0.1, 0.32][i % 3]
        expected = bootstrap_percentile(METRICS[name], y_true, y_score, indices, alpha)
        cases.append({"id": f"boot-{i}-{name}", "metric": name, "yTrue": y_true, "yScore": y_score,
                      "indices": indices, "alpha": alpha, **expected})
    return cases
