"""The audit trail: every write, append-only, under the identity that made it.

Each write records one row in the same transaction as the change (so a change without its
audit row cannot exist): when, who (the authenticated identity, or the single-user name),
what (an action and its target) and, where it applies, before → after as JSON. The database
refuses to update or delete an audit row (triggers made with the table, see
:data:`data_access.schema.audit`).
"""

from __future__ import annotations

import getpass
import json
import logging
from datetime import date, datetime, time
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from data_access import frames, schema

log = logging.getLogger(__name__)

#: What a row records (the ``action`` column).
IMPORT = "import"  # an import, seed or sync: committed, unchanged, refused or failed
ROLLBACK = "rollback"
MAPPING_SAVED = "mapping saved"
MAPPING_DELETED = "mapping deleted"
SIGN_IN = "sign-in"
REFUSED = "refused"  # a write the service layer refused: who, what, and why (``detail``)
USER_SAVED = "role saved"
USER_REMOVED = "role removed"
MEETING_OPENED = "meeting opened"
MEETING_CLOSED = "meeting closed"
AGENDA_SAVED = "agenda saved"
REPORT_STEP = "report"  # a status report saved as draft, submitted, approved or returned
AMENDED = "amendment"  # a closed meeting's decision or action changed, with the reason
COLUMNS = ["audit_id", "at", "actor", "action", "target", "before", "after", "detail"]


def login_name() -> str:
    """The operating-system account: who wrote when no one signed in (CLI, single-user)."""
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True, default=str)


def record(
    conn: Connection,
    *,
    actor: str | None,
    action: str,
    target: str | None = None,
    before: Any = None,
    after: Any = None,
    detail: str | None = None,
    at: datetime | None = None,
) -> None:
    """Append one row (inside the caller's transaction); no ``actor`` means the login name."""
    conn.execute(
        schema.audit.insert().values(
            at=at or datetime.now(),
            actor=actor or login_name(),
            action=action,
            target=target,
            before=_json(before),
            after=_json(after),
            detail=detail,
        )
    )


def trail(
    conn: Connection,
    *,
    since: date | None = None,
    actor: str | None = None,
    action: str | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """The trail, newest first: rows from ``since`` (a day, inclusive), of one actor or one
    action."""
    table = schema.audit
    stmt = sa.select(table).order_by(table.c.audit_id.desc())
    if since is not None:
        stmt = stmt.where(table.c.at >= datetime.combine(since, time.min))
    if actor:
        stmt = stmt.where(table.c.actor == actor)
    if action:
        stmt = stmt.where(table.c.action == action)
    if limit is not None:
        stmt = stmt.limit(limit)
    result = conn.execute(stmt)
    frame = frames.frame(result, COLUMNS)
    frame["at"] = pd.to_datetime(frame["at"])
    return frame


def record_sign_in(
    engine: Engine, actor: str, name: str, *, signed_at: datetime | None = None
) -> bool:
    """Record that ``actor`` signed in (its own short transaction). ``signed_at``, when the
    provider says it (the ID token's ``iat``), names the sign-in: a page reload or a new tab of
    the same sign-in (a new Streamlit session) is not recorded again. A store that refuses
    writes (read-only, gone) must not keep a person from reading: then nothing is recorded, the
    server's log says why, and False is returned."""
    from data_access.engine import write_transaction  # engine imports nothing of ours

    target = f"sign-in of {signed_at:%Y-%m-%d %H:%M:%S}" if signed_at else None
    table = schema.audit
    try:
        with write_transaction(engine) as conn:
            if target is not None:
                seen = conn.execute(
                    sa.select(table.c.audit_id).where(
                        table.c.actor == actor,
                        table.c.action == SIGN_IN,
                        table.c.target == target,
                    )
                ).first()
                if seen is not None:
                    return False
            record(conn, actor=actor, action=SIGN_IN, target=target, detail=name)
    except Exception as exc:
        log.warning("sign-in of %s not recorded: %s", actor, type(exc).__name__)
        return False
    return True
