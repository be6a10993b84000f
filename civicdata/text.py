"""What counts as unsafe text, how it is shown, and how checks compare it.

Three jobs, one table of characters:

* **Refused** (:data:`UNSAFE_CHARS`, :data:`INVISIBLE`): control characters,
  bidirectional controls, and every *invisible* character: Unicode format
  characters (category Cf, e.g. the soft hyphen U+00AD, zero-width space
  U+200B, word joiner U+2060, tag characters U+E0000..), filler letters
  (Hangul fillers U+115F, U+1160, U+3164, U+FFA0; the Braille blank U+2800)
  and variation selectors. They render as nothing, so ``rad\\u00adical``
  reads as "radical" while matching no word list, and ``name: "\\u200b"``
  looks empty. The record loader refuses them in every file at one gate
  (:func:`civicdata.strict_yaml.loads`, located at line and column), and
  the models refuse the same characters by type.
* **Shown** (:func:`visible`): a terminal or CI log still sees them in what
  is *not* yet a valid record (a key name, a diff of a broken file, a file
  name), so every printed string writes them as escapes (``\\x1b``,
  ``\\u200b``) instead of passing them on.
* **Compared** (:func:`fold`): the neutrality and privacy checks match
  their word lists on a folded copy (compatibility forms and look-alike
  letters mapped to plain Latin, accents and invisibles dropped), so a
  full-width ``ｒａｄｉｃａｌ`` or a Cyrillic ``а`` cannot dodge them.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from .lookalikes import COMBINING, LOOK_ALIKES

# Invisible characters of the Basic Multilingual Plane, written as `\uXXXX`
# escapes that Python's `re`, pydantic-core's Rust regex and the JavaScript
# regex of an editor reading the JSON Schema all understand. Every format
# character (Cf) of the BMP, the fillers, the Braille blank, the Mongolian and
# standard variation selectors, the combining grapheme joiner and the Khmer
# inherent vowels, and the unassigned specials U+FFF0-U+FFF8 (no glyph: they render
# as nothing). tests/test_hostile_text.py checks that every Cf character
# Python knows is covered.
INVISIBLE_BMP = (
    r"\u00AD\u034F\u0600-\u0605\u061C\u06DD\u070F\u0890\u0891\u08E2\u115F\u1160"
    r"\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u2800\u3164"
    r"\uFE00-\uFE0F\uFEFF\uFFA0\uFFF0-\uFFFB"
)
# Outside the BMP: Kaithi and Egyptian format marks, shorthand format controls,
# musical formatting, tag characters and the variation selectors supplement.
# Only in Python patterns: a JSON Schema pattern cannot spell them portably.
INVISIBLE_ASTRAL = (
    r"\U000110BD\U000110CD\U00013430-\U0001343F\U0001BCA0-\U0001BCA3"
    r"\U0001D173-\U0001D17A\U000E0000-\U000E0FFF"
)
INVISIBLE = INVISIBLE_BMP + INVISIBLE_ASTRAL

# C0 and C1 controls but tab and newline, DEL, line/paragraph separators, and
# the invisible characters above (bidi embeddings, overrides and isolates are
# among them). Written as escapes both Python's `re` and pydantic-core's Rust
# regex understand: the models' text patterns are built from it.
UNSAFE_CHARS = r"\x00-\x08\x0B-\x1F\x7F-\x9F\u2028\u2029" + INVISIBLE_BMP

INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
_SHOWN = re.compile(f"[{UNSAFE_CHARS}{INVISIBLE_ASTRAL}\\t\\n\\ud800-\\udfff]")
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x100:
        return _NAMED.get(char) or f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def visible(text: str) -> str:
    """``text`` with every control, bidi, invisible and line-breaking character as an escape."""
    return _SHOWN.sub(_escape, text)


def char_name(char: str) -> str:
    """``zero width space (U+200B)``: how a message names a character nobody can see."""
    return f"{unicodedata.name(char, 'unnamed character').lower()} (U+{ord(char):04X})"


INVISIBLE_HINT = (
    "it renders as nothing, so readers and the word checks would see different text; "
    "delete it (retyping the word usually does it)"
)

# Letters of other scripts drawn exactly like Latin ones (Unicode's confusables
# for the lowercase alphabet), mapped for comparison only: a record may hold
# Greek or Cyrillic words, but "rаdical" with a Cyrillic а is not a new word.
_CHOSEN = str.maketrans(
    {
        "а": "a", "в": "b", "с": "c", "ԁ": "d", "е": "e", "ё": "e", "һ": "h", "і": "i",
        "ї": "i", "ј": "j", "к": "k", "ӏ": "l", "м": "m", "н": "h", "о": "o", "р": "p",
        "ԛ": "q", "г": "r", "ѕ": "s", "т": "t", "ц": "u", "ѵ": "v", "ԝ": "w", "х": "x",
        "у": "y", "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v",
        "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ɑ": "a", "ı": "i", "ȷ": "j",
        "ɡ": "g", "ℓ": "l", "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "І": "I",
        "Ј": "J", "К": "K", "М": "M", "О": "O", "Р": "P", "Ѕ": "S", "Т": "T", "Х": "X",
        "У": "Y", "Α": "A", "Β": "B", "Ε": "E", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
        "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "Ζ": "Z",
    }
)  # fmt: skip


@functools.cache
def _folding() -> tuple[re.Pattern[str], dict[int, str]]:
    """What :func:`fold` drops and what it maps, made on the first text that needs them.

    Every command imports this module, and most never fold a non-ASCII text: building
    these (1.5 ms) at import cost each command's start that much for nothing.

    Dropped: every combining mark (accents, overlays, enclosing marks, Hebrew
    points …), one C-level substitution, not a loop over characters. Mapped:
    Unicode's confusables for every ASCII letter (lookalikes.py: Armenian օ, Coptic
    ⲟ, small capitals ᴄ, lunate sigma ϲ, the click ǀ …), the hand-chosen pairs above
    winning, applied after NFKD. NFKD comes first: it already gives the right letter
    for the full-width and mathematical forms (``Ｉ`` and ``ſ`` become ``I`` and
    ``s``; the table alone would have said ``l`` and ``f``). Where it turns a
    look-alike into another one that is no letter of ours (the lunate sigma ``ϲ``
    into the final sigma ``ς``), that one maps to the look-alike's letter.
    """
    confusable = {ord(char): letter for letter, chars in LOOK_ALIKES.items() for char in chars}
    table = {**confusable, **_CHOSEN}
    for code, letter in list(table.items()):
        image = unicodedata.normalize("NFKD", chr(code))
        if len(image) == 1 and not image.isascii():
            table.setdefault(ord(image), letter)
    return re.compile(f"[{COMBINING}]"), table


def fold(text: str) -> str:
    """A copy of ``text`` for matching word lists, never for display.

    NFKD splits compatibility forms (full-width letters, ligatures, math
    alphanumerics, circled letters) and accents; invisible characters and
    every combining mark (accents, Hebrew points) are dropped;
    NFKC recomposes; look-alike letters of other scripts (Unicode's confusables,
    :mod:`civicdata.lookalikes`) become Latin. Case
    is kept (names are matched case-sensitively; the word lists ignore case).
    Plain ASCII returns unchanged, so checking ordinary records stays cheap.
    """
    if text.isascii():
        return text
    marks, look_alikes = _folding()
    decomposed = unicodedata.normalize("NFKD", INVISIBLE_RE.sub("", text))
    return unicodedata.normalize("NFKC", marks.sub("", decomposed)).translate(look_alikes)


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 file``, ``2 files``, ``2 dated entries``: a count with its noun in the right number.

    The one spelling of a counted noun, for the command line (``problems.summary``)
    and the site (``site.labels``); ``many`` is the plural when it is not ``word + "s"``.
    """
    return f"{count} {word if count == 1 else (many or word + 's')}"
