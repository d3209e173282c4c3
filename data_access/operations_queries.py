"""Operations queries: ticket flow, backlog, SLA, MTTR, rates, Pareto counts and changes.

Every aggregation runs in SQL over the period's rows only, with the indexes of
``data_access/schema.py``: tickets opened in the period through ``ix_tickets_service_opened``
(always with the service list, so the index is searched, not scanned), tickets resolved in the
period through ``ix_tickets_resolved``, changes through ``ix_changes_implemented``. Results are
small "cubes" (counts and sums per day × service × priority × …) that the analytics roll up into
weeks, months and totals; no query returns more than the period's groups, except the drill-down
queries, which return at most ``ROW_CAP`` rows.

Time windows are half-open on the left: ``(lo, hi]``. A day runs from just after midnight up to
and including the next midnight, so a ticket resolved exactly at the end of the period is
resolved in the period and not in the backlog at its end (the backlog is
``opened_at ≤ end and not resolved by end``), and weekly counts add up with the backlog.

Days, weeks and months are the organisation's (setting ``timezone``); the store holds the
timestamps in the source's zone (``source_timezone``). Periods and marks arrive in local time
and their boundaries are turned into source times once (``data_access/zones.py``), so every
WHERE compares a stored column with constants; the daily cubes put each row into its local
day with a CASE over a few runs of days (one run when the zones keep one offset difference,
a few more around a clock change).

Resolution time is ``resolved_at − opened_at − on_hold_hours`` (never below 0; no hold time
recorded: nothing subtracted), for MTTR and for the SLA computed where ``made_sla`` is empty.

Where the dialects differ (day keys and durations) the small helpers below switch on
``conn.dialect.name``. Durations are compared in whole milliseconds on SQLite (its date
functions keep milliseconds) and exactly on PostgreSQL.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import NamedTuple

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access import frames, schema
from data_access.filters import (
    AGE_BUCKETS,
    BLANK,
    CANCELLED,
    ChangeMark,
    Period,
    TicketMark,
)
from data_access.zones import DayRun, Zones

T = schema.TABLES["tickets"]
SLA = schema.TABLES["sla_targets"]
CH = schema.TABLES["changes"]

#: Most rows a drill-down query returns; the page says how many there are in total.
ROW_CAP = 500
MS_PER_HOUR = 3_600_000
#: Figures cut in the zone of the stored timestamps (the default settings: both UTC).
SAME_ZONE = Zones()
DAY = timedelta(days=1)


# --------------------------------------------------------------------------- dialect helpers


def _is_sqlite(conn: Connection) -> bool:
    return conn.dialect.name == "sqlite"


def day_key(
    conn: Connection, col: sa.ColumnElement, shift: timedelta = timedelta(0)
) -> sa.ColumnElement:
    """The day whose (midnight, next midnight] holds the timestamp + ``shift``, as a date or
    ISO text.

    Only a timestamp exactly at midnight differs from its calendar date: it closes the day
    before.
    """
    if _is_sqlite(conn):
        days = 0
        if abs(shift) >= DAY:
            days, shift = divmod(shift, DAY)
        key = _day_key_sqlite(col, shift)
        return sa.func.date(key, f"{days:+d} days") if days else key
    step = shift - timedelta(microseconds=1)
    return sa.cast(col + sa.literal(step, sa.Interval), sa.Date)


def _day_key_sqlite(col: sa.ColumnElement, shift: timedelta) -> sa.ColumnElement:
    """The day key of ``col + shift`` (under a day either way) from the stored text
    'YYYY-MM-DD HH:MM:SS.ffffff' (see store.SQLITE_DATETIME_FORMAT): a comparison of its
    clock, so only stamps within ``shift`` of a midnight call a date function. Forward, a
    stamp moves to the next day when its clock is after ``24 h − shift`` (exactly then it is
    local midnight, which closes the day); otherwise to the day before when its clock is at
    most ``−shift`` (with no shift: exactly midnight)."""
    clock, day = sa.func.substr(col, 12), sa.func.substr(col, 1, 10)
    if shift > timedelta(0):
        after = (datetime.min + (DAY - shift)).strftime("%H:%M:%S.%f")
        return sa.case((clock > after, sa.func.date(col, "+1 day")), else_=day)
    upto = (datetime.min - shift).strftime("%H:%M:%S.%f")
    return sa.case((clock <= upto, sa.func.date(col, "-1 day")), else_=day)


def local_day(conn: Connection, col: sa.ColumnElement, runs: list[DayRun]) -> sa.ColumnElement:
    """The organisation's day of a stored timestamp inside the runs' window (see
    ``Zones.day_runs``): the plain day key when the zones agree, else a CASE over the runs."""

    def of(run: DayRun) -> sa.ColumnElement:
        if run.day is None:
            return day_key(conn, col, run.shift)
        if _is_sqlite(conn):
            return sa.literal(run.day.isoformat(), sa.String)
        return sa.literal(run.day, sa.Date)

    if len(runs) == 1:
        return of(runs[0])
    return sa.case(*[(col <= run.hi, of(run)) for run in runs[:-1]], else_=of(runs[-1]))


def duration_ms(conn: Connection, start: sa.ColumnElement, end: sa.ColumnElement):
    """``end − start`` in milliseconds: whole ms on SQLite (its date functions keep
    milliseconds); on PostgreSQL ``date_part('epoch', …)`` in double precision, exact for
    whole milliseconds (``extract`` would return a slower ``numeric``)."""
    if _is_sqlite(conn):
        return sa.func.round((sa.func.julianday(end) - sa.func.julianday(start)) * 86_400_000.0)
    return sa.func.date_part("epoch", end - start) * 1000.0


def resolution_ms(conn: Connection) -> sa.ColumnElement:
    """``resolved_at − opened_at − on_hold_hours`` in milliseconds, never below 0; without
    a recorded hold time nothing is subtracted (see ``duration_ms`` for the precision)."""
    held = sa.func.coalesce(T.c.on_hold_hours, 0.0) * float(MS_PER_HOUR)
    net = duration_ms(conn, T.c.opened_at, T.c.resolved_at) - held
    return sa.func.max(net, 0.0) if _is_sqlite(conn) else sa.func.greatest(net, 0.0)


def _true(col: sa.ColumnElement) -> sa.ColumnElement:
    return sa.case((col.is_(True), 1), else_=0)


def _within(col: sa.ColumnElement, lo: datetime | None, hi: datetime | None):
    clauses = []
    if lo is not None:
        clauses.append(col > lo)
    if hi is not None:
        clauses.append(col <= hi)
    return sa.and_(sa.true(), *clauses)


def _value_is(col: sa.ColumnElement, value: str) -> sa.ColumnElement:
    return col.is_(None) if value == BLANK else col == value


def _label(col: sa.ColumnElement, name: str) -> sa.ColumnElement:
    return sa.func.coalesce(col, BLANK).label(name)


def _read(conn: Connection, stmt: sa.Executable) -> pd.DataFrame:
    result = conn.execute(stmt)
    return frames.frame(result)


def _days(frame: pd.DataFrame, col: str = "day") -> pd.DataFrame:
    if col in frame:
        frame[col] = pd.to_datetime(frame[col]).dt.normalize()
    return frame


def _ints(frame: pd.DataFrame, cols) -> pd.DataFrame:
    for col in cols:
        frame[col] = pd.to_numeric(frame[col]).fillna(0).astype("int64")
    return frame


# --------------------------------------------------------------------------- filters


def service_options(conn: Connection) -> list[str]:
    """Services of the tickets, the SLA targets and the changes (default services first).

    The tickets' services come from a loose scan of ``ix_tickets_service_opened`` (one index
    probe per service), not a scan of a million rows.
    """
    first = sa.select(T.c.service.label("v")).order_by(T.c.service).limit(1).subquery("first")
    walk = sa.select(first.c.v).cte("walk", recursive=True)
    following = (
        sa.select(T.c.service)
        .where(T.c.service > walk.c.v)
        .order_by(T.c.service)
        .limit(1)
        .scalar_subquery()
    )
    walk = walk.union_all(sa.select(following.label("v")).where(walk.c.v.is_not(None)))
    found = set(_read(conn, sa.select(walk.c.v).where(walk.c.v.is_not(None)))["v"])
    found |= set(_read(conn, sa.select(SLA.c.service).distinct())["service"])
    changes = sa.select(CH.c.service).where(CH.c.service.is_not(None)).distinct()
    found |= set(_read(conn, changes)["service"])
    order = {s: i for i, s in enumerate(schema.SERVICES)}
    return sorted(found, key=lambda s: (order.get(s, len(order)), s))


def _ticket_services(services: tuple[str, ...]):
    return T.c.service.in_(list(services))


Window = tuple[datetime, datetime]


def source_window(period: Period, zones: Zones) -> Window:
    """The period's (start, end] in the stored timestamps' zone."""
    return zones.to_source(period.start), zones.to_source(period.end)


def _day_runs(period: Period, zones: Zones) -> list[DayRun]:
    return zones.day_runs(period.first_day, period.last_day)


def _opened_in(window: Window, services: tuple[str, ...]):
    """Opened in the window: a search of ix_tickets_service_opened per service."""
    lo, hi = window
    return sa.and_(_ticket_services(services), T.c.opened_at > lo, T.c.opened_at <= hi)


def _resolved_in(window: Window, services: tuple[str, ...], all_services: bool):
    """Resolved in the window: a search of ix_tickets_resolved."""
    lo, hi = window
    clause = sa.and_(T.c.resolved_at > lo, T.c.resolved_at <= hi)
    if all_services:
        return clause
    return sa.and_(clause, T.c.service.op("||")("").in_(list(services)))


def _open_at(end: datetime):
    """Open at ``end``: opened by then, not resolved by then (``resolved_at > end`` or never).

    A ticket closed without a resolution (cancelled) leaves the backlog when it is closed; a
    cancelled ticket without any closing date is never counted.
    """
    never_resolved = sa.and_(
        T.c.resolved_at.is_(None),
        sa.or_(T.c.closed_at > end, sa.and_(T.c.closed_at.is_(None), _not_cancelled())),
    )
    return sa.and_(T.c.opened_at <= end, sa.or_(T.c.resolved_at > end, never_resolved))


def _open_services(conn: Connection, services: tuple[str, ...], all_services: bool):
    """The service filter of a backlog query, kept off ix_tickets_service_opened: the open
    tickets are found through ix_tickets_resolved (unresolved or resolved after the end), a
    few per cent of the table, where the service index would walk everything opened before."""
    if all_services:
        return sa.true()
    return _no_index(conn, T.c.service).in_(list(services))


def _no_index(conn: Connection, col: sa.ColumnElement) -> sa.ColumnElement:
    """The column as an expression (``col || ''``) on SQLite, where filtering or grouping by
    the bare column would make the planner walk an index on it instead of the better one."""
    return col.op("||")("") if _is_sqlite(conn) else col


def _not_cancelled():
    return sa.or_(T.c.status.is_(None), T.c.status != CANCELLED)


# --------------------------------------------------------------------------- SLA expressions


def _sla_join():
    return T.outerjoin(SLA, sa.and_(SLA.c.service == T.c.service, SLA.c.priority == T.c.priority))


def sla_met_expr(conn: Connection) -> sa.ColumnElement:
    """1 met, 0 missed, NULL not judged: the tool's ``made_sla`` when recorded, else
    resolution time (on-hold time left out) ``≤ resolution_hours`` of the ticket's service
    and priority (exactly at the target is met); no target and no record, or not resolved:
    not judged."""
    within = resolution_ms(conn) <= SLA.c.resolution_hours * MS_PER_HOUR
    return sa.case(
        (T.c.resolved_at.is_(None), sa.null()),
        (T.c.made_sla.is_(True), 1),
        (T.c.made_sla.is_(False), 0),
        (SLA.c.resolution_hours.is_(None), sa.null()),
        (within, 1),
        else_=0,
    )


def _first_contact():
    """Resolved without escalation and without being reopened."""
    not_escalated = sa.or_(T.c.escalated.is_(None), T.c.escalated.is_(False))
    not_reopened = sa.func.coalesce(T.c.reopened_count, 0) == 0
    return sa.case((sa.and_(not_escalated, not_reopened), 1), else_=0)


# --------------------------------------------------------------------------- summaries


def summarised(conn: Connection, zones: Zones) -> bool:
    """Whether the Operations summaries (``data_access/summaries.py``) hold days cut in
    ``zones``: then the cubes and medians read them instead of the tickets."""
    info = schema.summary_info
    row = conn.execute(sa.select(info.c.local_zone, info.c.source_zone)).first()
    return row is not None and (row[0], row[1]) == (zones.local, zones.source)


def _summary_days(
    table: sa.Table, period: Period, services: tuple[str, ...], all_services: bool = False
):
    """The summary rows of the period's (local) days and of these services (any service,
    a blank one too, with ``all_services``: as the raw queries)."""
    days = sa.and_(table.c.day >= period.first_day, table.c.day <= period.last_day)
    return days if all_services else sa.and_(days, table.c.service.in_(list(services)))


def _from_summary(
    conn: Connection,
    table: sa.Table,
    period: Period,
    services: tuple[str, ...],
    all_services: bool = False,
) -> pd.DataFrame:
    where = _summary_days(table, period, services, all_services)
    return _days(_read(conn, sa.select(table).where(where)))


# --------------------------------------------------------------------------- aggregates


def opened_cube(
    conn: Connection, period: Period, services: tuple[str, ...], zones: Zones = SAME_ZONE
) -> pd.DataFrame:
    """Tickets opened in the period per (local) day × service × priority × category."""
    if summarised(conn, zones):
        return _ints(_from_summary(conn, schema.ops_opened, period, services), ["tickets"])
    day = local_day(conn, T.c.opened_at, _day_runs(period, zones)).label("day")
    category = _label(T.c.category, "category")
    stmt = (
        sa.select(day, T.c.service, T.c.priority, category, sa.func.count().label("tickets"))
        .where(_opened_in(source_window(period, zones), services))
        .group_by(day, T.c.service, T.c.priority, category)
    )
    return _ints(_days(_read(conn, stmt)), ["tickets"])


#: The resolved cube's columns, in order.
RESOLVED_COLUMNS = (
    "day", "service", "priority", "root_cause", "resolved", "judged", "met", "hours",
    "escalated", "reopened", "first_contact", "sat_sum", "sat_n",
)  # fmt: skip
RESOLVED_MEASURES = (
    "resolved",
    "judged",
    "met",
    "escalated",
    "reopened",
    "first_contact",
    "sat_n",
)


def resolved_cube(
    conn: Connection,
    period: Period,
    services: tuple[str, ...],
    all_services: bool,
    zones: Zones = SAME_ZONE,
) -> pd.DataFrame:
    """Tickets resolved in the period per (local) day × service × priority × root cause, with
    the additive measures of SLA, MTTR and the rates.

    Columns: resolved, judged (with a target or a recorded made_sla), met, hours (sum of
    resolution times, on-hold time left out), escalated, reopened (reopened_count > 0),
    first_contact (neither), sat_sum and sat_n (satisfaction scores given).
    """
    if summarised(conn, zones):
        frame = _from_summary(conn, schema.ops_resolved, period, services, all_services)
        return _resolved_frame(frame[list(RESOLVED_COLUMNS)])
    met = sla_met_expr(conn)
    hours = resolution_ms(conn) / float(MS_PER_HOUR)
    day = local_day(conn, T.c.resolved_at, _day_runs(period, zones)).label("day")
    cause = _label(T.c.root_cause, "root_cause")
    stmt = (
        sa.select(
            day,
            T.c.service,
            T.c.priority,
            cause,
            sa.func.count().label("resolved"),
            sa.func.count(met).label("judged"),
            sa.func.sum(met).label("met"),
            sa.func.sum(hours).label("hours"),
            sa.func.sum(_true(T.c.escalated)).label("escalated"),
            sa.func.sum(sa.case((sa.func.coalesce(T.c.reopened_count, 0) > 0, 1), else_=0)).label(
                "reopened"
            ),
            sa.func.sum(_first_contact()).label("first_contact"),
            sa.func.sum(T.c.satisfaction).label("sat_sum"),
            sa.func.count(T.c.satisfaction).label("sat_n"),
        )
        .select_from(_sla_join())
        .where(_resolved_in(source_window(period, zones), services, all_services))
        .group_by(day, T.c.service, T.c.priority, cause)
    )
    return _resolved_frame(_days(_read(conn, stmt)))


def _resolved_frame(frame: pd.DataFrame) -> pd.DataFrame:
    frame = _ints(frame, RESOLVED_MEASURES)
    for col in ("hours", "sat_sum"):
        frame[col] = pd.to_numeric(frame[col]).astype(float).fillna(0.0)
    return frame


#: Group codes of the SQLite median: service code × _GROUP_BASE + priority code, so the
#: window sorts small integers instead of two text columns (about twice as fast).
_GROUP_BASE = 100
_UNKNOWN = _GROUP_BASE - 1


class Durations(NamedTuple):
    """Where the resolution times of a median come from: the tickets (computed from their
    timestamps) or the summaries' narrow rows (``steerco_ops_durations``)."""

    service: sa.ColumnElement
    priority: sa.ColumnElement
    ms: sa.ColumnElement
    where: sa.ColumnElement
    table: sa.Table


def _pair_medians_sqlite(d: Durations, services: tuple[str, ...], conn: Connection) -> pd.DataFrame:
    """Median per service × priority: number each group's durations in order with
    ``row_number()`` (one sort), then average the middle one or two (from the group's count)."""
    priorities = schema.TICKET_PRIORITIES
    if not services:
        return pd.DataFrame(columns=["service", "priority", "median_hours"])
    service_code = sa.case({s: i for i, s in enumerate(services)}, value=d.service, else_=_UNKNOWN)
    priority_code = sa.case(
        {p: i for i, p in enumerate(priorities)}, value=d.priority, else_=_UNKNOWN
    )
    group = (service_code * _GROUP_BASE + priority_code).label("g")
    durations = sa.select(group, d.ms.label("ms")).where(d.where).cte("d")
    counts = (
        sa.select(durations.c.g, sa.func.count().label("n")).group_by(durations.c.g).subquery("c")
    )
    ranked = sa.select(
        durations.c.g,
        durations.c.ms,
        sa.func.row_number().over(partition_by=durations.c.g, order_by=durations.c.ms).label("rn"),
    ).subquery("r")
    middle = sa.or_(ranked.c.rn == (counts.c.n + 1) // 2, ranked.c.rn == (counts.c.n + 2) // 2)
    stmt = (
        sa.select(ranked.c.g, (sa.func.avg(ranked.c.ms) / float(MS_PER_HOUR)).label("median_hours"))
        .select_from(ranked.join(counts, counts.c.g == ranked.c.g))
        .where(middle)
        .group_by(ranked.c.g)
    )
    frame = _read(conn, stmt)
    codes = frame["g"].astype("int64")
    known = (codes // _GROUP_BASE < len(services)) & (codes % _GROUP_BASE < len(priorities))
    frame, codes = frame[known], codes[known]
    return pd.DataFrame(
        {
            "service": [services[c // _GROUP_BASE] for c in codes],
            "priority": [priorities[c % _GROUP_BASE] for c in codes],
            "median_hours": frame["median_hours"].to_numpy(),
        }
    )


def _overall_median_sqlite(d: Durations, conn: Connection) -> float | None:
    """Median of all durations: ORDER BY … LIMIT 1 or 2 OFFSET the middle (a top-N sort)."""
    n = conn.execute(sa.select(sa.func.count()).select_from(d.table).where(d.where)).scalar_one()
    if not n:
        return None
    ms = d.ms.label("ms")
    stmt = sa.select(ms).where(d.where).order_by(ms).limit(2 - n % 2).offset((n - 1) // 2)
    middle = [row[0] for row in conn.execute(stmt)]
    return sum(middle) / len(middle) / MS_PER_HOUR


def _medians_of_rows(conn: Connection, d: Durations, services: tuple[str, ...]) -> pd.DataFrame:
    """Medians of the summaries' narrow rows on SQLite: the period's resolution times read in
    one pass and their medians taken by pandas, several times faster than ranking them in
    SQLite's window function (which sorts every group's rows again)."""
    frame = _read(conn, sa.select(d.service, d.priority, d.ms).where(d.where))
    known = frame["service"].isin(services) & frame["priority"].isin(schema.TICKET_PRIORITIES)
    pairs = frame[known].groupby(["service", "priority"], sort=True)["ms"].median()
    out = (pairs / MS_PER_HOUR).rename("median_hours").reset_index()
    out = out.astype({"service": object, "priority": object})
    if not frame.empty:
        overall = float(frame["ms"].median()) / MS_PER_HOUR
        out.loc[len(out)] = {"service": None, "priority": None, "median_hours": overall}
    return out


def mttr_medians(
    conn: Connection,
    period: Period,
    services: tuple[str, ...],
    all_services: bool,
    zones: Zones = SAME_ZONE,
) -> pd.DataFrame:
    """Median resolution time (hours, on-hold time left out) of the tickets resolved in the
    period, per service × priority and overall (``service`` and ``priority`` None on the
    overall row).

    PostgreSQL: ``percentile_cont(0.5)`` over GROUPING SETS, one pass. SQLite (no percentile
    function): a ``row_number()`` window per service × priority, and ORDER BY … OFFSET for
    the overall median — in one transaction, so the count and the ranks see the same rows.
    """
    if summarised(conn, zones):
        D = schema.ops_durations
        where = _summary_days(D, period, services, all_services)
        d = Durations(D.c.service, D.c.priority, D.c.ms, where, D)
    else:
        where = _resolved_in(source_window(period, zones), services, all_services)
        d = Durations(T.c.service, T.c.priority, resolution_ms(conn), where, T)
    if _is_sqlite(conn) and d.table is not T:
        frame = _medians_of_rows(conn, d, services)
    elif _is_sqlite(conn):
        frame = _pair_medians_sqlite(d, services, conn)
        overall = _overall_median_sqlite(d, conn)
        if overall is not None:
            frame.loc[len(frame)] = {"service": None, "priority": None, "median_hours": overall}
    else:
        median = sa.func.percentile_cont(0.5).within_group(d.ms) / float(MS_PER_HOUR)
        stmt = (
            sa.select(d.service, d.priority, median.label("median_hours"))
            .where(d.where)
            .group_by(sa.func.grouping_sets(sa.tuple_(d.service, d.priority), sa.tuple_()))
        )
        frame = _read(conn, stmt)
    frame["median_hours"] = pd.to_numeric(frame["median_hours"]).astype(float)
    frame = frame[frame["median_hours"].notna()].reset_index(drop=True)
    for col in ("service", "priority"):
        frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    return frame


def backlog(
    conn: Connection,
    end: datetime,
    services: tuple[str, ...],
    all_services: bool,
    zones: Zones = SAME_ZONE,
) -> pd.DataFrame:
    """Tickets open at ``end`` (local time) per service × priority × age bucket (see
    ``AGE_BUCKETS``; ages are elapsed time, in days of 24 hours)."""
    end = zones.to_source(end)
    bucket = _age_bucket_expr(end).label("age_bucket")
    service = _no_index(conn, T.c.service)
    stmt = (
        sa.select(service.label("service"), T.c.priority, bucket, sa.func.count().label("tickets"))
        .where(_open_at(end), _open_services(conn, services, all_services))
        .group_by(service, T.c.priority, bucket)
    )
    return _ints(_read(conn, stmt), ["tickets"])


def _age_bucket_expr(end: datetime) -> sa.ColumnElement:
    whens = []
    for label, (_, upper) in AGE_BUCKETS.items():
        if upper is None:
            return sa.case(*whens, else_=label)
        whens.append((T.c.opened_at > end - timedelta(days=upper), label))
    raise AssertionError("the last age bucket must be open-ended")


def _age_bucket_where(end: datetime, label: str):
    lower, upper = AGE_BUCKETS[label]
    clause = T.c.opened_at <= end - timedelta(days=lower)
    if upper is not None:
        clause = sa.and_(clause, T.c.opened_at > end - timedelta(days=upper))
    return clause


def sla_targets(conn: Connection, services: tuple[str, ...]) -> pd.DataFrame:
    stmt = (
        sa.select(SLA.c.service, SLA.c.priority, SLA.c.resolution_hours, SLA.c.target_pct)
        .where(SLA.c.service.in_(list(services)))
        .order_by(SLA.c.service, SLA.c.priority)
    )
    frame = _read(conn, stmt)
    for col in ("resolution_hours", "target_pct"):
        frame[col] = pd.to_numeric(frame[col]).astype(float)
    return frame


def _changes_service(services: tuple[str, ...], all_services: bool):
    return sa.true() if all_services else CH.c.service.in_(list(services))


def implemented_expr():
    """Implemented: an implementation time, and not cancelled (a missing outcome counts)."""
    return sa.and_(
        CH.c.implemented_at.is_not(None),
        sa.or_(CH.c.outcome.is_(None), CH.c.outcome != CANCELLED),
    )


def change_cube(
    conn: Connection,
    period: Period,
    services: tuple[str, ...],
    all_services: bool,
    zones: Zones = SAME_ZONE,
) -> pd.DataFrame:
    """Changes implemented in the period (cancelled ones too, marked by their outcome) per
    (local) day × service × type × outcome × caused_incident."""
    if summarised(conn, zones):
        frame = _from_summary(conn, schema.ops_changes, period, services, all_services)
        return _ints(frame, ["changes", "caused_incident"])
    day = local_day(conn, CH.c.implemented_at, _day_runs(period, zones)).label("day")
    lo, hi = source_window(period, zones)
    service = _label(CH.c.service, "service")
    kind = _label(CH.c.type, "type")
    outcome = _label(CH.c.outcome, "outcome")
    caused = _true(CH.c.caused_incident).label("caused_incident")
    stmt = (
        sa.select(day, service, kind, outcome, caused, sa.func.count().label("changes"))
        .where(
            CH.c.implemented_at > lo,
            CH.c.implemented_at <= hi,
            _changes_service(services, all_services),
        )
        .group_by(day, service, kind, outcome, caused)
    )
    return _ints(_days(_read(conn, stmt)), ["changes", "caused_incident"])


# --------------------------------------------------------------------------- drill-down


TICKET_COLUMNS = (
    "ticket_id",
    "service",
    "priority",
    "category",
    "status",
    "opened_at",
    "resolved_at",
    "hours_to_resolve",
    "on_hold_hours",
    "target_hours",
    "sla_met",
    "escalated",
    "reopened_count",
    "assignment_group",
    "root_cause",
    "satisfaction",
)


def _to_source(zones: Zones, when: datetime | None) -> datetime | None:
    return None if when is None else zones.to_source(when)


def _ticket_where(conn: Connection, mark: TicketMark, zones: Zones):
    clauses = []
    lo, hi = _to_source(zones, mark.lo), zones.to_source(mark.hi)
    if mark.event == "opened":
        clauses += [_within(T.c.opened_at, lo, hi)]
    elif mark.event == "resolved":
        clauses += [_within(T.c.resolved_at, lo, hi)]
    elif mark.event == "open":
        clauses += [_open_at(hi)]
        if mark.age_bucket:
            clauses.append(_age_bucket_where(hi, mark.age_bucket))
    else:
        raise ValueError(f"unknown ticket event {mark.event!r}")
    if not (mark.all_services and mark.event == "resolved"):
        clauses.append(_ticket_services(mark.services))
    for name in ("priority", "category", "root_cause"):
        value = getattr(mark, name)
        if value is not None:
            clauses.append(_value_is(T.c[name], value))
    if mark.sla is not None:
        met = sla_met_expr(conn)
        wanted = {"met": met == 1, "missed": met == 0, "not judged": met.is_(None)}
        clauses.append(wanted[mark.sla])
    return sa.and_(*clauses)


def tickets_behind(
    conn: Connection,
    mark: TicketMark,
    limit: int = ROW_CAP,
    count: bool = True,
    zones: Zones = SAME_ZONE,
) -> tuple[pd.DataFrame, int | None]:
    """At most ``limit`` tickets behind the mark (its times local), and how many there are
    in total (None with ``count=False``, when the caller knows it already). Times are shown
    in local time; ``hours_to_resolve`` leaves the on-hold time out."""
    where = _ticket_where(conn, mark, zones)
    total = None
    if count:
        stmt = sa.select(sa.func.count()).select_from(_sla_join()).where(where)
        total = conn.execute(stmt).scalar_one()
    met = sla_met_expr(conn)
    hours = resolution_ms(conn) / float(MS_PER_HOUR)
    order = {
        "opened": [T.c.opened_at.desc()],
        "resolved": [T.c.resolved_at.desc()],
        "open": [T.c.opened_at],
    }[mark.event]
    if mark.sla is None and mark.event == "resolved":
        order = [sa.func.coalesce(met, 2), hours.desc()]  # missed first, longest first
    stmt = (
        sa.select(
            T.c.ticket_id,
            T.c.service,
            T.c.priority,
            T.c.category,
            T.c.status,
            T.c.opened_at,
            T.c.resolved_at,
            hours.label("hours_to_resolve"),
            T.c.on_hold_hours,
            SLA.c.resolution_hours.label("target_hours"),
            met.label("sla_met"),
            T.c.escalated,
            T.c.reopened_count,
            T.c.assignment_group,
            T.c.root_cause,
            T.c.satisfaction,
        )
        .select_from(_sla_join())
        .where(where)
        .order_by(*order, T.c.ticket_id)
        .limit(limit)
    )
    frame = _read(conn, stmt)
    for col in ("opened_at", "resolved_at"):
        frame[col] = pd.to_datetime(frame[col])
    for col in ("hours_to_resolve", "on_hold_hours", "target_hours", "satisfaction"):
        frame[col] = pd.to_numeric(frame[col]).astype(float)
    frame["sla_met"] = frame["sla_met"].map({1: True, 0: False}).astype("boolean")
    frame["escalated"] = frame["escalated"].astype("boolean")
    if mark.event == "open":
        age = pd.Timestamp(zones.to_source(mark.hi)) - frame["opened_at"]
        frame["age_days"] = age.dt.total_seconds() / 86400
    for col in ("opened_at", "resolved_at"):
        frame[col] = zones.to_local(frame[col])
    return frame, None if total is None else int(total)


def changes_behind(
    conn: Connection, mark: ChangeMark, limit: int = ROW_CAP, zones: Zones = SAME_ZONE
) -> tuple[pd.DataFrame, int]:
    """At most ``limit`` changes behind the mark (its times local), and how many there are
    in total; times are shown in local time."""
    clauses = [
        CH.c.implemented_at.is_not(None),
        _within(CH.c.implemented_at, _to_source(zones, mark.lo), zones.to_source(mark.hi)),
        _changes_service(mark.services, mark.all_services),
    ]
    for name in ("type", "outcome"):
        value = getattr(mark, name)
        if value is not None:
            clauses.append(_value_is(CH.c[name], value))
    if mark.caused_incident is not None:
        clauses.append(_true(CH.c.caused_incident) == int(mark.caused_incident))
    where = sa.and_(*clauses)
    total = conn.execute(sa.select(sa.func.count()).select_from(CH).where(where)).scalar_one()
    stmt = (
        sa.select(*schema.data_columns("changes"))
        .where(where)
        .order_by(CH.c.implemented_at.desc(), CH.c.change_id)
        .limit(limit)
    )
    frame = _read(conn, stmt)
    for col in ("planned_start", "implemented_at"):
        frame[col] = zones.to_local(frame[col])
    frame["caused_incident"] = frame["caused_incident"].astype("boolean")
    return frame, int(total)
