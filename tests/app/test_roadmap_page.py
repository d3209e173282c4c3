"""AppTest of the Roadmap page: it renders on the sample with the right figures, each tab draws
only its own charts and tables (every one with a download menu), its filters and widgets go to
the URL, a click on a Gantt bar or a milestone row opens the project, and a filter matching
nothing shows an empty state."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from data_access import engine as store_engine
from data_access import queries
from data_access.filters import Filters
from steerco.config import load_settings
from steerco.ui import roadmap as ui
from steerco.views import roadmap as views
from tests.support import apptest

ROADMAP = "pages/roadmap.py"
TAB = ui.SECTIONS_KEY
GATES, SLIPPED, TREND = ui.GATES_TAB, ui.SLIPPED_TAB, ui.TREND_TAB


def _roadmap(**query) -> AppTest:
    return apptest.open_page(ROADMAP, params=query)


_metric = apptest.metric


def _param(at: AppTest, key: str) -> list[str]:
    value = at.query_params[key]
    return [value] if isinstance(value, str) else list(value)


_no_error = apptest.no_error


def _table(at: AppTest, key: str):
    return next(d for d in at.dataframe if d.key == key).value


def _gantt_rows(at: AppTest) -> list[str]:
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return spec["layout"]["yaxis"]["categoryarray"]


@pytest.fixture
def expected(app_env):
    """The page data as the plain-Python layer computes it for the app's store."""
    eng = store_engine.create_engine(app_env)
    with eng.connect() as conn:
        view = views.build(conn, Filters(), load_settings())
        options = queries.filter_options(conn)
    eng.dispose()
    return view, options


def test_roadmap_renders_kpis_gantt_tables_and_trend(app_env, expected):
    view, _ = expected
    at = _roadmap()
    _no_error(at)
    assert at.title[0].value == "Roadmap"
    assert _metric(at, "Projects") == str(len(view.projects))
    assert _metric(at, "Late vs baseline") == str(view.late_projects)
    assert _metric(at, "Slipped milestones") == str(len(view.slipped))
    # The first tab is the Gantt; the tables and the trend wait for their tabs.
    assert apptest.chart_keys(at) == ["rm_gantt"]
    assert apptest.chart_titles(at) == ["Roadmap: baseline vs forecast per project"]
    assert not at.dataframe
    rows = _gantt_rows(at)
    assert len(rows) == len(view.gantt) and rows[0].startswith(view.gantt["project_id"].iloc[0])
    assert any("of 40 projects shown" in c.value for c in at.caption)
    apptest.assert_every_chart_and_table_downloads(at)

    at = _roadmap(**{TAB: GATES})
    _no_error(at)
    assert not at.get("plotly_chart")
    assert len(_table(at, "rm_gates")) == len(view.gates_due)
    assert "Gates due in the next 60 days" in [s.value for s in at.subheader]
    assert _metric(at, "Projects") == str(len(view.projects))  # the tiles stay
    apptest.assert_every_chart_and_table_downloads(at)

    at = _roadmap(**{TAB: SLIPPED})
    _no_error(at)
    assert not at.get("plotly_chart")
    slipped = _table(at, "rm_slipped")
    assert len(slipped) == len(view.slipped)
    assert set(apptest.rag_words(slipped["Project status"])) <= {
        "Green",
        "Amber",
        "Red",
        "No report",
    }
    assert slipped["Slip"].min() > 0 and slipped["Slip"].is_monotonic_decreasing
    assert "Slipped milestones" in [s.value for s in at.subheader]
    apptest.assert_every_chart_and_table_downloads(at)

    at = _roadmap(**{TAB: TREND})
    _no_error(at)
    assert apptest.chart_keys(at) == ["rm_milestones", "rm_trend"]  # milestone plan, trend
    assert at.selectbox(key="rm_project").value == view.trend_project(None).project_id
    assert not at.dataframe
    apptest.assert_every_chart_and_table_downloads(at)


def test_menus_offer_slide_pictures_and_the_whole_table(app_env, expected):
    view, _ = expected
    at = _roadmap(**{TAB: SLIPPED})
    assert not at.get("download_button"), "menus are closed: nothing is made up front"
    at.session_state["rm_slipped_dl"] = True
    at.run()
    _no_error(at)
    assert [b.proto.label for b in at.get("download_button")] == ["Excel (.xlsx)", "CSV"]
    at = _roadmap(**{TAB: TREND})
    at.session_state["rm_trend_dl"] = True
    at.run()
    _no_error(at)
    assert [b.proto.label for b in at.get("download_button")] == ["PNG, 3200×1800", "SVG, scalable"]
    # the slide names the project whose milestones it shows
    top = view.trend_project(None)
    title = f"{top.project_id} · {top.name}: Milestone trend: forecast date at each report"
    assert any(c.value.startswith(title) for c in at.caption)


def test_a_long_table_draws_its_first_rows_and_downloads_all(app_env, expected, monkeypatch):
    view, _ = expected
    cap = 5
    assert len(view.slipped) > cap
    monkeypatch.setattr(ui, "TABLE_MAX_ROWS", cap)
    at = _roadmap(**{TAB: SLIPPED})
    _no_error(at)
    assert len(_table(at, "rm_slipped")) == cap
    shown = f"The first {cap} of {len(view.slipped)} slipped milestones are shown"
    assert any(c.value.startswith(shown) for c in at.caption)
    apptest.assert_every_chart_and_table_downloads(at)


def test_a_filter_narrows_the_roadmap_and_goes_into_the_url(app_env, expected):
    view, options = expected
    programme = options["programme"][0]
    count = int((view.projects["programme"] == programme).sum())
    at = _roadmap()
    at.multiselect(key="flt_programme").set_value([programme]).run()
    _no_error(at)
    assert _metric(at, "Projects") == str(count)
    assert len(_gantt_rows(at)) == count
    assert _param(at, "programme") == [programme]
    apptest.open_tab(at, TAB, SLIPPED)
    _no_error(at)
    assert _param(at, "programme") == [programme]  # the filter holds on another tab
    slipped = _table(at, "rm_slipped")
    assert all(p.split(" · ")[0] in set(view.projects.loc[view.projects["programme"] == programme,
               "project_id"]) for p in slipped["Project"])  # fmt: skip


def test_gantt_order_goes_into_the_url_and_a_link_restores_it(app_env, expected):
    at = _roadmap()
    assert at.radio(key="rm_sort").value == "slip"
    at.radio(key="rm_sort").set_value("end").run()
    _no_error(at)
    assert _param(at, "sort") == ["end"]
    assert any("next to finish first" in c.value for c in at.caption)
    linked = _roadmap(sort="end")
    _no_error(linked)
    assert linked.radio(key="rm_sort").value == "end"
    assert _gantt_rows(linked) == _gantt_rows(at)
    # another tab does not draw the radio but keeps the order, in the URL too
    apptest.open_tab(at, TAB, TREND)
    _no_error(at)
    assert _param(at, "sort") == ["end"]
    apptest.open_tab(at, TAB, ui.GANTT_TAB)
    assert at.radio(key="rm_sort").value == "end"
    assert _gantt_rows(at) == _gantt_rows(linked)


def test_trend_project_is_picked_and_kept_in_the_url(app_env, expected):
    view, _ = expected
    other = view.projects["project_id"].iloc[-1]
    at = _roadmap(**{TAB: TREND})
    at.selectbox(key="rm_project").select(other).run()
    _no_error(at)
    assert _param(at, "project") == [other]
    assert at.selectbox(key="rm_project").value == other
    linked = _roadmap(project=other, **{TAB: TREND})
    assert linked.selectbox(key="rm_project").value == other


def test_a_link_to_a_project_outside_the_filters_says_so_and_shows_the_top_row(app_env, expected):
    view, _ = expected
    at = _roadmap(project="PRJ-999", **{TAB: TREND})
    _no_error(at)
    assert at.selectbox(key="rm_project").value == view.gantt["project_id"].iloc[0]
    assert any("PRJ-999 is not among the filtered projects" in c.value for c in at.caption)


def test_clicking_a_gantt_bar_opens_that_project(app_env, expected):
    view, _ = expected
    pid = view.gantt["project_id"].iloc[2]
    at = _roadmap()
    at.session_state["rm_gantt"] = {
        "selection": {
            "points": [{"customdata": [pid, "name", "Red"], "curve_number": 1}],
            "point_indices": [2],
            "box": [],
            "lasso": [],
        }
    }
    at.run()
    _no_error(at)
    assert at.title[0].value.startswith(f"{pid} · ")
    assert _param(at, "project") == [pid]


def test_clicking_a_slipped_milestone_row_opens_its_project(app_env, expected):
    view, _ = expected
    row = 1
    pid = view.slipped["project_id"].iloc[row]
    at = _roadmap(**{TAB: SLIPPED})
    shown = _table(at, "rm_slipped").iloc[row]["Project"]
    assert shown.startswith(f"{pid} · ")
    at.session_state["rm_slipped"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    _no_error(at)
    assert at.title[0].value.startswith(f"{pid} · ")


def test_a_filter_matching_nothing_shows_an_empty_state(app_env, expected):
    view, options = expected
    frame = view.projects
    pair = next(
        (prog, phase)
        for prog in options["programme"]
        for phase in options["phase"]
        if frame[(frame["programme"] == prog) & (frame["phase"] == phase)].empty
    )
    at = apptest.open_page(ROADMAP, link={"programme": pair[0], "phase": pair[1]})
    _no_error(at)
    assert any("No project matches the filters" in i.value for i in at.info)
    assert not at.get("plotly_chart")


def test_the_as_of_date_from_the_link_dates_the_roadmap(app_env):
    when = date.today() - timedelta(days=90)
    eng = store_engine.create_engine(app_env)
    with eng.connect() as conn:
        view = views.build(conn, Filters(as_of=when), load_settings())
    eng.dispose()
    at = apptest.open_page(ROADMAP, link={"as_of": when.isoformat()})
    _no_error(at)
    assert _metric(at, "Slipped milestones") == str(len(view.slipped))
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    names = [tr.get("name") for tr in spec["data"]]
    assert f"As of {when.strftime('%d %b %Y')}" in names  # the dotted line is at that date
    assert _param(at, "as_of") == [when.isoformat()]
    apptest.open_tab(at, TAB, SLIPPED)
    _no_error(at)
    assert len(_table(at, "rm_slipped")) == min(len(view.slipped), ui.TABLE_MAX_ROWS)
    assert _param(at, "as_of") == [when.isoformat()]
