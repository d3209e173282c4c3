"""The Finance view on the seeded sample: the KPI tiles, the tables and the financial lines
behind a chart mark, against plain pandas on the raw sample tables."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from data_access.filters import Filters
from steerco import fmt
from steerco.views import display
from steerco.views import finance as views
from tests.support import recompute

TOL = {"rel": 1e-9, "abs": 0.01}


@pytest.fixture
def raw(sample_frames, as_of):
    """The financial lines with what counts on the as-of date: actuals up to it, forecast
    from its month on."""
    lines = sample_frames["financials"]
    past = lines["period"] <= pd.Timestamp(as_of)
    remaining = lines["period"] >= pd.Timestamp(as_of.replace(day=1))
    return lines.assign(
        actual_to_date=lines["actual"].where(past).fillna(0.0),
        remaining_forecast=lines["forecast"].where(remaining).fillna(0.0),
    )


def test_kpis_are_the_portfolio_totals(conn, filters, settings, sample_frames, as_of):
    view = views.build(conn, filters, settings)
    projects = recompute.counted(sample_frames["projects"])
    money = recompute.money_to_date(sample_frames["financials"], as_of)
    money = money.loc[money.index.isin(projects["project_id"])].sum()
    ac = money["ac"]
    eac = money["ac_booked"] + money["remaining_forecast"]
    tiles = {k.label: k for k in view.kpis}
    assert list(tiles) == ["Budget (BAC)", "Actual to date (AC)", "EAC", "BAC / CPI", "CPI", "SPI"]
    assert tiles["Budget (BAC)"].value == fmt.money(projects["approved_budget"].sum())
    assert tiles["Actual to date (AC)"].value == fmt.money(ac)
    assert tiles["EAC"].value == fmt.money(eac)
    vac = projects["approved_budget"].sum() - eac
    assert tiles["EAC"].delta == f"VAC {fmt.money(vac)}"
    assert tiles["EAC"].delta_color == ("normal" if vac >= 0 else "inverse")
    assert tiles["CPI"].value == fmt.ratio(view.totals["cpi"])
    day = fmt.day(filters.as_of)
    assert view.summary.startswith(f"{len(projects)} active projects · as of {day} ·")
    apart = len(sample_frames["projects"]) - len(projects)
    assert (
        apart > 1 and f"{apart} projects closed / on hold are not in these totals" in view.summary
    )
    assert "PV and AC count 16/30 of November (pro rata to the as-of day)" in view.summary


def test_tables_show_every_project_and_the_plan_adds_up(conn, filters, settings, sample_frames):
    view = views.build(conn, filters, settings)
    evm = views.evm_table(view.portfolio)
    assert list(evm.columns) == list(display.kinds(views.EVM_COLUMNS))
    assert sorted(evm["ID"]) == sorted(sample_frames["projects"]["project_id"])
    plan = views.plan_table(view.plan)
    total_budget = sample_frames["financials"]["budget"].sum()
    assert plan["Budget"].sum() == pytest.approx(total_budget, **TOL)
    assert plan["Budget CAPEX"].sum() + plan["Budget OPEX"].sum() == pytest.approx(
        total_budget, **TOL
    )


def test_lines_behind_a_category_and_a_month(conn, filters, settings, raw):
    found = views.lines(conn, filters, settings, category="Hardware")
    hardware = raw[raw["category"] == "Hardware"]
    assert found.count == len(hardware) and found.truncated == (len(hardware) > 500)
    assert found.budget == pytest.approx(hardware["budget"].sum(), **TOL)
    assert found.actual == pytest.approx(hardware["actual_to_date"].sum(), **TOL)
    assert found.summary.startswith(f"Budget {fmt.money(found.budget)} · actual ")

    month = date(2026, 6, 1)
    found = views.lines(conn, filters, settings, start=month, end=month)
    june = raw[raw["period"] == pd.Timestamp(month)]
    assert found.count == len(june) == len(found.lines)
    table = views.lines_table(found.lines)
    assert table["Budget"].sum() == pytest.approx(june["budget"].sum(), **TOL)
    assert set(table["Month"]) == {pd.Timestamp(month)}


def test_lines_of_a_programme(conn, filters, settings, sample_frames, raw):
    projects = sample_frames["projects"]
    programme = sorted(projects["programme"].dropna().unique())[0]
    ids = projects.loc[projects["programme"] == programme, "project_id"]
    found = views.lines(conn, filters, settings, programme=programme)
    assert found.count == raw["project_id"].isin(ids).sum()
    assert set(views.lines_table(found.lines)["Programme"]) == {programme}


def test_nothing_matching_is_empty_without_tiles(conn, settings):
    view = views.build(conn, Filters(programme=("No such programme",)), settings)
    assert view.is_empty and not view.has_financials and view.kpis == []
