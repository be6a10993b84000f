"""Turning record text into safe Markdown and HTML, and site-relative links.

Record text is data, never markup: everything a record says goes through
:func:`md` (Markdown) or :func:`html` (raw HTML) before it reaches a page,
and every link goes through :func:`link`, which only links http(s) and
site-relative URLs. Generated HTML sits in :func:`raw` blocks, which Markdown
passes through without parsing (so it can never turn record text into a link).
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


_URL_NOISE = re.compile(r"[\x00-\x20\x7f]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
ALLOWED_SCHEMES = {"http", "https"}


_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


def prose(text: object) -> str:
    """Escaped text whose paragraphs stay apart without a blank line (which
    would end a raw HTML block)."""
    return "<br><br>\n".join(html(p) for p in _BLANK_LINES.split(str(text).strip()))


def safe_url(url: str) -> str | None:
    """``url`` if it is http(s) or site-relative, else None.

    Browsers drop tabs, newlines and leading control characters from a URL
    before reading its scheme (``java\tscript:``), so the check does too.
    """
    bare = _URL_NOISE.sub("", url)
    scheme = _SCHEME.match(bare)
    if scheme and scheme.group(1).lower() not in ALLOWED_SCHEMES:
        return None
    if bare.startswith("//") or bare.startswith("\\"):
        return None  # protocol-relative: another host
    return url


def link(url: str, label_html: str, **attributes: str) -> str:
    """``<a>`` around already-escaped ``label_html``, or the label alone if the
    URL is not one the site links to."""
    checked = safe_url(url)
    if checked is None:
        return label_html
    extra = "".join(
        f' {name.rstrip("_").replace("_", "-")}="{html(value)}"'
        for name, value in attributes.items()
    )
    return f'<a href="{html(checked)}"{extra}>{label_html}</a>'


def raw(*chunks: str, tag: str = "div", **attributes: str) -> str:
    """One raw HTML block: Markdown leaves everything inside it alone.

    The chunks are joined without blank lines, so the block stays whole.
    """
    attrs = "".join(
        f' {name.rstrip("_").replace("_", "-")}="{html(value)}"'
        for name, value in attributes.items()
    )
    inner = "\n".join(c.strip("\n") for c in chunks if c)
    return f"<{tag}{attrs}>\n{inner}\n</{tag}>"


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
    base = [p for p in page_url(from_src).split("/") if p]
    target = [p for p in page_url(to_src).split("/") if p]
    common = 0  # string work only: posixpath.relpath asks the OS for the cwd each call
    while common < min(len(base), len(target)) and base[common] == target[common]:
        common += 1
    parts = [".."] * (len(base) - common) + target[common:]
    url = "/".join(parts) + "/" if parts else ""
    return url + (f"#{anchor}" if anchor else "") or "./"


def md_link(text: object, from_src: str, to_src: str, anchor: str = "") -> str:
    """A Markdown link to another source file; mkdocs checks it in strict builds."""
    path = posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")
    return f"[{md(text)}]({path}{'#' + anchor if anchor else ''})"


def table(
    header: list[str],
    rows: list[list[str]],
    row_data: list[dict[str, str]] | None = None,
    row_headers: bool = False,
) -> str:
    """An HTML table from already-escaped cells, for a raw block on a page;
    ``row_data`` gives each row ``data-*`` attributes (escaped here), for filters;
    ``row_headers`` makes each row's first cell its header (a field's name)."""

    def attributes(number: int) -> str:
        if row_data is None:
            return ""
        return "".join(f' data-{name}="{html(value)}"' for name, value in row_data[number].items())

    head = " ".join(f'<th scope="col">{cell}</th>' for cell in header)

    def cells(row: list[str]) -> str:
        if row_headers and row:
            return f'<th scope="row">{row[0]}</th> ' + " ".join(f"<td>{c}</td>" for c in row[1:])
        return " ".join(f"<td>{c}</td>" for c in row)

    body = "\n".join(
        f"<tr{attributes(number)}>{cells(row)}</tr>" for number, row in enumerate(rows)
    )
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"
