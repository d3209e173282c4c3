"""Service-layer functions with hand-computed expectations."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from data_access import engine as store_engine
from data_access import sample_data, store
from data_access.queries import Filters
from steerco import pagedata
from steerco.config import Settings

AS_OF = date(2026, 3, 15)


def test_cumulative_financials_joins_actuals_and_forecast():
    monthly = pd.DataFrame(
        {
            "period": pd.to_datetime(["2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01"]),
            "budget": [100.0, 100.0, 100.0, 100.0],
            "actual": [90.0, 120.0, 40.0, None],
            "forecast": [None, None, 70.0, 110.0],
            "committed": [0.0, 0.0, 0.0, 0.0],
        }
    )
    out = pagedata.cumulative_financials(monthly, AS_OF)
    # planned: 100, 200, 300, 400
    assert out["cum_budget"].tolist() == [100, 200, 300, 400]
    # actual to date: 90, 210, 250; none after the as-of month
    assert out["cum_actual"].tolist()[:3] == [90, 210, 250]
    assert pd.isna(out["cum_actual"].iloc[3])
    # forecast to finish starts at the as-of month: 210 + 40 + 70 = 320, then + 110 = 430
    assert pd.isna(out["cum_forecast"].iloc[0])
    assert out["cum_forecast"].tolist()[2:] == [320, 430]


def test_cumulative_financials_at_a_past_as_of_date_ignore_later_actuals():
    """The store holds actuals booked after the as-of date (time moved on since): the
    forecast line as of that date must not count them, nor forecasts of months before it."""
    monthly = pd.DataFrame(
        {
            "period": pd.to_datetime(["2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01"]),
            "budget": [100.0, 100.0, 100.0, 100.0],
            "actual": [90.0, 120.0, 40.0, 300.0],  # April booked later than the as-of date
            "forecast": [80.0, None, 70.0, 110.0],  # January's old forecast is superseded
            "committed": [0.0, 0.0, 0.0, 0.0],
        }
    )
    out = pagedata.cumulative_financials(monthly, AS_OF)
    assert pd.isna(out["cum_actual"].iloc[3])
    # 90 + 120 + (40 + 70) = 320 at the as-of month, + April's forecast 110 = 430; the 300
    # booked in April and January's 80 are not in it
    assert out["cum_forecast"].tolist()[2:] == [320, 430]


def test_red_figures_names_only_the_red_dimensions():
    row = pd.Series(
        {
            "budget_rag_computed": "R",
            "budget_variance_pct": 23.4,
            "schedule_rag_computed": "A",
            "schedule_slip_days": 20,
            "spi": 0.9,
            "risk_rag_computed": "R",
            "open_high_risks": 3,
            "max_open_risk_score": 20.0,
        }
    )
    assert pagedata.red_figures(row) == "budget +23 %, 3 open high risks (max score 20)"


def _store_with(projects: list[dict], reports: list[dict], financials: list[dict]):
    """A tiny store: the sample's other datasets emptied, these rows loaded."""
    frames = {name: frame.iloc[0:0] for name, frame in sample_data.generate(as_of=AS_OF).items()}
    frames["projects"] = pd.DataFrame(projects).reindex(columns=frames["projects"].columns)
    frames["status_reports"] = pd.DataFrame(reports).reindex(
        columns=frames["status_reports"].columns
    )
    frames["financials"] = pd.DataFrame(financials).reindex(columns=frames["financials"].columns)
    engine = store_engine.create_engine("sqlite://")
    store.load_frames(engine, frames, source="unit test")
    return engine


def _project(pid: str, phase: str) -> dict:
    return {
        "project_id": pid,
        "name": pid,
        "phase": phase,
        "approved_budget": 1000.0,
        "percent_complete": 50.0,
        "baseline_end_date": pd.Timestamp("2026-12-31"),
        "forecast_end_date": pd.Timestamp("2026-12-31"),
    }


def _money(pid: str, actual: float, forecast: float) -> list[dict]:
    common = {"project_id": pid, "category": "Software", "expense_type": "OPEX"}
    return [
        {**common, "period": pd.Timestamp("2026-02-01"), "budget": 500.0, "actual": actual},
        {**common, "period": pd.Timestamp("2026-06-01"), "budget": 500.0, "forecast": forecast},
    ]


@pytest.fixture
def tiny():
    # Each project: BAC 1000, EAC = actual + forecast. 1300 → +30 % → computed budget Red.
    projects = [
        _project("ACTIVE", "Execution"),
        _project("CLOSED", "Closed"),
        _project("PAUSED", "On hold"),
        _project("OLD", "Execution"),
        _project("HONEST", "Execution"),
    ]
    reports = [
        {"project_id": pid, "report_date": pd.Timestamp(day), "overall_rag": rag}
        for pid, day, rag in (
            ("ACTIVE", "2026-03-10", "G"),
            ("CLOSED", "2026-03-10", "G"),
            ("PAUSED", "2026-03-10", "A"),
            ("OLD", "2026-02-08", "G"),  # 35 days before AS_OF: not stale yet
            ("HONEST", "2026-02-07", "R"),  # 36 days: stale
        )
    ]
    financials = [
        *_money("ACTIVE", 500, 800),
        *_money("CLOSED", 500, 800),
        *_money("PAUSED", 500, 800),
        *_money("OLD", 500, 500),
        *_money("HONEST", 500, 800),
    ]
    engine = _store_with(projects, reports, financials)
    with engine.connect() as conn:
        yield pagedata.portfolio_frame(conn, Filters(as_of=AS_OF), Settings()).set_index(
            "project_id"
        )


def test_watermelon_only_for_active_projects_reported_green_or_amber(tiny):
    assert tiny.loc["ACTIVE", "eac"] == 1300
    assert tiny.loc["ACTIVE", "overall_rag_computed"] == "R"
    assert tiny["watermelon"].to_dict() == {
        "ACTIVE": True,  # reported G, +30 % → flagged
        "CLOSED": False,  # same figures, but closed
        "PAUSED": False,  # same figures, but on hold
        "OLD": False,  # on budget
        "HONEST": False,  # reports Red itself
    }


def test_stale_at_the_configured_age_edge(tiny):
    assert tiny.loc["OLD", "report_age_days"] == 35
    assert not tiny.loc["OLD", "stale"]
    assert tiny.loc["HONEST", "stale"]
    assert not tiny.loc["CLOSED", "stale"]


def test_overview_kpis_on_the_tiny_store(tiny):
    # EVM per project: EV = 50 % × 1000 = 500; PV (Feb) = 500 → SPI 1.0; AC 500 → CPI 1.0
    assert tiny.loc["ACTIVE", "spi"] == pytest.approx(1.0)
    assert tiny.loc["ACTIVE", "cpi"] == pytest.approx(1.0)
    assert tiny.loc["ACTIVE", "vac"] == pytest.approx(-300)
