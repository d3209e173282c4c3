"""The Meeting page: a secretary opens the session, records a decision from the agenda and an
action, sees errors named by field, closes and freezes the meeting; a viewer only reads; a link
opens a given meeting (AppTest)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from data_access import access
from data_access import engine as store_engine
from data_access import meetings as records
from data_access.filters import today
from tests.support import apptest

PAGE = "pages/meeting.py"
VIEWER = access.Identity("vic@example.org", "Vic", access.VIEWER)


def _days(app_env) -> list[date]:
    eng = store_engine.create_engine(app_env)
    with eng.connect() as conn:
        days = sorted(records.meetings(conn)["meeting_date"])
    eng.dispose()
    return days


def _area(at, label: str):
    return next(a for a in at.text_area if a.label == label)


def _stored(app_env, what: str):
    eng = store_engine.create_engine(app_env)
    with eng.connect() as conn:
        found = records.decisions(conn) if what == "decisions" else records.actions(conn)
    eng.dispose()
    return found


def test_the_next_meeting_opens_with_its_generated_agenda(app_env):
    upcoming = min(d for d in _days(app_env) if d >= today())
    at = apptest.open_page(PAGE)
    apptest.no_error(at)
    assert at.selectbox(key="mtg_day").value == upcoming
    texts = [m.value for m in at.markdown]
    for section in ("**Executive summary**", "**Decisions asked**", "**Any other business**"):
        assert section in texts
    assert "State: **planned** · Chair: Isabelle Moreau" in texts


def test_a_secretary_records_a_decision_from_the_agenda_and_an_action(app_env):
    at = apptest.open_page(PAGE)
    at.button(key="mtg_open").click().run()
    apptest.no_error(at)
    assert [s.value for s in at.success] == ["The session is open."]
    record = next(b for b in at.button if b.key and b.key.startswith("mtg_rec_decisions:"))
    at = record.click().run()  # the decision form opens, pre-filled, on the Decisions tab
    apptest.no_error(at)
    asked = _area(at, "Question *").value
    assert asked  # the question asked by the report
    outcome = next(s for s in at.selectbox if s.label == "Outcome *")
    outcome.set_value("Approved")
    submit = next(b for b in at.get("form_submit_button") if b.label == "Record the decision")
    at = submit.click().run()
    apptest.no_error(at)
    (done,) = [s.value for s in at.success]
    assert done.startswith("Decision DEC-") and done.endswith(" recorded.")
    assert asked in set(_stored(app_env, "decisions")["question"])

    at = apptest.open_tab(at, "mtg_sections", "Actions")
    day = at.selectbox(key="mtg_day").value
    _area(at, "What *").set_value("Send the revised plan")
    next(i for i in at.text_input if i.label == "Owner *").set_value("Ann Peeters")
    next(d for d in at.date_input if d.label == "Due date *").set_value(day)
    submit = next(b for b in at.get("form_submit_button") if b.label == "Add the action")
    at = submit.click().run()
    apptest.no_error(at)
    (done,) = [s.value for s in at.success]
    assert done == f"Action ACT-{day}-1 added."
    stored = _stored(app_env, "actions").set_index("action_id").loc[f"ACT-{day}-1"]
    assert (stored["owner"], stored["due_date"], stored["status"]) == ("Ann Peeters", day, "Open")


def test_a_decision_without_outcome_is_refused_by_field(app_env):
    at = apptest.open_page(PAGE)
    at = apptest.open_tab(at, "mtg_sections", "Decisions")
    _area(at, "Question *").set_value("Approve the budget?")
    submit = next(b for b in at.get("form_submit_button") if b.label == "Record the decision")
    at = submit.click().run()
    (error,) = [e.value for e in at.error]
    assert error.startswith("Not recorded:") and "outcome: is empty but required" in error
    assert "Approve the budget?" not in set(_stored(app_env, "decisions")["question"])


def test_a_viewer_reads_the_meeting_but_records_nothing(app_env, monkeypatch):
    apptest.act_as(monkeypatch, VIEWER)
    at = apptest.open_page(PAGE)
    apptest.no_error(at)
    assert not at.get("form_submit_button")
    assert not [b for b in at.button if b.key in ("mtg_open", "mtg_close")]
    assert not [b for b in at.button if b.key and b.key.startswith("mtg_rec_")]


@pytest.mark.parametrize("link", ["not-a-date", "2099-01-01", "[x](http://evil)"])
def test_a_link_to_no_meeting_opens_the_default_one(app_env, link):
    at = apptest.open_page(PAGE, params={"meeting": link})
    assert not at.exception
    assert at.selectbox(key="mtg_day").value in _days(app_env)


def test_a_link_opens_that_meeting(app_env):
    earlier = _days(app_env)[-3]
    at = apptest.open_page(PAGE, params={"meeting": earlier.isoformat()})
    apptest.no_error(at)
    assert at.selectbox(key="mtg_day").value == earlier


def test_the_compare_tab_lists_what_changed_since_the_last_meeting(app_env):
    at = apptest.open_page(PAGE)
    at = apptest.open_tab(at, "mtg_sections", "Compare")
    apptest.no_error(at)
    assert at.metric, "the counts of each list as tiles"
    assert any("RAG" in m.label or "rag" in m.label.lower() for m in at.metric)


def test_a_scoped_viewer_sees_only_their_projects_in_a_frozen_meeting(app_env, monkeypatch):
    """The frozen record is the committee's (whole portfolio): a viewer scoped to Finance sees
    its items and the portfolio's own, never another portfolio's, and no portfolio figures."""
    from data_access import writes
    from data_access.filters import Filters
    from steerco.config import Settings
    from steerco.views import meeting as views

    eng = store_engine.create_engine(app_env)
    held = max(d for d in _days(app_env) if d < today())
    pmo = access.Identity("pat@example.org", "Pat", access.PMO)
    writes.open_meeting(eng, pmo, held)
    with eng.connect() as conn:
        projects = pd.read_sql("SELECT project_id, portfolio FROM projects", conn)
    finance = set(projects.loc[projects["portfolio"] == "Finance", "project_id"])
    other = sorted(set(projects["project_id"]) - finance)[0]
    theirs = {"project_id": other, "question": "Other portfolio's?", "outcome": "Approved"}
    everyone = {"question": "Portfolio-wide?", "outcome": "Noted"}
    for values in (theirs, everyone):
        writes.record_decision(eng, pmo, {"meeting_date": held, **values})
    with eng.connect() as conn:
        view = views.build(conn, Filters(), Settings(), day=held, today=today())
        writes.close_meeting(eng, pmo, held, frozen=views.frozen_content(view), pack=None)
    eng.dispose()
    scoped = access.Identity("vera@example.org", "Vera", access.VIEWER, portfolios=("Finance",))
    apptest.act_as(monkeypatch, scoped)
    at = apptest.open_page(PAGE, params={"meeting": held.isoformat()})
    apptest.no_error(at)
    cells = " ".join(str(v) for f in at.dataframe for v in f.value.to_numpy().ravel())
    assert "Portfolio-wide?" in cells and "Other portfolio's?" not in cells
    assert not at.metric  # no portfolio figures
    assert not [b for b in at.get("download_button")]  # the whole record's minutes and pack


def test_the_secretary_adds_a_meeting_and_it_opens(app_env):
    coming = max(_days(app_env))
    new_day = date.fromordinal(coming.toordinal() + 28)
    at = apptest.open_page(PAGE)
    next(d for d in at.date_input if d.label == "Date *").set_value(new_day)
    next(i for i in at.text_input if i.label == "Committee *").set_value("IT Steering Committee")
    next(i for i in at.text_input if i.label.startswith("Attendees")).set_value("Ann; Bo")
    submit = next(b for b in at.get("form_submit_button") if b.label == "Save the meeting")
    at = submit.click().run()
    apptest.no_error(at)
    assert at.selectbox(key="mtg_day").value == new_day
    assert new_day in _days(app_env)
    assert any("Attendees: Ann; Bo" in c.value for c in at.caption)


def test_a_meeting_without_committee_is_refused_by_field(app_env):
    at = apptest.open_page(PAGE)
    next(i for i in at.text_input if i.label == "Committee *").set_value("")
    submit = next(b for b in at.get("form_submit_button") if b.label == "Save the meeting")
    at = submit.click().run()
    (error,) = [e.value for e in at.error]
    assert "committee: is empty but required" in error
