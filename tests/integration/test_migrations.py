"""Schema migrations (Alembic) on SQLite and a real PostgreSQL server: a store made by the
previous release (schema version 2) upgrades to the head with every row kept, one step down and
up again works, the head equals ``schema.py`` (autogenerate finds nothing), a newer store is
refused and an older one is upgraded only when told (or the embedded default, backed up)."""

from __future__ import annotations

import sqlite3

import pytest
import sqlalchemy as sa

from data_access import engine as store_engine
from data_access import migrations, schema, store, summaries
from tests.support import migrations as old_store

HEAD = migrations.revision_of(schema.SCHEMA_VERSION)
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
_databases = iter(range(1, 1_000_000))


@pytest.fixture(params=BACKENDS)
def blank_url(request, tmp_path) -> str:
    """An empty database of its own on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'steerco.sqlite'}"
    return request.getfixturevalue("pg_server").create_database(f"mig_{next(_databases)}")


@pytest.fixture
def v2_url(blank_url, small_frames) -> str:
    """A store as the previous release made it: schema version 2, not stamped by Alembic,
    with rows in every table."""
    old_store.store_at(blank_url, "0002", stamped=False)
    old_store.fill(blank_url, small_frames)
    return blank_url


def _upgrade(url: str) -> store.Upgrade:
    engine = store_engine.create_engine(url)
    try:
        return store.upgrade_store(engine)
    finally:
        engine.dispose()


def test_one_revision_per_schema_version_up_to_the_head():
    ids = [r.revision for r in migrations.revisions()]
    assert ids == [migrations.revision_of(v) for v in range(2, schema.SCHEMA_VERSION + 1)]
    assert migrations.head() == HEAD
    for rev in migrations.revisions()[1:]:
        assert rev.down_revision == migrations.revision_of(int(rev.revision) - 1)


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_migrations_agree_with_the_models(backend, request, tmp_path):
    """Autogenerate's compare finds no difference between schema.py and a store migrated from
    nothing to the head, nor one created from the models (stamped at the head)."""
    if backend == "sqlite":
        urls = [f"sqlite:///{tmp_path / name}.sqlite" for name in ("migrated", "created")]
    else:
        server = request.getfixturevalue("pg_server")
        urls = [server.create_database(f"agree_{next(_databases)}") for _ in range(2)]
    migrated, created = urls
    old_store.store_at(migrated, HEAD)
    engine = store_engine.create_engine(created)
    assert store.create_schema(engine).created
    engine.dispose()
    for url in urls:
        assert old_store.differences(url) == []
        found = old_store.state(url)
        assert found.revision == HEAD and found.version == schema.SCHEMA_VERSION
    migrated_columns, created_columns = old_store.columns(migrated), old_store.columns(created)
    assert migrated_columns.keys() == created_columns.keys()
    for name, names in created_columns.items():  # an added column comes last: order aside
        assert sorted(migrated_columns[name]) == sorted(names), name


def test_a_schema_2_store_upgrades_to_the_head_with_every_row_kept(v2_url):
    v2_columns = old_store.columns(v2_url)
    before = old_store.contents(v2_url)
    assert old_store.state(v2_url) == migrations.State(revision=None, version=2)
    assert len(before) == 29 and all(before.values()), [n for n, r in before.items() if not r]

    done = _upgrade(v2_url)

    assert (done.before, done.after) == ("0002", HEAD)
    assert old_store.state(v2_url) == migrations.State(revision=HEAD, version=schema.SCHEMA_VERSION)
    assert old_store.differences(v2_url) == []
    after = old_store.contents(v2_url, only=v2_columns)
    assert after.keys() == before.keys()
    for name, rows in before.items():
        if name != schema.schema_info.name:  # its version moved; the rest is checked below
            assert after[name] == rows, name
    (row,) = after[schema.schema_info.name]
    assert row[0] == 1 and row[2] == before[schema.schema_info.name][0][2]  # the same row
    engine = store_engine.create_engine(v2_url)
    with engine.connect() as conn:
        reports = schema.TABLES["status_reports"]
        states = conn.execute(sa.select(reports.c.state)).scalars().all()
        tickets = schema.TABLES["tickets"]
        hours = conn.execute(sa.select(tickets.c.on_hold_hours)).scalars().all()
        built = summaries.zones_built(conn)
        drift = summaries.differences(conn)
        opened = conn.execute(sa.select(sa.func.sum(schema.ops_opened.c.tickets))).scalar()
    assert states and set(states) == {schema.REPORT_APPROVED}  # checked the old way: they count
    assert hours and set(hours) == {None}
    # schema 9: the Operations summaries of the kept tickets, built in the upgrade
    assert built is not None and drift == {} and opened == len(hours)
    _the_trail_is_append_only(engine)
    engine.dispose()


def test_down_two_steps_and_up_again(v2_url):
    """Down to 0006 the data generation, the workflow's columns and the report events go,
    every other value stays; up again the store is the head's once more."""
    _upgrade(v2_url)
    at_head = old_store.columns(v2_url)
    kept = old_store.contents(v2_url, only=at_head)
    engine = store_engine.create_engine(v2_url)
    with store_engine.write_transaction(engine, data=False) as conn:
        migrations.downgrade(conn, "0006")
    engine.dispose()
    assert old_store.state(v2_url) == migrations.State(revision="0006", version=6)
    six = old_store.columns(v2_url)
    assert "steerco_report_events" not in six
    for name in ("status_reports", "status_reports_history"):
        assert not {"state", "progress_note", "risk_reason"} & set(six[name])
    assert "data_generation" not in six[schema.schema_info.name]
    del six[schema.schema_info.name]
    rows = old_store.contents(v2_url, only=six)
    for name, columns in six.items():
        positions = [at_head[name].index(c) for c in columns]
        assert rows[name] == sorted((tuple(r[i] for i in positions) for r in kept[name]), key=repr)

    assert _upgrade(v2_url).before == "0006"
    assert old_store.state(v2_url) == migrations.State(revision=HEAD, version=schema.SCHEMA_VERSION)
    assert old_store.differences(v2_url) == []
    assert old_store.contents(v2_url, only=six) == rows


def test_a_store_made_before_alembic_is_stamped_at_its_own_version(blank_url):
    old_store.store_at(blank_url, "0005", stamped=False)
    assert old_store.state(blank_url) == migrations.State(revision=None, version=5)
    engine = store_engine.create_engine(blank_url)
    with store_engine.write_transaction(engine, data=False) as conn:
        migrations.upgrade(conn, "0006")  # stamps 0005 first: 0006 alone runs
    assert old_store.state(blank_url) == migrations.State(revision="0006", version=6)
    engine.dispose()


def test_a_store_at_the_head_made_before_alembic_is_stamped_when_opened(blank_url):
    old_store.store_at(blank_url, HEAD, stamped=False)
    engine = store_engine.create_engine(blank_url)
    assert not store.create_schema(engine).changed
    engine.dispose()
    assert old_store.state(blank_url) == migrations.State(
        revision=HEAD, version=schema.SCHEMA_VERSION
    )


def test_a_store_newer_than_this_steerco_is_refused_and_left_alone(blank_url):
    old_store.store_at(blank_url, HEAD)
    engine = store_engine.create_engine(blank_url)
    with engine.begin() as conn:
        conn.execute(sa.text(f"UPDATE {migrations.VERSION_TABLE} SET version_num = '0099'"))
    for call in (store.create_schema, store.upgrade_store, store.ensure_store):
        with pytest.raises(store.SchemaVersionError) as info:
            call(engine)
        message = str(info.value)
        assert "newer Steerco (schema revision 0099)" in message
        assert f"up to schema version {schema.SCHEMA_VERSION} (revision {HEAD})" in message
        assert "Upgrade Steerco." in message
    engine.dispose()
    assert old_store.state(blank_url) == migrations.State(
        revision="0099", version=schema.SCHEMA_VERSION
    )


def test_an_older_store_is_upgraded_only_when_told(v2_url):
    """Not the embedded default: the app and every command but `steerco db upgrade` refuse
    it, saying what to run, and change nothing."""
    before = old_store.contents(v2_url)
    engine = store_engine.create_engine(v2_url)
    for call in (store.create_schema, store.ensure_store):
        with pytest.raises(store.SchemaUpgradeNeeded, match="steerco db upgrade") as info:
            call(engine)
        assert f"schema version 2; this Steerco needs version {schema.SCHEMA_VERSION}" in str(
            info.value
        )
    engine.dispose()
    assert old_store.contents(v2_url) == before
    assert old_store.state(v2_url) == migrations.State(revision=None, version=2)


def test_the_embedded_store_is_backed_up_then_upgraded_on_start(
    tmp_path, monkeypatch, small_frames
):
    path = tmp_path / "data" / "steerco.sqlite"
    monkeypatch.setattr(store_engine, "DEFAULT_DB_PATH", path)
    path.parent.mkdir()
    url = f"sqlite:///{path}"
    old_store.store_at(url, "0002", stamped=False)
    old_store.fill(url, small_frames)
    before = old_store.contents(url)
    engine = store_engine.create_engine(url)
    assert store.ensure_store(engine) is False  # upgraded; it has projects: no sample
    engine.dispose()
    assert old_store.state(url).revision == HEAD
    (backup,) = path.parent.glob("steerco.sqlite.v2-*.bak")
    copy = f"sqlite:///{backup}"
    assert old_store.state(copy) == migrations.State(revision=None, version=2)
    assert old_store.contents(copy) == before
    with sqlite3.connect(backup) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_store_older_than_the_previous_release_is_refused(blank_url):
    old_store.store_at(blank_url, "0002", stamped=False)
    engine = store_engine.create_engine(blank_url)
    with engine.begin() as conn:
        conn.execute(schema.schema_info.update().values(version=1))
    with pytest.raises(store.SchemaVersionError, match="older than any Steerco release"):
        store.upgrade_store(engine)
    engine.dispose()


def _the_trail_is_append_only(engine) -> None:
    with store_engine.write_transaction(engine) as conn:
        conn.execute(schema.audit.insert().values(at=sa.func.now(), actor="t", action="test"))
    for statement in ("UPDATE steerco_audit SET actor = 'x'", "DELETE FROM steerco_audit"):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), engine.begin() as conn:
            conn.exec_driver_sql(statement)


def test_a_downgrade_never_drops_a_kept_audit_trail_and_changes_nothing(blank_url):
    """Below 0004 the trail would go: refused while it has rows, and the steps already undone
    in the same transaction (0008 … 0005) are rolled back with it."""
    old_store.store_at(blank_url, HEAD)
    engine = store_engine.create_engine(blank_url)
    with store_engine.write_transaction(engine) as conn:
        conn.execute(schema.audit.insert().values(at=sa.func.now(), actor="t", action="test"))
    columns = old_store.columns(blank_url)
    refused = pytest.raises(RuntimeError, match="audit trail has 1 rows")
    with refused, store_engine.write_transaction(engine, data=False) as conn:
        migrations.downgrade(conn, "0003")
    engine.dispose()
    assert old_store.state(blank_url) == migrations.State(
        revision=HEAD, version=schema.SCHEMA_VERSION
    )
    assert old_store.columns(blank_url) == columns
