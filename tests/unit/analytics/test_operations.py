"""Operations figures on small hand-computed frames: SLA at the target and one second over,
MTTR, backlog at period end, age bucket edges, change success, rates, weeks and Pareto."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

import pandas as pd
import pytest

from data_access.filters import BLANK, Period
from steerco.analytics import operations as ops

T0 = pd.Timestamp("2026-03-02 09:00:00")
H = pd.Timedelta(hours=1)
S = pd.Timedelta(seconds=1)


def _tickets(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["opened_at", "resolved_at", "resolution_hours", "made_sla"])


# --------------------------------------------------------------------------- SLA


def test_resolved_exactly_at_the_target_meets_it_and_one_second_over_misses_it():
    frame = _tickets(
        [
            (T0, T0 + 8 * H, 8.0, None),  # exactly at the 8 h target: met
            (T0, T0 + 8 * H + S, 8.0, None),  # one second over: missed
            (T0, T0 + 8 * H - S, 8.0, None),  # one second under: met
            (T0, T0 + 30 * pd.Timedelta(minutes=1), 0.5, None),  # 30 min on a 0.5 h target
        ]
    )
    assert ops.sla_met(frame).tolist() == [True, False, True, True]


def test_recorded_made_sla_wins_and_tickets_without_target_are_not_judged():
    frame = _tickets(
        [
            (T0, T0 + 1 * H, 8.0, False),  # fast, but the tool says breached
            (T0, T0 + 20 * H, 8.0, True),  # slow, but the tool says met (paused clock)
            (T0, T0 + 1 * H, None, None),  # no target, nothing recorded
            (T0, None, 8.0, None),  # not resolved
        ]
    )
    met = ops.sla_met(frame)
    assert met.iloc[:2].tolist() == [False, True]
    assert met.iloc[2:].isna().all()


def test_compliance_is_met_over_judged_in_percent():
    frame = _tickets(
        [
            (T0, T0 + 8 * H, 8.0, None),
            (T0, T0 + 8 * H + S, 8.0, None),
            (T0, T0 + 2 * H, 8.0, None),
            (T0, T0 + 9 * H, 8.0, None),
            (T0, T0 + 1 * H, None, None),  # not judged: out of both counts
        ]
    )
    met = ops.sla_met(frame)
    assert ops.compliance_pct(met.sum(), met.notna().sum()) == pytest.approx(50.0)  # 2 of 4
    assert math.isnan(ops.compliance_pct(0, 0))


def _cube(rows) -> pd.DataFrame:
    cols = ["service", "priority", "resolved", "judged", "met", "hours"]
    return pd.DataFrame(rows, columns=cols)


def test_sla_table_flags_pairs_below_their_target_and_keeps_targets_without_tickets():
    resolved = _cube(
        [
            ("Service Desk", "P1", 10, 10, 9, 20.0),  # 90 % against 90 %: on target
            ("Service Desk", "P2", 10, 10, 8, 50.0),  # 80 % against 90 %: below
            ("Service Desk", "P2", 10, 10, 10, 30.0),  # another day: the pair sums to 18/20
            ("Applications", "P3", 4, 0, 0, 8.0),  # no target: not judged
        ]
    )
    targets = pd.DataFrame(
        {
            "service": ["Service Desk", "Service Desk", "Service Desk"],
            "priority": ["P1", "P2", "P4"],
            "resolution_hours": [4.0, 8.0, 72.0],
            "target_pct": [90.0, 95.0, 90.0],
        }
    )
    medians = pd.DataFrame(
        {
            "service": ["Service Desk", None],
            "priority": ["P1", None],
            "median_hours": [1.5, 2.0],
        }
    )
    table = ops.sla_table(resolved, targets, medians).set_index(["service", "priority"])
    p1, p2 = table.loc[("Service Desk", "P1")], table.loc[("Service Desk", "P2")]
    assert p1["compliance_pct"] == pytest.approx(90.0) and not p1["below_target"]
    assert p2["compliance_pct"] == pytest.approx(90.0) and p2["below_target"]  # target 95
    assert p2["resolved"] == 20 and p2["missed"] == 2 and p2["mean_hours"] == pytest.approx(4.0)
    assert p1["median_hours"] == 1.5 and math.isnan(p2["median_hours"])
    p4 = table.loc[("Service Desk", "P4")]
    assert p4["resolved"] == 0 and math.isnan(p4["compliance_pct"]) and not p4["below_target"]
    assert math.isnan(table.loc[("Applications", "P3"), "target_pct"])
    assert list(table.index.get_level_values("priority")[:1]) == ["P3"]  # sorted by service


# --------------------------------------------------------------------------- MTTR


def test_mttr_median_and_mean_of_resolution_times():
    opened = pd.Series([T0] * 4)
    resolved = pd.Series([T0 + 1 * H, T0 + 2 * H, T0 + 3 * H, T0 + 10 * H])
    hours = ops.resolution_hours(opened, resolved)
    assert hours.tolist() == [1.0, 2.0, 3.0, 10.0]
    assert ops.mttr(hours) == (2.5, 4.0)  # even count: mean of the middle two
    assert ops.mttr(pd.Series([5.0, 1.0, 30.0])) == (5.0, 12.0)
    assert ops.mttr(pd.Series([None, 4.0])) == (4.0, 4.0)  # unresolved left out
    median, mean = ops.mttr(pd.Series([], dtype=float))
    assert math.isnan(median) and math.isnan(mean)


def test_on_hold_time_is_left_out_of_resolution_time_and_sla():
    frame = _tickets(
        [
            (T0, T0 + 10 * H, 8.0, None),  # 10 h, 3 h on hold: 7 h, within the 8 h target
            (T0, T0 + 10 * H, 8.0, None),  # no hold time recorded: 10 h, missed
            (T0, T0 + 10 * H, 8.0, None),  # 12 h on hold (a wrong export): 0 h, never below
            (T0, T0 + 10 * H, 8.0, True),  # the tool's made_sla still wins
        ]
    ).assign(on_hold_hours=[3.0, None, 12.0, 9.5])
    hours = ops.resolution_hours(frame["opened_at"], frame["resolved_at"], frame["on_hold_hours"])
    assert hours.tolist() == [7.0, 10.0, 0.0, 0.5]
    assert ops.sla_met(frame).tolist() == [True, False, True, True]
    assert ops.mttr(hours) == (3.75, 4.375)


def test_a_ticket_on_hold_across_the_period_end():
    """Opened Mon 9 Mar 10:00, on hold Tue 10 Mar 12:00 – Thu 12 Mar 12:00 (48 h), resolved
    Thu 12 Mar 14:00: open at the end of the period ending Tue 10 Mar; in the next week it is
    resolved after 76 h, 28 h without the hold, so it misses a 24 h target and meets 30 h."""
    opened, resolved = pd.Timestamp("2026-03-09 10:00"), pd.Timestamp("2026-03-12 14:00")
    ticket = pd.DataFrame(
        {"opened_at": [opened], "resolved_at": [resolved], "status": ["Resolved"]}
    ).assign(on_hold_hours=48.0)
    first = Period.ending(date(2026, 3, 10), 1)
    assert ops.is_open_at(ticket, first.end).tolist() == [True]
    following = Period.ending(date(2026, 3, 17), 1)
    assert first.end < resolved <= following.end
    assert ops.is_open_at(ticket, following.end).tolist() == [False]
    hours = ops.resolution_hours(
        ticket["opened_at"], ticket["resolved_at"], ticket["on_hold_hours"]
    )
    assert hours.tolist() == [28.0]
    met = [ops.sla_met(ticket.assign(resolution_hours=h)).iloc[0] for h in (24.0, 30.0)]
    assert met == [False, True]


def test_a_reopened_ticket_counts_from_opening_to_its_last_resolution():
    """Opened 2 Mar 09:00, resolved 3 Mar 09:00, reopened 4 Mar 09:00, resolved again 5 Mar
    21:00: the store holds the last resolution. It takes 84 h, is resolved in the week of
    5 Mar (not of 3 Mar) and is open at every end before 5 Mar 21:00. Reopened and not
    resolved again: no resolution, in the backlog."""
    tickets = pd.DataFrame(
        {
            "opened_at": [pd.Timestamp("2026-03-02 09:00")] * 2,
            "resolved_at": [pd.Timestamp("2026-03-05 21:00"), pd.NaT],
            "status": ["Resolved", "In progress"],
            "reopened_count": [1, 1],
            "escalated": [False, False],
        }
    )
    hours = ops.resolution_hours(tickets["opened_at"], tickets["resolved_at"])
    assert hours.iloc[0] == 84.0 and math.isnan(hours.iloc[1])
    assert ops.is_open_at(tickets, datetime(2026, 3, 4)).tolist() == [True, True]
    assert ops.is_open_at(tickets, datetime(2026, 3, 6)).tolist() == [False, True]
    assert ops.ticket_flags(tickets)["reopened"].tolist() == [True, True]


def test_kpis_take_the_mean_from_the_sums_and_the_median_from_the_overall_row():
    resolved = pd.DataFrame(
        {
            "service": ["A", "B"],
            "priority": ["P1", "P2"],
            "resolved": [3, 1],
            "judged": [3, 1],
            "met": [2, 1],
            "hours": [6.0, 10.0],
            "escalated": [1, 0],
            "reopened": [1, 1],
            "first_contact": [1, 0],
            "sat_sum": [9.0, 2.0],
            "sat_n": [2, 1],
        }
    )
    opened = pd.DataFrame({"priority": ["P1", "P1", "P3"], "tickets": [2, 1, 7]})
    backlog = pd.DataFrame({"tickets": [4, 5]})
    medians = pd.DataFrame(
        {"service": ["A", None], "priority": ["P1", None], "median_hours": [1.0, 2.5]}
    )
    sla = ops.sla_table(
        resolved,
        pd.DataFrame(
            {
                "service": ["A", "B"],
                "priority": ["P1", "P2"],
                "resolution_hours": [4.0, 8.0],
                "target_pct": [90.0, 90.0],
            }
        ),
        medians,
    )
    k = ops.ticket_kpis(opened, resolved, backlog, sla, medians)
    assert (k.opened, k.resolved, k.backlog, k.major) == (10, 4, 9, 3)
    assert k.mean_hours == pytest.approx(4.0) and k.median_hours == 2.5
    assert k.compliance_pct == pytest.approx(75.0)
    assert (k.targets, k.targets_missed) == (2, 1)  # A·P1 at 66.7 % < 90 %
    assert k.escalation_pct == pytest.approx(25.0)
    assert k.reopen_pct == pytest.approx(50.0)
    assert k.first_contact_pct == pytest.approx(25.0)
    assert k.satisfaction == pytest.approx(11 / 3) and k.satisfaction_n == 3


# --------------------------------------------------------------------------- rates


def test_first_contact_means_neither_escalated_nor_reopened():
    tickets = pd.DataFrame(
        {
            "escalated": [False, True, False, True, None],
            "reopened_count": [0, 0, 2, 1, None],
        }
    )
    flags = ops.ticket_flags(tickets)
    assert flags["escalated"].tolist() == [False, True, False, True, False]
    assert flags["reopened"].tolist() == [False, False, True, True, False]
    assert flags["first_contact"].tolist() == [True, False, False, False, True]
    # rates over these 5 resolved tickets: 2/5 escalated, 2/5 reopened, 2/5 first contact
    assert flags.mean().mul(100).tolist() == pytest.approx([40.0, 40.0, 40.0])


# --------------------------------------------------------------------------- backlog


END = pd.Timestamp("2026-03-10 00:00:00")


def test_backlog_at_period_end_counts_tickets_open_then():
    rows = [
        # opened_at, resolved_at, closed_at, status, expected in backlog
        (END - 5 * H, END, END + H, "Closed", False),  # resolved exactly at the end
        (END - 5 * H, END + S, None, "Resolved", True),  # resolved one second after
        (END - 5 * H, END - S, None, "Resolved", False),  # resolved one second before
        (END - 90 * H, None, None, "In progress", True),  # never resolved
        (END, None, None, "New", True),  # opened exactly at the end
        (END + S, None, None, "New", False),  # opened after the end
        (END - 5 * H, None, END - H, "Cancelled", False),  # cancelled before the end
        (END - 5 * H, None, END + H, "Cancelled", True),  # cancelled after: open at the end
        (END - 5 * H, None, None, "Cancelled", False),  # cancelled, no date: never counted
    ]
    frame = pd.DataFrame(
        rows, columns=["opened_at", "resolved_at", "closed_at", "status", "expected"]
    )
    assert ops.is_open_at(frame, END.to_pydatetime()).tolist() == frame["expected"].tolist()


def test_age_bucket_edges_are_whole_days():
    day = pd.Timedelta(days=1)
    ages = pd.Series(
        [
            pd.Timedelta(0),
            3 * day - S,  # 2 d 23:59:59 → 0–2 d
            3 * day,  # exactly 3 d → 3–7 d
            8 * day - S,
            8 * day,  # → 8–30 d
            31 * day - S,  # 30 d 23:59:59 → still 8–30 d
            31 * day,  # → >30 d
            400 * day,
        ]
    )
    assert ops.age_bucket(ages).tolist() == [
        "0–2 d",
        "0–2 d",
        "3–7 d",
        "3–7 d",
        "8–30 d",
        "8–30 d",
        ">30 d",
        ">30 d",
    ]


def test_backlog_by_bucket_fills_every_bucket_and_priority():
    backlog = pd.DataFrame(
        {
            "service": ["A", "B", "A"],
            "priority": ["P2", "P2", "P4"],
            "age_bucket": ["3–7 d", "3–7 d", ">30 d"],
            "tickets": [2, 3, 1],
        }
    )
    grid = ops.backlog_by_bucket(backlog)
    assert len(grid) == 16
    counts = grid.set_index(["age_bucket", "priority"])["tickets"]
    assert counts[("3–7 d", "P2")] == 5 and counts[(">30 d", "P4")] == 1
    assert counts.sum() == 6
    assert list(pd.unique(grid["age_bucket"])) == ["0–2 d", "3–7 d", "8–30 d", ">30 d"]


# --------------------------------------------------------------------------- changes


def _changes(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["implemented_at", "outcome"])


def test_change_success_is_successful_over_implemented_without_cancelled():
    when = datetime(2026, 3, 3, 20, 0)
    frame = _changes(
        [
            (when, "Successful"),
            (when, "Successful"),
            (when, "Successful"),
            (when, "Failed"),
            (when, "Rolled back"),
            (when, "Cancelled"),  # implemented_at set, but cancelled: left out
            (None, "Cancelled"),
            (None, None),  # planned, not implemented yet
        ]
    )
    assert ops.is_implemented(frame).tolist() == [True] * 5 + [False] * 3
    assert ops.change_success_pct(frame) == pytest.approx(60.0)  # 3 of 5


def test_an_implemented_change_without_outcome_counts_as_implemented_not_successful():
    frame = _changes([(datetime(2026, 3, 3), "Successful"), (datetime(2026, 3, 4), None)])
    assert ops.change_success_pct(frame) == pytest.approx(50.0)
    assert math.isnan(ops.change_success_pct(_changes([(None, "Cancelled")])))


def test_change_kpis_from_the_cube():
    cube = pd.DataFrame(
        {
            "day": pd.to_datetime(["2026-03-03"] * 6),
            "service": ["A"] * 6,
            "type": ["Normal", "Emergency", "Standard", "Emergency", "Normal", "Normal"],
            "outcome": ["Successful", "Successful", "Failed", "Rolled back", "Cancelled", BLANK],
            "caused_incident": [0, 0, 1, 1, 0, 0],
            "changes": [5, 1, 1, 1, 2, 2],
        }
    )
    k = ops.change_kpis(cube)
    assert k.implemented == 10 and k.cancelled == 2  # 5+1+1+1+2, cancelled left out
    assert k.successful == 6 and k.success_pct == pytest.approx(60.0)
    assert (k.failed, k.rolled_back, k.no_outcome) == (1, 1, 2)
    assert k.emergency == 2 and k.emergency_pct == pytest.approx(20.0)
    assert k.caused_incident == 2 and k.caused_incident_pct == pytest.approx(20.0)
    empty = ops.change_kpis(cube.iloc[0:0])
    assert empty.implemented == 0 and math.isnan(empty.success_pct)


# --------------------------------------------------------------------------- weeks, months


def test_weeks_end_with_the_as_of_day_and_days_fall_in_their_week():
    period = Period.ending(date(2026, 3, 10), 2)  # Tue 10 Mar: weeks 25 Feb–3 Mar, 4–10 Mar
    assert period.start == datetime(2026, 2, 25) and period.end == datetime(2026, 3, 11)
    opened = pd.DataFrame(
        {"day": pd.to_datetime(["2026-02-25", "2026-03-03", "2026-03-04", "2026-03-10"]),
         "tickets": [1, 2, 4, 8]}
    )  # fmt: skip
    resolved = pd.DataFrame({"day": pd.to_datetime(["2026-03-05"]), "resolved": [3]})
    weekly = ops.weekly_flow(opened, resolved, period, now=datetime(2026, 3, 10, 12))
    assert weekly["opened"].tolist() == [3, 12]
    assert weekly["resolved"].tolist() == [0, 3]
    assert weekly["first_day"].tolist() == [date(2026, 2, 25), date(2026, 3, 4)]
    assert weekly["last_day"].tolist() == [date(2026, 3, 3), date(2026, 3, 10)]
    assert weekly["in_progress"].tolist() == [False, True]  # the as-of day is not over
    assert ops.week_label(date(2026, 2, 25), date(2026, 3, 3)) == "25 Feb–3 Mar"


def test_months_of_the_period_are_cut_at_its_ends_and_marked_partial():
    period = Period.ending(date(2026, 3, 10), 2)
    monthly = ops.monthly_flow(
        pd.DataFrame({"day": pd.to_datetime(["2026-02-27", "2026-03-02"]), "tickets": [1, 5]}),
        pd.DataFrame(columns=["day", "resolved"]),
        period,
    )
    assert monthly["month"].tolist() == [date(2026, 2, 1), date(2026, 3, 1)]
    assert monthly["opened"].tolist() == [1, 5] and monthly["resolved"].tolist() == [0, 0]
    assert monthly["partial"].tolist() == [True, True]
    assert monthly["lo"].tolist() == [datetime(2026, 2, 25), datetime(2026, 3, 1)]
    assert monthly["hi"].tolist() == [datetime(2026, 3, 1), datetime(2026, 3, 11)]
    whole = ops.months_frame(Period.ending(date(2026, 3, 31), 5))
    assert whole["partial"].tolist() == [True, False]  # 24 Feb–31 Mar: March is whole


def test_weekly_changes_leave_cancelled_out_and_keep_empty_weeks():
    period = Period.ending(date(2026, 3, 10), 2)
    cube = pd.DataFrame(
        {
            "day": pd.to_datetime(["2026-03-05", "2026-03-05", "2026-03-06"]),
            "outcome": ["Successful", "Cancelled", "Failed"],
            "changes": [4, 1, 1],
        }
    )
    weekly = ops.weekly_changes(cube, period).set_index(["week", "outcome"])["changes"]
    assert weekly[(1, "Successful")] == 4 and weekly[(1, "Failed")] == 1
    assert weekly[(0, "Successful")] == 0 and "Cancelled" not in weekly.index.get_level_values(1)


# --------------------------------------------------------------------------- Pareto


def test_pareto_orders_largest_first_with_cumulative_share_and_other():
    counts = pd.Series({"Printing": 10, "Email": 50, "VPN": 25, "Laptop": 15, "Empty": 0})
    frame = ops.pareto(counts, top=3)
    assert frame["label"].tolist() == ["Email", "VPN", "Laptop", "Other"]
    assert frame["count"].tolist() == [50, 25, 15, 10]
    assert frame["cumulative_pct"].tolist() == pytest.approx([50.0, 75.0, 90.0, 100.0])
    assert frame["other"].tolist() == [False, False, False, True]
    assert ops.pareto(counts, top=10)["label"].tolist() == ["Email", "VPN", "Laptop", "Printing"]
    assert ops.pareto(pd.Series(dtype="int64")).empty


def test_week_windows_are_left_open_right_closed():
    period = Period.ending(date(2026, 3, 10), 13)
    lo, hi = period.week_window(12)
    assert hi == period.end and lo == period.end - timedelta(days=7)
    assert period.week_window(0)[0] == period.start
