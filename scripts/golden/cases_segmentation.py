"""Dice / IoU / Hausdorff cases, expected values from MONAI.

Dice and IoU: MONAI compute_dice / compute_iou on float64 one-hot tensors
[1, C, ...] (float64 keeps MONAI's arithmetic in double precision).
Hausdorff: MONAI compute_hausdorff_distance works in float32, so each case
stores both MONAI's float32 value ("monai") and the same algorithm in float64
("expected"): MONAI's own get_mask_edges, scipy's distance_transform_edt with
sampling=spacing, numpy.quantile (linear), MONAI's empty-mask rules.
"""
import numpy as np
import torch
from monai.metrics import compute_dice, compute_hausdorff_distance, compute_iou
from monai.metrics.utils import get_mask_edges
from scipy.ndimage import distance_transform_edt, gaussian_filter


def digits(volume):
    return "".join(str(int(v)) for v in volume.ravel())


def one_hot(labels, k):
    return torch.nn.functional.one_hot(torch.from_numpy(labels).long(), k).movedim(-1, 0)[None].double()


def blob_labels(rng, shape, k):
    """Smooth random fields, argmax-ed: contiguous regions like a segmentation."""
    fields = np.stack([gaussian_filter(rng.normal(0, 1, shape), 1.0) for _ in range(k)])
    fields[0] += rng.uniform(-0.3, 0.6)  # vary how much is background
    return np.argmax(fields, axis=0)


def random_shape(rng):
    if rng.random() < 0.5:
        return tuple(int(s) for s in rng.integers(2, 9, 2))
    return tuple(int(s) for s in rng.integers(2, 7, 3))


def overlap_cases(rng):
    cases = []
    for i in range(200):
        shape = random_shape(rng)
        k = int(rng.integers(2, 5))
        truth = blob_labels(rng, shape, k) if i % 3 else rng.integers(0, k, shape)
        pred = truth.copy()
        flip = rng.random(shape) < rng.uniform(0, 0.5)
        pred[flip] = rng.integers(0, k, int(flip.sum()))
        if i % 4 == 0:  # a class missing from the truth
            c = int(rng.integers(1, k))
            truth[truth == c] = 0
        if i % 6 == 0:  # a class missing from the prediction
            c = int(rng.integers(1, k))
            pred[pred == c] = 0
        if i % 15 == 0:  # a class missing from both
            pred[pred == k - 1] = 0
            truth[truth == k - 1] = 0
        case = {"id": f"ov-{i}", "shape": list(shape), "numClasses": k, "pred": digits(pred), "truth": digits(truth)}
        for ib in (True, False):
            for ie in (True, False):
                key = f"bg{int(ib)}_ie{int(ie)}"
                case[f"dice_{key}"] = compute_dice(one_hot(pred, k), one_hot(truth, k), include_background=ib, ignore_empty=ie)[0].tolist()
                case[f"iou_{key}"] = compute_iou(one_hot(pred, k), one_hot(truth, k), include_background=ib, ignore_empty=ie)[0].tolist()
        # MONAI's default include_background=False; float32, so the tests allow 1e-5.
        case["hd95_monai"] = compute_hausdorff_distance(one_hot(pred, k), one_hot(truth, k), percentile=95)[0].tolist()
        cases.append(case)
    return cases


def reference_hd(pred, truth, spacing, percentile, directed):
    edges_pred, edges_truth = get_mask_edges(pred.astype(bool), truth.astype(bool), crop=True)

    def surface(a, b):  # MONAI get_surface_distance's rules, float64
        if not b.any():
            return np.full(int(a.sum()), np.inf)
        if not a.any():
            return np.full(int(b.sum()), np.inf)
        return distance_transform_edt(~b, sampling=spacing)[a]

    def reduce(d):
        if d.size == 0:
            return np.nan
        if not percentile:
            return d.max()
        return np.quantile(d, percentile / 100)

    values = [reduce(surface(edges_pred, edges_truth))]
    if not directed:
        values.append(reduce(surface(edges_truth, edges_pred)))
    return np.nan if any(np.isnan(values)) else max(values)


def hausdorff_cases(rng):
    cases = []
    plan = ["blob"] * 110 + ["emptyPred"] * 8 + ["emptyTruth"] * 8 + ["emptyBoth"] * 4 + ["full"] * 4 + ["large"] * 3
    for i, kind in enumerate(plan):
        shape = (48, 48, 24) if kind == "large" else random_shape(rng)
        if kind != "large" and rng.random() < 0.5:
            shape = tuple(int(s) for s in rng.integers(4, 13, len(shape)))
        truth = (gaussian_filter(rng.normal(0, 1, shape), 1.5 if kind == "large" else 1.0) > rng.uniform(-0.1, 0.2)).astype(np.uint8)
        pred = truth.copy()
        if kind == "large" or rng.random() < 0.5:  # a shifted prediction: distances of a few voxels
            pred = np.roll(pred, int(rng.integers(1, 3)) * (1 if rng.random() < 0.5 else -1), axis=int(rng.integers(0, len(shape))))
        noise = gaussian_filter(rng.normal(0, 1, shape), 1.0) > rng.uniform(0.2, 0.8)
        pred[noise] = 1 - pred[noise]
        if kind == "emptyPred" or kind == "emptyBoth":
            pred[:] = 0
        if kind == "emptyTruth" or kind == "emptyBoth":
            truth[:] = 0
        if kind == "full":
            truth[:] = 1
        spacing = None if i % 3 == 0 else [round(float(s), 3) for s in rng.uniform(0.4, 3.0, len(shape))]
        percentile = [95, None, 50, 0, 100][i % 5] if kind != "large" else 95
        directed = i % 9 == 4
        y_pred = torch.from_numpy(pred).double()[None, None]
        y = torch.from_numpy(truth).double()[None, None]
        monai_value = compute_hausdorff_distance(y_pred, y, include_background=True, percentile=percentile,
                                                 directed=directed, spacing=spacing)[0, 0].item()
        expected = reference_hd(pred, truth, spacing, percentile, directed)
        same = (np.isnan(expected) and np.isnan(monai_value)) or expected == monai_value \
            or abs(expected - monai_value) <= 1e-5 * max(1.0, abs(expected))
        if not same:
            raise AssertionError(f"hd case {i}: float64 reference {expected} vs MONAI {monai_value}")
        cases.append({"id": f"hd-{i}-{kind}", "shape": list(shape), "pred": digits(pred), "truth": digits(truth),
                      "spacing": spacing, "percentile": percentile, "directed": directed,
                      "expected": expected, "monai": monai_value})
    return cases
