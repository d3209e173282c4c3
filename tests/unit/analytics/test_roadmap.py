"""Roadmap analytics on small hand-made frames: slip, slipped/achieved at the boundaries,
gates due, Gantt order and cap, milestone trend points from versions."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from steerco.analytics import roadmap as rm

AS_OF = date(2026, 6, 15)
D = pd.Timestamp


def _ms(rows: list[tuple]) -> pd.DataFrame:
    """(id, baseline, forecast, actual, gate) → a milestones frame."""
    frame = pd.DataFrame(
        rows, columns=["milestone_id", "baseline_date", "forecast_date", "actual_date", "is_gate"]
    )
    for col in ("baseline_date", "forecast_date", "actual_date"):
        frame[col] = pd.to_datetime(frame[col])
    frame["project_id"] = "P1"
    frame["name"] = frame["milestone_id"]
    return frame


def test_slip_days_is_forecast_minus_baseline_in_days():
    base = pd.Series(pd.to_datetime(["2026-01-01", "2026-03-01", "2026-03-01", None]))
    fcst = pd.Series(pd.to_datetime(["2026-01-31", "2026-02-27", "2026-03-01", "2026-03-01"]))
    slip = rm.slip_days(base, fcst)
    assert slip.iloc[:3].tolist() == [30, -2, 0]  # Jan has 31 days; 2026 is no leap year
    assert pd.isna(slip.iloc[3])  # no baseline: no slip


def test_slipped_needs_a_later_forecast_and_no_achievement_by_the_as_of_date():
    ms = _ms(
        [
            ("late", "2026-07-01", "2026-07-02", None, False),  # +1 d, open → slipped
            ("on-plan", "2026-07-01", "2026-07-01", None, False),  # forecast = baseline
            ("early", "2026-07-01", "2026-06-20", None, False),  # -11 d
            ("done-late", "2026-05-01", "2026-05-20", "2026-05-25", False),  # achieved
            ("done-today", "2026-05-01", "2026-06-30", "2026-06-15", False),  # on as-of day
            ("done-later", "2026-05-01", "2026-06-30", "2026-06-16", False),  # after as-of
            ("no-baseline", None, "2026-09-01", None, False),
        ]
    )
    slipped = rm.is_slipped(ms, AS_OF)
    assert dict(zip(ms["milestone_id"], slipped, strict=True)) == {
        "late": True,
        "on-plan": False,
        "early": False,
        "done-late": False,
        "done-today": False,
        "done-later": True,  # its actual date was not reached yet on 15 June
        "no-baseline": False,
    }
    achieved = rm.is_achieved(ms["actual_date"], AS_OF)
    assert achieved.tolist() == [False, False, False, True, True, False, False]


def test_slipped_list_is_sorted_by_slip_then_forecast():
    ms = _ms(
        [
            ("a", "2026-07-01", "2026-07-11", None, False),  # +10
            ("b", "2026-08-01", "2026-09-30", None, True),  # +60
            ("c", "2026-06-01", "2026-06-11", None, False),  # +10, sooner forecast than a
            ("d", "2026-07-01", "2026-07-01", None, False),  # not slipped
        ]
    )
    out = rm.slipped_milestones(ms, AS_OF)
    assert out["milestone_id"].tolist() == ["b", "c", "a"]
    assert out["slip_days"].tolist() == [60, 10, 10]


def test_gates_due_keep_open_gates_up_to_the_horizon_and_flag_overdue_ones():
    ms = _ms(
        [
            ("overdue", "2026-06-01", "2026-06-10", None, True),  # 5 days ago, not passed
            ("today", "2026-06-15", "2026-06-15", None, True),
            ("edge", "2026-08-14", "2026-08-14", None, True),  # as-of + 60 days exactly
            ("beyond", "2026-08-15", "2026-08-15", None, True),  # as-of + 61 days
            ("passed", "2026-06-01", "2026-06-01", "2026-06-02", True),
            ("not-gate", "2026-06-20", "2026-06-20", None, False),
        ]
    )
    due = rm.gates_due(ms, AS_OF, horizon_days=60)
    assert due["milestone_id"].tolist() == ["overdue", "today", "edge"]
    assert due["days_to_due"].tolist() == [-5, 0, 60]
    assert due["overdue"].tolist() == [True, False, False]
    assert due["slip_days"].tolist() == [9, 0, 0]


def _projects() -> pd.DataFrame:
    frame = pd.DataFrame(
        [
            # id, start, baseline end, forecast end
            ("P1", "2025-01-01", "2026-12-31", "2027-01-30"),  # +30, ends after as-of
            ("P2", "2025-06-01", "2026-03-31", "2026-05-30"),  # +60, finished 16 days ago
            ("P3", "2025-03-01", "2026-09-30", "2026-09-30"),  # 0, ends after as-of
            ("P4", "2025-02-01", "2026-10-31", "2026-11-30"),  # +30, sooner end than P1
            ("P5", "2025-02-01", None, "2026-07-31"),  # no baseline: slip unknown
            ("P6", None, "2026-07-31", "2026-07-31"),  # no start: cannot be drawn
            ("P7", "2024-01-01", "2026-01-31", "2026-02-28"),  # +28, finished long ago
        ],
        columns=["project_id", "start_date", "baseline_end_date", "forecast_end_date"],
    )
    for col in ("start_date", "baseline_end_date", "forecast_end_date"):
        frame[col] = pd.to_datetime(frame[col])
    frame["name"] = frame["project_id"]
    frame["overall_rag"] = "G"
    return frame


def test_gantt_by_slip_puts_the_largest_slip_first_and_unknown_slip_last():
    rows, hidden = rm.gantt_rows(_projects(), AS_OF, sort="slip", cap=10)
    # +60, +30 (P4 ends before P1), +30, +28, 0, unknown; P6 has no start date
    assert rows["project_id"].tolist() == ["P2", "P4", "P1", "P7", "P3", "P5"]
    assert hidden == 0
    assert rows["slip_days"].iloc[:5].tolist() == [60, 30, 30, 28, 0]


def test_gantt_next_to_finish_lists_upcoming_ends_then_finished_most_recent_first():
    rows, _ = rm.gantt_rows(_projects(), AS_OF, sort="end", cap=10)
    assert rows["project_id"].tolist() == ["P5", "P3", "P4", "P1", "P2", "P7"]


def test_gantt_cap_keeps_the_first_rows_and_counts_the_hidden_ones():
    rows, hidden = rm.gantt_rows(_projects(), AS_OF, sort="slip", cap=2)
    assert rows["project_id"].tolist() == ["P2", "P4"]
    assert hidden == 4  # six drawable projects, two shown; P6 is undated, not hidden
    schedule = rm.project_schedule(_projects())
    assert schedule.loc[schedule["project_id"] == "P6", "dated"].item() is False
    with pytest.raises(ValueError, match="unknown Gantt order"):
        rm.gantt_rows(_projects(), AS_OF, sort="name")


def _versions(rows: list[tuple]) -> pd.DataFrame:
    """(id, valid_from, forecast, actual, gate, baseline) → a versions frame."""
    frame = pd.DataFrame(
        rows,
        columns=[
            "milestone_id",
            "_valid_from",
            "forecast_date",
            "actual_date",
            "is_gate",
            "baseline_date",
        ],
    )
    for col in ("_valid_from", "forecast_date", "actual_date", "baseline_date"):
        frame[col] = pd.to_datetime(frame[col])
    frame["name"] = frame["milestone_id"].str.upper()
    return frame


def test_mta_points_trace_the_forecast_over_versions_and_carry_it_to_the_as_of_date():
    versions = _versions(
        [
            ("m1", "2026-02-01 10:00", "2026-09-01", None, True, "2026-08-01"),
            ("m1", "2026-04-01 09:30", "2026-10-15", None, True, "2026-08-01"),
            ("m1", "2026-06-20 08:00", "2026-11-30", None, True, "2026-08-01"),  # after as-of
        ]
    )
    points = rm.mta_points(versions, AS_OF, project_start=date(2026, 1, 5))
    assert points[["report_date", "forecast_date", "source"]].values.tolist() == [
        [D("2026-01-05"), D("2026-08-01"), rm.MTA_BASELINE],
        [D("2026-02-01 10:00"), D("2026-09-01"), rm.MTA_IMPORT],
        [D("2026-04-01 09:30"), D("2026-10-15"), rm.MTA_IMPORT],
        [D("2026-06-15"), D("2026-10-15"), rm.MTA_AS_OF],  # the June 20 import is unknown yet
    ]
    assert points["is_gate"].all() and set(points["name"]) == {"M1"}


def test_mta_an_import_on_the_as_of_day_counts_and_needs_no_carried_point():
    versions = _versions([("m1", "2026-06-15 17:45", "2026-09-01", None, False, "2026-08-01")])
    points = rm.mta_points(versions, AS_OF, project_start=None)  # no start: no baseline point
    assert points["source"].tolist() == [rm.MTA_IMPORT]
    assert points["report_date"].tolist() == [D("2026-06-15 17:45")]


def test_mta_an_achieved_milestone_ends_on_the_diagonal_at_its_actual_date():
    versions = _versions(
        [
            ("m2", "2026-02-01", "2026-03-10", None, False, "2026-03-01"),
            # the import that recorded the actual date came after it: no forecast point
            ("m2", "2026-04-01", "2026-03-20", "2026-03-20", False, "2026-03-01"),
        ]
    )
    points = rm.mta_points(versions, AS_OF, project_start=date(2026, 1, 1))
    assert points[["report_date", "forecast_date", "source"]].values.tolist() == [
        [D("2026-01-01"), D("2026-03-01"), rm.MTA_BASELINE],
        [D("2026-02-01"), D("2026-03-10"), rm.MTA_IMPORT],
        [D("2026-03-20"), D("2026-03-20"), rm.MTA_ACHIEVED],
    ]


def test_mta_with_one_stored_version_derives_the_trend_from_baseline_and_actual():
    """The sample store holds one version per milestone: baseline at start → forecast now."""
    versions = _versions(
        [
            ("open", "2026-06-01", "2026-12-01", None, False, "2026-10-01"),
            ("done", "2026-06-01", "2026-05-05", "2026-05-02", True, "2026-04-20"),
            ("later", "2026-06-01", "2027-05-01", None, False, "2027-04-01"),
        ]
    )
    points = rm.mta_points(versions, AS_OF, project_start=date(2025, 9, 1))
    by = {m: g[["report_date", "forecast_date", "source"]].values.tolist()
          for m, g in points.groupby("milestone_id")}  # fmt: skip
    assert by["open"] == [
        [D("2025-09-01"), D("2026-10-01"), rm.MTA_BASELINE],
        [D("2026-06-01"), D("2026-12-01"), rm.MTA_IMPORT],
        [D("2026-06-15"), D("2026-12-01"), rm.MTA_AS_OF],
    ]
    # achieved on 2 May, before the only import: baseline, then the actual on the diagonal
    assert by["done"] == [
        [D("2025-09-01"), D("2026-04-20"), rm.MTA_BASELINE],
        [D("2026-05-02"), D("2026-05-02"), rm.MTA_ACHIEVED],
    ]
    assert by["later"][0][2] == rm.MTA_BASELINE


def test_mta_baseline_point_is_left_out_when_the_project_starts_after_the_as_of_date():
    versions = _versions([("m", "2026-06-01", "2027-02-01", None, False, "2027-01-01")])
    points = rm.mta_points(versions, AS_OF, project_start=date(2026, 9, 1))
    assert points["source"].tolist() == [rm.MTA_IMPORT, rm.MTA_AS_OF]
    assert rm.mta_points(versions.iloc[0:0], AS_OF).empty
