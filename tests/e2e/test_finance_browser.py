"""Finance page in a real browser (Playwright driving Debian's Chromium): a click on a row of
the earned-value table opens that project; a click on a programme bar lists its lines.
"""

from __future__ import annotations

import re

import pytest

from tests.support.browser import (
    assert_no_exception,
    wait_for_app,
    wait_for_charts,
)

pytestmark = pytest.mark.browser
#: Charts on the page's first tab (budget vs actual, S-curve) and on "Where the money goes".
FINANCE_CHARTS = 2
SPLIT_TAB_CHARTS = 4
HEADER_PX = ROW_PX = 35


def _open_finance(page, running_app, path: str = "/finance") -> None:
    page.goto(running_app.url(path))
    wait_for_app(page)
    wait_for_charts(page, count=FINANCE_CHARTS)
    assert_no_exception(page)
    assert page.locator("h1").first.inner_text() == "Finance"


def test_clicking_an_earned_value_row_opens_that_project(page, running_app):
    _open_finance(page, running_app)
    grid = page.get_by_test_id("stDataFrame").last  # the earned-value table ends the page
    grid.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    box = grid.bounding_box()
    assert box is not None
    row = 3  # fourth project in id order: PRJ-004
    # the selection column sits at the left edge of the grid
    page.mouse.click(box["x"] + 14, box["y"] + HEADER_PX + ROW_PX * row + ROW_PX / 2)
    page.wait_for_url(re.compile(r"/project\?project=PRJ-004"))
    page.locator("h1", has_text="PRJ-004").wait_for()
    wait_for_app(page)
    assert page.locator("h1").first.inner_text().startswith("PRJ-004 · ")
    assert_no_exception(page)


def test_clicking_a_programme_bar_lists_its_financial_lines(page, running_app):
    _open_finance(page, running_app)
    page.get_by_role("tab", name="Where the money goes").click()
    page.wait_for_url(re.compile(r"fin_tab=Where"))
    chart = page.get_by_test_id("stPlotlyChart").filter(has_text="Spend by programme")
    chart.wait_for()
    wait_for_app(page)
    wait_for_charts(page, count=SPLIT_TAB_CHARTS)
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    bar = chart.locator("g.trace.bars").first.locator("path").first
    box = bar.bounding_box()
    assert box is not None
    middle_y = box["y"] + box["height"] / 2

    def distance(tick) -> float:
        tick_box = tick.bounding_box()
        return abs(tick_box["y"] + tick_box["height"] / 2 - middle_y)

    # the programme named beside the bar (the axis label on its height)
    programme = min(chart.locator(".ytick text").all(), key=distance).text_content()
    tables = page.get_by_test_id("stDataFrame")
    assert tables.count() == 1  # earned value
    # plotly's drag layer lies over the bars: click where the bar is, as a user does
    page.mouse.click(box["x"] + box["width"] / 2, middle_y)
    heading = page.get_by_text(
        re.compile(rf"^\d[\d,]* financial lines behind programme {re.escape(programme)}$")
    )
    heading.wait_for()
    assert_no_exception(page)
    page.wait_for_function(
        "n => document.querySelectorAll('[data-testid=\"stDataFrame\"]').length === n", arg=2
    )  # the lines' table has appeared below the chart
