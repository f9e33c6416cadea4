#!/usr/bin/env bash
# The main job: install what is missing, then grade every bundled sample cohort
# (submissions/<id>/ against rubrics/<id>.yaml) in the sandbox, writing results,
# reports and a gradebook per cohort to out/<id>/. Name cohorts to grade only those:
#   bash scripts/demo.sh covid lab4
# One cohort that fails to grade is reported and the others still run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cohorts=("$@")
if [ ${#cohorts[@]} -eq 0 ]; then
  # COVID first: it is the course project and the quickest to read.
  cohorts=(covid)
  for dir in submissions/*/; do
    id=$(basename "$dir")
    [ "$id" != covid ] && [ -f "rubrics/$id.yaml" ] && cohorts+=("$id")
  done
fi
failed=()
for id in "${cohorts[@]}"; do
  [ -f "rubrics/$id.yaml" ] || { echo "no rubric rubrics/$id.yaml for submissions/$id" >&2; failed+=("$id"); continue; }
  echo "== $id: grading submissions/$id with rubrics/$id.yaml → out/$id"
  node bin/medgrade.mjs grade "submissions/$id" --rubric "rubrics/$id.yaml" --out "out/$id" --jobs 2 || failed+=("$id")
done
echo "Graded: ${cohorts[*]}. Reports: out/<cohort>/<submission>/report.pdf, gradebooks: out/<cohort>/gradebook.csv"
[ ${#failed[@]} -eq 0 ] || { echo "Cohorts that did not grade: ${failed[*]}" >&2; exit 1; }
