"""Naming a function or class by its import path, imported on first use.

The registries of kinds (``kinds.py``) and export formats (``export/formats.py``)
are read by ``civicdata --help``, which must not import pydantic or the exports;
they name what they point at as ``"module:attribute"`` and resolve it here.
"""

from __future__ import annotations

import importlib
from typing import Any

_FOUND: dict[str, Any] = {}


def named(spec: str) -> Any:
    """The attribute ``spec`` (``"package.module:name"``) names, imported once."""
    found = _FOUND.get(spec)
    if found is None:
        module, _, attribute = spec.partition(":")
        found = _FOUND[spec] = getattr(importlib.import_module(module), attribute)
    return found
