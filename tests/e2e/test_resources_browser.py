"""Resources page in a real browser (Playwright driving Debian's Chromium): the first tab draws
capacity vs demand only; on the "Over-allocation" tab a click on a heat-map cell opens the
allocations of exactly that resource and month."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest

from data_access import engine as store_engine
from data_access.filters import Filters
from steerco.analytics import resources as ra
from steerco.charts import resources as resources_charts
from steerco.config import load_settings
from steerco.views import resources as views
from tests.support.browser import (
    assert_no_exception,
    download_from_menu,
    wait_for_app,
    wait_for_charts,
)

pytestmark = pytest.mark.browser
VIEWPORT = {"width": 1600, "height": 1000}
HEATMAP_TITLE = "Load by resource and month"
DETAIL = ".st-key-rs_cell_detail"
CHART = '[data-testid="stPlotlyChart"]'
#: Charts on the first tab (capacity vs demand, utilisation by team) and on "Over-allocation".
FIRST_TAB_CHARTS = 2
OVER_TAB_CHARTS = 1

#: Centre of the tile ``index`` of the first trace whose legend name starts with ``prefix``,
#: and the tile's customdata ([resource, month]), read from the drawn Plotly chart.
TILE_JS = """(chart, [prefix, index]) => {
  const gd = chart.querySelector('.js-plotly-plot');
  const ti = gd.data.findIndex(tr => tr.name.startsWith(prefix));
  const tile = gd.querySelectorAll('.barlayer .trace')[ti].querySelectorAll('.point')[index];
  const box = tile.getBoundingClientRect();
  return {custom: gd.data[ti].customdata[index], x: box.x + box.width / 2,
          y: box.y + box.height / 2};
}"""


@pytest.fixture
def page(browser, running_app):
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    # Streamlit saves a table's CSV through the save-file picker when the browser has one;
    # without it, the CSV comes as an ordinary download the test can read.
    context.add_init_script("window.showSaveFilePicker = undefined;")
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


@pytest.fixture(scope="module")
def view(app_db_path) -> views.ResourcesView:
    """The page data for the app's store (the running app serves a copy of it)."""
    eng = store_engine.create_engine(f"sqlite:///{app_db_path}")
    with eng.connect() as conn:
        result = views.build(conn, Filters(), load_settings())
    eng.dispose()
    return result


def _click_tile(page, prefix: str, index: int = 0) -> tuple[str, str]:
    chart = page.get_by_test_id("stPlotlyChart").filter(has_text=HEATMAP_TITLE)
    chart.scroll_into_view_if_needed()
    tile = chart.evaluate(TILE_JS, [prefix, index])
    page.mouse.click(tile["x"], tile["y"])
    return tile["custom"][0], tile["custom"][1]


def _shown_allocations(page) -> pd.DataFrame:
    """The allocations table under the heat map, through its Download menu's CSV."""
    menu = page.locator(DETAIL).get_by_role("button", name="Download", exact=True)
    menu.evaluate("el => el.scrollIntoView({block: 'center'})")
    csv = download_from_menu(page, menu, "CSV")
    return pd.read_csv(io.StringIO(csv.decode("utf-8-sig")))


def _assert_detail(page, view, resource: str, month: str) -> None:
    expected = views.cell_detail(view, resource, month)
    assert expected is not None
    heading = f"Allocations of {resource} in {resources_charts.month_text(month)}"
    page.locator(f"{DETAIL} h3", has_text=heading).wait_for()
    wait_for_app(page)  # the rerun that drew the heading has drawn the table too
    assert page.locator(f"{DETAIL} h3").inner_text() == heading
    planned = f"{expected.cell['planned_days']:,.1f} d planned of"
    assert planned in page.locator(DETAIL).inner_text()
    shown = _shown_allocations(page)
    assert shown["ID"].tolist() == expected.allocations["project_id"].tolist()
    assert shown["Planned (days)"].tolist() == pytest.approx(
        expected.allocations["planned_days"].tolist()
    )
    assert_no_exception(page)


def test_clicking_heat_map_cells_opens_exactly_their_allocations(page, running_app, view):
    page.goto(running_app.url("/resources"))
    wait_for_app(page)
    wait_for_charts(page, count=FIRST_TAB_CHARTS)
    assert_no_exception(page)
    assert page.locator(CHART).count() == FIRST_TAB_CHARTS  # the heat map waits for its tab
    page.get_by_role("tab", name="Over-allocation").click()
    page.wait_for_url(re.compile(r"rs_tab=Over"))
    page.locator(CHART).filter(has_text=HEATMAP_TITLE).wait_for()
    wait_for_app(page)
    wait_for_charts(page, count=OVER_TAB_CHARTS)
    assert_no_exception(page)
    assert page.get_by_text("Click a cell of the heat map").is_visible()

    # an over-allocated cell (marked ▲), then an ordinary one of another person
    resource, month = _click_tile(page, "▲")
    cell = views.cell_detail(view, resource, month).cell
    assert cell["band"] == ra.OVER
    _assert_detail(page, view, resource, month)
    assert "▲" in page.locator(DETAIL).inner_text()

    other = next(
        i
        for i, row in enumerate(view.heatmap[view.heatmap["band"] == ra.OK].itertuples(index=False))
        if row.resource != resource and row.projects > 0
    )
    resource2, month2 = _click_tile(page, "Allocated", other)
    assert resource2 != resource
    _assert_detail(page, view, resource2, month2)
