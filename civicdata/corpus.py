"""The seed articles as a searchable corpus for citation checks.

Quotes are matched after normalising typographic quotes, dashes, the
ellipsis character and runs of whitespace, so a student who types straight
quotes on an ordinary keyboard still matches the article's curly ones.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from pathlib import Path

from .files_io import MAX_SEED_BYTES, read_text
from .problems import YamlProblem
from .text import INVISIBLE_RE

TYPOGRAPHY = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u2026": "...",
        "\u00a0": " ",
    }
)
_WHITESPACE = re.compile(r"\s+")
__all__ = ["MAX_SEED_BYTES", "TYPOGRAPHY", "Corpus", "Seed", "normalise"]


def normalise(text: str) -> str:
    """Fold typography and whitespace so that equivalent spans compare equal.

    Invisible characters (a soft hyphen in an article, see civicdata.text) are
    dropped: records may not contain them, so a quote must still match without.
    """
    return _WHITESPACE.sub(" ", INVISIBLE_RE.sub("", text.translate(TYPOGRAPHY))).strip()


@lru_cache(maxsize=16)
def _normalised_article(text: str) -> str:
    """:func:`normalise` of a whole article, kept for the next :class:`Corpus` of the text.

    Each validation reads the seeds anew (a ``Corpus`` per dataset), but their texts
    rarely change within a process: the mutation run, ``mkdocs serve`` and the test
    suite validate the same five articles again and again, and normalising one
    (translate, two regex passes over up to 30 KB) was the single largest cost of the
    citation check. Keyed by the text itself, so an edited seed is normalised afresh.
    """
    return normalise(text)


class Seed:
    """One article: its raw text and a normalised copy for matching."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # The one reader of untrusted files: regular files only, bounded, UTF-8 or located.
        self.text = read_text(path, MAX_SEED_BYTES, "a seed article")

    @cached_property
    def normalised(self) -> str:
        return _normalised_article(self.text)

    def contains(self, quote: str) -> bool:
        # A verbatim span is also a span after normalising both sides (the
        # mapping is per character and only shortens whitespace runs), so the
        # cheap raw test settles most quotes.
        return quote in self.text or normalise(quote) in self.normalised

    def matching_prefix(self, quote: str) -> int:
        """Length of the longest prefix of the normalised quote found in the seed.

        Every shorter prefix of a found prefix is found too, so binary search works.
        Tells a learner where their copy diverges from the article.
        """
        wanted = normalise(quote)
        low, high = 0, len(wanted)
        while low < high:
            middle = (low + high + 1) // 2
            if wanted[:middle] in self.normalised:
                low = middle
            else:
                high = middle - 1
        return low


class Corpus:
    """All seeds of a checkout, by file name, read on first use."""

    def __init__(self, seeds_dir: Path) -> None:
        self.seeds_dir = seeds_dir
        self._seeds: dict[str, Seed | None] = {}
        self.unreadable: dict[str, str] = {}  # file name -> why, located in the seed

    def get(self, file_name: str) -> Seed | None:
        if file_name not in self._seeds:
            path = self.seeds_dir / file_name
            seed = None
            if path.is_file() or path.is_symlink():
                try:
                    seed = Seed(path)
                except YamlProblem as problem:
                    self.unreadable[file_name] = str(problem)
                except OSError as error:
                    self.unreadable[file_name] = f"cannot read it: {error.strerror}"
            self._seeds[file_name] = seed
        return self._seeds[file_name]

    def file_names(self) -> list[str]:
        return sorted(p.name for p in self.seeds_dir.glob("*.txt"))
