"""The pages in a real browser (Debian's Chromium through Playwright): the server runs on a free
loopback port over the demo database; the walk goes search -> article -> entity -> facts.

A page that fails its test is saved as a screenshot in $CASPIAN_ARTIFACTS (default: the temp
folder)/caspian-browser/. With CASPIAN_SCREENSHOT=1 the dashboard is saved to docs/screenshot.png.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from caspian.web import WebSettings, create_app
from tests.conftest import GAZETTEER, ROOT
from tests.web.conftest import TOKEN
from tests.web.demo import XSS_TEXT

CHROMIUM = os.environ.get("CASPIAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(os.environ.get("CASPIAN_ARTIFACTS", tempfile.gettempdir())) / "caspian-browser"

pytestmark = pytest.mark.slow


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (.venv/bin/pip install playwright)"
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


@pytest.fixture(scope="module")
def ids(sqlite_demo) -> dict[str, str]:
    return sqlite_demo[1]


@pytest.fixture(scope="module")
def app(sqlite_demo):
    return create_app(sqlite_demo[0], WebSettings(token=TOKEN, pipeline=GAZETTEER))


@pytest.fixture(scope="module")
def base_url(app) -> Iterator[str]:
    import uvicorn

    reason = _missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests must run in CI: {reason}")
        pytest.skip(reason)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser(base_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Watched:
    """A page with every console error, page error, dialog and failed request it saw."""

    def __init__(self, page, base: str) -> None:
        self.page, self.base = page, base
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("response", lambda r: r.status >= 400 and self.problems.append(f"HTTP {r.status} {r.url}"))
        page.on("requestfailed", lambda r: self.problems.append(f"failed request {r.url}"))
        page.on("dialog", self._dialog)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def goto(self, path: str) -> None:
        # The pages are drawn by the server and their own inline scripts (no request after `load`),
        # so `load` is enough; "networkidle" would add half a second of silence to every step.
        self.page.goto(self.base + path, wait_until="load")


@pytest.fixture(scope="module")
def shared_page(browser, base_url) -> Iterator[Watched]:
    """One browser context and page for the module (a new context costs about 0.2 s a test)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    yield Watched(context.new_page(), base_url)
    context.close()


@pytest.fixture()
def web(shared_page: Watched, request) -> Iterator[Watched]:
    """The module's page, with what it saw cleared for each test and blank between tests."""
    shared_page.problems.clear()
    shared_page.dialogs.clear()
    yield shared_page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shot = ARTIFACTS / f"{request.node.name}.png"
        shared_page.page.screenshot(path=str(shot), full_page=True)
        print(f"screenshot of the failing page: {shot}")
    shared_page.page.goto("about:blank")


def visible_text(page, selector: str) -> str:
    locator = page.locator(selector).first
    locator.wait_for(state="visible", timeout=5000)
    return locator.inner_text()


def test_walk_search_article_entity_facts(web):
    page = web.page
    web.goto("/")
    assert "Today in the knowledge base" in visible_text(page, "h1")
    assert page.locator("#stories .cluster").count() >= 2

    # search, from the box in the header
    page.fill("header input[name=q]", "Тенгиз")
    with page.expect_navigation():
        page.press("header input[name=q]", "Enter")
    assert page.url.startswith(web.base + "/search?q=")
    hits = page.locator("ol.hits li.hit")
    assert hits.count() >= 1
    assert hits.first.locator(".badge").inner_text().strip().lower() in {"ru", "kk", "tr", "en"}
    assert page.locator("ol.hits mark").count() >= 1

    # the article: highlighted spans with hover text, the removed noise behind a toggle
    with page.expect_navigation():
        hits.first.locator("h3 a").click()
    assert re.search(r"/articles/\w+$", page.url)
    assert visible_text(page, "article.doc h1")
    entity_spans = page.locator("#article-text .hl.ent")
    assert entity_spans.count() >= 1
    assert entity_spans.first.get_attribute("title")
    removed = page.locator("details.removed")
    assert not removed.locator("ul, p").first.is_visible()
    removed.locator("summary").click()
    assert removed.locator("ul, p").first.is_visible()

    # an entity named in the text
    with page.expect_navigation():
        page.locator("#article-text .hl.ent a").first.click()
    assert "/entities/" in page.url
    assert "Names in every language seen" in visible_text(page, "#names h2")
    page.locator("#timeline-chart canvas").first.wait_for(state="attached", timeout=5000)
    assert page.locator("#timeline-chart canvas").count() >= 1  # uPlot drew the mentions

    # the facts explorer: table, chart, CSV link
    with page.expect_navigation():
        page.click("header nav >> text=Facts")
    assert "Facts explorer" in visible_text(page, "h1")
    assert page.locator("table.facts tbody tr").count() >= 5
    page.locator("#facts-chart canvas").first.wait_for(state="attached", timeout=5000)
    assert page.locator("#facts-chart canvas").count() >= 1
    csv_link = page.locator("#csv-link").get_attribute("href")
    response = page.request.get(web.base + csv_link)
    assert response.status == 200 and response.headers["content-type"].startswith("text/csv")
    page.locator("table.facts td.quote a").first.click()
    page.wait_for_url(re.compile("#at-"))
    assert "#at-" in page.url and page.locator("#article-text").is_visible()

    assert web.problems == [] and web.dialogs == []


@pytest.mark.parametrize(
    ("path", "selector", "check"),
    [
        ("/events", "table.events tbody tr", lambda n: n >= 5),
        ("/figures?geo=Kazakhstan", "#figures-chart polyline", lambda n: n >= 2),
        ("/timeline?entity=KazMunayGas", "#timeline-bars rect", lambda n: n >= 2),
        ("/digest?since=4w", "#digest-stories li", lambda n: n >= 3),
        ("/watch", "h1", lambda n: n == 1),
        ("/figures?geo=Kazakhstan", "table.figures tbody tr", lambda n: n >= 4),
        ("/graph", "#cooperation-graph circle", lambda n: n >= 5),
        ("/entities", "table tr", lambda n: n >= 10),
        ("/docs", "section.endpoint", lambda n: n >= 10),
    ],
)
def test_other_pages_draw(web, path, selector, check):
    web.goto(path)
    web.page.locator(selector).first.wait_for(state="attached", timeout=5000)  # charts are drawn by script
    assert check(web.page.locator(selector).count()), path
    assert web.problems == []


def test_a_watchlist_is_added_from_the_page_and_its_atom_feed_opens(web):
    from tests.web.conftest import TOKEN

    web.goto("/watch")
    form = web.page.locator("#watch-add")
    form.locator("input[name=name]").fill("browser-cpc")
    form.locator("input[name=words]").fill("CPC")
    form.locator("input[name=token]").fill(TOKEN)
    with web.page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert "added browser-cpc" in web.page.content()
    section = web.page.locator("section.watchlist", has_text="browser-cpc")
    feed_href = section.locator("a", has_text="Atom feed").get_attribute("href")
    response = web.page.goto(web.base + feed_href)
    assert response.status == 200 and response.headers["content-type"].startswith("application/atom+xml")
    assert b"<feed" in response.body() and b"browser-cpc" in response.body()
    web.goto("/watch")
    section = web.page.locator("section.watchlist", has_text="browser-cpc")
    section.locator("input[name=token]").fill(TOKEN)
    with web.page.expect_navigation():
        section.locator("button", has_text="Remove").click()
    assert (
        "removed" in web.page.content() and web.page.locator("section.watchlist", has_text="browser-cpc").count() == 0
    )
    assert web.problems == [] and web.dialogs == []


def test_markup_in_an_article_stays_text(web, ids):
    web.goto(f"/articles/{ids['xss']}")
    text = web.page.locator("#article-text").inner_text()
    assert "<script>alert('xss')</script>" in text and "<img src=x onerror=alert(1)>" in text
    assert text.strip() == XSS_TEXT.strip()
    assert web.page.locator("#article-text script, #article-text img").count() == 0
    assert web.page.title().startswith("<script>")
    assert web.dialogs == [] and web.problems == []


def test_dashboard_screenshot_for_the_readme(web):
    if os.environ.get("CASPIAN_SCREENSHOT") != "1":
        pytest.skip("set CASPIAN_SCREENSHOT=1 to refresh docs/screenshot.png")
    web.goto("/")
    web.page.screenshot(path=str(ROOT / "docs" / "screenshot.png"), full_page=False)
    assert (ROOT / "docs" / "screenshot.png").stat().st_size > 10_000
    for path, name in (
        ("/figures?geo=Kazakhstan", "figures"),
        ("/events", "events"),
        ("/timeline?entity=KMG", "timeline"),
        ("/digest?since=4w", "digest"),
        ("/watch", "watch"),
    ):
        web.goto(path)
        web.page.screenshot(path=str(ROOT / "docs" / f"screenshot-{name}.png"), full_page=False)
        assert (ROOT / "docs" / f"screenshot-{name}.png").stat().st_size > 10_000
