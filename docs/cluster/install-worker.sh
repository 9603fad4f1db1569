#!/bin/sh
# Install the kit for a Dask worker: the checkout in KIT_DIR (the same commit as the machine that runs the
# batch: the batch refuses a worker whose kit, graders or reference differ), into a fresh virtual environment.
#
#   sh docs/cluster/install-worker.sh KIT_DIR VENV_DIR        (PYTHON=python3.11 to choose the interpreter)
#
# Used by the worker image (Dockerfile, worker.def) and, on a cluster with a shared file system (SLURM), run
# once on a login node into a folder every node sees. The install is editable: the environment runs the kit
# from KIT_DIR itself (its graders and solutions/ live there), so on SLURM KIT_DIR must be a checkout on the
# shared file system too, at a path every node sees (docs/cluster.md).
set -eu
KIT="${1:?usage: install-worker.sh KIT_DIR VENV_DIR}"
VENV="${2:?usage: install-worker.sh KIT_DIR VENV_DIR}"
PYTHON="${PYTHON:-python3}"
KIT="$(cd "$KIT" && pwd)"
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
# Editable: the kit's root keeps solutions/ beside the package, where the graders read the reference.
"$VENV/bin/python" -m pip install --quiet -e "$KIT[dask]"
"$VENV/bin/python" -c "from autograder.batch.cluster import kit_version; print('autograder worker installed: kit', kit_version())"
