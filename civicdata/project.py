"""Where a checkout keeps its records, seeds and schemas."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Project:
    """A civicdata checkout: ``seeds/`` beside ``civicdata/data/``."""

    root: Path

    @property
    def data_dir(self) -> Path:
        return self.root / "civicdata" / "data"

    @property
    def seeds_dir(self) -> Path:
        return self.root / "seeds"

    @property
    def schema_dir(self) -> Path:
        return self.root / "schemas"

    def kind_dir(self, kind: str) -> Path:
        return self.data_dir / kind

    @staticmethod
    def is_checkout(path: Path) -> bool:
        return (path / "seeds").is_dir() and (path / "civicdata" / "data").is_dir()

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        """The checkout containing ``start`` (default: the working directory).

        Contributors run ``civicdata validate`` inside their own clone, which
        may differ from where the package was installed; fall back to the
        package's own checkout when the working directory is not in one.
        """
        here = (start or Path.cwd()).resolve()
        for candidate in (here, *here.parents):
            if cls.is_checkout(candidate):
                return cls(candidate)
        return cls(PACKAGE_DIR.parent)
