"""The validation index: the :class:`Dataset` under check, with what only validation needs."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator

from ..corpus import Corpus
from ..dataset import Dataset, Loaded
from ..problems import Problem
from ..project import Project

MAX_GUESSES = 200  # unknown ids that get a "did you mean" (the rest: a plain message)


class Index(Dataset):
    """The :class:`Dataset` under check: the checks (and exercise 09) know it by this name.

    Not a second index: ``Index(loaded, corpus)`` builds a ``Dataset`` of just
    those records, for running a rule on a changed copy of the data, and
    :meth:`over` lays the validation state over a dataset already built,
    sharing its walk. That state lives here, never on the ``Dataset`` that
    ``load()`` returns: ``sharing`` holds every record of an id (``by_id``
    keeps the first), and ``invalid`` names records that exist but failed
    their model, so that references to them are not reported as unknown.
    """

    invalid: dict[str, str]
    sharing: dict[str, list[Loaded]]
    _ids_of: dict[tuple[str, ...], list[str]]
    _guesses: dict[tuple[str, tuple[str, ...]], list[str]]

    def __init__(
        self,
        loaded: list[Loaded],
        corpus: Corpus | None = None,
        *,
        project: Project | None = None,
        invalid: dict[str, str] | None = None,
    ) -> None:
        super().__init__(loaded, corpus, project=project)
        self._under_check(invalid)

    @classmethod
    def over(cls, dataset: Dataset, *, invalid: dict[str, str] | None = None) -> Index:
        """``dataset`` under check: its records, links and corpus shared, not rebuilt."""
        index = cls.__new__(cls)
        index.__dict__.update(vars(dataset))
        index._under_check(invalid)
        return index

    def _under_check(self, invalid: dict[str, str] | None) -> None:
        self.invalid = invalid or {}
        self.sharing = {}
        for item in self.loaded:
            self.sharing.setdefault(item.record.id, []).append(item)
        self._ids_of = {}
        self._guesses = {}

    def known_kind(self, record_id: str) -> str | None:
        """The kind of a record that exists, valid or not; None if there is none."""
        found = self.by_id.get(record_id)
        return found.kind if found else self.invalid.get(record_id)

    def close_ids(self, wanted: str, kinds: tuple[str, ...]) -> list[str]:
        """A near id to suggest; only the first MAX_GUESSES unknown ids get one.

        Each guess compares against every id of those kinds, so a file with
        thousands of unknown ids would take minutes to say what one sentence does.
        """
        key = (wanted, kinds)
        if key not in self._guesses:
            if len(self._guesses) >= MAX_GUESSES:
                return []
            if kinds not in self._ids_of:
                self._ids_of[kinds] = [i for i, item in self.by_id.items() if item.kind in kinds]
            self._guesses[key] = difflib.get_close_matches(
                wanted, self._ids_of[kinds], n=1, cutoff=0.6
            )
        return self._guesses[key]


# A rule may ask for a plain Dataset: an Index is one.
Check = Callable[[Index], Iterator[Problem]]
