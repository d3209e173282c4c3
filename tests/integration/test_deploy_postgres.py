"""docs/deploy.md on a real PostgreSQL server, step by step as the guide writes them.

``deploy/postgres/roles.sql`` is run with psql as a superuser, ``steerco db upgrade`` as
``steerco_owner`` (``STEERCO_DB_URL`` carries the owner's credentials), roles.sql again, the
sample loaded; then the app's role ``steerco_app`` reads, imports, rolls back and appends to
the audit trail, but may not change the schema (DROP, CREATE, TRUNCATE, changing an audit row).
A backup (``pg_dump -Fc``) restored into a new database (``pg_restore``) has every row of every
table, is at the head and is readable by the app's role. No password is ever printed.

The throwaway server trusts local connections, so passwords are not checked by it here: they
are in every URL to prove that no output shows them.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from data_access import audit, migrations, schema
from data_access import engine as store_engine
from steerco import cli
from tests.support import apptest
from tests.support import migrations as old_store
from tests.support.cli import no_traceback
from tests.support.pg_server import ThrowawayPostgres

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
ROLES_SQL = ROOT / "deploy" / "postgres" / "roles.sql"
OWNER_PASSWORD = "Own3r-pw-7Qx"
APP_PASSWORD = "App-pw-2Kz"
READER_PASSWORD = "Read3r-pw-5Jm"
PASSWORDS = (OWNER_PASSWORD, APP_PASSWORD, READER_PASSWORD)
DATABASE = "steerco_deploy"
RESTORED = "steerco_restored"
AS_OF = "2026-11-16"
#: A new project, as a PMO would import it (``steerco import``).
NEW_PROJECT_CSV = "project_id,name,phase\nPRJ-DEPLOY-1,Deployment check,Execution\n"
#: SQLSTATE of "permission denied" / "must be owner".
INSUFFICIENT_PRIVILEGE = "42501"
DDL = re.compile(r"^\s*(CREATE|ALTER|DROP|TRUNCATE|GRANT|REVOKE|COMMENT)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Said:
    """What a command printed."""

    code: int
    out: str
    err: str


def _no_password(*texts: str) -> None:
    for text in texts:
        for password in PASSWORDS:
            assert password not in text


def steerco(url: str, *argv: object) -> Said:
    """``STEERCO_DB_URL=url steerco ARGV…`` as a shell runs it; every output is checked for
    passwords and tracebacks."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(store_engine.DB_URL_ENV, url)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main([str(a) for a in argv])
    said = Said(code, out.getvalue(), err.getvalue())
    _no_password(said.out, said.err)
    no_traceback(said.out, said.err)
    return said


def _env() -> dict[str, str]:
    """The environment of a client program: none of the developer's PG* variables."""
    return {k: v for k, v in os.environ.items() if not k.startswith("PG")}


def _client(pg, program: str, *argv: str) -> subprocess.CompletedProcess[str]:
    """A PostgreSQL client program (psql, pg_dump, pg_restore) as the superuser, over TCP."""
    proc = subprocess.run(
        [pg._bin(program), "-h", pg.host, "-p", str(pg.port), "-U", pg.user, *argv],
        capture_output=True,
        text=True,
        timeout=300,
        env=_env(),
        stdin=subprocess.DEVNULL,
    )
    _no_password(proc.stdout, proc.stderr)
    assert proc.returncode == 0, f"{program} failed: {proc.stdout}\n{proc.stderr}"
    return proc


def _superuser_engine(pg, dbname: str) -> sa.Engine:
    return sa.create_engine(pg.url_for(dbname))


def run_roles_sql(pg, dbname: str, *, passwords: bool = False) -> str:
    """docs/deploy.md: ``psql -X -v ON_ERROR_STOP=1 [-v dbname=…] [-v owner_password=…
    -v app_password=… -v reader_password=…] -f deploy/postgres/roles.sql``; the passwords only
    the first time (a re-run leaves them as they are)."""
    variables = {"dbname": dbname}
    if passwords:
        variables |= {
            "owner_password": OWNER_PASSWORD,
            "app_password": APP_PASSWORD,
            "reader_password": READER_PASSWORD,
        }
    argv = ["-X", "-d", "postgres", "-v", "ON_ERROR_STOP=1"]
    for name, value in variables.items():
        argv += ["-v", f"{name}={value}"]
    proc = _client(pg, "psql", *argv, "-f", str(ROLES_SQL))
    assert proc.stderr == "", proc.stderr  # no warning, no notice
    return proc.stdout


def _password_hashes(pg) -> dict[str, str | None]:
    engine = _superuser_engine(pg, "postgres")
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text("SELECT rolname, rolpassword FROM pg_authid WHERE rolname LIKE 'steerco_%'")
        ).all()
    engine.dispose()
    return dict(rows)


def role_url(pg, role: str, password: str, dbname: str = DATABASE) -> str:
    return f"postgresql+psycopg://{role}:{password}@{pg.host}:{pg.port}/{dbname}"


@pytest.fixture(scope="module")
def deployed(pg_server, tmp_path_factory) -> Iterator[tuple[str, str]]:
    """The guide's "PostgreSQL for teams", done: (owner URL, app URL) of a store with the
    sample. The working directory has no steerco.toml (the default settings apply)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(tmp_path_factory.mktemp("deploy"))
        mp.delenv("STEERCO_CONFIG", raising=False)
        mp.delenv(store_engine.STORE_LABEL_ENV, raising=False)
        out = run_roles_sql(pg_server, DATABASE, passwords=True)
        assert f"Steerco roles and grants are in place on database {DATABASE}" in out
        hashes = _password_hashes(pg_server)
        assert run_roles_sql(pg_server, DATABASE) == out  # idempotent, passwords kept
        assert _password_hashes(pg_server) == hashes
        owner = role_url(pg_server, "steerco_owner", OWNER_PASSWORD)
        app = role_url(pg_server, "steerco_app", APP_PASSWORD)
        said = steerco(owner, "db", "upgrade")
        assert said.code == cli.EXIT_OK, said.err
        assert said.out.startswith(f"created the Steerco tables at revision {migrations.head()}")
        run_roles_sql(pg_server, DATABASE)  # after every upgrade: the narrower rights
        said = steerco(owner, "init", "--sample", "--as-of", AS_OF)
        assert said.code == cli.EXIT_OK, said.err
        yield owner, app


def _tables_owned_by(pg, dbname: str) -> dict[str, str]:
    engine = _superuser_engine(pg, dbname)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text("SELECT tablename, tableowner FROM pg_tables WHERE schemaname = 'public'")
        ).all()
    engine.dispose()
    return dict(rows)


# -- 1. the owner made the store; the app's role uses it -----------------------------------


def test_the_owner_owns_every_table(pg_server, deployed):
    owners = _tables_owned_by(pg_server, DATABASE)
    assert set(schema.metadata.tables) | {migrations.VERSION_TABLE} == set(owners)
    assert set(owners.values()) == {"steerco_owner"}


def test_the_roles_log_in_with_a_hashed_password_and_no_superpower(pg_server, deployed):
    engine = _superuser_engine(pg_server, "postgres")
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT rolname, rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolpassword "
                "FROM pg_authid WHERE rolname LIKE 'steerco_%' ORDER BY rolname"
            )
        ).all()
    engine.dispose()
    assert [r.rolname for r in rows] == ["steerco_app", "steerco_owner", "steerco_reader"]
    for row in rows:
        assert row.rolcanlogin and not (row.rolsuper or row.rolcreatedb or row.rolcreaterole)
        assert row.rolpassword.startswith("SCRAM-SHA-256$")


def test_the_reader_role_reads_and_writes_nothing(pg_server, deployed):
    engine = sa.create_engine(role_url(pg_server, "steerco_reader", READER_PASSWORD))
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM projects").scalar() == 40
            assert conn.exec_driver_sql("SELECT count(*) FROM steerco_audit").scalar() > 0
        with pytest.raises(sa.exc.ProgrammingError) as refused, engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM projects")
    finally:
        engine.dispose()
    assert refused.value.orig.sqlstate == INSUFFICIENT_PRIVILEGE


def test_the_app_role_reads_the_store(deployed):
    _, app = deployed
    said = steerco(app, "status")
    assert said.code == cli.EXIT_OK, said.err
    assert "store: postgresql+psycopg://steerco_app:***@" in said.out
    assert f"schema revision: {migrations.head()}" in said.out
    assert re.search(r"^projects\s+40$", said.out, re.MULTILINE)
    said = steerco(app, "figures", "--json", "--as-of", AS_OF)
    assert said.code == cli.EXIT_OK, said.err
    assert json.loads(said.out)
    said = steerco(app, "db", "current")
    assert said.code == cli.EXIT_OK, said.err
    assert "up to date" in said.out


def _audit_rows(url: str) -> int:
    engine = store_engine.create_engine(url)
    with engine.connect() as conn:
        count = conn.execute(sa.select(sa.func.count()).select_from(schema.audit)).scalar()
    engine.dispose()
    return int(count)


def _project_ids(url: str) -> set[str]:
    engine = store_engine.create_engine(url)
    with engine.connect() as conn:
        ids = conn.execute(sa.select(schema.TABLES["projects"].c.project_id)).scalars().all()
    engine.dispose()
    return set(ids)


def test_the_app_role_imports_and_rolls_back_and_the_audit_trail_grows(deployed, tmp_path):
    _, app = deployed
    before, audited = _project_ids(app), _audit_rows(app)
    path = tmp_path / "projects.csv"
    path.write_text(NEW_PROJECT_CSV, encoding="utf-8")
    said = steerco(app, "import", path, "--keep-missing", "--user", "pmo")
    assert said.code == cli.EXIT_OK, said.out + said.err
    (import_id,) = re.findall(r"committed as import #(\d+)", said.out)
    assert _project_ids(app) == before | {"PRJ-DEPLOY-1"}
    assert _audit_rows(app) == audited + 1

    said = steerco(app, "rollback", import_id, "--user", "pmo")
    assert said.code == cli.EXIT_OK, said.out + said.err
    assert _project_ids(app) == before
    assert _audit_rows(app) == audited + 2


@pytest.mark.parametrize(
    "statement",
    [
        "DROP TABLE projects",
        "CREATE TABLE steerco_extra (a integer)",
        "CREATE TEMPORARY TABLE steerco_scratch (a integer)",
        "ALTER TABLE projects ADD COLUMN extra integer",
        "TRUNCATE projects",
        "TRUNCATE steerco_audit",
        "UPDATE steerco_audit SET actor = 'someone else'",
        "DELETE FROM steerco_audit",
        "UPDATE steerco_alembic_version SET version_num = '0002'",
        "DELETE FROM steerco_schema",
    ],
)
def test_the_app_role_may_not_change_the_schema_nor_the_audit_trail(deployed, statement):
    _, app = deployed
    engine = sa.create_engine(app)
    try:
        with pytest.raises(sa.exc.ProgrammingError) as refused, engine.begin() as conn:
            conn.exec_driver_sql(statement)
    finally:
        engine.dispose()
    assert refused.value.orig.sqlstate == INSUFFICIENT_PRIVILEGE, str(refused.value.orig)


def test_the_app_role_may_append_to_the_audit_trail(deployed):
    _, app = deployed
    audited = _audit_rows(app)
    engine = sa.create_engine(app)
    with engine.begin() as conn:
        audit.record(conn, actor="pmo", action="note", target="deploy test")
    engine.dispose()
    assert _audit_rows(app) == audited + 1


def test_db_upgrade_as_the_app_role_on_a_store_at_the_head_does_nothing(deployed):
    owner, app = deployed
    said = steerco(app, "db", "upgrade")
    assert said.code == cli.EXIT_OK, said.err
    assert f"at revision {migrations.head()}" in said.out and "nothing to upgrade" in said.out
    assert said.err == ""
    assert "up to date" in steerco(owner, "db", "current").out


def test_db_upgrade_as_the_app_role_on_an_older_store_is_refused(pg_server):
    """Only the owner upgrades: the app's role is refused with a message, nothing changes,
    then the owner's upgrade works and the app's role reads the upgraded store."""
    roles_run = run_roles_sql(pg_server, "steerco_older")
    assert "steerco_older" in roles_run
    owner = role_url(pg_server, "steerco_owner", OWNER_PASSWORD, "steerco_older")
    app = role_url(pg_server, "steerco_app", APP_PASSWORD, "steerco_older")
    previous = migrations.revision_of(schema.SCHEMA_VERSION - 1)
    old_store.store_at(owner, previous)
    run_roles_sql(pg_server, "steerco_older")

    said = steerco(app, "status")
    assert said.code == cli.EXIT_FAILED
    assert "An administrator upgrades it with `steerco db upgrade`" in said.err
    said = steerco(app, "db", "upgrade")
    assert said.code == cli.EXIT_FAILED
    # the database's own refusal: the first step the role may not take (a new table, an
    # altered one)
    refusals = ("must be owner of table", "permission denied for schema public")
    assert any(r in said.err for r in refusals) and "nothing was written" in said.err
    assert "needs the role that owns the tables (docs/deploy.md: steerco_owner)" in said.err
    assert f"revision: {previous}" in steerco(app, "db", "current").out

    said = steerco(owner, "db", "upgrade")
    assert said.code == cli.EXIT_OK, said.err
    assert f"from revision {previous}" in said.out
    run_roles_sql(pg_server, "steerco_older")
    assert steerco(app, "status").code == cli.EXIT_OK


def test_the_app_started_as_the_app_role_runs_no_ddl(deployed, monkeypatch):
    _, app = deployed
    monkeypatch.setenv(store_engine.DB_URL_ENV, app)
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", record)
    try:
        at = AppTest.from_file(apptest.APP, default_timeout=apptest.TIMEOUT_S).run()
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", record)
    apptest.no_error(at)
    assert at.title[0].value == "Portfolio overview"
    assert statements, "the app read nothing from the store"
    assert [s for s in statements if DDL.match(s)] == []


# -- 2. backup and restore -------------------------------------------------------------------


def _contents(pg, dbname: str) -> dict[str, pd.DataFrame]:
    """Every row of every Steerco table and of Alembic's version table, in a stable order."""
    engine = _superuser_engine(pg, dbname)
    version = sa.Table(migrations.VERSION_TABLE, sa.MetaData(), sa.Column("version_num", sa.String))
    found = {}
    with engine.connect() as conn:
        for table in [*schema.metadata.sorted_tables, version]:
            order = list(table.primary_key.columns) or list(table.columns)
            found[table.name] = pd.read_sql(sa.select(table).order_by(*order), conn)
    engine.dispose()
    return found


def test_a_backup_restored_into_a_new_database_has_every_row(pg_server, deployed, tmp_path):
    owner, _ = deployed
    dump = tmp_path / "steerco.dump"
    # docs/deploy.md "Backups and restore": pg_dump -Fc, then pg_restore into a new database
    _client(pg_server, "pg_dump", "-Fc", "-d", DATABASE, "-f", str(dump))
    assert dump.stat().st_size > 0
    run_roles_sql(pg_server, RESTORED)  # the new, empty database, owned by steerco_owner
    _client(pg_server, "pg_restore", "--exit-on-error", "-d", RESTORED, str(dump))
    run_roles_sql(pg_server, RESTORED)  # the grants, as after an upgrade

    original, restored = _contents(pg_server, DATABASE), _contents(pg_server, RESTORED)
    assert set(restored) == set(original)
    assert sum(len(frame) for frame in restored.values()) > 30_000
    for name, frame in original.items():
        pd.testing.assert_frame_equal(restored[name], frame, obj=name)
    assert set(_tables_owned_by(pg_server, RESTORED).values()) == {"steerco_owner"}

    restored_owner = role_url(pg_server, "steerco_owner", OWNER_PASSWORD, RESTORED)
    said = steerco(restored_owner, "db", "current")
    assert said.code == cli.EXIT_OK, said.err
    head = migrations.revision_of(schema.SCHEMA_VERSION)
    assert f"revision: {head}" in said.out and "up to date" in said.out

    restored_app = role_url(pg_server, "steerco_app", APP_PASSWORD, RESTORED)
    said = steerco(restored_app, "status")
    assert said.code == cli.EXIT_OK, said.err
    assert re.search(r"^projects\s+40$", said.out, re.MULTILINE)
    # the sequences came back too: the app's next import and audit row get new ids
    path = tmp_path / "projects.csv"
    path.write_text(NEW_PROJECT_CSV, encoding="utf-8")
    said = steerco(restored_app, "import", path, "--keep-missing", "--user", "pmo")
    assert said.code == cli.EXIT_OK, said.out + said.err
    assert "PRJ-DEPLOY-1" in _project_ids(restored_app)
    assert "PRJ-DEPLOY-1" not in _project_ids(owner)


# -- 3. no password in any output --------------------------------------------------------------


def test_an_unreachable_server_is_reported_without_the_password(pg_server):
    unreachable = f"postgresql+psycopg://steerco_app:{APP_PASSWORD}@{pg_server.host}:9/steerco"
    said = steerco(unreachable, "status")  # steerco() checks that no password is printed
    assert said.code != cli.EXIT_OK
    assert "steerco_app:***@" in said.err and "cannot be reached" in said.err


class _PasswordCheckingPostgres(ThrowawayPostgres):
    """A throwaway server that checks passwords over TCP as Debian's package sets one up
    (SCRAM, the way ``STEERCO_DB_URL`` connects); the Unix socket lets the superuser in, as
    Debian's peer authentication does for ``sudo -u postgres psql``."""

    def _initdb(self) -> None:
        argv = [self._bin("initdb"), "-D", str(self.data_dir), "-U", self.user]
        argv += ["--auth-local=trust", "--auth-host=scram-sha-256"]
        argv += ["-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]
        proc = self._run_server_cmd(argv, timeout=120)
        assert proc.returncode == 0, proc.stdout + proc.stderr

    def create_database(self, name: str) -> str:
        return self.url_for(name)  # roles.sql creates the one database needed


def test_the_passwords_roles_sql_sets_are_the_ones_the_server_checks(pg_server):
    """``pg_server`` only proves PostgreSQL is available here; this test starts its own."""
    with _PasswordCheckingPostgres() as pg:
        argv = [pg._bin("psql"), "-X", "-h", str(pg.socket_dir), "-p", str(pg.port)]
        argv += ["-U", pg.user, "-d", "postgres", "-v", "ON_ERROR_STOP=1"]
        argv += ["-v", f"owner_password={OWNER_PASSWORD}", "-v", f"app_password={APP_PASSWORD}"]
        proc = subprocess.run(
            [*argv, "-f", str(ROLES_SQL)],
            capture_output=True,
            text=True,
            timeout=120,
            env=_env(),
            stdin=subprocess.DEVNULL,
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr
        _no_password(proc.stdout, proc.stderr)

        owner = f"postgresql+psycopg://steerco_owner:{OWNER_PASSWORD}@{pg.host}:{pg.port}/steerco"
        said = steerco(owner, "db", "upgrade")
        assert said.code == cli.EXIT_OK, said.err
        app = f"postgresql+psycopg://steerco_app:{APP_PASSWORD}@{pg.host}:{pg.port}/steerco"
        assert steerco(app, "status").code == cli.EXIT_OK

        wrong = app.replace(APP_PASSWORD, "Wr0ng-pw-4Hs")
        said = steerco(wrong, "status")
        assert said.code == cli.EXIT_FAILED
        assert 'password authentication failed for user "steerco_app"' in said.err
        assert "Wr0ng-pw-4Hs" not in said.err and "steerco_app:***@" in said.err
