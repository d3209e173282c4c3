"""Reporting completeness before the meeting, at its edges (hand-made frames).

The meeting is on 17 Nov 2026, the previous one on 20 Oct: the cycle starts on 20 Oct (a
report dated that day was for the previous meeting) and reports are due on 10 Nov (7 days
before). Stale: the latest counted report more than 35 days before the deadline (6 Oct is
exactly 35 days before: not stale).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from steerco.analytics import reporting
from steerco.analytics.reporting import (
    APPROVED,
    DRAFT,
    DUE,
    LATE,
    RETURNED,
    SUBMITTED,
)

START = date(2026, 10, 20)
DEADLINE = date(2026, 11, 10)
AFTER_DEADLINE = date(2026, 11, 14)
STALE_DAYS = 35

#: project_id → project manager.
PROJECTS = {
    "P01": "Ann",  # approved in the cycle
    "P02": "Bob",  # submitted on the deadline day
    "P03": "Cat",  # approved on the cycle start: for the previous meeting
    "P04": "Dan",  # a draft in the cycle, last approved long ago
    "P05": "Eve",  # returned in the cycle, never counted
    "P06": "Ann",  # nothing at all
    "P07": "Gus",  # submitted after the deadline, before today
    "P08": "Hal",  # submitted, but dated after today
    "P09": "Ivy",  # stored before the workflow (no state) in the cycle
    "P10": "Jo",  # approved, then a newer one submitted
    "P11": " Cat ",  # approved exactly 35 days before the deadline (outside the cycle)
}
REPORTS = [
    ("P01", "2026-11-05", APPROVED),
    ("P02", "2026-11-10", SUBMITTED),
    ("P03", "2026-10-20", APPROVED),
    ("P04", "2026-09-01", APPROVED),
    ("P04", "2026-11-12", DRAFT),
    ("P05", "2026-11-08", RETURNED),
    ("P07", "2026-11-13", SUBMITTED),
    ("P08", "2026-11-15", SUBMITTED),
    ("P09", "2026-11-01", None),
    ("P10", "2026-11-02", APPROVED),
    ("P10", "2026-11-09", SUBMITTED),
    ("P11", "2026-10-06", APPROVED),
]


def _projects() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "project_id": list(PROJECTS),
            "name": [f"Project {pid}" for pid in PROJECTS],
            "project_manager": list(PROJECTS.values()),
        }
    )


def _reports(rows=REPORTS) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["project_id", "report_date", "state"])
    frame["report_date"] = pd.to_datetime(frame["report_date"])
    return frame


def _completeness(today: date, reports: pd.DataFrame | None = None) -> pd.DataFrame:
    return reporting.completeness(
        _projects(),
        _reports() if reports is None else reports,
        cycle_start=START,
        deadline=DEADLINE,
        today=today,
        stale_days=STALE_DAYS,
    ).set_index("project_id")


def test_each_project_gets_the_status_its_reports_in_the_cycle_give_it():
    frame = _completeness(AFTER_DEADLINE)
    assert frame["status"].to_dict() == {
        "P01": APPROVED,
        "P02": SUBMITTED,  # on the deadline: on time
        "P03": LATE,  # on the cycle start: the previous meeting's
        "P04": DRAFT,
        "P05": RETURNED,
        "P06": LATE,
        "P07": SUBMITTED,  # late, but the committee will have it
        "P08": LATE,  # dated after today: not known yet
        "P09": SUBMITTED,  # no state: counts as submitted
        "P10": SUBMITTED,  # the latest reported one
        "P11": LATE,
    }


def test_late_means_not_reported_after_the_deadline_and_names_each_manager_once():
    frame = _completeness(AFTER_DEADLINE)
    assert sorted(frame.index[frame["late"]]) == ["P03", "P04", "P05", "P06", "P08", "P11"]
    # Ann twice (P06 late, P01 not), Cat with outer spaces once: unique, trimmed, sorted.
    assert reporting.late_managers(frame.reset_index()) == ["Ann", "Cat", "Dan", "Eve", "Hal"]


def test_on_the_deadline_day_nothing_is_late_yet():
    frame = _completeness(DEADLINE)
    assert not frame["late"].any()
    assert frame.loc["P06", "status"] == DUE
    assert frame.loc["P07", "status"] == DUE  # its report (13 Nov) is not known on 10 Nov
    assert frame.loc["P04", "status"] == DUE  # its draft (12 Nov) neither
    assert frame.loc["P02", "status"] == SUBMITTED
    assert reporting.late_managers(frame.reset_index()) == []


def test_the_day_after_the_deadline_every_unreported_project_is_late():
    frame = _completeness(date(2026, 11, 11))
    assert frame.loc["P06", "status"] == LATE
    assert frame.loc["P07", "status"] == LATE
    assert frame.loc["P02", "status"] == SUBMITTED


def test_stale_is_the_latest_counted_report_on_the_deadline():
    frame = _completeness(AFTER_DEADLINE)
    stale = frame["stale"].to_dict()
    assert not stale["P11"]  # exactly 35 days before the deadline: not stale
    assert sorted(k for k, v in stale.items() if v) == ["P04", "P05", "P06", "P08"]
    # P04: approved 1 Sep (70 days before the deadline), its draft does not count;
    # P05: only a returned report; P06: none; P08: its only report is not known yet.
    assert frame.loc["P04", "last_counted_date"] == pd.Timestamp("2026-09-01")
    assert pd.isna(frame.loc["P05", "last_counted_date"])


def test_stale_follows_the_counted_states_setting():
    frame = reporting.completeness(
        _projects(),
        _reports(),
        cycle_start=START,
        deadline=DEADLINE,
        today=AFTER_DEADLINE,
        stale_days=STALE_DAYS,
        counted_states=(APPROVED,),
    ).set_index("project_id")
    assert frame.loc["P02", "stale"]  # only submitted: not counted
    assert not frame.loc["P01", "stale"]


def test_the_last_report_is_the_latest_known_of_any_state():
    frame = _completeness(AFTER_DEADLINE)
    assert frame.loc["P04", "last_report_date"] == pd.Timestamp("2026-11-12")
    assert frame.loc["P04", "last_state"] == DRAFT
    assert pd.isna(frame.loc["P08", "last_report_date"])  # dated after today
    assert frame.loc["P09", "last_state"] == SUBMITTED


def test_the_list_shows_what_needs_attention_first():
    frame = reporting.completeness(
        _projects(),
        _reports(),
        cycle_start=START,
        deadline=DEADLINE,
        today=AFTER_DEADLINE,
        stale_days=STALE_DAYS,
    )
    assert list(frame.columns) == reporting.COLUMNS
    assert frame["project_id"].tolist() == [
        "P06",  # Late, by manager without case or outer spaces: Ann, Cat, " Cat ", Hal
        "P03",
        "P11",
        "P08",
        "P05",  # Returned
        "P04",  # Draft
        "P02",  # Submitted, by manager
        "P07",
        "P09",
        "P10",
        "P01",  # Approved
    ]
    assert reporting.counts(frame) == {
        LATE: 4,
        RETURNED: 1,
        DRAFT: 1,
        DUE: 0,
        SUBMITTED: 4,
        APPROVED: 1,
    }


def test_no_reports_at_all():
    frame = _completeness(DEADLINE, _reports([]))
    assert set(frame["status"]) == {DUE}
    assert frame["stale"].all()
    assert frame["last_report_date"].isna().all()


@pytest.mark.parametrize(
    ("previous", "start"),
    [(date(2026, 10, 20), date(2026, 10, 20)), (None, date(2026, 10, 10))],
)
def test_the_cycle_runs_from_the_previous_meeting_or_a_month_before_the_deadline(previous, start):
    cycle = reporting.cycle(date(2026, 11, 17), previous, 7)
    assert cycle == reporting.Cycle(start=start, deadline=DEADLINE, meeting=date(2026, 11, 17))
