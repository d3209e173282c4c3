"""Reminder e-mails to the project managers whose status report is late (the service-layer entry,
re-exported as ``data_access.writes.send_reminders``).

Only the roles that may remind (:data:`data_access.access.REMIND`: PMO and admin) send; a
refusal is recorded in the audit trail like any refused write. What was sent, to whom, and what
failed is recorded in the audit trail too (one row per sending, never the password).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date

from sqlalchemy.engine import Engine

from data_access import access, audit, mail, writes
from data_access.access import Identity
from data_access.engine import write_transaction

log = logging.getLogger(__name__)

#: The audit trail's action for a sending of reminders.
REMINDED = "reminders sent"


def target(meeting: date) -> str:
    """How the audit trail names a sending (and a refusal of one)."""
    return f"reminders for the meeting of {meeting.isoformat()}"


def send_reminders(
    engine: Engine,
    who: Identity,
    server: mail.SmtpServer,
    password: str | None,
    messages: Iterable[mail.Message],
    *,
    meeting: date,
) -> list[mail.Outcome]:
    """Send ``messages`` (one per late project manager) through ``server`` if ``who`` may
    remind; one outcome per message. The sending is recorded in the audit trail (recipients
    and outcomes, the first subject); a store that takes no write does not undo a sent
    e-mail: then the server's log says the record is missing."""
    messages = list(messages)
    writes.require(engine, who, access.REMIND, target=target(meeting))
    outcomes = mail.send(server, password, messages)
    sent = [{"to": o.recipient, "sent": o.ok, "error": o.error} for o in outcomes]
    try:
        with write_transaction(engine) as conn:
            audit.record(
                conn,
                actor=who.label,
                action=REMINDED,
                target=target(meeting),
                after=sent,
                detail=messages[0].subject if messages else None,
            )
    except Exception as exc:
        log.warning("reminders by %s not recorded: %s", who.label, type(exc).__name__)
    return outcomes
