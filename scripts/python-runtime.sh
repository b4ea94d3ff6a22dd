#!/usr/bin/env bash
# The Kiln Runtime's Python environment: a venv at <runtime>/python/venv (default
# runtime/target/kiln-runtime/python/venv) with runtime/python/requirements.txt installed from PyPI
# (PySpark of the runtime's Spark version). Idempotent: (re)creates the venv only when it is missing
# or the requirements changed. The runtime build keeps the venv when it rebuilds the folder; `mvn
# clean` removes it and the next `./kiln start` or `./kiln test` makes it again.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${1:-$ROOT/runtime/target/kiln-runtime/python/venv}"
REQUIREMENTS="$ROOT/runtime/python/requirements.txt"

if [[ -x "$VENV/bin/python" ]] && cmp -s "$REQUIREMENTS" "$VENV/kiln-requirements.txt"; then
  exit 0
fi
echo "python-runtime: creating $VENV (PySpark from PyPI, a few minutes the first time)" >&2
python3 -m venv --clear "$VENV"
"$VENV/bin/pip" install -q -r "$REQUIREMENTS"
# PySpark's wheel carries Spark's jars (~450 MB): the driver JVM has its own, only the Python sources
# are used here.
rm -rf "$VENV"/lib/python3*/site-packages/pyspark/jars
cp "$REQUIREMENTS" "$VENV/kiln-requirements.txt"
