"""One definition of a decision for the committee, at its edges (hand-made frames)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from steerco.analytics import decisions

D = date(2026, 12, 4)
STALE_AFTER = 35


def _projects(rows: list[dict]) -> pd.DataFrame:
    base = {
        "project_id": "PRJ-1",
        "name": "Project",
        "phase": "Execution",
        "project_manager": "PM",
        "report_date": pd.Timestamp("2026-12-01"),
        "decisions_required": "Approve the budget",
    }
    return pd.DataFrame([base | row for row in rows])


def _items(rows: list[dict]) -> pd.DataFrame:
    base = {
        "raid_id": "R-1",
        "project_id": "PRJ-1",
        "project_name": "Project",
        "type": "Decision",
        "title": "Choose a vendor",
        "owner": "Owner",
        "raised_date": pd.Timestamp("2026-11-01"),
        "due_date": pd.Timestamp("2026-12-15"),
        "for_committee": False,
    }
    return pd.DataFrame([base | row for row in rows])


def test_active_projects_with_a_fresh_report_ask_what_the_report_says():
    projects = _projects(
        [
            {"project_id": f"PRJ-{phase}", "phase": phase}
            for phase in ("Initiation", "Planning", "Execution", "Closing", "Closed", "On hold")
        ]
    )
    asked = decisions.from_reports(projects, D, STALE_AFTER)
    assert asked["project_id"].tolist() == [
        "PRJ-Initiation",
        "PRJ-Planning",
        "PRJ-Execution",
        "PRJ-Closing",
    ]
    assert set(asked["source"]) == {decisions.SOURCE_REPORT}
    assert asked["decision"].iloc[0] == "Approve the budget"
    assert asked["owner"].iloc[0] == "PM"


def test_a_stale_report_or_a_blank_text_asks_nothing():
    projects = _projects(
        [
            {"project_id": "exactly 35 days", "report_date": pd.Timestamp("2026-10-30")},
            {"project_id": "36 days", "report_date": pd.Timestamp("2026-10-29")},
            {"project_id": "no report", "report_date": pd.NaT, "decisions_required": None},
            {"project_id": "blank", "decisions_required": "   "},
            {"project_id": "none", "decisions_required": None},
        ]
    )
    asked = decisions.from_reports(projects, D, STALE_AFTER)
    assert asked["project_id"].tolist() == ["exactly 35 days"]


def test_raid_decisions_and_flagged_items_are_asked():
    items = _items(
        [
            {"raid_id": "decision"},
            {"raid_id": "flagged risk", "type": "Risk", "for_committee": True},
            {"raid_id": "risk", "type": "Risk"},
            {"raid_id": "flag unknown", "type": "Issue", "for_committee": None},
            {"raid_id": "portfolio decision", "project_id": None, "project_name": None},
        ]
    )
    asked = decisions.from_raid(items)
    assert asked["raid_id"].tolist() == ["decision", "flagged risk", "portfolio decision"]
    assert asked["decision"].iloc[0] == "Choose a vendor"
    assert set(asked["source"]) == {decisions.SOURCE_RAID}


def test_reports_first_then_raid_items_each_longest_waiting_first():
    projects = _projects(
        [
            {"project_id": "B", "report_date": pd.Timestamp("2026-12-02")},
            {"project_id": "A", "report_date": pd.Timestamp("2026-11-20")},
        ]
    )
    items = _items(
        [
            {"raid_id": "later", "raised_date": pd.Timestamp("2026-11-30")},
            {"raid_id": "earlier", "raised_date": pd.Timestamp("2026-10-01")},
        ]
    )
    asked = decisions.for_committee(projects, items, D, STALE_AFTER)
    assert asked["project_id"].tolist()[:2] == ["A", "B"]
    assert asked["raid_id"].tolist()[2:] == ["earlier", "later"]
    assert list(asked.columns) == decisions.COLUMNS


def test_nothing_asked_is_an_empty_table_with_the_columns():
    asked = decisions.for_committee(
        _projects([{"phase": "Closed"}]), _items([{"type": "Risk"}]), D, STALE_AFTER
    )
    assert asked.empty and list(asked.columns) == decisions.COLUMNS
