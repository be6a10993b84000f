"""The built site: complete, offline, linked, and escaping record text."""

from __future__ import annotations

import functools
import os
import re
import stat
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from civicdata import load
from tests.conftest import REPO, build_site, copy_records


class _Links(HTMLParser):
    """Collects resource and link URLs, and element ids, from one page."""

    def __init__(self) -> None:
        super().__init__()
        self.resources: list[str] = []
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag in {"script", "img", "iframe", "source"} and values.get("src"):
            self.resources.append(values["src"])
        if tag == "object" and values.get("data"):
            self.resources.append(values["data"])
        if tag == "link" and values.get("href"):
            self.resources.append(values["href"])
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])


@functools.cache
def _parse(page: Path) -> _Links:
    """One page's links and ids, parsed once per process: the built site is read only,
    and the link, resource and way-on tests (one xdist group) read all 261 pages of it,
    a page to a link target again and again (0.66 CPU-s for one pass of Python's parser).
    """
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def _pages(site: Path) -> list[Path]:
    """HTML pages and SVG diagrams: both carry links."""
    return sorted([*site.rglob("*.html"), *site.rglob("*.svg")])


def test_every_record_has_a_page(built_site):
    dataset = load(REPO)
    for record in dataset:
        page = built_site / "records" / dataset.kind_of(record.id) / record.id / "index.html"
        assert page.is_file(), record.id
    for source in dataset.sources:
        assert (built_site / "seeds" / source.id / "index.html").is_file()
    for page in ["timeline", "relationships", "reference/data-model", "records"]:
        assert (built_site / page / "index.html").is_file(), page


@functools.cache
def _opens(target: Path) -> Path | None:
    """The file a link to ``target`` opens (a folder's index.html), None if there is none;
    asked once per target, not once per link (the site's 16,000 links have 550 targets)."""
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


# The tests that parse every page of the built site run on one worker, to parse it once.
SITE_PAGES = pytest.mark.xdist_group("site-pages")


@SITE_PAGES
def test_nothing_is_loaded_from_another_host(built_site):
    external = []
    for page in _pages(built_site):
        for url in _parse(page).resources:
            if urlsplit(url).scheme or url.startswith("//"):
                external.append((page.relative_to(built_site), url))
    assert external == []
    for css in built_site.rglob("*.css"):
        assert not re.search(r"@import\s+url\(\s*['\"]?https?:", css.read_text()), css


@SITE_PAGES
def test_internal_links_and_anchors_resolve(built_site):
    """Every link of every page goes to a file of the site, and its #fragment to an id
    there. The site has no symbolic links (mkdocs writes files), so a relative link's
    target is the normalised path: ``resolve`` made a system call per path component,
    for 16,000 links, to the same answer."""
    broken = []
    for page in _pages(built_site):
        for href in _parse(page).links:
            parts = urlsplit(href)
            if parts.scheme or href.startswith(("//", "mailto:")):
                continue
            if not parts.path:
                target = page
            elif parts.path.startswith("/"):  # the 404 page links from the site root
                target = built_site / unquote(parts.path).lstrip("/")
            else:
                target = Path(os.path.normpath(page.parent / unquote(parts.path)))
            target = _opens(target)
            if target is None:
                broken.append((page.relative_to(built_site), href))
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html" and fragment not in _parse(target).ids:
                broken.append((page.relative_to(built_site), href))
    assert broken == []


def test_record_pages_are_not_listed_in_the_navigation(built_site):
    home = (built_site / "index.html").read_text()
    assert home.count("records/person/") <= 2
    assert "larry-krasner" not in home


def test_seed_page_marks_quoted_spans(built_site):
    page = (
        built_site / "seeds" / "ap-2018-07-11-prosecutor-says-no-to-renewal" / "index.html"
    ).read_text()
    assert page.count("<mark") >= 20
    assert 'id="q-1"' in page
    # Only cited passages are shown, each in its sentence; the article is not reprinted.
    assert "More Stories Like This" not in page
    assert "It was unclear how ending the contract might affect the ongoing lawsuit" in page


def test_diagrams_are_inline_svg(built_site):
    timeline = (built_site / "timeline" / "index.html").read_text()
    assert "<svg" in timeline and "civicdata-timeline" in timeline
    relationships = (built_site / "relationships" / "index.html").read_text()
    # A drawing a reader can follow (issue 25: about 180 lines could not be): votes and
    # rulings drawn, claims listed by what they are about.
    assert 1 <= relationships.count("<line") <= 40
    assert "civicdata-legend" in relationships
    record = (built_site / "records" / "person" / "larry-krasner" / "index.html").read_text()
    diagram = record[record.index('<svg class="civicdata-diagram"') :]
    assert diagram.count("<a ") >= 10


def test_charts_are_readable_groups_of_links(built_site):
    """Text at 12 px or more, drawn unscaled; no image role around links."""
    for name in ["timeline", "relationships", "records/person/larry-krasner"]:
        page = (built_site / name / "index.html").read_text()
        svgs = re.findall(r"<svg class=\"civicdata-.*?</svg>", page, flags=re.S)
        assert svgs, name
        for svg in svgs:
            sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)"', svg)]
            assert sizes and min(sizes) >= 12, name
            assert 'role="img"' not in svg
            width = re.search(r'<svg[^>]* width="(\d+)"[^>]* viewBox="0 0 (\d+) ', svg)
            assert width and width.group(1) == width.group(2), name  # natural size
        assert 'class="civicdata-scroll" tabindex="0" role="region"' in page


def test_data_model_reference_lists_every_field(built_site):
    from civicdata.models import MODELS

    page = (built_site / "reference" / "data-model" / "index.html").read_text()
    for model in MODELS.values():
        for name in model.model_fields:
            assert f"<code>{name}</code>" in page, name


SCRIPT = "<script>alert('pwned')</script>"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """One strict build of a checkout with two hostile people, shared by the tests below.

    Larry Krasner's name and notes carry a script tag and Markdown; Jim Kenney's name
    carries a javascript: link, an SVG with an event handler and Markdown, and his notes
    a script and a javascript: link. One build serves both (a build is seconds of CPU).
    """
    root = tmp_path_factory.mktemp("hostile")
    copy_records(root)
    people = root / "civicdata" / "data" / "person"
    krasner = people / "larry-krasner.yaml"
    text = krasner.read_text()
    text = text.replace("name: Larry Krasner", f'name: "Larry {SCRIPT} Krasner"')
    text = text.replace(
        "public_figure: true", f'public_figure: true\nnotes: "*bold* [link](x) {SCRIPT}"'
    )
    krasner.write_text(text)
    kenney = people / "jim-kenney.yaml"
    text = kenney.read_text().replace("name: Jim Kenney", f"name: {HOSTILE_NAME!r}")
    kenney.write_text(
        text.replace(
            "public_figure: true",
            'public_figure: true\nnotes: "<script>x()</script> [a](javascript:b)"',
        )
    )
    site = root / "site"
    result = build_site(site, root)
    assert result.returncode == 0, result.stderr
    return site


@pytest.mark.xdist_group("hostile-site")  # one build, on one worker
def test_record_text_is_escaped_everywhere(hostile_site):
    site = hostile_site
    pages = [
        site / "records" / "person" / "larry-krasner" / "index.html",
        site / "records" / "person" / "index.html",
        site / "timeline" / "index.html",
        site / "relationships" / "index.html",
        site / "seeds" / "appeal-2021-05-17-candidates-debate-ice" / "index.html",
    ]
    for page in pages:
        html = page.read_text()
        assert "alert('pwned')</script>" not in html, page
        assert "<script>alert" not in html, page
    record = pages[0].read_text()
    assert (
        "&lt;script&gt;alert(&#x27;pwned&#x27;)&lt;/script&gt;" in record
        or "&lt;script&gt;alert('pwned')&lt;/script&gt;" in record
    )
    assert "*bold* [link](x)" in record  # Markdown in data shows as typed, not formatted
    diagram = (site / "records" / "organization" / "democratic-party" / "index.html").read_text()
    assert "Larry &lt;script&gt;" in diagram  # and the diagram names him, escaped


def test_exercises_are_on_the_site_with_collapsed_hints(built_site):
    from civicdata.grading.manifest import load_manifest
    from civicdata.project import Project

    manifest = load_manifest(Project(REPO))
    index = (built_site / "exercises" / "index.html").read_text()
    for exercise in manifest.exercises:
        page = (built_site / "exercises" / exercise.id / "index.html").read_text()
        assert exercise.id in index
        assert page.count("<details") == len(exercise.hints), exercise.id
        if exercise.student.endswith(".py") and manifest.is_shipped_stub(exercise):
            assert "NotImplementedError" in page or "TODO" in page, exercise.id


HOSTILE_NAME = "[x](javascript:alert(1)) <svg onload=alert(2)> & *y*"


class _Hrefs(HTMLParser):
    """Every URL-bearing attribute in a page, and every element name."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in {"href", "xlink:href", "src", "data", "action", "formaction"} and value:
                self.urls.append(value)
            assert not name.startswith("on"), (tag, name, value)


@pytest.mark.xdist_group("hostile-site")  # one build, on one worker
def test_a_hostile_record_cannot_inject_links_or_markup(hostile_site):
    """Record text lands on pages as text: in tables, headings, inline SVG and
    diagram files alike; no href but http(s) and site-relative ones."""
    site = hostile_site
    shown = 0
    for page in [*site.rglob("*.html"), *site.rglob("*.svg")]:
        content = page.read_text(encoding="utf-8")
        parser = _Hrefs()
        parser.feed(content)
        for url in parser.urls:
            assert "javascript:" not in re.sub(r"[\x00-\x20]", "", url).lower(), (page, url)
        assert "<script>x()" not in content, page
        assert "<svg onload" not in content, page
        shown += "[x](javascript:alert(1))" in content
    assert shown >= 5  # the name is shown, as typed, wherever he is named
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "<svg onload" not in index and "<script>x()" not in index


def test_an_invalid_record_fails_the_build_with_located_problems(sandbox, tmp_path):
    path = sandbox.data_dir / "person" / "larry-krasner.yaml"
    path.write_text(path.read_text().replace("public_figure: true", "public_figure: maybe"))
    result = build_site(tmp_path / "site", sandbox.root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.search(r"person/larry-krasner\.yaml:\d+:\d+: error: ", result.stderr), result.stderr
    assert "the site is not built" in result.stderr


def test_links_go_only_to_http_and_site_relative_urls():
    from civicdata.site.markup import link, safe_url

    for url in ["../a/", "#q-1", "x.svg", "https://example.org/", "HTTP://example.org", "./"]:
        assert safe_url(url) == url
    for url in [
        "javascript:alert(1)",
        " JaVa\tScRiPt:x",
        "\x01javascript:x",
        "data:text/html,x",
        "vbscript:x",
        "//evil.example/",
        "file:///etc/passwd",
    ]:
        assert safe_url(url) is None, url
        assert link(url, "label") == "label"
    assert link('a"b', "t") == '<a href="a&quot;b">t</a>'


def _visible_text(page: Path) -> str:
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", page.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", text)))


def test_pages_name_records_and_quote_once(built_site):
    """Names, not ids; titles whole; one pair of quotation marks; 1 claim, 2 claims."""
    dataset = load(REPO)
    actor_ids = [r.id for r in [*dataset.persons, *dataset.organizations]]
    for page in [
        built_site / "timeline" / "index.html",
        built_site / "records" / "claim" / "index.html",
        built_site / "relationships" / "index.html",
    ]:
        text = _visible_text(page)
        for record_id in actor_ids:
            assert f"by {record_id}" not in text, (page, record_id)
            assert f"{record_id}:" not in text, (page, record_id)
    for page in built_site.rglob("*.html"):
        text = _visible_text(page)
        assert "““" not in text and "””" not in text, page
        assert "(1 claims)" not in text, page
        assert "Untitled article (" not in text, page
    for claim in dataset.claims:
        page = built_site / "records" / "claim" / claim.id / "index.html"
        text = _visible_text(page)
        assert " ".join(claim.quote.split()) in text, claim.id  # the quote, whole
        assert claim.id not in re.findall(r"<h1[^>]*>(.*?)</h1>", page.read_text())[0]


def test_sql_page_ships_the_database_sqljs_and_the_chapters_queries(built_site):
    import sqlite3

    from civicdata.site.sql_page import examples

    page = (built_site / "sql" / "index.html").read_text()
    database = built_site / "sql" / "civicdata.sqlite"
    with sqlite3.connect(database) as connection:
        claims = connection.execute("SELECT COUNT(*) FROM claim").fetchone()[0]
    assert claims == len(load(REPO).claims)
    assert (built_site / "javascripts" / "vendor" / "sql.js" / "sql-wasm-browser.wasm").is_file()
    assert "sql-wasm-browser.js" in page and "sql-page.js" in page
    queries = examples(REPO)
    assert len(queries) >= 4
    assert page.count('class="md-button civicdata-example"') == len(queries)
    assert "<code>claim</code>" in page and "<code>vote_position</code>" in page  # the schema


def test_generated_pages_keep_headings_toc_and_search_entries(built_site):
    """Record pages skip Markdown; they still get heading ids, permalinks, a
    table of contents and search entries (one per section)."""
    import json

    page = (built_site / "records" / "person" / "larry-krasner" / "index.html").read_text()
    assert '<h2 id="sources">Sources<a class="headerlink" href="#sources"' in page
    assert '<a href="#sources" class="md-nav__link">' in page  # table of contents
    assert "<!--civicdata-html" not in page
    index = json.loads((built_site / "search" / "search_index.json").read_text())
    entries = [
        d for d in index["docs"] if d["location"].startswith("records/person/larry-krasner/")
    ]
    assert {d["location"] for d in entries} >= {
        "records/person/larry-krasner/",
        "records/person/larry-krasner/#sources",
    }
    assert all(d.get("boost") == 10 for d in entries)
    assert "<" not in entries[0]["text"]


def _squeezed(text: str) -> str:
    """Lowercase, one space between words, no trailing semicolon: how a copy would match."""
    return " ".join(text.lower().replace(";", " ").split())


def test_no_reference_answer_is_shown_on_the_site(built_site):
    """Solutions never ship to students: no answer string of a reference solution
    (exercise 08's queries, any long text constant) appears on any page, even
    as the SQL page's prefilled query or one of its example buttons."""
    import ast

    answers = []
    for solution in sorted((REPO / "exercises").glob("*/solution.py")):
        # Text the stub and README already give students (docstrings, the task) is not an answer.
        public = _squeezed(
            " ".join(
                path.read_text(encoding="utf-8")
                for path in [solution.parent / "README.md", *solution.parent.glob("exercise.*")]
                if path.is_file()
            )
        )
        for node in ast.walk(ast.parse(solution.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                body = "\n".join(
                    line for line in node.value.splitlines() if not line.strip().startswith("--")
                )
                # A query's core: its ordering is the least of the answer.
                core = _squeezed(body).partition(" order by ")[0]
                if len(core.split()) >= 6 and core not in public:
                    answers.append((solution.parent.name, core))
    assert any(name.startswith("08") for name, _ in answers)  # the SQL answers were found
    for page in built_site.rglob("*.html"):
        shown = _squeezed(unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))))
        for name, answer in answers:
            assert answer not in shown, f"{page}: shows the reference answer of {name}"


def test_a_role_table_shows_ended_by_only_where_a_role_has_it(sandbox):
    """Exercise 12's former mayor: the roles table gets an "ended by" column; others do not."""
    import shutil

    from civicdata.site.quotes import QuoteIndex
    from civicdata.site.record_pages import render

    person = REPO / "exercises/12_extend_the_dataset/solution/records/person/lou-barletta.yaml"
    shutil.copy(person, sandbox.data_dir / "person" / "lou-barletta.yaml")
    dataset = load(sandbox.root)
    quotes = QuoteIndex(dataset)
    [barletta] = render(dataset, dataset.get("lou-barletta"), quotes).values()
    [krasner] = render(dataset, dataset.get("larry-krasner"), quotes).values()
    assert "ended by" in barletta and "2018-07" in barletta
    assert "ended by" not in krasner and ">end<" in krasner


def test_a_claims_page_shows_each_link_beside_its_quote(repo):
    # Issue 24: a link is a fact, so the page shows the words that state it.
    from civicdata import load
    from civicdata.site import record_pages
    from civicdata.site.quotes import QuoteIndex

    dataset = load(repo.root)
    claim = dataset.get("vega-krasner-harming-the-city")
    [page] = record_pages.render(dataset, claim, QuoteIndex(dataset)).values()
    section = page.split("## Why these links", 1)[1].split("\n## ", 1)[0]
    row = next(r for r in section.split("<tr>") if "krasner-first-ever-unit" in r)
    assert "<code>responds_to</code>" in row and "Vega said in response" in row
    link = next(line for line in page.splitlines() if "(for the link responds to →" in line)
    assert "krasner-first-ever-unit/" in link  # the record linked by name, not a raw id


# What the privacy rule keeps out of the records, the site must not show either:
# private individuals' personal details and the AP page's sidebar about named people.
PRIVATE_DETAILS = [
    "stepfather was abusive",
    "Her mother was undocumented",
    "She was afraid they would ask questions",
    "is suing a Philadelphia police officer",
    "excessive force against him",
    "stomping",
    "Vilchez Lazo",
    "Cindy Madrid",
    "Allison, 6",
]


def test_no_private_detail_on_any_page_or_in_the_search_index(built_site):
    # Issue 24: the article pages once reprinted the seeds whole, and search indexed them.
    files = [*built_site.rglob("*.html"), *built_site.rglob("search_index.json")]
    assert any(f.name == "search_index.json" for f in files)
    leaks = []
    for path in files:
        text = path.read_text(encoding="utf-8").replace("\\u2019", "’")
        leaks += [(path.relative_to(built_site), d) for d in PRIVATE_DETAILS if d in text]
    assert leaks == []


def test_a_cited_sentence_naming_a_private_person_shows_only_the_cited_words(repo):
    from civicdata import load
    from civicdata.site import seed_pages
    from civicdata.site.quotes import QuoteIndex

    dataset = load(repo.root)
    source = dataset.get("article-2018-07-end-ice-access-to-pars")
    page = seed_pages.render(dataset, source, QuoteIndex(dataset))
    assert "he told NBC10" in page and "Wang is suing" not in page
    # a sentence with nothing personal outside its quote is shown whole
    assert "as dozens of protesters continue to camp outside city hall" in page


def test_a_seeds_control_and_invisible_characters_are_shown_escaped(sandbox):
    """A seed is read as it came (the validator refuses such characters in records, not
    in articles): on its page an escape sequence, a bidi override, a bell, a zero-width
    space or an isolate is written out (`\\x1b`), never passed to the reader raw."""
    from civicdata import load
    from civicdata.site import seed_pages
    from civicdata.site.quotes import QuoteIndex

    seed = sandbox.seeds_dir / "000_9ef18d3464c072e1.txt"
    hostile = "\x1b[2J\x07\u202eX\u200b\u2066\x85"
    seed.write_text(
        seed.read_text(encoding="utf-8").replace(
            "and Customs Enforcement.\n", f"and Customs Enforcement.{hostile}\n", 1
        ),
        encoding="utf-8",
    )
    dataset = load(sandbox.root)
    source = dataset.get("whyy-2018-da-vows-to-protect-immigrant-victims")
    page = seed_pages.render(dataset, source, QuoteIndex(dataset))
    assert "Alternating between English and Spanish" in page  # the sentence is shown
    for char in "\x1b\x07\u202e\u200b\u2066\x85":
        assert char not in page, repr(char)
    # (the NEL last is whitespace to the sentence splitter: the shown sentence ends before it)
    assert "Enforcement</mark>.\\x1b[2J\\x07\\u202eX\\u200b\\u2066 […]" in page


def test_overview_pages_have_previous_next_and_an_active_nav_item(built_site):
    """Timeline, Relationships and SQL skip Markdown; they still get the footer's
    previous and next links and their highlighted sidebar item (issue 25)."""
    for name in ["timeline", "relationships", "sql"]:
        page = (built_site / name / "index.html").read_text()
        assert "md-footer__link--prev" in page and "md-footer__link--next" in page, name
        assert re.search(r'class="md-nav__link md-nav__link--active"', page), name


@SITE_PAGES
def test_exercise_pages_chain_and_link_the_setup_page(built_site):
    from civicdata.grading.manifest import load_manifest
    from civicdata.project import Project

    exercises = load_manifest(Project(REPO)).exercises
    for exercise, after in zip(exercises, [*exercises[1:], None], strict=True):
        links = _parse(built_site / "exercises" / exercise.id / "index.html").links
        assert "../../start/" in links, exercise.id
        if after is not None:
            assert f"../{after.id}/" in links, f"{exercise.id} does not link {after.id}"


@SITE_PAGES
def test_record_and_article_pages_have_a_way_on_and_no_data_paths(built_site):
    dataset = load(REPO)
    for record in dataset:
        kind = dataset.kind_of(record.id)
        page = built_site / "records" / kind / record.id / "index.html"
        text = page.read_text()
        assert 'class="civicdata-way-on"' in text, record.id
        assert "../../../timeline/" in _parse(page).links, record.id
        shown = re.sub(r"<[^>]+>", " ", text.split("<article", 1)[1])
        assert not re.search(r"\b[a-z_]+\[\d+\]", shown), f"{record.id} shows a data path"
    for source in dataset.sources:
        page = built_site / "seeds" / source.id / "index.html"
        links = _parse(page).links
        assert f"../../records/source/{source.id}/" in links
        shown = re.sub(r"<[^>]+>", " ", page.read_text().split("<article", 1)[1])
        assert not re.search(r"\b[a-z_]+\[\d+\]", shown), f"{source.id} shows a data path"
        assert "../../timeline/" in links


@SITE_PAGES
def test_the_setup_page_is_first_and_linked_from_home(built_site):
    home = _parse(built_site / "index.html").links
    assert "start/" in home and "start/python/" in home
    nav = re.findall(
        r'<a href="([^"]+)" class="md-nav__link', (built_site / "index.html").read_text()
    )
    assert nav.index("start/") < nav.index("chapters/")


def test_record_notes_show_code_and_linked_names_not_raw_markup(built_site):
    """A note's `code span` is shown as code, and an id in a note is a link named
    by its record (issue 25: the vote's notes showed backticks and a raw id)."""
    page = built_site / "records" / "vote" / "pars-contract-renewal-2018" / "index.html"
    text = page.read_text()
    notes = text.split('id="notes"', 1)[1].split("<h2", 1)[0]
    assert "`" not in notes and "<code>unknown</code>" in notes
    assert "../../event/ice-blocked-from-pars-2018-08/" in notes
    assert "ice-blocked-from-pars-2018-08)" not in re.sub(r"<[^>]+>", "", notes)


def test_referrers_are_grouped_in_words_dated_and_listed_once(built_site):
    page = (built_site / "records" / "person" / "larry-krasner" / "index.html").read_text()
    section = page.split('id="referred-to-by"', 1)[1].split("<h2", 1)[0]
    assert "Claims about Larry Krasner" in section and "Claims Larry Krasner made" in section
    assert "11 July 2018 · " in section
    links = re.findall(r'<a href="([^"]+)"', section)
    groups = re.findall(r"<details.*?</details>", section, re.S)
    for group in groups:
        inside = re.findall(r'<a href="([^"]+)"', group)
        assert len(inside) == len(set(inside))  # each referrer once per relation
    assert len(links) >= 30
    assert any(" open>" not in g.split(">", 1)[0] + ">" for g in groups)  # long ones collapsed


def test_relationships_answer_who_claimed_voted_and_ruled(built_site):
    """The three questions of issue 25, each found by name on the page."""
    dataset = load(REPO)
    page = (built_site / "relationships" / "index.html").read_text()
    text = _visible_text(built_site / "relationships" / "index.html")
    pars = labels_name(dataset, "pars-ice-access-contract")
    group = page.split(f"<summary>{pars} ", 1)[1].split("</details>", 1)[0]
    speakers = {
        dataset.kind_of(c.speaker) and c.speaker
        for c in dataset.claims
        if "pars-ice-access-contract" in c.about
    }
    for speaker in speakers:
        assert f"/{speaker}/" in group, speaker
    votes = page.split('id="votes"', 1)[1].split('id="rulings"', 1)[0]
    for vote in dataset.votes:
        for position in vote.positions:
            assert f"/{position.voter}/" in votes
    rulings = page.split('id="rulings"', 1)[1].split("<h2", 1)[0]
    for ruling in dataset.rulings:
        for policy in ruling.policies:
            assert f"/{policy}/" in rulings
    assert "Claims, by what they are about" in text


def labels_name(dataset, record_id: str) -> str:
    from html import escape

    from civicdata.site import labels

    return escape(labels.name(dataset, record_id))


def test_the_timeline_puts_marks_on_a_time_axis():
    """Position proportional to date; a year or a month drawn as the span it may
    mean; marks on the same day stacked, never on top of each other."""
    from civicdata.dataset import TimelineEntry
    from civicdata.dates import PartialDate
    from civicdata.site.svg import timeline_chart

    def entry(date: str, record_id: str) -> TimelineEntry:
        return TimelineEntry(PartialDate.parse(date), record_id, "event", "event", record_id)

    svg = timeline_chart(
        [
            entry("2018-01-01", "a"),
            entry("2019-01-01", "b"),
            entry("2019-01-01", "c"),
            entry("2020", "d"),
            entry("2020-06", "e"),
        ],
        lambda record_id: "#",
    )
    circles = [
        (float(x), float(y)) for x, y in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', svg)
    ]
    assert len(circles) == 3
    assert abs(circles[1][0] - circles[0][0] - 96) < 1  # a year is 96 px
    assert circles[1][0] == circles[2][0] and circles[1][1] != circles[2][1]  # stacked
    widths = sorted(
        float(w)
        for w in re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="6"', svg)
    )
    assert len(widths) == 2
    assert abs(widths[1] - 96) < 1.5 and abs(widths[0] - 96 * 30 / 365.25) < 1  # year, June


def test_generate_pages_is_the_one_entry_point_for_generated_pages(sandbox):
    """Record, overview, seed, SQL and exercise pages all come from generate_pages,
    which the mkdocs hook only hands on; a folder of records has no exercises."""
    from civicdata.manifest import load_manifest
    from civicdata.project import Project
    from civicdata.site import generate_pages, paths

    pages = generate_pages(load(REPO), Project(REPO))
    exercises = load_manifest(Project(REPO)).exercises
    assert isinstance(pages[paths.SQL_DATABASE], bytes)
    assert pages[paths.SQL_DATABASE].startswith(b"SQLite format 3\0")
    assert 'class="md-button civicdata-example"' in pages[paths.SQL_PAGE]  # chapter 6's queries
    assert {paths.TIMELINE, paths.RECORDS_INDEX, paths.EXERCISES_INDEX} <= set(pages)
    assert {paths.exercise_page(e.id) for e in exercises} <= set(pages)
    records_only = generate_pages(load(sandbox.root))
    assert paths.SQL_PAGE in records_only and paths.TIMELINE in records_only
    assert not [page for page in records_only if page.startswith("exercises/")]
    assert 'class="md-button civicdata-example"' not in records_only[paths.SQL_PAGE]


def test_every_code_token_material_greys_is_darkened_in_the_light_palette(built_site):
    """Material greys comments, operators, variables, punctuation and generic output
    with its light foreground, 4.47:1 on the light code ground; axe found a shell's
    ``${AUTOGRADER_ROOT:-/autograder}`` on the instructors' page (no audited template
    has one). Each such token colour is set again in the light palette."""
    [main_css] = (built_site / "assets" / "stylesheets").glob("main.*.min.css")
    greyed = set(
        re.findall(
            r"--md-code-hl-([a-z]+)-color:var\(--md-default-fg-color--light\)",
            main_css.read_text(encoding="utf-8"),
        )
    )
    assert {"comment", "variable", "punctuation"} <= greyed
    ours = (REPO / "docs" / "stylesheets" / "civicdata.css").read_text(encoding="utf-8")
    light = ours.split('[data-md-color-scheme="default"] {', 1)[1].split("}", 1)[0]
    assert {name for name in greyed if f"--md-code-hl-{name}-color: #5f6570;" in light} == greyed


def _template_environment(checkout: Path):
    """A Jinja environment given the hook's bytecode cache, for a build of ``checkout``."""
    from types import SimpleNamespace

    import jinja2

    from civicdata.site import mkdocs_hook

    config = SimpleNamespace(config_file_path=str(checkout / "mkdocs.yml"))
    loader = jinja2.DictLoader({"page.html": "{{ title }} ({{ n * 2 }})"})
    return mkdocs_hook.on_env(jinja2.Environment(loader=loader), config=config, files=None)


def test_compiled_templates_are_kept_for_the_next_build(monkeypatch, tmp_path):
    """mkdocs compiles the theme's templates in every build; the hook gives the build
    Jinja's bytecode cache in the checkout, and the next build's environment reads
    from it."""
    from importlib.metadata import version

    first = _template_environment(tmp_path)
    assert first.get_template("page.html").render(title="a", n=2) == "a (4)"
    folder = tmp_path / ".civicdata" / "jinja"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    [kept] = folder.iterdir()
    assert kept.name.endswith(f".jinja2-{version('jinja2')}.mkdocs-{version('mkdocs')}.cache")
    again = _template_environment(tmp_path)
    found = []  # whether the cache gave the second environment compiled code

    def load(bucket) -> None:
        real(bucket)
        found.append(bucket.code is not None)

    real = again.bytecode_cache.load_bytecode
    monkeypatch.setattr(again.bytecode_cache, "load_bytecode", load)
    assert again.get_template("page.html").render(title="b", n=3) == "b (6)"
    assert found == [True]


@pytest.mark.parametrize("planted", [".civicdata", ".civicdata/jinja"])
def test_a_planted_link_or_open_folder_gets_no_cache_and_is_left_as_found(tmp_path, planted):
    """A cache that anyone else could write is code the build would run, and a link
    could send its files anywhere: the build goes on without one, changing nothing."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o755)
    checkout = tmp_path / "checkout"
    (checkout / planted).parent.mkdir(parents=True, exist_ok=True)
    (checkout / planted).symlink_to(elsewhere)
    env = _template_environment(checkout)
    assert env.bytecode_cache is None
    assert env.get_template("page.html").render(title="c", n=1) == "c (2)"
    assert stat.S_IMODE(elsewhere.stat().st_mode) == 0o755 and list(elsewhere.iterdir()) == []
    (checkout / planted).unlink()
    (checkout / planted).mkdir(mode=0o777)
    os.chmod(checkout / planted, 0o777)  # as made, whatever the umask
    assert _template_environment(checkout).bytecode_cache is None
    assert stat.S_IMODE((checkout / planted).stat().st_mode) == 0o777


def test_a_cache_that_cannot_be_written_never_fails_a_build(tmp_path):
    env = _template_environment(tmp_path)
    (tmp_path / ".civicdata" / "jinja").rmdir()  # gone before the build's first template
    assert env.get_template("page.html").render(title="d", n=0) == "d (0)"
