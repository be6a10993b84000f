"""Where the records, seeds, schemas and exercises are: the one place that knows.

Two layouts exist:

- a **checkout** (a clone of the repository): ``seeds/``, ``civicdata/data/``,
  ``schemas/`` and ``exercises/`` under one root. Commands may write here.
- the **packaged dataset** inside an installed wheel: ``civicdata/data/`` and
  ``civicdata/seeds/`` in site-packages. Read-only: ``validate``, ``stats``,
  ``export`` and ``civicdata.load()`` work on it; commands that write refuse.

Every other module asks a :class:`Project` for paths instead of joining its own.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError
from .kinds import NAMES

PACKAGE_DIR = Path(__file__).resolve().parent
# The kinds of record, in the order pages and exports list them: the names of the
# declarations in kinds.py, which imports no models, so `civicdata --help` can list
# them without importing pydantic.
KINDS = NAMES
# The revision `civicdata diff` reads from the files on disk, not from git: named
# here (not in diff.py) so the command line offers it without importing the differ.
WORKTREE = "WORKTREE"


class NotACheckout(UsageError):
    """A command that writes was run where there is no checkout to write into (exit 2)."""


@dataclass(frozen=True)
class Project:
    """A civicdata checkout at ``root``, or (``packaged``) the installed package's data."""

    root: Path
    packaged: bool = False

    @property
    def data_dir(self) -> Path:
        return self.root / "data" if self.packaged else self.root / "civicdata" / "data"

    @property
    def seeds_dir(self) -> Path:
        if self.packaged and not (self.root / "seeds").is_dir():
            # Running from a source tree (editable install): the seeds sit beside the package.
            return self.root.parent / "seeds"
        return self.root / "seeds"

    @property
    def renames_file(self) -> Path:
        """``old-id: new-id`` lines: ids retired on purpose, shown as renames by ``diff``."""
        return self.data_dir.parent / "renames.yaml"

    @property
    def schema_dir(self) -> Path:
        return self.root / "schemas"

    @property
    def exercises_dir(self) -> Path:
        return self.root / "exercises"

    def kind_dir(self, kind: str) -> Path:
        return self.data_dir / kind

    def relative(self, path: Path) -> str:
        """``path`` relative to the root, with forward slashes (git's spelling).

        Links are not followed: a link in the data folder is named where it is.
        """
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(self.root)).as_posix()

    @property
    def description(self) -> str:
        if self.packaged:
            return f"the installed package's dataset at {self.data_dir}"
        return f"the checkout at {self.root}"

    @staticmethod
    def is_checkout(path: Path) -> bool:
        return (path / "seeds").is_dir() and (path / "civicdata" / "data").is_dir()

    @classmethod
    def installed(cls) -> Project:
        """The dataset shipped inside the package (read-only)."""
        return cls(PACKAGE_DIR, packaged=True)

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        """The checkout containing ``start`` (default: the working directory).

        Contributors run ``civicdata validate`` inside their own clone, which
        may differ from where the package was installed. Outside any checkout
        this is the installed package's dataset, which is read-only.
        """
        here = (start or Path.cwd()).resolve()
        for candidate in (here, *here.parents):
            if cls.is_checkout(candidate):
                return cls(candidate)
        return cls.installed()

    def require_checkout(self, command: str) -> Project:
        """This project if commands may write into it; else :class:`NotACheckout`."""
        if self.packaged:
            raise NotACheckout(
                f"`civicdata {command}` writes into a checkout, and {Path.cwd()} is not inside "
                "one (no seeds/ and civicdata/data/ in it or above it); nothing was written. "
                "Run it inside a clone of the repository, or pass --root CHECKOUT"
            )
        return self
