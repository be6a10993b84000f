"""Hostile YAML: one bounded loader refuses each case with a located error, never a crash."""

from __future__ import annotations

import time

import pytest

from civicdata.strict_yaml import MAX_DEPTH, YamlProblem, loads

HEAD = "id: katia-perez\n"

CASES = [
    # name, text, line, column, words in the message
    (
        "bad indent after `&` in a plain scalar",
        HEAD + "description: Smith & Jones: a law firm\n  name: x\n",
        2,
        27,
        "invalid YAML",
    ),
    (
        "bad indent after `*` in a plain scalar",
        HEAD + "name: 5 * 3\n- x\n",
        3,
        1,
        "invalid YAML",
    ),
    ("an anchor", HEAD + "name: &n Katia\n", 2, 7, "anchors"),
    ("an alias", HEAD + "name: Katia\naliases: [*n]\n", 3, 11, "aliases"),
    ("flow nesting 500 deep", HEAD + "a: " + "[" * 500 + "]" * 500 + "\n", 2, 67, "nesting"),
    (
        "flow nesting 25,000 deep",
        HEAD + "a: " + "{a: " * 25000 + "}" * 25000,
        2,
        4 * 63 + 4,
        "nest",
    ),
    (
        "block nesting by indentation",
        "".join(" " * i + f"k{i}:\n" for i in range(100)) + " " * 100 + "v: 1\n",
        65,
        65,
        "nesting",
    ),
    ("compact sequences", "- " * 100 + "x\n", 1, 129, "nesting"),
    ("a 5,000-digit integer", HEAD + "count: " + "9" * 5000 + "\n", 2, 8, "5,000 digits"),
    ("a negative 4,400-digit integer", HEAD + "n: -" + "1" * 4400 + "\n", 2, 4, "digits"),
    ("unclosed flow at end of file", HEAD + "a: [1, 2", 2, 9, "invalid YAML"),
    ("unclosed quote at end of file", HEAD + 'a: "open\n', 2, 9, "invalid YAML"),
    ("a raw escape character", HEAD + "name: Ka\x1btia\n", 2, 9, "not allowed"),
]


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_refused_with_a_location(text: str, line: int, column: int, words: str) -> None:
    started = time.perf_counter()
    with pytest.raises(YamlProblem) as caught:
        loads(text)
    assert time.perf_counter() - started < 1
    assert words in caught.value.message
    assert (caught.value.line, caught.value.column) == (line, column)
    lines = text.splitlines()
    assert 1 <= caught.value.line <= len(lines)
    assert 1 <= caught.value.column <= len(lines[caught.value.line - 1]) + 1


def test_nesting_up_to_the_limit_is_fine() -> None:
    depth = MAX_DEPTH - 1  # the record mapping itself is one level
    assert loads("a: " + "[" * depth + "]" * depth) == {"a": _nested(depth)}


def _nested(depth: int) -> list:
    value: list = []
    for _ in range(depth - 1):
        value = [value]
    return value


def test_ampersand_in_valid_text_is_text() -> None:
    assert loads(HEAD + "name: Smith & Jones *LLP*\n")["name"] == "Smith & Jones *LLP*"


def test_syntax_error_with_ampersand_is_located_in_validate(sandbox, cli, monkeypatch) -> None:
    """The case that took the whole dataset down: reported, with the rest still checked."""
    path = sandbox.data_dir / "person" / "larry-krasner.yaml"
    path.write_text(path.read_text() + "description: Smith & Jones: firm\n  bad: x\n")
    monkeypatch.chdir(sandbox.root)
    code, out, _ = cli("--root", str(sandbox.root), "validate")
    assert code == 1
    assert "civicdata/data/person/larry-krasner.yaml:" in out
    assert "Traceback" not in out
