"""What counts as unsafe text, and how it is shown when it must be shown.

Records refuse these characters by type (:mod:`civicdata.models.base`); a
terminal or a CI log still sees them in what is *not* yet a valid record (a
key name, a diff of a broken file, a file name), so every printed string goes
through :func:`visible`, which writes them as escapes (``\\x1b``, ``\\u202e``)
instead of passing them to the terminal.
"""

from __future__ import annotations

import re

# C0 and C1 controls but tab and newline, DEL, bidi embeddings/overrides/
# isolates, line/paragraph separators, zero-width no-break space. Written as
# escapes both Python's `re` and pydantic-core's Rust regex understand.
UNSAFE_CHARS = r"\x00-\x08\x0B-\x1F\x7F-\x9F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF"

_SHOWN = re.compile(f"[{UNSAFE_CHARS}\\t\\n\\ud800-\\udfff]")
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def visible(text: str) -> str:
    """``text`` with every control, bidi and line-breaking character written as an escape."""
    return _SHOWN.sub(_escape, text)
