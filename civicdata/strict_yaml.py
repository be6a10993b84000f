"""A strict, fast YAML loader for record files.

PyYAML's defaults bite learners: duplicate keys silently keep the last value,
``no`` becomes ``False``, ``2018-08-31`` becomes a ``datetime.date`` and tags
can build arbitrary Python objects. This loader parses with libyaml (the C
parser) and converts nodes itself, with YAML 1.2 core-schema scalars:

* only ``true``/``false`` (any case PyYAML's core schema allows) are booleans;
  ``no``, ``off``, ``yes`` stay strings; dates stay strings;
* duplicate keys, anchors, aliases and tags are errors;
* one mapping per file, UTF-8 only (a BOM and CRLF line ends are fine), and a
  size limit per file.

Every failure is a :class:`YamlProblem` with a 1-based line and column.
Speed matters (the benchmark holds validation to 1.25x a stock ``CSafeLoader``
parse), so the tag resolver is a constant and node conversion is a tight
recursive function; marks are only looked up again when a file has a problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:
    from yaml._yaml import CParser
except ImportError as exc:  # pragma: no cover - depends on how PyYAML was built
    raise ImportError(
        "civicdata needs PyYAML built with libyaml (yaml.CParser); reinstall pyyaml from a wheel"
    ) from exc

MAX_FILE_BYTES = 256 * 1024

_PLAIN = "tag:civicdata,2024:plain"
_QUOTED = "tag:civicdata,2024:quoted"
_SEQ = "tag:civicdata,2024:seq"
_MAP = "tag:civicdata,2024:map"
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_NUMBER_START = frozenset("-+.0123456789")
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")


@dataclass(frozen=True)
class YamlProblem(Exception):
    """A file that cannot become a record, located at 1-based ``line``/``column``."""

    message: str
    line: int = 1
    column: int = 1
    hint: str | None = None

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.message}"


class _StrictParser(CParser):
    """libyaml's composer with a constant-time resolver: typing happens in `_convert`."""

    def resolve(self, kind: type, value: str | None, implicit: Any) -> str:
        if kind is ScalarNode:
            return _PLAIN if implicit[0] else _QUOTED
        return _SEQ if kind is SequenceNode else _MAP

    def descend_resolver(self, parent: Any, index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


def _problem_at(node: Node, message: str, hint: str | None = None) -> YamlProblem:
    mark = node.start_mark
    return YamlProblem(message, mark.line + 1, mark.column + 1, hint)


def _plain_scalar(value: str) -> Any:
    """Type a plain (unquoted) scalar by the YAML 1.2 core schema, minus dates."""
    if value in _NULLS:
        return None
    first = value[0]
    if first in "tTfF":
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        return value
    if first in _NUMBER_START:
        if _INT.fullmatch(value):
            return int(value)
        if _FLOAT.fullmatch(value) and value not in {".", "-", "+"}:
            return float(value)
    return value


def _tag_problem(node: Node) -> YamlProblem:
    return _problem_at(
        node,
        f"YAML tags such as `{node.tag}` are not allowed in record files",
        "remove the `!`-tag; write plain values (quote text if it starts with `!`)",
    )


def _convert(node: Node) -> Any:
    cls = node.__class__
    if cls is ScalarNode:
        if node.tag == _PLAIN:
            return _plain_scalar(node.value)
        if node.tag == _QUOTED:
            return node.value
        raise _tag_problem(node)
    if cls is MappingNode:
        if node.tag != _MAP:
            raise _tag_problem(node)
        result: dict[str, Any] = {}
        first_seen: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = _convert(key_node)
            if not isinstance(key, str):
                raise _problem_at(
                    key_node,
                    f"keys must be text, found {type(key).__name__} `{key_node.value}`",
                    "field names are words like `name` or `citations`",
                )
            if key in result:
                first = first_seen[key].start_mark
                raise _problem_at(
                    key_node,
                    f"duplicate key `{key}`",
                    f"`{key}` is already set on line {first.line + 1}; "
                    "YAML would silently keep only the last one, so merge the two",
                )
            first_seen[key] = key_node
            result[key] = _convert(value_node)
        return result
    if node.tag != _SEQ:
        raise _tag_problem(node)
    return [_convert(item) for item in node.value]


def _reject_anchors(text: str) -> None:
    """Find the first anchor or alias; only called when `&` or `*` occur at all."""
    parser = _StrictParser(text)
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                mark = event.start_mark
                raise YamlProblem(
                    "YAML anchors (`&name`) and aliases (`*name`) are not allowed",
                    mark.line + 1,
                    mark.column + 1,
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
    return YamlProblem(f"invalid YAML: {problem}", line, column, hint)


def decode(data: bytes) -> str:
    """Decode UTF-8 (BOM allowed) or raise a located problem."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise YamlProblem(
            f"this file is not UTF-8 (byte 0x{data[error.start]:02x} cannot be decoded)",
            line,
            column,
            "save the file as UTF-8; most editors offer it under 'Save with encoding'",
        ) from None


def compose(text: str) -> Node | None:
    """Parse text into nodes (with marks); used to locate problems after the fact."""
    parser = _StrictParser(text)
    try:
        return parser.get_single_node()
    finally:
        parser.dispose()


def loads(text: str) -> dict[str, Any]:
    """Parse one record's YAML text strictly into a plain dict."""
    if "&" in text or "*" in text:
        _reject_anchors(text)
    try:
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
    return _convert(node)


def read_text(path: Path) -> str:
    """Read a record file within the size limit, as text."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise YamlProblem(
            f"the file is {size:,} bytes; a record file may be at most {MAX_FILE_BYTES:,}",
            hint="a record is a few kilobytes; split it or shorten long quotes",
        )
    return decode(path.read_bytes())


def load(path: Path) -> dict[str, Any]:
    """Read and parse one record file strictly."""
    return loads(read_text(path))
