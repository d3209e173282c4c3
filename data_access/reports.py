"""Reads of the status reports' workflow (docs/reporting.md): a project's reports in every
state, the latest one a form continues, the last approved one, each report's steps, and the
PMO's queue of submitted reports.

The dashboards read the counted reports only (``queries.counted``); these reads are for the
report form and the PMO's check, which must see drafts and returned reports too.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access import queries, schema
from data_access.filters import Filters

SR = schema.TABLES["status_reports"]
P = schema.TABLES["projects"]
EVENTS = schema.report_events


def reports(conn: Connection, project_id: str) -> pd.DataFrame:
    """Every report of one project in any state, oldest first, with the version stamp
    (``_import_id``) a form keeps to notice a concurrent save."""
    stmt = sa.select(SR).where(SR.c.project_id == project_id).order_by(SR.c.report_date)
    return queries.read(conn, stmt)


def latest(conn: Connection, project_id: str) -> dict | None:
    """The project's latest report in any state (a draft or a returned report is continued;
    a submitted or approved one is the start of the next)."""
    frame = reports(conn, project_id)
    return None if frame.empty else _row(frame.iloc[-1])


def last_approved(conn: Connection, project_id: str, before: date | None = None) -> dict | None:
    """The project's latest approved report (before ``before`` when given)."""
    stmt = sa.select(SR).where(SR.c.project_id == project_id, SR.c.state == schema.REPORT_APPROVED)
    if before is not None:
        stmt = stmt.where(SR.c.report_date < before)
    frame = queries.read(conn, stmt.order_by(SR.c.report_date.desc()).limit(1))
    return None if frame.empty else _row(frame.iloc[0])


def stored(conn: Connection, project_id: str, report_date: date) -> dict | None:
    """The stored report of this project and date, if any."""
    stmt = sa.select(SR).where(SR.c.project_id == project_id, SR.c.report_date == report_date)
    frame = queries.read(conn, stmt)
    return None if frame.empty else _row(frame.iloc[0])


def events(conn: Connection, project_id: str, report_date: date | None = None) -> pd.DataFrame:
    """The steps of a project's reports (of one report when ``report_date`` is given), the
    newest first: state, who, when, comment."""
    stmt = sa.select(EVENTS).where(EVENTS.c.project_id == project_id)
    if report_date is not None:
        stmt = stmt.where(EVENTS.c.report_date == report_date)
    return queries.read(conn, stmt.order_by(EVENTS.c.at.desc(), EVENTS.c.event_id.desc()))


def queue(conn: Connection, filters: Filters) -> pd.DataFrame:
    """The submitted reports awaiting the PMO's check (within the filters and the user's
    scope), the oldest first: the project's name and manager beside the report."""
    ids = queries.project_ids_select(filters.only_scope()).subquery("ids")
    stmt = (
        sa.select(SR, P.c.name, P.c.project_manager, P.c.phase)
        .join(P, P.c.project_id == SR.c.project_id)
        .join(ids, ids.c.project_id == SR.c.project_id)
        .where(SR.c.state == schema.REPORT_SUBMITTED)
        .order_by(SR.c.report_date, SR.c.project_id)
    )
    return queries.read(conn, stmt)


def latest_states(conn: Connection, filters: Filters) -> pd.DataFrame:
    """Per project of the filters, its latest report's date and state (any state): the
    picker's "where am I" column."""
    ids = queries.project_ids_select(filters.only_scope()).subquery("ids")
    last = (
        sa.select(SR.c.project_id, sa.func.max(SR.c.report_date).label("report_date"))
        .group_by(SR.c.project_id)
        .subquery("last")
    )
    stmt = (
        sa.select(
            P.c.project_id, P.c.name, P.c.project_manager, P.c.phase, SR.c.report_date, SR.c.state
        )
        .join(ids, ids.c.project_id == P.c.project_id)
        .outerjoin(last, last.c.project_id == P.c.project_id)
        .outerjoin(
            SR,
            sa.and_(SR.c.project_id == last.c.project_id, SR.c.report_date == last.c.report_date),
        )
        .order_by(P.c.project_id)
    )
    return queries.read(conn, stmt)


def _row(series: pd.Series) -> dict:
    return {k: (None if _missing(v) else v) for k, v in series.items()}


def _missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
