"""The docs pages: no sensitive word in a paragraph that names a private person."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..dataset import Dataset
from ..problems import Problem
from ..strict_yaml import YamlProblem, decode, read_bytes
from ..text import fold
from .privacy import PRIVATE_PHRASE, privacy_vocabulary, private_names, private_people

_CODE_SPAN = re.compile(r"`[^`\n]*`")
_BLOCK_START = re.compile(r"^\s*(?:[-*+]\s|\d+\.\s|\||\?\?\?|!!!|#)")


def _blocks(text: str) -> Iterator[list[tuple[int, str]]]:
    """Paragraphs, list items, table rows and headings of a Markdown page, with line numbers."""
    block: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or _BLOCK_START.match(line):
            if block:
                yield block
            block = []
        if line.strip():
            block.append((number, line))
    if block:
        yield block


def privacy_in_pages(index: Dataset, pages: Iterable[Path]) -> Iterator[Problem]:
    """Docs pages: no sensitive word in a paragraph that names a private person.

    Words in `code spans` are exempt, so a page can name the vocabulary itself.
    """
    names = private_names(private_people(index).values())
    vocabulary = privacy_vocabulary()
    for page in pages:
        # Through the same bounded reader as records: a link, a FIFO or a device
        # in docs/ is reported, never followed, waited on or read.
        try:
            text = decode(read_bytes(page, what="a docs page"))
        except YamlProblem as problem:
            yield Problem(page, f"not checked: {problem.message}", problem.hint, line=1, column=1)
            continue
        except OSError as error:
            yield Problem(page, f"not checked: cannot read it ({error.strerror})", line=1, column=1)
            continue
        for block in _blocks(text):
            lines = [
                (n, _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)) for n, line in block
            ]
            lines = [(n, fold(line)) for n, line in lines]
            joined = " ".join(line for _, line in lines)
            named = names.search(joined) if names else None
            context = (named and named.group(0)) or (
                "a private individual" if PRIVATE_PHRASE.search(joined) else None
            )
            if not context:
                continue
            for number, line in lines:
                if match := vocabulary.find(line):
                    yield Problem(
                        page,
                        f"sensitive detail `{match.group(0)}` "
                        f"({vocabulary.class_of(match).replace('_', ' ')}) next to {context}",
                        "a page may name a private individual only with their quoted public "
                        "words; leave out their lawsuits, family, health and status",
                        line=number,
                        column=match.start() + 1,
                    )
                    break
