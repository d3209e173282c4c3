"""Real browser (Playwright driving Debian's Chromium): click a vendor mark, see its contracts."""

from __future__ import annotations

import pytest

from data_access import engine as store_engine
from data_access.filters import Filters
from steerco.charts import vendors as vendor_charts
from steerco.config import load_settings
from steerco.views import vendors as views
from tests.support.browser import (
    assert_no_exception,
    wait_for_app,
    wait_for_charts,
)

pytestmark = pytest.mark.browser

#: Page coordinates of the first mark whose customdata is the wanted value, computed from
#: plotly's own axes (so the test clicks where the mark is drawn, whatever the layout).
POINT_JS = """([wanted]) => {
  for (const gd of document.querySelectorAll('.js-plotly-plot')) {
    const data = gd._fullData || [];
    for (const trace of data) {
      const custom = trace.customdata || [];
      for (let i = 0; i < custom.length; i++) {
        if (custom[i] !== wanted) continue;
        const xa = gd._fullLayout[trace.xaxis.replace('x', 'xaxis')];
        const ya = gd._fullLayout[trace.yaxis.replace('y', 'yaxis')];
        const box = gd.getBoundingClientRect();
        const x = box.left + xa._offset + xa.l2p(xa.d2l(trace.x[i]));
        const y = box.top + ya._offset + ya.l2p(ya.d2l(trace.y[i]));
        return {x: x, y: y};
      }
    }
  }
  return null;
}"""


@pytest.fixture(scope="module")
def expected(app_db_path) -> views.VendorsView:
    """The page as the plain-Python layer computes it for the app's store (as of today)."""
    eng = store_engine.create_engine(f"sqlite:///{app_db_path}")
    with eng.connect() as conn:
        view = views.build(conn, Filters(), load_settings())
    eng.dispose()
    return view


def test_clicking_a_vendor_mark_lists_its_contracts(page, running_app, expected):
    page.goto(running_app.url("/vendors"))
    wait_for_app(page)
    wait_for_charts(page, count=1)
    assert_no_exception(page)
    assert page.locator("h1").first.inner_text() == "Vendors"
    vendor = vendor_charts.scorecard_vendors(expected.vendors)["vendor"].iloc[0]  # top row
    contracts = expected.contracts_of(vendor)["contract_id"].tolist()
    point = page.evaluate(POINT_JS, [vendor])
    assert point is not None, f"no mark for {vendor}"
    page.mouse.move(point["x"], point["y"])
    page.mouse.click(point["x"], point["y"])
    page.locator("h3", has_text=views.contracts_heading(len(contracts), [vendor])).wait_for()
    # the vendor's contracts: the table under the heading (after the renewals table, if any)
    grid = page.get_by_test_id("stDataFrame").nth(0 if expected.renewals.empty else 1)
    grid.locator("td", has_text=contracts[0]).first.wait_for(state="attached")
    table = grid.locator('table[role="grid"]')
    assert table.get_attribute("aria-rowcount") == str(len(contracts) + 1)  # + header row
    cells = grid.locator("td").all_inner_texts()
    assert set(contracts) <= set(cells)
    assert vendor in cells
    assert_no_exception(page)
    # the scorecard has its slide-picture menu; every table, the drill-down too, a download
    menus = page.get_by_test_id("stPopover")
    assert menus.filter(has_text="Slide picture").count() == 1
    tables = menus.filter(has_not_text="Slide picture")  # the icon's name is "download" too
    assert tables.count() == page.get_by_test_id("stDataFrame").count()


def test_a_table_menu_opens_with_its_spreadsheets(page, running_app):
    page.goto(running_app.url("/vendors"))
    wait_for_app(page)
    wait_for_charts(page, count=1)
    menu = page.get_by_test_id("stPopover").filter(has_not_text="Slide picture").last
    menu.get_by_role("button").click()  # the "Per vendor" table's menu
    body = page.get_by_test_id("stPopoverBody")
    body.get_by_role("button", name="Excel (.xlsx)").wait_for()
    assert body.get_by_role("button", name="CSV", exact=True).is_visible()
    assert_no_exception(page)
