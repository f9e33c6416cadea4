#!/usr/bin/env bash
# The peer for the harness-overhead benchmark: Otter-Grader 7 from PyPI in its own venv.
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=.medgrade/otter-venv
[ -x "$VENV/bin/otter" ] && exit 0
/usr/bin/python3 -m venv "$VENV"
"$VENV/bin/pip" install -q "otter-grader==7.0.0" ipykernel
