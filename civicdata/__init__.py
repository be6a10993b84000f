"""civicdata: cited, validated records about Philadelphia's DA, sanctuary policy and PARS.

``import civicdata`` is cheap: the models and the loader are imported on first
use of ``civicdata.load`` (and friends), so ``civicdata --help`` starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .dataset import Dataset
    from .dates import PartialDate
    from .loading import DatasetError, load

__all__ = ["Dataset", "DatasetError", "PartialDate", "load"]
__version__ = "0.1.0"

_LAZY = {"Dataset": "dataset", "DatasetError": "loading", "load": "loading", "PartialDate": "dates"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
