"""A strict, fast YAML loader for record files.

PyYAML's defaults bite learners: duplicate keys silently keep the last value,
``no`` becomes ``False``, ``2018-08-31`` becomes a ``datetime.date`` and tags
can build arbitrary Python objects. This loader parses with libyaml (the C
parser) and converts nodes itself, with YAML 1.2 core-schema scalars:

* only ``true``/``false`` (any case PyYAML's core schema allows) are booleans;
  ``no``, ``off``, ``yes`` stay strings; dates stay strings;
* integers are the core schema's minus two spellings it allows: a ``+`` sign
  and leading zeros (``+2``, ``02``, ``02018``, ``-0``) are refused, located,
  with the plain form to write, because the file would say something other
  than the value stored (documented in docs/contributing.md);
* duplicate keys, anchors, aliases and tags (``!!str``, ``!x``, the
  non-specific ``!``) are errors;
* invisible characters (:data:`civicdata.text.INVISIBLE`: format characters
  such as the soft hyphen and zero-width space, fillers, variation
  selectors, bidi controls) are refused anywhere in the file, written
  directly or as a ``"\\u200b"`` escape, located at their line and column;
  so is a quoted text made only of spaces;
* one mapping per file, UTF-8 only (a BOM and CRLF line ends are fine), and a
  size limit per file;
* bounded: nesting deeper than :data:`MAX_DEPTH` is refused before any node
  is built (libyaml's composer and the converter recurse, so a 25,000-deep
  file would otherwise crash the interpreter), and so are integers too long
  for Python to convert.

Every failure is a :class:`YamlProblem` with a 1-based line and column.
Speed matters (the benchmark holds validation to 1.25x a stock ``CSafeLoader``
parse), so the tag resolver is a constant and node conversion is a tight
recursive function; marks are only looked up again when a file has a problem.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

# Reading files is files_io's; the names stay importable from here (tests, docs, grader).
from .files_io import MAX_FILE_BYTES as MAX_FILE_BYTES
from .files_io import decode as decode
from .files_io import file_type as file_type
from .files_io import read_bytes as read_bytes
from .files_io import read_text as read_text
from .problems import YamlProblem as YamlProblem
from .text import INVISIBLE_HINT, INVISIBLE_RE, char_name

try:
    from yaml._yaml import CParser
except ImportError as exc:  # pragma: no cover - depends on how PyYAML was built
    raise ImportError(
        "civicdata needs PyYAML built with libyaml (yaml.CParser); reinstall pyyaml from a wheel"
    ) from exc

MAX_DEPTH = 64
# A block collection starts at a column made only of indentation and `- `,
# `? `, `: ` indicators, and each column holds at most two nested block
# collections (a sequence may sit at its mapping key's column). So a file whose
# lines all start with fewer than _BLOCK_RUN such characters, and whose `[`/`{`
# count stays small, cannot nest deeper than MAX_DEPTH: only other files pay
# for the exact event scan.
_BLOCK_RUN = 24
_MAX_FLOW_BRACKETS = MAX_DEPTH - 2 * _BLOCK_RUN - 1
_DEEP_LINE = re.compile(rf"^[ \t?:-]{{{_BLOCK_RUN}}}", re.MULTILINE)

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_SPECIAL_START = frozenset("~nNtTfF-+.0123456789")
_INT = re.compile(r"[-+]?[0-9]+")
# Integers are written as plain decimal digits: no `+`, no leading zero. YAML
# 1.2's core schema would read `+2`, `02` and `02018` as 2 and 2018, so
# `threshold: 02` or `date: 02018` would pass as something the file does not
# say; they are refused instead (documented in docs/contributing.md).
_PLAIN_INT = re.compile(r"0|-?[1-9][0-9]*")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")


class _StrictParser(CParser):
    """libyaml's composer with the resolver hooks turned into no-ops.

    libyaml calls ``resolve(kind, value, implicit)`` and the descend/ascend
    hooks once per node. Python functions there cost more than the parse
    itself, so they are builtins: ``slice(kind, value, implicit)`` just marks
    the node as *untagged* (an explicit ``!tag`` arrives as a ``str`` instead),
    and typing happens in :func:`_convert` from the node's quoting style.
    """

    resolve = slice
    descend_resolver = slice
    ascend_resolver = tuple


# The class of an untagged node's ``tag`` (see _StrictParser). The stubs type ``Node.tag``
# as ``str``, which an explicit tag is; named here so the check says what it means.
_UNTAGGED: type[object] = slice


def _problem_at(node: Node, message: str, hint: str | None = None) -> YamlProblem:
    mark = node.start_mark
    return YamlProblem(message, mark.line + 1, mark.column + 1, hint)


class _NotPlain(Exception):
    """A number with a sign or leading zeros; located by the caller, which has the node."""


def _plain_scalar(value: str) -> Any:
    """Type a plain (unquoted) scalar by the YAML 1.2 core schema, minus dates."""
    if not value:
        return None
    if value[0] not in _SPECIAL_START:
        return value
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.fullmatch(value):
        if not _PLAIN_INT.fullmatch(value):
            raise _NotPlain(value)
        return int(value)
    if _FLOAT.fullmatch(value):
        return float(value)
    return value


_TAG_HINT = "remove the `!`-tag; write plain values (quote text if it starts with `!`)"


def _tag_problem(node: Node) -> YamlProblem:
    return _problem_at(
        node, f"YAML tags such as `{node.tag}` are not allowed in record files", _TAG_HINT
    )


def _blank_problem(node: Node) -> YamlProblem:
    return _problem_at(
        node,
        "this text is only blank space",
        "write the words, or leave the field out if it is optional",
    )


def _scalar(node: ScalarNode) -> Any:
    if node.tag.__class__ is not _UNTAGGED:
        raise _tag_problem(node)
    if node.style or node.value[:1] not in _SPECIAL_START:
        value = node.value
        # `name: " "` looks empty and is not; nor is a plain `name: <U+3000>`, since
        # YAML's own blanks are the ASCII space and tab only.
        if value.isspace():
            raise _blank_problem(node)
        return value if node.style or value else None
    try:
        return _plain_scalar(node.value)
    except _NotPlain:
        digits = node.value.lstrip("+-").lstrip("0") or "0"
        sign = "-" if node.value.startswith("-") and digits != "0" else ""
        raise _problem_at(
            node,
            f"`{node.value}`: numbers are written as plain digits, without a `+` or leading zeros",
            f"write `{sign}{digits}`; a year has exactly four digits (2018); "
            "if this is really text, put it in quotes",
        ) from None
    except ValueError:  # Python refuses to convert integers of thousands of digits
        raise _problem_at(
            node,
            f"a number {len(node.value):,} digits long is too large",
            "numbers in records are counts and years; quote it if it is really text",
        ) from None


def _duplicate(node: Node, key_node: Node, key: str) -> YamlProblem:
    first = next(k for k, _ in node.value if k.value == key).start_mark
    return _problem_at(
        key_node,
        f"duplicate key `{key}`",
        f"`{key}` is already set on line {first.line + 1}; "
        "YAML would silently keep only the last one, so merge the two",
    )


def _convert(node: Node) -> Any:
    """Nodes to plain Python values; scalars are handled inline for speed."""
    if isinstance(node, ScalarNode):  # once per collection: items are typed inline below
        return _scalar(node)
    cls = node.__class__
    if node.tag.__class__ is not _UNTAGGED:
        raise _tag_problem(node)
    if cls is SequenceNode:
        return [
            _scalar(item) if item.__class__ is ScalarNode else _convert(item) for item in node.value
        ]
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        is_scalar = key_node.__class__ is ScalarNode
        key = _scalar(key_node) if is_scalar else None
        if key.__class__ is not str:
            found = key_node.value if is_scalar else "a list or mapping"
            raise _problem_at(
                key_node,
                f"keys must be text, found `{found}`",
                "field names are words like `name` or `citations`",
            )
        if key in result:
            raise _duplicate(node, key_node, key)
        result[key] = (
            _scalar(value_node) if value_node.__class__ is ScalarNode else _convert(value_node)
        )
    return result


def _may_be_unsafe(text: str) -> bool:
    """Whether the exact pre-scan is needed: anchors, aliases, tags, directives or deep nesting."""
    return (
        "&" in text
        or "*" in text
        or "!" in text
        or text.startswith("%")
        or "\n%" in text
        or text.count("[") + text.count("{") > _MAX_FLOW_BRACKETS
        or _DEEP_LINE.search(text) is not None
    )


def _event_problem(event: yaml.Event, message: str, hint: str) -> YamlProblem:
    """A problem at an event's start (libyaml marks every event; the stubs allow None)."""
    mark = event.start_mark
    if mark is None:
        return YamlProblem(message, hint=hint)
    return YamlProblem(message, mark.line + 1, mark.column + 1, hint)


def _prescan(text: str) -> None:
    """Refuse anchors, aliases, tags, directives and deep nesting from the event stream.

    libyaml's parser keeps its own stack (no recursion), so walking its events
    is safe on any input; the depth is counted here without recursion.
    """
    parser = _StrictParser(text)
    depth = 0
    try:
        while (event := parser.get_event()) is not None:
            cls = event.__class__
            # A directive asks for rules of its own (`%YAML 1.1`'s booleans, `%TAG`'s
            # tags): a record is read by this loader's rules alone, so a directive is
            # refused rather than silently ignored.
            if cls is yaml.DocumentStartEvent and (
                getattr(event, "version", None) or getattr(event, "tags", None)
            ):
                raise _event_problem(
                    event,
                    "YAML directives (`%YAML`, `%TAG`) are not used in record files",
                    "delete the line starting with `%` (and the `---` after it)",
                )
            if cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
                depth += 1
                if depth > MAX_DEPTH:
                    raise _event_problem(
                        event,
                        f"nesting deeper than {MAX_DEPTH} levels",
                        "records nest a few levels (a list of roles, each with citations); "
                        "flatten the structure",
                    )
            elif cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
                depth -= 1
            # The composer resolves the non-specific tag `!` like no tag at all
            # (`! 123` would become the integer 123): only the event still shows it.
            if (tag := getattr(event, "tag", None)) is not None:
                raise _event_problem(
                    event, f"YAML tags such as `{tag}` are not allowed in record files", _TAG_HINT
                )
            if cls is yaml.AliasEvent or getattr(event, "anchor", None):
                raise _event_problem(
                    event,
                    "YAML anchors (`&name`) and aliases (`*name`) are not allowed",
                    "write the value out in full; if `&` or `*` is part of your text, "
                    "put the text in quotes",
                )
    finally:
        parser.dispose()


def _from_yaml_error(error: yaml.YAMLError, text: str) -> YamlProblem:
    if isinstance(error, yaml.reader.ReaderError):
        data = text.encode("utf-8")
        line = data.count(b"\n", 0, error.position) + 1
        line_start = data.rfind(b"\n", 0, error.position) + 1
        column = len(data[line_start : error.position].decode("utf-8", "ignore")) + 1
        return YamlProblem(
            f"character {chr(error.character)!r} (code {error.character}) is not allowed in YAML",
            line,
            column,
            "delete the invisible control character; retyping the line usually does it",
        )
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None) or ""
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.splitlines()
    found = lines[line - 1][column - 1 : column] if line <= len(lines) else ""
    hint = None
    if found == "\t":
        problem = "a tab character; YAML indentation must use spaces"
        hint = "replace the tab with spaces (two per level, as in the other records)"
    elif "single document" in context or "another document" in problem:
        problem = "a second YAML document (`---`); a record file holds exactly one record"
        hint = "move the second record into its own file, named after its id"
    elif "mapping values are not allowed" in problem:
        hint = 'a text containing `: ` must be quoted, e.g. quote: "He said: no"'
    elif "could not find expected ':'" in problem:
        hint = "each line should be `key: value`; a long text value belongs in quotes"
    line, column = _inside(text, line, column)
    return YamlProblem(f"invalid YAML: {problem}", line, column, hint)


def _inside(text: str, line: int, column: int) -> tuple[int, int]:
    """Clamp a position to the file: libyaml may point just past the last line."""
    lines = text.splitlines() or [""]
    if line > len(lines):
        return len(lines), len(lines[-1]) + 1
    line = max(line, 1)
    return line, min(max(column, 1), len(lines[line - 1]) + 1)


def compose(text: str) -> Node | None:
    """Parse text into nodes (with marks); used to locate problems after the fact."""
    parser = _StrictParser(text)
    try:
        return parser.get_single_node()
    finally:
        parser.dispose()


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``text[index]``."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _invisible_problem(char: str, line: int, column: int, how: str = "") -> YamlProblem:
    return YamlProblem(
        f"invisible character {char_name(char)}{how}; record text may not contain it",
        line,
        column,
        INVISIBLE_HINT,
    )


_BREAKS = "\x85\u2028\u2029"
# C1 controls written raw. libyaml reads U+0085 (next line) as a line break and
# folds it into a space, so neither the models nor the word checks would ever see
# it: "rad<U+0085>ical" became "rad ical". The gate refuses every C1 control before
# parsing, as the models refuse them in values, and the line and paragraph separators
# U+2028 and U+2029, which libyaml also breaks lines at (the gate's own scans, reading
# lines at LF, missed a directive or 5,000 levels of nesting written across them).
_RAW_C1 = re.compile("[\x80-\x9f\u2028\u2029]")


def refuse_invisible(text: str) -> None:
    """Raise a located problem for the first invisible or C1 control character in ``text``."""
    if text.isascii():  # most records: one C-level pass, no regex
        return
    # A byte order mark opening the file is an encoding mark, not text (libyaml skips it).
    if found := INVISIBLE_RE.search(text, 1 if text.startswith("\ufeff") else 0):
        raise _invisible_problem(found.group(), *_position(text, found.start()))
    if found := _RAW_C1.search(text):
        raise YamlProblem(
            (
                f"control character U+{ord(found.group()):04X}"
                if found.group() < "\xa0"
                else char_name(found.group())
            )
            + "; record text may not contain it"
            + (" (YAML would read it as a line break)" if found.group() in _BREAKS else ""),
            *_position(text, found.start()),
            "delete it (retyping the line usually does it)",
        )


_ESCAPE = re.compile(r"\\[uUxN_LP]")


def _refuse_escaped_invisible(node: Node) -> None:
    """A double-quoted ``"\\u200b"`` escape produces what the raw text check cannot see."""
    stack = [node]
    while stack:
        current = stack.pop()
        if current.__class__ is ScalarNode:
            if current.style == '"' and (found := INVISIBLE_RE.search(current.value)):
                mark = current.start_mark
                raise _invisible_problem(
                    found.group(), mark.line + 1, mark.column + 1, ", written as an escape"
                )
        elif current.__class__ is SequenceNode:
            stack.extend(current.value)
        else:
            stack.extend(item for pair in current.value for item in pair)


def loads(text: str) -> dict[str, Any]:
    """Parse one record's YAML text strictly into a plain dict."""
    if "\r" in text:
        # libyaml breaks lines at a lone CR too; the gate's own scans (directives,
        # deep nesting, positions) read lines at LF, so an old Mac file slipped past
        # them (a directive was obeyed; 5,000 nested `- ` ran libyaml's composer out
        # of stack). The same lines and columns, with one kind of break.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    refuse_invisible(text)
    try:
        if _may_be_unsafe(text):
            _prescan(text)
        node = compose(text)
    except yaml.YAMLError as error:
        raise _from_yaml_error(error, text) from None
    if node is None:
        raise YamlProblem(
            "the file is empty", hint="a record needs at least `id:` and `citations:`"
        )
    if not isinstance(node, MappingNode):
        what = "a list" if isinstance(node, SequenceNode) else "a single value"
        raise _problem_at(
            node,
            f"a record file holds one mapping (`key: value` lines), but this one holds {what}",
            "one record per file: remove the leading `- ` and put each record in its own file",
        )
    if "\\" in text and _ESCAPE.search(text):
        _refuse_escaped_invisible(node)
    record: dict[str, Any] = _convert(node)  # a MappingNode converts to a dict
    return record


def load(path: Path) -> dict[str, Any]:
    """Read and parse one record file strictly."""
    return loads(read_text(path))
