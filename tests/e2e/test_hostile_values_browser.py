"""Real browser: a store whose names and texts are links, images and HTML, and link values
that are Markdown, render nothing live — no anchor to the hostile host anywhere in the page
(Markdown text, chart labels, hover layers) and no request to it (a remote image)."""

from __future__ import annotations

import shutil
from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from data_access import engine as store_engine
from tests.conftest import ROOT
from tests.e2e.conftest import STEP_TIMEOUT_MS, VIEWPORT
from tests.support.app_server import StreamlitServer
from tests.support.browser import assert_no_exception, wait_for_app, wait_for_charts
from tests.support.hostile import EVIL_HOST, IMAGE, SESSION_LINK, make_hostile

pytestmark = pytest.mark.browser
HOVER_TIMEOUT_MS = 3_000
#: The targets of the page's anchors (HTML and SVG, href or xlink:href) naming ``host``.
SVG_LINKS = """host => [...document.querySelectorAll('a')]
    .map(a => [a.getAttribute('href'), a.getAttributeNS('http://www.w3.org/1999/xlink', 'href')])
    .flat().filter(h => h && h.includes(host))"""


@pytest.fixture(scope="module")
def hostile_app(app_db_path, tmp_path_factory):
    """`streamlit run app.py` on a copy of the seeded store rewritten with hostile values."""
    copy = tmp_path_factory.mktemp("hostiledb") / "steerco.sqlite"
    shutil.copy(app_db_path, copy)
    url = f"sqlite:///{copy}"
    pid = make_hostile(url)
    with StreamlitServer(cwd=ROOT, env={store_engine.DB_URL_ENV: url}) as server:
        yield server, pid


@pytest.fixture
def hostile_page(browser):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    yield page, requests
    context.close()


def _assert_nothing_live(page, requests: list[str]) -> None:
    assert_no_exception(page)
    links = page.locator(f'a[href*="{EVIL_HOST}"]')
    assert links.count() == 0, [links.nth(i).get_attribute("href") for i in range(links.count())]
    # Plotly's links are SVG anchors: their target may be an xlink:href
    svg_links = page.evaluate(SVG_LINKS, EVIL_HOST)
    assert svg_links == [], svg_links
    assert page.locator(f'img[src*="{EVIL_HOST}"]').count() == 0
    assert [u for u in requests if (urlsplit(u).hostname or "").endswith(EVIL_HOST)] == []


def _hover_every_mark(page) -> None:
    """Hover a few marks of each chart, so Plotly draws its hover labels into the page."""
    for chart in page.locator('[data-testid="stPlotlyChart"]').all():
        marks = chart.locator("g.point path, g.points path")
        for i in range(min(marks.count(), 3)):
            try:
                marks.nth(i).hover(force=True, timeout=HOVER_TIMEOUT_MS)
            except PlaywrightError:  # a mark outside the chart's visible range
                continue


@pytest.mark.parametrize(
    "path",
    ["roadmap", "roadmap?rm_tab=Milestone%20trend", "project?project={pid}", "overview", "risks"],
)
def test_hostile_names_render_no_link_and_fetch_nothing(hostile_app, hostile_page, path):
    server, pid = hostile_app
    page, requests = hostile_page
    page.goto(server.url(path.format(pid=pid)))
    wait_for_app(page)
    if "overview" not in path:
        wait_for_charts(page)
    _hover_every_mark(page)
    _assert_nothing_live(page, requests)


def test_hostile_link_values_render_as_text(hostile_app, hostile_page):
    server, _ = hostile_app
    page, requests = hostile_page
    page.goto(server.url(f"project?project={quote(SESSION_LINK)}&as_of={quote(IMAGE)}"))
    wait_for_app(page)
    page.get_by_text("There is no project with the id").wait_for()
    error = page.locator('[data-testid="stAlert"]', has_text="There is no project with the id")
    assert "[Session expired](http" in error.inner_text()  # as typed, not a link
    warning = page.locator('[data-testid="stAlert"]', has_text="Ignored as_of=")
    assert "![x](http" in warning.inner_text()  # as typed, not an image
    _assert_nothing_live(page, requests)
