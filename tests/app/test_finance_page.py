"""AppTest of the Finance page: figures as the plain-Python layer computes them, the switches
and filters in the URL, drill-down from a bar to its financial lines, a row to its project,
and an empty state instead of an error.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from data_access import engine as store_engine
from data_access import queries
from data_access.filters import Filters
from steerco import fmt
from steerco.config import load_settings
from steerco.ui import components
from steerco.views import finance as finance_view
from tests.support import apptest

FINANCE = "pages/finance.py"


def _finance(**query) -> AppTest:
    at = apptest.open_page(FINANCE, link=query)
    _no_error(at)
    return at


_no_error = apptest.no_error


_metric = apptest.metric


_chart_titles = apptest.chart_titles
TAB_PARAM = "fin_tab"
SPLIT_TAB, PLAN_TAB, COMPLETION_TAB = "Where the money goes", "Multi-year plan", "At completion"


def _select_points(at: AppTest, key: str, customdata: list) -> None:
    at.session_state[key] = {
        "selection": {
            "points": [{"customdata": customdata}],
            "point_indices": [0],
            "box": [],
            "lasso": [],
        }
    }


def _bold_lines(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if "financial lines behind" in m.value]


@pytest.fixture
def expected(app_env):
    """The page as the plain-Python layer computes it for the app's store."""
    eng = store_engine.create_engine(app_env)
    settings = load_settings()
    with eng.connect() as conn:
        view = finance_view.build(conn, Filters(), settings)
        options = queries.filter_options(conn)

    def narrowed(**filters):
        with eng.connect() as conn:
            return finance_view.build(conn, Filters(**filters), settings)

    def lines(**selection):
        with eng.connect() as conn:
            return finance_view.lines(conn, Filters(), settings, **selection)

    yield view, options, narrowed, lines
    eng.dispose()


def test_finance_page_shows_the_portfolio_figures(app_env, expected):
    view, *_ = expected
    at = _finance()
    assert at.title[0].value == "Finance"
    tot = view.totals
    assert _metric(at, "Budget (BAC)") == fmt.money(tot["bac"])
    assert _metric(at, "Actual to date (AC)") == fmt.money(tot["ac"])
    assert _metric(at, "EAC") == fmt.money(tot["eac"])
    assert _metric(at, "BAC / CPI") == fmt.money(tot["eac_cpi"])
    assert _metric(at, "CPI") == fmt.ratio(tot["cpi"])
    assert _metric(at, "SPI") == fmt.ratio(tot["spi"])
    # The first tab: budget against actuals; the other tabs are not drawn until opened.
    assert _chart_titles(at) == [
        "Budget vs actual vs forecast by month",
        "Portfolio S-curve: cumulative planned, actual, forecast",
    ]
    evm = at.dataframe[-1].value
    assert len(evm) == len(view.portfolio)  # the table lists the projects kept apart too
    assert list(evm["ID"]) == list(view.portfolio["project_id"])
    # money columns are drawn in the unit of their largest amount (€54.8M, €0.3M)
    divisor, _ = components.money_unit(view.portfolio["eac"])
    assert list(evm["EAC"]) == pytest.approx(list(view.portfolio["eac"] / divisor))
    apptest.assert_every_chart_and_table_downloads(at)


def test_each_tab_draws_its_own_charts_and_tables(app_env, expected):
    view, *_ = expected
    at = _finance(**{TAB_PARAM: SPLIT_TAB})
    assert _chart_titles(at)[:2] == ["CAPEX / OPEX split", "Spend by programme"]
    titles = _chart_titles(at)
    assert titles[3] == "Spend by category"
    assert titles[2].startswith("Internal vs external labour")
    apptest.assert_every_chart_and_table_downloads(at)

    at = _finance(**{TAB_PARAM: PLAN_TAB})
    assert _chart_titles(at) == ["Multi-year plan by fiscal year: budget vs actual + forecast"]
    plan = at.dataframe[0].value
    assert list(plan["Fiscal year"]) == list(view.plan["label"])
    apptest.assert_every_chart_and_table_downloads(at)

    at = _finance(**{TAB_PARAM: COMPLETION_TAB})
    (title,) = _chart_titles(at)
    assert title.startswith("Variance from approved budget to EAC by programme")
    assert at.query_params[TAB_PARAM] == COMPLETION_TAB
    apptest.assert_every_chart_and_table_downloads(at)


def test_a_chart_menu_offers_slide_pictures_and_a_table_menu_spreadsheets(app_env):
    at = _finance()
    assert not at.get("download_button"), "menus are closed: no picture is made up front"
    at.session_state["fin_s_curve_dl"] = True
    at.run()
    _no_error(at)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["PNG, 3200×1800", "SVG, scalable"]
    at.session_state["fin_s_curve_dl"] = False
    at.session_state["fin_evm_table_dl"] = True
    at.run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Excel (.xlsx)", "CSV"]


def test_the_portfolio_page_shows_the_same_eac(app_env, expected):
    view, *_ = expected
    at = _finance()
    at.switch_page("pages/portfolio.py").run()
    portfolio = at.dataframe[0].value
    divisor, _ = components.money_unit(view.portfolio["eac"])
    # the Portfolio lists the most severe first: the same amounts, in another order
    assert sorted(portfolio["EAC"]) == pytest.approx(sorted(view.portfolio["eac"] / divisor))


def test_grain_switch_changes_the_chart_and_goes_into_the_url(app_env):
    at = _finance()
    at.button_group(key="fin_grain").set_value("quarter").run()
    _no_error(at)
    assert at.query_params["grain"] == "quarter"
    assert _chart_titles(at)[0] == "Budget vs actual vs forecast by quarter"
    at.button_group(key="fin_grain").set_value("month").run()
    assert "grain" not in at.query_params  # the default leaves the URL clean
    assert _chart_titles(at)[0] == "Budget vs actual vs forecast by month"


def test_switches_from_the_url_are_applied(app_env, expected):
    at = _finance(grain="year", steps="category")
    assert at.button_group(key="fin_grain").value == "year"
    assert _chart_titles(at)[0] == "Budget vs actual vs forecast by fiscal year"
    at = _finance(grain="year", steps="category", **{TAB_PARAM: COMPLETION_TAB})
    (title,) = _chart_titles(at)
    assert title.startswith("Variance from approved budget to EAC by category")
    assert at.query_params["grain"] == "year" and at.query_params["steps"] == "category"


def test_an_unknown_grain_in_the_link_is_ignored_with_a_warning(app_env, expected):
    at = _finance(grain="fortnight")
    assert any("grain=fortnight" in w.value for w in at.warning)
    assert _chart_titles(at)[0] == "Budget vs actual vs forecast by month"


def test_programme_filter_narrows_the_figures_and_goes_into_the_url(app_env, expected):
    _, options, narrowed, _ = expected
    programme = options["programme"][0]
    view = narrowed(programme=(programme,))
    at = _finance()
    at.multiselect(key="flt_programme").set_value([programme]).run()
    _no_error(at)
    assert _metric(at, "Budget (BAC)") == fmt.money(view.totals["bac"])
    assert _metric(at, "EAC") == fmt.money(view.totals["eac"])
    assert len(at.dataframe[-1].value) == len(view.portfolio)
    assert at.query_params["programme"] == programme


def test_clicking_a_month_lists_the_financial_lines_behind_it(app_env, expected):
    view, _, _, lines = expected
    month = view.periods["month"].iloc[-3]
    behind = lines(start=month["start"].date(), end=month["end"].date())
    at = _finance()
    _select_points(
        at,
        "fin_period_chart_month",
        [month["start"].date().isoformat(), month["end"].date().isoformat(), month["label"], ""],
    )
    at.run()
    _no_error(at)
    assert _bold_lines(at) == [f"**{behind.count} financial lines behind {month['label']}**"]
    assert behind.count == month["lines"] > 0
    detail = at.dataframe[0].value
    assert len(detail) == behind.count
    assert detail["Budget"].sum() == pytest.approx(month["budget"])


def test_clicking_a_programme_bar_lists_its_lines(app_env, expected):
    view, _, _, lines = expected
    top = view.by_programme.iloc[0]
    behind = lines(programme=top["programme"])
    at = _finance(**{TAB_PARAM: SPLIT_TAB})
    _select_points(at, "fin_programme_chart", [top["programme"], top["programme"], ""])
    at.run()
    _no_error(at)
    assert _bold_lines(at) == [
        f"**{fmt.number(behind.count)} financial lines behind programme {top['programme']}**"
    ]
    assert behind.count == top["lines"]
    detail = at.dataframe[0].value
    assert set(detail["Programme"]) == {top["programme"]}
    assert len(detail) == min(behind.count, 500)


def test_clicking_an_evm_row_opens_the_project(app_env, expected):
    view, *_ = expected
    at = _finance()
    at.session_state["fin_evm_table"] = {"selection": {"rows": [2], "columns": [], "cells": []}}
    at.run()
    _no_error(at)
    pid = view.portfolio.iloc[2]["project_id"]
    assert at.title[0].value.startswith(f"{pid} · ")
    assert at.query_params["project"] == pid


def test_filter_matching_nothing_shows_an_empty_state(app_env, expected):
    view, options, _, _ = expected
    frame = view.portfolio
    pair = next(
        (prog, phase)
        for prog in options["programme"]
        for phase in options["phase"]
        if frame[(frame["programme"] == prog) & (frame["phase"] == phase)].empty
    )
    at = _finance(programme=pair[0], phase=pair[1])
    assert any("No project matches the filters" in i.value for i in at.info)
    assert not at.get("plotly_chart")
    assert not at.metric
