"""The pages fit a projector (issue 16): at 1280×720 and 1920×1080 no Overview KPI value,
label or link is cut and no Overview table scrolls inside a box (every row shown, every column
in view); on every page chart text is at least 14 px and no chart title runs past its chart;
the Portfolio lists the most severe projects first and a click on a project's name opens it."""

from __future__ import annotations

import re

import pytest

from steerco.charts.theme import MIN_FONT_SIZE
from tests.support.browser import ROW_PX, Shots, assert_no_exception, wait_for_app, wait_for_charts
from tests.support.portfolio_order import portfolio_rows

pytestmark = pytest.mark.browser

SIZES = ((1280, 720), (1920, 1080))

#: Elements of a KPI tile, or any of their descendants, whose text is wider than its box.
CUT_TILES = """() => [...document.querySelectorAll(
        '[data-testid="stMetricValue"], [data-testid="stMetricLabel"]')]
    .flatMap(e => [e, ...e.querySelectorAll('*')])
    .filter(e => e.scrollWidth > e.clientWidth + 1)
    .map(e => e.closest('[data-testid^="stMetric"]').innerText)"""
#: Page links (a project's id, "Show red projects") whose label is wider than its box.
CUT_LINKS = """() => [...document.querySelectorAll('[data-testid="stPageLink"] a')]
    .flatMap(e => [e, ...e.querySelectorAll('*')])
    .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
    .map(e => e.closest('[data-testid="stPageLink"]').innerText)"""
#: Chart titles (of the chart and its axes) that run past the chart's edge.
CLIPPED_CHART_TITLES = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
    .flatMap(chart => {
        const edge = chart.getBoundingClientRect();
        return [...chart.querySelectorAll('.gtitle, .g-xtitle text, .g-ytitle text')]
            .filter(t => t.textContent.trim())
            .filter(t => {
                const box = t.getBoundingClientRect();
                return box.left < edge.left - 1 || box.right > edge.right + 1;
            })
            .map(t => t.textContent);
    })"""
#: Visible data grids whose rows or columns do not all fit: [width, shown, height, shown].
SCROLLING_TABLES = """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')]
    .filter(e => e.offsetParent !== null)
    .map(e => e.querySelector('.dvn-scroller'))
    .filter(s => s !== null)
    .map(s => [s.scrollWidth, s.clientWidth, s.scrollHeight, s.clientHeight])
    .filter(([w, cw, h, ch]) => w > cw + 1 || h > ch + 1)"""
VISIBLE_TABLES = """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')]
    .filter(e => e.offsetParent !== null && e.querySelector('.dvn-scroller')).length"""
#: Texts in the charts smaller than the floor: "size text".
SMALL_CHART_TEXT = """(floor) => [...document.querySelectorAll(
        '[data-testid="stPlotlyChart"] svg text')]
    .filter(t => t.textContent.trim() && parseFloat(getComputedStyle(t).fontSize) < floor)
    .map(t => getComputedStyle(t).fontSize + ' ' + t.textContent)"""


def _open(page, url: str, width: int, height: int) -> None:
    page.set_viewport_size({"width": width, "height": height})
    page.goto(url)
    wait_for_app(page)


@pytest.mark.parametrize(("width", "height"), SIZES, ids=lambda v: str(v))
def test_the_overview_fits_the_projector(page, running_app, width, height):
    _open(page, running_app.url("/"), width, height)
    wait_for_charts(page, count=2)
    page.wait_for_timeout(1000)  # the grids size their columns after drawing
    assert_no_exception(page)
    Shots(page, f"projector-{width}")("overview")
    assert page.get_by_test_id("stMetric").count() == 7
    assert page.evaluate(CUT_TILES) == []
    assert page.evaluate(CUT_LINKS) == []
    assert page.evaluate(VISIBLE_TABLES) >= 3  # changes, decisions, risks, milestones
    assert page.evaluate(SCROLLING_TABLES) == []
    assert page.evaluate(SMALL_CHART_TEXT, MIN_FONT_SIZE) == []
    # a long list shows its top rows whole; "Show all (n)" draws the rest, still no scroll box
    show_all = page.get_by_text(re.compile(r"^Show all \(\d+\)$")).first
    if show_all.count():
        tables = page.evaluate(VISIBLE_TABLES)
        show_all.click()
        page.wait_for_timeout(500)
        wait_for_app(page)
        page.wait_for_timeout(1000)
        assert page.evaluate(VISIBLE_TABLES) == tables
        assert page.evaluate(SCROLLING_TABLES) == []


@pytest.mark.parametrize(
    "path", ["/operations", "/finance", "/risks", "/roadmap", "/resources", "/vendors", "/demand"]
)
def test_no_kpi_tile_is_cut_at_1280(page, running_app, path):
    _open(page, running_app.url(path), 1280, 720)
    assert_no_exception(page)
    page.get_by_test_id("stMetric").first.wait_for()
    assert page.evaluate(CUT_TILES) == []
    wait_for_charts(page)
    page.wait_for_timeout(1000)  # plotly fits its labels after drawing
    assert page.evaluate(SMALL_CHART_TEXT, MIN_FONT_SIZE) == []
    assert page.evaluate(CLIPPED_CHART_TITLES) == []
    if path == "/operations":  # the SLA table is read in full: every row and column in view
        assert page.evaluate(SCROLLING_TABLES) == []


def test_the_portfolio_opens_a_project_by_a_click_on_its_name(page, running_app):
    _open(page, running_app.url("/portfolio"), 1280, 720)
    assert_no_exception(page)
    grid = page.get_by_test_id("stDataFrame").first
    grid.locator("[role=columnheader]").first.wait_for(state="attached")
    headers = grid.locator("[role=columnheader]").all_text_contents()
    # the committee's columns are in view at 1280 px, the name first
    for column in ("Project", "Overall", "Computed", "Phase", "Project manager", "EAC"):
        assert column in headers
    assert headers.index("Project") < headers.index("Phase") < headers.index("EAC")
    project_id, name = portfolio_rows(running_app)[0]
    box = grid.bounding_box()
    assert box is not None
    # the name cell of the first row (right of the row's selection box)
    page.mouse.click(box["x"] + 33 + 60, box["y"] + ROW_PX * 1.5)
    page.wait_for_url(re.compile(rf"/project\?project={project_id}"))
    wait_for_app(page)
    page.locator("h1", has_text=project_id).wait_for()
    assert name in page.locator("h1").first.inner_text()
    assert_no_exception(page)


@pytest.mark.parametrize(("width", "height", "stacked"), [(1280, 720, True), (1600, 900, False)])
def test_charts_side_by_side_go_one_per_row_on_a_narrow_page(
    page, running_app, width, height, stacked
):
    """The Risks page's heat map and top-risks table: one per row at 1280 (where the grid's
    words overlapped and the table was cut), side by side at 1600."""
    _open(page, running_app.url("/risks"), width, height)
    wait_for_charts(page)
    chart = page.get_by_test_id("stPlotlyChart").first.bounding_box()
    table = page.locator(".st-key-rk_top [data-testid='stDataFrame']").bounding_box()
    if stacked:
        assert table["y"] > chart["y"] + chart["height"] - 1
        assert abs(table["x"] - chart["x"]) < 2 and table["width"] > 0.9 * chart["width"]
    else:
        assert table["x"] > chart["x"] + chart["width"] - 1
        assert abs(table["y"] - chart["y"]) < 0.5 * chart["height"]
    assert page.evaluate(CLIPPED_CHART_TITLES) == []
    assert_no_exception(page)
