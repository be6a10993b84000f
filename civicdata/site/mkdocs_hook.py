"""mkdocs hook: add the generated record pages to the build.

Listed under ``hooks:`` in mkdocs.yml. The records come from the checkout
the site is built in (``CIVICDATA_ROOT`` overrides it, for benchmarks).
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from civicdata.dataset import load
from civicdata.site import generate_pages


def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = os.environ.get("CIVICDATA_ROOT") or Path(config.config_file_path).parent
    for src_uri, content in generate_pages(load(root)).items():
        files.append(File.generated(config, src_uri, content=content))
    return files
