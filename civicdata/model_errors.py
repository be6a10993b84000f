"""Turn Pydantic's validation errors into problems a learner can act on."""

from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .introspect import model_at
from .models.base import LINE_PATTERN, SLUG_PATTERN, TEXT_PATTERN
from .problems import Loc, Problem, Target, format_loc
from .text import UNSAFE_CHARS

_YAML_1_1_BOOLEANS = {"yes", "no", "on", "off", "y", "n"}
_QUOTED_CHOICE = re.compile(r"'([^']*)'")


def closest(word: str, choices: list[str]) -> str | None:
    """The likeliest intended choice: a near spelling, else the one choice containing it."""
    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if found:
        return found[0]
    containing = [choice for choice in choices if word and word.lower() in choice.lower()]
    return containing[0] if len(containing) == 1 else None


def _describe(model: type[BaseModel], error: ErrorDetails) -> tuple[str, str | None, Target]:
    kind = error["type"]
    loc: Loc = tuple(error["loc"])
    field = format_loc(loc)
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        holder = model_at(model, loc[:-1])
        allowed = sorted(holder.model_fields) if holder else []
        guess = closest(str(loc[-1]), allowed)
        hint: str | None = (
            f"did you mean `{guess}`?" if guess else f"allowed fields: {', '.join(allowed)}"
        )
        return f"unknown field `{field}`", hint, Target.KEY
    if kind == "missing":
        return f"missing required field `{field}`", None, Target.VALUE
    if kind == "bool_type" and isinstance(value, str) and value.lower() in _YAML_1_1_BOOLEANS:
        return (
            f"`{field}` must be true or false, not `{value}`",
            f"in this dataset `{value}` is text, not a boolean (YAML 1.2 rules); "
            f"write `{'true' if value.lower() in {'yes', 'on', 'y'} else 'false'}`",
            Target.VALUE,
        )
    if kind == "bool_type":
        return f"`{field}` must be true or false", "write `true` or `false`", Target.VALUE
    if value == "" and kind in {"string_pattern_mismatch", "enum", "value_error"}:
        return (
            f"`{field}` is empty",
            "fill it in (or remove the line if it is optional)",
            Target.VALUE,
        )
    if kind == "enum":
        choices = _QUOTED_CHOICE.findall(ctx.get("expected", ""))
        guess = closest(str(value), choices) if isinstance(value, str) else None
        hint = f"did you mean `{guess}`?" if guess else None
        if isinstance(value, bool):
            hint = (
                "unquoted yes/no/true/false may not mean what you expect; write one of the choices"
            )
        return f"`{field}` must be one of {', '.join(choices)}; got `{value}`", hint, Target.VALUE
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == SLUG_PATTERN:
        return (
            f"`{field}` is not a valid id: `{value}`",
            "ids are lowercase words and digits joined by hyphens, e.g. `larry-krasner`",
            Target.VALUE,
        )
    if kind == "string_pattern_mismatch" and ctx.get("pattern") in _TEXT_PATTERNS:
        return _unsafe_text(field, str(value), ctx["pattern"] == LINE_PATTERN)
    if kind == "string_unicode":
        return (
            f"`{field}` holds an invalid character (an unpaired surrogate escape)",
            "remove the `\\uD8xx`-style escape; write the character itself",
            Target.VALUE,
        )
    if kind == "too_short" and isinstance(value, list):
        return f"`{field}` needs at least one entry", None, Target.VALUE
    if kind in {"string_too_short"}:
        return (
            f"`{field}` is empty",
            "fill it in (or remove the line if it is optional)",
            Target.VALUE,
        )
    message = error["msg"].removeprefix("Value error, ")
    return f"`{field}`: {message}", None, Target.VALUE


_TEXT_PATTERNS = {TEXT_PATTERN, LINE_PATTERN}
_UNSAFE = re.compile(f"[{UNSAFE_CHARS}]")
_CHAR_NAMES = {"\t": "a tab", "\n": "a line break", "\x1b": "an escape character"}


def _unsafe_text(field: str, value: str, one_line: bool) -> tuple[str, str | None, Target]:
    """Name the character that makes a text unsafe, and where it is."""
    found = _UNSAFE.search(value) or re.search(r"[\t\n]", value)
    at = found.start() if found else 0
    char = value[at] if value else ""
    name = _CHAR_NAMES.get(char) or unicodedata.name(char, "a control character").lower()
    what = f"{name} (U+{ord(char):04X})" if char else "a character that is not allowed"
    if char in "\t\n" and one_line:
        return (
            f"`{field}` must be one line; it holds {what} at character {at + 1}",
            "write it on one line; put longer explanations in `notes`",
            Target.VALUE,
        )
    return (
        f"`{field}` holds {what} at character {at + 1}, which record text may not contain",
        "control and text-direction characters hide or reorder what readers see; delete it "
        "(retyping the words usually does it)",
        Target.VALUE,
    )


def _misspelt(model: type[BaseModel], errors: list[ErrorDetails]) -> set[Loc]:
    """Locations of required fields that an unknown field probably misspells."""
    found = set()
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] == "extra_forbidden" and (holder := model_at(model, loc[:-1])):
            guess = closest(str(loc[-1]), list(holder.model_fields))
            if guess:
                found.add((*loc[:-1], guess))
    return found


# Errors past this many in one file get a plain message without suggestions:
# suggesting compares against every allowed name, and the validator shows only
# the first 50 problems of a file anyway (the rest are counted).
MAX_DESCRIBED = 200


def problems_from(model: type[BaseModel], error: ValidationError, path: Path) -> list[Problem]:
    """One problem per error, except a `missing` field whose misspelling is reported."""
    errors = error.errors(include_url=False)
    misspelt = _misspelt(model, errors[:MAX_DESCRIBED])
    problems = []
    for number, item in enumerate(errors):
        loc = tuple(item["loc"])
        if item["type"] == "missing" and loc in misspelt:
            continue
        if number >= MAX_DESCRIBED:
            target = Target.KEY if item["type"] == "extra_forbidden" else Target.VALUE
            problems.append(Problem(path, f"`{format_loc(loc)}`: {item['msg']}", None, loc, target))
            continue
        message, hint, target = _describe(model, item)
        problems.append(Problem(path, message, hint, loc, target))
    return problems
