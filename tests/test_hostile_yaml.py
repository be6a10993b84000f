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
    # Tags, the non-specific `!` included: the composer would resolve `! 123` to 123.
    ("the non-specific tag on text", HEAD + "name: ! bar\n", 2, 7, "tags"),
    ("the non-specific tag on digits", HEAD + "threshold: ! 123\n", 2, 12, "tags"),
    ("the non-specific tag on a quote", HEAD + 'name: ! "Katia"\n', 2, 7, "tags"),
    ("the non-specific tag on a list", HEAD + "aliases: ! [a]\n", 2, 10, "tags"),
    ("the non-specific tag on a mapping", HEAD + "x: ! {a: 1}\n", 2, 4, "tags"),
    ("a local tag", HEAD + "name: !x bar\n", 2, 7, "tags"),
    ("a verbatim tag", HEAD + "name: !<tag:yaml.org,2002:str> 5\n", 2, 7, "tags"),
    ("a secondary tag", HEAD + "name: !!str 5\n", 2, 7, "tags"),
    ("a tag on a key", HEAD + "! name: x\n", 2, 1, "tags"),
    # Integers are plain digits (YAML 1.2 core would read these as 2, 2 and 2018).
    ("a plus sign", HEAD + "threshold: +2\n", 2, 12, "without a `+`"),
    ("a leading zero", HEAD + "threshold: 02\n", 2, 12, "leading zeros"),
    ("a five-digit year", HEAD + "date: 02018\n", 2, 7, "leading zeros"),
    ("negative zero", HEAD + "n: -0\n", 2, 4, "plain digits"),
    ("a signed zero", HEAD + "n: +0\n", 2, 4, "plain digits"),
]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("threshold: 2\n", 2),
        ("threshold: 0\n", 0),
        ("n: -12\n", -12),
        ("n: '+2'\n", "+2"),  # quoted: text, for the model to judge
        ("n: '02'\n", "02"),
        ("q: 'Stop! Now'\n", "Stop! Now"),  # `!` inside text is text
        ("q: Stop! Now\n", "Stop! Now"),
    ],
)
def test_plain_numbers_and_text_with_bangs_still_load(text: str, value: object) -> None:
    data = loads(HEAD + text)
    del data["id"]
    assert list(data.values()) == [value]


def test_a_threshold_with_a_sign_is_refused_in_a_record(sandbox) -> None:
    from civicdata.validate import validate

    path = (
        sandbox.data_dir
        / "vote"
        / next(
            p.name for p in (sandbox.data_dir / "vote").iterdir() if "threshold: 2" in p.read_text()
        )
    )
    for written in ("+2", "02", "! 2", "'2'"):
        path.write_text(path.read_text().replace("threshold: 2\n", f"threshold: {written}\n"))
        problems = [p for p in validate(sandbox).problems if p.path == path]
        assert len(problems) == 1 and problems[0].line == 6, (written, problems)
        path.write_text(path.read_text().replace(f"threshold: {written}\n", "threshold: 2\n"))


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_refused_with_a_location(text: str, line: int, column: int, words: str) -> None:
    started = time.process_time()  # CPU seconds: a loaded machine does not make it fail
    with pytest.raises(YamlProblem) as caught:
        loads(text)
    assert time.process_time() - started < 1
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
