"""Preview, commit, history, as-of and rollback on a real store (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
import time
from datetime import datetime

import pandas as pd
import pytest
import sqlalchemy as sa

from data_access import schema, store, versioning
from data_access.engine import create_engine
from data_access.ingest.coerce import canonical_frame


def _raid_of(frames, project_id: str) -> pd.DataFrame:
    raid = frames["raid"]
    return raid[raid["project_id"] == project_id].reset_index(drop=True)


def _canonical(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    ds = schema.dataset(name)
    return canonical_frame(ds, frame).sort_values(list(ds.keys), ignore_index=True)


def _current(engine, name: str) -> pd.DataFrame:
    with engine.connect() as conn:
        return versioning.as_of(conn, name, datetime.now())


@pytest.fixture
def edited_raid(small_frames):
    """The RAID sheet of the project with most items, as its PM sends it back: one title
    changed, the last item deleted, one new item."""
    busiest = small_frames["raid"]["project_id"].value_counts().index[0]
    mine = _raid_of(small_frames, busiest)
    assert len(mine) >= 3
    mine.loc[0, "title"] = "Vendor contract signed late"
    removed_id = mine.loc[len(mine) - 1, "raid_id"]
    mine = mine.iloc[:-1]
    new = mine.iloc[[0]].assign(raid_id="RAID-NEW-1", title="New dependency on IAM")
    return pd.concat([mine, new], ignore_index=True), removed_id


def test_preview_lists_added_changed_and_removed_rows_and_writes_nothing(
    writable_engine, edited_raid, small_frames
):
    frame, removed_id = edited_raid
    changes = versioning.preview(writable_engine, {"raid": frame})
    raid = changes.datasets["raid"]
    assert raid.counts == {
        "added": 1,
        "changed": 1,
        "removed": 1,
        "unchanged": len(frame) - 2,
    }
    assert raid.added["raid_id"].tolist() == ["RAID-NEW-1"]
    assert raid.removed["raid_id"].tolist() == [removed_id]
    field = raid.field_changes.iloc[0]
    project = frame.loc[0, "project_id"]
    assert (field["column"], field["new"]) == ("title", "Vendor contract signed late")
    assert field["old"] == _raid_of(small_frames, project).loc[0, "title"]
    # Other projects' RAID items are outside the scope of this project's sheet.
    assert set(raid.removed["project_id"]) == {project}
    pd.testing.assert_frame_equal(
        _current(writable_engine, "raid"), _canonical("raid", small_frames["raid"])
    )


def test_commit_writes_exactly_the_preview_and_records_the_import(writable_engine, edited_raid):
    frame, removed_id = edited_raid
    result = versioning.commit(
        writable_engine, {"raid": frame}, source="raid.xlsx", sha256="ab" * 32, user_name="pm1"
    )
    assert result.outcome == schema.OUTCOME_COMMITTED
    current = _current(writable_engine, "raid")
    assert removed_id not in set(current["raid_id"])
    assert "RAID-NEW-1" in set(current["raid_id"])
    title = current.set_index("raid_id").loc[frame.loc[0, "raid_id"], "title"]
    assert title == "Vendor contract signed late"
    with writable_engine.connect() as conn:
        record = versioning.import_record(conn, result.import_id)
    assert (record["rows_added"], record["rows_changed"], record["rows_removed"]) == (1, 1, 1)
    assert (record["user_name"], record["source"], record["sha256"]) == (
        "pm1",
        "raid.xlsx",
        "ab" * 32,
    )


def test_committing_the_same_file_again_changes_nothing(writable_engine, edited_raid):
    frame, _ = edited_raid
    versioning.commit(writable_engine, {"raid": frame}, source="raid.xlsx")
    before = _current(writable_engine, "raid")
    again = versioning.commit(writable_engine, {"raid": frame}, source="raid.xlsx")
    assert again.outcome == schema.OUTCOME_UNCHANGED
    assert again.changes.is_empty
    pd.testing.assert_frame_equal(_current(writable_engine, "raid"), before)


def test_as_of_answers_with_the_data_before_and_after_an_import(
    writable_engine, edited_raid, small_frames
):
    frame, removed_id = edited_raid
    before = datetime.now()
    time.sleep(0.01)
    versioning.commit(writable_engine, {"raid": frame}, source="raid.xlsx")
    with writable_engine.connect() as conn:
        then = versioning.as_of(conn, "raid", before)
        now = versioning.as_of(conn, "raid", datetime.now())
    pd.testing.assert_frame_equal(then, _canonical("raid", small_frames["raid"]))
    assert removed_id in set(then["raid_id"]) and removed_id not in set(now["raid_id"])


def test_versions_trace_a_milestone_forecast_over_imports(writable_engine, small_frames):
    milestones = small_frames["milestones"]
    project = milestones["project_id"].iloc[0]
    mine = milestones[milestones["project_id"] == project].reset_index(drop=True)
    milestone_id = mine.loc[0, "milestone_id"]
    forecasts = [pd.Timestamp("2027-03-01"), pd.Timestamp("2027-04-15")]
    for forecast in forecasts:
        mine.loc[0, "forecast_date"] = forecast
        versioning.commit(writable_engine, {"milestones": mine}, source="ms.xlsx")
    with writable_engine.connect() as conn:
        trace = versioning.versions(conn, "milestones", milestone_id=milestone_id)
    assert trace["forecast_date"].tolist()[-2:] == forecasts
    assert trace[schema.VALID_TO].isna().tolist() == [False, False, True]


def test_rollback_restores_the_data_and_is_itself_recorded(
    writable_engine, edited_raid, small_frames
):
    frame, _ = edited_raid
    committed = versioning.commit(writable_engine, {"raid": frame}, source="raid.xlsx")
    undone = versioning.rollback(writable_engine, committed.import_id, user_name="pmo")
    pd.testing.assert_frame_equal(
        _current(writable_engine, "raid"), _canonical("raid", small_frames["raid"])
    )
    assert undone.changes.summary()["raid"] == {
        "added": 1,
        "changed": 1,
        "removed": 1,
        "unchanged": 0,
    }
    with writable_engine.connect() as conn:
        original = versioning.import_record(conn, committed.import_id)
        rollback = versioning.import_record(conn, undone.import_id)
    assert original["outcome"] == schema.OUTCOME_ROLLED_BACK
    assert original["rolled_back_by"] == undone.import_id
    assert rollback["rollback_of"] == committed.import_id
    with pytest.raises(versioning.RollbackRefused, match="already rolled back"):
        versioning.rollback(writable_engine, committed.import_id)


def test_rollback_refuses_when_a_later_import_changed_the_same_rows(writable_engine, edited_raid):
    frame, _ = edited_raid
    first = versioning.commit(writable_engine, {"raid": frame}, source="one.xlsx")
    frame = frame.copy()
    frame.loc[0, "title"] = "Changed again"
    second = versioning.commit(writable_engine, {"raid": frame}, source="two.xlsx")
    with pytest.raises(versioning.RollbackRefused, match=f"#{second.import_id}"):
        versioning.rollback(writable_engine, first.import_id)
    versioning.rollback(writable_engine, second.import_id)
    versioning.rollback(writable_engine, first.import_id)  # now allowed


def test_seed_and_refused_imports_cannot_be_rolled_back(writable_engine):
    refused = versioning.record_outcome(
        writable_engine, source="bad.xlsx", outcome=schema.OUTCOME_REFUSED, message="bad"
    )
    with pytest.raises(versioning.RollbackRefused, match="wrote nothing"):
        versioning.rollback(writable_engine, refused)
    with pytest.raises(versioning.RollbackRefused, match="no import #999"):
        versioning.rollback(writable_engine, 999)


def test_a_failure_in_the_middle_of_a_commit_leaves_the_data_unchanged(
    writable_engine, edited_raid, small_frames, monkeypatch
):
    frame, _ = edited_raid
    real_insert = store.bulk_insert
    calls = []

    def failing_insert(conn, table, rows):
        calls.append(table.name)
        if table.name == "raid":  # history already written, current rows deleted
            raise RuntimeError("disk full")
        return real_insert(conn, table, rows)

    monkeypatch.setattr(store, "bulk_insert", failing_insert)
    with pytest.raises(RuntimeError, match="disk full"):
        versioning.commit(writable_engine, {"raid": frame}, source="raid.xlsx")
    assert calls == ["raid_history", "raid"]
    monkeypatch.setattr(store, "bulk_insert", real_insert)
    pd.testing.assert_frame_equal(
        _current(writable_engine, "raid"), _canonical("raid", small_frames["raid"])
    )
    with writable_engine.connect() as conn:
        history = conn.execute(
            sa.select(sa.func.count()).select_from(schema.HISTORY_TABLES["raid"])
        ).scalar_one()
        outcomes = versioning.import_log(conn)["outcome"].tolist()
    assert history == 0
    assert schema.OUTCOME_COMMITTED not in outcomes


def test_commit_refuses_when_the_store_changed_since_the_preview(writable_engine, edited_raid):
    frame, _ = edited_raid
    preview = versioning.preview(writable_engine, {"raid": frame})
    versioning.commit(writable_engine, {"raid": frame}, source="colleague.xlsx")
    with pytest.raises(versioning.CommitRefused, match="changed since your preview"):
        versioning.commit(writable_engine, {"raid": frame}, source="mine.xlsx", expected=preview)


def test_two_imports_at_the_same_moment_both_complete_and_readers_are_not_blocked(
    writable_url, small_frames
):
    """Two writers queue (no 'database is locked'); a reader answers while they write."""
    projects = small_frames["projects"]
    batches = []
    for n in range(2):
        frame = projects.copy()
        frame["description"] = f"writer {n}"
        frame["project_id"] = [f"{pid}-W{n}" for pid in frame["project_id"]]
        batches.append(frame)
    errors: list[BaseException] = []
    results = []

    def write(frame):
        engine = create_engine(writable_url)
        try:
            results.append(versioning.commit(engine, {"projects": frame}, source="x.xlsx"))
        except BaseException as exc:
            errors.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=write, args=(b,)) for b in batches]
    for thread in threads:
        thread.start()
    reader = create_engine(writable_url)
    with reader.connect() as conn:
        count = conn.execute(
            sa.select(sa.func.count()).select_from(schema.TABLES["projects"])
        ).scalar_one()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert count >= len(projects)
    assert sorted(r.outcome for r in results) == [schema.OUTCOME_COMMITTED] * 2
    with reader.connect() as conn:
        total = conn.execute(
            sa.select(sa.func.count()).select_from(schema.TABLES["projects"])
        ).scalar_one()
    reader.dispose()
    assert total == 3 * len(projects)
