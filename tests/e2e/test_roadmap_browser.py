"""Real browser (Playwright driving Debian's Chromium): clicking on the Roadmap opens the
project behind the mark — a Gantt bar on the first tab, and a slipped-milestone row on the
"Slipped milestones" tab, whose download menu offers the whole table."""

from __future__ import annotations

import re

import pytest

from data_access import engine as store_engine
from data_access.filters import Filters
from steerco.config import load_settings
from steerco.views import roadmap as views
from tests.support.browser import (
    assert_no_exception,
    wait_for_app,
    wait_for_charts,
)

pytestmark = pytest.mark.browser
GANTT = '[data-testid="stPlotlyChart"]'
#: Charts on the page's first tab: the Gantt (the milestone charts have their own tab).
FIRST_TAB_CHARTS = 1


@pytest.fixture(scope="module")
def expected(app_db_path):
    """The roadmap of the app's store (the running app serves a copy of it)."""
    eng = store_engine.create_engine(f"sqlite:///{app_db_path}")
    with eng.connect() as conn:
        view = views.build(conn, Filters(), load_settings())
    eng.dispose()
    return view


def _open_roadmap(page, running_app) -> None:
    page.goto(running_app.url("/roadmap"))
    wait_for_app(page)
    wait_for_charts(page, count=FIRST_TAB_CHARTS)
    assert_no_exception(page)
    page.locator("h1", has_text="Roadmap").wait_for()
    assert page.get_by_test_id("stPlotlyChart").count() == FIRST_TAB_CHARTS


def _opened(page, pid: str) -> None:
    page.wait_for_url(re.compile(rf"/project\?project={pid}$"))
    wait_for_app(page)
    page.locator("h1", has_text=pid).wait_for()
    assert page.locator("h1").first.inner_text().startswith(f"{pid} · ")
    assert_no_exception(page)


def test_clicking_a_gantt_bar_opens_that_project(page, running_app, expected):
    _open_roadmap(page, running_app)
    row = 1  # second row of the Gantt
    pid = expected.gantt["project_id"].iloc[row]
    chart = page.locator(GANTT).first
    # the first bar trace is the baseline bars, one per row in row order
    bar = chart.locator("g.barlayer g.trace.bars").first.locator("g.point path").nth(row)
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    assert box is not None and box["width"] > 20
    page.mouse.click(box["x"] + box["width"] * 0.3, box["y"] + box["height"] / 2)
    _opened(page, pid)


def test_clicking_a_slipped_milestone_row_opens_its_project(page, running_app, expected):
    _open_roadmap(page, running_app)
    row = 0
    pid = expected.slipped["project_id"].iloc[row]
    page.get_by_role("tab", name="Slipped milestones").click()
    page.wait_for_url(re.compile(r"rm_tab=Slipped"))
    grid = page.locator(".st-key-rm_slipped")
    grid.wait_for()
    wait_for_app(page)
    assert page.get_by_test_id("stDataFrame").count() == 1  # only this tab's table
    assert page.get_by_test_id("stPlotlyChart").count() == 0
    menu = page.locator(".st-key-rm_slipped_dl")
    menu.get_by_role("button", name="Download").click()
    page.get_by_role("button", name="Excel (.xlsx)").wait_for()
    page.keyboard.press("Escape")  # close the menu again
    page.get_by_role("button", name="Excel (.xlsx)").wait_for(state="hidden")
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    header_px, row_px = 35, 35
    # the selection column sits at the left edge of the grid
    page.mouse.click(box["x"] + 14, box["y"] + header_px + row_px * row + row_px / 2)
    _opened(page, pid)
