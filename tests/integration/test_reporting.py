"""Reporting completeness before the meeting on a seeded store (SQLite and PostgreSQL), after a
few reports are written through the service layer, checked against plain pandas on the raw
tables; and the reminder e-mails to the late project managers through a real local SMTP server.

The sample meets on 20 Oct and 17 Nov 2026; on 16 Nov (the test anchor) the next meeting is
17 Nov, reports are due on 10 Nov (7 days before), and reports dated after 20 Oct count.
"""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from data_access import access, audit, users, writes
from data_access.access import AccessRefused, Identity
from data_access.filters import Filters
from data_access.mail import SmtpServer
from steerco.analytics import reporting
from steerco.config import Settings
from steerco.views import reporting as views
from tests.conftest import TEST_AS_OF
from tests.support import recompute, store_state
from tests.support.cli import no_traceback, run
from tests.support.roles import checked_upload
from tests.support.smtp import HOST, unused_port

MEETING = date(2026, 11, 17)
DEADLINE = date(2026, 11, 10)
CYCLE_START = date(2026, 10, 20)
ADMIN = access.single_user("test")
PMO = Identity(email="pat@example.org", name="Pat PMO", role=access.PMO)
VIEWER = Identity(email="vic@example.org", name="Vic Viewer", role=access.VIEWER)
SENDER = "pmo@example.org"
#: A draft for a late project, a late submission, and an approved report returned by the PMO.
REPORTS_CSV = (
    b"project_id;report_date;overall_rag;state\n"
    b"PRJ-036;2026-11-12;A;Draft\n"
    b"PRJ-035;2026-11-13;G;Submitted\n"
    b"PRJ-002;2026-11-10;G;Returned\n"
)


def _write_reports(engine) -> None:
    prepared = checked_upload(engine, REPORTS_CSV, "status_reports.csv")
    writes.commit_import(engine, ADMIN, prepared, replace_scope=False)


def _build(engine, filters: Filters | None = None, today: date = TEST_AS_OF):
    with engine.connect() as conn:
        return views.build(conn, filters or Filters(as_of=today), Settings(), today=today)


def _expected_late(engine, portfolio: str | None = None) -> pd.DataFrame:
    """The late active projects, in plain pandas: nothing Submitted or Approved (or stored
    without a state) dated after the cycle start and on or before the anchor date."""
    projects = recompute.counted(store_state.current(engine, "projects"))
    if portfolio:
        projects = projects[projects["portfolio"] == portfolio]
    reports = store_state.current(engine, "status_reports")
    dates = pd.to_datetime(reports["report_date"])
    in_cycle = reports[(dates > pd.Timestamp(CYCLE_START)) & (dates <= pd.Timestamp(TEST_AS_OF))]
    states = in_cycle["state"]
    reported = in_cycle[states.isin(["Submitted", "Approved"]) | states.isna()]
    return projects[~projects["project_id"].isin(reported["project_id"])]


def test_the_completeness_list_matches_the_raw_tables(writable_engine):
    _write_reports(writable_engine)
    view = _build(writable_engine)
    assert (view.meeting, view.deadline, view.cycle_start) == (MEETING, DEADLINE, CYCLE_START)
    frame = view.frame.set_index("project_id")
    assert frame.loc["PRJ-036", "status"] == reporting.DRAFT
    assert frame.loc["PRJ-035", "status"] == reporting.SUBMITTED  # after the deadline: counts
    assert frame.loc["PRJ-002", "status"] == reporting.RETURNED
    assert frame.loc["PRJ-030", "status"] == reporting.LATE

    expected = _expected_late(writable_engine)
    assert sorted(frame.index[frame["late"]]) == sorted(expected["project_id"])
    assert sorted(frame.index[frame["late"]]) == ["PRJ-002", "PRJ-030", "PRJ-036"]
    assert view.late_names == sorted(set(expected["project_manager"].str.strip()))
    active = recompute.counted(store_state.current(writable_engine, "projects"))
    assert sorted(frame.index) == sorted(active["project_id"])
    tiles = {k.label: int(k.value) for k in view.kpis}
    assert tiles["Late"] == 1 and tiles["Draft"] == 1 and tiles["Returned"] == 1
    assert sum(tiles[s] for s in reporting.STATUSES) == len(active)
    assert view.late_text == "\n".join(view.late_names)


def test_the_filters_narrow_the_list(engine):
    view = _build(engine, Filters(as_of=TEST_AS_OF, portfolio=("Operations",)))
    expected = _expected_late(engine, portfolio="Operations")
    projects = recompute.counted(store_state.current(engine, "projects"))
    operations = projects.loc[projects["portfolio"] == "Operations", "project_id"]
    assert sorted(view.frame["project_id"]) == sorted(operations)
    assert sorted(view.frame.loc[view.frame["late"], "project_id"]) == sorted(
        expected["project_id"]
    )


def test_without_a_next_meeting_there_is_no_list(engine):
    assert _build(engine, today=date(2026, 11, 18)) is None


def test_on_the_meeting_day_the_list_is_that_meetings(engine):
    assert _build(engine, today=MEETING).meeting == MEETING


def _with_an_address(engine) -> None:
    """Jan Peeters (PRJ-036, late) is in the role table; Emma Thompson and Sophie Laurent
    are not."""
    entry = users.Entry("jan.peeters@example.org", access.PROJECT_MANAGER, name="Jan Peeters")
    writes.save_user(engine, ADMIN, entry)


def _reminders(engine) -> pd.DataFrame:
    with engine.connect() as conn:
        return audit.trail(conn, action=writes.REMINDED)


def test_each_late_manager_with_an_address_gets_one_reminder(writable_engine, smtp_server):
    _write_reports(writable_engine)
    _with_an_address(writable_engine)
    view = _build(writable_engine)
    assert view.without_address == ["Emma Thompson", "Sophie Laurent"]
    server = SmtpServer(HOST, smtp_server.port, SENDER)
    outcomes = writes.send_reminders(
        writable_engine, PMO, server, None, view.messages, meeting=view.meeting
    )
    assert outcomes == [("jan.peeters@example.org", True, None)]
    [received] = smtp_server.received
    assert received.recipients == ["jan.peeters@example.org"]
    assert received.message["Subject"] == (
        "Status report due for the steering committee of 17 Nov 2026: PRJ-036"
    )
    assert "Hello Jan Peeters," in received.body
    assert "was due on 10 Nov 2026" in received.body
    assert "- PRJ-036 · Backup to cloud" in received.body
    row = _reminders(writable_engine).iloc[0]
    assert row["actor"] == "pat@example.org"
    assert row["target"] == "reminders for the meeting of 2026-11-17"
    assert json.loads(row["after"]) == [
        {"to": "jan.peeters@example.org", "sent": True, "error": None}
    ]


def test_a_viewer_cannot_send_reminders(writable_engine, smtp_server):
    _with_an_address(writable_engine)
    view = _build(writable_engine)
    server = SmtpServer(HOST, smtp_server.port, SENDER)
    with pytest.raises(AccessRefused, match="may not send reminders to project managers"):
        writes.send_reminders(
            writable_engine, VIEWER, server, None, view.messages, meeting=view.meeting
        )
    assert smtp_server.received == []
    assert _reminders(writable_engine).empty
    with writable_engine.connect() as conn:
        refused = audit.trail(conn, actor="vic@example.org", action=audit.REFUSED)
    assert refused.iloc[0]["target"] == "reminders for the meeting of 2026-11-17"


def test_a_mail_server_that_is_down_is_a_clear_error_per_recipient(writable_engine):
    _with_an_address(writable_engine)
    view = _build(writable_engine)
    port = unused_port()
    server = SmtpServer(HOST, port, SENDER, timeout_s=2)
    outcomes = writes.send_reminders(
        writable_engine, PMO, server, "pw-never-shown", view.messages, meeting=view.meeting
    )
    assert [(o.recipient, o.ok) for o in outcomes] == [("jan.peeters@example.org", False)]
    assert outcomes[0].error.startswith(f"{HOST}:{port}: ")
    row = _reminders(writable_engine).iloc[0]
    assert json.loads(row["after"])[0]["sent"] is False
    assert "pw-never-shown" not in row["after"]


def test_steerco_reporting_lists_the_late_projects(store_url, engine, capsys):
    code, out, err = run(capsys, "reporting", "--db", store_url, "--as-of", TEST_AS_OF, "--json")
    assert code == 0, err
    document = json.loads(out)
    assert (document["meeting"], document["deadline"]) == ("2026-11-17", "2026-11-10")
    expected = _expected_late(engine)
    late = [p["project_id"] for p in document["projects"] if p["late"]]
    assert sorted(late) == sorted(expected["project_id"])
    names = [m["name"] for m in document["late_project_managers"]]
    assert names == sorted(set(expected["project_manager"].str.strip()))

    code, out, err = run(capsys, "reporting", "--db", store_url, "--as-of", TEST_AS_OF)
    assert code == 0
    assert out.startswith("Next meeting 17 Nov 2026; reports due 10 Nov 2026")
    assert f"Late project managers: {', '.join(names)}" in out


def test_steerco_reporting_without_a_next_meeting_says_so(store_url, capsys):
    code, out, err = run(capsys, "reporting", "--db", store_url, "--as-of", "2026-11-18")
    assert code == 1 and out == ""
    assert err == "steerco: no meeting is scheduled on or after 2026-11-18\n"
    no_traceback(out, err)
