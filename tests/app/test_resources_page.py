"""AppTest of the Resources page: it renders on the sample, each tab draws only its own charts
and every chart and table has a download menu, the team and project filters change what is
shown and go to the URL, a heat-map cell opens its allocations, a team cell narrows the page to
that team, an allocation row opens its project, and no match is an empty state."""

from __future__ import annotations

import base64

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from streamlit.testing.v1 import AppTest

from data_access import engine as store_engine
from data_access import queries
from data_access.filters import Filters
from steerco.charts import resources as resources_charts
from steerco.config import load_settings
from steerco.ui import components
from steerco.ui import resources as resources_ui
from steerco.views import resources as views
from tests.support import apptest

PAGE = "pages/resources.py"
TAB_PARAM = resources_ui.SECTIONS_KEY
OVER_TAB, SOURCING_TAB = "Over-allocation", "Internal and external"


def _page(**query) -> AppTest:
    return apptest.open_page(PAGE, params=query)


_no_error = apptest.no_error


def _metric(at: AppTest, label_start: str) -> str:
    return apptest.metric(at, label_start, prefix=True)


def _chart(at: AppTest, key: str) -> go.Figure:
    for chart in at.get("plotly_chart"):
        if getattr(chart, "key", None) == key:
            return pio.from_json(chart.proto.spec)
    raise AssertionError(f"no chart {key!r}")


def _values(array) -> list[float]:
    """A figure's number array, also when the JSON carries it base64-encoded."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


def _param(at: AppTest, key: str) -> list[str]:
    value = at.query_params[key]
    return [value] if isinstance(value, str) else list(value)


def _points(*customdata) -> dict:
    points = [{"customdata": list(c), "point_index": 0} for c in customdata]
    return {"selection": {"points": points, "point_indices": [0], "box": [], "lasso": []}}


@pytest.fixture
def view_for(app_env):
    """The page data as the plain-Python layer computes it for the app's store."""
    eng = store_engine.create_engine(app_env)

    def compute(filters: Filters | None = None, teams: tuple[str, ...] = ()):
        with eng.connect() as conn:
            return views.build(conn, filters or Filters(), load_settings(), teams)

    yield compute
    eng.dispose()


def test_page_renders_kpis_charts_heat_map_and_the_over_allocated_list(app_env, view_for):
    view = view_for()
    at = _page()
    _no_error(at)
    assert at.title[0].value == "Resources"
    assert _metric(at, "Over-allocated people") == str(view.over_allocated)
    assert view.over_allocated > 0  # the sample over-allocates a few people on purpose
    month = resources_charts.month_text(view.window.as_of_month)
    assert _metric(at, f"Utilisation in {month}").endswith("%")
    # the first tab: capacity against demand, per month and per team; the others wait
    assert apptest.chart_keys(at) == ["rs_capacity_chart", "rs_team_grid"]
    assert apptest.chart_titles(at) == ["Capacity vs demand (planned days)", "Utilisation by team"]
    (teams,) = [d.value for d in at.dataframe]  # in its expander
    assert set(teams["Team"]) == set(view.team_months["team"].dropna())
    apptest.assert_every_chart_and_table_downloads(at)

    at = _page(**{TAB_PARAM: OVER_TAB})
    _no_error(at)
    assert apptest.chart_keys(at) == ["rs_heatmap"]
    heat = _chart(at, "rs_heatmap")
    assert list(heat.layout.yaxis.ticktext) == view.shown  # most over-allocated first
    over = next(tr for tr in heat.data if tr.name.startswith("▲"))
    assert all(text.startswith("▲ ") for text in over.text)  # the % is written, with ▲
    top = at.dataframe[0].value
    assert top["Resource"].tolist() == view.top["resource"].tolist()
    # 45 people in the sample, 20 drawn: the page says how many are hidden
    assert view.hidden > 0
    assert any(f"{view.hidden} less loaded people are hidden" in c.value for c in at.caption)
    assert len(at.dataframe[1].value) == len(view.ranking)  # every person, in its expander
    apptest.assert_every_chart_and_table_downloads(at)

    at = _page(**{TAB_PARAM: SOURCING_TAB})
    _no_error(at)
    assert apptest.chart_keys(at) == ["rs_sourcing_days", "rs_sourcing_cost"]
    summary = at.dataframe[0].value
    # drawn in the unit of the column's largest amount: the total's
    divisor, _ = components.money_unit(pd.Series([view.totals.cost]))
    assert summary["Planned cost"].iloc[-1] == pytest.approx(view.totals.cost / divisor)
    assert at.query_params[TAB_PARAM] == SOURCING_TAB
    apptest.assert_every_chart_and_table_downloads(at)


def test_chart_and_table_menus_offer_slide_pictures_and_spreadsheets(app_env):
    at = _page(**{TAB_PARAM: OVER_TAB})
    menus = apptest.download_menus(at)
    assert menus["rs_heatmap_dl"] == "Slide picture"
    assert menus[resources_ui.TOP_TABLE_KEY + "_dl"] == "Download"
    assert not at.get("download_button"), "menus are closed: nothing is made up front"
    at.session_state[resources_ui.TOP_TABLE_KEY + "_dl"] = True
    at.run()
    _no_error(at)
    assert [b.proto.label for b in at.get("download_button")] == ["Excel (.xlsx)", "CSV"]


def test_team_filter_narrows_the_page_and_goes_into_the_url(app_env, view_for):
    view = view_for(teams=("Data",))
    at = _page()
    at.multiselect(key="rs_team").set_value(["Data"]).run()
    _no_error(at)
    assert _param(at, "team") == ["Data"]
    grid = _chart(at, "rs_team_grid")
    assert list(grid.layout.yaxis.ticktext) == ["Data"]
    assert _metric(at, "Over-allocated people") == str(view.over_allocated)
    apptest.open_tab(at, TAB_PARAM, OVER_TAB)
    _no_error(at)
    heat = _chart(at, "rs_heatmap")
    assert list(heat.layout.yaxis.ticktext) == view.shown
    assert set(view.ranking["team"]) == {"Data"}
    assert _param(at, "team") == ["Data"]


def test_team_filter_from_a_link_is_applied(app_env, view_for):
    view = view_for(teams=("PMO", "Security"))
    at = _page(team=["PMO", "Security"], **{TAB_PARAM: OVER_TAB})
    _no_error(at)
    assert at.multiselect(key="rs_team").value == ["PMO", "Security"]
    assert list(_chart(at, "rs_heatmap").layout.yaxis.ticktext) == view.shown


def test_project_filter_narrows_the_demand_only(app_env, view_for):
    eng = store_engine.create_engine(app_env)
    with eng.connect() as conn:
        programme = queries.filter_options(conn)["programme"][0]
    eng.dispose()
    view = view_for(Filters(programme=(programme,)))
    whole = view_for()
    at = _page()
    at.multiselect(key="flt_programme").set_value([programme]).run()
    _no_error(at)
    assert _param(at, "programme") == [programme]
    assert any("planned days on the filtered projects" in c.value for c in at.caption)
    bars, line = _chart(at, "rs_capacity_chart").data
    # the capacity line is the same as without the filter, the demand bars are lower
    assert _values(line.y) == pytest.approx(whole.months["capacity_days"].tolist())
    assert _values(bars.y) == pytest.approx(view.months["planned_days"].tolist())
    assert sum(_values(bars.y)) < whole.months["planned_days"].sum()
    # only these projects' share of each person: over-allocation flagged, under-use not
    apptest.open_tab(at, TAB_PARAM, OVER_TAB)
    _no_error(at)
    heat = _chart(at, "rs_heatmap")
    assert not any(tr.name.startswith("▽") and len(tr.x) for tr in heat.data)
    assert list(heat.layout.yaxis.ticktext) == view.shown


def test_clicking_a_heat_map_cell_shows_exactly_its_allocations(app_env, view_for):
    view = view_for()
    resource = view.shown[0]
    month = view.ranking.iloc[0]["worst_month"]
    expected = views.cell_detail(view, resource, month)
    assert expected is not None and not expected.allocations.empty
    at = _page(**{TAB_PARAM: OVER_TAB})
    at.session_state["rs_heatmap"] = _points([resource, month.strftime("%Y-%m-%d")])
    at.run()
    _no_error(at)
    title = f"Allocations of {resource} in {resources_charts.month_text(month)}"
    assert title in [s.value for s in at.subheader]
    table = next(df.value for df in at.dataframe if "Planned (days)" in df.value.columns)
    assert table["ID"].tolist() == expected.allocations["project_id"].tolist()
    assert table["Planned (days)"].tolist() == pytest.approx(
        expected.allocations["planned_days"].tolist()
    )
    assert any("▲" in m.value and "Over-allocated" in m.value for m in at.markdown)
    assert apptest.download_menus(at)["rs_allocations_dl"] == "Download"
    apptest.assert_every_chart_and_table_downloads(at)


def test_clicking_an_allocation_row_opens_the_project(app_env, view_for):
    view = view_for()
    resource = view.shown[0]
    month = view.ranking.iloc[0]["worst_month"]
    pid = views.cell_detail(view, resource, month).allocations.iloc[0]["project_id"]
    at = _page(**{TAB_PARAM: OVER_TAB})
    at.session_state["rs_heatmap"] = _points([resource, month.strftime("%Y-%m-%d")])
    at.run()
    at.session_state["rs_allocations"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    assert at.title[0].value.startswith(f"{pid} · ")


def test_clicking_a_team_in_the_team_grid_narrows_the_page_to_it(app_env, view_for):
    view = view_for()
    at = _page()
    month = view.window.as_of_month.isoformat()
    at.session_state["rs_team_grid"] = _points(["Infrastructure", month])
    at.run()
    _no_error(at)
    assert at.multiselect(key="rs_team").value == ["Infrastructure"]
    assert _param(at, "team") == ["Infrastructure"]
    assert list(_chart(at, "rs_team_grid").layout.yaxis.ticktext) == ["Infrastructure"]
    # clearing the filter afterwards is not undone by the (stale) grid selection
    at.multiselect(key="rs_team").set_value([]).run()
    _no_error(at)
    assert at.multiselect(key="rs_team").value == []
    assert "team" not in at.query_params


def test_filters_matching_no_allocation_show_an_empty_state(app_env):
    eng = store_engine.create_engine(app_env)
    with eng.connect() as conn:
        options = queries.filter_options(conn)
        portfolio = queries.portfolio(conn, Filters(), 15)
    eng.dispose()
    pair = next(
        (prog, phase)
        for prog in options["programme"]
        for phase in options["phase"]
        if portfolio[(portfolio["programme"] == prog) & (portfolio["phase"] == phase)].empty
    )
    at = _page(programme=pair[0], phase=pair[1])
    _no_error(at)
    assert any("No allocation of the filtered projects" in i.value for i in at.info)
    assert not at.get("plotly_chart")


def test_an_as_of_date_without_capacity_shows_an_empty_state(app_env):
    at = _page(as_of="2015-01-01")  # years before the sample's first capacity month
    _no_error(at)
    assert any("No capacity or allocation in this window." in i.value for i in at.info)
    assert not at.get("plotly_chart")
