"""Real browser (Playwright driving Debian's Chromium) against `streamlit run app.py`."""

from __future__ import annotations

import re

import pytest

from tests.support.browser import (
    OVERVIEW_TILES,
    assert_no_exception,
    wait_for_app,
    wait_for_charts,
)
from tests.support.portfolio_order import portfolio_rows

pytestmark = pytest.mark.browser


def _h1(page) -> str:
    return page.locator("h1").first.inner_text()


def test_overview_renders_with_charts_and_no_exception(page, running_app):
    page.goto(running_app.url("/"))
    wait_for_app(page)
    wait_for_charts(page, count=2)
    assert_no_exception(page)
    assert _h1(page) == "Portfolio overview"
    assert page.get_by_test_id("stMetric").count() == OVERVIEW_TILES
    assert page.get_by_text("What changed since the last meeting").is_visible()
    # one closed "Slide picture" menu per chart, one "Download" menu per table
    menus = page.get_by_test_id("stPopover")
    assert menus.filter(has_text="Slide picture").count() == 2
    tables = menus.filter(has_not_text="Slide picture")  # the icon's name is "download" too
    assert tables.count() == page.get_by_test_id("stDataFrame").count()
    assert page.get_by_test_id("stDownloadButton").count() == 0


def test_a_chart_menu_opens_with_its_slide_pictures(page, running_app):
    page.goto(running_app.url("/"))
    wait_for_app(page)
    wait_for_charts(page, count=2)
    chart = page.get_by_test_id("stPlotlyChart").filter(has_text="Projects by reported status")
    menu = page.get_by_test_id("stPopover").filter(has_text="Slide picture").first
    assert chart.count() == 1
    menu.get_by_role("button").click()
    body = page.get_by_test_id("stPopoverBody")
    body.get_by_role("button", name="PNG, 3200×1800").wait_for()
    assert body.get_by_role("button", name="SVG, scalable").is_visible()
    assert_no_exception(page)


def test_clicking_a_portfolio_row_opens_that_project(page, running_app):
    page.goto(running_app.url("/portfolio"))
    wait_for_app(page)
    assert_no_exception(page)
    grid = page.get_by_test_id("stDataFrame").first
    grid.wait_for()
    box = grid.bounding_box()
    assert box is not None
    header_px, row_px = 35, 35
    row = 2  # the third project, most severe first
    project_id, _ = portfolio_rows(running_app)[row]
    # the selection column sits at the left edge of the grid
    page.mouse.click(box["x"] + 14, box["y"] + header_px + row_px * row + row_px / 2)
    page.wait_for_url(re.compile(rf"/project\?project={project_id}"))
    wait_for_app(page)
    page.locator("h1", has_text=project_id).wait_for()
    assert _h1(page).startswith(f"{project_id} · ")
    wait_for_charts(page, count=3)
    assert_no_exception(page)
    assert page.get_by_test_id("stPopover").filter(has_text="Slide picture").count() == 3


def test_deep_link_opens_the_right_project(page, running_app):
    page.goto(running_app.url("/project?project=PRJ-007"))
    wait_for_app(page)
    page.locator("h1", has_text="PRJ-007").wait_for()
    assert _h1(page).startswith("PRJ-007 · ")
    assert page.get_by_text("Latest status report").first.is_visible()
    assert_no_exception(page)


def test_filter_link_reopens_the_same_view(page, running_app):
    page.goto(running_app.url("/portfolio?rag=R"))
    wait_for_app(page)
    assert_no_exception(page)
    caption = page.get_by_text(re.compile(r"^\d+ active projects · approved budget")).inner_text()
    red = int(caption.split()[0])
    page.goto(running_app.url("/portfolio"))
    wait_for_app(page)
    caption_all = page.get_by_text(
        re.compile(r"^\d+ active projects · approved budget")
    ).inner_text()
    assert 0 < red < int(caption_all.split()[0])
