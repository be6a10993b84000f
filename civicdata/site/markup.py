"""Turning record text into safe Markdown and HTML, and site-relative links.

Record text is data, never markup: everything a record says goes through
:func:`md` (Markdown) or :func:`html` (raw HTML) before it reaches a page.
"""

from __future__ import annotations

import html as _html
import json
import posixpath
import re

# Characters Python-Markdown (with tables) gives a meaning; a backslash makes
# each literal. `<` and `&` become entities first, so no HTML gets through.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")


def html(text: object) -> str:
    """Escape for HTML text and attribute values."""
    return _html.escape(str(text), quote=True)


def md(text: object) -> str:
    """Escape for inline Markdown: the text shows exactly as written, one line."""
    escaped = _html.escape(" ".join(str(text).split()), quote=False)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escaped)


def yaml_string(text: str) -> str:
    """A double-quoted YAML scalar for page front matter (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def page_url(src_uri: str) -> str:
    """The URL mkdocs gives a page with ``use_directory_urls: true``."""
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def relative(from_src: str, to_src: str, anchor: str = "") -> str:
    """A link from one page to another, as raw HTML needs it (not rewritten by mkdocs)."""
    base = page_url(from_src) or "."
    target = page_url(to_src) or "."
    path = posixpath.relpath(target, base)
    url = "" if path == "." else path + "/"
    return url + (f"#{anchor}" if anchor else "") or "./"


def md_link(text: object, from_src: str, to_src: str, anchor: str = "") -> str:
    """A Markdown link to another source file; mkdocs checks it in strict builds."""
    path = posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")
    return f"[{md(text)}]({path}{'#' + anchor if anchor else ''})"


def table(header: list[str], rows: list[list[str]]) -> str:
    """An HTML table from already-escaped cells, for a raw block on a page."""
    head = "".join(f"<th>{cell}</th>" for cell in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
