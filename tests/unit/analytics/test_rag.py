"""Computed RAG rules: every threshold at its edge and one unit past it."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest

from steerco.analytics.rag import (
    RAG_LEVELS,
    RAG_RANK,
    budget_rag,
    computed_rag,
    is_stale,
    risk_rag,
    schedule_rag,
    watermelon,
    worst_rag,
)
from steerco.config import RagThresholds

T = RagThresholds()  # 5 / 10 %, 14 / 45 days, SPI 0.95 / 0.85, risk 15, 1 / 3, critical 20


def test_constants() -> None:
    assert RAG_LEVELS == ("G", "A", "R")
    assert RAG_RANK == {"G": 0, "A": 1, "R": 2}


# --- worst_rag ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (("G", "A", "R"), "R"),
        (("G", "A"), "A"),
        (("A", "G"), "A"),
        (("G",), "G"),
        ((None, "A", float("nan")), "A"),
        ((None, np.nan, pd.NA), None),
        ((), None),
        (("R", None), "R"),
    ],
)
def test_worst_rag(values: tuple[str | None, ...], expected: str | None) -> None:
    assert worst_rag(*values) == expected


def test_worst_rag_unknown_code_raises() -> None:
    with pytest.raises(ValueError, match="X"):
        worst_rag("G", "X")


# --- budget_rag --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("eac", "expected"),
    [
        (90_000, "G"),  # -10 % (under budget)
        (100_000, "G"),  # 0 %
        (105_000, "G"),  # (105 000 - 100 000) / 100 000 x 100 = 5 % → at amber edge: G
        (105_001, "A"),  # 5.001 % > 5 → A
        (110_000, "A"),  # 10 % → at red edge: A
        (110_001, "R"),  # 10.001 % > 10 → R
    ],
)
def test_budget_rag_edges(eac: float, expected: str) -> None:
    assert budget_rag(100_000, eac, T) == expected


def test_budget_rag_edge_with_inexact_float() -> None:
    # 3.15 / 3 - 1 = 5 % on paper; float noise must not push it into Amber.
    assert budget_rag(3.0, 3.15, T) == "G"


@pytest.mark.parametrize(
    ("bac", "eac"), [(None, 1.0), (np.nan, 1.0), (0, 1.0), (-5, 1.0), (1.0, None), (1.0, np.nan)]
)
def test_budget_rag_missing(bac: float | None, eac: float | None) -> None:
    assert budget_rag(bac, eac, T) is None


def test_budget_rag_uses_thresholds() -> None:
    t = RagThresholds(budget_amber_pct=1.0, budget_red_pct=2.0)
    # 1.5 % → above 1, not above 2 → A ; 2.5 % → R
    assert budget_rag(100.0, 101.5, t) == "A"
    assert budget_rag(100.0, 102.5, t) == "R"


# --- schedule_rag ------------------------------------------------------------------------

BASE = date(2026, 6, 30)


@pytest.mark.parametrize(
    ("forecast", "expected"),
    [
        (date(2026, 6, 1), "G"),  # 29 days early
        (date(2026, 7, 14), "G"),  # slip 14 days = amber edge → G
        (date(2026, 7, 15), "A"),  # slip 15 days → A
        (date(2026, 8, 14), "A"),  # slip 31 (to 31 July) + 14 = 45 days → at red edge: A
        (date(2026, 8, 15), "R"),  # slip 46 days → R
    ],
)
def test_schedule_rag_slip_edges(forecast: date, expected: str) -> None:
    assert schedule_rag(BASE, forecast, np.nan, T) == expected


def test_schedule_rag_slip_with_timestamps_and_time_of_day() -> None:
    # Times of day are ignored: 2026-07-15 23:00 - 2026-06-30 = 15 days → A
    assert schedule_rag(pd.Timestamp(BASE), pd.Timestamp("2026-07-15 23:00"), None, T) == "A"
    assert schedule_rag(pd.Timestamp(BASE), pd.Timestamp("2026-07-14 23:59"), None, T) == "G"


@pytest.mark.parametrize(
    ("spi", "expected"),
    [
        (1.10, "G"),
        (0.95, "G"),  # at amber edge → G
        (0.94, "A"),  # one hundredth below → A
        (0.85, "A"),  # at red edge → A
        (0.84, "R"),  # below red → R
        (40_000 / 50_000, "R"),  # 0.8 from the EVM reference case
    ],
)
def test_schedule_rag_spi_edges(spi: float, expected: str) -> None:
    assert schedule_rag(pd.NaT, pd.NaT, spi, T) == expected


def test_schedule_rag_worst_of_slip_and_spi() -> None:
    # slip 15 days → A ; SPI 0.84 → R ; worst = R
    assert schedule_rag(BASE, date(2026, 7, 15), 0.84, T) == "R"
    # slip 46 days → R ; SPI 1.0 → G ; worst = R
    assert schedule_rag(BASE, date(2026, 8, 15), 1.0, T) == "R"
    # slip 0 → G ; SPI 0.90 → A
    assert schedule_rag(BASE, BASE, 0.90, T) == "A"


def test_schedule_rag_none_when_nothing_known() -> None:
    assert schedule_rag(pd.NaT, BASE, np.nan, T) is None
    assert schedule_rag(None, None, None, T) is None


# --- risk_rag ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "max_score", "expected"),
    [
        (0, None, "G"),
        (0, 12, "G"),
        (0, 19, "G"),  # one below critical 20
        (0, 20, "R"),  # at critical score → R
        (1, 16, "A"),  # count at amber edge 1 → A
        (2, 16, "A"),  # one below red count 3 → A
        (3, 16, "R"),  # count at red edge → R
        (np.nan, np.nan, "G"),  # no risk data after a left join
    ],
)
def test_risk_rag(count: int, max_score: float | None, expected: str) -> None:
    assert risk_rag(count, max_score, T) == expected


def test_risk_rag_uses_thresholds() -> None:
    t = RagThresholds(risk_amber_count=2, risk_red_count=4, critical_risk_score=25)
    assert risk_rag(1, 24, t) == "G"
    assert risk_rag(2, 24, t) == "A"
    assert risk_rag(4, 10, t) == "R"
    assert risk_rag(0, 25, t) == "R"


# --- computed_rag ------------------------------------------------------------------------


def test_computed_rag_frame() -> None:
    frame = pd.DataFrame(
        {
            "project_id": ["P3", "P1", "P2"],
            "bac": [100_000.0, 100_000.0, None],
            # P3: (115 000 - 100 000)/100 000 = 15 % → R ; P1: 5 % → G ; P2: no BAC → None
            "eac": [115_000.0, 105_000.0, 50_000.0],
            # P3: 0.8 → R ; P1: 0.95 → G ; P2: missing
            "spi": [0.8, 0.95, np.nan],
            "baseline_end_date": pd.to_datetime(["2026-06-30", "2026-06-30", None]),
            # P3: slip 0 → G ; P1: slip 15 → A ; P2: no baseline → None
            "forecast_end_date": pd.to_datetime(["2026-06-30", "2026-07-15", "2026-07-15"]),
            # P3: 0 high, max 10 → G ; P1: 1 high → A ; P2: 3 high → R
            "open_high_risks": [0, 1, 3],
            "max_open_risk_score": [10.0, 16.0, 16.0],
        },
        index=[10, 11, 12],
    )
    out = computed_rag(frame, T)
    assert list(out.columns) == [
        "project_id",
        "budget_rag_computed",
        "schedule_rag_computed",
        "risk_rag_computed",
        "overall_rag_computed",
        "budget_variance_pct",
        "schedule_slip_days",
    ]
    assert list(out.index) == [10, 11, 12]
    assert list(out["project_id"]) == ["P3", "P1", "P2"]
    assert list(out["budget_rag_computed"].fillna("-")) == ["R", "G", "-"]
    assert list(out["schedule_rag_computed"].fillna("-")) == ["R", "A", "-"]
    assert list(out["risk_rag_computed"]) == ["G", "A", "R"]
    assert list(out["overall_rag_computed"]) == ["R", "A", "R"]
    assert out["budget_variance_pct"].iloc[0] == pytest.approx(15.0)
    assert out["budget_variance_pct"].iloc[1] == pytest.approx(5.0)
    assert math.isnan(out["budget_variance_pct"].iloc[2])
    assert out["schedule_slip_days"].iloc[0] == 0
    assert out["schedule_slip_days"].iloc[1] == 15
    assert pd.isna(out["schedule_slip_days"].iloc[2])


def test_computed_rag_empty() -> None:
    frame = pd.DataFrame(
        columns=[
            "project_id",
            "bac",
            "eac",
            "spi",
            "baseline_end_date",
            "forecast_end_date",
            "open_high_risks",
            "max_open_risk_score",
        ]
    )
    out = computed_rag(frame, T)
    assert len(out) == 0
    assert list(out.columns) == [
        "project_id",
        "budget_rag_computed",
        "schedule_rag_computed",
        "risk_rag_computed",
        "overall_rag_computed",
        "budget_variance_pct",
        "schedule_slip_days",
    ]


def test_computed_rag_missing_column_raises() -> None:
    with pytest.raises(ValueError, match="open_high_risks"):
        computed_rag(pd.DataFrame({"project_id": ["P1"]}), T)


# --- watermelon --------------------------------------------------------------------------


def test_watermelon_truth_table() -> None:
    reported = ["G", "G", "G", "A", "A", "A", "R", "R", "R", None, "G"]
    computed = ["G", "A", "R", "G", "A", "R", "G", "A", "R", "R", None]
    expected = [False, False, True, False, False, True, False, False, False, False, False]
    result = watermelon(pd.Series(reported), pd.Series(computed))
    assert result.dtype == bool
    assert list(result) == expected


def test_watermelon_matches_by_position_and_keeps_reported_index() -> None:
    reported = pd.Series(["G", "R"], index=["P1", "P2"])
    computed = pd.Series(["R", "R"], index=[0, 1])
    result = watermelon(reported, computed)
    assert list(result.index) == ["P1", "P2"]
    assert list(result) == [True, False]


# --- is_stale ----------------------------------------------------------------------------


def test_is_stale_edges() -> None:
    as_of = date(2026, 3, 31)
    reports = pd.Series(
        [
            date(2026, 2, 24),  # 4 (to 28 Feb) + 31 (March) = 35 days → at limit: not stale
            date(2026, 2, 23),  # 36 days old → stale
            None,  # no report → stale
            date(2026, 3, 31),  # 0 days → not stale
        ],
        index=["P1", "P2", "P3", "P4"],
    )
    result = is_stale(reports, as_of, 35)
    assert result.dtype == bool
    assert list(result.index) == ["P1", "P2", "P3", "P4"]
    assert list(result) == [False, True, True, False]


def test_is_stale_with_timestamps() -> None:
    reports = pd.Series(pd.to_datetime(["2026-02-24 17:30", "2026-02-23 08:00", None]))
    assert list(is_stale(reports, date(2026, 3, 31), 35)) == [False, True, True]
