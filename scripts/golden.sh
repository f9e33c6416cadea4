#!/usr/bin/env bash
# Regenerates tests/fixtures/golden/*.json from scikit-learn (Debian python3-sklearn)
# and MONAI 1.3.2 (PyPI, in a venv layered over Debian's torch 1.13).
# Needs: apt python3-venv python3-sklearn python3-torch python3-scipy; PyPI reachable on first run.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.medgrade/golden-venv
MONAI_VERSION=1.3.2   # the 1.3 line still supports torch 1.13
if ! "$VENV/bin/python" -c "import monai, sklearn, torch, scipy" 2>/dev/null; then
  rm -rf "$VENV"
  /usr/bin/python3 -m venv --system-site-packages "$VENV"
  # --no-deps: monai's only requirements (numpy, torch) come from Debian.
  "$VENV/bin/pip" install --quiet --no-deps "monai==$MONAI_VERSION"
fi
OMP_NUM_THREADS=1 "$VENV/bin/python" scripts/golden/make_golden.py
