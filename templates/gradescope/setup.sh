#!/usr/bin/env bash
# Gradescope image setup (runs once, as root, when the autograder zip is uploaded).
# The zip holds this file, run_autograder and a copy of the medgrade checkout in medgrade/.
# Spec: https://gradescope-autograders.readthedocs.io/en/latest/specs/
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends ca-certificates curl python3 python3-venv bubblewrap poppler-utils
# medgrade needs Node 20 or later; Ubuntu's own nodejs is older.
if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
  apt-get install -y nodejs
fi
cd /autograder/source/medgrade
npm ci --omit=optional --no-audit --no-fund
chmod +x bin/medgrade.mjs /autograder/source/run_autograder
# Build the grading Python environment now, so each submission does not pay for it.
node bin/medgrade.mjs env build --rubric rubrics/covid.yaml || echo "env build deferred to the first run"
