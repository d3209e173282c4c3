"""AppTest: the Operations page renders its figures, each tab draws only its own charts and
every chart and table has a download menu, the service and period filters change them and go
to the URL, a link reopens the same view, a click on a bar lists exactly the tickets behind it,
and an empty period shows a message, not a traceback."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from data_access import engine as store_engine
from data_access.filters import Filters
from steerco import fmt
from steerco.config import ENV_VAR, Settings
from steerco.ui import data
from steerco.ui import operations as ops_ui
from steerco.views import operations as views
from tests.support import apptest

PAGE = "pages/operations.py"
TAB_PARAM = ops_ui.SECTIONS_KEY
BACKLOG_TAB, CAUSES_TAB, CHANGES_TAB = "Backlog and trend", "Incidents and causes", "Changes"


def _view(url: str, services=(), weeks=views.DEFAULT_WEEKS) -> views.OperationsView:
    eng = store_engine.create_engine(url)
    with eng.connect() as conn:
        view = views.build(conn, Filters(), Settings(), views.OpsFilters(services, weeks))
    eng.dispose()
    return view


def _open(**query) -> AppTest:
    return apptest.open_page(PAGE, params=query)


_metric = apptest.metric


_no_error = apptest.no_error


def _widget(at: AppTest, key: str):
    return next(w for w in at.get("button_group") if w.key == key)


def _param(at: AppTest, key: str) -> list[str]:
    value = at.query_params[key]
    return [value] if isinstance(value, str) else list(value)


def _select(at: AppTest, chart: str, custom: list) -> AppTest:
    at.session_state[ops_ui.CHART_KEYS[chart]] = {
        "selection": {"points": [{"customdata": custom}], "point_indices": [0], "box": [],
                      "lasso": []}
    }  # fmt: skip
    return at.run()


@pytest.fixture
def view(app_env) -> views.OperationsView:
    return _view(app_env)


def test_page_shows_the_ticket_and_change_figures(app_env, view):
    at = _open()
    _no_error(at)
    assert at.title[0].value == "Operations"
    k = view.tickets
    assert _metric(at, "Tickets opened") == fmt.number(k.opened)
    assert _metric(at, "Tickets resolved") == fmt.number(k.resolved)
    assert _metric(at, "Open tickets") == fmt.number(k.backlog)
    assert _metric(at, "SLA compliance") == fmt.pct(k.compliance_pct, 1)
    assert _metric(at, "MTTR median") == f"{fmt.number(k.median_hours, 1)} h"
    assert _metric(at, "P1 incidents") == fmt.number(k.major)
    assert _metric(at, "Change success") == fmt.pct(view.changes.success_pct, 1)
    assert k.opened > 1000 and k.backlog > 100 and k.targets_missed > 0  # the sample shows it
    # the first tab: tickets per week and SLA compliance; the other tabs are not drawn
    assert apptest.chart_keys(at) == [ops_ui.CHART_KEYS["weekly"], ops_ui.CHART_KEYS["sla"]]
    assert apptest.chart_titles(at) == [
        "Tickets opened and resolved per week",
        "SLA compliance by priority against target",
    ]
    sla = at.dataframe[0].value
    assert len(sla) == 16 and {"Compliance", "Target", "Status"} <= set(sla.columns)
    assert sla["Status"].str.contains("Below target").sum() == k.targets_missed
    assert "weeks" not in at.query_params  # the default period is left out of the URL
    apptest.assert_every_chart_and_table_downloads(at)


def test_the_definitions_are_written_beside_sla_and_mttr(app_env, tmp_path, monkeypatch):
    """With the organisation in Brussels (a setting), the page says where periods are cut."""
    config = tmp_path / "steerco.toml"
    config.write_text('timezone = "Europe/Brussels"\n', encoding="utf-8")
    monkeypatch.setenv(ENV_VAR, str(config))
    data.settings.clear()
    try:
        at = _open()
    finally:
        data.settings.clear()
    _no_error(at)
    captions = [c.value for c in at.caption]
    (definitions,) = [c for c in captions if c.startswith("SLA and MTTR leave out")]
    assert "the time a ticket spent on hold, where the source records it" in definitions
    assert "counts from its opening to its last resolution" in definitions
    assert definitions.endswith("Days, weeks and months are cut in Europe/Brussels time.")
    before = captions[captions.index(definitions) - 1]
    assert before.startswith("Last 13 weeks: ")  # the period's caption, above the tiles


def test_each_tab_draws_its_own_charts_and_tables(app_env, view):
    k = view.tickets
    at = _open(**{TAB_PARAM: BACKLOG_TAB})
    _no_error(at)
    assert apptest.chart_keys(at) == [ops_ui.CHART_KEYS["backlog"], ops_ui.CHART_KEYS["monthly"]]
    titles = apptest.chart_titles(at)
    assert titles[0].startswith("Backlog by age on ")
    assert titles[0].endswith(f"{fmt.number(k.backlog)} open tickets")
    assert titles[1] == "Tickets opened and resolved per month"
    assert not at.dataframe
    apptest.assert_every_chart_and_table_downloads(at)

    at = _open(**{TAB_PARAM: CAUSES_TAB})
    _no_error(at)
    assert apptest.chart_titles(at) == [
        "Top categories (tickets opened)",
        "Root causes (tickets resolved)",
    ]
    subheaders = [s.value for s in at.subheader]
    assert f"P1 incidents: {fmt.number(k.major)} opened" in subheaders
    (p1,) = [d.value for d in at.dataframe]
    assert len(p1) == min(k.major, views.ROW_CAP) and set(p1["Priority"]) == {"P1"}
    apptest.assert_every_chart_and_table_downloads(at)

    at = _open(**{TAB_PARAM: CHANGES_TAB})
    _no_error(at)
    assert apptest.chart_titles(at) == ["Changes implemented per week by outcome"]
    assert _metric(at, "Success rate") == fmt.pct(view.changes.success_pct, 1)
    assert _metric(at, "Changes implemented") == fmt.number(view.changes.implemented)
    assert at.query_params[TAB_PARAM] == CHANGES_TAB
    apptest.assert_every_chart_and_table_downloads(at)


def test_chart_and_table_menus_offer_slide_pictures_and_spreadsheets(app_env):
    at = _open()
    menus = apptest.download_menus(at)
    assert menus["ops_weekly_dl"] == "Slide picture" and menus["ops_sla_dl"] == "Slide picture"
    assert menus[ops_ui.SLA_TABLE_KEY + "_dl"] == "Download"
    assert not at.get("download_button"), "menus are closed: nothing is made up front"
    at.session_state[ops_ui.SLA_TABLE_KEY + "_dl"] = True
    at.run()
    _no_error(at)
    assert [b.proto.label for b in at.get("download_button")] == ["Excel (.xlsx)", "CSV"]


def test_period_and_service_filters_change_the_figures_and_go_to_the_url(app_env):
    at = _open()
    _widget(at, ops_ui.WEEKS_KEY).set_value(4).run()
    _no_error(at)
    four = _view(app_env, weeks=4)
    assert _metric(at, "Tickets opened") == fmt.number(four.tickets.opened)
    assert _param(at, "weeks") == ["4"]
    _widget(at, ops_ui.SERVICE_KEY).set_value(["Service Desk", "Applications"]).run()
    _no_error(at)
    two = _view(app_env, services=("Service Desk", "Applications"), weeks=4)
    assert 0 < two.tickets.opened < four.tickets.opened
    assert _metric(at, "Tickets opened") == fmt.number(two.tickets.opened)
    assert _param(at, "service") == ["Service Desk", "Applications"]
    assert "Service Desk, Applications" in at.caption[0].value
    assert set(at.dataframe[0].value["Service"]) == {"Service Desk", "Applications"}


def test_a_link_with_service_and_period_opens_the_same_view(app_env):
    at = _open(service="Infrastructure", weeks="26")
    _no_error(at)
    expected = _view(app_env, services=("Infrastructure",), weeks=26)
    assert _widget(at, ops_ui.SERVICE_KEY).value == ["Infrastructure"]
    assert _widget(at, ops_ui.WEEKS_KEY).value == 26
    assert _metric(at, "Tickets opened") == fmt.number(expected.tickets.opened)
    # the choice survives a visit to another page
    at.switch_page("pages/portfolio.py").run()
    at.switch_page(PAGE).run()
    assert _metric(at, "Tickets opened") == fmt.number(expected.tickets.opened)


def test_a_bad_period_in_a_link_is_ignored_with_a_warning(app_env, view):
    at = _open(weeks="7")
    assert not at.exception
    assert any("Ignored weeks=7 in the link. Choose 4, 13" in w.value for w in at.warning)
    assert _metric(at, "Tickets opened") == fmt.number(view.tickets.opened)


def test_clicking_a_week_bar_lists_exactly_that_weeks_tickets(app_env, view):
    week = view.weekly.iloc[-3]
    custom = ["opened", pd.Timestamp(week["lo"]).isoformat(), pd.Timestamp(week["hi"]).isoformat()]
    at = _select(_open(), "weekly", custom)
    _no_error(at)
    n = int(week["opened"])
    assert any(m.value.startswith(f"**{fmt.number(n)} tickets opened") for m in at.markdown)
    rows = next(d.value for d in at.dataframe if len(d.value) == min(n, views.ROW_CAP))
    opened = pd.to_datetime(rows["Opened"])
    assert opened.gt(pd.Timestamp(week["lo"])).all() and opened.le(pd.Timestamp(week["hi"])).all()
    assert rows["Ticket"].is_unique
    assert apptest.download_menus(at)["ops_weekly_rows_dl"] == "Download"
    apptest.assert_every_chart_and_table_downloads(at)


def test_clicking_a_backlog_bar_lists_its_open_tickets(app_env, view):
    at = _select(_open(**{TAB_PARAM: BACKLOG_TAB}), "backlog", ["open", "8–30 d", "P3"])
    _no_error(at)
    n = int(view.backlog.set_index(["age_bucket", "priority"]).loc[("8–30 d", "P3"), "tickets"])
    assert any(f"{fmt.number(n)} tickets open on" in m.value for m in at.markdown)
    rows = next(d.value for d in at.dataframe if "Age (days)" in d.value.columns)
    assert len(rows) == n and rows["Age (days)"].between(8, 31).all()
    assert set(rows["Priority"]) == {"P3"}
    apptest.assert_every_chart_and_table_downloads(at)


def test_clicking_a_change_bar_lists_that_weeks_changes_of_that_outcome(app_env, view):
    weekly = view.changes_weekly
    row = weekly[(weekly["outcome"] == "Successful") & (weekly["changes"] > 0)].iloc[-2]
    lo, hi = pd.Timestamp(row["lo"]).isoformat(), pd.Timestamp(row["hi"]).isoformat()
    at = _select(_open(**{TAB_PARAM: CHANGES_TAB}), "changes", ["change", lo, hi, "Successful"])
    _no_error(at)
    n = int(row["changes"])
    assert any(m.value.startswith(f"**{fmt.number(n)} change") for m in at.markdown)
    (rows,) = [d.value for d in at.dataframe]
    assert len(rows) == n and set(rows["Outcome"]) == {"Successful"}
    implemented = pd.to_datetime(rows["Implemented"])
    assert implemented.gt(pd.Timestamp(row["lo"])).all()
    assert implemented.le(pd.Timestamp(row["hi"])).all()
    assert apptest.download_menus(at)["ops_change_rows_dl"] == "Download"
    apptest.assert_every_chart_and_table_downloads(at)


def test_the_other_bar_of_a_pareto_says_it_groups_several_values(app_env):
    at = _select(_open(**{TAB_PARAM: CAUSES_TAB}), "categories", ["category", None])
    assert not at.exception
    assert any("groups several values" in c.value for c in at.caption)


def test_a_period_without_tickets_shows_an_empty_state(app_env):
    at = _open(as_of=date(2001, 1, 31).isoformat())
    assert not at.exception
    assert any("No tickets or changes" in i.value for i in at.info)
    assert not at.get("plotly_chart")


def test_project_filters_are_said_not_to_apply(app_env):
    at = apptest.open_page()
    programme = at.multiselect(key="flt_programme").options[0]
    at.multiselect(key="flt_programme").set_value([programme]).run()
    at.switch_page(PAGE).run()
    _no_error(at)
    assert any("project filters do not narrow them" in c.value for c in at.sidebar.caption)
