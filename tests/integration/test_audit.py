"""The audit trail: every write path leaves one row under the right name, in the same
transaction, and the database refuses to change or delete a row (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest
import sqlalchemy as sa

from data_access import audit, schema, store, versioning
from data_access import engine as store_engine
from data_access.ingest import mapping as mappings
from data_access.ingest import service
from tests.support import cli
from tests.support import migrations as old_store

NEW_RISK = (
    "raid_id;project_id;type;title;probability;impact;status\n"
    "RAID-AUD-1;PRJ-002;Risk;Key architect leaves;3;4;Open\n"
)


def _trail(engine, **filters):
    with engine.connect() as conn:
        return audit.trail(conn, **filters)


def test_an_import_and_its_rollback_are_recorded_under_their_names(writable_engine):
    before = len(_trail(writable_engine))
    report = service.run_import(
        writable_engine, NEW_RISK.encode(), "risk.csv", user_name="ann@example.org",
        replace_scope=False,
    )  # fmt: skip
    assert report.committed
    versioning.rollback(writable_engine, report.result.import_id, user_name="pmo@example.org")
    rows = _trail(writable_engine)
    assert len(rows) == before + 2
    undo, done = rows.iloc[0], rows.iloc[1]  # newest first
    assert (done["actor"], done["action"]) == ("ann@example.org", audit.IMPORT)
    assert done["target"] == f"import #{report.result.import_id}"
    assert json.loads(done["after"])["added"] == 1 and done["detail"] == "risk.csv"
    assert (undo["actor"], undo["action"]) == ("pmo@example.org", audit.ROLLBACK)
    assert undo["target"] == f"import #{report.result.import_id}"


def test_a_refused_import_is_recorded_too(writable_engine):
    report = service.run_import(
        writable_engine, b"raid_id;title\nX;no project\n", "bad.csv", user_name="bob"
    )
    assert report.refused
    last = _trail(writable_engine, actor="bob").iloc[0]
    assert last["action"] == audit.IMPORT
    assert json.loads(last["after"])["outcome"] == schema.OUTCOME_REFUSED
    assert last["detail"].startswith("bad.csv")


def test_a_mapping_saved_changed_and_deleted_keeps_before_and_after(writable_engine):
    first = mappings.Mapping(dataset="projects", columns={"project_id": "Code"}, name="ERP")
    second = mappings.Mapping(dataset="projects", columns={"project_id": "Id"}, name="ERP")
    mappings.save_mapping(writable_engine, first, user_name="admin@example.org")
    mappings.save_mapping(writable_engine, second, user_name="admin@example.org")
    assert mappings.delete_mapping(writable_engine, "ERP", user_name="admin@example.org")
    assert not mappings.delete_mapping(writable_engine, "ERP", user_name="admin@example.org")
    rows = _trail(writable_engine, actor="admin@example.org").iloc[::-1]  # oldest first
    assert rows["action"].tolist() == [
        audit.MAPPING_SAVED,
        audit.MAPPING_SAVED,
        audit.MAPPING_DELETED,
    ]
    assert rows["target"].unique().tolist() == ["mapping 'ERP'"]
    created, changed, deleted = (rows.iloc[i] for i in range(3))
    assert pd.isna(created["before"]) and json.loads(created["after"])["columns"] == {
        "project_id": "Code"
    }
    assert json.loads(changed["before"]) == json.loads(created["after"])
    assert json.loads(changed["after"])["columns"] == {"project_id": "Id"}
    assert json.loads(deleted["before"]) == json.loads(changed["after"])
    assert pd.isna(deleted["after"])


@pytest.mark.parametrize(
    "statement", ["UPDATE steerco_audit SET actor = 'x'", "DELETE FROM steerco_audit"]
)
def test_the_database_refuses_to_change_or_delete_the_trail(writable_engine, statement):
    assert len(_trail(writable_engine)) > 0  # the seed is in it
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), writable_engine.begin() as conn:
        conn.exec_driver_sql(statement)
    assert len(_trail(writable_engine)) > 0


def test_the_sample_loads_are_in_the_trail(sqlite_engine):
    rows = _trail(sqlite_engine)
    assert set(rows["action"]) == {audit.IMPORT}
    with sqlite_engine.connect() as conn:
        loads = conn.execute(sa.select(sa.func.count()).select_from(schema.imports)).scalar()
    assert len(rows) == loads


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_a_version_3_store_gains_the_trail(backend, request, tmp_path):
    """Revision 0004 makes the trail with its triggers: empty, and append-only at once."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'v3.sqlite'}"
    else:
        url = request.getfixturevalue("pg_server").create_database("audit_v3")
    old_store.store_at(url, "0003", stamped=False)
    engine = store_engine.create_engine(url)
    assert store.upgrade_store(engine).before == "0003"
    with engine.connect() as conn:
        assert store.schema_version(conn) == schema.SCHEMA_VERSION
        assert audit.trail(conn).empty
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), engine.begin() as conn:
        audit.record(conn, actor="a", action="test")
        conn.exec_driver_sql("DELETE FROM steerco_audit")
    engine.dispose()


def test_steerco_audit_prints_the_trail_as_json(writable_url, capsys):
    code, out, err = cli.run(
        capsys, "audit", "--json", "--db", writable_url, "--since", "2000-01-01"
    )
    assert code == 0, err
    rows = json.loads(out)
    assert rows and {"at", "actor", "action", "target", "before", "after", "detail"} <= set(rows[0])
    code, out, _ = cli.run(
        capsys, "audit", "--json", "--db", writable_url, "--since", str(date.today())
    )
    assert code == 0
    assert all(row["at"] >= str(date.today()) for row in json.loads(out))


def test_a_sign_in_is_recorded_and_a_read_only_store_does_not_keep_anyone_out(tmp_path):
    path = tmp_path / "steerco.sqlite"
    writable = store_engine.create_engine(f"sqlite:///{path}")
    store.create_schema(writable)
    assert audit.record_sign_in(writable, "alice@example.org", "Alice Martin")
    read_only = store_engine.create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    assert not audit.record_sign_in(read_only, "bob@example.org", "Bob Peeters")
    rows = _trail(writable, action=audit.SIGN_IN)
    assert rows[["actor", "detail"]].values.tolist() == [["alice@example.org", "Alice Martin"]]
    read_only.dispose()
    writable.dispose()


def test_a_reload_of_the_same_sign_in_is_not_recorded_again(writable_engine):
    from datetime import datetime

    issued = datetime(2026, 12, 5, 8, 30, 0)
    assert audit.record_sign_in(writable_engine, "alice@example.org", "Alice", signed_at=issued)
    assert not audit.record_sign_in(  # a new tab or a reload: a new session, the same sign-in
        writable_engine, "alice@example.org", "Alice", signed_at=issued
    )
    later = datetime(2026, 12, 5, 14, 0, 0)
    assert audit.record_sign_in(writable_engine, "alice@example.org", "Alice", signed_at=later)
    rows = _trail(writable_engine, action=audit.SIGN_IN)
    assert rows["target"].tolist() == [
        "sign-in of 2026-12-05 14:00:00",
        "sign-in of 2026-12-05 08:30:00",
    ]
