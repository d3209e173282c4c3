"""Real browser (Playwright driving Debian's Chromium): clicking a heat-map cell on Risks & RAID
lists exactly the risks of that cell, and clicking another cell replaces the list; the heat
map's menu gives its slide picture; on the "Overdue actions and ageing" tab an ageing bar lists
its items."""

from __future__ import annotations

import re

import pytest

from data_access import engine as store_engine
from data_access.filters import Filters
from steerco.config import load_settings
from steerco.views import risks as views
from tests.support.browser import (
    assert_no_exception,
    wait_for_app,
    wait_for_charts,
)

pytestmark = pytest.mark.browser
#: Charts on the page's first tab (the heat map); the ageing tab draws one more.
FIRST_TAB_CHARTS = 1
RAID_ID = re.compile(r"RAID-\d+")
#: Pixel position of a cell centre from the figure's own axes (data → pixels), relative to
#: the viewport, for the chart element it is evaluated on.
CELL_CENTRE_JS = """(el, [impact, probability]) => {
    const gd = el.querySelector('.js-plotly-plot');
    const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
    const box = gd.getBoundingClientRect();
    return [box.left + xa._offset + xa.l2p(impact), box.top + ya._offset + ya.l2p(probability)];
}"""


@pytest.fixture(scope="module")
def view(app_db_path) -> views.RisksView:
    """The page as the plain-Python layer computes it for the store the app serves (a copy of
    app_db_path), as of today."""
    eng = store_engine.create_engine(f"sqlite:///{app_db_path}")
    with eng.connect() as conn:
        page = views.build(conn, Filters(), load_settings())
    eng.dispose()
    return page


@pytest.fixture(scope="module")
def cells(view):
    """Two cells with risks (the fullest first) and their risk ids."""
    filled = view.heatmap[view.heatmap["count"] > 0].sort_values(
        ["count", "score"], ascending=False
    )
    picked = []
    for cell in filled.head(2).itertuples():
        ids = sorted(view.cell(cell.probability, cell.impact)["raid_id"])
        picked.append((int(cell.probability), int(cell.impact), ids))
    return picked


def _click_cell(page, probability: int, impact: int) -> None:
    chart = page.locator(".st-key-rk_heatmap")
    chart.scroll_into_view_if_needed()
    x, y = chart.evaluate(CELL_CENTRE_JS, [impact, probability])
    # off-centre on purpose: a click anywhere in the cell picks it
    x, y = x + 12, y - 12
    page.mouse.move(x, y)
    page.mouse.click(x, y)


def _listed_ids(page, probability: int, impact: int, count: int) -> list[str]:
    noun = "risk" if count == 1 else "risks"
    title = rf"^{count} open {noun} with probability {probability} × impact {impact} "
    page.get_by_role("heading", name=re.compile(title)).wait_for()
    table = page.locator(".st-key-rk_cell")
    # The grid draws on a canvas; its accessible (hidden) table holds the same rows. Wait
    # until it holds this cell's rows (the rerun replaces the previous cell's list).
    page.wait_for_function(
        """([n]) => document.querySelectorAll('.st-key-rk_cell [role=row]').length === n + 1""",
        arg=[count],
    )
    texts = table.locator("[role=gridcell]").all_inner_texts()
    return sorted(t for t in texts if RAID_ID.fullmatch(t.strip()))


def _open_risks(page, running_app) -> None:
    page.goto(running_app.url("/risks"))
    wait_for_app(page)
    wait_for_charts(page, count=FIRST_TAB_CHARTS)
    assert_no_exception(page)
    assert page.locator("h1").first.inner_text() == "Risks & RAID"


def test_clicking_a_heatmap_cell_lists_exactly_its_risks(page, running_app, cells):
    assert len(cells) == 2 and len(cells[0][2]) >= 2  # the sample has a well-filled cell
    _open_risks(page, running_app)
    assert page.get_by_test_id("stPlotlyChart").count() == FIRST_TAB_CHARTS
    assert page.locator(".st-key-rk_cell").count() == 0  # nothing listed before a click

    for probability, impact, ids in cells:
        _click_cell(page, probability, impact)
        assert _listed_ids(page, probability, impact, len(ids)) == ids
        assert_no_exception(page)


def test_the_heatmap_menu_downloads_its_slide_picture(page, running_app):
    _open_risks(page, running_app)
    menu = page.locator(".st-key-rk_heatmap_dl")
    menu.get_by_role("button", name="Slide picture").click()
    png = page.get_by_role("button", name="PNG, 3200×1800")
    png.wait_for()
    with page.expect_download(timeout=60_000) as download:
        png.click()
    assert download.value.suggested_filename == "open-risks-by-probability-and-impact.png"
    assert_no_exception(page)


def test_an_ageing_bar_on_its_tab_lists_its_items(page, running_app, view):
    ageing = view.ageing
    largest = ageing.sort_values("count").iloc[-1]
    count = int(largest["count"])
    trace = list(dict.fromkeys(ageing["type"])).index(largest["type"])
    point = list(dict.fromkeys(ageing["age_bucket"])).index(largest["age_bucket"])
    _open_risks(page, running_app)
    page.get_by_role("tab", name="Overdue actions and ageing").click()
    page.wait_for_url(re.compile(r"rk_tab=Overdue"))
    chart = page.locator(".st-key-rk_ageing")
    chart.wait_for()
    wait_for_app(page)
    wait_for_charts(page, count=1)
    assert page.locator(".st-key-rk_heatmap").count() == 0  # the first tab is not drawn
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    segment = chart.locator("g.trace.bars").nth(trace).locator("g.point path").nth(point)
    box = segment.bounding_box()
    assert box is not None and box["height"] > 5
    # plotly's drag layer lies over the bars: click where the segment is, as a user does
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    title = rf"^{count} open {largest['type']} items? open "
    page.get_by_role("heading", name=re.compile(title)).wait_for()
    page.locator(".st-key-rk_aged").wait_for()  # the items' table below the chart
    page.locator(".st-key-rk_aged_dl").wait_for()  # with its download menu (drawn just after)
    assert page.locator(".st-key-rk_aged_dl").count() == 1
    assert_no_exception(page)
