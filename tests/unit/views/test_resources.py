"""The Resources view on the seeded sample: the KPI tiles, the team filter, the display tables
and the allocations behind a heat-map cell, against plain pandas on the raw sample tables."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from data_access.filters import Filters
from steerco import fmt
from steerco.views import display
from steerco.views import resources as views

BACK, AHEAD = 6, 6  # the window: months before and after the as-of month
TOL = {"rel": 1e-9, "abs": 1e-6}


@pytest.fixture
def cells(sample_frames, as_of) -> pd.DataFrame:
    """Per resource and month of the window: capacity, day rate, team and planned days."""
    month = pd.Timestamp(as_of.replace(day=1))
    start, end = month - pd.DateOffset(months=BACK), month + pd.DateOffset(months=AHEAD + 1)
    cap = sample_frames["capacity"]
    cap = cap[(cap["month"] >= start) & (cap["month"] < end)]
    alloc = sample_frames["allocations"]
    alloc = alloc[(alloc["month"] >= start) & (alloc["month"] < end)]
    planned = alloc.groupby(["resource", "month"], as_index=False)["planned_days"].sum()
    out = cap.merge(planned, on=["resource", "month"], how="outer")
    return out.fillna({"capacity_days": 0.0, "planned_days": 0.0})


def _over(cells: pd.DataFrame) -> set[str]:
    return set(cells.loc[cells["planned_days"] > cells["capacity_days"] + 1e-6, "resource"])


def test_kpi_tiles(conn, filters, settings, cells, as_of):
    view = views.build(conn, filters, settings)
    assert [k.label for k in view.kpis] == [
        "Utilisation in Nov 2026",
        "Over-allocated people",
        "External share of cost",
        "Planned cost in the window",
    ]
    utilisation, over, external, cost = view.kpis
    now = cells[cells["month"] == pd.Timestamp(as_of.replace(day=1))]
    load = 100 * now["planned_days"].sum() / now["capacity_days"].sum()
    assert utilisation.value == fmt.pct(load)
    assert over.value == fmt.number(len(_over(cells))) and len(_over(cells)) > 0
    assert over.delta == f"of {cells['resource'].nunique()} in the window"
    planned_cost = cells["planned_days"] * cells["day_rate"]
    assert cost.value == fmt.money(planned_cost.sum(), settings.currency)
    share = 100 * planned_cost[cells["sourcing"] == "External"].sum() / planned_cost.sum()
    assert external.value == fmt.pct(share)
    assert view.totals.cost == pytest.approx(planned_cost.sum(), **TOL)


def test_teams_narrow_capacity_and_demand(conn, filters, settings, cells):
    view = views.build(conn, filters, settings, teams=("Data",))
    data = cells[cells["team"] == "Data"]
    assert set(view.ranking["team"]) == {"Data"}
    assert view.months["capacity_days"].sum() == pytest.approx(data["capacity_days"].sum(), **TOL)
    assert view.months["planned_days"].sum() == pytest.approx(data["planned_days"].sum(), **TOL)
    assert "capacity = every person of Data." in view.caption


def test_tables_show_words_and_every_person(conn, filters, settings, cells):
    view = views.build(conn, filters, settings)
    people = views.all_resources_table(view.ranking)
    assert list(people.columns) == list(display.kinds(views.ALL_RESOURCES_COLUMNS))
    assert sorted(people["Resource"]) == sorted(cells["resource"].unique())
    teams = views.team_table(view)
    assert set(teams["Load"]) <= {"▲ Over-allocated", "Allocated", "▽ Under-used"}
    assert teams["Load"].str.startswith("▲").sum() == (view.team_months["band"] == "over").sum()
    summary = views.sourcing_summary_table(view)
    assert summary["Sourcing"].tolist()[:2] == ["Internal", "External"]
    top = views.top_table(view.top)
    assert set(top["Resource"]) <= _over(cells)


def test_a_heat_map_cell_lists_its_allocations(conn, filters, settings, sample_frames):
    view = views.build(conn, filters, settings)
    resource, month = view.shown[0], view.ranking.iloc[0]["worst_month"]
    detail = views.cell_detail(view, resource, month)
    alloc = sample_frames["allocations"]
    expected = alloc[(alloc["resource"] == resource) & (alloc["month"] == month)]
    table = views.allocations_table(detail)
    assert sorted(table["ID"]) == sorted(expected["project_id"])
    assert table["Planned (days)"].sum() == pytest.approx(expected["planned_days"].sum(), **TOL)
    assert table["Planned (days)"].is_monotonic_decreasing
    assert views.cell_detail(view, resource, "not a month") is None


def test_no_capacity_in_the_window_is_empty(conn, settings):
    view = views.build(conn, Filters(as_of=date(2015, 1, 1)), settings)
    assert view.is_empty and view.empty_message == "No capacity or allocation in this window."
    narrowed = views.build(conn, Filters(as_of=date(2015, 1, 1)), settings, teams=("PMO",))
    assert "for the chosen teams" in narrowed.empty_message
