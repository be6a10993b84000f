"""The export formats, one declaration each: the one place a new format is added.

An :class:`ExportFormat` names the writer, where ``civicdata export`` writes by
default, how a previous export of the format is recognised (so ``--out`` may
replace it without ``--force``) and the files written beside it. The command
line, ``export/files.check_target`` and ``export.FORMATS`` read this tuple.

Writers and markers are named by import path and imported on first use, so
``civicdata --help`` lists the formats without importing the exports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..lazy import named

if TYPE_CHECKING:  # pragma: no cover - for readers and type checkers only
    from ..dataset import Dataset


@dataclass(frozen=True)
class Companion:
    """A file an export writes beside ``--out`` (the Datasette metadata of a database)."""

    name: str
    path: str  # "module:function": out -> the companion's path
    marker: str  # "module:function": path -> whether it holds a previous one

    def path_for(self, out: Path) -> Path:
        return named(self.path)(out)

    def is_previous(self, path: Path) -> bool:
        return named(self.marker)(path)


@dataclass(frozen=True)
class ExportFormat:
    """One export format: ``export(dataset, out) -> [files written]`` and what it writes."""

    name: str
    default_out: str
    writer: str  # "module:function": (dataset, out) -> list of the files written
    marker: str  # "module:function": out -> whether it holds a previous export of this format
    folder: bool = False  # writes a folder of files (``out`` is that folder)
    companions: tuple[Companion, ...] = ()
    # What ``marker`` looks for, in words, for the refusal that names what was missing.
    marked_by: str = "civicdata's own content"

    def export(self, dataset: Dataset, out: Path) -> list[Path]:
        return named(self.writer)(dataset, out)

    def is_previous(self, out: Path) -> bool:
        return named(self.marker)(out)

    @property
    def function(self) -> Callable[[Dataset, Path], list[Path]]:
        """The writer itself (``export.FORMATS`` maps names to it)."""
        return named(self.writer)


DATASETTE_METADATA = Companion(
    name="datasette metadata",
    path="civicdata.export.datasette:metadata_path",
    marker="civicdata.export.datasette:is_metadata",
)

EXPORT_FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat(
        name="sqlite",
        default_out="civicdata.db",
        writer="civicdata.export.sqlite:export_sqlite",
        marker="civicdata.export.sqlite:is_export",
        companions=(DATASETTE_METADATA,),
    ),
    ExportFormat(
        name="json",
        default_out="civicdata.json",
        writer="civicdata.export.json_dump:export_json",
        marker="civicdata.export.json_dump:is_export",
    ),
    ExportFormat(
        name="csv",
        default_out="civicdata-csv",
        writer="civicdata.export.csv_package:export_csv",
        marker="civicdata.export.csv_package:is_export",
        folder=True,
        marked_by="a datapackage.json named civicdata",
    ),
    ExportFormat(
        name="popolo",
        default_out="civicdata-popolo.json",
        writer="civicdata.export.popolo:export_popolo",
        marker="civicdata.export.popolo:is_export",
    ),
)
FORMATS_BY_NAME: dict[str, ExportFormat] = {fmt.name: fmt for fmt in EXPORT_FORMATS}
