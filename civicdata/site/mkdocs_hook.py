"""mkdocs hook: add the generated record pages to the build.

Listed under ``hooks:`` in mkdocs.yml. The records come from the checkout
the site is built in (``CIVICDATA_ROOT`` overrides it, for benchmarks).
An invalid dataset stops the build with its problems listed, located
(``path:line:col: error: ...``), as ``civicdata validate`` prints them.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from civicdata.dataset import DatasetError, load
from civicdata.grading.manifest import load_manifest
from civicdata.problems import format_text
from civicdata.project import Project
from civicdata.site import exercise_pages, generate_pages, sql_page


# Generated pages are mostly raw HTML blocks, which Markdown would only pass
# through after running its HTML parser over them, and which the search plugin
# would parse again (together most of a large build's time). Each block is
# swapped for a placeholder before Markdown runs and put back into the rendered
# page; headings stay Markdown, for the table of contents. The search entries
# of these pages come from the same blocks: their text is escaped HTML already,
# so dropping the tags leaves what a reader sees.
@dataclass
class _Lifted:
    blocks: list[str] = field(default_factory=list)
    sections: list[list[int]] = field(default_factory=lambda: [[]])  # block numbers per heading
    boost: object = None


_LIFTED: dict[str, _Lifted] = {}
_PLACEHOLDER = re.compile(r"<!--civicdata-html (\d+)-->")
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def lift_html(src_uri: str, markdown: str) -> str:
    """``markdown`` with each top-level HTML block replaced by a placeholder."""
    lifted = _LIFTED[src_uri] = _Lifted()
    chunks = []
    for chunk in markdown.split("\n\n"):
        if chunk.startswith("<") and not chunk.startswith("<!--"):
            chunks.append(f"<!--civicdata-html {len(lifted.blocks)}-->")
            lifted.sections[-1].append(len(lifted.blocks))
            lifted.blocks.append(chunk)
        else:
            if chunk.startswith("## "):
                lifted.sections.append([])
            chunks.append(chunk)
    return "\n\n".join(chunks)


def on_page_content(html: str, page: Page, **_: object) -> str:
    lifted = _LIFTED.get(page.file.src_uri)
    if lifted is None:
        return html
    search = page.meta.setdefault("search", {})
    lifted.boost = search.get("boost")
    search["exclude"] = True  # indexed below, from the blocks
    return _PLACEHOLDER.sub(lambda m: lifted.blocks[int(m.group(1))], html)


def _is_picture(block: str) -> bool:
    """Charts repeat the tables and lists beside them; search shows those."""
    return 'class="civicdata-chart"' in block[:200]


def _text(html: str) -> str:
    return _SPACE.sub(" ", _TAG.sub(" ", html)).strip()


def on_page_context(context, page: Page, config: MkDocsConfig, **_: object):
    lifted = _LIFTED.get(page.file.src_uri)
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if lifted is None or search is None or not hasattr(search, "search_index"):
        return context
    headings = [(page.url, page.title)]
    for top in page.toc:
        headings += [(page.url + item.url, item.title) for item in top.children]
    for (location, title), numbers in zip(headings, lifted.sections, strict=False):
        entry = {
            "location": location,
            "title": title,  # escaped: front matter titles are written escaped
            "text": _text(
                " ".join(lifted.blocks[n] for n in numbers if not _is_picture(lifted.blocks[n]))
            ),
        }
        if lifted.boost is not None:
            entry["boost"] = lifted.boost
        search.search_index.entries.append(entry)
    return context


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
    pages: dict[str, str | bytes] = dict(generate_pages(dataset))
    pages.update(sql_page.generate(dataset, checkout))
    # Exercises belong to the checkout whose docs these are, whatever the records.
    pages.update(exercise_pages.generate(load_manifest(Project(checkout))))
    _LIFTED.clear()
    for src_uri, content in pages.items():
        if src_uri.endswith(".md") and isinstance(content, str):
            content = lift_html(src_uri, content)
        files.append(File.generated(config, src_uri, content=content))
    return files
