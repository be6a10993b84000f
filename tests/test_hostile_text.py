"""Text that is not text: refused by type, in every string field, with the character named."""

from __future__ import annotations

import pytest

from civicdata.models.base import MIN_QUOTE_CHARS
from civicdata.validate import validate
from civicdata.walk import links

PERSON = "person/larry-krasner.yaml"
CLAIM = "claim/advocates-bristle-at-possible-backtrack.yaml"


def _edit(sandbox, name: str, old: str, new: str) -> None:
    path = sandbox.data_dir / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def _messages(sandbox) -> list[str]:
    return [p.message for p in validate(sandbox).problems]


BAD_TEXT = [
    ("escaped NUL in a name", "name: Larry Krasner", 'name: "Larry\\0 Krasner"', "U+0000"),
    ("ANSI colour in a name", "name: Larry Krasner", 'name: "Larry \\e[31mKrasner"', "U+001B"),
    ("bidi override", "name: Larry Krasner", 'name: "Larry \\u202EKrasner"', "U+202E"),
    ("bidi isolate", "name: Larry Krasner", 'name: "Larry \\u2066Krasner"', "U+2066"),
    ("C1 control NEL", "name: Larry Krasner", 'name: "Larry \\x85Krasner"', "U+0085"),
    ("DEL", "name: Larry Krasner", 'name: "Larry \\x7FKrasner"', "U+007F"),
    ("line separator", "name: Larry Krasner", 'name: "Larry \\u2028Krasner"', "U+2028"),
    ("newline in a name", "name: Larry Krasner", 'name: "Larry\\nKrasner"', "must be one line"),
    ("tab in a name", "name: Larry Krasner", 'name: "Larry\\tKrasner"', "must be one line"),
    ("bell in a role title", "title: District Attorney", 'title: "District\\a Attorney"', "U+0007"),
]


@pytest.mark.parametrize(
    ("old", "new", "words"), [c[1:] for c in BAD_TEXT], ids=[c[0] for c in BAD_TEXT]
)
def test_unsafe_characters_are_refused_and_named(sandbox, old, new, words) -> None:
    _edit(sandbox, PERSON, old, new)
    messages = _messages(sandbox)
    assert len(messages) == 1, messages
    assert words in messages[0]


def test_control_characters_in_a_citation_quote_are_refused(sandbox) -> None:
    path = sandbox.data_dir / CLAIM
    lines = path.read_text().splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("    quote: "))
    lines[at] = '    quote: "Immigration\\x1b advocates bristle at the idea"'
    path.write_text("\n".join(lines) + "\n")
    assert any("U+001B" in m for m in _messages(sandbox))


def test_prose_may_hold_newlines_and_tabs(sandbox) -> None:
    _edit(sandbox, PERSON, "name: Larry Krasner", 'name: Larry Krasner\nnotes: "one\\n\\ttwo"')
    assert _messages(sandbox) == []


@pytest.mark.parametrize(
    ("date", "words"),
    [
        ("18", "a year has four digits"),
        ("218", "a year has four digits"),
        ("0", "a year has four digits"),
        ('"２０１８"', "is not a date"),
        ('"2018-０８"', "is not a date"),
        ('"١٢٣٤"', "is not a date"),
        ("12345", "a year has four digits"),
    ],
)
def test_years_are_four_ascii_digits(sandbox, date, words) -> None:
    _edit(sandbox, CLAIM, "kind: opinion\n", f"kind: opinion\ndate: {date}\n")  # undated claim
    messages = _messages(sandbox)
    assert len(messages) == 1 and words in messages[0], messages


@pytest.mark.parametrize("quote", ["a", "he said", "  he  said  it ", "x" * (MIN_QUOTE_CHARS - 1)])
def test_short_quotes_are_refused_with_the_reason(sandbox, quote) -> None:
    _edit(
        sandbox,
        CLAIM,
        "quote: Immigration advocates bristle at the idea that Kenney might backtrack on "
        "his promise to keep Philadelphia a sanctuary.\nabout",
        f'quote: "{quote}"\nabout',
    )
    messages = _messages(sandbox)
    assert any(f"at least {MIN_QUOTE_CHARS} characters" in m for m in messages), messages
    assert any("identifies one passage" in m for m in messages)


def test_every_real_quote_meets_the_minimum(repo) -> None:
    report = validate(repo)
    quotes = [c.quote for item in report.loaded for _, c in links(item.record).citations]
    quotes += [getattr(item.record, "quote", "x" * MIN_QUOTE_CHARS) for item in report.loaded]
    assert min(len("".join(q.split())) for q in quotes) >= MIN_QUOTE_CHARS
