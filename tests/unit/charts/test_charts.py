"""Figure builders: the right marks, words beside colours, clickable codes."""

from __future__ import annotations

from datetime import date

import pandas as pd

from steerco.charts import portfolio, project, theme


def test_rag_distribution_bars_carry_counts_words_and_codes():
    bar = portfolio.rag_distribution({"R": 3, "A": 5, "G": 12, "none": 0}).data[0]
    assert list(bar.y) == ["Red", "Amber", "Green"]  # no empty "No report" bar
    assert list(bar.x) == [3, 5, 12]
    assert list(bar.customdata) == ["R", "A", "G"]  # a click filters by code
    assert list(bar.marker.color) == [theme.RAG_COLORS[c] for c in "RAG"]
    with_missing = portfolio.rag_distribution({"R": 1, "A": 0, "G": 2, "none": 4}).data[0]
    assert list(with_missing.y) == ["Red", "Amber", "Green", "No report"]
    assert list(with_missing.x) == [1, 0, 2, 4]


def test_budget_vs_eac_splits_overruns_into_their_own_series():
    frame = pd.DataFrame(
        {
            "programme": ["ERP", "ERP", "Cloud"],
            "approved_budget": [100.0, 50.0, 200.0],
            "eac": [120.0, 50.0, 180.0],
        }
    )
    fig = portfolio.budget_vs_eac(frame)
    budget, within, over = fig.data
    # sorted by budget ascending: ERP (150) then Cloud (200)
    assert list(budget.y) == ["ERP", "Cloud"] and list(budget.x) == [150, 200]
    over_x, within_x = list(over.x), list(within.x)
    assert over_x[0] == 170 and pd.isna(over_x[1])  # ERP 170 > 150
    assert pd.isna(within_x[0]) and within_x[1] == 180  # Cloud 180 ≤ 200
    assert over.marker.color == theme.RAG_COLORS["R"]


def test_rag_history_shows_letters_in_cells_and_keeps_the_last_reports():
    dates = pd.date_range("2025-01-25", periods=15, freq="MS")
    reports = pd.DataFrame(
        {
            "report_date": dates,
            "overall_rag": ["G"] * 14 + ["R"],
            "schedule_rag": ["A"] * 15,
            "budget_rag": ["G"] * 15,
            "scope_rag": [None] * 15,
            "resources_rag": ["G"] * 15,
            "risk_rag": ["G"] * 15,
        }
    )
    heat = project.rag_history(reports).data[0]
    assert len(heat.x) == project.HISTORY_REPORTS
    assert heat.text[0][-1] == "R" and heat.z[0][-1] == 2
    assert heat.text[3] == [""] * project.HISTORY_REPORTS  # missing scope: no letter


def test_milestone_slip_marks_gates_and_colours_by_slip():
    ms = pd.DataFrame(
        {
            "milestone_id": ["M1", "M2"],
            "name": ["Design approved", "Go-live"],
            "baseline_date": pd.to_datetime(["2026-01-10", "2026-06-01"]),
            "forecast_date": pd.to_datetime(["2026-01-10", "2026-08-01"]),
            "actual_date": pd.to_datetime(["2026-01-12", None]),
            "is_gate": [True, False],
        }
    )
    fig = project.milestone_slip(ms, date(2026, 3, 1))
    landed = fig.data[-1]
    # sorted by baseline descending: Go-live (+61 d, red), Design approved ◆ (+2 d, amber)
    assert list(landed.y) == ["Go-live", "Design approved ◆"]
    assert list(landed.text) == ["+61 d", "+2 d"]
    assert list(landed.marker.color) == [theme.RAG_COLORS["R"], theme.RAG_COLORS["A"]]
