"""Bulk loads on PostgreSQL go through COPY: the values stored are those INSERTs store.

Hostile text (tabs, newlines, backslashes, COPY's own markers ``\\N`` and ``\\.``), empty
strings beside NULLs, booleans, integers, floats and timestamps to the microsecond are
written once by COPY and once by executemany and read back; then the sample is loaded with
its tickets in chunks (a small scale) on both backends.
"""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from data_access import engine as store_engine
from data_access import sample_data, schema, store

AS_OF = date(2026, 11, 16)
HOSTILE_TEXT = (
    "tab\there",
    "new\nline",
    "carriage\rreturn",
    "back\\slash",
    "\\N",
    "\\.",
    "\\",
    "",
    " ",
    "quote ' and \" and ; and ,",
    "unicode é ☃ 😀",
    "x" * 255,
)


def _tickets() -> pd.DataFrame:
    n = len(HOSTILE_TEXT)
    stamps = pd.Series(
        pd.date_range("2024-02-29 23:59:59.999999", periods=n, freq="37h"), dtype="datetime64[us]"
    )
    return pd.DataFrame(
        {
            "ticket_id": [f"T\t{k}\\{k}" for k in range(n)],
            "service": list(HOSTILE_TEXT),
            "category": pd.Series([None if k % 3 == 0 else HOSTILE_TEXT[-k] for k in range(n)]),
            "priority": "P1",
            "opened_at": stamps,
            "first_response_at": stamps.where(np.arange(n) % 2 == 0),  # NaT every other
            "resolved_at": stamps + pd.Timedelta(microseconds=1),
            "closed_at": pd.Series([pd.NaT] * n, dtype="datetime64[us]"),
            "status": pd.Series(list(HOSTILE_TEXT), dtype="string").mask(np.arange(n) == 1),
            "escalated": pd.array([True, False, None] * (n // 3), dtype="boolean"),
            "reopened_count": pd.array([0, 2_147_483_647, None] * (n // 3), dtype="Int64"),
            "satisfaction": [np.nan if k % 4 == 0 else float(k % 5 + 1) for k in range(n)],
            "made_sla": [bool(k % 2) for k in range(n)],
            "on_hold_hours": [np.nan, 0.0, -1.5, 1e-9, 123456789.125, 1e300] * (n // 6),
            schema.IMPORT_ID: pd.array([None, 7] * (n // 2), dtype="Int64"),
            schema.VALID_FROM: datetime(2026, 11, 16, 6, 0, 0, 123456),
        }
    )


def _reports() -> pd.DataFrame:
    n = len(HOSTILE_TEXT)
    return pd.DataFrame(
        {
            "project_id": [f"PRJ-{k}" for k in range(n)],
            "report_date": pd.Series(
                pd.date_range("2026-01-31", periods=n), dtype="datetime64[us]"
            ),
            "summary": list(HOSTILE_TEXT),
            "achievements": [text * 40 for text in HOSTILE_TEXT],  # long text
            "percent_complete": np.linspace(0, 100, n),
            schema.ENDED_BY: 3,
            schema.VALID_TO: datetime(2026, 10, 1, 6),
        }
    )


def _read(engine, table: sa.Table, key: str) -> pd.DataFrame:
    with engine.connect() as conn:
        return pd.read_sql(sa.select(table).order_by(table.c[key]), conn)


def _write(engine, table: sa.Table, frame: pd.DataFrame) -> None:
    with engine.begin() as conn:
        conn.execute(table.delete())
        assert store.bulk_insert(conn, table, frame) == len(frame)


@pytest.fixture
def pg_engine(pg_server):
    url = pg_server.create_database(f"copy_{datetime.now():%H%M%S%f}")
    engine = store_engine.create_engine(url)
    store.create_schema(engine)
    yield engine
    engine.dispose()


@pytest.mark.parametrize(
    ("table", "frame", "key"),
    [
        (schema.TABLES["tickets"], _tickets, "ticket_id"),
        (schema.HISTORY_TABLES["status_reports"], _reports, schema.VERSION_ID),
    ],
    ids=["tickets", "status_reports_history"],
)
def test_copy_stores_what_inserts_store(pg_engine, monkeypatch, table, frame, key):
    rows = frame()
    copied = []

    real_copy = store._copy

    def spy(conn, table, columns):
        copied.append(table.name)
        return real_copy(conn, table, columns)

    monkeypatch.setattr(store, "_copy", spy)
    columns = [c for c in rows.columns if c in table.c]
    assert store._copy_text(rows, table, columns) is not None  # the fast path, not write_row
    _write(pg_engine, table, rows)
    assert copied == [table.name]
    by_copy = _read(pg_engine, table, key)

    monkeypatch.setattr(store, "_can_copy", lambda conn: False)
    _write(pg_engine, table, rows)
    by_insert = _read(pg_engine, table, key)
    assert len(by_copy) == len(rows)
    if key == schema.VERSION_ID:  # a serial: the second write numbers on
        by_copy, by_insert = by_copy.drop(columns=key), by_insert.drop(columns=key)
    pd.testing.assert_frame_equal(by_copy, by_insert)

    # and they are the values written, not only the same ones
    if table.name == "tickets":
        got = by_copy.set_index("ticket_id").loc[rows["ticket_id"]]
        assert got["service"].tolist() == list(HOSTILE_TEXT)
        assert got["category"].isna().tolist() == rows["category"].isna().tolist()
        assert got["status"].tolist()[2] == "carriage\rreturn" and got["status"].isna().iloc[1]
        assert got["status"].tolist()[7] == ""  # an empty string is not NULL
        assert got["opened_at"].tolist() == rows["opened_at"].tolist()  # to the microsecond
        assert got["first_response_at"].isna().sum() == len(rows) // 2
        assert got["escalated"].tolist()[:3] == [True, False, None]
        assert got["reopened_count"].tolist()[:2] == [0, 2_147_483_647]
        assert got["on_hold_hours"].tolist()[1:6] == [0.0, -1.5, 1e-9, 123456789.125, 1e300]
    else:
        assert by_copy["summary"].tolist() == list(HOSTILE_TEXT)
        assert by_copy["achievements"].tolist() == [t * 40 for t in HOSTILE_TEXT]


def test_time_zone_aware_stamps_go_through_write_row_as_inserts_do(pg_engine, monkeypatch):
    rows = _tickets()
    rows[schema.VALID_FROM] = pd.Timestamp("2026-11-16 06:00:00.5", tz="UTC")
    table = schema.TABLES["tickets"]
    assert store._copy_text(rows, table, list(rows.columns)) is None
    _write(pg_engine, table, rows)
    by_copy = _read(pg_engine, table, "ticket_id")
    monkeypatch.setattr(store, "_can_copy", lambda conn: False)
    _write(pg_engine, table, rows)
    pd.testing.assert_frame_equal(by_copy, _read(pg_engine, table, "ticket_id"))


def test_a_copy_that_breaks_a_key_is_an_integrity_error_and_writes_nothing(pg_engine):
    rows = _tickets()
    twice = pd.concat([rows, rows.iloc[[3]]], ignore_index=True)
    with pytest.raises(sa.exc.IntegrityError), pg_engine.begin() as conn:
        store.bulk_insert(conn, schema.TABLES["tickets"], twice)
    assert _read(pg_engine, schema.TABLES["tickets"], "ticket_id").empty


TINY = sample_data.Scale(
    projects=12,
    tickets=30_000,
    raid=60,
    changes=300,
    resources=15,
    contracts=8,
    demand=20,
    ticket_chunk=4_000,
)


@pytest.fixture(params=["sqlite", "postgres"])
def empty_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'streamed.sqlite'}"
    server = request.getfixturevalue("pg_server")
    return server.create_database(f"streamed_{datetime.now():%H%M%S%f}")


def test_the_sample_is_loaded_with_its_tickets_in_chunks(empty_url, monkeypatch):
    monkeypatch.setitem(sample_data.SCALES, "tiny", TINY)
    monkeypatch.setattr(store, "REBUILD_INDEXES_ROWS", TINY.tickets)  # and rebuilt on PostgreSQL
    told: dict[str, list[int]] = {}
    engine = store_engine.create_engine(empty_url)
    counts = store.load_sample(
        engine,
        scale="tiny",
        as_of=AS_OF,
        progress=lambda table, rows: told.setdefault(table, []).append(rows),
    )
    assert counts["tickets"] == TINY.tickets and counts["projects"] == TINY.projects
    assert len(told["tickets"]) > TINY.tickets // TINY.ticket_chunk  # one call per chunk
    assert sum(told["tickets"]) == TINY.tickets
    assert sum(told["projects"]) == TINY.projects
    tickets = schema.TABLES["tickets"]
    imports = schema.imports
    with engine.connect() as conn:
        assert store.row_counts(conn)["tickets"] == TINY.tickets
        final = conn.execute(sa.select(sa.func.max(imports.c.import_id))).scalar_one()
        written_by = conn.execute(
            sa.select(tickets.c[schema.IMPORT_ID], sa.func.count()).group_by(
                tickets.c[schema.IMPORT_ID]
            )
        ).all()
        assert written_by == [(final, TINY.tickets)]
        added = conn.execute(
            sa.select(imports.c.rows_added, imports.c.summary).where(imports.c.import_id == final)
        ).one()
        distinct = conn.execute(sa.select(sa.func.count(sa.distinct(tickets.c.ticket_id))))
        assert distinct.scalar_one() == TINY.tickets
    assert added.rows_added >= TINY.tickets
    assert f'"tickets": {{"added": {TINY.tickets}' in added.summary
    # the rows are the chunked generator's, as it makes them
    sample = sample_data._streamed(TINY, AS_OF, sample_data.SEED, TINY.ticket_chunk)
    expected = pd.concat(sample.ticket_chunks, ignore_index=True)
    with engine.connect() as conn:
        stored = pd.read_sql(
            sa.select(*schema.data_columns("tickets")).order_by(tickets.c.ticket_id), conn
        )
    indexes = {index["name"] for index in sa.inspect(engine).get_indexes("tickets")}
    assert indexes == {index.name for index in tickets.indexes}  # as the schema has them
    if engine.dialect.name == "postgresql":
        assert any(table.startswith("tickets: index") for table in told)
    assert stored["ticket_id"].tolist() == expected["ticket_id"].tolist()
    assert stored["status"].tolist() == expected["status"].tolist()
    assert (pd.to_datetime(stored["opened_at"]) == expected["opened_at"]).all()
    engine.dispose()
