"""Demand queries on SQLite and PostgreSQL against an independent pandas computation.

The stores are seeded with the sample anchored at TEST_AS_OF, so the as-of date of these
tests is that anchor (``as_of`` fixture), not today.
"""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import pytest

from data_access import demand_queries
from data_access.filters import Filters
from steerco.config import Settings
from steerco.views import demand as views
from tests.support import recompute


def test_pipeline_counts_and_costs_per_status_in_sql(engine, sample_frames, as_of):
    demand = recompute.submitted_by(sample_frames["demand"], as_of)
    grouped = demand.groupby("status")
    with engine.connect() as conn:
        got = demand_queries.pipeline(conn, Filters(as_of=as_of)).set_index("status")
    assert got["requests"].to_dict() == grouped.size().to_dict()
    expected_cost = grouped["cost_estimate"].sum()
    assert got["cost_estimate"].reindex(expected_cost.index).to_numpy() == pytest.approx(
        expected_cost.to_numpy()
    )
    assert got["effort_days"].sum() == pytest.approx(demand["effort_days"].sum())


def test_requests_are_those_submitted_by_the_as_of_date(engine, sample_frames, as_of):
    when = as_of - timedelta(days=120)
    expected = recompute.submitted_by(sample_frames["demand"], when)
    with engine.connect() as conn:
        got = demand_queries.requests(conn, Filters(as_of=when))
        pipeline = demand_queries.pipeline(conn, Filters(as_of=when))
    assert 0 < len(got) < len(sample_frames["demand"])
    assert sorted(got["request_id"]) == sorted(expected["request_id"])
    assert pipeline["requests"].sum() == len(expected)


def test_department_filter_narrows_in_sql(engine, sample_frames, as_of):
    demand = recompute.submitted_by(sample_frames["demand"], as_of)
    with engine.connect() as conn:
        departments = demand_queries.departments(conn)
        got = demand_queries.requests(conn, Filters(as_of=as_of), ("Finance", "HR"))
        pipeline = demand_queries.pipeline(conn, Filters(as_of=as_of), ("Finance",))
        hostile = demand_queries.requests(conn, Filters(as_of=as_of), ("x') OR 1=1 --",))
    assert departments == sorted(sample_frames["demand"]["department"].dropna().unique())
    expected = demand[demand["department"].isin(["Finance", "HR"])]
    assert sorted(got["request_id"]) == sorted(expected["request_id"])
    assert pipeline["requests"].sum() == int((demand["department"] == "Finance").sum())
    assert hostile.empty


def test_project_filter_keeps_converted_requests_of_matching_projects(engine, sample_frames, as_of):
    demand = recompute.submitted_by(sample_frames["demand"], as_of)
    projects = sample_frames["projects"]
    linked = projects[projects["project_id"].isin(demand["project_id"].dropna())]
    programme = linked["programme"].iloc[0]
    ids = set(projects.loc[projects["programme"] == programme, "project_id"])
    expected = demand[demand["project_id"].isin(ids)]
    filters = Filters(as_of=as_of, programme=(programme,))
    with engine.connect() as conn:
        got = demand_queries.requests(conn, filters)
        hidden = demand_queries.without_project_hidden(conn, filters)
        hidden_unfiltered = demand_queries.without_project_hidden(conn, Filters(as_of=as_of))
    assert len(expected) > 0
    assert sorted(got["request_id"]) == sorted(expected["request_id"])
    assert got["project_name"].notna().all()
    assert hidden == int(demand["project_id"].isna().sum()) > 0
    assert hidden_unfiltered == 0


def test_demand_page_ranks_the_backlog_like_pandas(engine, sample_frames, as_of):
    demand = recompute.submitted_by(sample_frames["demand"], as_of)
    open_ = demand[demand["status"].isin(["New", "Assessing", "Approved"])]
    open_ = open_[open_["project_id"].isna()]
    points = open_[["value_score", "urgency", "risk_reduction"]].astype(float).sum(axis=1)
    months = (open_["effort_days"] / 20).clip(lower=0.5)
    score = points / months
    with engine.connect() as conn:
        view = views.build(conn, Filters(as_of=as_of), Settings())
    assert sorted(view.backlog["request_id"]) == sorted(open_["request_id"])
    got = view.backlog.set_index("request_id")["priority_score"]
    assert got.reindex(open_["request_id"]).to_numpy() == pytest.approx(score.to_numpy())
    assert view.backlog["priority_score"].is_monotonic_decreasing
    assert view.backlog["rank"].iloc[0] == 1
    approved = open_[open_["status"] == "Approved"]
    assert sorted(view.approved_waiting["request_id"]) == sorted(approved["request_id"])
    ages = (pd.Timestamp(as_of) - approved["submitted_date"]).dt.days
    assert view.approved_waiting["age_days"].max() == ages.max()
