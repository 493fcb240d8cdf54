"""The explorer as an analyst reads it, in headless Chromium: the largest profile fits in a few
screens, no identifier or offset shows as text, a span opens the report at its words, the query
page runs its example and places an error, and no page scrolls sideways on a phone. A run
writes the README's screenshots to ``docs/screenshots/``.

Expected words are the report's: "行业龙头康佳集团、广东中迅农科、双胞胎集团纷纷来县投资" (the
first mention of 康佳集团).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

SCREENSHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
ENTITY_PAGES = [
    "/id/anyi-county",
    "/id/konka-group",
    "/id/anyi-hi-tech-park",
    "/id/new-materials-cluster",
    "/vocab/indicator/gross-industrial-output",
    "/fact/obs-gross-industrial-output-to",
]
PAGES = ["/", "/search?q=anyi", "/source/000_14a3bcd6bc545aa4", "/query", "/chain",
         "/query?name=investments", "/compare", *ENTITY_PAGES]  # fmt: skip


def _page(browser: Browser, base: str, width: int) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": width, "height": 900}, base_url=base)
    yield context.new_page()
    context.close()


@pytest.fixture
def wide(browser: Browser, live_server: str) -> Iterator[Page]:
    yield from _page(browser, live_server, 1280)


@pytest.fixture
def narrow(browser: Browser, live_server: str) -> Iterator[Page]:
    yield from _page(browser, live_server, 390)


def test_the_largest_profile_fits_in_a_few_screens(wide: Page) -> None:
    wide.goto("/id/anyi-county")
    assert wide.evaluate("document.documentElement.scrollHeight") <= 6000
    wide.screenshot(path=str(SCREENSHOTS / "anyi-county.png"))
    assert wide.locator("nav.toc a").count() >= 5  # contents, with counts
    assert wide.locator("details.more").count() >= 3  # long sections collapsed


@pytest.mark.parametrize("path", ENTITY_PAGES)
def test_no_identifier_or_offset_shows_as_text(wide: Page, path: str) -> None:
    wide.goto(path)
    shown = wide.evaluate(
        "(() => { document.querySelectorAll('details').forEach(d => d.open = true);"
        " const main = document.querySelector('main').cloneNode(true);"
        " main.querySelectorAll('p.iri, script').forEach(e => e.remove());"
        " return main.innerText; })()"
    )
    assert not re.search(r"fact:|#char=", shown)


def test_a_span_opens_the_report_at_its_words(wide: Page) -> None:
    wide.goto("/id/konka-group")
    wide.screenshot(path=str(SCREENSHOTS / "company.png"))
    wide.click("header.card a.src")
    wide.wait_for_url(re.compile(r"/source/000_14a3bcd6bc545aa4#char=\d+,\d+$"))
    here = wide.locator(".report .here")
    assert here.count() >= 1
    words = "".join(here.all_inner_texts())
    assert words == "行业龙头康佳集团、广东中迅农科、双胞胎集团纷纷来县投资"
    assert here.first.is_visible()
    box = here.first.bounding_box()
    assert box is not None and 0 <= box["y"] <= 900  # scrolled into view
    assert wide.locator("#stated .stated:not([hidden])").count() >= 1  # what it states
    wide.screenshot(path=str(SCREENSHOTS / "reader.png"))
    wide.locator(".report mark").first.click()  # another mark shows its own facts
    assert "康佳集团" not in wide.inner_text("#stated .stated:not([hidden])")


def test_the_query_page_runs_its_example_and_places_an_error(wide: Page) -> None:
    wide.goto("/query")
    assert "PREFIX ak:" in wide.input_value("#query-text")
    wide.click("#query-form button[type=submit]")
    wide.wait_for_selector("table.results tbody tr")
    assert "工业总产值" in wide.inner_text("table.results")
    assert wide.locator("table.results a[href^='/vocab/indicator/']").count() > 0
    wide.screenshot(path=str(SCREENSHOTS / "query.png"))
    wide.fill("#query-text", "SELECT ?s\nWHERE { ?s a ak:Company . ?s }")
    wide.press("#query-text", "Control+Enter")
    wide.wait_for_selector(".query-error")
    error = wide.inner_text(".query-error")
    # the line and column of the text as run, the project's prefix declared above it
    assert re.search(r"line \d+, column 27", error) and "^" in error
    assert "WHERE { ?s a ak:Company . ?s }" in error
    assert "ak:" in wide.inner_text("p.added")  # the undeclared project prefix, added


def test_home_and_chain_screenshots(wide: Page) -> None:
    wide.goto("/")
    wide.screenshot(path=str(SCREENSHOTS / "home.png"))
    wide.goto("/chain")
    wide.wait_for_selector("#chain[data-drawn]")
    wide.screenshot(path=str(SCREENSHOTS / "chain.png"))


@pytest.mark.parametrize("path", PAGES)
def test_no_page_scrolls_sideways_at_390_px(narrow: Page, path: str) -> None:
    narrow.goto(path)
    assert narrow.evaluate("document.documentElement.scrollWidth") <= 390
