"""mkdocs hook: add the generated pages to the build.

Listed under ``hooks:`` in mkdocs.yml. The pages come from
:func:`civicdata.site.generate_pages`, the one place that makes them; this
file hands them to mkdocs through its documented events (``on_files``,
``on_page_content``, ``on_page_context``, ``on_env``, ``on_post_build``) and
public objects (``File.generated``, ``Page``, ``config.nav``, the search
index the search plugin writes), never through another plugin's or mkdocs's
private attributes (tests/test_architecture.py holds it). The one extension
beyond the events is :class:`GeneratedPage`, a ``Page`` whose ``render``
fills the page's public attributes without running Markdown.

The records come from the checkout the site is built in (``CIVICDATA_ROOT``
overrides it, for benchmarks). An invalid dataset stops the build with its problems listed, located
(``path:line:col: error: ...``), as ``civicdata validate`` prints them.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from dataclasses import dataclass, field
from html import unescape
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2.bccache import Bucket, FileSystemBytecodeCache
from markdown.extensions.toc import slugify, unique
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from civicdata.files_io import own_folder, write_atomically
from civicdata.loading import DatasetError, load
from civicdata.problems import format_text
from civicdata.project import Project
from civicdata.site import generate_pages

if TYPE_CHECKING:
    from markdown.extensions.toc import _TocToken  # a stub-only TypedDict: get_toc's items


# Generated pages are mostly raw HTML blocks, which Markdown would only pass
# through after running its HTML parser over them, and which the search plugin
# would parse again (together most of a large build's time). Each block is
# swapped for a placeholder before Markdown runs and put back into the rendered
# page; headings stay Markdown, for the table of contents. The search entries
# of these pages come from the same blocks: their text is escaped HTML already,
# so dropping the tags leaves what a reader sees; on_post_build adds them to
# the index the search plugin wrote, in the order of the pages.
@dataclass
class _Lifted:
    blocks: list[str] = field(default_factory=list)
    sections: list[list[int]] = field(default_factory=lambda: [[]])  # block numbers per heading
    boost: object = None
    plain: bool = False  # headings and HTML blocks only


_LIFTED: dict[str, _Lifted] = {}
_PAGE_ORDER: list[str] = []  # page URLs as built: the order of the search index
_ENTRIES: dict[str, list[dict[str, object]]] = {}  # page URL -> a lifted page's search entries
_PLACEHOLDER = re.compile(r"<!--civicdata-html (\d+)-->")
_TAG = re.compile(r"<[^>]*>")
# Header cells label the content (column names, a field's name): search shows
# the content, so snippets read as sentences, not "name Larry Krasner public figure".
_HEADER = re.compile(r"<thead>.*?</thead>|<th scope=\"row\">.*?</th>", re.S)
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
    text = "\n\n".join(chunks)
    body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    lifted.plain = only_headings_and_html(body)
    return text


_HEADING = re.compile(r"^(#{1,6}) (.*)$")
_MARKDOWN_ESCAPE = re.compile(r"\\(.)")


def only_headings_and_html(markdown: str) -> bool:
    """True if a lifted page is headings and placeholders alone: then Markdown
    has nothing to do, and :class:`GeneratedPage` renders it."""
    return all(
        not chunk or _HEADING.match(chunk) or _PLACEHOLDER.fullmatch(chunk)
        for chunk in (c.strip() for c in markdown.split("\n\n"))
    )


class GeneratedPage(Page):
    """A generated page of headings and raw HTML blocks, put together without
    Markdown (which would only pass the blocks through): the headings get the
    ids, permalinks and table of contents Markdown's toc extension gives them.

    Made in :func:`on_files`, so the navigation finds it as ``file.page`` and
    keeps it (with its previous and next page, marked active when shown).
    ``title`` is the one the navigation gives the page, if it names one; a page
    without one is named by its front matter's ``title``, else by its first
    ``# heading``, as mkdocs names a page it renders.
    """

    def __init__(self, title: str | None, file: File, config: MkDocsConfig) -> None:
        super().__init__(title, file, config)
        self.named = title is not None

    def render(self, config: MkDocsConfig, files: Files) -> None:
        used: set[str] = set()
        tokens: list[_TocToken] = []
        parts: list[str] = []
        first: str | None = None
        for chunk in (self.markdown or "").split("\n\n"):
            heading = _HEADING.match(chunk.strip())
            if heading is None:
                parts.append(chunk.strip())
                continue
            level = len(heading.group(1))
            text = _MARKDOWN_ESCAPE.sub(r"\1", heading.group(2))  # escaped HTML, as md() made it
            anchor = unique(slugify(unescape(text), "-"), used)
            parts.append(
                f'<h{level} id="{anchor}">{text}<a class="headerlink" href="#{anchor}" '
                f'title="Permanent link">&para;</a></h{level}>'
            )
            token: _TocToken = {"level": level, "id": anchor, "name": text, "children": []}
            if level > 1 and tokens:
                tokens[-1]["children"].append(token)
            else:
                tokens.append(token)
            if level == 1 and first is None:
                first = text
        self.content = "\n".join(p for p in parts if p)
        self.toc = get_toc(tokens)
        self.present_anchor_ids = used
        self.links_to_anchors = {}
        if not self.named and "title" not in self.meta and first is not None:
            self.title = first


def nav_titles(nav: object) -> dict[str, str]:
    """``{docs path: title}`` for each page mkdocs.yml's ``nav`` lists with a title."""
    found: dict[str, str] = {}
    for item in nav if isinstance(nav, list) else [nav]:
        if not isinstance(item, dict):
            continue
        for title, value in item.items():
            if isinstance(value, str):
                found[value] = title
            else:
                found.update(nav_titles(value))
    return found


def on_page_content(html: str, page: Page, **_: object) -> str:
    lifted = _LIFTED.get(page.file.src_uri)
    if lifted is None:
        return html
    search = page.meta.setdefault("search", {})
    lifted.boost = search.get("boost")
    search["exclude"] = True  # indexed below, from the blocks
    return _PLACEHOLDER.sub(lambda m: lifted.blocks[int(m.group(1))], html)


def _is_picture(block: str) -> bool:
    """Charts repeat the tables and lists beside them, and the line of kind and
    id says nothing a search result needs; search shows the rest."""
    return (
        'class="civicdata-chart"' in block[:200]
        or block.startswith('<p class="civicdata-meta"')
        or block.startswith('<nav class="civicdata-way-on"')
    )


def _text(html: str) -> str:
    return _SPACE.sub(" ", _TAG.sub(" ", _HEADER.sub(" ", html))).strip()


def on_page_context(context, page: Page, config: MkDocsConfig, **_: object):
    """Note each page's place in the build, and a lifted page's search entries."""
    _PAGE_ORDER.append(page.url)
    lifted = _LIFTED.get(page.file.src_uri)
    if lifted is None:
        return context
    headings = [(page.url, page.title)]
    for top in page.toc:
        headings += [(page.url + item.url, item.title) for item in top.children]
    entries = _ENTRIES.setdefault(page.url, [])
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
        entries.append(entry)
    return context


@event_priority(-50)  # "late": after the search plugin has written its index
def on_post_build(config: MkDocsConfig) -> None:
    """Add the lifted pages' entries to the search index, each page's among its
    neighbours', as if the search plugin had indexed it (``search: exclude``
    told it not to). The index is the file the plugin wrote, read and written
    again in the same form; a build without the search plugin has none."""
    index = Path(config.site_dir) / "search" / "search_index.json"
    if not _ENTRIES or not index.is_file():
        return
    data = json.loads(index.read_text(encoding="utf-8"))
    by_page: dict[str, list[dict[str, object]]] = {}
    for entry in data["docs"]:
        by_page.setdefault(entry["location"].split("#", 1)[0], []).append(entry)
    docs: list[dict[str, object]] = []
    for url in dict.fromkeys(_PAGE_ORDER):
        docs += by_page.pop(url, [])
        docs += _ENTRIES.get(url, [])
    for rest in by_page.values():  # pages this build did not render (a dirty rebuild)
        docs += rest
    data["docs"] = docs
    write_atomically(index, json.dumps(data, separators=(",", ":"), default=str))


_TEMPLATE_CACHE: dict[str, str] = {}  # see civicdata/site/theme/civicdata-record.html


class _TemplateBytecode(FileSystemBytecodeCache):
    """Jinja's own cache of compiled templates, for every build of a checkout: mkdocs
    compiles the theme's templates anew in each build, `mkdocs serve`'s rebuilds and
    each `mkdocs build` alike, 0.15 of a build's 1.6 CPU-seconds. A template is taken
    from it only if its source is unchanged (Jinja keys it by the template's name and
    file and checks its source's checksum; its header, the Python version), and only
    by the Jinja and mkdocs that wrote it (their versions are in the file names). A
    cache that cannot be written is a slower build, never a failed one."""

    def __init__(self, folder: Path) -> None:
        versions = f"jinja2-{version('jinja2')}.mkdocs-{version('mkdocs')}"
        super().__init__(str(folder), pattern=f"%s.{versions}.cache")

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _cache_folder(checkout: Path) -> Path | None:
    """``.civicdata/jinja`` in the checkout (ignored by git, left out of the student
    edition), or None where it cannot safely be had.

    Not Jinja's default folder in the system's shared temporary one: Jinja changes the
    mode of what it finds at its fixed name there before it checks it, following a
    link another user planted. Here each folder is made by this process (0700) or
    found as one of this user's that no one else may write, and left as found
    (:func:`civicdata.files_io.own_folder`). A cache that others could write would be
    code run by the build.
    """
    folder = checkout / ".civicdata"
    with contextlib.suppress(OSError):
        if own_folder(folder, os.getuid()) and own_folder(folder / "jinja", os.getuid()):
            return folder / "jinja"
    return None


def on_env(env, config: MkDocsConfig, files: Files):
    env.globals["civicdata_cache"] = _TEMPLATE_CACHE
    folder = _cache_folder(Path(config.config_file_path).parent)
    if folder is not None:
        env.bytecode_cache = _TemplateBytecode(folder)
    return env


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
    # The docs and exercises are the checkout's whose mkdocs.yml this is, whatever the records.
    pages = generate_pages(dataset, Project(checkout))
    _LIFTED.clear()
    _PAGE_ORDER.clear()
    _ENTRIES.clear()
    _TEMPLATE_CACHE.clear()
    titles = nav_titles(config.nav)
    for src_uri, content in pages.items():
        if src_uri.endswith(".md") and isinstance(content, str):
            content = lift_html(src_uri, content)
        file = File.generated(config, src_uri, content=content)
        files.append(file)
        lifted = _LIFTED.get(src_uri)
        if lifted is not None and lifted.plain:
            GeneratedPage(titles.get(src_uri), file, config)  # becomes file.page
    return files
