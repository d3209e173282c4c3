"""The Project view: S-curve, red figures and header with hand-computed expectations, and
``build`` on the seeded sample against plain pandas on the raw tables."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from steerco import fmt
from steerco.i18n import rag_label
from steerco.views import display, portfolio, project
from tests.support import recompute

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
    out = project.cumulative_financials(monthly, AS_OF)
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
    out = project.cumulative_financials(monthly, AS_OF)
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
    assert project.red_figures(row) == "budget +23 %, 3 open high risks (max score 20)"
    one = row.copy()
    one["open_high_risks"] = 1
    assert project.red_figures(one) == "budget +23 %, 1 open high risk (max score 20)"


def test_project_header_skips_missing_fields():
    row = pd.Series(
        {
            "programme": "ERP",
            "portfolio": float("nan"),
            "sponsor": "Ana",
            "project_manager": None,
            "phase": "Execution",
            "methodology": "Agile",
            "priority": "High",
        }
    )
    assert project.project_header(row) == "ERP · Sponsor: Ana · Execution · Agile · Priority: High"


@pytest.fixture(scope="module")
def pid(sample_frames) -> str:
    """A project with reports, milestones and RAID items."""
    raid = sample_frames["raid"]
    return str(sorted(raid["project_id"].dropna())[0])


def test_build_shows_the_projects_own_records(conn, filters, settings, sample_frames, pid, as_of):
    day = pd.Timestamp(as_of)
    view = project.build(conn, filters, settings, project_id=pid)
    facts = sample_frames["projects"].set_index("project_id").loc[pid]
    assert view.title == f"{pid} · {facts['name']}"
    assert view.header.startswith(f"{facts['programme']} · ")
    reports = sample_frames["status_reports"].query("project_id == @pid and report_date <= @day")
    latest = reports.sort_values("report_date").iloc[-1]
    assert len(view.reports) == len(reports)
    assert view.latest_report["report_date"] == latest["report_date"]
    asked = latest["decisions_required"]
    assert view.decision == (asked if isinstance(asked, str) and asked.strip() else "")
    milestones = sample_frames["milestones"].query("project_id == @pid")
    assert sorted(view.milestones_table["Milestone"]) == sorted(milestones["name"])
    assert list(view.milestones_table.columns) == list(display.kinds(project.MILESTONE_COLUMNS))
    raid = sample_frames["raid"].query("project_id == @pid")
    raised = raid[raid["raised_date"].isna() | (raid["raised_date"] <= day)]
    assert sorted(view.raid_table["ID"]) == sorted(raised["raid_id"])
    money = sample_frames["financials"].query("project_id == @pid")
    assert view.financials["cum_budget"].iloc[-1] == pytest.approx(money["budget"].sum())


def test_build_kpis_show_rag_and_figures(conn, filters, settings, sample_frames, pid, as_of):
    view = project.build(conn, filters, settings, project_id=pid)
    day = pd.Timestamp(as_of)
    reports = sample_frames["status_reports"].query("project_id == @pid and report_date <= @day")
    latest = reports.sort_values("report_date").iloc[-1]
    dims = {k.label: k for k in view.dimensions}
    assert list(dims) == ["Overall", "Schedule", "Budget", "Scope", "Resources", "Risk"]
    for label, tile in dims.items():
        assert tile.value == rag_label(latest[f"{label.lower()}_rag"])
    assert dims["Scope"].delta is None and dims["Budget"].delta.startswith("Computed: ")
    figures = {k.label: k.value for k in view.kpis}
    budget = sample_frames["projects"].set_index("project_id").loc[pid, "approved_budget"]
    assert list(figures) == ["Budget (BAC)", "EAC", "CPI", "SPI", "Complete", "Forecast end"]
    assert figures["Budget (BAC)"] == fmt.money(budget, settings.currency)
    money = sample_frames["financials"].query("project_id == @pid")
    spent = money.loc[money["period"] <= day, "actual"].sum()
    ahead = money.loc[money["period"] >= day.replace(day=1), "forecast"].sum()
    assert figures["EAC"] == fmt.money(spent + ahead, settings.currency)
    to_date = recompute.money_to_date(money, as_of).loc[pid]
    helps = {k.label: k.help for k in view.kpis}
    assert f"actual cost {fmt.money(to_date['ac'], settings.currency)}." in helps["CPI"]
    assert f"planned value {fmt.money(to_date['pv'], settings.currency)}." in helps["SPI"]
    assert "PV and AC count 16/30 of November (pro rata to the as-of day)" in helps["SPI"]


def test_a_watermelon_says_so(conn, filters, settings):
    rows = portfolio.frame(conn, filters, settings)
    melon = rows.loc[rows["watermelon"], "project_id"].iloc[0]
    view = project.build(conn, filters, settings, project_id=melon)
    assert view.watermelon_alert.startswith("◐ Reported ")
    assert "but the figures say Red: " in view.watermelon_alert


def test_unknown_id_and_the_picker(conn, filters, settings, sample_frames):
    assert project.build(conn, filters, settings, project_id="PRJ-999") is None
    choices = project.choices(conn)
    projects = sample_frames["projects"].sort_values("project_id")
    assert choices == dict(zip(projects["project_id"], projects["name"], strict=True))


def test_a_project_whose_estimates_disagree_says_so(conn, filters, settings):
    rows = portfolio.frame(conn, filters, settings)
    flagged = rows.loc[rows["estimates_disagree"], "project_id"]
    calm = rows.loc[~rows["estimates_disagree"], "project_id"]
    assert len(flagged) and len(calm)
    view = project.build(conn, filters, settings, project_id=flagged.iloc[0])
    row = view.row
    assert view.estimates_alert.startswith("≠ The two estimates at completion disagree")
    assert fmt.money(row["eac_cpi"], settings.currency) in view.estimates_alert
    assert abs(row["eac_cpi"] - row["eac"]) > settings.estimate_gap_pct / 100 * row["eac"]
    assert project.build(conn, filters, settings, project_id=calm.iloc[0]).estimates_alert is None
