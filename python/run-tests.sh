#!/usr/bin/env bash
# Builds the dehusk Python package into a virtualenv the way a user installs it
# (`pip install ./python`), then runs its pytest suite; CI calls this. Each step is timed.
#
#   DEHUSK_VENV=/path      the virtualenv (default: python/.venv, created when missing)
#   DEHUSK_PY_PROFILE=quick build with Cargo's `quick` profile (no LTO) instead of release:
#                          faster to build, slower to run; for iterating, not for figures
#   extra arguments        passed to pytest
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
venv=${DEHUSK_VENV:-$here/.venv}
python=${PYTHON:-python3}
declare -a timings=()

step() {
    local name=$1
    shift
    local start=$SECONDS
    echo "==> $name"
    "$@"
    timings+=("$(printf '%-28s %4ds' "$name" $((SECONDS - start)))")
}

report() {
    echo "==> timings"
    printf '    %s\n' "${timings[@]}"
}
trap report EXIT

# Debian's python3 ships without venv/ensurepip; CI runs as root, so add it there.
if ! "$python" -c "import ensurepip, venv" >/dev/null 2>&1 && command -v apt-get >/dev/null && [[ $(id -u) == 0 ]]; then
    step "apt-get python3-venv" bash -c "apt-get update -qq && apt-get install -y -qq python3-venv python3-pip"
fi
if [[ ! -x $venv/bin/python ]]; then
    step "create venv" "$python" -m venv "$venv"
fi
pip=("$venv/bin/python" -m pip --disable-pip-version-check -q)
# pyarrow is optional for users; the suite tests extract_arrow, so it is installed here.
step "install pytest, pyarrow" "${pip[@]}" install "pytest>=7" "pyarrow>=14"

build_args=()
if [[ -n ${DEHUSK_PY_PROFILE:-} ]]; then
    build_args=(--config-settings "build-args=--profile ${DEHUSK_PY_PROFILE}")
fi
step "pip install ./python" "${pip[@]}" install --force-reinstall --no-deps "${build_args[@]}" "$here"

# From the tests' folder so `import dehusk` finds the installed package, not the source.
cd "$here/tests"
step "pytest" "$venv/bin/python" -m pytest -q "$@"
