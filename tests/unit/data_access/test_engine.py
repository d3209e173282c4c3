"""The store's URL as shown to people: every credential masked, host and database kept; the
label the app and the pack use instead; a URL that cannot be parsed said plainly."""

from __future__ import annotations

import pytest

from data_access import engine as store_engine

SECRET = "S3cret-Pw"

#: The two ways a probe wrote the password, and other secret-looking parameters.
SECRET_URLS = [
    f"postgresql+psycopg://steerco:{SECRET}@db.example.org:5432/steerco",
    f"postgresql+psycopg://steerco@db.example.org:5432/steerco?password={SECRET}",
    f"postgresql+psycopg://steerco@db.example.org/steerco?sslmode=require&sslpassword={SECRET}",
    f"postgresql+psycopg://steerco@db.example.org/steerco?PWD={SECRET}",
    f"postgresql+psycopg://steerco@db.example.org/steerco?api_key={SECRET}&token={SECRET}",
    f"mssql+pyodbc:///?odbc_connect=DRIVER%3D%7BODBC%7D%3BSERVER%3Ddb%3BPWD%3D{SECRET}",
]
#: URLs that cannot be parsed (a non-numeric port): where the password is is unknown.
BAD_PORT_URLS = [
    f"postgresql+psycopg://steerco:{SECRET}@db.example.org:abc/steerco",
    f"postgresql+psycopg://steerco@db.example.org:abc/steerco?password={SECRET}",
]


@pytest.mark.parametrize("url", SECRET_URLS)
def test_describe_url_never_shows_a_credential(url):
    shown = store_engine.describe_url(url)
    assert SECRET not in shown
    assert "***" in shown
    assert "db" in shown  # the host stays for the administrator


@pytest.mark.parametrize("url", BAD_PORT_URLS)
def test_an_unparsable_url_is_not_shown(url):
    assert store_engine.describe_url(url) == "<invalid database URL>"
    assert store_engine.store_label(url) == "<invalid database URL>"


def test_describe_url_keeps_host_database_and_harmless_parameters():
    url = (
        f"postgresql+psycopg://steerco@db.example.org:5433/pmo?password={SECRET}"
        "&sslmode=require&passfile=/etc/steerco/pgpass&application_name=steerco"
    )
    shown = store_engine.describe_url(url)
    assert shown.startswith("postgresql+psycopg://steerco@db.example.org:5433/pmo?")
    assert "password=***" in shown
    assert "sslmode=require" in shown and "application_name=steerco" in shown
    assert "passfile=" in shown and "pgpass" in shown  # a file's name is no secret


@pytest.mark.parametrize("url", SECRET_URLS)
def test_the_label_names_the_database_without_host_or_credential(url, monkeypatch):
    monkeypatch.delenv(store_engine.STORE_LABEL_ENV, raising=False)
    label = store_engine.store_label(url)
    assert SECRET not in label and "db.example.org" not in label


def test_the_label_is_the_configured_one(monkeypatch):
    monkeypatch.setenv(store_engine.STORE_LABEL_ENV, "PMO database")
    assert store_engine.store_label(SECRET_URLS[1]) == "PMO database"


def test_the_label_of_a_database_is_its_name_and_kind(monkeypatch):
    monkeypatch.delenv(store_engine.STORE_LABEL_ENV, raising=False)
    assert store_engine.store_label(SECRET_URLS[1]) == "steerco (postgresql)"
    assert store_engine.store_label("sqlite:////srv/pmo/steerco.sqlite") == (
        "steerco.sqlite (sqlite)"
    )


def test_the_label_comes_from_secrets_toml(tmp_path, monkeypatch):
    monkeypatch.delenv(store_engine.STORE_LABEL_ENV, raising=False)
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(
        '[steerco]\nstore_label = "PMO database"\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert store_engine.store_label(SECRET_URLS[0]) == "PMO database"


def test_scrub_masks_what_a_driver_error_quotes():
    url = SECRET_URLS[1]
    text = f'invalid dsn: missing "=" after "{SECRET}" in connection info string'
    assert SECRET not in store_engine.scrub(text, url)
    assert store_engine.scrub("dbname=x password=abc host=y") == "dbname=x password=*** host=y"
    assert store_engine.scrub("postgresql://u:pw@h/db failed") == "postgresql://u:***@h/db failed"
    # words that merely look alike stay as they are
    assert (
        store_engine.scrub("Key (project_id)=(PRJ-1) exists") == "Key (project_id)=(PRJ-1) exists"
    )


@pytest.mark.parametrize("url", BAD_PORT_URLS)
def test_a_non_numeric_port_is_said_without_the_password(url):
    with pytest.raises(store_engine.StoreUnavailable) as info:
        store_engine.create_engine(url)
    message = str(info.value)
    assert "port must be a number" in message
    assert SECRET not in message


def test_only_the_file_beside_the_code_is_the_default_store(tmp_path):
    assert store_engine.is_default_store(store_engine.default_url())
    assert not store_engine.is_default_store(f"sqlite:///{tmp_path / 'steerco.sqlite'}")
    assert not store_engine.is_default_store(SECRET_URLS[0])
