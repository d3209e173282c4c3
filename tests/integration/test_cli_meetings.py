"""`steerco meeting|decision|action` on a store of its own: the committee's record from the
command line, with the checks of the Meeting page (SQLite and PostgreSQL)."""

from __future__ import annotations

import json

import pytest

from data_access import meetings as records
from tests.conftest import TEST_AS_OF
from tests.support import cli


@pytest.fixture
def day(writable_engine):
    with writable_engine.connect() as conn:
        return min(d for d in records.meetings(conn)["meeting_date"] if d >= TEST_AS_OF)


def test_a_meeting_recorded_from_the_command_line(writable_url, day, capsys):
    run = lambda *a: cli.run(capsys, *a, "--db", writable_url)  # noqa: E731
    assert run("meeting", "open", day)[:2] == (0, f"meeting {day}: in session\n")
    code, out, err = run("decision", "add", "--meeting", day, "--question", "Approve CR-9?",
                         "--outcome", "Approved", "--project", "PRJ-002")  # fmt: skip
    assert (code, out.strip()) == (0, f"recorded decision DEC-{day}-1"), err
    code, out, err = run("action", "add", "--meeting", day, "--text", "Send the plan",
                         "--owner", "Ann", "--due", day)  # fmt: skip
    assert (code, out.strip()) == (0, f"recorded action ACT-{day}-1"), err
    code, out, _ = run("decision", "list", "--meeting", day, "--json")
    assert [(d["decision_id"], d["outcome"]) for d in json.loads(out)] == [
        (f"DEC-{day}-1", "Approved")
    ]
    code, out, _ = run("meeting", "show", day, "--json")
    shown = json.loads(out)
    assert shown["status"] == "in session"
    assert [a["Owner"] for a in shown["actions"]] == ["Ann"]
    code, out, _ = run("action", "done", f"ACT-{day}-1", "--meeting", day)
    assert (code, out.strip()) == (0, f"action ACT-{day}-1: done")
    code, out, _ = run("action", "list", "--open", "--json")
    assert f"ACT-{day}-1" not in {a["action_id"] for a in json.loads(out)}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("decision", "add", "--question", "Why?", "--outcome", "Noted"),
         "there is no meeting on None"),
        (("decision", "add", "--meeting", "{day}", "--question", "", "--outcome", "Maybe"),
         "outcome: is not one of the allowed values"),
        (("action", "add", "--meeting", "{day}", "--text", "x", "--due", "2020-01-01"),
         "owner: is empty but required"),
        (("action", "add", "--meeting", "{day}", "--text", "x", "--owner", "Bo",
          "--due", "2020-01-01"), "due_date: is before raised_meeting"),
        (("decision", "add", "--meeting", "{day}", "--question", "Q", "--outcome", "Noted",
          "--as", "nobody@example.org"), "is viewer and may not change a meeting's record"),
        (("meeting", "show", "2001-01-01"), "there is no meeting on 2001-01-01"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_with_the_field_and_changes_nothing(
    writable_url, day, capsys, argv, message
):
    argv = [a.format(day=day) for a in argv]
    code, out, err = cli.run(capsys, *argv, "--db", writable_url)
    assert code == 1 and message in err, err
    cli.no_traceback(out, err)
    code, out, _ = cli.run(capsys, "decision", "list", "--meeting", day, "--json",
                           "--db", writable_url)  # fmt: skip
    assert json.loads(out) == []


def test_close_freezes_and_a_later_change_is_an_amendment(writable_url, day, capsys):
    run = lambda *a: cli.run(capsys, *a, "--db", writable_url)  # noqa: E731
    run("meeting", "open", day)
    code, out, err = run("meeting", "close", day)
    assert code == 0 and out.startswith(f"meeting {day}: closed and frozen"), err
    code, _, err = run("decision", "add", "--meeting", day, "--question", "Late?",
                       "--outcome", "Noted")  # fmt: skip
    assert code == 1 and f"The meeting of {day} was closed on" in err
    code, out, _ = run("decision", "add", "--meeting", day, "--question", "Late?",
                       "--outcome", "Noted", "--amendment", "forgotten")  # fmt: skip
    assert code == 0
    shown = json.loads(run("meeting", "show", day, "--json")[1])
    assert shown["status"] == "closed" and shown["decisions"] == []  # as frozen
    code, out, _ = run("audit", "--action", "amendment", "--json")
    assert json.loads(out)[0]["detail"] == "forgotten"
