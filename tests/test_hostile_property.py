"""Property: whatever a real record is mutated into, validate answers in bounds.

Hypothesis mutates real records (truncate, splice bytes, duplicate keys,
deepen, swap value types, insert control characters) and the invariants hold:
no exception escapes (so no traceback), no hang, the exit code is 0, 1 or 2,
and every reported ``path:line:col`` lies inside the file.
"""

from __future__ import annotations

import re
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from civicdata.cli import main
from civicdata.project import Project
from tests.conftest import REPO, clean_files_parsed_once, copy_records

RECORDS = sorted((REPO / "civicdata" / "data").glob("*/*.yaml"))
CONTROL = [chr(c) for c in [*range(0, 9), 11, 12, 13, *range(14, 32), 0x7F, 0x85, 0x9B]]
CONTROL += ["\u202e", "\u2066", "\u2028", "\ufeff", "\u200b", "\u00ad", "\u3164", "\U000e0041"]
SWAPS = ["[]", "{}", "123", "-7", "1e999", "true", "null", '""', "- a", "{a: [b]}", "9" * 5000]
_LOCATION = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): error: ", re.MULTILINE)


def _mutate(draw: Callable[[Any], Any], data: bytes) -> bytes:
    """Hypothesis draws; hypothesis itself is imported by the test that uses it, not when
    the module is collected (each pytest-xdist worker collects every module)."""
    from hypothesis import strategies as st

    lines = data.split(b"\n")
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["truncate", "splice", "dup", "deepen", "swap", "control"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "truncate":
            data = data[:at]
        elif kind == "splice":
            data = data[:at] + draw(st.binary(min_size=1, max_size=12)) + data[at:]
        elif kind == "dup" and lines:
            line = draw(st.sampled_from(lines))
            data = data + b"\n" + line + b"\n"
        elif kind == "deepen":
            depth = draw(st.integers(1, 400))
            if draw(st.booleans()):
                nested = b"[" * depth + b"]" * depth
            else:
                nested = b"".join(b"  " * i + b"k:\n" for i in range(depth)) + b"  " * depth + b"v"
            data = data[:at] + b"\nx: " + nested + b"\n" + data[at:]
        elif kind == "swap":
            found = list(re.finditer(rb": (.*)", data))
            if found:
                match = draw(st.sampled_from(found))
                swap = draw(st.sampled_from(SWAPS)).encode()
                data = data[: match.start(1)] + swap + data[match.end(1) :]
        elif kind == "control":
            char = draw(st.sampled_from(CONTROL))
            escaped = f'"\\u{ord(char):04x}"'.encode() if draw(st.booleans()) else char.encode()
            data = data[:at] + escaped + data[at:]
        lines = data.split(b"\n")
    return data


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = tmp_path_factory.mktemp("property")
    return copy_records(root)


def _timeout(signum: int, frame: object) -> None:
    raise TimeoutError("validate hung")


def _bounds(data: bytes) -> tuple[int, int]:
    """Generous bounds: line breaks as libyaml or Python count them, widths in bytes."""
    text = data.decode("utf-8", "replace")
    lines = max(len(data.splitlines()), len(text.splitlines()), 1)
    width = max((len(line) for line in data.splitlines()), default=0)
    return lines, width + 1


def test_mutated_records_are_reported_in_bounds(project, capsys) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    mutations = st.composite(_mutate)
    # The other records' files are unchanged in every example: each is parsed once
    # (conftest.clean_files_parsed_once); the mutated file goes through every stage.
    parsed: dict = {}

    @settings(
        max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(st.data())
    def check(data: st.DataObject) -> None:
        with clean_files_parsed_once(parsed):
            _check_one(project, capsys, data.draw(st.sampled_from(RECORDS)), data, mutations)

    check()


def _check_one(project, capsys, original: Path, data, mutations) -> None:
    path = project.data_dir / original.parent.name / original.name
    mutated = data.draw(mutations(original.read_bytes()))
    path.write_bytes(mutated)
    previous = signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(20)
    try:
        code = main(["--root", str(project.root), "validate", str(path)])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        path.write_bytes(original.read_bytes())
    out, err = capsys.readouterr()
    assert code in {0, 1, 2}, err
    lines, width = _bounds(mutated)
    for found in _LOCATION.finditer(out):
        assert Path(found["path"]).name == path.name, out
        assert 1 <= int(found["line"]) <= lines, (found.group(), mutated)
        assert 1 <= int(found["col"]) <= width, (found.group(), mutated)
    assert code == 0 or _LOCATION.search(out), out
