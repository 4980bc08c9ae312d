#!/bin/bash
# Runs explain-folder.sbatch the way a Slurm array would, on this machine, one task after another: a check of a
# folder, a model and the options before submitting (no Slurm needed).
#
#   N=3 EXPLAIN="node bin/explain.js" examples/slurm/local-dry-run.sh FOLDER MODEL OUT [explain options...]
set -euo pipefail
N=${N:-2}
here=$(dirname "$0")
for ((i = 0; i < N; i++)); do
  SLURM_ARRAY_TASK_ID=$i SLURM_ARRAY_TASK_COUNT=$N bash "$here/explain-folder.sbatch" "$@"
done
bash "$here/explain-report.sbatch" "$3"
