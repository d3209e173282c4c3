"""What the Audit page shows: the audit trail, newest first, for the PMO and admins.

Reading it is itself a right (:data:`data_access.access.AUDIT`): ``build`` checks it, so the
page, a link or a forged request get the same refusal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy.engine import Connection

from data_access import access, audit
from data_access.access import Identity
from steerco.i18n import N_, t
from steerco.views import display
from steerco.views.display import Columns

#: Rows shown (the download holds the same rows).
TRAIL_ROWS = 2_000
#: The actions a filter offers.
KNOWN_ACTIONS = (
    audit.IMPORT,
    audit.ROLLBACK,
    audit.MAPPING_SAVED,
    audit.MAPPING_DELETED,
    audit.USER_SAVED,
    audit.USER_REMOVED,
    audit.MEETING_OPENED,
    audit.AGENDA_SAVED,
    audit.MEETING_CLOSED,
    audit.AMENDED,
    audit.SIGN_IN,
    audit.REFUSED,
)

COLUMNS: Columns = {
    N_("When"): ("at", "datetime"),
    N_("Who"): ("actor", "text"),
    N_("What"): ("action", "text"),
    N_("On"): ("target", "text"),
    N_("Before"): ("before", "text"),
    N_("After"): ("after", "text"),
    N_("Detail"): ("detail", "text"),
}


@dataclass
class AuditView:
    trail: pd.DataFrame  # audit.trail's rows (newest first)
    table: pd.DataFrame
    summary: str

    @property
    def is_empty(self) -> bool:
        return self.trail.empty


def build(
    conn: Connection,
    who: Identity,
    *,
    since: date | None = None,
    actor: str | None = None,
    action: str | None = None,
) -> AuditView:
    """The trail as filtered, if ``who`` may read it (else :class:`access.AccessRefused`)."""
    access.check(who, access.AUDIT)
    rows = audit.trail(conn, since=since, actor=actor, action=action, limit=TRAIL_ROWS)
    return AuditView(
        trail=rows,
        table=display.select(rows, COLUMNS),
        summary=t(
            "{n} recorded write(s), newest first (at most {max} shown). The trail is "
            "append-only: the database refuses to change or delete a row. A sign-in shows "
            "here within five minutes, an import at once.",
            n=len(rows),
            max=TRAIL_ROWS,
        ),
    )
