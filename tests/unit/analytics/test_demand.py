"""Demand rules with hand-computed figures: priority score, ranking and ties, waiting ages."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from steerco.analytics import demand

AS_OF = date(2026, 11, 16)


def _requests(rows: list[dict]) -> pd.DataFrame:
    base = {
        "title": "x",
        "status": "Assessing",
        "value_score": 3.0,
        "urgency": 3.0,
        "risk_reduction": 3.0,
        "effort_days": 20.0,
        "cost_estimate": 10_000.0,
        "project_id": None,
        "submitted_date": pd.Timestamp("2026-10-01"),
    }
    frame = pd.DataFrame([base | {"request_id": f"R-{i + 1}"} | row for i, row in enumerate(rows)])
    frame["submitted_date"] = pd.to_datetime(frame["submitted_date"])
    return frame


def test_priority_score_is_value_points_per_person_month():
    frame = _requests(
        [
            {"value_score": 4.0, "urgency": 3.0, "risk_reduction": 5.0, "effort_days": 40.0},
            {"value_score": 5.0, "urgency": 5.0, "risk_reduction": 5.0, "effort_days": 300.0},
        ]
    )
    # (4 + 3 + 5) ÷ (40 / 20) = 6; (5 + 5 + 5) ÷ 15 = 1
    assert demand.priority_score(frame).tolist() == [6.0, 1.0]
    assert demand.value_points(frame).tolist() == [12.0, 15.0]


def test_tiny_efforts_count_as_the_minimum_person_months():
    frame = _requests([{"effort_days": 5.0}, {"effort_days": 10.0}, {"effort_days": 11.0}])
    # 5 d and 10 d count as 0.5 person-month: 9 ÷ 0.5 = 18; 11 d = 0.55 pm: 9 ÷ 0.55
    got = demand.priority_score(frame)
    assert got.iloc[0] == 18.0 and got.iloc[1] == 18.0
    assert got.iloc[2] == pytest.approx(9 / 0.55)


def test_zero_or_missing_effort_and_missing_scores_give_no_score_and_no_error():
    frame = _requests(
        [
            {"effort_days": 0.0},
            {"effort_days": None},
            {"urgency": None},
            {"value_score": None, "effort_days": 0.0},
            {},
        ]
    )
    score = demand.priority_score(frame)
    assert score.iloc[:4].isna().all() and score.iloc[4] == 9.0
    assert demand.unscored_reason(frame).tolist() == [
        demand.NO_EFFORT, demand.NO_EFFORT, demand.NO_SCORES, demand.NO_SCORES, "",
    ]  # fmt: skip


def test_ranking_ties_share_a_rank_and_list_the_older_request_first():
    frame = demand.scored(
        _requests(
            [
                # 9 ÷ 1.5 = 6, submitted later than R-2 (same score)
                {"effort_days": 30.0, "submitted_date": "2026-06-10"},
                {"effort_days": 30.0, "submitted_date": "2026-01-05"},
                {"effort_days": 20.0},  # 9 ÷ 1 = 9
                {"effort_days": 0.0, "submitted_date": "2025-01-01"},  # unscored
                {"effort_days": 60.0},  # 9 ÷ 3 = 3
                {"effort_days": None, "submitted_date": "2024-01-01"},  # unscored, older
            ]
        ),
        AS_OF,
    )
    ranked = demand.rank(frame)
    assert ranked["request_id"].tolist() == ["R-3", "R-2", "R-1", "R-5", "R-6", "R-4"]
    assert ranked["rank"].tolist()[:4] == [1, 2, 2, 4]
    assert ranked["rank"].iloc[4:].isna().all()


def test_equal_scores_and_dates_fall_back_to_the_request_id():
    frame = demand.scored(_requests([{}, {}, {}]), AS_OF)
    ranked = demand.rank(frame.iloc[::-1])
    assert ranked["request_id"].tolist() == ["R-1", "R-2", "R-3"]
    assert ranked["rank"].tolist() == [1, 1, 1]


def test_backlog_holds_open_requests_without_a_project():
    frame = demand.scored(
        _requests(
            [
                {"status": "New"},
                {"status": "Assessing"},
                {"status": "Approved"},
                {"status": "Approved", "project_id": "P-1"},  # started
                {"status": "Converted", "project_id": "P-2"},
                {"status": "Rejected"},
            ]
        ),
        AS_OF,
    )
    assert demand.backlog(frame)["request_id"].tolist() == ["R-1", "R-2", "R-3"]


def test_approved_not_started_lists_the_longest_waiting_first_with_the_flag():
    frame = demand.scored(
        _requests(
            [
                {"status": "Approved", "submitted_date": "2026-08-18"},  # 90 days: not flagged
                {"status": "Approved", "submitted_date": "2026-08-17"},  # 91 days: flagged
                {"status": "Approved", "submitted_date": "2026-08-17", "project_id": "P-1"},
                {"status": "Assessing", "submitted_date": "2025-01-01"},
                {"status": "Approved", "submitted_date": None},
            ]
        ),
        AS_OF,
    )
    waiting = demand.approved_not_started(frame)
    assert waiting["request_id"].tolist() == ["R-2", "R-1", "R-5"]
    assert waiting["age_days"].tolist()[:2] == [91.0, 90.0]
    assert waiting["waiting_long"].tolist() == [True, False, False]


def test_age_is_whole_days_to_the_as_of_date():
    ages = demand.age_days(pd.to_datetime(["2026-11-16", "2026-11-01", None]), AS_OF)
    assert ages.iloc[:2].tolist() == [0.0, 15.0] and pd.isna(ages.iloc[2])


def test_pipeline_keeps_the_flow_order_and_shows_empty_statuses():
    counts = pd.DataFrame(
        {
            "status": ["Rejected", "Approved", "New"],
            "requests": [2, 3, 1],
            "cost_estimate": [20.0, 30.0, 10.0],
            "effort_days": [2.0, 3.0, 1.0],
        }
    )
    out = demand.pipeline(counts)
    assert out["status"].tolist() == ["New", "Assessing", "Approved", "Converted", "Rejected"]
    assert out["requests"].tolist() == [1, 0, 3, 0, 2]
    assert out["cost_estimate"].tolist() == [10.0, 0.0, 30.0, 0.0, 20.0]


def test_same_point_names_the_requests_hidden_under_a_bubble():
    frame = demand.scored(
        _requests(
            [
                {"effort_days": 5.0, "value_score": 2.0},  # 5 d, 8 points
                {"effort_days": 5.0, "urgency": 2.0},  # same spot
                {"effort_days": 5.0},  # 5 d, 9 points: elsewhere
                {"effort_days": None, "value_score": 2.0},  # not on the chart
            ]
        ),
        AS_OF,
    )
    assert demand.same_point(frame, "R-1")["request_id"].tolist() == ["R-2"]
    assert demand.same_point(frame, "R-3").empty
    assert demand.same_point(frame, "R-4").empty
    assert demand.same_point(frame, "nope").empty
