"""The committee's record: meetings with their state, the decisions taken and the actions
asked (reads), and the meeting records' own table (a meeting's state, edited agenda and frozen
content).

Decisions and actions are datasets like the others (``schema.DATASETS``: versioned, in the
template, importable); what the committee records in a meeting is written through
``data_access.writes`` as a one-row commit, so it has the same history and checks as an upload.
A meeting's state lives in ``steerco_meeting_records``, apart from the meetings dataset, so that
no upload can reopen a closed meeting or rewrite what it froze.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access import schema
from data_access.filters import Filters
from data_access.queries import in_scope, read

M = schema.TABLES["meetings"]
DEC = schema.TABLES["decisions"]
ACT = schema.TABLES["actions"]
P = schema.TABLES["projects"]
REC = schema.meeting_records


@dataclass(frozen=True)
class MeetingRecord:
    """A meeting's state in Steerco (``planned`` until someone opens it)."""

    meeting_date: date
    status: str = schema.MEETING_PLANNED
    agenda: dict[str, Any] | None = None  # as edited; None: generated from the data
    opened_at: datetime | None = None
    opened_by: str | None = None
    closed_at: datetime | None = None
    closed_by: str | None = None
    frozen: dict[str, Any] | None = None
    pack_sha256: str | None = None

    @property
    def closed(self) -> bool:
        return self.status == schema.MEETING_CLOSED


def _loads(text: str | None) -> dict[str, Any] | None:
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def record(conn: Connection, day: date) -> MeetingRecord:
    """The record of the meeting on ``day`` (a planned one when nothing was recorded yet)."""
    row = conn.execute(
        sa.select(*(c for c in REC.c if c.name != "pack")).where(REC.c.meeting_date == day)
    ).first()
    if row is None:
        return MeetingRecord(meeting_date=day)
    return MeetingRecord(
        meeting_date=day,
        status=row.status,
        agenda=_loads(row.agenda),
        opened_at=row.opened_at,
        opened_by=row.opened_by,
        closed_at=row.closed_at,
        closed_by=row.closed_by,
        frozen=_loads(row.frozen),
        pack_sha256=row.pack_sha256,
    )


def frozen_pack(conn: Connection, day: date) -> bytes | None:
    """The pack as it was built when the meeting closed."""
    return conn.execute(sa.select(REC.c.pack).where(REC.c.meeting_date == day)).scalar()


def meetings(conn: Connection) -> pd.DataFrame:
    """Every meeting of the dataset, newest first, with its state (``planned`` when none was
    recorded) and its numbers of decisions and actions raised."""
    decisions = (
        sa.select(DEC.c.meeting_date, sa.func.count().label("decisions"))
        .group_by(DEC.c.meeting_date)
        .subquery("d")
    )
    actions = (
        sa.select(ACT.c.raised_meeting.label("meeting_date"), sa.func.count().label("actions"))
        .group_by(ACT.c.raised_meeting)
        .subquery("a")
    )
    stmt = (
        sa.select(
            M.c.meeting_date,
            M.c.committee,
            M.c.chair,
            M.c.attendees,
            M.c.notes,
            sa.func.coalesce(REC.c.status, schema.MEETING_PLANNED).label("status"),
            REC.c.closed_at,
            REC.c.closed_by,
            sa.func.coalesce(decisions.c.decisions, 0).label("decisions"),
            sa.func.coalesce(actions.c.actions, 0).label("actions"),
        )
        .select_from(M)
        .outerjoin(REC, REC.c.meeting_date == M.c.meeting_date)
        .outerjoin(decisions, decisions.c.meeting_date == M.c.meeting_date)
        .outerjoin(actions, actions.c.meeting_date == M.c.meeting_date)
        .order_by(M.c.meeting_date.desc())
    )
    frame = read(conn, stmt)
    frame["meeting_date"] = pd.to_datetime(frame["meeting_date"]).dt.date
    return frame


def _scoped(stmt: sa.Select, table: sa.Table, filters: Filters | None) -> sa.Select:
    """Rows of the user's scope: those of a project in it, and those of no project (the
    portfolio's own decisions and actions are every committee member's)."""
    if filters is None or not filters.scoped:
        return stmt
    ids = sa.select(P.c.project_id).where(in_scope(filters))
    return stmt.where(sa.or_(table.c.project_id.is_(None), table.c.project_id.in_(ids)))


def _project_names(stmt: sa.Select, table: sa.Table) -> sa.Select:
    return stmt.add_columns(P.c.name.label("project_name")).outerjoin(
        P, P.c.project_id == table.c.project_id
    )


def decisions(
    conn: Connection,
    filters: Filters | None = None,
    *,
    meeting: date | None = None,
    before: date | None = None,
) -> pd.DataFrame:
    """Decisions (of one ``meeting``, or of the meetings ``before`` a day), newest meeting
    first, with the project's name."""
    stmt = _project_names(sa.select(*[DEC.c[c] for c in _columns("decisions")]), DEC)
    if meeting is not None:
        stmt = stmt.where(DEC.c.meeting_date == meeting)
    if before is not None:
        stmt = stmt.where(DEC.c.meeting_date < before)
    stmt = _scoped(stmt, DEC, filters).order_by(DEC.c.meeting_date.desc(), DEC.c.decision_id)
    return _dated(read(conn, stmt), ("meeting_date",))


def actions(
    conn: Connection,
    filters: Filters | None = None,
    *,
    raised_before: date | None = None,
    raised_in: date | None = None,
) -> pd.DataFrame:
    """Actions (raised in one meeting, or before a day), by due date, with the project's
    name."""
    stmt = _project_names(sa.select(*[ACT.c[c] for c in _columns("actions")]), ACT)
    if raised_in is not None:
        stmt = stmt.where(ACT.c.raised_meeting == raised_in)
    if raised_before is not None:
        stmt = stmt.where(ACT.c.raised_meeting < raised_before)
    stmt = _scoped(stmt, ACT, filters).order_by(ACT.c.due_date, ACT.c.action_id)
    return _dated(read(conn, stmt), ("due_date", "raised_meeting", "closed_meeting", "closed_date"))


def _columns(dataset: str) -> tuple[str, ...]:
    return schema.dataset(dataset).column_names


def _dated(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    for column in columns:
        frame[column] = pd.to_datetime(frame[column]).dt.date
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def next_id(conn: Connection, dataset: str, day: date) -> str:
    """The next free id of a decision or action recorded in the meeting on ``day``:
    ``DEC-2026-12-01-4`` (numbers count up per meeting)."""
    key, prefix = (DEC.c.decision_id, "DEC") if dataset == "decisions" else (ACT.c.action_id, "ACT")
    stem = f"{prefix}-{day:%Y-%m-%d}-"
    taken = conn.execute(sa.select(key).where(key.like(f"{stem}%"))).scalars().all()
    numbers = [int(t[len(stem) :]) for t in taken if t[len(stem) :].isdigit()]
    return f"{stem}{max(numbers, default=0) + 1}"


def previous_meeting(conn: Connection, day: date) -> date | None:
    """The last meeting before ``day``."""
    value = conn.execute(
        sa.select(sa.func.max(M.c.meeting_date)).where(M.c.meeting_date < day)
    ).scalar()
    return pd.Timestamp(value).date() if value is not None else None


def next_meeting(conn: Connection, day: date) -> date | None:
    """The first meeting after ``day``."""
    value = conn.execute(
        sa.select(sa.func.min(M.c.meeting_date)).where(M.c.meeting_date > day)
    ).scalar()
    return pd.Timestamp(value).date() if value is not None else None
