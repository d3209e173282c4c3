"""Real browser (Playwright driving Debian's Chromium): clicking on the Roadmap opens the
project behind the mark — a Gantt bar, and a slipped-milestone row."""

from __future__ import annotations

import re

import pytest

from data_access import engine as store_engine
from data_access.queries import Filters
from steerco.config import load_settings
from steerco.views import roadmap as views
from tests.support.browser import (
    assert_no_exception,
    wait_for_app,
    wait_for_charts,
)

pytestmark = pytest.mark.browser
GANTT = '[data-testid="stPlotlyChart"]'


@pytest.fixture(scope="module")
def expected(app_db_path):
    """The roadmap of the app's store (the running app serves a copy of it)."""
    eng = store_engine.create_engine(f"sqlite:///{app_db_path}")
    with eng.connect() as conn:
        view = views.roadmap(conn, Filters(), load_settings())
    eng.dispose()
    return view


def _open_roadmap(page, running_app) -> None:
    page.goto(running_app.url("/roadmap"))
    wait_for_app(page)
    wait_for_charts(page, count=3)
    assert_no_exception(page)
    page.locator("h1", has_text="Roadmap").wait_for()


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
    # the gates-due table (when there are gates due) comes first, then the slipped milestones
    grid = page.get_by_test_id("stDataFrame").nth(0 if expected.gates_due.empty else 1)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    header_px, row_px = 35, 35
    # the selection column sits at the left edge of the grid
    page.mouse.click(box["x"] + 14, box["y"] + header_px + row_px * row + row_px / 2)
    _opened(page, pid)
