#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder's image.
# The grader needs only Python 3.11+ and these packages (from pyproject.toml).
set -euo pipefail
if ! command -v python3 >/dev/null; then
    apt-get update && apt-get install -y python3 python3-pip
fi
python3 -m pip install --break-system-packages @DEPENDENCIES@ \
    || python3 -m pip install @DEPENDENCIES@
