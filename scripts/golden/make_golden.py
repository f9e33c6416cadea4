"""Regenerate tests/fixtures/golden/*.json: random cases with expected values
from scikit-learn (Debian python3-sklearn) and MONAI (venv over Debian torch).

Run through scripts/golden.sh. Deterministic: seeded numpy Generator.
Encoding: NaN / Infinity / -Infinity are the strings "NaN", "Infinity",
"-Infinity" (JSON has no such numbers); label volumes are digit strings.
Where sklearn raises, the case stores {"error": "<Type>: <message>"}.
Where no library defines the metric (ECE, bootstrap) the expected values come
from the plain reference implementations in reference.py.
"""
import json
import math
import os
import sys
import warnings

import numpy as np

warnings.simplefilter("ignore")
sys.path.insert(0, os.path.dirname(__file__))

import sklearn  # noqa: E402
import monai  # noqa: E402
import torch  # noqa: E402

from cases_classification import classification_cases, multiclass_cases, roc_cases, ovr_cases  # noqa: E402
from cases_segmentation import overlap_cases, hausdorff_cases  # noqa: E402
from cases_other import calibration_cases, bootstrap_cases  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "fixtures", "golden")


def enc(x):
    """Recursively turn numpy values into JSON-safe Python, non-finite floats into strings."""
    if isinstance(x, dict):
        return {k: enc(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [enc(v) for v in x]
    if isinstance(x, np.ndarray):
        return enc(x.tolist())
    if isinstance(x, (np.bool_, bool)):
        return bool(x)
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        f = float(x)
        if math.isnan(f):
            return "NaN"
        if math.isinf(f):
            return "Infinity" if f > 0 else "-Infinity"
        return f
    return x


def write(name, cases):
    doc = {
        "generator": "scripts/golden/make_golden.py",
        "versions": {"sklearn": sklearn.__version__, "monai": monai.__version__, "torch": torch.__version__, "numpy": np.__version__},
        "count": len(cases),
        "cases": enc(cases),
    }
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(doc, f, separators=(",", ":"), allow_nan=False)
    print(f"{name}: {len(cases)} cases, {os.path.getsize(path)} bytes")


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20261122)
    write("classification.json", classification_cases(rng))
    write("multiclass.json", multiclass_cases(rng))
    write("roc.json", roc_cases(rng))
    write("ovr.json", ovr_cases(rng))
    write("overlap.json", overlap_cases(rng))
    write("hausdorff.json", hausdorff_cases(rng))
    write("calibration.json", calibration_cases(rng))
    write("bootstrap.json", bootstrap_cases(rng))


if __name__ == "__main__":
    main()
