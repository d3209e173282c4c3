"""`steerco db upgrade|current|history`: plain text, the store's URL masked, no traceback; an
older store is upgraded only by `db upgrade` (its SQLite file backed up first), a newer one is
refused."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from data_access import engine as store_engine
from data_access import migrations, schema
from steerco import cli
from tests.support import migrations as old_store
from tests.support.cli import no_traceback, run

HEAD = migrations.revision_of(schema.SCHEMA_VERSION)
SECRET = "S3cretQ-9"


@pytest.fixture
def v2_url(tmp_path, small_frames) -> str:
    """A SQLite store made by the previous release (schema version 2), with rows."""
    url = f"sqlite:///{tmp_path / 'steerco.sqlite'}"
    old_store.store_at(url, "0002", stamped=False)
    old_store.fill(url, small_frames)
    return url


def test_history_lists_every_revision_newest_first(capsys):
    code, out, err = run(capsys, "db", "history")
    assert code == cli.EXIT_OK, err
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == [
        "0009",
        "0008",
        "0007",
        "0006",
        "0005",
        "0004",
        "0003",
        "0002",
    ]
    assert lines[0].startswith(f"{HEAD} (head)  schema version 9: The Operations summaries")
    assert "Baseline" in lines[-1]


def test_upgrade_brings_an_older_store_to_the_head_after_a_backup(capsys, v2_url, tmp_path):
    before = old_store.contents(v2_url)
    code, out, err = run(capsys, "db", "current", "--db", v2_url)
    assert code == cli.EXIT_OK, err
    assert "revision: 0002 (schema version 2) (from the schema version row" in out
    assert "7 revision(s) to apply; run `steerco db upgrade`" in out
    assert old_store.contents(v2_url) == before  # `current` only reads

    code, out, err = run(capsys, "status", "--db", v2_url)  # any other command refuses it
    assert code == cli.EXIT_FAILED
    assert "schema version 2; this Steerco needs version 9" in err and "steerco db upgrade" in err
    no_traceback(out, err)

    code, out, err = run(capsys, "db", "upgrade", "--db", v2_url)
    assert code == cli.EXIT_OK, err
    assert "from revision 0002 (schema version 2) to 0009 (schema version 9)" in out
    (backup,) = tmp_path.glob("steerco.sqlite.v2-*.bak")
    assert f"the file before the upgrade is kept as {backup}" in out
    assert old_store.state(f"sqlite:///{backup}").version == 2

    code, out, err = run(capsys, "db", "current", "--db", v2_url)
    assert "revision: 0009 (schema version 9)\nhead: 0009 (schema version 9): up to date" in out
    code, out, err = run(capsys, "db", "upgrade", "--db", v2_url)
    assert code == cli.EXIT_OK and "the head: nothing to upgrade" in out
    code, out, err = run(capsys, "status", "--db", v2_url)
    assert code == cli.EXIT_OK and "schema revision: 0009" in out


def test_upgrade_creates_a_new_store_at_the_head(capsys, empty_sqlite_url):
    code, out, err = run(capsys, "db", "current", "--db", empty_sqlite_url)
    assert code == cli.EXIT_OK, err
    assert "revision: none: the store has no Steerco tables" in out
    code, out, err = run(capsys, "db", "upgrade", "--db", empty_sqlite_url)
    assert code == cli.EXIT_OK, err
    assert out.startswith("created the Steerco tables at revision 0009 (schema version 9)")
    assert old_store.differences(empty_sqlite_url) == []


def test_a_newer_store_is_refused_by_every_command(capsys, empty_sqlite_url):
    old_store.store_at(empty_sqlite_url, HEAD)
    engine = store_engine.create_engine(empty_sqlite_url)
    with engine.begin() as conn:
        conn.execute(sa.text(f"UPDATE {migrations.VERSION_TABLE} SET version_num = '0099'"))
    engine.dispose()
    for command in (("db", "upgrade"), ("status",), ("init",)):
        code, out, err = run(capsys, *command, "--db", empty_sqlite_url)
        assert code == cli.EXIT_FAILED, command
        assert "made by a newer Steerco (schema revision 0099)" in err
        assert "Upgrade Steerco." in err
        no_traceback(out, err)
    code, out, err = run(capsys, "db", "current", "--db", empty_sqlite_url)
    assert code == cli.EXIT_OK
    assert "revision: 0099" in out and "made by a newer Steerco; upgrade Steerco" in out


def test_the_url_is_shown_without_its_credentials(capsys, tmp_path):
    url = f"sqlite:///{tmp_path / 's.sqlite'}?key={SECRET}"
    for command in ("current", "upgrade"):
        code, out, err = run(capsys, "db", command, "--db", url)
        assert code == cli.EXIT_OK, err
        assert SECRET not in out + err and "key=***" in out


@pytest.mark.postgres
def test_upgrade_and_current_on_postgresql(capsys, pg_server):
    url = pg_server.create_database("cli_db_v2")
    old_store.store_at(url, "0002", stamped=False)
    with_secret = url.replace(f"{pg_server.user}@", f"{pg_server.user}:{SECRET}@")
    code, out, err = run(capsys, "db", "upgrade", "--db", with_secret)
    assert code == cli.EXIT_OK, err
    assert "from revision 0002 (schema version 2) to 0009" in out
    assert "kept as" not in out  # no file to copy: a server database is backed up by its DBA
    code, out, err = run(capsys, "db", "current", "--db", with_secret)
    assert "up to date" in out
    assert SECRET not in out + err and "***" in out


def test_summaries_are_checked_and_rebuilt(capsys, tmp_path, small_frames):
    from data_access import store

    url = f"sqlite:///{tmp_path / 'steerco.sqlite'}"
    engine = store_engine.create_engine(url)
    store.load_frames(engine, small_frames, source="test sample")
    code, out, err = run(capsys, "db", "summaries", "--check", "--db", url)
    assert code == cli.EXIT_OK, err
    assert "equal a full recomputation" in out

    with engine.begin() as conn:  # a ticket day changed behind Steerco's back
        conn.execute(schema.ops_opened.update().values(tickets=schema.ops_opened.c.tickets + 1))
    code, out, err = run(capsys, "db", "summaries", "--check", "--db", url)
    no_traceback(out, err)
    assert code == cli.EXIT_FAILED and "steerco_ops_opened" in out

    code, out, err = run(capsys, "db", "summaries", "--db", url)
    assert code == cli.EXIT_OK, err
    assert "rebuilt the Operations summaries, days in UTC" in out
    code, out, _ = run(capsys, "db", "summaries", "--check", "--db", url)
    assert code == cli.EXIT_OK
    engine.dispose()
