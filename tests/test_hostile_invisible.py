"""Invisible and look-alike characters: refused at one gate, located, named, never a dodge.

A soft hyphen in ``rad\\u00adical`` renders as "radical" and matches no word
list; ``name: "\\u200b"`` looks empty; a Cyrillic ``а`` or a full-width word
looks like the Latin one. The loader refuses every invisible character at
``file:line:col`` with a hint (civicdata/strict_yaml.py, the table is
civicdata/text.py), the models refuse them by type, and the word checks
compare a folded copy, so a look-alike spelling is the word all the same.
"""

from __future__ import annotations

import re
import sys
import unicodedata

import pytest
from pydantic import ValidationError

from civicdata.models import Person
from civicdata.strict_yaml import YamlProblem, loads, read_text
from civicdata.text import INVISIBLE_BMP, INVISIBLE_RE, UNSAFE_CHARS, fold, visible
from civicdata.validate import validate

PERSON = "person/larry-krasner.yaml"
PRIVATE = "person/katia-perez.yaml"
POLICY = "policy/pars-ice-access-contract.yaml"

# The classes of the brief, one or more members each; unseen members of each
# class are covered by the table test below (every Cf character Python knows).
INVISIBLES = {
    "soft hyphen": "\u00ad",
    "zero width space": "\u200b",
    "zero width non-joiner": "\u200c",
    "zero width joiner": "\u200d",
    "left-to-right mark": "\u200e",
    "right-to-left mark": "\u200f",
    "word joiner": "\u2060",
    "function application": "\u2061",
    "invisible plus": "\u2064",
    "arabic letter mark": "\u061c",
    "hangul filler": "\u3164",
    "hangul choseong filler": "\u115f",
    "hangul jungseong filler": "\u1160",
    "halfwidth hangul filler": "\uffa0",
    "zero width no-break space": "\ufeff",
    "mongolian vowel separator": "\u180e",
    "variation selector-16": "\ufe0f",
    "variation selector-17": "\U000e0100",
    "tag latin small letter a": "\U000e0061",
    "cancel tag": "\U000e007f",
    "left-to-right embedding": "\u202a",
    "right-to-left override": "\u202e",
    "left-to-right isolate": "\u2066",
    "pop directional isolate": "\u2069",
    "combining grapheme joiner": "\u034f",
    "braille pattern blank": "\u2800",
    "unassigned special": "\ufff0",  # U+FFF0-U+FFF8: no glyph, rendered as nothing
    "last unassigned special": "\ufff8",
}


def _edit(sandbox, name: str, old: str, new: str) -> None:
    path = sandbox.data_dir / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(sandbox):
    return validate(sandbox).problems


@pytest.mark.parametrize("char", INVISIBLES.values(), ids=INVISIBLES.keys())
def test_the_gate_refuses_each_invisible_character_where_it_is(char):
    """Every class, written in the text or as an escape, located at its line and column."""
    text = f"id: larry-krasner\nname: Larry Kras{char}ner\n"
    with pytest.raises(YamlProblem) as written:
        loads(text)
    assert (written.value.line, written.value.column) == (2, len("name: Larry Kras") + 1)
    assert f"U+{ord(char):04X}" in written.value.message
    assert "invisible character" in written.value.message and "delete it" in written.value.hint
    escape = f"\\u{ord(char):04x}" if ord(char) < 0x10000 else f"\\U{ord(char):08x}"
    with pytest.raises(YamlProblem) as escaped:
        loads(f'id: larry-krasner\nnotes: "ok"\nname: "x{escape}y"\n')
    assert (escaped.value.line, escaped.value.column) == (3, 7)
    assert f"U+{ord(char):04X}" in escaped.value.message
    assert "written as an escape" in escaped.value.message


@pytest.mark.parametrize("char", ["\u00ad", "\u3164", "\U000e0061"])
def test_validate_reports_it_at_file_line_col(sandbox, char):
    """Through the whole pipeline: the same located problem, and nothing else for that file."""
    _edit(sandbox, PERSON, "name: Larry Krasner", f"name: Larry Kras{char}ner")
    [problem] = _problems(sandbox)
    assert problem.path.name == "larry-krasner.yaml"
    line = (
        (sandbox.data_dir / PERSON)
        .read_text(encoding="utf-8")
        .splitlines()
        .index(f"name: Larry Kras{char}ner")
    )
    assert (problem.line, problem.column) == (line + 1, len("name: Larry Kras") + 1)
    assert f"U+{ord(char):04X}" in problem.message and problem.hint


@pytest.mark.parametrize(
    ("field", "text", "line", "column"),
    [
        ("a key", "na\u200bme: Larry Krasner\n", 2, 3),
        ("a citation quote", "citations:\n  - quote: \u00adLarry\n", 3, 12),
        ("a comment", "name: Larry Krasner  # \u202e\n", 2, 24),
        ("an alias list item", "aliases: [L\u2060K]\n", 2, 12),
        ("a block scalar", "notes: |\n  one\n  t\u200cwo\n", 4, 4),
    ],
)
def test_every_place_in_the_file_goes_through_the_gate(field, text, line, column):
    with pytest.raises(YamlProblem) as caught:
        loads("id: larry-krasner\n" + text)
    assert (caught.value.line, caught.value.column) == (line, column), field


@pytest.mark.parametrize(
    "name",
    [
        '"\\u200b"',
        '"\u3164"',
        '" "',
        '"\u3000"',
        "'\t'",
        '"\u2800"',
        "\u3000",
        "\xa0",
        "\u2003 \u2003",
    ],
)
def test_a_name_of_only_invisible_or_blank_characters_is_refused(name):
    with pytest.raises(YamlProblem) as caught:
        loads(f"id: larry-krasner\nname: {name}\n")
    assert caught.value.line == 2
    assert "invisible" in caught.value.message or "blank" in caught.value.message


def test_a_blank_name_is_reported_by_validate(sandbox):
    _edit(sandbox, PERSON, "name: Larry Krasner", 'name: "\u3000"')
    [problem] = _problems(sandbox)
    assert "only blank space" in problem.message and problem.column == 7


def test_a_leading_byte_order_mark_is_an_encoding_mark_not_text(tmp_path):
    assert loads("\ufeffid: x\n") == {"id": "x"}
    with pytest.raises(YamlProblem, match="U\\+FEFF"):
        loads("id: x\ufeff\n")
    doubled = tmp_path / "x.yaml"  # the decoder takes one mark; the second is text
    doubled.write_bytes(b"\xef\xbb\xbf\xef\xbb\xbfid: x\n")
    with pytest.raises(YamlProblem, match="second byte order mark") as caught:
        read_text(doubled)
    assert (caught.value.line, caught.value.column) == (1, 1)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("name: rad\x85ical\n", (2, 10)),  # libyaml reads NEL as a line break: "rad ical"
        ('name: "rad\x85ical"\n', (2, 11)),
        ("notes: |\n  a\x85b\n", (3, 4)),
        ("name: a\x9bb\n", (2, 8)),  # CSI, another C1 control
    ],
)
def test_a_raw_c1_control_is_refused_where_it_stands(text, where):
    with pytest.raises(YamlProblem, match=r"control character U\+00[89]") as caught:
        loads("id: x\n" + text)
    assert (caught.value.line, caught.value.column) == where


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("# c\r%YAML 1.1\r---\rid: x\r", (2, 1), "directives"),
        ("id: x\ra:\r" + "- " * 5000 + "x\r", (3, 127), "nesting deeper"),
        # libyaml breaks lines at U+2028 and U+2029 too: refused where they stand
        ("# c\u2028%YAML 1.1\u2028---\u2028id: x\u2028", (1, 4), "line separator"),
        ("id: x\u2029a:\u2029" + "- " * 5000 + "x\u2029", (1, 6), "paragraph separator"),
    ],
    ids=["a directive", "deep nesting", "a directive after U+2028", "nesting after U+2029"],
)
def test_lines_broken_by_a_lone_cr_get_the_same_gate(text, where, words):
    """libyaml breaks lines at a lone CR; the gate's scans read lines at LF, so an old
    Mac file's directive was accepted and its deep nesting crashed the composer."""
    with pytest.raises(YamlProblem, match=words) as caught:
        loads(text)
    assert (caught.value.line, caught.value.column) == where


@pytest.mark.parametrize("directive", ["%YAML 1.1", "%TAG !e! tag:example.com,2000:"])
def test_a_yaml_directive_is_refused_not_obeyed(directive):
    """A directive would set rules of its own (`%YAML 1.1`'s booleans, `%TAG`'s tags):
    it is refused, never silently accepted."""
    with pytest.raises(YamlProblem, match="directives") as caught:
        loads(f"{directive}\n---\nid: x\nsigned: no\n")
    assert (caught.value.line, caught.value.column) == (1, 1)
    assert loads("id: x\nnotes: 50%\n") == {"id": "x", "notes": "50%"}  # `%` in text is text


def test_the_table_covers_every_format_character_python_knows():
    """Unicode category Cf (format) is refused whole; so are fillers and variation selectors."""
    assert all(unicodedata.category(chr(code)) != "Cf" for code in range(0x20000, 0xE0000)), (
        "a format character outside planes 0, 1 and 14: extend the scan below"
    )
    planes = [*range(0x20000), *range(0xE0000, sys.maxunicode + 1)]
    missing = [
        f"U+{code:04X}"
        for code in planes
        if unicodedata.category(chr(code)) == "Cf" and not INVISIBLE_RE.match(chr(code))
    ]
    assert missing == []
    for code in [*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0), 0x115F, 0x1160, 0x3164]:
        assert INVISIBLE_RE.match(chr(code)), hex(code)


def test_the_models_refuse_the_same_characters_by_type():
    """A record built in Python meets the same rule; the JSON Schema pattern is editor-safe."""
    with pytest.raises(ValidationError) as raised:
        Person(id="x", name="Larry\u200b Krasner", citations=[])
    assert ("name",) in [e["loc"] for e in raised.value.errors()]
    assert "\\U" not in UNSAFE_CHARS and INVISIBLE_BMP in UNSAFE_CHARS  # JS cannot read \U
    assert re.fullmatch(rf"[^{UNSAFE_CHARS}]*", "Katia Pérez — “quoted”")


def test_visible_escapes_every_invisible_character():
    for char in INVISIBLES.values():
        shown = visible(f"a{char}b")
        assert char not in shown and shown.startswith("a\\") and shown.endswith("b")


@pytest.mark.parametrize(
    "spelling",
    [
        "ｒａｄｉｃａｌ",  # full-width letters
        "r\u0430dical",  # Cyrillic а
        "\U0001d42b\U0001d41a\U0001d41d\U0001d422\U0001d41c\U0001d41a\U0001d425",  # math bold
        "ra\u0301dical",  # a combining accent
        "RАDICAL",  # Cyrillic capital А
        # Unicode's confusables beyond Greek and Cyrillic (the hand-made table missed them)
        "radi\u03f2al",  # Greek lunate sigma, which NFKD turns into a final sigma
        "radi\u1d04al",  # Latin small capital C
        "rad\u0269cal",  # Latin iota
        "rad\ua647cal",  # Cyrillic iota
        "radica\u01c0",  # the dental click, drawn as l
        "\u2c85adical",  # Coptic gamma, drawn as r
        "rad\u05b0ical",  # a Hebrew point, a combining mark outside the Latin ones
        "\uff32\uff21\uff24\uff29\uff23\uff21\uff2c",  # full-width capitals: NFKD says I, not l
        "rad\U0001d408cal",  # a mathematical capital I
    ],
)
def test_look_alike_spellings_do_not_dodge_the_neutrality_check(sandbox, spelling):
    _edit(sandbox, POLICY, "summary: >-\n", f"summary: >-\n  A {spelling} plan.\n")
    messages = [p.message for p in _problems(sandbox)]
    assert any("evaluative word" in m for m in messages), messages


@pytest.mark.parametrize(
    "spelling", ["dеported", "ｄｅｐｏｒｔｅｄ", "de\u0301ported", "dep\u0585rted", "dep\u2c9frted"]
)
def test_look_alike_spellings_do_not_dodge_the_privacy_check(sandbox, spelling):
    _edit(
        sandbox,
        PRIVATE,
        "description: Activist with Reclaim Philadelphia",
        f"description: Activist with Reclaim Philadelphia, {spelling} in 2019",
    )
    messages = [p.message for p in _problems(sandbox)]
    assert any("sensitive detail" in m for m in messages), messages


def test_fold_is_for_matching_only():
    assert fold("Katia Pérez") == "Katia Perez"
    assert fold("plain ascii stays") == "plain ascii stays"
    assert fold("ｒａｄ\u00adｉｃａｌ") == "radical"


@pytest.mark.parametrize(
    "name",
    [
        "K\u0430tia Pérez",
        "Katia Pe\u0301rez",
        "Ｋａｔｉａ Pérez",
        "Katia\u00a0Pérez",
        "Katia Pe\u2c85ez",  # Coptic gamma for the r
    ],
)
def test_a_look_alike_spelling_of_a_private_name_is_still_her_name(sandbox, name):
    _edit(sandbox, POLICY, "summary: >-\n", f"summary: >-\n  {name} was deported.\n")
    messages = [p.message for p in _problems(sandbox)]
    assert any("sensitive detail" in m and "next to" in m for m in messages), messages
