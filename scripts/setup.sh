#!/usr/bin/env bash
# Installs what medgrade needs on Debian 12 (bookworm): system packages, node
# modules and the COVID rubric's Python environment. Safe to re-run: it only
# installs what is missing. Needs root (or sudo) for apt.
set -euo pipefail
cd "$(dirname "$0")/.."

# Core: sandbox, PDF tools, Chromium for reports, strace for runtime evidence,
# Debian's Python for environments, plus the ML stack and real datasets the
# reference labs, golden metrics and PyTorch projects use.
PACKAGES=(bubblewrap poppler-utils chromium strace python3-venv python3-pip fonts-dejavu-core
  python3-numpy python3-scipy python3-sklearn python3-torch python3-nibabel python3-pandas
  python3-pydicom mricron-data invesalius-examples insighttoolkit5-examples dataset-fashion-mnist python3-nitime)
if [ "${MEDGRADE_WITH_CLUSTER:-0}" = 1 ]; then PACKAGES+=(docker.io slurm-wlm munge debootstrap); fi

missing=()
for p in "${PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  echo "setup: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci" >&2
  npm ci --no-audit --no-fund >&2
fi

# The grading environment is built once and cached by the hash of its spec.
node bin/medgrade.mjs env build --rubric rubrics/covid.yaml >&2
