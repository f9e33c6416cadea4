"""Classification and ranking cases, expected values from scikit-learn."""
import numpy as np
from sklearn.metrics import (accuracy_score, average_precision_score, balanced_accuracy_score, confusion_matrix,
                             f1_score, precision_recall_curve, precision_score, recall_score, roc_auc_score, roc_curve)


def attempt(fn):
    """Value, or {"error": ...} when sklearn raises."""
    try:
        return fn()
    except Exception as e:  # the fixture records what Python raised
        return {"error": f"{type(e).__name__}: {e}"}


def zero_division_triplet(fn):
    """sklearn with zero_division 0 and 1; where they differ the denominator was 0, so 'nan' gives NaN."""
    v0, v1 = float(fn(0)), float(fn(1))
    return {"0": v0, "1": v1, "nan": v0 if v0 == v1 else float("nan")}


def binary_labels(rng, n, kind):
    if kind == "all0":
        return np.zeros(n, dtype=int)
    if kind == "all1":
        return np.ones(n, dtype=int)
    return (rng.random(n) < rng.uniform(0.1, 0.9)).astype(int)


def classification_cases(rng):
    cases = []
    kinds = ["mixed", "all0", "all1"]
    for i in range(200):
        n = int(rng.integers(1, 31))
        y_true = binary_labels(rng, n, kinds[i % 3] if i % 5 == 0 else "mixed")
        y_pred = binary_labels(rng, n, kinds[(i // 2) % 3] if i % 7 == 0 else "mixed")
        if i % 11 == 0:
            y_pred = y_true.copy()
        cases.append({
            "id": f"cls-{i}", "yTrue": y_true, "yPred": y_pred,
            "accuracy": accuracy_score(y_true, y_pred),
            "balancedAccuracy": balanced_accuracy_score(y_true, y_pred),
            "sensitivity": zero_division_triplet(lambda z: recall_score(y_true, y_pred, zero_division=z)),
            "specificity": zero_division_triplet(lambda z: recall_score(y_true, y_pred, pos_label=0, zero_division=z)),
            "precision": zero_division_triplet(lambda z: precision_score(y_true, y_pred, zero_division=z)),
            "f1": zero_division_triplet(lambda z: f1_score(y_true, y_pred, zero_division=z)),
            "confusion": confusion_matrix(y_true, y_pred, labels=[0, 1]).ravel().tolist(),  # tn, fp, fn, tp
        })
    return cases


def multiclass_cases(rng):
    cases = []
    for i in range(60):
        n = int(rng.integers(1, 41))
        k = int(rng.integers(2, 6))
        y_true = rng.integers(0, k, n)
        y_pred = np.where(rng.random(n) < 0.6, y_true, rng.integers(0, k, n))
        if i % 10 == 0:  # arbitrary integer labels, including negative ones
            table = np.array([-1, 2, 7, 9, 11])
            y_true, y_pred = table[y_true], table[y_pred]
        labels = sorted(set(y_true.tolist()) | set(y_pred.tolist()))
        cases.append({
            "id": f"mc-{i}", "yTrue": y_true, "yPred": y_pred, "labels": labels,
            "matrix": confusion_matrix(y_true, y_pred), "balancedAccuracy": balanced_accuracy_score(y_true, y_pred),
        })
    return cases


def scores_for(rng, n, kind):
    if kind == "ties":
        return rng.integers(0, 5, n) / 4.0
    if kind == "constant":
        return np.full(n, 0.3)
    if kind == "wide":
        return rng.normal(0, 100, n)
    return rng.random(n)


def normalise_roc(fpr, tpr, thr):
    """sklearn < 1.3 started thresholds at max+1; >= 1.3 at inf. Store the newer form."""
    thr = np.array(thr, dtype=float)
    thr[0] = np.inf
    return {"fpr": fpr, "tpr": tpr, "thresholds": thr}


def roc_cases(rng):
    cases = []
    plan = ["continuous"] * 120 + ["ties"] * 80 + ["wide"] * 20 + ["constant"] * 15 + ["single0"] * 15 \
        + ["single1"] * 15 + ["nan"] * 10 + ["inf"] * 5 + ["perfect"] * 10 + ["n1"] * 5 + ["n2tie"] * 5
    for i, kind in enumerate(plan):
        n = int(rng.integers(2, 41))
        y_true = binary_labels(rng, n, "mixed")
        if y_true.min() == y_true.max():
            y_true[0] = 1 - y_true[0]
        score_kind = kind if kind in ("ties", "constant", "wide") else ("ties" if i % 4 == 0 else "continuous")
        y_score = scores_for(rng, n, score_kind)
        if kind == "single0":
            y_true = np.zeros(n, dtype=int)
        elif kind == "single1":
            y_true = np.ones(n, dtype=int)
        elif kind == "nan":
            y_score[int(rng.integers(0, n))] = np.nan
        elif kind == "inf":
            y_score[int(rng.integers(0, n))] = np.inf
        elif kind == "perfect":
            y_score = y_true + rng.random(n) * 0.5 * (1 if i % 2 else -1)
        elif kind == "n1":
            y_true, y_score = y_true[:1], y_score[:1]
        elif kind == "n2tie":
            y_true, y_score = np.array([0, 1]), np.array([0.5, 0.5])
        case = {"id": f"roc-{i}-{kind}", "kind": kind, "yTrue": y_true, "yScore": y_score}
        auc = attempt(lambda: roc_auc_score(y_true, y_score))
        if isinstance(auc, dict) and "Only one class" in auc["error"] and kind not in ("nan", "inf"):
            case["auc"] = float("nan")  # our definition; sklearn 1.2 raised, >= 1.6 returns nan
            case["aucSklearn"] = auc["error"]
        else:
            case["auc"] = auc
        curve = attempt(lambda: roc_curve(y_true, y_score))
        case["roc"] = curve if isinstance(curve, dict) else normalise_roc(*curve)
        curve = attempt(lambda: roc_curve(y_true, y_score, drop_intermediate=False))
        case["rocAll"] = curve if isinstance(curve, dict) else normalise_roc(*curve)
        case["ap"] = attempt(lambda: average_precision_score(y_true, y_score))
        pr = attempt(lambda: precision_recall_curve(y_true, y_score))
        case["pr"] = pr if isinstance(pr, dict) else {"precision": pr[0], "recall": pr[1], "thresholds": pr[2]}
        cases.append(case)
    return cases


def ovr_cases(rng):
    cases = []
    for i in range(50):
        n = int(rng.integers(6, 41))
        k = int(rng.integers(3, 6))
        y_true = rng.integers(0, k, n)
        y_true[:k] = np.arange(k)
        logits = rng.normal(0, 1, (n, k)) + 1.5 * np.eye(k)[y_true] * rng.random()
        if i % 5 == 0:
            logits = np.round(logits)  # ties
        prob = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
        rng.shuffle(y_true_idx := np.arange(n))
        y_true, prob = y_true[y_true_idx], prob[y_true_idx]
        expected = attempt(lambda: roc_auc_score(y_true, prob, multi_class="ovr", average="macro"))
        cases.append({"id": f"ovr-{i}", "yTrue": y_true, "yScore": prob, "k": k, "auc": expected})
    return cases
