"""The committee's record arrives by file like any dataset: the template has its decisions and
actions sheets (outcome and status as drop-downs), a filled one imports, shows in the meeting
reads and on the Overview, and rolls back; bad rows are refused by sheet, row and column and
nothing changes (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
from datetime import timedelta

import openpyxl
import pandas as pd
import pytest

from data_access import meetings as records
from data_access import schema, versioning
from data_access.filters import Filters
from data_access.ingest import service
from data_access.template import template_bytes
from steerco.config import Settings
from steerco.views import overview
from tests.support.store_state import current, import_log, snapshot

QUESTION = "Move the data-centre exit to the second quarter?"


@pytest.fixture
def meeting(small_frames):
    """The last meeting the sample recorded decisions for."""
    return small_frames["decisions"]["meeting_date"].max().date()


def _decision(meeting, project_id: str, **values) -> dict:
    row = {
        "decision_id": "DEC-IMPORTED-1",
        "meeting_date": meeting,
        "project_id": project_id,
        "question": QUESTION,
        "options": "1. Yes; 2. No",
        "outcome": "Approved",
        "rationale": "The vendor cannot deliver before April.",
        "decided_by": "The committee",
    }
    return row | values


def _action(meeting, project_id: str, **values) -> dict:
    row = {
        "action_id": "ACT-IMPORTED-1",
        "action": "Tell the vendor the new date",
        "owner": "Olivia Brown",
        "due_date": meeting + timedelta(days=14),
        "status": "Open",
        "project_id": project_id,
        "decision_id": "DEC-IMPORTED-1",
        "raised_meeting": meeting,
    }
    return row | values


def _file(decisions: list[dict], actions: list[dict]) -> bytes:
    sample = {"decisions": pd.DataFrame(decisions), "actions": pd.DataFrame(actions)}
    return template_bytes(datasets=["decisions", "actions"], sample=sample)


def _drop_down(workbook, sheet: str, column: str) -> list[str]:
    letter = openpyxl.utils.get_column_letter(schema.dataset(sheet).column_names.index(column) + 1)
    (found,) = [
        dv
        for dv in workbook[sheet].data_validations.dataValidation
        if dv.type == "list" and f"{letter}2" in dv.sqref
    ]
    return found.formula1.strip('"').split(",")


def test_the_template_has_the_decisions_and_actions_sheets_with_drop_downs():
    workbook = openpyxl.load_workbook(io.BytesIO(template_bytes()))
    for name in ("decisions", "actions"):
        assert [c.value for c in workbook[name][1]] == list(schema.dataset(name).column_names)
    assert _drop_down(workbook, "decisions", "outcome") == [
        "Approved",
        "Rejected",
        "Deferred",
        "Noted",
    ]
    assert _drop_down(workbook, "actions", "status") == ["Open", "Done", "Dropped"]


def test_a_decision_and_its_action_import_show_and_roll_back(
    writable_engine, small_frames, meeting
):
    project = small_frames["projects"]["project_id"].iloc[0]
    before = {name: current(writable_engine, name) for name in ("decisions", "actions")}
    data = _file([_decision(meeting, project)], [_action(meeting, project)])

    report = service.run_import(writable_engine, data, "committee.xlsx")

    assert report.committed, [str(p) for p in report.problems.errors[:3]]
    summary = report.changes.summary()
    for name in ("decisions", "actions"):
        counts = summary[name]
        assert (counts["added"], counts["changed"], counts["removed"]) == (1, 0, 0), name
    with writable_engine.connect() as conn:
        decided = records.decisions(conn, meeting=meeting).set_index("decision_id")
        raised = records.actions(conn, raised_in=meeting).set_index("action_id")
        # the day after it was due, the committee sees it overdue on the Overview
        late = Filters(as_of=meeting + timedelta(days=15))
        view = overview.build(conn, late, Settings())
    assert decided.loc["DEC-IMPORTED-1", ["question", "outcome"]].tolist() == [QUESTION, "Approved"]
    assert decided.loc["DEC-IMPORTED-1", "project_id"] == project
    action = raised.loc["ACT-IMPORTED-1"]
    assert (action["owner"], action["due_date"]) == ("Olivia Brown", meeting + timedelta(days=14))
    overdue = view.overdue_actions.set_index("action_id")
    assert overdue.loc["ACT-IMPORTED-1", "days_overdue"] == 1

    versioning.rollback(writable_engine, report.result.import_id)
    for name, frame in before.items():
        assert current(writable_engine, name).equals(frame), name


BAD_ROWS = {
    "decision without a question": (
        lambda m, p: ([_decision(m, p, question=None)], []),
        ("decisions", 2, "question"),
    ),
    "outcome not allowed": (
        lambda m, p: ([_decision(m, p, outcome="Maybe")], []),
        ("decisions", 2, "outcome"),
    ),
    "action without an owner": (
        lambda m, p: ([], [_action(m, p, owner=None)]),
        ("actions", 2, "owner"),
    ),
    "due before the meeting": (
        lambda m, p: ([], [_action(m, p, due_date=m - timedelta(days=1))]),
        ("actions", 2, "due_date"),
    ),
}


@pytest.mark.parametrize("case", BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_bad_rows_are_refused_by_place_and_nothing_changes(
    writable_engine, small_frames, meeting, case
):
    make, (sheet, row, column) = case  # where the refusal points
    project = small_frames["projects"]["project_id"].iloc[0]
    decisions, actions = make(meeting, project)
    datasets = [n for n, rows in (("decisions", decisions), ("actions", actions)) if rows]
    frames = {"decisions": pd.DataFrame(decisions), "actions": pd.DataFrame(actions)}
    data = template_bytes(datasets=datasets, sample={n: frames[n] for n in datasets})
    before, log_before = snapshot(writable_engine), import_log(writable_engine)

    report = service.run_import(writable_engine, data, "committee.xlsx")

    assert report.refused
    first = report.problems.errors[0]
    assert (first.sheet, first.row, first.column) == (sheet, row, column), str(first)
    assert str(first).startswith("committee.xlsx")
    assert snapshot(writable_engine) == before
    assert len(import_log(writable_engine)) == len(log_before) + 1
