"""The committee's record on SQLite and PostgreSQL: decisions and actions recorded through the
service layer (checked, versioned, in the audit trail), carried forward to the next meeting,
a closed meeting frozen — the same figures, lists and deck after imports, rollbacks and
amendments — and bad input refused by field, changing nothing."""

from __future__ import annotations

import hashlib
import io
import sqlite3
import struct
import zipfile
from datetime import date

import pandas as pd
import pytest
from PIL import Image
from sqlalchemy.engine import Engine

from data_access import access, audit, schema, versioning, writes
from data_access import engine as store_engine
from data_access import meetings as records
from data_access.filters import Filters
from steerco.analytics import meetings as follow_up
from steerco.exports import images
from steerco.exports.freeze import freeze_meeting
from steerco.views import meeting as views
from tests.conftest import TEST_AS_OF
from tests.support import store_state

PMO = access.Identity("pat@example.org", "Pat", access.PMO)
VIEWER = access.Identity("vic@example.org", "Vic", access.VIEWER)


@pytest.fixture
def days(writable_engine) -> tuple[date, date]:
    """The last meeting before the test date and the next one (both in the sample)."""
    with writable_engine.connect() as conn:
        listed = sorted(records.meetings(conn)["meeting_date"])
    earlier = [d for d in listed if d < TEST_AS_OF]
    later = [d for d in listed if d >= TEST_AS_OF]
    return earlier[-1], later[0]


def _view(engine, settings, day, today=TEST_AS_OF):
    with engine.connect() as conn:
        return views.build(conn, Filters(as_of=today), settings, day=day, today=today)


def test_a_decision_and_an_action_are_recorded_versioned_and_audited(writable_engine, days):
    _, day = days
    writes.open_meeting(writable_engine, PMO, day)
    first = writes.record_decision(
        writable_engine, PMO,
        {"meeting_date": day, "project_id": "PRJ-004", "question": "Approve CR-7?",
         "outcome": "Approved", "decided_by": "Chair"},
    )  # fmt: skip
    second = writes.record_decision(
        writable_engine, PMO, {"meeting_date": day, "question": "Noted: budget", "outcome": "Noted"}
    )
    assert (first, second) == (f"DEC-{day}-1", f"DEC-{day}-2")
    action = writes.record_action(
        writable_engine, PMO,
        {"raised_meeting": day, "action": "Send the plan", "owner": "Ann", "due_date": day,
         "status": "Open", "decision_id": first},
    )  # fmt: skip
    stored = store_state.current(writable_engine, "decisions").set_index("decision_id")
    assert stored.loc[first, "question"] == "Approve CR-7?"
    assert stored.loc[first, "project_id"] == "PRJ-004"
    actions = store_state.current(writable_engine, "actions").set_index("action_id")
    assert actions.loc[action, "owner"] == "Ann" and actions.loc[action, "decision_id"] == first
    log = store_state.import_log(writable_engine)
    assert log["user_name"].iloc[0] == "pat@example.org"
    assert log["source"].iloc[0] == f"meeting {day}: the action"


@pytest.mark.parametrize(
    ("values", "problems"),
    [
        ({"question": "", "outcome": ""}, ["question: is empty but required"]),
        ({"question": "Why?", "outcome": "Maybe"}, ["outcome: is not one of the allowed"]),
    ],
)
def test_a_decision_without_question_or_outcome_is_refused(writable_engine, days, values, problems):
    _, day = days
    before = store_state.snapshot(writable_engine)
    with pytest.raises(writes.FormRefused) as refused:
        writes.record_decision(writable_engine, PMO, {"meeting_date": day, **values})
    for expected in problems:
        assert any(p.startswith(expected) for p in refused.value.problems), refused.value.problems
    assert store_state.snapshot(writable_engine) == before


def test_an_action_without_owner_or_due_date_or_due_before_the_meeting(writable_engine, days):
    _, day = days
    base = {"raised_meeting": day, "action": "Do it", "status": "Open"}
    with pytest.raises(writes.FormRefused) as refused:
        writes.record_action(writable_engine, PMO, {**base, "owner": "", "due_date": None})
    assert [p.split(":")[0] for p in refused.value.problems] == ["owner", "due_date"]
    with pytest.raises(writes.FormRefused, match="due_date: is before raised_meeting"):
        writes.record_action(
            writable_engine, PMO, {**base, "owner": "Ann", "due_date": date(2020, 1, 1)}
        )


def test_a_viewer_cannot_record(writable_engine, days):
    _, day = days
    with pytest.raises(access.AccessRefused, match="may not change a meeting's record"):
        writes.record_decision(
            writable_engine, VIEWER, {"meeting_date": day, "question": "x", "outcome": "Noted"}
        )


def test_two_people_recording_at_once_are_both_kept(writable_engine, days, monkeypatch):
    """Both computed the same next id: the second finds it taken inside its commit and takes
    the next one; nothing is overwritten."""
    _, day = days
    real = records.next_id
    calls = []

    def stale_next_id(conn, dataset, meeting_day):
        calls.append(1)
        return f"DEC-{day}-1" if len(calls) <= 2 else real(conn, dataset, meeting_day)

    monkeypatch.setattr(records, "next_id", stale_next_id)
    one = writes.record_decision(
        writable_engine, PMO, {"meeting_date": day, "question": "A?", "outcome": "Noted"}
    )
    two = writes.record_decision(
        writable_engine, PMO, {"meeting_date": day, "question": "B?", "outcome": "Noted"}
    )
    assert (one, two) == (f"DEC-{day}-1", f"DEC-{day}-2")
    stored = store_state.current(writable_engine, "decisions").set_index("decision_id")
    assert stored.loc[one, "question"] == "A?" and stored.loc[two, "question"] == "B?"


def test_open_actions_and_deferred_decisions_are_carried_to_the_next_meeting(
    writable_engine, settings, days
):
    last, day = days
    writes.record_decision(
        writable_engine, PMO,
        {"meeting_date": last, "question": "Buy the licences?", "outcome": "Deferred",
         "project_id": "PRJ-002"},
    )  # fmt: skip
    action = writes.record_action(
        writable_engine, PMO,
        {"raised_meeting": last, "action": "Cost the options", "owner": "Bo",
         "due_date": last, "status": "Open"},
    )  # fmt: skip
    view = _view(writable_engine, settings, day)
    assert f"actions:{action}" in [i.ref for i in view.agenda.section("actions")]
    carried = view.open_actions.set_index("action_id").loc[action]
    assert bool(carried["overdue"]) and carried["days_overdue"] == (day - last).days
    deferred = [i for i in view.agenda.section("decisions") if i.ref.startswith("decisions:def")]
    assert [i.title for i in deferred][-1] == "Buy the licences?"
    assert deferred[-1].prefill["project_id"] == "PRJ-002"
    # decided in this meeting: the item says so and opens no form; it no longer comes back
    decided = writes.record_decision(
        writable_engine, PMO,
        {"meeting_date": day, "question": "Buy the licences?", "outcome": "Approved",
         "project_id": "PRJ-002"},
    )  # fmt: skip
    now = _view(writable_engine, settings, day, today=day)
    item = [i for i in now.agenda.section("decisions") if i.title == "Buy the licences?"][-1]
    assert (item.detail, item.prefill) == (f"Decided: Approved ({decided}).", None)
    with writable_engine.connect() as conn:
        taken = records.decisions(conn)
    assert "Buy the licences?" not in set(
        follow_up.deferred_pending(taken, date.fromordinal(day.toordinal() + 1))["question"]
    )
    # done in the meeting: closed there, and no longer open after it
    writes.close_action(writable_engine, PMO, action, status="Done", on=day, meeting=day)
    stored = store_state.current(writable_engine, "actions").set_index("action_id")
    assert stored.loc[action, "status"] == "Done"
    assert pd.Timestamp(stored.loc[action, "closed_meeting"]).date() == day


def _private_store(sqlite_url: str, tmp_path) -> tuple[Engine, date]:
    """A copy of the session's shared sample store for a test that writes (SQLite's backup
    API: whole even if the shared file had pages in its WAL), and its last meeting before
    the test date."""
    source = sqlite3.connect(f"file:{sqlite_url.removeprefix('sqlite:///')}?mode=ro", uri=True)
    target = sqlite3.connect(tmp_path / "store.sqlite")
    with source, target:
        source.backup(target)
    source.close()
    target.close()
    engine = store_engine.create_engine(f"sqlite:///{tmp_path / 'store.sqlite'}")
    with engine.connect() as conn:
        day = max(d for d in records.meetings(conn)["meeting_date"] if d < TEST_AS_OF)
    return engine, day


def _small_deck(title: str) -> bytes:
    """A real one-slide .pptx (python-pptx), for tests that need a deck but no charts."""
    from pptx import Presentation

    deck = Presentation()
    deck.slides.add_slide(deck.slide_layouts[5]).shapes.title.text = title
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _damaged(pack: bytes, how: str) -> bytes:
    """The deck as a failure could leave it: nothing, cut short, one byte of a part's data
    changed, or a zip that holds no presentation."""
    if how == "empty":
        return b""
    if how == "cut short":
        return pack[: len(pack) * 2 // 3]
    if how == "a byte changed":
        with zipfile.ZipFile(io.BytesIO(pack)) as deck:
            part = max(deck.infolist(), key=lambda info: info.compress_size)
        # the part's data follows its 30-byte local header, name and extra field
        name_size, extra_size = struct.unpack_from("<HH", pack, part.header_offset + 26)
        at = part.header_offset + 30 + name_size + extra_size + part.compress_size // 2
        return pack[:at] + bytes([pack[at] ^ 0xFF]) + pack[at + 1 :]
    if how == "no presentation":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as deck:
            deck.writestr("notes.txt", "not a deck")
        return buffer.getvalue()
    raise ValueError(how)


class _BrowserLost(images.ChartRenderer):
    """A renderer whose browser goes away at the third chart (a crash, or a render that
    timed out on a loaded machine): what ``images.ChartRenderer.render`` then raises."""

    def __init__(self) -> None:
        super().__init__()
        self.drawn = 0

    def start_in_background(self) -> None:
        pass

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass

    def render(self, fig, fmt="png", **size) -> images.Picture:
        if self.drawn == 2:
            raise images.RenderFailed("The chart could not be drawn: Executor is closed.")
        self.drawn += 1
        buffer = io.BytesIO()
        Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
        return images.Picture(buffer.getvalue(), "png", 4, 4)


def _described(data: bytes | None) -> str:
    """Bytes as a failure message shows them: size, digest and how they begin and end."""
    if data is None:
        return "nothing (NULL)"
    digest = hashlib.sha256(data).hexdigest()[:16]
    return f"{len(data)} bytes (sha256 {digest}…, {data[:8]!r}…{data[-22:]!r})"


def _deck_content(pack: bytes) -> list[list[str]]:
    from pptx import Presentation

    deck = Presentation(io.BytesIO(pack))
    slides = []
    for slide in deck.slides:
        texts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts += [c.text for row in shape.table.rows for c in row.cells]
            if shape.shape_type == 13:  # a picture: its bytes
                texts.append(hashlib.sha256(shape.image.blob).hexdigest())
        slides.append(texts)
    return slides


def test_a_closed_meeting_stays_as_the_committee_saw_it(writable_engine, settings, days):
    """Close a meeting, then import, roll back and amend: the frozen figures, lists and deck
    are the same; the live store did move (so the comparison would notice a leak)."""
    _, day = days
    writes.open_meeting(writable_engine, PMO, day)
    writes.record_decision(
        writable_engine, PMO, {"meeting_date": day, "question": "Go live?", "outcome": "Approved"}
    )
    view = _view(writable_engine, settings, day)
    frozen = views.frozen_content(view)
    pack = _small_deck("Go live?")  # a deck with charts: test_the_frozen_deck_is_the_one_built
    with pytest.raises(writes.FormRefused, match=r"is not a whole \.pptx file"):
        writes.close_meeting(
            writable_engine, PMO, day, frozen=frozen, pack=_damaged(pack, "cut short")
        )
    with writable_engine.connect() as conn:  # a closing is final: a half deck is never kept
        assert records.record(conn, day).status == schema.MEETING_IN_SESSION
        assert records.frozen_pack(conn, day) is None
    writes.close_meeting(writable_engine, PMO, day, frozen=frozen, pack=pack)

    # after the meeting: a new RAID item imported then rolled back, a status report changed,
    # and an amendment to the meeting's decisions
    raid = (
        b"raid_id;project_id;type;title;probability;impact;status;for_committee\n"
        b"RAID-LATE;PRJ-002;Issue;Late issue;5;5;Open;yes\n"
    )
    report = writes.run_import(writable_engine, PMO, raid, "late.csv", replace_scope=False)
    assert report.committed
    writes.rollback(writable_engine, PMO, report.result.import_id)
    writes.run_import(writable_engine, PMO, raid, "late-again.csv", replace_scope=False)
    with pytest.raises(access.AccessRefused, match="was closed on"):
        writes.record_decision(
            writable_engine, PMO, {"meeting_date": day, "question": "Also?", "outcome": "Noted"}
        )
    writes.record_decision(
        writable_engine, PMO, {"meeting_date": day, "question": "Also?", "outcome": "Noted"},
        amendment="forgotten in the minutes",
    )  # fmt: skip

    reopened = _view(writable_engine, settings, day)
    assert reopened.closed and reopened.record.frozen == frozen
    assert len(reopened.decisions) == len(view.decisions) + 1  # the live record moved
    with writable_engine.connect() as conn:
        assert records.frozen_pack(conn, day) == pack
        amended = audit.trail(conn, action=audit.AMENDED).iloc[0]
    assert amended["actor"] == "pat@example.org" and amended["detail"] == "forgotten in the minutes"
    with pytest.raises(access.AccessRefused, match="closing it again"):
        writes.close_meeting(writable_engine, PMO, day, frozen={}, pack=None)
    with pytest.raises(access.AccessRefused, match="opening it again"):
        writes.open_meeting(writable_engine, PMO, day)
    log = store_state.import_log(writable_engine)
    assert (log["outcome"] == versioning.schema.OUTCOME_ROLLED_BACK).any()


@pytest.mark.skipif(
    __import__("steerco.exports.images", fromlist=["x"]).chromium_path() is None,
    reason="the pack's charts need Chromium",
)
def test_the_frozen_deck_is_the_one_built(sqlite_url, tmp_path, settings):
    """The deck frozen at closing, compared slide by slide (texts, tables, pictures) after
    the store moved on, is the one the committee had; a deck built now differs."""
    from steerco.exports.pack import build_pack

    engine, day = _private_store(sqlite_url, tmp_path)
    writes.open_meeting(engine, PMO, day)
    with engine.connect() as conn:
        frozen, pack = freeze_meeting(
            conn, Filters(as_of=TEST_AS_OF), settings, day=day, today=TEST_AS_OF, source="t"
        )
    assert pack is not None, f"no deck was built at closing: {frozen.get('pack_missing')}"
    writes.close_meeting(engine, PMO, day, frozen=frozen, pack=pack)
    raid = (
        "raid_id;project_id;type;title;probability;impact;status;for_committee;raised_date\n"
        f"RAID-LATE;PRJ-002;Issue;Late issue found after the meeting;5;5;Open;yes;{day}\n"
    ).encode()
    assert writes.run_import(engine, PMO, raid, "late.csv", replace_scope=False).committed
    with engine.connect() as conn:
        kept = records.frozen_pack(conn, day)
        rebuilt = build_pack(conn, Filters(as_of=day), settings, source="t")
    engine.dispose()
    assert kept == pack, f"stored {_described(kept)}, built {_described(pack)}"
    assert _deck_content(kept) == _deck_content(pack)
    assert _deck_content(rebuilt) != _deck_content(kept)


def test_a_deck_whose_charts_could_not_be_drawn_leaves_the_meeting_open(
    sqlite_url, tmp_path, settings
):
    """The browser lost in the middle of the pack (it crashed, or a chart timed out on a
    loaded machine): freezing fails and says so, and nothing is closed. Closing is final, so
    a passing failure must not leave the meeting closed for good without its deck (it did:
    the deck was stored as NULL, and reading it back failed with BadZipFile)."""
    engine, day = _private_store(sqlite_url, tmp_path)
    writes.open_meeting(engine, PMO, day)
    renderer = _BrowserLost()
    with engine.connect() as conn, pytest.raises(images.RenderFailed, match="could not be drawn"):
        freeze_meeting(
            conn, Filters(as_of=TEST_AS_OF), settings, day=day, today=TEST_AS_OF, source="t",
            renderer=renderer,
        )  # fmt: skip
    assert renderer.drawn == 2, "the failure came in the middle of the pack"
    with engine.connect() as conn:
        assert records.record(conn, day).status == schema.MEETING_IN_SESSION
    # once the charts can be drawn again, the meeting closes with its whole deck
    pack = _small_deck("Drawn again")
    writes.close_meeting(engine, PMO, day, frozen={"agenda": []}, pack=pack)
    with engine.connect() as conn:
        assert records.frozen_pack(conn, day) == pack
    engine.dispose()


@pytest.mark.parametrize("how", ["empty", "cut short", "a byte changed", "no presentation"])
def test_a_damaged_deck_is_named_with_its_size(how):
    pack = _small_deck("Whole")
    assert writes.pack_problem(pack) is None
    damaged = _damaged(pack, how)
    problem = writes.pack_problem(damaged)
    assert problem is not None and f"({len(damaged):,} bytes)" in problem, problem
