#!/usr/bin/env bash
# The tests: install what is missing, then run the whole vitest suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npx tsc --noEmit -p .
exec npx vitest run "$@"
