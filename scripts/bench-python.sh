#!/usr/bin/env bash
# Sets up a venv for scripts/bench-python.py and runs it: the dehusk package built from
# python/ of this repository ($DEHUSK_PYTHON_DIR for another checkout's), pyarrow, and the
# peers from PyPI (trafilatura, resiliparse, fastwarc, readability-lxml). The venv is
# $DEHUSK_BENCH_VENV (default ${TMPDIR:-/tmp}/dehusk-bench-venv), reused between runs.
# Arguments go to bench-python.py:
#
#   scripts/bench-python.sh --runs 5 > table.md
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${DEHUSK_BENCH_VENV:-${TMPDIR:-/tmp}/dehusk-bench-venv}
# A path, not a name: `pip install python` would look for a package called "python".
pydir=${DEHUSK_PYTHON_DIR:-./python}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
py="$venv/bin/python"
{
    "$py" -m pip install -q --upgrade pip
    "$py" -m pip install -q pyarrow trafilatura resiliparse fastwarc readability-lxml \
        lxml_html_clean
    "$py" -m pip install -q --force-reinstall --no-deps "$pydir"
} >&2
exec "$py" scripts/bench-python.py "$@"
