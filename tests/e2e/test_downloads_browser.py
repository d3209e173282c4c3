"""Downloads in a real browser: a chart's "Slide picture" menu gives a 16:9 PNG at
3200×1800 and an SVG; a table's "Download" menu gives the rows as .xlsx and CSV."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
from openpyxl import load_workbook
from PIL import Image

from steerco.exports import images
from tests.support.browser import (
    assert_no_exception,
    download_from_menu,
    wait_for_app,
    wait_for_charts,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(images.chromium_path() is None, reason="pictures need Chromium"),
]
#: Charts on the Finance page's first tab; projects in the sample portfolio.
FINANCE_CHARTS = 2
SAMPLE_PROJECTS = 40


def _open_finance(page, running_app) -> None:
    page.goto(running_app.url("/finance"))
    wait_for_app(page)
    wait_for_charts(page, count=FINANCE_CHARTS)
    assert_no_exception(page)


def test_a_chart_downloads_as_a_slide_png_and_an_svg(page, running_app):
    _open_finance(page, running_app)
    menus = page.get_by_role("button", name="Slide picture")
    assert menus.count() == FINANCE_CHARTS, "one menu per chart"
    png = download_from_menu(page, menus.first, "PNG, 3200×1800")
    picture = Image.open(io.BytesIO(png))
    assert picture.format == "PNG" and picture.size == (3200, 1800)
    svg = download_from_menu(page, menus.first, "SVG, scalable")
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg") and root.get("width") == "1600"  # the slide's layout
    assert b"Budget vs actual vs forecast by month" in svg
    assert_no_exception(page)


def test_a_table_downloads_as_xlsx_and_csv(page, running_app):
    _open_finance(page, running_app)
    menu = page.get_by_role("button", name="Download", exact=True).last  # earned value
    xlsx = download_from_menu(page, menu, "Excel (.xlsx)")
    sheet = load_workbook(io.BytesIO(xlsx)).active
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[0] == "ID" and "EAC" in header
    assert len(body) == SAMPLE_PROJECTS
    assert isinstance(body[0][header.index("EAC")], int | float), "numbers stay numbers"
    csv = download_from_menu(page, menu, "CSV")
    assert csv.startswith(b"\xef\xbb\xbfID,")
    assert len(csv.decode("utf-8-sig").strip().splitlines()) == SAMPLE_PROJECTS + 1
    assert_no_exception(page)


def test_the_tables_own_unguarded_csv_download_is_hidden(page, running_app):
    _open_finance(page, running_app)
    grid = page.get_by_test_id("stDataFrame").last
    grid.hover()  # the table's toolbar shows on hover
    page.get_by_role("button", name="Search").wait_for()  # the toolbar is up
    toolbar_csv = page.locator("button[aria-label='Download as CSV']")
    assert toolbar_csv.count() == 1 and not toolbar_csv.is_visible()
