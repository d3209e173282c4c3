"""Real browser (Playwright driving Debian's Chromium): clicking a heat-map cell on Risks & RAID
lists exactly the risks of that cell, and clicking another cell replaces the list."""

from __future__ import annotations

import re

import pytest

from data_access import engine as store_engine
from data_access.queries import Filters
from data_access.risks_queries import RaidFilter
from steerco.config import load_settings
from steerco.views import risks as views
from tests.support.browser import (
    assert_no_exception,
    wait_for_app,
    wait_for_charts,
)

pytestmark = pytest.mark.browser
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
def cells(app_db_path):
    """Two cells with risks (the fullest first) and their risk ids, as the plain-Python layer
    computes them for the store the app serves (a copy of app_db_path), as of today."""
    eng = store_engine.create_engine(f"sqlite:///{app_db_path}")
    with eng.connect() as conn:
        view = views.risks_page(conn, Filters(), RaidFilter(), "month", load_settings())
    eng.dispose()
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
    title = rf"^{count} open risk\(s\) with probability {probability} × impact {impact} "
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


def test_clicking_a_heatmap_cell_lists_exactly_its_risks(page, running_app, cells):
    assert len(cells) == 2 and len(cells[0][2]) >= 2  # the sample has a well-filled cell
    page.goto(running_app.url("/risks"))
    wait_for_app(page)
    wait_for_charts(page, count=3)
    assert_no_exception(page)
    assert page.locator("h1").first.inner_text() == "Risks & RAID"
    assert page.locator(".st-key-rk_cell").count() == 0  # nothing listed before a click

    for probability, impact, ids in cells:
        _click_cell(page, probability, impact)
        assert _listed_ids(page, probability, impact, len(ids)) == ids
        assert_no_exception(page)
