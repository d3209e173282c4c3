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
from datetime import date, datetime, time, timedelta

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


#: The stamp that puts a row of each part on its day.
STAMPS = {
    "opened": T.c.opened_at,
    "resolved": T.c.resolved_at,
    "durations": T.c.resolved_at,
    "changes": CH.c.implemented_at,
}
#: A load touching rows on more separate stretches of days than this rebuilds the part whole.
MAX_STRETCHES = 24
#: Days between two touched days that are rebuilt with them rather than as two stretches.
JOIN_GAP_DAYS = 3
DAY = timedelta(days=1)
#: What a transaction's loads wrote, per dataset: None (the whole dataset: a seed, a
#: replacement) or the stamps of the rows an import or rollback added, changed or removed
#: (old and new versions), per stamp column.
Due = dict[str, dict[str, list] | None]


def note_written(conn: Connection, datasets: Iterable[str]) -> None:
    """Remember, for this transaction, that a load wrote ``datasets`` (whole, until
    :func:`note_changes` says which rows)."""
    due: Due = conn.info.setdefault(DUE, {})
    for name in datasets:
        due.setdefault(name, None)


def note_changes(conn: Connection, changes) -> None:
    """Remember the stamps of the rows a change set (``versioning.ChangeSet``) writes, so
    only their days are rebuilt."""
    due: Due = conn.info.setdefault(DUE, {})
    for name, change in changes.datasets.items():
        columns = {c.name for part, c in STAMPS.items() if name in _FED_BY[part]}
        if not columns:
            continue
        kept = due.get(name) or {}
        for col in columns:
            for frame in (change.added, change.changed, change.previous, change.removed):
                if col in frame.columns:
                    kept.setdefault(col, []).extend(frame[col].dropna().tolist())
        due[name] = kept


def refresh(conn: Connection, due: Due) -> tuple[str, ...]:
    """Bring the parts fed by what was written up to date: the touched days only when the
    written rows are known, else the whole part (all parts when the summaries were never
    built). Returns the parts rebuilt, whole or in part."""
    built = zones_built(conn)
    if built is None:
        rebuild(conn, q.SAME_ZONE)
        return PARTS
    done = []
    for part in PARTS:
        feeding = [name for name in due if name in _FED_BY[part]]
        if not feeding:
            continue
        done.append(part)
        stretches = None
        if all(due[name] is not None for name in feeding) and "sla_targets" not in feeding:
            stamps = [v for name in feeding for v in due[name].get(STAMPS[part].name, [])]
            stretches = _stretches(_local_days(stamps, built))
        if stretches is None:
            _fill(conn, part, built)
        else:
            for stretch in stretches:
                _fill(conn, part, built, stretch)
    return tuple(done)


_FED_BY = {part: {n for n, parts in SOURCES.items() if part in parts} for part in PARTS}


def _local_days(stamps: list, zones: Zones) -> list[date]:
    """The local days of source stamps (midnight closes the day before), each with the days
    either side: a margin, so no rounding at a day's edge can leave a day out."""
    if not stamps:
        return []
    local = zones.to_local(pd.Series(pd.to_datetime(stamps)))
    days = set((local - pd.Timedelta(microseconds=1)).dt.date)
    return sorted({d + k * DAY for d in days for k in (-1, 0, 1)})


def _stretches(days: list[date]) -> list[tuple[date, date]] | None:
    """Consecutive (or nearly) days as (first, last) stretches; None when they are too many
    (rebuild the whole part)."""
    out: list[list[date]] = []
    for day in days:
        if out and (day - out[-1][1]).days <= JOIN_GAP_DAYS:
            out[-1][1] = day
        else:
            out.append([day, day])
    return None if len(out) > MAX_STRETCHES else [(a, b) for a, b in out]


def rebuild(conn: Connection, zones: Zones = q.SAME_ZONE, parts: Iterable[str] = PARTS) -> None:
    """Replace ``parts`` with a full recomputation in ``zones`` (all parts when the zones
    change: every day must be cut the same way)."""
    parts = tuple(parts)
    if zones != zones_built(conn):
        parts = PARTS
    for part in parts:
        _fill(conn, part, zones)
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
    return zones.day_runs(first - 2 * DAY, last + 2 * DAY)


def _fill(conn: Connection, part: str, zones: Zones, days: tuple[date, date] | None = None) -> None:
    """Recompute ``part`` for every day, or for the local ``days`` (first, last) only."""
    table, col = _TABLES[part], STAMPS[part]
    if days is None:
        conn.execute(table.delete())
        runs = _runs(conn, col, zones)
        if runs is None:
            return
        where = col.is_not(None)
    else:
        first, last = days
        conn.execute(table.delete().where(table.c.day >= first, table.c.day <= last))
        runs = zones.day_runs(first, last)
        lo = zones.to_source(datetime.combine(first, time()))
        hi = zones.to_source(datetime.combine(last + DAY, time()))
        where = sa.and_(col > lo, col <= hi)
        if part == "opened":  # through ix_tickets_service_opened, as the page's own query
            where = sa.and_(where, _any_service(conn))
    day = q.local_day(conn, col, runs).label("day")
    select = _SELECTS[part](conn, day, where).order_by(day)
    conn.execute(table.insert().from_select([c.name for c in table.c], select))


def _any_service(conn: Connection) -> sa.ColumnElement:
    services = list(conn.execute(sa.select(T.c.service).distinct()).scalars())
    known = [s for s in services if s is not None]
    return sa.or_(T.c.service.in_(known), T.c.service.is_(None))


def _opened(conn: Connection, day: sa.ColumnElement, where) -> sa.Select:
    category = q._label(T.c.category, "category")
    return (
        sa.select(day, T.c.service, T.c.priority, category, sa.func.count().label("tickets"))
        .where(where)
        .group_by(day, T.c.service, T.c.priority, category)
    )


def _resolved(conn: Connection, day: sa.ColumnElement, where) -> sa.Select:
    met = q.sla_met_expr(conn)
    hours = q.resolution_ms(conn) / float(q.MS_PER_HOUR)
    cause = q._label(T.c.root_cause, "root_cause")
    reopened = sa.case((sa.func.coalesce(T.c.reopened_count, 0) > 0, 1), else_=0)
    return (
        sa.select(
            day,
            T.c.service,
            T.c.priority,
            cause,
            sa.func.count().label("resolved"),
            sa.func.count(met).label("judged"),
            sa.func.coalesce(sa.func.sum(met), sa.literal(0)).label("met"),
            sa.func.sum(q._true(T.c.escalated)).label("escalated"),
            sa.func.sum(reopened).label("reopened"),
            sa.func.sum(q._first_contact()).label("first_contact"),
            sa.func.coalesce(sa.func.sum(hours), 0.0).label("hours"),
            sa.func.coalesce(sa.func.sum(T.c.satisfaction), 0.0).label("sat_sum"),
            sa.func.count(T.c.satisfaction).label("sat_n"),
        )
        .select_from(q._sla_join())
        .where(where)
        .group_by(day, T.c.service, T.c.priority, cause)
    )


def _durations(conn: Connection, day: sa.ColumnElement, where) -> sa.Select:
    ms = q.resolution_ms(conn).label("ms")
    return sa.select(day, T.c.service, T.c.priority, ms).where(where)


def _changes(conn: Connection, day: sa.ColumnElement, where) -> sa.Select:
    service = q._label(CH.c.service, "service")
    kind = q._label(CH.c.type, "type")
    outcome = q._label(CH.c.outcome, "outcome")
    caused = q._true(CH.c.caused_incident).label("caused_incident")
    return (
        sa.select(day, service, kind, outcome, caused, sa.func.count().label("changes"))
        .where(where)
        .group_by(day, service, kind, outcome, caused)
    )


_TABLES = {
    "opened": schema.ops_opened,
    "resolved": schema.ops_resolved,
    "durations": schema.ops_durations,
    "changes": schema.ops_changes,
}
_SELECTS = {
    "opened": _opened,
    "resolved": _resolved,
    "durations": _durations,
    "changes": _changes,
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
