"""Finance page reads: the financial lines of the filtered projects, aggregated in SQL.

The measures follow the earned-value convention of ``queries.portfolio`` exactly, so the
Finance page's totals equal the Portfolio page's PV, AC and EAC:

* ``budget`` — planned budget of the lines (every month);
* ``actual`` — actual cost of the months on or before the as-of date (AC);
* ``forecast`` — forecast from the as-of month on (the current month holds both what is
  booked so far and what is still expected in it);
* ``committed`` — committed cost (every month).

Financials can hold tens of thousands of lines: every function here groups in SQL and returns
at most one row per month × category × expense type, per programme × category × expense type,
or a page of lines for a drill-down.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import sqlalchemy as sa

from data_access import queries, schema
from data_access.filters import Filters
from data_access.queries import Connectable

FIN = schema.TABLES["financials"]
P = schema.TABLES["projects"]
MEASURE_COLUMNS = ("budget", "actual", "forecast", "committed")
#: Lines a drill-down lists at most (the totals and the count cover all of them).
LINES_LIMIT = 500


def _past(as_of: date) -> sa.ColumnElement[bool]:
    return FIN.c.period <= as_of


def _remaining(as_of: date) -> sa.ColumnElement[bool]:
    return FIN.c.period >= as_of.replace(day=1)


def _line_actual(as_of: date) -> sa.ColumnElement:
    return sa.case((_past(as_of), FIN.c.actual), else_=None)


def _line_forecast(as_of: date) -> sa.ColumnElement:
    return sa.case((_remaining(as_of), FIN.c.forecast), else_=None)


def _measures(as_of: date) -> list[sa.ColumnElement]:
    return [
        sa.func.sum(FIN.c.budget).label("budget"),
        sa.func.sum(sa.case((_past(as_of), FIN.c.actual), else_=0.0)).label("actual"),
        sa.func.sum(sa.case((_remaining(as_of), FIN.c.forecast), else_=0.0)).label("forecast"),
        sa.func.sum(FIN.c.committed).label("committed"),
        sa.func.count().label("lines"),
    ]


def _numbers(frame: pd.DataFrame) -> pd.DataFrame:
    for col in MEASURE_COLUMNS:
        if col in frame:
            frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("float64").fillna(0.0)
    if "lines" in frame:
        frame["lines"] = frame["lines"].astype(int)
    return frame


def _filtered(stmt: sa.Select, filters: Filters) -> sa.Select:
    if filters.narrows_projects:
        stmt = stmt.where(FIN.c.project_id.in_(queries.project_ids_select(filters)))
    return stmt


def monthly_spend(conn: Connectable, filters: Filters) -> pd.DataFrame:
    """Per month, category and expense type: budget, actual, forecast, committed, lines."""
    keys = (FIN.c.period, FIN.c.category, FIN.c.expense_type)
    stmt = _filtered(sa.select(*keys, *_measures(filters.as_of)), filters)
    stmt = stmt.group_by(*keys).order_by(*keys)
    return _numbers(queries.read(conn, stmt))


def programme_spend(conn: Connectable, filters: Filters) -> pd.DataFrame:
    """Per programme ("" when a project has none), category and expense type: the measures."""
    programme = sa.func.coalesce(P.c.programme, "").label("programme")
    keys = (programme, FIN.c.category, FIN.c.expense_type)
    stmt = sa.select(*keys, *_measures(filters.as_of)).join(P, P.c.project_id == FIN.c.project_id)
    stmt = _filtered(stmt, filters)
    stmt = stmt.group_by(*keys).order_by(*keys)
    return _numbers(queries.read(conn, stmt))


def financial_lines(
    conn: Connectable,
    filters: Filters,
    *,
    start: date | None = None,
    end: date | None = None,
    programme: str | None = None,
    category: str | None = None,
    limit: int = LINES_LIMIT,
) -> pd.DataFrame:
    """The financial lines behind a chart mark, with the totals of all of them.

    ``start``/``end``: months (first day) the lines fall in, inclusive; ``programme``: its
    name, "" for projects without one; ``category``: a cost category. ``actual`` is empty
    after the as-of date and ``forecast`` before the as-of month, as in every total. Each row
    also carries ``total_lines``, ``total_budget``, ``total_actual``, ``total_forecast`` and
    ``total_committed`` over every matching line (the list stops at ``limit`` rows).
    """
    as_of = filters.as_of
    actual, forecast = _line_actual(as_of), _line_forecast(as_of)
    stmt = sa.select(
        FIN.c.project_id,
        P.c.name.label("project_name"),
        sa.func.coalesce(P.c.programme, "").label("programme"),
        FIN.c.period,
        FIN.c.category,
        FIN.c.expense_type,
        FIN.c.budget,
        actual.label("actual"),
        forecast.label("forecast"),
        FIN.c.committed,
        sa.func.count().over().label("total_lines"),
        sa.func.sum(FIN.c.budget).over().label("total_budget"),
        sa.func.sum(actual).over().label("total_actual"),
        sa.func.sum(forecast).over().label("total_forecast"),
        sa.func.sum(FIN.c.committed).over().label("total_committed"),
    ).join(P, P.c.project_id == FIN.c.project_id)
    stmt = _filtered(stmt, filters)
    if start is not None:
        stmt = stmt.where(FIN.c.period >= start)
    if end is not None:
        stmt = stmt.where(FIN.c.period <= end)
    if programme is not None:
        stmt = stmt.where(sa.func.coalesce(P.c.programme, "") == programme)
    if category is not None:
        stmt = stmt.where(FIN.c.category == category)
    stmt = stmt.order_by(FIN.c.period, FIN.c.project_id, FIN.c.category, FIN.c.expense_type).limit(
        limit
    )
    frame = queries.read(conn, stmt)
    for col in ("budget", "actual", "forecast", "committed"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("float64")
    for col in ("total_budget", "total_actual", "total_forecast", "total_committed"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("float64").fillna(0.0)
    frame["total_lines"] = frame["total_lines"].astype(int)
    return frame
