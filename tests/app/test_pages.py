"""AppTest: each page renders, filters change what is shown, drill-down and deep links work,
and bad input (no match, unknown id, unreachable database) shows a message, not a traceback.
"""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from data_access import engine as store_engine
from data_access import queries
from data_access.filters import Filters
from steerco.charts.theme import RAG_COLORS
from steerco.config import load_settings
from steerco.exports import images
from steerco.views import overview
from tests.support import apptest

PORTFOLIO = "pages/portfolio.py"
PROJECT = "pages/project.py"


def _app(**query) -> AppTest:
    at = AppTest.from_file(apptest.APP, default_timeout=apptest.TIMEOUT_S)
    for key, value in query.items():
        at.query_params[key] = value
    return at


_metric = apptest.metric


def _param(at: AppTest, key: str) -> list[str]:
    value = at.query_params[key]
    return [value] if isinstance(value, str) else list(value)


_no_error = apptest.no_error


@pytest.fixture
def expected(app_env):
    """The overview as the plain-Python layer computes it for the app's store."""
    eng = store_engine.create_engine(app_env)
    with eng.connect() as conn:
        view = overview.build(conn, Filters(), load_settings())
        options = queries.filter_options(conn)
    eng.dispose()
    return view, options


def test_overview_shows_kpis_charts_and_tables(app_env, expected):
    view, _ = expected
    at = _app().run()
    _no_error(at)
    assert at.title[0].value == "Portfolio overview"
    assert _metric(at, "Projects") == str(view.totals.projects)
    assert _metric(at, "Red projects") == str(view.totals.red)
    assert _metric(at, "Watermelons") == str(view.totals.watermelons)
    assert _metric(at, "Stale reports") == str(view.totals.stale)
    assert _metric(at, "Decisions required") == str(view.totals.decisions)
    assert _metric(at, "Overdue actions") == str(view.totals.overdue_actions)
    assert len(at.get("plotly_chart")) == 2
    assert apptest.chart_keys(at) == ["ov_rag_chart", "ov_budget_chart"]
    subheaders = [s.value for s in at.subheader]
    assert "What changed since the last meeting" in subheaders
    assert "Top risks" in subheaders
    assert view.totals.watermelons > 0 and view.totals.stale > 0  # the sample shows both
    # every chart has its slide picture and every drill-down table its spreadsheet menu
    apptest.assert_every_chart_and_table_downloads(at)
    menus = apptest.download_menus(at)
    for key in ("ov_changes_dl", "ov_risks_dl", "ov_milestones_dl", "ov_decisions_dl"):
        assert menus.get(key) == "Download", key
    assert not at.get("download_button"), "menus are closed: nothing is built up front"


def test_an_overview_table_menu_offers_spreadsheets(app_env):
    at = _app().run()
    at.session_state["ov_risks_dl"] = True
    at.run()
    _no_error(at)
    assert [b.proto.label for b in at.get("download_button")] == ["Excel (.xlsx)", "CSV"]


def test_filter_narrows_the_overview_and_goes_into_the_url(app_env, expected):
    view, options = expected
    programme = options["programme"][0]
    mine = view.portfolio[view.portfolio["programme"] == programme]
    count = int(mine["active"].sum())  # closed and on-hold projects are counted apart
    at = _app().run()
    at.multiselect(key="flt_programme").set_value([programme]).run()
    _no_error(at)
    assert _metric(at, "Projects") == str(count)
    assert _param(at, "programme") == [programme]


def test_filters_from_the_url_are_applied(app_env, expected):
    view, _ = expected
    at = _app(rag="R").run()
    _no_error(at)
    assert _metric(at, "Projects") == str(view.totals.red)
    assert at.multiselect(key="flt_rag").value == ["R"]


def test_filter_matching_nothing_shows_an_empty_state(app_env, expected):
    view, options = expected
    frame = view.portfolio
    pair = next(
        (prog, phase)
        for prog in options["programme"]
        for phase in options["phase"]
        if frame[(frame["programme"] == prog) & (frame["phase"] == phase)].empty
    )
    for page in (None, PORTFOLIO):
        at = _app(programme=pair[0], phase=pair[1])
        at.run()
        if page:
            at.switch_page(page).run()
        _no_error(at)
        assert any("No project matches the filters" in i.value for i in at.info)


def test_portfolio_lists_every_project_with_reported_and_computed_rag(app_env, expected):
    view, _ = expected
    at = _app().run()
    at.switch_page(PORTFOLIO).run()
    _no_error(at)
    table = at.dataframe[0].value
    assert len(table) == len(view.portfolio)  # every project, closed ones too
    for column in ("Overall", "Computed", "Budget (computed)", "Flags", "EAC"):
        assert column in table.columns
    assert set(apptest.rag_words(table["Overall"])) <= {"Green", "Amber", "Red", "No report"}
    # RAG as a coloured pill with its word (Okabe–Ito colours, colour-blind safe)
    overall = json.loads(at.dataframe[0].proto.columns)["Overall"]["type_config"]
    assert overall["type"] == "multiselect"
    assert {o["value"]: o["color"] for o in overall["options"]} == {
        "Red": RAG_COLORS["R"],
        "Amber": RAG_COLORS["A"],
        "Green": RAG_COLORS["G"],
        "No report": RAG_COLORS["none"],
    }
    assert table["Flags"].str.contains("Watermelon").sum() == view.totals.watermelons
    assert apptest.download_menus(at) == {"portfolio_table_dl": "Download"}
    apptest.assert_every_chart_and_table_downloads(at)


def test_clicking_a_portfolio_row_opens_that_project(app_env):
    at = _app().run()
    at.switch_page(PORTFOLIO).run()
    row = 3
    pid = at.dataframe[0].value.iloc[row]["ID"]
    at.session_state["portfolio_table"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    _no_error(at)
    assert at.title[0].value.startswith(f"{pid} · ")
    assert _param(at, "project") == [pid]


def test_deep_link_opens_the_right_project_with_its_detail(app_env, expected):
    view, _ = expected
    pid = view.watermelons["project_id"].iloc[0]
    name = view.watermelons["name"].iloc[0]
    at = _app(project=pid)
    at.run()
    at.switch_page(PROJECT)
    at.query_params["project"] = pid
    at.run()
    assert not at.exception
    assert at.title[0].value == f"{pid} · {name}"
    # a watermelon project says so, in words
    assert any("figures say Red" in e.value for e in at.error)
    assert len(at.get("plotly_chart")) == 3  # RAG history, S-curve, milestones
    assert apptest.chart_keys(at) == ["pj_rag_history", "pj_s_curve", "pj_milestones"]
    labels = [m.label for m in at.metric]
    assert {"Overall", "Budget", "Schedule", "Risk", "EAC", "CPI", "SPI"} <= set(labels)
    assert "Latest status report" in at.subheader[0].value
    apptest.assert_every_chart_and_table_downloads(at)
    menus = apptest.download_menus(at)
    assert menus["pj_milestones_table_dl"] == menus["pj_raid_table_dl"] == "Download"


def test_a_project_whose_estimates_disagree_warns_on_its_page(app_env, expected):
    view, _ = expected
    flagged = view.portfolio.loc[view.portfolio["estimates_disagree"], "project_id"]
    at = apptest.open_page(PROJECT, params={"project": flagged.iloc[0]})
    _no_error(at)
    assert any("two estimates at completion disagree" in w.value for w in at.warning)
    at = apptest.open_page(PORTFOLIO)
    assert "≠ EAC vs BAC/CPI" in " ".join(at.dataframe[0].value["Flags"].dropna())  # empty: "–"


@pytest.mark.skipif(images.chromium_path() is None, reason="slide pictures need Chromium")
def test_a_project_chart_slide_names_the_project(app_env, expected):
    view, _ = expected
    pid, name = view.watermelons[["project_id", "name"]].iloc[0]
    at = _app()
    at.run()
    at.switch_page(PROJECT)
    at.query_params["project"] = pid
    at.session_state["pj_rag_history_dl"] = True
    at.run()
    assert not at.exception
    assert [b.proto.label for b in at.get("download_button")] == ["PNG, 3200×1800", "SVG, scalable"]
    captions = [c.value for c in at.caption]
    assert any(
        c.startswith(f"{pid} · {name} — Reported RAG over time · Data as of") for c in captions
    )


def test_unknown_project_id_shows_a_message(app_env):
    at = _app().run()
    at.switch_page(PROJECT)
    at.query_params["project"] = "PRJ-999"
    at.run()
    assert not at.exception
    assert any("no project with the id PRJ-999" in e.value for e in at.error)


def test_project_page_without_id_offers_a_picker(app_env):
    at = _app().run()
    at.switch_page(PROJECT).run()
    assert not at.exception
    assert at.selectbox[0].label == "Choose a project"
    at.selectbox[0].select("PRJ-002").run()
    assert at.title[0].value.startswith("PRJ-002 · ")


def test_unreachable_database_shows_a_clear_message(monkeypatch):
    monkeypatch.setenv(store_engine.DB_URL_ENV, "postgresql+psycopg://steerco@127.0.0.1:9/none")
    at = _app().run()
    assert not at.exception
    assert any("cannot be reached" in e.value for e in at.error)


def test_clicking_a_rag_bar_opens_the_portfolio_filtered(app_env, expected):
    view, _ = expected
    at = _app().run()
    at.session_state["ov_rag_chart"] = {
        "selection": {"points": [{"customdata": "R"}], "point_indices": [0], "box": [], "lasso": []}
    }
    at.run()
    _no_error(at)
    assert at.title[0].value == "Portfolio"
    assert len(at.dataframe[0].value) == view.totals.red
