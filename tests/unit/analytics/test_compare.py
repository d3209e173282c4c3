"""What changed between two meetings, on small hand-made frames (window: after START, up to
and including END)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from steerco.analytics import compare

START = date(2026, 9, 22)  # the first meeting
END = date(2026, 10, 20)  # the second meeting


def _days(*values):
    return pd.to_datetime(list(values))


def test_the_window_leaves_out_the_first_day_and_keeps_the_last():
    days = pd.Series(_days("2026-09-22", "2026-09-23", "2026-10-20", "2026-10-21", None))
    assert compare.in_window(days, START, END).tolist() == [False, True, True, False, False]


def test_rag_moves_per_dimension_worse_first_and_one_row_for_a_first_report():
    reports = pd.DataFrame(
        {
            "project_id": ["P1", "P1", "P2", "P2", "P3", "P4", "P4"],
            "report_date": _days(
                "2026-09-15", "2026-10-13",  # P1: overall G → R, budget A → A
                "2026-09-22", "2026-10-20",  # P2: on both days (both count): budget R → G
                "2026-10-01",  # P3: first report in the window
                "2026-09-01", "2026-10-25",  # P4: moves after END: not seen
            ),
            "overall_rag": ["G", "R", "A", "A", "G", "G", "R"],
            "budget_rag": ["A", "A", "R", "G", "A", "G", "R"],
        }
    )  # fmt: skip
    moves = compare.rag_moves(reports, START, END, dimensions=("overall", "budget"))
    shown = moves.assign(was=moves["was"].fillna("–"))
    assert shown[["project_id", "dimension", "was", "now", "change"]].values.tolist() == [
        ["P1", "overall", "G", "R", "worse"],
        ["P2", "budget", "R", "G", "better"],
        ["P3", "overall", "–", "G", "new"],  # P3's budget rating is its first too: one row
    ]
    p1 = moves.iloc[0]
    assert (p1["was_date"], p1["now_date"]) == (
        pd.Timestamp("2026-09-15"),
        pd.Timestamp("2026-10-13"),
    )


def _milestones(forecasts: list[str], actuals: list[str | None]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "milestone_id": ["M1", "M2", "M3", "M4"],
            "project_id": ["P1", "P1", "P2", "P2"],
            "name": ["Design", "Build", "Go-live", "Closure"],
            "baseline_date": _days("2026-10-01", "2026-11-01", "2026-10-10", "2026-12-01"),
            "forecast_date": _days(*forecasts),
            "actual_date": _days(*actuals),
        }
    )


def test_milestones_slipped_are_those_open_on_start_forecast_later_on_end():
    before = _milestones(
        ["2026-10-05", "2026-11-01", "2026-10-12", "2026-12-01"], [None, None, None, None]
    )
    after = _milestones(
        ["2026-10-05", "2026-11-15", "2026-10-30", "2026-11-20"],  # M2 +14, M3 +18, M4 earlier
        ["2026-10-05", None, None, None],
    )
    slipped = compare.milestones_slipped(before, after)
    assert slipped["milestone_id"].tolist() == ["M3", "M2"]  # largest slip first
    assert slipped["slip_days"].tolist() == [18, 14]
    assert slipped["forecast_was"].tolist() == list(_days("2026-10-12", "2026-11-01"))


def test_a_milestone_reached_before_start_does_not_slip_and_a_new_one_is_not_listed():
    before = _milestones(
        ["2026-09-01", "2026-11-01", "2026-10-12", "2026-12-01"],
        ["2026-09-01", None, None, None],
    ).iloc[:3]  # M4 not known on START
    after = _milestones(
        ["2026-09-30", "2026-11-01", "2026-10-12", "2027-01-01"],
        ["2026-09-01", None, None, None],
    )
    assert compare.milestones_slipped(before, after).empty


def test_milestones_achieved_in_the_window_with_days_late_against_the_baseline():
    before = _milestones(
        ["2026-10-05", "2026-11-01", "2026-10-12", "2026-12-01"], [None, None, None, None]
    )
    after = _milestones(
        ["2026-10-05", "2026-10-20", "2026-10-08", "2026-12-01"],
        ["2026-10-05", "2026-10-20", "2026-09-22", None],  # M3 on START: not in the window
    )
    achieved = compare.milestones_achieved(before, after, START, END)
    assert achieved["milestone_id"].tolist() == ["M1", "M2"]
    assert achieved["days_late"].tolist() == [4, -12]  # 5 Oct vs 1 Oct; 20 Oct vs 1 Nov
    assert achieved["forecast_was"].tolist() == list(_days("2026-10-05", "2026-11-01"))


def _money(budgets, eacs) -> pd.DataFrame:
    return pd.DataFrame(
        {"project_id": ["P1", "P2", "P3", "P4"], "approved_budget": budgets, "eac": eacs}
    )


def test_budget_and_eac_changes_over_both_thresholds():
    before = _money([1_000_000.0, 10_000_000.0, 200_000.0, 0.0], [1_000_000.0] * 3 + [0.0])
    after = _money(
        [1_000_000.0, 10_000_000.0, 200_000.0, 0.0],
        # P1 +60k = 6 %: listed; P2 +60k on 10M (0.6 %): too small a share;
        # P3 (EAC 1M → 1.04M): 40k, under 50k; P4: from 0, 80k: the amount decides
        [1_060_000.0, 1_060_000.0, 1_040_000.0, 80_000.0],
    )
    before.loc[1, "eac"] = 10_000_000.0
    after.loc[1, "eac"] = 10_060_000.0
    changes = compare.money_changes(before, after)
    assert changes["project_id"].tolist() == ["P4", "P1"]  # largest EAC change first
    p1 = changes.set_index("project_id").loc["P1"]
    assert (p1["eac_was"], p1["eac_now"], p1["eac_change"]) == (1_000_000.0, 1_060_000.0, 60_000.0)
    assert round(p1["eac_change_pct"], 6) == 6.0
    assert p1["moved"] == "eac"


def test_a_budget_cut_is_listed_and_both_moves_are_named():
    before = _money([2_000_000.0] * 4, [2_000_000.0] * 4)
    after = _money(
        [1_800_000.0, 2_000_000.0, 2_000_000.0, 2_000_000.0],
        [2_200_000.0, 2_000_000.0, 2_000_000.0, 2_000_000.0],
    )
    changes = compare.money_changes(before, after)
    assert changes["project_id"].tolist() == ["P1"]
    row = changes.iloc[0]
    assert row["moved"] == "budget, eac"
    assert row["budget_change"] == -200_000.0
    assert row["budget_change_pct"] == -10.0


def _raid(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(
        rows, columns=["raid_id", "type", "status", "probability", "impact", "score"]
    ).assign(project_id="P1", title="t")


def test_risks_raised_closed_and_rescored_between_the_two_registers():
    before = _raid(
        [
            ("R1", "Risk", "Open", 3, 4, 12),  # closed in the window
            ("R2", "Risk", "Open", 2, 2, 4),  # re-scored up
            ("R3", "Risk", "In progress", 4, 2, 8),  # P and I swapped: re-scored, same score
            ("R4", "Risk", "Closed", 5, 5, 25),  # closed before: nothing
            ("R5", "Risk", "Open", 3, 3, 9),  # unchanged
            ("I1", "Issue", "Open", 3, 3, 9),  # not a risk: closed, not listed
        ]
    )
    after = _raid(
        [
            ("R1", "Risk", "Closed", 3, 4, 12),
            ("R2", "Risk", "Open", 4, 4, 16),
            ("R3", "Risk", "Open", 2, 4, 8),
            ("R4", "Risk", "Closed", 5, 5, 25),
            ("R5", "Risk", "Open", 3, 3, 9),
            ("I1", "Issue", "Closed", 3, 3, 9),
            ("R6", "Risk", "Open", 4, 5, 20),  # raised in the window
            ("R7", "Risk", "Closed", 1, 2, 2),  # raised and closed in the window
        ]
    )
    raised = compare.risks_raised(before, after)
    assert raised["raid_id"].tolist() == ["R6", "R7"]  # highest score first
    closed = compare.risks_closed(before, after)
    assert closed["raid_id"].tolist() == ["R1", "R7"]
    assert closed["status_was"].fillna("(not raised)").tolist() == ["Open", "(not raised)"]
    rescored = compare.risks_rescored(before, after)
    assert rescored["raid_id"].tolist() == ["R2", "R3"]
    assert rescored[["score_was", "score", "score_change"]].values.tolist() == [
        [4, 16, 12],
        [8, 8, 0],
    ]


def test_decisions_of_the_meetings_in_the_window():
    decisions = pd.DataFrame(
        {
            "decision_id": ["D1", "D2", "D3", "D4"],
            "meeting_date": [date(2026, 9, 22), date(2026, 10, 20), date(2026, 10, 1), None],
        }
    )
    taken = compare.decisions_taken(decisions, START, END)
    assert taken["decision_id"].tolist() == ["D3", "D2"]


def _actions() -> pd.DataFrame:
    rows = [
        # id, due, raised, closed_date, status
        ("A1", "2026-10-01", "2026-09-22", "2026-09-30", "Done"),  # closed in time
        ("A2", "2026-10-01", "2026-08-25", "2026-10-15", "Dropped"),  # closed late
        ("A3", "2026-10-06", "2026-09-22", None, "Open"),  # gone overdue: 14 days on END
        ("A4", "2026-09-15", "2026-08-25", None, "Open"),  # overdue already on START
        ("A5", "2026-10-20", "2026-09-22", None, "Open"),  # due on END: not overdue yet
        ("A6", "2026-09-22", "2026-08-25", "2026-09-22", "Done"),  # closed on START
        ("A7", "2026-10-10", "2026-09-22", "2026-10-25", "Done"),  # closed after END: overdue
    ]
    frame = pd.DataFrame(
        rows, columns=["action_id", "due_date", "raised_meeting", "closed_date", "status"]
    )
    for column in ("due_date", "raised_meeting", "closed_date"):
        frame[column] = pd.to_datetime(frame[column]).dt.date
    return frame


def test_actions_closed_in_the_window_say_whether_late():
    closed = compare.actions_closed(_actions(), START, END)
    assert closed["action_id"].tolist() == ["A1", "A2"]
    assert closed["late"].tolist() == [False, True]


def test_actions_gone_overdue_in_the_window():
    overdue = compare.actions_gone_overdue(_actions(), START, END)
    assert overdue["action_id"].tolist() == ["A3", "A7"]
    assert overdue["days_overdue"].tolist() == [14, 10]


def test_projects_started_and_closed():
    before = pd.DataFrame(
        {
            "project_id": ["P1", "P2", "P3"],
            "phase": ["Closing", "Closed", "Execution"],
            "start_date": _days("2025-01-01", "2024-01-01", "2026-09-22"),
        }
    )
    after = pd.DataFrame(
        {
            "project_id": ["P1", "P2", "P3", "P4", "P5"],
            "phase": ["Closed", "Closed", "Execution", "Initiation", "Closed"],
            "start_date": _days(
                "2025-01-01", "2024-01-01", "2026-09-22", "2026-10-20", "2026-10-02"
            ),
        }
    )
    started = compare.projects_started(after, START, END)
    assert started["project_id"].tolist() == ["P5", "P4"]  # P3 started on START: before
    closed = compare.projects_closed(before, after)
    assert closed["project_id"].tolist() == ["P1", "P5"]
    assert closed["phase_was"].fillna("(new)").tolist() == ["Closing", "(new)"]


def test_nothing_known_gives_empty_lists():
    empty_ms = _milestones(["2026-10-01"] * 4, [None] * 4).iloc[0:0]
    assert compare.milestones_slipped(empty_ms, empty_ms).empty
    assert compare.milestones_achieved(empty_ms, empty_ms, START, END).empty
    empty_raid = _raid([])
    assert compare.risks_raised(empty_raid, empty_raid).empty
    assert compare.risks_closed(empty_raid, empty_raid).empty
    assert compare.risks_rescored(empty_raid, empty_raid).empty
    assert compare.actions_gone_overdue(_actions().iloc[0:0], START, END).empty
    reports = pd.DataFrame({"project_id": [], "report_date": pd.to_datetime([]), "overall_rag": []})
    assert compare.rag_moves(reports, START, END, dimensions=("overall",)).empty
