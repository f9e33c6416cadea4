#!/usr/bin/env bash
# The main job: install what is missing, then grade the bundled COVID sample
# submissions in the sandbox and write their results, reports and gradebook to out/covid.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node bin/medgrade.mjs grade submissions/covid --rubric rubrics/covid.yaml --out out/covid --jobs 2 "$@"
