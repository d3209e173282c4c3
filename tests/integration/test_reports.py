"""Status reports' workflow on SQLite and PostgreSQL: a draft never changes a figure, a
submitted report counts by default, approval and return are kept with who, when and the
comment, bad input is refused by field with nothing changed, two people saving the same report
are told, and a project manager reports only on their own projects."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest
import sqlalchemy as sa

from data_access import access, audit, schema, writes
from data_access.access import AccessRefused, Identity
from data_access.filters import Filters
from steerco.config import Reporting, Settings
from steerco.views import portfolio
from steerco.views import report as views
from tests.support import store_state
from tests.support.reports import (
    CLAIRE_PROJECT,
    OTHER_PROJECT,
    REPORT_DAY,
    counted_latest,
    raw_reports,
    steps,
    values_from_last,
)
from tests.support.roles import checked_upload

CLAIRE = Identity(email="claire@example.org", name="Claire Martin", role=access.PROJECT_MANAGER)
EMMA = Identity(email="emma@example.org", name="Emma Thompson", role=access.PROJECT_MANAGER)
PMO = Identity(email="pat@example.org", name="Pat PMO", role=access.PMO)
VIEWER = Identity(email="vic@example.org", name="Vic Viewer", role=access.VIEWER)
FILTERS = Filters(as_of=REPORT_DAY)


def _figures(engine, filters: Filters = FILTERS, settings: Settings | None = None):
    with engine.connect() as conn:
        return portfolio.frame(conn, filters, settings or Settings())


def _save(engine, who, values, *, submit, opened=None, **kw):
    return writes.save_report(
        engine, who, values, submit=submit, opened=opened, today=REPORT_DAY, **kw
    )


def _table(engine, name: str) -> pd.DataFrame:
    """A dataset's current rows with their version stamps."""
    with engine.connect() as conn:
        return pd.read_sql(sa.select(schema.TABLES[name]), conn)


def _row(frame: pd.DataFrame, project_id: str) -> pd.Series:
    return frame.loc[frame["project_id"] == project_id].iloc[0]


def test_a_draft_changes_no_figure_and_a_submitted_report_counts(writable_engine):
    before = _figures(writable_engine)
    was = _row(before, CLAIRE_PROJECT)
    flipped = "R" if was["overall_rag"] != "R" else "G"
    values = values_from_last(
        writable_engine, CLAIRE_PROJECT, overall_rag=flipped, overall_reason="vendor late"
    )
    saved = _save(writable_engine, CLAIRE, values, submit=False)
    assert (saved.state, saved.changed) == ("Draft", True)
    pd.testing.assert_frame_equal(_figures(writable_engine), before)

    _save(writable_engine, CLAIRE, values, submit=True, opened=saved.import_id)
    after = _row(_figures(writable_engine), CLAIRE_PROJECT)
    expected = counted_latest(writable_engine, CLAIRE_PROJECT)
    assert pd.Timestamp(expected["report_date"]).date() == REPORT_DAY
    assert after["overall_rag"] == expected["overall_rag"] == flipped
    assert pd.Timestamp(after["report_date"]).date() == REPORT_DAY


def test_only_approved_reports_count_when_the_setting_says_so(writable_engine):
    settings = replace(Settings(), reporting=Reporting(counted_states=("Approved",)))
    strict = FILTERS.counting(settings.reporting.counted_states)
    values = values_from_last(writable_engine, CLAIRE_PROJECT, percent_complete=99.0)
    before = _row(_figures(writable_engine, strict, settings), CLAIRE_PROJECT)
    _save(writable_engine, CLAIRE, values, submit=True)
    submitted = _row(_figures(writable_engine, strict, settings), CLAIRE_PROJECT)
    assert submitted["report_date"] == before["report_date"]  # not counted yet

    writes.approve_report(writable_engine, PMO, CLAIRE_PROJECT, REPORT_DAY)
    approved = _row(_figures(writable_engine, strict, settings), CLAIRE_PROJECT)
    expected = counted_latest(writable_engine, CLAIRE_PROJECT, states=("Approved",))
    assert pd.Timestamp(approved["report_date"]).date() == REPORT_DAY
    assert approved["reported_percent_complete"] == expected["percent_complete"] == 99.0


def test_approval_and_return_are_kept_with_who_when_and_the_comment(writable_engine):
    values = values_from_last(writable_engine, CLAIRE_PROJECT)
    _save(writable_engine, CLAIRE, values, submit=True)
    writes.return_report(
        writable_engine, PMO, CLAIRE_PROJECT, REPORT_DAY, comment="Say why scope is amber"
    )
    stored = raw_reports(writable_engine)
    mine = stored.loc[stored["project_id"] == CLAIRE_PROJECT].sort_values("report_date")
    assert mine.iloc[-1]["state"] == "Returned"
    # a returned report no longer counts: the figures show the one before
    shown = _row(_figures(writable_engine), CLAIRE_PROJECT)
    assert pd.Timestamp(shown["report_date"]).date() < REPORT_DAY

    recorded = steps(writable_engine, CLAIRE_PROJECT)
    assert list(recorded["state"]) == ["Submitted", "Returned"]
    assert list(recorded["actor"]) == ["claire@example.org", "pat@example.org"]
    assert recorded.iloc[-1]["comment"] == "Say why scope is amber"

    with writable_engine.connect() as conn:
        form = views.build(conn, FILTERS, Settings(), project_id=CLAIRE_PROJECT, today=REPORT_DAY)
    assert form.continuing and form.state == "Returned"
    assert (form.returned_comment, form.returned_by) == (
        "Say why scope is amber",
        "pat@example.org",
    )

    again = _save(writable_engine, CLAIRE, values | {"summary": "Scope: two interfaces added"},
                  submit=True, opened=form.opened)  # fmt: skip
    assert again.state == "Submitted"
    writes.approve_report(writable_engine, PMO, CLAIRE_PROJECT, REPORT_DAY, comment="Thanks")
    assert list(steps(writable_engine, CLAIRE_PROJECT)["state"]) == [
        "Submitted", "Returned", "Submitted", "Approved",
    ]  # fmt: skip
    with writable_engine.connect() as conn:
        trail = audit.trail(conn, action=audit.REPORT_STEP)
    assert f"status report {CLAIRE_PROJECT} {REPORT_DAY}" in set(trail["target"])


def test_a_return_needs_a_comment_and_only_a_submitted_report_is_checked(writable_engine):
    values = values_from_last(writable_engine, CLAIRE_PROJECT)
    _save(writable_engine, CLAIRE, values, submit=False)
    with pytest.raises(writes.FormRefused) as draft:
        writes.approve_report(writable_engine, PMO, CLAIRE_PROJECT, REPORT_DAY)
    assert "is Draft, not Submitted" in draft.value.problems[0]
    with pytest.raises(writes.FormRefused) as silent:
        writes.return_report(writable_engine, PMO, CLAIRE_PROJECT, REPORT_DAY, comment="  ")
    assert silent.value.problems == ["comment: say what the project manager should change"]
    with pytest.raises(AccessRefused, match="may not approve or return a status report"):
        writes.approve_report(writable_engine, CLAIRE, CLAIRE_PROJECT, REPORT_DAY)


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"schedule_rag": "R", "schedule_reason": ""}, "Schedule reason: Schedule is Red, say why"),
        ({"overall_rag": None}, "Overall RAG: required to submit"),
        ({"report_date": date(2026, 11, 21)}, "report date: 2026-11-21 is in the future"),
        ({"report_date": date(2020, 1, 6)}, "report date: 2020-01-06 is before the project's"),
        ({"percent_complete": 0.0}, "progress note: % complete 0 is below the"),
        ({"overall_rag": "X"}, "overall_rag"),
    ],
)
def test_bad_reports_are_refused_by_field_and_change_nothing(writable_engine, changes, problem):
    before = store_state.snapshot(writable_engine)
    values = values_from_last(writable_engine, CLAIRE_PROJECT, **changes)
    with pytest.raises(writes.FormRefused) as refused:
        _save(writable_engine, CLAIRE, values, submit=True)
    assert any(problem in p for p in refused.value.problems), refused.value.problems
    assert store_state.snapshot(writable_engine) == before


def test_a_lower_percent_with_a_note_and_an_incomplete_draft_are_accepted(writable_engine):
    values = values_from_last(
        writable_engine, CLAIRE_PROJECT, percent_complete=0.0, progress_note="re-planned"
    )
    assert _save(writable_engine, CLAIRE, values, submit=True).state == "Submitted"
    draft = values_from_last(writable_engine, OTHER_PROJECT, overall_rag=None, summary=None)
    assert _save(writable_engine, PMO, draft, submit=False).state == "Draft"


def test_two_people_saving_the_same_report_the_second_is_told_and_loses_nothing(
    writable_engine,
):
    values = values_from_last(writable_engine, CLAIRE_PROJECT)
    with writable_engine.connect() as conn:
        opened = views.build(
            conn, FILTERS, Settings(), project_id=CLAIRE_PROJECT, today=REPORT_DAY
        ).opened
    first = _save(writable_engine, CLAIRE, values | {"summary": "Claire's"}, submit=False,
                  opened=opened)  # fmt: skip
    before = store_state.snapshot(writable_engine)
    with pytest.raises(writes.ReportConflict) as conflict:
        _save(writable_engine, PMO, values | {"summary": "Pat's"}, submit=False, opened=opened)
    assert "claire@example.org saved this report at" in conflict.value.problems[0]
    assert store_state.snapshot(writable_engine) == before
    # after a reload (the version now stored), the second save goes through
    _save(writable_engine, PMO, values | {"summary": "Pat's"}, submit=False,
          opened=first.import_id)  # fmt: skip
    stored = counted_latest(writable_engine, CLAIRE_PROJECT, states=("Draft",))
    assert stored["summary"] == "Pat's"


def test_a_project_manager_reports_only_on_their_own_projects(writable_engine):
    before = store_state.snapshot(writable_engine)
    with pytest.raises(AccessRefused) as refused:
        _save(writable_engine, CLAIRE, values_from_last(writable_engine, OTHER_PROJECT),
              submit=True)  # fmt: skip
    assert str(refused.value) == (
        f"claire@example.org may report only for their own projects; {OTHER_PROJECT} is not "
        "theirs; nothing was changed."
    )
    with pytest.raises(AccessRefused, match="is viewer and may not write a status report"):
        _save(writable_engine, VIEWER, values_from_last(writable_engine, CLAIRE_PROJECT),
              submit=True)  # fmt: skip
    with writable_engine.connect() as conn:
        refusals = audit.trail(conn, action=audit.REFUSED)
    assert {"claire@example.org", "vic@example.org"} <= set(refusals["actor"])
    after = store_state.snapshot(writable_engine)
    assert {k: v for k, v in after.items() if k != "steerco_audit"} == {
        k: v for k, v in before.items() if k != "steerco_audit"
    }


def test_milestone_forecasts_and_risks_are_saved_with_the_report_in_one_import(
    writable_engine,
):
    with writable_engine.connect() as conn:
        form = views.build(conn, FILTERS, Settings(), project_id=CLAIRE_PROJECT, today=REPORT_DAY)
    milestone = form.milestones.iloc[0]
    moved = pd.Timestamp(milestone["forecast_date"]) + pd.Timedelta(days=14)
    edits = [{"milestone_id": milestone["milestone_id"], "forecast_date": moved}]
    risk_edits = []
    if not form.risks.empty:
        risk = form.risks.iloc[0]
        risk_edits = [
            {"raid_id": risk["raid_id"], "probability": 5, "impact": 5, "status": risk["status"],
             "response": "Escalated to the vendor"}
        ]  # fmt: skip
    saved = _save(writable_engine, CLAIRE, values_from_last(writable_engine, CLAIRE_PROJECT),
                  submit=True, milestones=edits, risks=risk_edits)  # fmt: skip
    stones = _table(writable_engine, "milestones")
    row = stones.loc[stones["milestone_id"] == milestone["milestone_id"]].iloc[0]
    assert pd.Timestamp(row["forecast_date"]) == moved
    assert int(row["_import_id"]) == saved.import_id
    if risk_edits:
        raid = _table(writable_engine, "raid")
        got = raid.loc[raid["raid_id"] == risk_edits[0]["raid_id"]].iloc[0]
        assert (got["probability"], got["impact"], got["response"]) == (
            5, 5, "Escalated to the vendor",
        )  # fmt: skip
        assert int(got["_import_id"]) == saved.import_id


def test_an_upload_without_state_keeps_unchanged_reports_and_submits_changed_ones(
    writable_engine,
):
    stored = raw_reports(writable_engine)
    last = stored.loc[stored["project_id"] == CLAIRE_PROJECT].sort_values("report_date")
    last = last.iloc[[-1]][list(schema.dataset("status_reports").column_names)]
    last = last.drop(columns=["state"])
    same = checked_upload(writable_engine, last.to_csv(index=False).encode(), "status.csv")
    result = writes.commit_import(writable_engine, CLAIRE, same, replace_scope=False)
    assert result.changes.is_empty

    changed = last.assign(summary="Rewritten by Claire")
    upload = checked_upload(writable_engine, changed.to_csv(index=False).encode(), "status.csv")
    result = writes.commit_import(writable_engine, CLAIRE, upload, replace_scope=False)
    fields = result.changes.datasets["status_reports"].field_changes
    assert set(fields["column"]) == {"summary", "state"}
    assert fields.loc[fields["column"] == "state", ["old", "new"]].values.tolist() == [
        ["Approved", "Submitted"]
    ]
    assert steps(writable_engine, CLAIRE_PROJECT)["state"].tolist() == ["Submitted"]

    approved = changed.assign(state="Approved", summary="Approving my own")
    upload = checked_upload(writable_engine, approved.to_csv(index=False).encode(), "status.csv")
    with pytest.raises(AccessRefused, match="only the PMO sets a status report Approved"):
        writes.commit_import(writable_engine, CLAIRE, upload, replace_scope=False)


def test_a_decision_asked_in_a_report_reaches_the_meeting_with_its_options(writable_engine):
    from data_access import meetings
    from steerco.views import meeting

    asked = values_from_last(
        writable_engine,
        CLAIRE_PROJECT,
        decisions_required="Approve a second integrator",
        decision_options="A: keep one integrator\nB: add a second one",
        decision_recommendation="B: the go-live holds only with two teams",
    )
    _save(writable_engine, CLAIRE, asked, submit=True)
    day = date(2026, 12, 15)
    writes.schedule_meeting(
        writable_engine, PMO, {"meeting_date": day, "committee": "IT steering committee"}
    )
    with writable_engine.connect() as conn:
        assert meetings.next_meeting(conn, REPORT_DAY) == day
        view = meeting.build(conn, FILTERS, Settings(), day=day, today=REPORT_DAY)
    (item,) = [
        i for i in view.agenda.items
        if i.section == "decisions" and i.title == "Approve a second integrator"
    ]  # fmt: skip
    assert item.project_id == CLAIRE_PROJECT
    assert item.prefill["options"] == "A: keep one integrator\nB: add a second one"
    assert item.prefill["recommendation"] == "B: the go-live holds only with two teams"
