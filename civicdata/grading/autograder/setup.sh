#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder's image, with this
# zip unpacked in /autograder/source. The grader needs Python 3.11+ and the
# packages in requirements.txt: the exact versions of the course's uv.lock,
# written by `civicdata assign`, so every submission is graded with the
# versions the course tested. An image whose python3 is older (Ubuntu 22.04
# has 3.10) gets a Python 3.11 environment in $ROOT/venv, made by uv;
# run_autograder uses it when it exists.
main() {
    set -euo pipefail
    local root="${AUTOGRADER_ROOT:-/autograder}"
    local here
    here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
    local requirements="$here/requirements.txt"
    if ! command -v python3 >/dev/null; then
        apt-get update && apt-get install -y python3 python3-pip
    fi
    if python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
        python3 -m pip install --break-system-packages -r "$requirements" \
            || python3 -m pip install -r "$requirements"
    else
        python3 -m pip install --break-system-packages uv || python3 -m pip install uv
        # Where uv downloads a Python, it goes to /opt, not to root's private home:
        # the exercises' users must be able to run it (civicdata.grading.sandbox).
        UV_PYTHON_INSTALL_DIR=/opt/civicdata-python python3 -m uv venv --python 3.11 "$root/venv"
        python3 -m uv pip install --python "$root/venv/bin/python" -r "$requirements"
    fi
}
main "$@"; exit $?
