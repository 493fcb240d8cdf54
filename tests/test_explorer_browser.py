"""The explorer in headless Chromium against the server on 127.0.0.1: search for 康佳, open its
page, read its fact and the sentence stating it, see its network drawn, run a named question;
no request leaves 127.0.0.1, no console error, Chinese renders.

Expected text is the report's: "新材料产业集群动力强劲,行业龙头康佳集团、广东中迅农科、双胞胎集团
纷纷来县投资" (康佳集团 leads the new-materials cluster, no project named), and "上市公司佛山金银河
投资的年产2万吨碳酸锂项目、上市公司沐邦高科投资的捷锐机电设备生产基地" (the two listed companies).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from glyphs import cjk_glyphs_script
from playwright.sync_api import Browser, Page, Route

LEADERS = "新材料产业集群动力强劲,行业龙头康佳集团、广东中迅农科、双胞胎集团纷纷来县投资"
FIRST_MENTION = "行业龙头康佳集团、广东中迅农科、双胞胎集团纷纷来县投资"


@dataclass
class Visit:
    page: Page
    requests: list[str] = field(default_factory=list)
    outbound: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def visit(browser: Browser, live_server: str) -> Iterator[Visit]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server)
    page = context.new_page()
    seen = Visit(page)

    def guard(route: Route) -> None:
        url = route.request.url
        seen.requests.append(url)
        if urlsplit(url).hostname != "127.0.0.1" and not url.startswith("data:"):
            seen.outbound.append(url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", guard)
    page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen.errors.append(str(e)))
    yield seen
    context.close()


def test_search_entity_facts_network_and_query(visit: Visit) -> None:
    page = visit.page
    page.goto("/")
    page.fill("form.search.big input[name=q]", "康佳")
    page.press("form.search.big input[name=q]", "Enter")
    page.wait_for_url("**/search?q=*")
    page.click("ol.hits a:has-text('康佳集团')")
    page.wait_for_url("**/id/konka-group")

    assert page.inner_text("h1").startswith("康佳集团")
    marks = page.locator(".said mark").all_inner_texts()
    assert marks == [LEADERS]  # the sentence once: its first mention and the leading role
    relation = page.locator("#clusters table.relations tr")
    assert relation.count() == 1
    assert "新材料产业集群" in relation.inner_text() and "领衔集群" in relation.inner_text()
    assert FIRST_MENTION in page.inner_text("header.card")

    page.wait_for_selector("#neighbourhood[data-drawn]")
    labels = page.evaluate(
        "document.getElementById('neighbourhood').anyiView.nodes.get().map(n => n.label)"
    )
    assert sorted(labels) == sorted(["康佳集团", "新材料产业集群"])
    painted = page.evaluate(
        """(() => { const c = document.querySelector('#neighbourhood .anyi-canvas canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; })()"""
    )
    assert painted > 1000

    page.click("nav a[href='/query']")
    page.click(".examples a[href='/query?name=listed-companies']")
    rows = page.locator("table.results tbody tr")
    assert rows.count() == 2
    text = page.locator("table.results").inner_text()
    assert "佛山金银河" in text and "年产2万吨碳酸锂项目" in text and "沐邦高科" in text

    page.fill("#query-text", 'ASK { ?s ?p "康佳集团"@zh }')
    page.press("#query-text", "Control+Enter")
    page.wait_for_selector("p.summary")
    assert page.inner_text("p.summary").startswith("true")

    assert visit.outbound == []
    assert all(urlsplit(url).hostname == "127.0.0.1" for url in visit.requests)
    assert visit.errors == []


def test_chain_is_drawn(visit: Visit) -> None:
    visit.page.goto("/chain")
    visit.page.wait_for_selector("#chain[data-drawn]")
    labels = visit.page.evaluate(
        "document.getElementById('chain').anyiView.nodes.get().map(n => n.label)"
    )
    assert {"康佳集团", "新材料产业集群", "年产2万吨碳酸锂项目"} <= set(labels)
    assert visit.outbound == [] and visit.errors == []


def test_chinese_renders(visit: Visit) -> None:
    """Two different characters in the page's font give two different, non-empty bitmaps;
    without a CJK font both would be the same empty box."""
    visit.page.goto("/id/anyi-county")
    glyphs = visit.page.evaluate(cjk_glyphs_script("getComputedStyle(document.body).fontFamily"))
    assert glyphs == [True, True, True]
    assert visit.page.evaluate("document.fonts.check('16px \"Noto Sans CJK SC\"', '安义')")
    assert visit.errors == []
