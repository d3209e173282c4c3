"""Finance queries on SQLite and on a real PostgreSQL server, against an independent pandas
computation on the same generated frames (anchored at TEST_AS_OF, see tests/conftest.py).
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from data_access import finance_queries
from data_access.filters import Filters
from steerco.config import Settings
from steerco.views import finance as finance_view
from steerco.views import portfolio as portfolio_view
from tests.support import recompute

TOL = {"rel": 1e-9, "abs": 0.01}


def _lines(frames, as_of) -> pd.DataFrame:
    """Every financial line with the as-of convention applied and its programme."""
    fin = frames["financials"].merge(
        frames["projects"][["project_id", "programme"]], on="project_id"
    )
    past = fin["period"] <= pd.Timestamp(as_of)
    remaining = fin["period"] >= pd.Timestamp(as_of.replace(day=1))
    return fin.assign(
        actual=fin["actual"].where(past),
        forecast=fin["forecast"].where(remaining),
        programme=fin["programme"].fillna(""),
    )


def _sums(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    grouped = frame.groupby(keys)
    out = grouped[["budget", "actual", "forecast", "committed"]].sum(min_count=0).fillna(0.0)
    out["lines"] = grouped.size()
    return out


def _compare(got: pd.DataFrame, expected: pd.DataFrame, keys: list[str]) -> None:
    got = got.set_index(keys).sort_index()
    expected = expected.sort_index()
    assert list(got.index) == list(expected.index)
    for col in ("budget", "actual", "forecast", "committed"):
        assert got[col].to_numpy() == pytest.approx(expected[col].to_numpy(), **TOL), col
    assert list(got["lines"]) == list(expected["lines"])


def test_monthly_spend_is_grouped_in_sql(engine, sample_frames, as_of):
    with engine.connect() as conn:
        got = finance_queries.monthly_spend(conn, Filters(as_of=as_of))
    keys = ["period", "category", "expense_type"]
    _compare(got, _sums(_lines(sample_frames, as_of), keys), keys)
    assert len(got) < len(sample_frames["financials"]) / 4  # reduced, not the lines


def test_programme_spend_with_a_filter(engine, sample_frames, as_of):
    projects = sample_frames["projects"]
    chosen = tuple(sorted(projects["programme"].dropna().unique())[:2])
    filters = Filters(programme=chosen, as_of=as_of)
    with engine.connect() as conn:
        got = finance_queries.programme_spend(conn, filters)
    lines = _lines(sample_frames, as_of)
    keys = ["programme", "category", "expense_type"]
    _compare(got, _sums(lines[lines["programme"].isin(chosen)], keys), keys)
    assert set(got["programme"]) == set(chosen)


def test_financial_lines_behind_a_quarter_and_a_programme(engine, sample_frames, as_of):
    lines = _lines(sample_frames, as_of)
    programme = sorted(lines["programme"].unique())[0]
    start, end = pd.Timestamp("2026-01-01"), pd.Timestamp("2026-03-01")
    expected = lines[
        (lines["programme"] == programme) & lines["period"].between(start, end)
    ].sort_values(["period", "project_id", "category", "expense_type"])
    with engine.connect() as conn:
        got = finance_queries.financial_lines(
            conn, Filters(as_of=as_of), start=start.date(), end=end.date(), programme=programme
        )
    assert len(got) == len(expected) > 0
    assert list(got["project_id"]) == list(expected["project_id"])
    assert got["budget"].to_numpy() == pytest.approx(expected["budget"].to_numpy(), **TOL)
    assert got["total_lines"].iloc[0] == len(expected)
    assert got["total_budget"].iloc[0] == pytest.approx(expected["budget"].sum(), **TOL)
    assert got["total_actual"].iloc[0] == pytest.approx(expected["actual"].sum(), **TOL)


def test_financial_lines_stop_at_the_limit_but_count_them_all(engine, sample_frames, as_of):
    lines = _lines(sample_frames, as_of)
    with engine.connect() as conn:
        got = finance_queries.financial_lines(
            conn, Filters(as_of=as_of), category="Hardware", limit=25
        )
    hardware = lines[lines["category"] == "Hardware"]
    assert len(got) == 25
    assert got["total_lines"].iloc[0] == len(hardware)
    assert got["total_forecast"].iloc[0] == pytest.approx(hardware["forecast"].sum(), **TOL)
    after_as_of = got[got["period"] > pd.Timestamp(as_of)]
    assert after_as_of["actual"].isna().all()  # actuals only up to the as-of date


def test_page_totals_equal_the_portfolio_page(engine, as_of):
    settings = Settings()
    filters = Filters(as_of=as_of)
    with engine.connect() as conn:
        view = finance_view.build(conn, filters, settings)
        portfolio = portfolio_view.frame(conn, filters, settings)
    tot = view.totals
    # the tiles count the active projects (closed and on hold apart), PV and AC to the day
    counted = portfolio[portfolio["active"]]
    assert tot["projects"] == len(counted) < len(portfolio)
    for key in ("bac", "pv", "ac", "eac", "vac"):
        assert tot[key] == pytest.approx(counted[key].fillna(0).sum(), **TOL), key
    assert list(view.portfolio["eac"]) == pytest.approx(list(portfolio["eac"]))
    # every chart covers all the filtered projects, in whole months, and adds up to the same
    # actuals booked, remaining forecast and EAC
    eac, bac = portfolio["eac"].sum(), portfolio["bac"].sum()
    for grain, periods in view.periods.items():
        assert periods["actual"].sum() == pytest.approx(portfolio["ac_booked"].sum(), **TOL)
        assert periods["forecast"].sum() == pytest.approx(
            portfolio["remaining_forecast"].sum(), **TOL
        ), grain
    assert view.s_curve["cum_forecast"].iloc[-1] == pytest.approx(eac, **TOL)
    assert view.by_programme["outturn"].sum() == pytest.approx(eac, **TOL)
    for mode, steps in view.waterfalls.items():
        assert steps["amount"].iloc[0] == pytest.approx(bac, **TOL), mode
        assert steps["amount"].iloc[-1] == pytest.approx(eac, **TOL), mode
        relative = steps.loc[steps["measure"] == "relative", "amount"].sum()
        assert steps["amount"].iloc[0] + relative == pytest.approx(steps["amount"].iloc[-1])
    assert view.plan["budget"].sum() == pytest.approx(view.periods["month"]["budget"].sum())


def test_fiscal_year_start_comes_from_the_settings_when_configured(engine, as_of):
    april = dataclasses.replace(Settings(), fiscal_year_start_month=4)
    with engine.connect() as conn:
        view = finance_view.build(conn, Filters(as_of=as_of), april)
    assert view.fiscal_year_start_month == 4
    assert all(label.startswith("FY") and "/" in label for label in view.plan["label"])
    assert view.periods["year"]["start"].dt.month.eq(4).all()


def test_filters_narrow_the_page_and_nothing_matching_is_empty(engine, sample_frames, as_of):
    projects = sample_frames["projects"]
    programme = sorted(projects["programme"].dropna().unique())[0]
    with engine.connect() as conn:
        view = finance_view.build(conn, Filters(programme=(programme,), as_of=as_of), Settings())
        none = finance_view.build(
            conn, Filters(programme=("No such programme",), as_of=as_of), Settings()
        )
    assert set(view.portfolio["programme"]) == {programme}
    assert list(view.by_programme["programme"]) == [programme]
    mine = recompute.counted(projects[projects["programme"] == programme])
    expected_bac = mine["approved_budget"].sum()
    assert view.totals["bac"] == pytest.approx(expected_bac)
    assert none.is_empty and not none.has_financials
