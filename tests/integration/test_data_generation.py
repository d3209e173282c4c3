"""The store's data generation, which every app server keys its page cache on: every write
committed to the store moves it — an import, a rollback, a role, a mapping — whoever wrote it,
and another server's engine reads the new value at once; a write that fails leaves it where it
was (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from data_access import access, queries, users, writes
from data_access import engine as store_engine
from data_access.access import Identity
from data_access.ingest import mapping as mappings
from tests.support.roles import checked_upload, raid_csv

ADMIN = Identity(email="ada@example.org", name="Ada Admin", role=access.ADMIN)


@pytest.fixture
def other_server(writable_url):
    """A second engine on the same store: what another app server holds."""
    engine = store_engine.create_engine(writable_url)
    yield engine
    engine.dispose()


def _generation(engine) -> int:
    with engine.connect() as conn:
        return queries.data_version(conn)


def test_every_kind_of_write_moves_the_generation_seen_by_another_server(
    writable_engine, other_server
):
    seen = [_generation(other_server)]

    def moved() -> None:
        now = _generation(other_server)
        assert now == seen[-1] + 1, "one write, one step, read through the other server"
        seen.append(now)

    prepared = checked_upload(writable_engine, raid_csv(("RAID-G-1", "PRJ-002", "Generation")))
    committed = writes.commit_import(writable_engine, ADMIN, prepared, replace_scope=False)
    moved()
    writes.rollback(writable_engine, ADMIN, committed.import_id)
    moved()
    writes.save_user(writable_engine, ADMIN, users.Entry("vic@example.org", access.VIEWER))
    moved()
    mapping = mappings.Mapping("projects", {"project_id": "Code"}, name="ERP")
    writes.save_mapping(writable_engine, ADMIN, mapping)
    moved()
    assert writes.delete_mapping(writable_engine, ADMIN, "ERP")
    moved()


def test_a_failed_write_leaves_the_generation_where_it_was(writable_engine, other_server):
    before = _generation(other_server)
    failing = pytest.raises(sa.exc.DBAPIError)
    with failing, store_engine.write_transaction(writable_engine) as conn:
        conn.execute(sa.text("INSERT INTO no_such_table VALUES (1)"))
    assert _generation(other_server) == before


def test_the_generation_never_goes_back(writable_engine):
    """A rollback is a write: the cache key after it is new, never the one before the import
    (whose cached pages would be those of another state of the store)."""
    start = _generation(writable_engine)
    prepared = checked_upload(writable_engine, raid_csv(("RAID-G-2", "PRJ-002", "Back")))
    committed = writes.commit_import(writable_engine, ADMIN, prepared, replace_scope=False)
    writes.rollback(writable_engine, ADMIN, committed.import_id)
    assert _generation(writable_engine) == start + 2
