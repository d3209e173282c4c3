"""The Operations summaries: ticket and change figures per day, kept at import, not at read.

The Operations page adds up tickets per local day × service × priority (× category, root cause,
change type and outcome). Computed from the tickets at every read, its cost grows with the
tickets; read from these tables (``schema.SUMMARY_TABLES``) it grows with the days. They are
rebuilt inside the write transaction of every load that changes what they add up — an import,
a rollback, a SQL source's pull, a seed — so a reader never sees tickets and summaries that
disagree: ``store.record_import`` notes the datasets a load writes, and
``engine.write_transaction`` calls :func:`refresh` before it commits.

What each table holds is exactly what the raw queries of ``operations_queries`` compute, with
the same expressions (the local day, the SLA judgement, the resolution time); a check
(:func:`differences`, run by the tests after seeds, imports, rollbacks and syncs) compares them
with a full recomputation. Medians are not sums of days: ``steerco_ops_durations`` keeps each
resolved ticket's day, service, priority and resolution time, narrow rows read in day order.

Days depend on the zones (settings ``timezone`` and ``source_timezone``): the summaries are cut
in the zones recorded in ``steerco_summaries`` (UTC and UTC until told otherwise); a page
asking for other zones reads the tickets (same figures, slower) until ``steerco db summaries``
rebuilds them in the configured zones. A rebuild replaces the parts a load touched, in full:
a few seconds for a million tickets, inside an import of them that takes longer.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

import pandas as pd
import sqlalchemy as sa
from pandas.api.types import is_numeric_dtype
from sqlalchemy.engine import Connection

from data_access import operations_queries as q
from data_access import schema
from data_access.engine import SUMMARIES_DUE
from data_access.zones import DayRun, Zones

T, SLA, CH = q.T, q.SLA, q.CH
INFO = schema.summary_info

#: The parts of the summaries, and the datasets whose rows they add up.
PARTS = ("opened", "resolved", "durations", "changes")
SOURCES = {
    "tickets": ("opened", "resolved", "durations"),
    "sla_targets": ("resolved",),
    "changes": ("changes",),
}
DUE = SUMMARIES_DUE


def zones_built(conn: Connection) -> Zones | None:
    """The zones the summaries' days are cut in; None when they were never built."""
    row = conn.execute(sa.select(INFO.c.local_zone, INFO.c.source_zone)).first()
    return None if row is None else Zones(local=row[0], source=row[1])


def note_written(conn: Connection, datasets: Iterable[str]) -> None:
    """Remember, for this transaction, that a load wrote ``datasets``."""
    conn.info.setdefault(DUE, set()).update(datasets)


def refresh(conn: Connection, datasets: Iterable[str]) -> tuple[str, ...]:
    """Rebuild the parts fed by ``datasets`` (all of them when the summaries were never
    built); returns the parts rebuilt."""
    built = zones_built(conn)
    parts = PARTS if built is None else tuple(
        p for p in PARTS if any(p in SOURCES.get(name, ()) for name in datasets)
    )  # fmt: skip
    if parts:
        rebuild(conn, built or q.SAME_ZONE, parts)
    return parts


def rebuild(conn: Connection, zones: Zones = q.SAME_ZONE, parts: Iterable[str] = PARTS) -> None:
    """Replace ``parts`` with a full recomputation in ``zones`` (all parts when the zones
    change: every day must be cut the same way)."""
    parts = tuple(parts)
    if zones != zones_built(conn):
        parts = PARTS
    for part in parts:
        _FILL[part](conn, zones)
    conn.execute(INFO.delete())
    conn.execute(
        INFO.insert().values(
            id=1, local_zone=zones.local, source_zone=zones.source, built_at=datetime.now()
        )
    )


# --------------------------------------------------------------------------- filling


def _runs(conn: Connection, col: sa.ColumnElement, zones: Zones) -> list[DayRun] | None:
    """The day runs covering every stamp of ``col`` (None when the column has none)."""
    lo, hi = conn.execute(sa.select(sa.func.min(col), sa.func.max(col))).one()
    if lo is None:
        return None
    first, last = (pd.Timestamp(v).date() for v in (lo, hi))
    return zones.day_runs(first - timedelta(days=2), last + timedelta(days=2))


def _replace(conn: Connection, table: sa.Table, select: sa.Select | None) -> None:
    conn.execute(table.delete())
    if select is not None:
        conn.execute(table.insert().from_select([c.name for c in table.c], select))


def _fill_opened(conn: Connection, zones: Zones) -> None:
    runs = _runs(conn, T.c.opened_at, zones)
    select = None
    if runs is not None:
        day = q.local_day(conn, T.c.opened_at, runs).label("day")
        category = q._label(T.c.category, "category")
        select = (
            sa.select(day, T.c.service, T.c.priority, category, sa.func.count().label("tickets"))
            .where(T.c.opened_at.is_not(None))
            .group_by(day, T.c.service, T.c.priority, category)
            .order_by(day)
        )
    _replace(conn, schema.ops_opened, select)


def _fill_resolved(conn: Connection, zones: Zones) -> None:
    runs = _runs(conn, T.c.resolved_at, zones)
    select = None
    if runs is not None:
        met = q.sla_met_expr(conn)
        hours = q.resolution_ms(conn) / float(q.MS_PER_HOUR)
        day = q.local_day(conn, T.c.resolved_at, runs).label("day")
        cause = q._label(T.c.root_cause, "root_cause")
        reopened = sa.case((sa.func.coalesce(T.c.reopened_count, 0) > 0, 1), else_=0)
        zero = sa.literal(0)
        select = (
            sa.select(
                day,
                T.c.service,
                T.c.priority,
                cause,
                sa.func.count().label("resolved"),
                sa.func.count(met).label("judged"),
                sa.func.coalesce(sa.func.sum(met), zero).label("met"),
                sa.func.sum(q._true(T.c.escalated)).label("escalated"),
                sa.func.sum(reopened).label("reopened"),
                sa.func.sum(q._first_contact()).label("first_contact"),
                sa.func.coalesce(sa.func.sum(hours), 0.0).label("hours"),
                sa.func.coalesce(sa.func.sum(T.c.satisfaction), 0.0).label("sat_sum"),
                sa.func.count(T.c.satisfaction).label("sat_n"),
            )
            .select_from(q._sla_join())
            .where(T.c.resolved_at.is_not(None))
            .group_by(day, T.c.service, T.c.priority, cause)
            .order_by(day)
        )
    _replace(conn, schema.ops_resolved, select)


def _fill_durations(conn: Connection, zones: Zones) -> None:
    runs = _runs(conn, T.c.resolved_at, zones)
    select = None
    if runs is not None:
        day = q.local_day(conn, T.c.resolved_at, runs).label("day")
        select = (
            sa.select(day, T.c.service, T.c.priority, q.resolution_ms(conn).label("ms"))
            .where(T.c.resolved_at.is_not(None))
            .order_by(day)
        )
    _replace(conn, schema.ops_durations, select)


def _fill_changes(conn: Connection, zones: Zones) -> None:
    runs = _runs(conn, CH.c.implemented_at, zones)
    select = None
    if runs is not None:
        day = q.local_day(conn, CH.c.implemented_at, runs).label("day")
        service = q._label(CH.c.service, "service")
        kind = q._label(CH.c.type, "type")
        outcome = q._label(CH.c.outcome, "outcome")
        caused = q._true(CH.c.caused_incident).label("caused_incident")
        select = (
            sa.select(day, service, kind, outcome, caused, sa.func.count().label("changes"))
            .where(CH.c.implemented_at.is_not(None))
            .group_by(day, service, kind, outcome, caused)
            .order_by(day)
        )
    _replace(conn, schema.ops_changes, select)


_FILL = {
    "opened": _fill_opened,
    "resolved": _fill_resolved,
    "durations": _fill_durations,
    "changes": _fill_changes,
}


# --------------------------------------------------------------------------- the check


def _table(conn: Connection, table: sa.Table) -> pd.DataFrame:
    frame = pd.read_sql(sa.select(table), conn)
    frame["day"] = pd.to_datetime(frame["day"]).dt.date
    return frame


def differences(conn: Connection, zones: Zones | None = None) -> dict[str, str]:
    """Where the stored summaries differ from a full recomputation (empty: none), by part.

    The recomputation runs in a savepoint that is rolled back, so the check writes nothing.
    """
    zones = zones or zones_built(conn) or q.SAME_ZONE
    stored = {table.name: _table(conn, table) for table in schema.SUMMARY_TABLES}
    with conn.begin_nested() as savepoint:
        rebuild(conn, zones)
        fresh = {table.name: _table(conn, table) for table in schema.SUMMARY_TABLES}
        savepoint.rollback()
    found = {}
    for name, frame in stored.items():
        problem = _compare(frame, fresh[name])
        if problem:
            found[name] = problem
    return found


def _compare(stored: pd.DataFrame, fresh: pd.DataFrame) -> str:
    if len(stored) != len(fresh):
        return f"{len(stored)} rows stored, {len(fresh)} recomputed"
    if stored.empty:
        return ""
    keys = [c for c in stored.columns if c == "day" or not is_numeric_dtype(stored[c])]
    a = stored.sort_values(list(stored.columns), na_position="first").reset_index(drop=True)
    b = fresh.sort_values(list(fresh.columns), na_position="first").reset_index(drop=True)
    if not a[keys].fillna("").equals(b[keys].fillna("")):
        return "the days, services or categories differ"
    for col in (c for c in a.columns if c not in keys):
        if not pd.Series(a[col]).astype(float).round(6).equals(b[col].astype(float).round(6)):
            return f"{col} differs"
    return ""
