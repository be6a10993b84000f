"""A real browser on the built site: navigate to a record, search for PARS.

Playwright drives Debian's chromium (no browser download). Where no browser
is installed the test skips with a message, except when
CIVICDATA_REQUIRE_BROWSER is set, as .ci/run does: there it must run.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CIVICDATA_CHROMIUM", "/usr/bin/chromium"))
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _browser_or_skip() -> None:
    if CHROMIUM.exists():
        return
    message = f"no browser at {CHROMIUM}; install Debian's chromium (apt-get install chromium)"
    if os.environ.get("CIVICDATA_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site_url(built_site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def page(site_url: str):
    _browser_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=FLAGS
        )
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        tab.set_default_timeout(15_000)
        yield tab
        browser.close()


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


def test_search_finds_pars(page, site_url, tmp_path):
    page.goto(f"{site_url}/")
    search = page.locator("input.md-search__input")
    search.click()
    search.fill("PARS")
    results = page.locator(".md-search-result__item")
    results.first.wait_for()
    assert results.count() >= 3
    assert "PARS" in page.locator(".md-search-result").inner_text()
    page.screenshot(path=str(tmp_path / "search.png"))
    assert (tmp_path / "search.png").stat().st_size > 10_000


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
    page.locator(".civicdata-example").nth(1).click()  # who made the most claims
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
