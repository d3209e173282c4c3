"""AppTest of Risks & RAID: the page renders the figures the plain-Python layer computes, each
tab draws only its own charts and tables (every one with a download menu), the register
filters and the trend period narrow what is shown and go to the URL (and come back from a
link), a heat-map cell or an ageing bar lists exactly its items, and a filter matching nothing
shows an empty state."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from data_access import engine as store_engine
from data_access import queries
from data_access.filters import Filters
from steerco.config import load_settings
from steerco.ui import risks as risks_ui
from steerco.views import display
from steerco.views import risks as views
from tests.support import apptest

PAGE = "pages/risks.py"
TAB = risks_ui.SECTIONS_KEY
ACTIONS, TREND, REGISTER = risks_ui.ACTIONS_TAB, risks_ui.TREND_TAB, risks_ui.REGISTER_TAB


def _page(**query) -> AppTest:
    return apptest.open_page(PAGE, params=query)


_no_error = apptest.no_error


_metric = apptest.metric


def _table(at: AppTest, key: str):
    for frame in at.dataframe:
        if frame.key == key:
            return frame.value
    raise AssertionError(f"no table {key!r}; have {[f.key for f in at.dataframe]}")


def _has_table(at: AppTest, key: str) -> bool:
    return any(frame.key == key for frame in at.dataframe)


def _param(at: AppTest, key: str) -> list[str]:
    value = at.query_params[key]
    return [value] if isinstance(value, str) else list(value)


def _figure(at: AppTest, index: int) -> dict:
    return json.loads(at.get("plotly_chart")[index].proto.spec)


def _select(at: AppTest, key: str, customdata: list) -> AppTest:
    points = [{"customdata": customdata}]
    at.session_state[key] = {
        "selection": {"points": points, "point_indices": [0], "box": [], "lasso": []}
    }
    return at.run()


@pytest.fixture
def store(app_env):
    """The page as the plain-Python layer computes it for the app's store (as of today)."""
    eng = store_engine.create_engine(app_env)
    with eng.connect() as conn:
        view = views.build(conn, Filters(), load_settings())
        choices = views.register_choices(conn, Filters())
        options = queries.filter_options(conn)
    eng.dispose()
    return view, choices, options


def test_page_shows_the_kpis_charts_and_tables_of_the_store(app_env, store):
    view, _, _ = store
    at = _page()
    _no_error(at)
    assert at.title[0].value == "Risks & RAID"
    k = view.counts
    assert _metric(at, "Open risks") == str(k.open_risks)
    assert _metric(at, "High or critical risks") == str(k.high_risks)
    assert _metric(at, "Total open risk score") == f"{k.open_score:,} points"
    assert _metric(at, "Overdue actions") == str(k.overdue_actions)
    assert _metric(at, "Awaiting the committee") == str(k.awaiting_committee)
    # The first tab: the heat map, the top risks and what awaits the committee; the trend,
    # the ageing and the register are not drawn until their tab is opened.
    assert apptest.chart_keys(at) == ["rk_heatmap"]
    assert apptest.chart_titles(at) == ["Open risks by probability and impact"]
    heat = _figure(at, 0)
    texts = [a["text"] for a in heat["layout"]["annotations"]]
    assert len(texts) == 25 and texts[-1].startswith(
        f"<b>{int(view.heatmap['count'].iloc[-1])}</b>"
    )
    top = _table(at, "rk_top")
    assert top["ID"].tolist() == view.top_risks["raid_id"].tolist()
    assert len(top) == load_settings().top_risks
    assert len(_table(at, "rk_awaiting")) == k.awaiting_committee
    assert [f.key for f in at.dataframe] == ["rk_top", "rk_awaiting"]
    assert not _has_table(at, "rk_cell")  # nothing clicked yet
    assert any("portfolio-level items (no project) included" in c.value for c in at.caption)
    apptest.assert_every_chart_and_table_downloads(at)


def test_each_tab_draws_its_own_charts_and_tables(app_env, store):
    view, choices, _ = store
    k = view.counts
    at = _page(**{TAB: ACTIONS})
    _no_error(at)
    assert apptest.chart_titles(at) == ["Open RAID items by age"]
    assert len(_table(at, "rk_overdue")) == k.overdue_actions
    assert [f.key for f in at.dataframe] == ["rk_overdue"]
    assert _metric(at, "Overdue actions") == str(k.overdue_actions)  # the tiles stay
    apptest.assert_every_chart_and_table_downloads(at)

    at = _page(**{TAB: TREND})
    _no_error(at)
    assert apptest.chart_titles(at) == ["Open risks over time (monthly)"]
    assert not at.dataframe
    apptest.assert_every_chart_and_table_downloads(at)

    at = _page(**{TAB: REGISTER})
    _no_error(at)
    assert not at.get("plotly_chart")
    register = _table(at, "rk_register")
    assert len(register) == choices.items
    assert "Portfolio level" in set(register["Project"])  # no project filter: included
    assert at.query_params[TAB] == REGISTER
    apptest.assert_every_chart_and_table_downloads(at)


def test_a_chart_menu_offers_slide_pictures_and_a_table_menu_spreadsheets(app_env):
    at = _page()
    assert not at.get("download_button"), "menus are closed: no picture is made up front"
    at.session_state["rk_heatmap_dl"] = True
    at.run()
    _no_error(at)
    assert [b.proto.label for b in at.get("download_button")] == ["PNG, 3200×1800", "SVG, scalable"]
    at.session_state["rk_heatmap_dl"] = False
    at.session_state["rk_awaiting_dl"] = True
    at.run()
    assert [b.proto.label for b in at.get("download_button")] == ["Excel (.xlsx)", "CSV"]


def test_register_type_filter_narrows_and_goes_to_the_url(app_env, store):
    at = _page(**{TAB: REGISTER})
    at.multiselect(key="rk_types").set_value(["Action"]).run()
    _no_error(at)
    register = _table(at, "rk_register")
    assert set(register["Type"]) == {"Action"} and len(register) > 0
    assert _param(at, "raid_type") == ["Action"]
    at.toggle(key="rk_committee_only").set_value(True).run()
    register = _table(at, "rk_register")
    assert register["For committee"].all()
    assert set(register["Type"]) <= {"Action"}
    assert _param(at, "committee") == ["1"]  # a link's committee=1 works too (below)
    # the rest of the page is not narrowed by the register's filters
    view, _, _ = store
    assert _metric(at, "Open risks") == str(view.counts.open_risks)
    # another tab leaves the register's filters in the URL, and they hold on coming back
    apptest.open_tab(at, TAB, risks_ui.HEAT_TAB)
    _no_error(at)
    assert not _has_table(at, "rk_register")
    assert _param(at, "raid_type") == ["Action"] and _param(at, "committee") == ["1"]
    assert len(_table(at, "rk_awaiting")) == view.counts.awaiting_committee
    apptest.open_tab(at, TAB, REGISTER)
    assert at.multiselect(key="rk_types").value == ["Action"]
    assert at.toggle(key="rk_committee_only").value is True
    assert _table(at, "rk_register")["For committee"].all()


def test_register_filters_come_back_from_a_link(app_env, store):
    _, choices, _ = store
    owner = choices.owners[0]
    at = _page(
        raid_status="Closed",
        raid_owner=owner,
        raid_project="(portfolio)",
        committee="1",
        **{TAB: REGISTER},
    )
    _no_error(at)
    assert at.toggle(key="rk_committee_only").value is True
    assert at.multiselect(key="rk_statuses").value == ["Closed"]
    assert at.multiselect(key="rk_owners").value == [owner]
    register = _table(at, "rk_register") if _has_table(at, "rk_register") else None
    if register is None:
        assert any("No RAID item matches the register filters" in i.value for i in at.info)
    else:
        assert set(register["Status"]) == {"Closed"}
        assert set(register["Owner"]) == {owner}
        assert set(register["Project"]) == {"Portfolio level"}
        assert register["For committee"].all()


def test_unknown_values_in_a_link_are_dropped_without_error(app_env):
    link = {"raid_owner": "Nobody Known", "raid_type": "Rumour", "trend": "fortnight"}
    at = _page(**link, **{TAB: REGISTER})
    _no_error(at)
    assert at.multiselect(key="rk_owners").value == []
    assert at.multiselect(key="rk_types").value == []
    at = _page(**link, **{TAB: TREND})
    _no_error(at)
    assert at.radio(key="rk_period").value == "month"
    at = _page(**link)  # on the first tab, where neither is drawn
    _no_error(at)
    assert not {"raid_owner", "raid_type", "trend"} & set(at.query_params)


def test_trend_period_switches_to_weekly_and_goes_to_the_url(app_env, store):
    at = _page(**{TAB: TREND})
    monthly = _figure(at, 0)["data"][0]["x"]
    at.radio(key="rk_period").set_value("week").run()
    _no_error(at)
    assert _param(at, "trend") == ["week"]
    weekly = _figure(at, 0)
    assert len(weekly["data"][0]["x"]) == 26  # the sample's log is older than 26 weeks
    assert weekly["layout"]["title"]["text"] == "Open risks over time (weekly)"
    assert weekly["data"][0]["x"][-1] == monthly[-1]  # both end on the as-of date
    at.radio(key="rk_period").set_value("month").run()
    assert "trend" not in at.query_params  # the default keeps the link short


def test_clicking_a_heatmap_cell_lists_exactly_that_cells_risks(app_env, store):
    view, _, _ = store
    cell = view.heatmap.sort_values(["count", "score"]).iloc[-1]
    p, i = int(cell["probability"]), int(cell["impact"])
    at = _page()
    _select(at, "rk_heatmap", [p, i, p * i, int(cell["count"])])
    _no_error(at)
    rows = _table(at, "rk_cell")
    expected = view.open_risks[
        (view.open_risks["probability"] == p) & (view.open_risks["impact"] == i)
    ]
    assert sorted(rows["ID"]) == sorted(expected["raid_id"]) and len(rows) == int(cell["count"])
    assert set(rows["Score"]) == {p * i}
    assert list(rows.columns) == list(display.kinds(views.CELL_COLUMNS))
    title = (
        f"{len(rows)} open risk{'' if len(rows) == 1 else 's'} with probability {p} × impact {i}"
    )
    assert any(s.value.startswith(title) for s in at.subheader)
    apptest.assert_every_chart_and_table_downloads(at)  # the cell's table has its menu
    assert apptest.download_menus(at)["rk_cell_dl"] == "Download"


def test_clicking_an_empty_cell_says_so(app_env, store):
    view, _, _ = store
    empty = view.heatmap.loc[view.heatmap["count"] == 0].iloc[0]
    at = _page()
    _select(at, "rk_heatmap", [int(empty["probability"]), int(empty["impact"]), 0, 0])
    _no_error(at)
    assert not _has_table(at, "rk_cell")
    assert any("No open risk in this cell" in c.value for c in at.caption)


def test_clicking_an_ageing_bar_lists_its_items(app_env, store):
    view, _, _ = store
    largest = view.ageing.sort_values("count").iloc[-1]
    at = _page(**{TAB: ACTIONS})
    _select(at, "rk_ageing", [largest["age_bucket"], largest["type"]])
    _no_error(at)
    rows = _table(at, "rk_aged")
    assert len(rows) == int(largest["count"]) > 0
    assert set(rows["Type"]) == {largest["type"]}
    assert any(
        s.value.startswith(f"{len(rows)} open {largest['type']} items open") for s in at.subheader
    )
    apptest.assert_every_chart_and_table_downloads(at)  # the drill-down table has its menu


def test_a_project_filter_drops_portfolio_level_items(app_env, store):
    _, _, options = store
    at = _page(**{TAB: REGISTER})
    at.multiselect(key="flt_programme").set_value([options["programme"][0]]).run()
    _no_error(at)
    register = _table(at, "rk_register")
    assert len(register) > 0 and "Portfolio level" not in set(register["Project"])
    assert any("left out while a project filter is active" in c.value for c in at.caption)
    assert _param(at, "programme") == [options["programme"][0]]


def test_filter_matching_nothing_shows_an_empty_state(app_env, store):
    _, _, options = store
    eng = store_engine.create_engine(app_env)
    with eng.connect() as conn:
        frame = queries.portfolio(conn, Filters(), 15)
    eng.dispose()
    pair = next(
        (prog, phase)
        for prog in options["programme"]
        for phase in options["phase"]
        if frame[(frame["programme"] == prog) & (frame["phase"] == phase)].empty
    )
    at = apptest.open_page(PAGE, link={"programme": pair[0], "phase": pair[1]})
    _no_error(at)
    assert any("No RAID item matches the filters" in i.value for i in at.info)
    assert not at.get("plotly_chart")


def test_a_scope_with_only_closed_items_shows_zeros_not_errors(app_env):
    at = _page(phase="Closed")
    _no_error(at)
    assert _metric(at, "Open risks") == "0"
    assert apptest.chart_keys(at) == ["rk_heatmap"]  # an all-zero grid
    at = _page(phase="Closed", **{TAB: ACTIONS})
    _no_error(at)
    assert _metric(at, "Open risks") == "0"
    assert any(c.value.startswith("No item is open on") for c in at.caption)
    at = _page(phase="Closed", **{TAB: REGISTER})
    _no_error(at)
    assert len(_table(at, "rk_register")) > 0  # the closed items are still in the register


def test_clicking_a_register_row_opens_its_project(app_env):
    at = _page(raid_project="PRJ-004", **{TAB: REGISTER})
    at.session_state["rk_register"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    _no_error(at)
    assert at.title[0].value.startswith("PRJ-004 · ")
