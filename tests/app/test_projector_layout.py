"""The projector layout through AppTest: the store's name only for administrators, the
Portfolio most severe first with the project's name first, a click on a name cell opens the
project, the Overview's long panels show their top rows and the rest behind "Show all"."""

from __future__ import annotations

import pandas as pd

from data_access import access
from steerco.config import Settings
from steerco.views import overview
from tests.support import apptest

VIEWER = access.Identity("vic@example.org", "Vic", access.VIEWER)
ADMIN = access.Identity("ada@example.org", "Ada", access.ADMIN)


def _sidebar_captions(at) -> list[str]:
    return [c.value for c in at.sidebar.caption]


def test_only_an_administrator_reads_the_store_in_the_sidebar(app_env, monkeypatch):
    apptest.act_as(monkeypatch, VIEWER)
    at = apptest.open_page()
    apptest.no_error(at)
    lines = [c for c in _sidebar_captions(at) if c.startswith("Latest status report: ")]
    assert len(lines) == 1 and "Store:" not in lines[0]
    apptest.act_as(monkeypatch, ADMIN)
    at = apptest.open_page()
    assert any("· Store: " in c for c in _sidebar_captions(at))


def test_the_portfolio_lists_red_first_and_a_name_click_opens_the_project(app_env):
    at = apptest.open_page("pages/portfolio.py")
    apptest.no_error(at)
    table = at.dataframe[0].value
    assert table.columns[0] == "Project"
    assert list(table.columns[:7]) == [
        "Project", "Overall", "Computed", "Phase", "Project manager", "Budget (BAC)", "EAC",
    ]  # fmt: skip
    overall = pd.Series(apptest.rag_words(table["Overall"]))
    counted = ~table["Phase"].isin(Settings().apart_phases)  # closed, on hold: last
    reds = int((overall.eq("Red") & counted).sum())
    assert reds and overall.head(reds).eq("Red").all()  # the red ones first
    # a click on the name cell of the third row opens that project
    at.session_state["portfolio_table"] = {
        "selection": {"rows": [], "columns": [], "cells": [[2, "Project"]]}
    }
    at.run()
    assert at.query_params["project"] == table["ID"].iloc[2]


def test_the_overview_panels_show_their_top_rows_whole(app_env):
    at = apptest.open_page()
    apptest.no_error(at)
    switches = [w for w in at.toggle if w.label.startswith("Show all (")]
    assert switches  # the sample asks more decisions than a panel's top rows
    before = [len(frame.value) for frame in at.dataframe]
    assert max(before) <= overview.TOP_ROWS
    total = int(switches[0].label.removeprefix("Show all (").rstrip(")"))
    switches[0].set_value(True).run()
    after = [len(frame.value) for frame in at.dataframe]
    assert total > overview.TOP_ROWS and total in after
    assert len(after) == len(before)  # the same table, all its rows
    apptest.assert_every_chart_and_table_downloads(at)
