"""`steerco status`, `init` and the CLI's errors: never a credential, never a traceback; an
empty store is filled with the sample only on `steerco init --sample`."""

from __future__ import annotations

import pytest

from data_access import engine as store_engine
from data_access import store
from steerco import cli
from steerco.exports import pack
from tests.support.cli import no_traceback, run

SECRET = "S3cretQ-9"


def _both_forms(url: str) -> list[str]:
    """The store's URL with the password in the user part and as a query parameter."""
    head, rest = url.split("://", 1)
    user, host = rest.split("@", 1)
    return [
        f"{head}://{user}:{SECRET}@{host}",
        f"{head}://{user}@{host}?password={SECRET}",
        f"{head}://{user}@{host}?sslpassword={SECRET}&sslmode=prefer",
    ]


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql+psycopg://steerco:{SECRET}@127.0.0.1:9/none",
        f"postgresql+psycopg://steerco@127.0.0.1:9/none?password={SECRET}",
    ],
)
def test_an_unreachable_store_is_said_without_the_password(capsys, url):
    code, out, err = run(capsys, "status", "--db", url)
    assert code == cli.EXIT_FAILED
    assert "cannot be reached" in err
    assert SECRET not in out + err
    no_traceback(out, err)


@pytest.mark.postgres
def test_status_shows_the_masked_location_and_the_label(capsys, pg_server, monkeypatch):
    monkeypatch.delenv(store_engine.STORE_LABEL_ENV, raising=False)
    url = pg_server.create_database("cli_status")
    for with_secret in _both_forms(url):  # trust authentication: the password is ignored
        code, out, err = run(capsys, "status", "--db", with_secret)
        assert code == cli.EXIT_OK, err
        assert SECRET not in out + err
        assert f"store: postgresql+psycopg://{pg_server.user}" in out and "***" in out
        assert "label: cli_status (postgresql)" in out


def test_status_of_a_sqlite_store_with_a_secret_parameter(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv(store_engine.STORE_LABEL_ENV, "PMO database")
    code, out, err = run(
        capsys, "status", "--db", f"sqlite:///{tmp_path / 's.sqlite'}?key={SECRET}"
    )
    assert code == cli.EXIT_OK, err
    assert SECRET not in out + err
    assert "key=***" in out and "label: PMO database" in out


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql+psycopg://u:{SECRET}@host:abc/db",
        f"postgresql+psycopg://u@host:abc/db?password={SECRET}",
    ],
)
@pytest.mark.parametrize("command", ["status", "init", "history"])
def test_a_non_numeric_port_is_a_message_not_a_traceback(capsys, url, command):
    code, out, err = run(capsys, command, "--db", url)
    assert code == cli.EXIT_FAILED
    assert "is not valid: the port must be a number" in err
    assert SECRET not in out + err
    no_traceback(out, err)


def test_the_pack_names_the_store_by_its_label(capsys, tmp_path, sqlite_url, monkeypatch):
    """The speaker notes' source: the label, never the URL (the pack itself is not drawn)."""
    monkeypatch.delenv(store_engine.STORE_LABEL_ENV, raising=False)
    seen = {}

    def fake_build_pack(conn, filters, settings, *, source, **_):
        seen["source"] = source
        return b"pptx"

    monkeypatch.setattr(pack, "build_pack", fake_build_pack)
    url = f"{sqlite_url}?password={SECRET}"
    code, out, err = run(capsys, "pack", "--out", tmp_path / "p.pptx", "--db", url, "--quiet")
    assert SECRET not in out + err
    assert code == cli.EXIT_OK, err
    assert seen["source"] == "steerco.sqlite (sqlite)"
    monkeypatch.setenv(store_engine.STORE_LABEL_ENV, "PMO database")
    run(capsys, "pack", "--out", tmp_path / "p.pptx", "--db", url, "--quiet")
    assert seen["source"] == "PMO database"


def test_init_creates_the_tables_and_leaves_the_store_empty(capsys, empty_sqlite_url):
    code, out, err = run(capsys, "init", "--db", empty_sqlite_url)
    assert code == cli.EXIT_OK, err
    assert "store ready" in out and "steerco init --sample" in out
    engine = store_engine.create_engine(empty_sqlite_url)
    assert store.is_empty(engine)
    engine.dispose()


def test_init_with_the_sample_fills_an_empty_store_only(capsys, empty_sqlite_url):
    code, out, err = run(
        capsys, "init", "--sample", "--as-of", "2026-11-16", "--db", empty_sqlite_url
    )
    assert code == cli.EXIT_OK, err
    assert "with the sample portfolio" in out
    engine = store_engine.create_engine(empty_sqlite_url)
    with engine.connect() as conn:
        assert store.row_counts(conn)["projects"] == 40
    engine.dispose()
    code, out, err = run(capsys, "init", "--sample", "--db", empty_sqlite_url)
    assert code == cli.EXIT_FAILED
    assert "already has projects" in err and "steerco seed" in err
    no_traceback(out, err)


def test_a_read_only_store_refuses_an_import_with_the_reason(capsys, sqlite_url, tmp_path):
    url = f"sqlite:///file:{sqlite_url.removeprefix('sqlite:///')}?mode=ro&uri=true"
    upload = tmp_path / "projects.csv"
    upload.write_text("project_id,name,phase\nPRJ-970,Alpha,Execution\n", encoding="utf-8")
    code, out, err = run(capsys, "import", upload, "--db", url)
    assert code == cli.EXIT_FAILED
    assert "The store is read-only: " in out and "nothing was written" in out
    no_traceback(out, err)
