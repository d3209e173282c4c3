"""Follow-up rules with hand-computed expectations: which actions are open and overdue on a
day, which deferred decisions come back, and the secretary's agenda edits."""

from __future__ import annotations

from datetime import date

import pandas as pd

from steerco.analytics import meetings as m

D = date


def _actions(*rows) -> pd.DataFrame:
    return pd.DataFrame(
        rows, columns=["action_id", "raised_meeting", "due_date", "status", "closed_date"]
    )


def test_open_actions_on_a_day():
    actions = _actions(
        ("A1", D(2026, 9, 1), D(2026, 9, 20), "Open", None),  # open, 11 days late on 1 Oct
        ("A2", D(2026, 9, 1), D(2026, 10, 15), "Open", None),  # open, not yet due
        ("A3", D(2026, 9, 1), D(2026, 9, 10), "Done", D(2026, 9, 12)),  # done before
        ("A4", D(2026, 9, 1), D(2026, 9, 10), "Done", D(2026, 10, 5)),  # done after: open then
        ("A5", D(2026, 10, 1), D(2026, 10, 20), "Open", None),  # raised that day: not earlier
    )
    found = m.open_actions(actions, D(2026, 10, 1))
    assert found["action_id"].tolist() == ["A4", "A1", "A2"]  # soonest due first
    assert found["overdue"].tolist() == [True, True, False]
    assert found["days_overdue"].tolist() == [21, 11, 0]


def test_the_due_day_itself_is_not_overdue():
    found = m.open_actions(_actions(("A1", D(2026, 9, 1), D(2026, 10, 1), "Open", None)),
                           D(2026, 10, 1))  # fmt: skip
    assert found["overdue"].tolist() == [False]


def _decisions(*rows) -> pd.DataFrame:
    return pd.DataFrame(
        rows, columns=["decision_id", "meeting_date", "project_id", "question", "outcome"]
    )


def test_a_deferred_decision_comes_back_until_it_is_taken():
    decisions = _decisions(
        ("D1", D(2026, 8, 1), "P1", "Extend the contract?", "Deferred"),
        ("D2", D(2026, 8, 1), "P2", "Release contingency?", "Deferred"),
        ("D3", D(2026, 9, 1), "P2", "release contingency? ", "Approved"),  # same question
        ("D4", D(2026, 9, 1), "P1", "Extend the contract?", "Deferred"),  # deferred again
        ("D5", D(2026, 9, 1), None, "Hire a PMO analyst?", "Deferred"),
    )
    pending = m.deferred_pending(decisions, D(2026, 10, 1))
    assert pending["decision_id"].tolist() == ["D4", "D5"]  # P1's latest deferral, once
    # before the September meeting, both August deferrals were pending
    assert m.deferred_pending(decisions, D(2026, 9, 1))["decision_id"].tolist() == ["D1", "D2"]


def test_agenda_edits_leave_items_out_and_add_other_business():
    generated = [
        m.AgendaItem("red", "red:P1", "P1 · ERP"),
        m.AgendaItem("red", "red:P2", "P2 · CRM"),
    ]
    agenda = m.apply_edits(generated, {"left_out": ["red:P2"], "aob": ["Budget 2027", " "]})
    assert [i.ref for i in agenda.items] == ["red:P1", "aob:1"]
    assert agenda.section("aob")[0].title == "Budget 2027"
    assert [i.ref for i in agenda.left_out] == ["red:P2"]
    assert m.apply_edits(generated, None).items == generated
