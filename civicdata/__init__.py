"""civicdata: cited, validated records about Philadelphia's DA, sanctuary policy and PARS."""

from __future__ import annotations

from .dataset import Dataset, DatasetError, load
from .dates import PartialDate

__all__ = ["Dataset", "DatasetError", "PartialDate", "load"]
__version__ = "0.1.0"
