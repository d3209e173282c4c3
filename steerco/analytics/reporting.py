"""Reporting completeness before the meeting: which active projects have reported for the next
steering committee, which are in draft, returned, late or still due, and which are stale.

Pure functions on DataFrames (docs/definitions.md, "Reporting completeness"):

* **The cycle** of a meeting runs from the day after the previous meeting (or, with no earlier
  meeting, from the day after the deadline minus one month) to the meeting. Reports are due on
  the **deadline**, ``deadline_days`` before the meeting (setting ``reporting.deadline_days``).
  A report counts for the cycle when its report date is after the cycle start and on or before
  ``today`` (the as-of date: a report dated later is not known yet). A report dated exactly on
  the cycle start was for the previous meeting; one dated on the deadline is on time; one dated
  after the deadline still counts (it came late, but the committee will have it).
* **Status** of an active project, by its reports in the cycle: *Submitted* or *Approved* (it
  has reported: the state of its latest Submitted or Approved report), else *Returned* (the PMO
  sent one back), else *Draft* (only a draft), else *Late* (nothing at all and ``today`` is after
  the deadline) or *Due* (nothing yet, the deadline not passed). A report stored before the
  workflow (no state) counts as Submitted.
* **Late** (the reminder list): not reported (Late, Draft or Returned) and ``today`` after the
  deadline; the deadline day itself is not late.
* **Stale**: its latest counted report (states ``counted_states``) on or before ``today`` is
  more than ``stale_days`` older than the deadline, or it has none (the stale flag of the
  dashboards, taken on the deadline: what the committee would see if nothing came).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from data_access import schema
from steerco.analytics.rag import is_stale

#: A project's status for the next meeting (see the module docstring).
APPROVED = schema.REPORT_APPROVED
SUBMITTED = schema.REPORT_SUBMITTED
RETURNED = schema.REPORT_RETURNED
DRAFT = schema.REPORT_DRAFT
LATE = "Late"
DUE = "Due"
#: Statuses in the order the list shows them: what needs the PMO's attention first.
STATUSES = (LATE, RETURNED, DRAFT, DUE, SUBMITTED, APPROVED)
#: The report states that mean "has reported" (whatever the dashboards count).
REPORTED = (SUBMITTED, APPROVED)
#: With no earlier meeting, the cycle starts this long before the deadline.
FIRST_CYCLE = pd.DateOffset(months=1)
#: The report states that count on the dashboards by default (``reporting.counted_states``).
DEFAULT_COUNTED = (SUBMITTED, APPROVED)
COLUMNS = [
    "project_id",
    "name",
    "project_manager",
    "last_report_date",
    "last_state",
    "last_counted_date",
    "status",
    "late",
    "stale",
]


@dataclass(frozen=True)
class Cycle:
    """The reporting cycle of one meeting: reports dated after ``start`` count for it, and are
    due on ``deadline``."""

    start: date
    deadline: date
    meeting: date


def cycle(meeting: date, previous: date | None, deadline_days: int) -> Cycle:
    """The cycle of ``meeting``: its deadline is ``deadline_days`` before it; it starts on the
    previous meeting's date (reports dated that day were for that meeting) or, with none, one
    month before the deadline."""
    deadline = meeting - timedelta(days=deadline_days)
    if previous is None:
        previous = (pd.Timestamp(deadline) - FIRST_CYCLE).date()
    return Cycle(start=previous, deadline=deadline, meeting=meeting)


def _states(reports: pd.DataFrame) -> pd.Series:
    """Each report's state; a report stored before the workflow (none) is Submitted."""
    return reports["state"].astype(object).where(reports["state"].notna(), SUBMITTED)


def _status_in_cycle(reports: pd.DataFrame) -> pd.Series:
    """Per project (index), its status from its reports in the cycle (sorted by date)."""
    reported = reports[reports["state"].isin(REPORTED)]
    status = reported.groupby("project_id")["state"].last()
    for state in (RETURNED, DRAFT):
        others = reports.loc[reports["state"] == state, "project_id"].unique()
        missing = pd.Index(others).difference(status.index)
        status = pd.concat([status, pd.Series(state, index=missing, dtype=object)])
    return status


def _lookup(ids: pd.Series, values: pd.Series) -> list:
    """``values`` (indexed by project) for each of ``ids``; None where it has none."""
    found = values.to_dict()
    return [found.get(pid) for pid in ids]


def completeness(
    projects: pd.DataFrame,
    reports: pd.DataFrame,
    *,
    cycle_start: date,
    deadline: date,
    today: date,
    stale_days: int,
    counted_states: tuple[str, ...] = DEFAULT_COUNTED,
) -> pd.DataFrame:
    """One row per project of ``projects`` (the *active* ones: the caller leaves out the apart
    phases) with :data:`COLUMNS`, ordered by :data:`STATUSES`, project manager and project.

    ``projects``: project_id, name, project_manager (the list is sorted by its name without
    case or outer spaces). ``reports``: project_id, report_date,
    state — at least every report of the cycle, and each project's latest report and latest
    counted report on or before ``today`` (any report dated after ``today`` is left out).
    ``last_report_date``/``last_state``: the latest report on or before ``today``, any state.
    """
    day = pd.Timestamp(today)
    known = reports.assign(
        report_date=pd.to_datetime(reports["report_date"]).dt.normalize(),
        state=_states(reports),
    )
    known = known[known["report_date"] <= day].sort_values(["project_id", "report_date"])
    latest = known.groupby("project_id").last()
    counted = known[known["state"].isin(counted_states)].groupby("project_id")["report_date"].max()
    in_cycle = known[known["report_date"] > pd.Timestamp(cycle_start)]
    status = _status_in_cycle(in_cycle)

    ids = projects["project_id"]
    out = pd.DataFrame(
        {
            "project_id": ids.to_numpy(),
            "name": projects["name"].to_numpy(),
            "project_manager": projects["project_manager"].to_numpy(),
            "last_report_date": _lookup(ids, latest["report_date"]),
            "last_state": _lookup(ids, latest["state"]),
            "last_counted_date": _lookup(ids, counted),
            "status": _lookup(ids, status),
        }
    )
    out["last_report_date"] = pd.to_datetime(out["last_report_date"])
    out["last_counted_date"] = pd.to_datetime(out["last_counted_date"])
    past_deadline = today > deadline
    out["status"] = out["status"].fillna(LATE if past_deadline else DUE)
    out["late"] = past_deadline & ~out["status"].isin(REPORTED)
    out["stale"] = is_stale(out["last_counted_date"], deadline, stale_days).to_numpy()
    order = out["status"].map({s: i for i, s in enumerate(STATUSES)})
    manager = out["project_manager"].astype("string").str.strip().str.casefold()
    out = out.assign(_order=order, _manager=manager).sort_values(
        ["_order", "_manager", "project_id"], na_position="last", kind="stable"
    )
    return out.reset_index(drop=True)[COLUMNS]


def counts(frame: pd.DataFrame) -> dict[str, int]:
    """Projects per status, every status present (zero where none)."""
    found = frame["status"].value_counts()
    return {status: int(found.get(status, 0)) for status in STATUSES}


def late_managers(frame: pd.DataFrame) -> list[str]:
    """The project managers of the late projects: unique names (outer spaces trimmed, blanks
    left out), sorted without regard to case."""
    names = frame.loc[frame["late"], "project_manager"].dropna().astype(str).str.strip()
    return sorted({n for n in names if n}, key=lambda n: (n.casefold(), n))
