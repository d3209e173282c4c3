"""Vendor contracts: the contracts in force on the as-of date, and their figures per vendor.

Filtering (project filters, as-of date) and the per-vendor aggregation happen in SQL with
bound parameters; the same statements run on SQLite and PostgreSQL. Only the day count
between two dates differs between the dialects (:func:`days_between`).

Contracts without a project (service contracts such as licences or outsourcing) belong to
no programme: they are shown when no project filter is active and left out while one is,
like portfolio-level RAID items (see :func:`without_project_hidden`).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access import schema
from data_access.filters import Filters
from data_access.queries import project_ids_select, read

C = schema.TABLES["contracts"]
P = schema.TABLES["projects"]

#: Days in an average year: turns elapsed days into contract years (leap years included).
DAYS_PER_YEAR = 365.25


def days_between(conn: Connection, later, earlier) -> sa.ColumnElement:
    """``later − earlier`` in days as a number (SQL), on SQLite and PostgreSQL.

    SQLite keeps dates as ISO text: ``julianday`` turns them into day numbers. PostgreSQL
    subtracts two dates into an integer number of days.
    """
    if conn.dialect.name == "sqlite":
        return sa.func.julianday(later) - sa.func.julianday(earlier)
    return sa.cast(later - earlier, sa.Float)


def _as_of(filters: Filters) -> sa.ColumnElement:
    return sa.literal(filters.as_of, sa.Date())


def in_force(as_of: date) -> sa.ColumnElement[bool]:
    """Started on or before ``as_of`` and not ended before it (a missing date does not limit)."""
    return sa.and_(
        sa.or_(C.c.start_date.is_(None), C.c.start_date <= as_of),
        sa.or_(C.c.end_date.is_(None), C.c.end_date >= as_of),
    )


def _scoped(stmt: sa.Select, filters: Filters) -> sa.Select:
    stmt = stmt.where(in_force(filters.as_of))
    if filters.narrows_projects:
        stmt = stmt.where(C.c.project_id.in_(project_ids_select(filters)))
    return stmt


def elapsed_days(conn: Connection, filters: Filters) -> sa.ColumnElement:
    """Days from the contract's start to the as-of date (NULL without a start date)."""
    return days_between(conn, _as_of(filters), C.c.start_date)


def contracts(conn: Connection, filters: Filters) -> pd.DataFrame:
    """Contracts in force on the as-of date (filtered), with the project name and the days
    elapsed since the start (``elapsed_days``), ordered by vendor and contract id."""
    stmt = sa.select(
        *schema.data_columns("contracts"),
        P.c.name.label("project_name"),
        elapsed_days(conn, filters).label("elapsed_days"),
    ).outerjoin(P, P.c.project_id == C.c.project_id)
    stmt = _scoped(stmt, filters).order_by(C.c.vendor, C.c.contract_id)
    frame = read(conn, stmt)
    for col in ("annual_value", "spend_to_date", "sla_performance_pct", "elapsed_days"):
        frame[col] = frame[col].astype(float)
    frame["satisfaction"] = frame["satisfaction"].astype("Float64").astype(float)
    return frame


def vendor_summary(conn: Connection, filters: Filters) -> pd.DataFrame:
    """Per vendor (contracts in force, filtered): contracts, annual value, spend to date,
    the spend and value behind the spend-vs-pace figure, mean SLA % and mean satisfaction.

    ``paced_spend`` and ``paced_value`` cover only contracts whose pace can be computed
    (start date, annual value and spend known, started before the as-of date):
    ``paced_value`` = Σ annual_value × years elapsed, the spend expected at the contracted
    pace. Means ignore contracts without a figure (``rated`` counts satisfaction answers).
    """
    elapsed = elapsed_days(conn, filters)
    paced = sa.and_(
        C.c.start_date.is_not(None),
        C.c.annual_value.is_not(None),
        C.c.spend_to_date.is_not(None),
        elapsed > 0,
    )
    stmt = sa.select(
        C.c.vendor,
        sa.func.count().label("contracts"),
        sa.func.sum(C.c.annual_value).label("annual_value"),
        sa.func.sum(C.c.spend_to_date).label("spend_to_date"),
        sa.func.sum(sa.case((paced, C.c.spend_to_date), else_=None)).label("paced_spend"),
        (
            sa.func.sum(sa.case((paced, C.c.annual_value * elapsed), else_=None)) / DAYS_PER_YEAR
        ).label("paced_value"),
        sa.func.avg(sa.cast(C.c.sla_performance_pct, sa.Float)).label("sla_pct"),
        sa.func.avg(sa.cast(C.c.satisfaction, sa.Float)).label("satisfaction"),
        sa.func.count(C.c.satisfaction).label("rated"),
    )
    stmt = _scoped(stmt, filters).group_by(C.c.vendor).order_by(C.c.vendor)
    frame = read(conn, stmt)
    for col in (
        "annual_value", "spend_to_date", "paced_spend", "paced_value", "sla_pct", "satisfaction"
    ):  # fmt: skip
        frame[col] = frame[col].astype(float)
    for col in ("contracts", "rated"):
        frame[col] = frame[col].astype(int)
    return frame


def without_project_hidden(conn: Connection, filters: Filters) -> int:
    """Contracts in force without a project that the active project filters leave out."""
    if not filters.narrows_projects:
        return 0
    stmt = (
        sa.select(sa.func.count())
        .select_from(C)
        .where(in_force(filters.as_of), C.c.project_id.is_(None))
    )
    return int(conn.execute(stmt).scalar_one())
