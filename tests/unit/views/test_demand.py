"""The Demand page model (``steerco.views.demand.build``) on the seeded SQLite sample, against
a plain-pandas recomputation on the raw sample tables."""

from __future__ import annotations

import pandas as pd
import pytest

from steerco import fmt
from steerco.views import demand as views
from tests.support import recompute

OPEN = ("New", "Assessing", "Approved")


def _backlog(demand: pd.DataFrame) -> pd.DataFrame:
    return demand[demand["status"].isin(OPEN) & demand["project_id"].isna()]


@pytest.fixture
def view(conn, filters, settings) -> views.DemandView:
    return views.build(conn, filters, settings)


def test_kpis_are_the_figures_of_the_backlog(view, sample_frames, filters):
    demand = recompute.submitted_by(sample_frames["demand"], filters.as_of)
    backlog = _backlog(demand)
    waiting = backlog[backlog["status"] == "Approved"]
    oldest = (pd.Timestamp(filters.as_of) - waiting["submitted_date"]).dt.days.max()
    scores = ["value_score", "urgency", "risk_reduction"]
    scored = backlog[scores].notna().all(axis=1) & (backlog["effort_days"].fillna(0) > 0)

    kpis = {k.label: k for k in view.kpis}
    assert list(kpis) == [
        "Backlog",
        "Approved, not started",
        "Backlog cost estimate",
        "Backlog, person-months",
        "Backlog scored",
    ]
    assert kpis["Backlog"].value == str(len(backlog))
    assert kpis["Approved, not started"].value == str(len(waiting))
    assert kpis["Approved, not started"].delta == f"oldest {oldest} days"
    assert kpis["Backlog cost estimate"].value == fmt.money(backlog["cost_estimate"].sum())
    assert kpis["Backlog, person-months"].value == fmt.number(backlog["effort_days"].sum() / 20)
    assert kpis["Backlog scored"].value == f"{scored.sum()} of {len(backlog)}"


def test_pipeline_counts_every_request_per_status(view, sample_frames, filters):
    demand = recompute.submitted_by(sample_frames["demand"], filters.as_of)
    got = view.pipeline.set_index("status")["requests"]
    expected = demand["status"].value_counts()
    assert got[got > 0].sort_index().to_dict() == expected.sort_index().to_dict()
    assert len(view.requests) == len(demand)


def test_a_department_narrows_every_figure(conn, filters, settings, sample_frames):
    demand = recompute.submitted_by(sample_frames["demand"], filters.as_of)
    assert views.department_options(conn) == sorted(demand["department"].dropna().unique())
    view = views.build(conn, filters, settings, departments=("Finance",))
    finance = demand[demand["department"] == "Finance"]
    assert sorted(view.requests["request_id"]) == sorted(finance["request_id"])
    assert view.kpis[0].value == str(len(_backlog(finance)))


def test_display_tables_rank_the_backlog_and_list_the_waiting(view):
    backlog = views.backlog_table(view.backlog)
    assert list(backlog.columns) == list(views.BACKLOG_COLUMNS)
    assert backlog["Rank"].iloc[0] == 1
    assert backlog["Priority score"].dropna().is_monotonic_decreasing
    assert backlog["Request"].tolist() == view.backlog["request_id"].tolist()
    waiting = views.waiting_table(view.approved_waiting)
    assert waiting["Waiting (days)"].is_monotonic_decreasing
    flagged = waiting["Waiting (days)"] > 90
    assert (waiting.loc[flagged, "Flag"] == "⚠ waiting over 90 days").all()
    assert (waiting.loc[~flagged, "Flag"] == "").all()


def test_a_clicked_request_is_worked_out_in_words(view):
    row = view.request(view.backlog["request_id"].iloc[0])
    points = row["value_score"] + row["urgency"] + row["risk_reduction"]
    months = max(row["effort_days"] / 20, 0.5)
    assert views.score_working(row).endswith(f"= {points / months:.2f}")
    facts = dict(views.detail_facts(row))
    assert facts["Backlog rank"] == "1" and facts["Status"] == row["status"]
    assert view.request("REQ-NONE") is None
