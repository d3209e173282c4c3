"""Self-test of the throwaway PostgreSQL server used by the PostgreSQL tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest

from tests.support.pg_server import ThrowawayPostgres, postgres_unavailable_reason

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def pg() -> Iterator[ThrowawayPostgres]:
    reason = postgres_unavailable_reason()
    if reason:
        if os.environ.get("CI"):
            # CI installs PostgreSQL itself (.ci/run): a missing server there is a broken
            # setup, not a reason to pass silently.
            pytest.fail(f"PostgreSQL unavailable in CI: {reason}")
        pytest.skip(reason)
    with ThrowawayPostgres() as server:
        yield server


@pytest.fixture(scope="module")
def engine(pg: ThrowawayPostgres):
    sqlalchemy = pytest.importorskip("sqlalchemy")
    eng = sqlalchemy.create_engine(pg.url)
    yield eng
    eng.dispose()


def test_url_uses_psycopg_on_loopback(pg: ThrowawayPostgres) -> None:
    assert pg.url == f"postgresql+psycopg://test@127.0.0.1:{pg.port}/steerco_test"


def test_select_one(engine) -> None:
    from sqlalchemy import text

    with engine.connect() as conn:
        assert conn.execute(text("SELECT 1")).scalar_one() == 1
        assert conn.execute(text("SELECT current_database()")).scalar_one() == "steerco_test"
        assert conn.execute(text("SHOW server_encoding")).scalar_one() == "UTF8"


def test_roundtrip_with_bound_parameters(engine) -> None:
    from sqlalchemy import bindparam, text

    rows = [
        {"id": 1, "name": "Core banking – phase 2", "budget": Decimal("1250000.50"),
         "start": date(2025, 1, 6), "rag": "G"},
        {"id": 2, "name": "O'Brien's ERP \"lift\"", "budget": Decimal("0.01"),
         "start": date(2025, 3, 31), "rag": "A"},
        {"id": 3, "name": "Überweisung 🚀", "budget": None, "start": None, "rag": "R"},
    ]  # fmt: skip
    with engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TABLE project (id integer PRIMARY KEY, name text NOT NULL, "
                "budget numeric(14, 2), start date, rag char(1) NOT NULL)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO project (id, name, budget, start, rag) "
                "VALUES (:id, :name, :budget, :start, :rag)"
            ),
            rows,
        )

    with engine.connect() as conn:
        got = conn.execute(
            text("SELECT id, name, budget, start, rag FROM project WHERE rag = :rag"),
            {"rag": "A"},
        ).one()
        assert tuple(got) == (2, "O'Brien's ERP \"lift\"", Decimal("0.01"), date(2025, 3, 31), "A")

        in_list = text("SELECT id, name, budget, start FROM project WHERE id IN :ids ORDER BY id")
        in_list = in_list.bindparams(bindparam("ids", expanding=True))
        got_rows = [tuple(r) for r in conn.execute(in_list, {"ids": [1, 3]})]
        assert got_rows == [
            (1, "Core banking – phase 2", Decimal("1250000.50"), date(2025, 1, 6)),
            (3, "Überweisung 🚀", None, None),
        ]

        # A value that looks like SQL stays a value.
        hostile = "x'; DROP TABLE project; --"
        assert (
            conn.execute(text("SELECT count(*) FROM project WHERE name = :n"), {"n": hostile})
        ).scalar_one() == 0
        assert conn.execute(text("SELECT count(*) FROM project")).scalar_one() == 3


def test_create_database(pg: ThrowawayPostgres) -> None:
    from sqlalchemy import create_engine, text

    url = pg.create_database("second_db")
    assert url == f"postgresql+psycopg://test@127.0.0.1:{pg.port}/second_db"
    eng = create_engine(url)
    try:
        with eng.connect() as conn:
            assert conn.execute(text("SELECT current_database()")).scalar_one() == "second_db"
    finally:
        eng.dispose()


def test_rejects_unsafe_database_name(pg: ThrowawayPostgres) -> None:
    with pytest.raises(ValueError):
        pg.create_database("x; DROP DATABASE steerco_test")
