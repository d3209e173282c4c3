"""The Operations summaries (data_access/summaries.py) on SQLite and PostgreSQL: they always
equal a full recomputation — after a seed, an import, a rollback, an SLA change and a failed
load — and the figures read from them are the figures read from the tickets, for any period
and choice of services."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pandas as pd
import pytest
import sqlalchemy as sa
from pandas.api.types import is_numeric_dtype

from data_access import operations_queries as q
from data_access import schema, summaries, versioning
from data_access.engine import write_transaction
from data_access.filters import Period
from data_access.zones import Zones
from tests.conftest import TEST_AS_OF

BRUSSELS = Zones(local="Europe/Brussels", source="UTC")


def _tickets(conn) -> pd.DataFrame:
    columns = schema.dataset("tickets").column_names
    return pd.read_sql(sa.select(*(schema.TABLES["tickets"].c[c] for c in columns)), conn)


def _opened_on(conn, day: date, service: str) -> int:
    cube = q.opened_cube(conn, Period.ending(day, 1), (service,))
    return int(cube.loc[cube["day"].dt.date == day, "tickets"].sum())


def _cubes(conn, period: Period, services: tuple[str, ...], all_services: bool, zones: Zones):
    return {
        "opened": q.opened_cube(conn, period, services, zones),
        "resolved": q.resolved_cube(conn, period, services, all_services, zones),
        "changes": q.change_cube(conn, period, services, all_services, zones),
        "medians": q.mttr_medians(conn, period, services, all_services, zones),
    }


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    keys = [c for c in frame.columns if c == "day" or not is_numeric_dtype(frame[c])]
    frame = frame.sort_values(keys, na_position="first") if keys else frame
    return frame.reset_index(drop=True)


def _assert_same(read: dict, recomputed: dict) -> None:
    for name, frame in read.items():
        pd.testing.assert_frame_equal(
            _sorted(frame), _sorted(recomputed[name]), check_dtype=False, rtol=1e-9, obj=name
        )


def test_a_seeded_store_has_its_summaries_in_utc(writable_engine):
    with writable_engine.connect() as conn:
        assert summaries.zones_built(conn) == q.SAME_ZONE
        assert summaries.differences(conn) == {}
        opened = conn.execute(sa.select(sa.func.sum(schema.ops_opened.c.tickets))).scalar()
        tickets = conn.execute(sa.select(sa.func.count()).select_from(schema.TABLES["tickets"]))
        assert opened == tickets.scalar()  # every ticket on one day


@pytest.mark.parametrize("zones", [q.SAME_ZONE, BRUSSELS], ids=["utc", "brussels"])
def test_figures_from_the_summaries_are_the_figures_from_the_tickets(writable_engine, zones):
    """Property-style: random periods (1–60 weeks, as-of days over two years) and random
    service choices, read once from the summaries and once from the tickets."""
    chance = random.Random(20261205)
    with writable_engine.begin() as conn:
        summaries.rebuild(conn, zones)
    with writable_engine.connect() as conn:
        options = tuple(q.service_options(conn))
        assert q.summarised(conn, zones)
        cases = []
        for _ in range(8):
            as_of = TEST_AS_OF - timedelta(days=chance.randrange(0, 700))
            period = Period.ending(as_of, chance.randrange(1, 61))
            chosen = tuple(sorted(chance.sample(options, chance.randrange(1, len(options) + 1))))
            all_services = chosen == options and chance.random() < 0.5
            cases.append((period, chosen, all_services))
        read = [_cubes(conn, *case, zones) for case in cases]
    with writable_engine.begin() as conn:
        conn.execute(schema.summary_info.delete())  # not built: the tickets are read
    with writable_engine.connect() as conn:
        assert not q.summarised(conn, zones)
        for case, from_summaries in zip(cases, read, strict=True):
            _assert_same(from_summaries, _cubes(conn, *case, zones))
    assert any(not frame.empty for cubes in read for frame in cubes.values())


def test_an_import_and_its_rollback_keep_the_summaries_true(writable_engine):
    with writable_engine.connect() as conn:
        tickets = _tickets(conn)
    service = tickets["service"].iloc[0]
    day = date(2026, 6, 10)
    before = {"opened": None}
    with writable_engine.connect() as conn:
        before["opened"] = _opened_on(conn, day, service)
    new = tickets.head(3).copy()
    new["ticket_id"] = [f"INC-SUM-{n}" for n in range(3)]
    new["service"] = service
    new["opened_at"] = datetime(2026, 6, 10, 9, 30)
    new["resolved_at"] = datetime(2026, 6, 10, 17, 0)
    new["closed_at"] = datetime(2026, 6, 11, 9, 0)
    moved = tickets.iloc[[10]].copy()
    moved["resolved_at"] = pd.Timestamp(moved["opened_at"].iloc[0]) + pd.Timedelta(hours=1)
    frame = pd.concat([new, moved], ignore_index=True)

    done = versioning.commit(writable_engine, {"tickets": frame}, source="summaries test")
    with writable_engine.connect() as conn:
        assert summaries.differences(conn) == {}
        assert _opened_on(conn, day, service) == before["opened"] + 3

    versioning.rollback(writable_engine, done.import_id)
    with writable_engine.connect() as conn:
        assert summaries.differences(conn) == {}
        assert _opened_on(conn, day, service) == before["opened"]


def test_new_sla_targets_judge_the_resolved_tickets_again(writable_engine):
    with writable_engine.connect() as conn:
        targets = pd.read_sql(sa.select(q.SLA), conn)
        met_before = conn.execute(sa.select(sa.func.sum(schema.ops_resolved.c.met))).scalar()
    service = targets["service"].iloc[0]
    strict = targets[targets["service"] == service].copy()
    strict["resolution_hours"] = 0.001  # nothing of that service is resolved in 3.6 seconds
    columns = list(schema.dataset("sla_targets").column_names)
    versioning.commit(writable_engine, {"sla_targets": strict[columns]}, source="stricter SLA")
    with writable_engine.connect() as conn:
        assert summaries.differences(conn) == {}
        met_after = conn.execute(sa.select(sa.func.sum(schema.ops_resolved.c.met))).scalar()
    assert met_after < met_before


def test_a_load_that_fails_leaves_tickets_and_summaries_as_they_were(writable_engine):
    with writable_engine.connect() as conn:
        stored = {t.name: pd.read_sql(sa.select(t), conn) for t in schema.SUMMARY_TABLES}
    with pytest.raises(RuntimeError), write_transaction(writable_engine) as conn:
        conn.execute(schema.TABLES["tickets"].delete())
        summaries.note_written(conn, ["tickets"])
        raise RuntimeError("the load fails half-way")
    with writable_engine.connect() as conn:
        for table in schema.SUMMARY_TABLES:
            pd.testing.assert_frame_equal(pd.read_sql(sa.select(table), conn), stored[table.name])
        assert summaries.differences(conn) == {}


def test_the_check_names_a_summary_that_drifted(writable_engine):
    """A ticket written behind Steerco's back (no load) is what the check is for."""
    with writable_engine.begin() as conn:
        conn.execute(schema.ops_opened.update().values(tickets=schema.ops_opened.c.tickets + 1))
    with writable_engine.connect() as conn:
        assert set(summaries.differences(conn)) == {"steerco_ops_opened"}


def test_summaries_in_other_zones_are_not_read(writable_engine):
    with writable_engine.begin() as conn:
        summaries.rebuild(conn, BRUSSELS)
    with writable_engine.connect() as conn:
        assert summaries.zones_built(conn) == BRUSSELS
        assert q.summarised(conn, BRUSSELS) and not q.summarised(conn, q.SAME_ZONE)
        assert summaries.differences(conn) == {}


def test_an_import_of_a_few_tickets_rebuilds_only_their_days(writable_engine, monkeypatch):
    rebuilt = []
    original = summaries._fill

    def spy(conn, part, zones, days=None):
        rebuilt.append((part, days))
        return original(conn, part, zones, days)

    monkeypatch.setattr(summaries, "_fill", spy)
    with writable_engine.connect() as conn:
        ticket = _tickets(conn).head(1).copy()
    ticket["ticket_id"] = "INC-ONE-DAY"
    ticket["opened_at"] = datetime(2026, 5, 5, 10, 0)
    ticket["resolved_at"] = datetime(2026, 5, 7, 12, 0)
    ticket["closed_at"] = datetime(2026, 5, 8, 9, 0)
    versioning.commit(writable_engine, {"tickets": ticket}, source="one ticket")
    assert sorted(rebuilt) == [
        ("durations", (date(2026, 5, 6), date(2026, 5, 8))),
        ("opened", (date(2026, 5, 4), date(2026, 5, 6))),
        ("resolved", (date(2026, 5, 6), date(2026, 5, 8))),
    ]  # each day with the day either side; the changes and the other days untouched
    with writable_engine.connect() as conn:
        assert summaries.differences(conn) == {}
