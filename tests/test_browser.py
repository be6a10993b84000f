"""A real browser on the built site: navigation, search, SQL, axe-core, chart geometry.

Playwright drives Debian's chromium-headless-shell, or its chromium where the
shell is not installed (no browser download). The headless shell is the same
Blink and V8 without the desktop browser around them, and what Playwright
itself runs for ``headless=True``; the browser tests cost it about 15% less
CPU than the full browser (48.5 against 57 CPU-seconds, measured in a cgroup).
``CIVICDATA_CHROMIUM`` names another. axe-core is the npm package's
axe.min.js, vendored in tests/vendor/axe-core (MPL-2.0, licence beside it),
given to each page as an init script: nothing is fetched from another host.
Where no browser is installed the test skips with a message, except when
CIVICDATA_REQUIRE_BROWSER is set, as .ci/run does: there it must run.

The page-wide checks (axe, text size, code that wraps, chart geometry, page
height) share one visit per page and width: the ``audit`` fixture loads each page
once at 1280 px and once at 390 px (the pages only the wrap check reads, at
390 px only: see NARROWEST), takes every measure there, and each test asserts
on its own part of what was measured. A page load is most of the cost of
a check, and loading the same page once per check measured nothing new. Every
width is one xdist group, so one worker runs one browser for each.
"""

from __future__ import annotations

import functools
import json
import os
import re
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

# Under pytest-xdist each width is one group (one worker, one browser, the audit at
# that width), so the two run side by side; the 1280 px group also has the dark run,
# the 390 px one the tests that click and type, which weigh about the same.
AT_1280 = pytest.mark.xdist_group("browser-1280")
AT_390 = pytest.mark.xdist_group("browser-390")

REPO_DOCS = Path(__file__).resolve().parent.parent / "docs"
BROWSERS = [Path("/usr/bin/chromium-headless-shell"), Path("/usr/bin/chromium")]
CHROMIUM = Path(
    os.environ.get("CIVICDATA_CHROMIUM")
    or next((each for each in BROWSERS if each.exists()), BROWSERS[-1])
)
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # V8 up to its baseline compiler (Sparkplug), not its optimising ones (Maglev,
    # TurboFan): the tiers run the same JavaScript with the same results, and each page
    # here runs axe and Material for a few hundred milliseconds, too short for the
    # background compiles to pay back. The browser tests took 39.5 CPU-s with it
    # against 42.3 without (two runs each, cgroup-measured, chromium included).
    "--js-flags=--max-opt=1",
]
WIDTHS = pytest.mark.parametrize(
    "width",
    [pytest.param(1280, marks=AT_1280), pytest.param(390, marks=AT_390)],
    ids=["1280px", "390px"],
)


def _browser_or_skip() -> None:
    if CHROMIUM.exists():
        return
    message = (
        f"no browser at {CHROMIUM}; install Debian's chromium-headless-shell "
        "(apt-get install chromium-headless-shell)"
    )
    if os.environ.get("CIVICDATA_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@functools.cache
def _empty_index(index: Path) -> bytes:
    return json.dumps({"config": json.loads(index.read_bytes())["config"], "docs": []}).encode()


class _EmptySearchIndexHandler(_QuietHandler):
    """Serves the site with its search index emptied: the same configuration, no pages."""

    def do_GET(self) -> None:
        if self.path.partition("?")[0] != "/search/search_index.json":
            super().do_GET()
            return
        body = _empty_index(Path(self.directory, "search", "search_index.json"))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _serve(directory: Path, handler: type[_QuietHandler]) -> Iterator[str]:
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(directory))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def search_url(built_site: Path) -> Iterator[str]:
    """The whole built site, for the tests that search it."""
    yield from _serve(built_site, _QuietHandler)


@pytest.fixture(scope="module")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site with an empty search index, for every test that does not search.

    Material's search worker fetches the 773 KB ``search/search_index.json`` and
    builds a lunr index from it on every page load, about half the cost of loading
    a page; only an open search box shows anything that depends on it, and the
    closed box looks the same either way. The index is emptied, not refused: a
    failed fetch ends Material's other components too (the palette toggle stops
    answering). The server empties it rather than the browser's request
    interception, which costs the browser more than it saves.
    """
    yield from _serve(built_site, _EmptySearchIndexHandler)


@pytest.fixture(scope="module")
def browser():
    _browser_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=FLAGS
        )
        yield launched
        launched.close()


AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def tabs(browser) -> Iterator[Callable[..., Any]]:
    """``tabs(width, scheme="light", search=False, script=True)``: one tab per kind, made
    on first use.

    A search tab is for `search_url`, the others for `site_url`. Every tab that runs
    the site's scripts has axe-core as an init script (it defines ``axe`` and touches
    nothing until ``axe.run``), which costs chromium less than injecting it into each
    page; a tab with ``script=False`` runs none (see `_without_scripts`).
    """
    made: dict[tuple[int, str, bool, bool], Any] = {}

    def tab(width: int, scheme: str = "light", search: bool = False, script: bool = True):
        key = (width, scheme, search, script)
        if key not in made:
            new = browser.new_page(
                viewport={"width": width, "height": 900},
                color_scheme=scheme,
                java_script_enabled=script,
            )
            new.set_default_timeout(20_000)
            if script:
                new.add_init_script(path=str(AXE))
            made[key] = new
        return made[key]

    yield tab
    for each in made.values():
        each.close()


@pytest.fixture
def page(tabs):
    """A desktop tab for the tests that click and type (on `site_url`)."""
    return tabs(1280)


@AT_390
def test_navigate_from_home_to_a_record(page, site_url, tmp_path):
    page.goto(f"{site_url}/")
    assert "civicdata" in page.title()
    page.get_by_role("link", name="All records").first.click()
    page.get_by_role("link", name="People").first.click()
    page.get_by_role("link", name="Larry Krasner", exact=True).first.click()
    assert page.locator("h1").first.inner_text().removesuffix("¶") == "Larry Krasner"
    assert page.url.endswith("/records/person/larry-krasner/")
    page.screenshot(path=str(tmp_path / "record.png"), full_page=True)
    assert (tmp_path / "record.png").stat().st_size > 10_000


@AT_390
def test_search_finds_pars(tabs, search_url, tmp_path):
    """On a phone, in the group's own search tab: a tab's first search builds the
    whole index (about a CPU-second), so each width's group searches in one tab."""
    tab = _search(tabs, NARROWEST, search_url, "PARS")
    results = tab.locator(".md-search-result__item")
    assert results.count() >= 3
    assert "PARS" in tab.locator(".md-search-result").inner_text()
    tab.screenshot(path=str(tmp_path / "search.png"))
    assert (tmp_path / "search.png").stat().st_size > 10_000


@AT_390
def test_sql_in_the_browser(page, site_url):
    """sql.js runs the chapter's example and a typed query on the shipped export,
    with no request leaving the site."""
    outside: list[str] = []

    def watch(request) -> None:
        if not request.url.startswith(site_url):
            outside.append(request.url)

    page.on("request", watch)
    page.goto(f"{site_url}/sql/")
    page.get_by_text("Ready.").wait_for()
    page.locator(".civicdata-example", has_text="Who made the most claims").click()
    page.locator("#sql-results table").first.wait_for()
    header = page.locator("#sql-results th").all_inner_texts()
    assert header == ["speaker", "claims"]
    assert page.locator("#sql-results tbody tr").count() == 5
    box = page.locator("#sql-query")
    box.fill("SELECT '<b>x</b>' AS markup, COUNT(*) AS n FROM person")
    box.press("Control+Enter")
    page.get_by_text("1 row in").wait_for()
    cells = page.locator("#sql-results td").all_inner_texts()
    assert cells[0] == "<b>x</b>"  # shown as text, not markup
    assert int(cells[1]) > 10
    box.fill("SELECT nonsense FROM")
    page.locator("#sql-run").click()
    assert "SQLite says:" in page.locator(".civicdata-sql-error").inner_text()
    page.remove_listener("request", watch)
    assert outside == []


TEMPLATES = {
    "home": "",
    "setup": "start/",
    "chapter": "chapters/01-article-to-records/",
    "exercise": "exercises/",
    "person": "records/person/larry-krasner/",
    "organization": "records/organization/philadelphia-district-attorneys-office/",
    "policy": "records/policy/pars-ice-access-contract/",
    "vote": "records/vote/pars-contract-renewal-2018/",
    "ruling": "records/ruling/philadelphia-v-sessions-2018/",
    "event": "records/event/kenney-meets-vamos-juntos-2018-07/",
    "kind index": "records/claim/",
    "claim": "records/claim/advocates-bristle-at-possible-backtrack/",
    "source": "records/source/article-2024-05-30-irli-investigation/",
    "seed": "seeds/ap-2018-07-11-prosecutor-says-no-to-renewal/",
    "timeline": "timeline/",
    "relationships": "relationships/",
    "data model": "reference/data-model/",
    "sql": "sql/",
}
# Checked by axe in the dark palette too: every template and a chapter with code.
DARK_PAGES = {**TEMPLATES, "refresher": "start/python/", "sql chapter": "chapters/06-querying-sql/"}
CHART_PAGES = ["timeline/", "relationships/", TEMPLATES["person"], TEMPLATES["claim"]]
CODE_PAGES = [
    "start/",
    "start/python/",
    *[f"chapters/{p.stem}/" for p in sorted((REPO_DOCS / "chapters").glob("0*.md"))],
    "exercises/01_load_and_read/",
    "exercises/08_sql_queries/",
    "exercises/09_validation_rule/",
]
WRAP_CANARY = "chapters/06-querying-sql/"
# Every code page is loaded for the wrap check at the phone width only. A block that
# wraps at 1280 px wraps at 390 px too: its column only narrows, and what could make
# it wrap at one width alone, a width-specific `white-space` rule, would show on the
# code pages loaded at 1280 px anyway (the templates and the two pages the dark run
# adds, the wrap canary among them), where the check runs too.
NARROWEST = 390


def _axed(width: int) -> dict[str, str]:
    """The pages axe checks at ``width``: every template at both widths, and at the
    dark run's width the two pages it adds.

    Those two are there for their code: the dark palette's token colours, which the
    templates' code does not all show. In the light palette their code is checked at
    1280 px; a colour does not change with the width (the palettes are colour
    variables, set for every width alike), and at the phone width they are code pages
    like the others, loaded for the wrap check: two axe runs and a scripted load
    less, about 0.7 CPU-s.
    """
    return DARK_PAGES if width == DARK_WIDTH else TEMPLATES


def _audited(width: int) -> list[str]:
    """The pages the audit loads at ``width``: those axe checks there, and every code
    page at the phone width (see NARROWEST)."""
    code = CODE_PAGES if width == NARROWEST else []
    return list(dict.fromkeys([*_axed(width).values(), *code]))


def _without_scripts(path: str, width: int) -> bool:
    """Whether the audit loads ``path`` at ``width`` with scripts off: the code pages
    axe does not check there, loaded for the wrap check alone (and their height).

    Whether code wraps is the stylesheets' doing (`white-space`, the column's width),
    and these pages run no script of their own: the site-wide ones only (Material's
    bundle and civicdata.js, neither of which changes a code block's text or style),
    which every template and the pages the dark run adds run as they load, code
    pages among them, so any wrapping those scripts caused would show there. The
    audit records each such page's scripts and `test_no_code_block_wraps` fails if
    one gains a script of its own. Loading these ten pages without scripts cost
    chromium 1.0 CPU-s instead of 2.0. The wrap canary keeps its scripts: the check
    that the wrap check sees a wrapped block adds a style sheet, which playwright
    does with a script and waits for.
    """
    return path in CODE_PAGES and path not in _axed(width).values() and path != WRAP_CANARY


SITE_SCRIPTS = re.compile(
    r"(\.\./)*(assets/javascripts/bundle\.\w+\.min\.js|javascripts/civicdata\.js)"
)
SCRIPTS = "[...document.scripts].map(s => s.getAttribute('src')).filter(Boolean)"


# axe's serious and critical violations. A rule reports the impact it declares (axe
# sets every check's impact to its rule's), so a rule declared minor or moderate can
# never report a serious one: it is switched off, not run and thrown away. With
# `colours`, only the rules about colour run (see the dark-mode test).
SERIOUS = """async (colours) => {
  const off = r => r.impact === "minor" || r.impact === "moderate" ||
    (colours && !r.tags.includes("cat.color"));
  const rules = Object.fromEntries(axe._audit.rules.filter(off).map(r => [r.id, {enabled: false}]));
  const found = await axe.run(document, {resultTypes: ["violations"], rules});
  return found.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => v.id + ": " + v.nodes.map(n => n.target.join(" ")).slice(0, 5).join(", "));
}"""

# Every text of a build-time chart: its rendered size, inside its SVG, apart
# from every other text; every mark a link with a visible label.
GEOMETRY = """() => {
  const problems = [];
  const overlap = (a, b) =>
    Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 &&
    Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
  for (const svg of document.querySelectorAll("svg[class^=civicdata-]")) {
    const box = svg.getBoundingClientRect();
    if (box.width === 0) continue;  // not drawn at this width (the timeline on a phone)
    const scale = box.width / svg.viewBox.baseVal.width;
    const texts = [...svg.querySelectorAll("text")].map(t => [t, t.getBoundingClientRect()]);
    for (const [t, r] of texts) {
      const size = parseFloat(getComputedStyle(t).fontSize) * scale;
      if (size < 11.99) problems.push("small " + size.toFixed(1) + "px: " + t.textContent);
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 ||
          r.bottom > box.bottom + 1) problems.push("outside: " + t.textContent);
    }
    for (let i = 0; i < texts.length; i++)
      for (let j = i + 1; j < texts.length; j++)
        if (overlap(texts[i][1], texts[j][1]))
          problems.push("overlap: " + texts[i][0].textContent + " / " + texts[j][0].textContent);
    const marks = [...svg.querySelectorAll("circle")].map(c => c.getBoundingClientRect());
    for (let i = 0; i < marks.length; i++)
      for (let j = i + 1; j < marks.length; j++)
        if (overlap(marks[i], marks[j])) problems.push("marks overlap in " + svg.className.baseVal);
    for (const a of svg.querySelectorAll("a"))
      if (!a.getAttribute("href") || !a.querySelector("text")) problems.push("mark without label");
  }
  return problems;
}"""

# Every code block: not wrapped (its lines fit its height), scrolling sideways instead.
WRAPPED = r"""() => {
  const wrapped = [];
  for (const code of document.querySelectorAll(".md-typeset pre > code")) {
    const style = getComputedStyle(code);
    const lines = code.textContent.replace(/\n$/, "").split("\n").length;
    const lineHeight = parseFloat(style.lineHeight);
    const inner = code.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    if (style.whiteSpace !== "pre" || inner > (lines + 0.5) * lineHeight)
      wrapped.push(code.textContent.slice(0, 60));
  }
  return wrapped;
}"""

SMALL_TEXT = r"""() => {
  const found = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const element = node.parentElement;
    if (!node.textContent.trim() || !element || element.closest("svg, script, style")) continue;
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;  // not shown
    const size = parseFloat(getComputedStyle(element).fontSize);
    if (size < 11.95) found.add(size.toFixed(1) + "px: " + node.textContent.trim().slice(0, 40));
  }
  return [...found].slice(0, 10);
}"""

BROKEN_CELLS = """() => [...document.querySelectorAll(".md-typeset td code")]
  .filter(c => c.getClientRects().length > 1).map(c => c.textContent)"""
SCHEME = "document.body.getAttribute('data-md-color-scheme')"
DARK_WIDTH = 1280
OPEN_DETAILS = "document.querySelectorAll('details').forEach(d => { d.open = true; })"


def _measure(tab, path: str, width: int) -> dict[str, Any]:
    """Every page-wide measure of the page in ``tab``, in an order where none disturbs
    the next: first the page as loaded in the light palette, then (at 1280 px) in the
    dark one, then with every ``details`` open, last with code forced to wrap.

    The measures after the dark palette's are of sizes and places, which a palette
    (colour variables only) does not change."""
    _settle(tab)
    found: dict[str, Any] = {"height": tab.evaluate("document.documentElement.scrollHeight")}
    if path in _axed(width).values():
        found["axe"] = tab.evaluate(SERIOUS, False)
        if width == DARK_WIDTH:
            found["dark"] = _in_the_dark(tab, pointer=path == TEMPLATES["home"])
    if path in CODE_PAGES:
        found["wrapped"] = tab.evaluate(WRAPPED)
    if _without_scripts(path, width):
        found["scripts"] = tab.evaluate(SCRIPTS)
    if path == TEMPLATES["policy"]:
        found["broken cells"] = tab.evaluate(BROKEN_CELLS)
    if path in CHART_PAGES:
        found["charts"] = tab.locator("svg[class^=civicdata-]").count()
    tab.evaluate(OPEN_DETAILS)
    if path in TEMPLATES.values():
        found["small"] = tab.evaluate(SMALL_TEXT)
    if path in CHART_PAGES:
        found["geometry"] = tab.evaluate(GEOMETRY)
    if path == WRAP_CANARY:  # the wrap check must see a block that wraps
        tab.add_style_tag(content=".md-typeset pre > code { white-space: pre-wrap !important; }")
        found["forced wrap"] = tab.evaluate(WRAPPED)
    return found


@pytest.fixture(scope="module")
def audit(tabs, site_url, search_url) -> Callable[[int], dict[str, dict[str, Any]]]:
    """``audit(width)``: each page's measures at that width, keyed by path.

    Each page of :func:`_audited` is loaded once per width (and measured on first
    use of the width), plus the open search box, keyed ``"search open"``.
    """
    done: dict[int, dict[str, dict[str, Any]]] = {}

    def at(width: int) -> dict[str, dict[str, Any]]:
        if width not in done:
            measured = {}
            for path in _audited(width):
                tab = tabs(width, script=not _without_scripts(path, width))
                tab.goto(f"{site_url}/{path}")
                measured[path] = _measure(tab, path, width)
            searching = _search(tabs, width, search_url, "Krasner")
            measured["search open"] = {"axe": searching.evaluate(SERIOUS, False)}
            done[width] = measured
        return done[width]

    return at


TOGGLE = "label[title='Switch to dark mode']"


def _in_the_dark(tab, pointer: bool) -> tuple[str, list[str]]:
    """The palette after the reader's switch to dark mode, and axe's colour violations
    in it. Material keeps the reader's choice for the next page in local storage;
    it is forgotten, so that the next page is loaded as the system chooses.

    With ``pointer``, the header's toggle is clicked as a reader does (playwright
    first waits for it to be visible, still and the topmost element under the
    pointer); otherwise the same toggle gets the click event from the page
    (``label.click()``), which Material handles the same way. Every page has the
    same header, so the audit clicks with the pointer on its first page only:
    playwright's checks took 1.3 of the dark run's 5.2 CPU-s over its 20 pages.
    """
    if pointer:
        tab.locator(TOGGLE).click()
    else:
        tab.evaluate("toggle => document.querySelector(toggle).click()", TOGGLE)
    _settle(tab)
    dark = (tab.evaluate(SCHEME), tab.evaluate(SERIOUS, True))
    tab.evaluate("localStorage.clear()")
    return dark


def _search(tabs, width: int, search_url: str, words: str):
    """The search tab at ``width``, its box open and showing the results for ``words``.

    The tab loads the site and its search index once; each search empties the box,
    waits for the list to empty, enters the word and waits for its results, so that
    no list of an earlier search (which may be of the same word) is measured.
    """
    tab = tabs(width, search=True)
    if not tab.url.startswith(search_url):
        tab.goto(f"{search_url}/")
    if not tab.evaluate("document.getElementById('__search').checked"):
        if width < 960:
            tab.locator("label.md-header__button[for=__search]").click()
        else:
            tab.locator("input.md-search__input").click()
    box = tab.locator("input.md-search__input")
    box.fill("")
    box.press("End")  # Material searches on key events, not on fill()
    tab.wait_for_function("() => !document.querySelector('.md-search-result__item')")
    box.fill(words)
    box.press("End")
    whole_word = (
        "w => [...document.querySelectorAll('.md-search-result__item a')]"
        ".some(a => a.href.toLowerCase().includes('h=' + w))"
    )
    for _ in range(10):  # the index may still be loading: a key press asks again
        try:
            tab.wait_for_function(whole_word, arg=words.lower(), timeout=3_000)
            break
        except Exception:
            box.press("End")
    tab.wait_for_function(whole_word, arg=words.lower())
    _settle(tab)
    return tab


# The finite CSS transitions and animations of elements the reader can see (see `_settle`).
SHOWN = """() => document.getAnimations().filter(a =>
  a.effect.getComputedTiming().iterations !== Infinity && a.effect.target.checkVisibility())"""
# Those still running, as "property@class" strings.
RUNNING = f"""() => ({SHOWN})()
  .filter(a => a.playState === "running")
  .map(a => (a.transitionProperty || a.animationName) + "@" + a.effect.target.className)"""


def _settle(tab) -> None:
    """Wait until every finite transition on the page has finished.

    Material fades the search results in (`.md-search__output`, opacity over
    0.4 s). axe computes colour contrast with the opacity of the moment, so a
    result list measured mid-fade has grey text at 3.8:1: whether the fade was
    over when the results appeared depended on how fast the machine loaded the
    search index, which is why the same site passed on one machine and failed
    on another. Measuring the page as the reader sees it, once still, removes
    the race without loosening the check.

    Only what is shown: switching the palette starts colour transitions on the
    code inside closed ``details`` too, which chromium does not run while they
    stay closed (waiting for them waited for ever); axe leaves hidden text out.
    """
    tab.evaluate(
        f"""async () => {{
          for (let round = 0; round < 20; round++) {{  // one may start as another ends
            const shown = ({SHOWN})();
            if (!shown.some(a => a.playState === "running")) return;
            await Promise.all(shown.map(a => a.finished.catch(() => null)));
          }}
        }}"""
    )
    assert tab.evaluate(RUNNING) == []


@WIDTHS
def test_axe_finds_nothing_serious_on_any_template(audit, width):
    """Every template and the open search box (at 1280 px, the two pages the dark run
    adds as well: see `_axed`)."""
    measured = audit(width)
    found = {}
    for name, path in [*_axed(width).items(), ("search open", "search open")]:
        if measured[path]["axe"]:
            found[name] = measured[path]["axe"]
    assert found == {}


@WIDTHS
def test_charts_have_readable_separate_labels(audit, width):
    measured = audit(width)
    for path in CHART_PAGES:
        assert measured[path]["charts"] >= 1, path
        assert measured[path]["geometry"] == [], path


@WIDTHS
def test_a_persons_page_is_the_first_result_for_their_name(tabs, search_url, width):
    tab = _search(tabs, width, search_url, "Krasner")
    first = tab.locator(".md-search-result__item").first
    assert first.locator("h1").inner_text().strip() == "Larry Krasner"
    assert "records/person/larry-krasner/" in first.locator("a").first.get_attribute("href")
    snippet = first.inner_text()
    assert "Philadelphia District Attorney" in snippet
    assert "Krasnerperson" not in snippet and "field value" not in snippet


@AT_1280
def test_axe_measures_the_search_results_as_the_reader_sees_them(audit, tabs, search_url):
    """Still, the open search passes; caught halfway through its fade it would not.

    This pins the cause of the machine-dependent failure `_settle` removes: the
    same result list at the opacity of a mid-fade moment has too little contrast.
    The still list is the audit's; the mid-fade one runs only axe's colour rules,
    the only ones this test reads.
    """
    assert audit(1280)["search open"]["axe"] == []
    tab = _search(tabs, 1280, search_url, "Krasner")
    fade = "document.querySelector('.md-search__output').style"
    tab.evaluate(f"() => {{ {fade}.transition = 'none'; {fade}.opacity = '0.6'; }}")
    try:
        assert any(v.startswith("color-contrast") for v in tab.evaluate(SERIOUS, True))
    finally:
        tab.evaluate(f"() => {{ {fade}.opacity = ''; {fade}.transition = ''; }}")


ENDLESS = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT COUNT(*) FROM n;"


@AT_390
def test_an_endless_query_is_stopped_and_the_next_one_runs(page, site_url):
    """The console runs queries in a worker under a time limit (1 s by default):
    an endless recursive CTE is stopped with a message, the page stays usable,
    and the next query runs; Cancel stops one at once.

    The endless query runs under the smallest limit the field takes (0.5 s): an
    endless query spends its whole limit in CPU, and the limit's value only sets
    the timer the page starts."""
    import time

    page.goto(f"{site_url}/sql/")
    page.get_by_text("Ready.").wait_for()
    assert page.locator("#sql-limit").input_value() == "1"
    page.locator("#sql-limit").fill("0.5")
    box = page.locator("#sql-query")
    box.fill(ENDLESS)
    started = time.monotonic()
    page.locator("#sql-run").click()
    page.get_by_text("Stopped after 0.5 s").wait_for(timeout=8_000)
    page.get_by_text("ran past the time limit").wait_for()
    assert time.monotonic() - started < 5
    assert page.evaluate("1 + 1") == 2  # the page's own thread was never blocked
    box.fill("SELECT COUNT(*) AS people FROM person")
    page.locator("#sql-run").click()
    page.get_by_text("1 row in").wait_for(timeout=10_000)
    assert int(page.locator("#sql-results td").first.inner_text()) > 10
    page.locator("#sql-limit").fill("60")
    box.fill(ENDLESS)
    page.locator("#sql-run").click()
    page.wait_for_timeout(300)
    assert page.locator("#sql-cancel").is_enabled()
    page.locator("#sql-cancel").click()
    page.get_by_text("Cancelled.").wait_for(timeout=2_000)
    page.get_by_text("ready for the next query").wait_for(timeout=10_000)


@AT_390
def test_a_shared_query_url_restores_the_query_and_links_ids(page, site_url):
    from urllib.parse import quote

    query = "SELECT id, name FROM person WHERE id = 'larry-krasner'"
    page.goto(f"{site_url}/sql/?sql={quote(query)}")
    page.get_by_text("1 row in").wait_for(timeout=15_000)
    assert page.locator("#sql-query").input_value() == query
    link = page.locator("#sql-results td a").first
    assert link.inner_text() == "larry-krasner"
    assert link.get_attribute("href").endswith("/records/person/larry-krasner/")
    page.locator("#sql-query").fill("SELECT 2 AS two")
    page.locator("#sql-run").click()
    page.get_by_text("1 row in").wait_for()
    assert "sql=SELECT+2" in page.url or "sql=SELECT%202" in page.url
    page.go_back()
    page.wait_for_function(
        "document.getElementById('sql-query').value.startsWith('SELECT id, name')"
    )


@WIDTHS
def test_no_code_block_wraps(audit, width):
    """Every code page at the phone width; at 1280 px, those the audit loads there."""
    measured = audit(width)
    checked = [path for path in CODE_PAGES if path in measured]
    assert WRAP_CANARY in checked and (width != NARROWEST or checked == CODE_PAGES)
    found = {path: measured[path]["wrapped"] for path in checked if measured[path]["wrapped"]}
    assert found == {}, f"code blocks wrap at {width} px"
    # The pages measured with scripts off run the site-wide scripts only (see _without_scripts).
    own = {
        path: [src for src in measured[path]["scripts"] if not SITE_SCRIPTS.fullmatch(src)]
        for path in checked
        if _without_scripts(path, width)
    }
    assert {path: srcs for path, srcs in own.items() if srcs} == {}


@WIDTHS
def test_the_wrap_check_sees_a_wrapped_block(audit, width):
    assert audit(width)[WRAP_CANARY]["forced wrap"] != []


@pytest.mark.parametrize("word", ["PARS", "sanctuary", "ICE", "citation"])
@AT_390
def test_topic_words_find_a_teaching_page_first(tabs, search_url, word):
    """Chapters and the glossary rank above records and articles for the course's
    topic words (their pages carry a search boost); a person's name still finds
    their record first (test above)."""
    # waits for the results of the whole word; the group's own tab (see the test above)
    tab = _search(tabs, NARROWEST, search_url, word)
    first = tab.locator(".md-search-result__item > a").first.get_attribute("href")
    assert "/chapters/" in first or "/start/" in first, f"{word}: {first}"


@WIDTHS
def test_the_timeline_is_one_list_on_a_phone_and_filters(tabs, site_url, width):
    tab = tabs(width)
    tab.goto(f"{site_url}/timeline/")
    chart_shown = tab.locator("figure.civicdata-chart").first.is_visible()
    assert chart_shown == (width >= 720), f"chart shown at {width} px: {chart_shown}"
    rows = tab.locator("#timeline-table tbody tr")
    total = rows.count()
    tab.locator("form.civicdata-filter select[name=year]").select_option("2021")
    shown = tab.locator("#timeline-table tbody tr:not([hidden])")
    assert 0 < shown.count() < total
    assert all(y == "2021" for y in shown.evaluate_all("rs => rs.map(r => r.dataset.year)"))
    tab.locator("form.civicdata-filter input[name=words]").fill("Krasner")
    assert all("krasner" in t.lower() for t in shown.all_inner_texts())
    assert "of " + str(total) in tab.locator("form.civicdata-filter output").inner_text()


@pytest.fixture(scope="module")
def system_dark(tabs, site_url) -> dict[str, tuple[str, list[str]]]:
    """A page of each of the site's two page templates (Material's, and the record
    pages' own), loaded with the reader's system in dark mode: its palette as loaded
    and axe's colour violations."""
    tab = tabs(DARK_WIDTH, scheme="dark")
    measured = {}
    for name in ["home", "person"]:
        tab.goto(f"{site_url}/{TEMPLATES[name]}")
        _settle(tab)
        measured[name] = (tab.evaluate(SCHEME), tab.evaluate(SERIOUS, True))
    return measured


@AT_1280
def test_axe_finds_nothing_serious_in_dark_mode(audit, system_dark):
    """The dark palette too (the reader's system chooses it, or the reader): every
    template and a chapter with code, at a desktop width.

    The reader's system picks the dark palette on a fresh load (`system_dark`: the
    script that picks it is in the base template every page extends, so a page of
    each template shows it); every page is then measured in the dark palette on
    the audit's visit of it, switched with the header's toggle, which sets the same
    palette attributes: a second load of each page in the dark cost more than all
    of the checks made on it.

    Only axe's colour rules run in the dark (colour contrast, links told apart from
    text by colour): the dark palette changes the colour variables and nothing
    else, so the names, roles, structure and every other rule find in the dark
    what they find in the light, where `test_axe_finds_nothing_serious_on_any_template`
    runs them on these same pages at this width and at a phone's.
    """
    measured = audit(DARK_WIDTH)
    found = {}
    for name, path in DARK_PAGES.items():
        scheme, violations = measured[path]["dark"]
        assert scheme == "slate", name
        if violations:
            found[name] = violations
    for name, (scheme, violations) in system_dark.items():
        assert scheme == "slate", f"{name}, loaded with the system in dark mode"
        if violations:
            found[f"{name}, loaded dark"] = violations
    assert found == {}


@AT_390
def test_values_in_table_cells_are_not_broken_mid_word(audit):
    assert audit(390)[TEMPLATES["policy"]]["broken cells"] == []


@AT_1280
def test_a_typical_record_fits_about_two_screens(audit):
    """Issue 25: Larry Krasner's page was 7,113 px at 1280; connections are now
    listed once, long groups collapsed, and the drawing opened on demand."""
    # A policy page also carries the evidence of each status and each link (issue 24's
    # link citations, folded but listed): about three screens.
    for path, screens in [(TEMPLATES["person"], 2.75), (TEMPLATES["policy"], 3.25)]:
        assert audit(1280)[path]["height"] < screens * 900, path


@WIDTHS
def test_no_text_under_12_px(audit, width):
    """Issue 25: inline code in tables and collapsible blocks was 10.9 px."""
    measured = audit(width)
    found = {name: measured[path]["small"] for name, path in TEMPLATES.items()}
    assert {name: small for name, small in found.items() if small} == {}, f"at {width} px"
