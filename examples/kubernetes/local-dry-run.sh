#!/bin/bash
# Runs the Indexed Job's command the way its pods would (JOB_COMPLETION_INDEX 0..N-1), on this machine, one
# after another, then the report: a check of a folder, model and options before applying the manifests.
#
#   N=3 EXPLAIN="node bin/explain.js" examples/kubernetes/local-dry-run.sh FOLDER MODEL OUT
set -euo pipefail
N=${N:-2}
EXPLAIN=${EXPLAIN:-explain}
FOLDER=${1:?folder}; MODEL=${2:?model}; OUT=${3:?out}
for ((JOB_COMPLETION_INDEX = 0; JOB_COMPLETION_INDEX < N; JOB_COMPLETION_INDEX++)); do
  $EXPLAIN --folder "$FOLDER" --model "$MODEL" --out "$OUT" --shard "${JOB_COMPLETION_INDEX}/${N}" --memory 2
done
$EXPLAIN report "$OUT" --into "$OUT"
