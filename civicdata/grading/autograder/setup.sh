#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder's image, with this
# zip unpacked in /autograder/source. The grader needs Python 3.11+ and these
# packages (from pyproject.toml). An image whose python3 is older (Ubuntu
# 22.04 has 3.10) gets a Python 3.11 environment in $ROOT/venv, made by uv;
# run_autograder uses it when it exists.
set -euo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
if ! command -v python3 >/dev/null; then
    apt-get update && apt-get install -y python3 python3-pip
fi
pip_install() {
    "$@" --break-system-packages @DEPENDENCIES@ || "$@" @DEPENDENCIES@
}
if python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    pip_install python3 -m pip install
else
    pip_install python3 -m pip install uv
    python3 -m uv venv --python 3.11 "$ROOT/venv"
    python3 -m uv pip install --python "$ROOT/venv/bin/python" @DEPENDENCIES@
fi
