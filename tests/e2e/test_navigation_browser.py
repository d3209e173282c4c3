"""Navigation a CIO can trust, in Chromium: Back after a drill-down from the Overview shows
the Overview as it was (every tile recomputed in plain pandas on the raw tables); a tab change
is a step of Back and Forward; a copied link opens the same drill-down or tab; any filter in
force is said in a "Filtered: …" line whose ✕ clears it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import pandas as pd
import pytest
import sqlalchemy as sa

from data_access.filters import today
from steerco.ui import risks as risks_ui
from tests.support import recompute
from tests.support.browser import assert_no_exception, wait_for_app

pytestmark = pytest.mark.browser

REPORTED = ("Submitted", "Approved")
FILTERED = "Filtered:"
RISK_TABS = risks_ui.TABS[:3]


@pytest.fixture(scope="module")
def expected(app_db_path) -> dict[str, object]:
    """The Overview's unfiltered Projects and Red projects tiles and a programme, in plain
    pandas on the raw tables of the store the app serves a copy of."""
    eng = sa.create_engine(f"sqlite:///{app_db_path}")
    with eng.connect() as conn:
        projects = pd.read_sql("SELECT project_id, phase, programme FROM projects", conn)
        reports = pd.read_sql(
            "SELECT project_id, report_date, overall_rag, state FROM status_reports", conn
        )
    eng.dispose()
    reports["report_date"] = pd.to_datetime(reports["report_date"])
    counted = recompute.counted(projects)
    latest = recompute.latest_reports(reports[reports["state"].isin(REPORTED)], today())
    latest = latest[latest["project_id"].isin(counted["project_id"])]
    programme = counted["programme"].dropna().value_counts().index[0]
    return {
        "Projects": str(len(counted)),
        "Red projects": str(int((latest["overall_rag"] == "R").sum())),
        "programme": programme,
        "programme projects": str(int((counted["programme"] == programme).sum())),
    }


def _tile(page, label: str) -> str:
    metric = page.get_by_test_id("stMetric").filter(has_text=label).first
    return metric.get_by_test_id("stMetricValue").inner_text().strip()


def _query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def _filtered_line(page):
    return page.get_by_test_id("stMarkdown").filter(has_text=FILTERED)


def _open_tab(page, expected: str | None = None) -> str:
    """The open tab's label; with ``expected``, once the tab bar shows it (the widget follows
    the rerun a moment after the run ends, longer under load)."""
    if expected is not None:
        page.get_by_role("tab", selected=True, name=expected).wait_for()
    return page.get_by_role("tab", selected=True).inner_text().strip()


def test_show_red_projects_then_back_shows_the_overview_unfiltered(page, running_app, expected):
    page.goto(running_app.url("/"))
    wait_for_app(page)
    assert _tile(page, "Projects") == expected["Projects"]
    assert _filtered_line(page).count() == 0
    page.get_by_role("link", name="Show red projects").click()
    page.get_by_role("heading", name="Portfolio", exact=False).first.wait_for()
    _filtered_line(page).first.wait_for()
    wait_for_app(page)
    assert "Reported status = Red" in _filtered_line(page).first.inner_text()
    assert _query(page)["rag"] == ["R"]

    page.go_back()
    page.get_by_role("heading", name="Portfolio overview").wait_for()
    wait_for_app(page)
    assert_no_exception(page)
    assert urlsplit(page.url).path == "/" and "rag" not in _query(page)
    assert _filtered_line(page).count() == 0
    assert _tile(page, "Projects") == expected["Projects"]
    assert _tile(page, "Red projects") == expected["Red projects"]

    page.go_forward()  # the drill-down again, then the Overview from the menu: still unfiltered
    _filtered_line(page).first.wait_for()
    wait_for_app(page)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Overview").click()
    page.get_by_role("heading", name="Portfolio overview").wait_for()
    wait_for_app(page)
    assert _filtered_line(page).count() == 0
    assert _tile(page, "Projects") == expected["Projects"]


def _wait_param(page, name: str, value: str | None) -> None:
    """Wait until the URL's ``name`` is ``value`` (``None``: absent), then for the run."""
    page.wait_for_function(
        "([k, v]) => new URLSearchParams(location.search).get(k) === v", arg=[name, value]
    )
    wait_for_app(page)


def test_a_tab_change_is_a_step_of_back_and_forward(page, running_app):
    key = risks_ui.SECTIONS_KEY
    page.goto(running_app.url("/risks"))
    wait_for_app(page)
    assert _open_tab(page, RISK_TABS[0]) == RISK_TABS[0]
    for label in RISK_TABS[1:]:
        page.get_by_role("tab", name=label).click()
        _wait_param(page, key, label)
    page.go_back()
    _wait_param(page, key, RISK_TABS[1])
    assert _open_tab(page, RISK_TABS[1]) == RISK_TABS[1]
    page.go_back()
    _wait_param(page, key, None)
    assert _open_tab(page, RISK_TABS[0]) == RISK_TABS[0]
    page.go_forward()
    _wait_param(page, key, RISK_TABS[1])
    assert _open_tab(page, RISK_TABS[1]) == RISK_TABS[1]
    assert_no_exception(page)


def test_a_copied_link_restores_a_drill_down_and_a_tab(page, running_app):
    page.goto(running_app.url("/portfolio?rag=R&drill=rag"))
    wait_for_app(page)
    line = _filtered_line(page)
    assert line.count() == 1 and "Reported status = Red" in line.inner_text()
    page.goto(running_app.url("/risks?" + urlencode({risks_ui.SECTIONS_KEY: RISK_TABS[2]})))
    wait_for_app(page)
    assert _open_tab(page, RISK_TABS[2]) == RISK_TABS[2]
    assert_no_exception(page)


def test_the_filtered_line_names_the_filter_and_its_cross_clears_it(page, running_app, expected):
    programme = str(expected["programme"])
    page.goto(running_app.url(f"/?programme={programme}"))
    wait_for_app(page)
    line = _filtered_line(page)
    assert line.count() == 1
    assert f"Programme = {programme}" in line.inner_text()
    assert _tile(page, "Projects") == expected["programme projects"]
    page.get_by_role("button", name="✕").click()
    _wait_param(page, "programme", None)
    assert _filtered_line(page).count() == 0
    assert _tile(page, "Projects") == expected["Projects"]
    page.go_back()  # the filter was a step: Back brings it back
    _filtered_line(page).first.wait_for()
    wait_for_app(page)
    assert _tile(page, "Projects") == expected["programme projects"]


def test_a_filter_picked_after_a_drill_down_is_shared_but_the_drill_down_stays_its_own(
    page, running_app, expected
):
    """Red projects from the Overview, then a programme picked on the Portfolio: the Overview
    from the menu is filtered by the programme (the user's pick, shared by every page) and
    not by the drill-down's Red."""
    programme = str(expected["programme"])
    page.goto(running_app.url("/"))
    wait_for_app(page)
    page.get_by_role("link", name="Show red projects").click()
    _filtered_line(page).first.wait_for()
    wait_for_app(page)
    box = page.get_by_test_id("stSidebar").get_by_role("combobox", name="Programme")
    box.click()
    page.keyboard.type(programme)
    page.get_by_role("option", name=programme, exact=True).click()
    page.keyboard.press("Escape")
    _wait_param(page, "programme", programme)
    line = _filtered_line(page).first.inner_text()
    assert f"Programme = {programme}" in line and "Reported status = Red" in line
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Overview").click()
    page.get_by_role("heading", name="Portfolio overview").wait_for()
    wait_for_app(page)
    line = _filtered_line(page).first.inner_text()
    assert f"Programme = {programme}" in line and "Red" not in line
    assert "rag" not in _query(page)
    assert _tile(page, "Projects") == expected["programme projects"]
    assert_no_exception(page)
