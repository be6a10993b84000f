"""mkdocs hook: add the generated record pages to the build.

Listed under ``hooks:`` in mkdocs.yml. The records come from the checkout
the site is built in (``CIVICDATA_ROOT`` overrides it, for benchmarks).
An invalid dataset stops the build with its problems listed, located
(``path:line:col: error: ...``), as ``civicdata validate`` prints them.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from civicdata.dataset import DatasetError, load
from civicdata.grading.manifest import load_manifest
from civicdata.problems import format_text
from civicdata.project import Project
from civicdata.site import exercise_pages, generate_pages


def on_files(files: Files, config: MkDocsConfig) -> Files:
    checkout = Path(config.config_file_path).parent
    root = os.environ.get("CIVICDATA_ROOT") or checkout
    try:
        dataset = load(root)
    except DatasetError as error:
        listed = "\n".join(
            format_text(p) for p in sorted(error.problems, key=lambda p: p.sort_key())
        )
        raise PluginError(
            f"the records have {len(error.problems)} problem(s); the site is not built:\n"
            f"{listed}\nFix them (`civicdata validate` lists them too), then build again."
        ) from None
    pages = generate_pages(dataset)
    # Exercises belong to the checkout whose docs these are, whatever the records.
    pages.update(exercise_pages.generate(load_manifest(Project(checkout))))
    for src_uri, content in pages.items():
        files.append(File.generated(config, src_uri, content=content))
    return files
