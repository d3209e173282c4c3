"""One definition of "a decision for the committee", used by the Overview, the Risks page and
the pack (and, later, the meeting agenda).

On the as-of date D the committee is asked to decide:

* what the latest status report (on or before D) of an **active** project asks in its
  "decisions required" text — active meaning Initiation, Planning, Execution or Closing, with a
  report that is not stale (a closed or paused project asks nothing, and a stale report is
  flagged as stale rather than counted as a live request);
* every RAID item **open on D** that is a Decision or is flagged for the committee.

Pure functions on DataFrames; the callers bring the projects' latest reports and the RAID items
open on D (``data_access.risks_queries.open_items``).
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from steerco.analytics.rag import is_stale

#: Phases whose projects report to the committee (the others ask nothing of it).
ACTIVE_PHASES = ("Initiation", "Planning", "Execution", "Closing")
SOURCE_REPORT = "Status report"
SOURCE_RAID = "RAID log"
#: Columns of the decisions asked, whatever their source.
COLUMNS = [
    "source",
    "project_id",
    "project_name",
    "decision",
    "date",
    "raid_id",
    "type",
    "owner",
    "due_date",
    "options",
    "recommendation",
]


def from_reports(projects: pd.DataFrame, as_of: date, stale_after_days: int) -> pd.DataFrame:
    """The decisions asked in the latest reports: ``projects`` has one row per project with
    project_id, name, phase, project_manager, report_date and decisions_required (of its latest
    report on or before ``as_of``) and, when the report gave them, the decision's options and
    recommendation (``decision_options``, ``decision_recommendation``)."""
    text = (
        projects["decisions_required"]
        .astype(object)
        .where(projects["decisions_required"].notna(), "")
    )
    text = text.astype(str).str.strip()
    fresh = ~is_stale(projects["report_date"], as_of, stale_after_days)
    keep = projects["phase"].isin(ACTIVE_PHASES) & fresh & text.ne("")
    rows = projects.loc[keep]
    return pd.DataFrame(
        {
            "source": SOURCE_REPORT,
            "project_id": rows["project_id"],
            "project_name": rows["name"],
            "decision": text[keep],
            "date": rows["report_date"],
            "raid_id": None,
            "type": None,
            "owner": rows["project_manager"],
            "due_date": pd.NaT,
            "options": rows.get("decision_options"),
            "recommendation": rows.get("decision_recommendation"),
        },
        columns=COLUMNS,
    )


def from_raid(open_items: pd.DataFrame) -> pd.DataFrame:
    """The RAID items (all open on the as-of date) that are Decisions or flagged for the
    committee."""
    flagged = open_items["for_committee"].astype("boolean").fillna(False).astype(bool)
    rows = open_items.loc[(open_items["type"] == "Decision") | flagged]
    return pd.DataFrame(
        {
            "source": SOURCE_RAID,
            "project_id": rows["project_id"],
            "project_name": rows["project_name"],
            "decision": rows["title"],
            "date": rows["raised_date"],
            "raid_id": rows["raid_id"],
            "type": rows["type"],
            "owner": rows["owner"],
            "due_date": rows["due_date"],
            "options": None,
            "recommendation": None,
        },
        columns=COLUMNS,
    )


def for_committee(
    projects: pd.DataFrame, open_items: pd.DataFrame, as_of: date, stale_after_days: int
) -> pd.DataFrame:
    """Every decision asked of the committee on ``as_of``: reports first, then RAID items;
    within each, the longest waiting first."""
    parts = [
        part.sort_values(["date", "project_id"], na_position="last", kind="stable")
        for part in (from_reports(projects, as_of, stale_after_days), from_raid(open_items))
        if not part.empty
    ]
    if not parts:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(parts, ignore_index=True)
