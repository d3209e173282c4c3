"""A PostgreSQL store's connection pool and psycopg's statement preparation are set from the
environment, per process (docs/deploy.md, "Connection pooling"); a wrong value is refused by
name, before any connection."""

from __future__ import annotations

import pytest

from data_access import engine as store_engine


@pytest.fixture
def pg_url(pg_server) -> str:
    return pg_server.url_for("postgres")


def test_the_pool_and_the_prepare_threshold_come_from_the_environment(pg_url, monkeypatch):
    monkeypatch.setenv("STEERCO_DB_POOL_SIZE", "3")
    monkeypatch.setenv("STEERCO_DB_MAX_OVERFLOW", "2")
    monkeypatch.setenv("STEERCO_DB_POOL_TIMEOUT", "7")
    monkeypatch.setenv("STEERCO_DB_PREPARE_THRESHOLD", "none")
    engine = store_engine.create_engine(pg_url)
    try:
        assert engine.pool.size() == 3
        assert engine.pool._max_overflow == 2 and engine.pool._timeout == 7
        with engine.connect() as conn:
            assert conn.connection.dbapi_connection.prepare_threshold is None
    finally:
        engine.dispose()


def test_without_settings_sqlalchemy_and_psycopg_defaults_apply(pg_url, monkeypatch):
    for name in (*store_engine.POOL_ENV, store_engine.PREPARE_THRESHOLD_ENV):
        monkeypatch.delenv(name, raising=False)
    engine = store_engine.create_engine(pg_url)
    try:
        assert engine.pool.size() == 5 and engine.pool._max_overflow == 10
        with engine.connect() as conn:
            assert conn.connection.dbapi_connection.prepare_threshold == 5
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("name", "value"),
    [("STEERCO_DB_POOL_SIZE", "ten"), ("STEERCO_DB_MAX_OVERFLOW", "-1"),
     ("STEERCO_DB_PREPARE_THRESHOLD", "off")],
)  # fmt: skip
def test_a_wrong_value_is_refused_by_name(pg_url, monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(store_engine.StoreUnavailable) as refused:
        store_engine.create_engine(pg_url)
    allowed = "a whole number (0 or more)" + (" or none" if "PREPARE" in name else "")
    assert str(refused.value) == (
        f"The environment variable {name} must be {allowed}, not {value!r}."
    )
