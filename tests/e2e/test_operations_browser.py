"""Real browser (Playwright driving Debian's Chromium): a click on a bar of the tickets-per-week
chart lists exactly that week's tickets; a later tab draws its charts when opened, each with
its download menu."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from data_access import engine as store_engine
from data_access.filters import Filters
from steerco import fmt
from steerco.config import Settings
from steerco.views import operations as views
from tests.support.browser import (
    assert_no_exception,
    wait_for_app,
    wait_for_charts,
)

pytestmark = pytest.mark.browser
CHART = '[data-testid="stPlotlyChart"]'
#: Charts on the first tab (tickets per week, SLA compliance) and on "Incidents and causes".
FIRST_TAB_CHARTS = 2
CAUSES_TAB_CHARTS = 2


@pytest.fixture(scope="module")
def expected(app_db_path) -> views.OperationsView:
    """The page's figures as the plain-Python layer computes them for the app's store."""
    eng = store_engine.create_engine(f"sqlite:///{app_db_path}")
    with eng.connect() as conn:
        view = views.build(conn, Filters(), Settings())
    eng.dispose()
    return view


def test_clicking_a_week_bar_lists_that_weeks_tickets(page, running_app, expected, app_db_path):
    page.goto(running_app.url("/operations"))
    wait_for_app(page)
    wait_for_charts(page, count=FIRST_TAB_CHARTS)
    assert_no_exception(page)
    weekly = page.locator(CHART).first
    weekly.scroll_into_view_if_needed()
    # the "Opened" bars are the first trace; pick a finished week three weeks back
    index = len(expected.weekly) - 3
    week = expected.weekly.iloc[index]
    bar = weekly.locator("g.trace.bars").first.locator("g.point").nth(index)
    box = bar.bounding_box()
    assert box is not None and box["height"] > 20
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)

    n = fmt.number(int(week["opened"]))
    mark = views.ticket_mark(expected, ["opened", week["lo"].isoformat(), week["hi"].isoformat()])
    eng = store_engine.create_engine(f"sqlite:///{app_db_path}")
    with eng.connect() as conn:
        drill = views.ticket_drill(conn, mark)
    eng.dispose()
    assert drill.total == int(week["opened"])
    last = week["last_day"]
    heading = page.get_by_text(re.compile(rf"^{re.escape(n)} tickets opened .*{last.year}$"))
    heading.wait_for()
    text = heading.inner_text()
    assert f"{week['first_day'].day}" in text and f"{last.day} {last:%b}" in text
    # the first table on the tab is the drill-down, right below the chart (the SLA table
    # follows it); while the rerun draws it, that place still shows the SLA table a moment
    rows = min(int(week["opened"]), views.ROW_CAP)
    page.wait_for_function(
        """n => document.querySelector('[data-testid="stDataFrame"] [role="grid"]')
            ?.getAttribute('aria-rowcount') === n""",
        arg=str(rows + 1),  # + the header row
    )
    table = page.get_by_test_id("stDataFrame").first
    assert table.locator('[role="grid"]').get_attribute("aria-rowcount") == str(rows + 1)
    header = table.locator('[role="columnheader"]').all_inner_texts()
    col = header.index("Opened")
    shown = table.locator('[role="row"]')
    lo, hi = pd.Timestamp(week["lo"]), pd.Timestamp(week["hi"])
    ids = []
    for i in range(1, min(shown.count(), 8)):
        cells = shown.nth(i).locator('[role="gridcell"]').all_inner_texts()
        assert lo < pd.Timestamp(cells[col]) <= hi, cells
        ids.append(cells[0])
    assert ids == list(drill.rows["ticket_id"].head(len(ids)))  # newest first, as SQL says
    assert_no_exception(page)


def test_a_later_tab_draws_its_charts_with_their_download_menus(page, running_app):
    page.goto(running_app.url("/operations"))
    wait_for_app(page)
    wait_for_charts(page, count=FIRST_TAB_CHARTS)
    assert page.locator(CHART).count() == FIRST_TAB_CHARTS  # the other tabs wait
    page.get_by_role("tab", name="Incidents and causes").click()
    page.wait_for_url(re.compile(r"ops_tab=Incidents"))
    page.locator(CHART).filter(has_text="Root causes").wait_for()
    wait_for_app(page)
    wait_for_charts(page, count=CAUSES_TAB_CHARTS)
    assert_no_exception(page)
    assert page.locator(CHART).count() == CAUSES_TAB_CHARTS
    pictures = page.get_by_role("button", name="Slide picture", exact=True)
    assert pictures.count() == CAUSES_TAB_CHARTS
    assert page.get_by_role("button", name="Download", exact=True).count() == 1  # the P1 incidents
    # a menu's buttons are made when it opens
    pictures.first.click()
    page.get_by_role("button", name="PNG, 3200×1800").wait_for()
    assert_no_exception(page)
