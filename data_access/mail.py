"""Plain e-mail through an SMTP server (reminders to late project managers).

Plain Python (smtplib and email.message), no Steerco import: the caller says which server, with
which password (never a setting: it comes from the environment), and what to send. Every
message gets its own outcome; a server that cannot be reached, refuses the sign-in or refuses a
recipient is named in that outcome's error, never raised, and the password never appears in it.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import NamedTuple

#: How long one step with the server (connect, a command, a reply) may take, in seconds.
TIMEOUT_S = 10.0
#: How a connection is secured (setting ``smtp.security``).
NONE, STARTTLS, SSL = "none", "starttls", "ssl"


@dataclass(frozen=True)
class SmtpServer:
    """Where to send: host and port, how the connection is secured, the From address, and the
    user name to sign in with (none: no sign-in)."""

    host: str
    port: int
    sender: str
    security: str = NONE
    username: str = ""
    timeout_s: float = TIMEOUT_S


@dataclass(frozen=True)
class Message:
    """One plain-text e-mail to one recipient."""

    to: str
    subject: str
    body: str


class Outcome(NamedTuple):
    """What happened to one message: sent (``ok``) or why not."""

    recipient: str
    ok: bool
    error: str | None = None


def _email(server: SmtpServer, message: Message) -> EmailMessage:
    email = EmailMessage()
    email["From"] = server.sender
    email["To"] = message.to
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=True)
    email["Message-ID"] = make_msgid(domain=server.sender.rpartition("@")[2] or None)
    email.set_content(message.body)
    return email


def _connect(server: SmtpServer, password: str | None) -> smtplib.SMTP:
    context = ssl.create_default_context()
    if server.security == SSL:
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            server.host, server.port, timeout=server.timeout_s, context=context
        )
    else:
        smtp = smtplib.SMTP(server.host, server.port, timeout=server.timeout_s)
    try:
        if server.security == STARTTLS:
            smtp.starttls(context=context)
        if server.username:
            smtp.login(server.username, password or "")
    except BaseException:
        smtp.close()
        raise
    return smtp


def _reason(exc: BaseException, server: SmtpServer, password: str | None) -> str:
    """A failure in words, naming the server, without the password."""
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        text = f"the server refused the sign-in of {server.username!r}"
    elif isinstance(exc, smtplib.SMTPRecipientsRefused):
        text = "the server refused the recipient"
    elif isinstance(exc, smtplib.SMTPResponseException):
        detail = exc.smtp_error.decode(errors="replace") if exc.smtp_error else ""
        text = f"the server answered {exc.smtp_code} {detail}".strip()
    elif isinstance(exc, ValueError):  # a line break in an address or the subject
        text = f"not a message that can be sent ({exc})"
    elif isinstance(exc, TimeoutError):
        text = f"no answer within {server.timeout_s:g} s"
    elif isinstance(exc, ssl.SSLError):
        text = f"the secure connection failed ({exc.reason or type(exc).__name__})"
    elif isinstance(exc, OSError | smtplib.SMTPException):
        text = str(exc) or type(exc).__name__
    else:
        text = type(exc).__name__
    if password:
        text = text.replace(password, "***")
    return f"{server.host}:{server.port}: {text}"


def send(server: SmtpServer, password: str | None, messages: Iterable[Message]) -> list[Outcome]:
    """Send each message over one connection; one :class:`Outcome` per message, in order.

    A connection that cannot be made (or signs in refused) fails every message with the same
    error; a refused recipient fails that message only; a connection lost midway fails the
    rest."""
    messages = list(messages)
    if not messages:
        return []
    try:
        smtp = _connect(server, password)
    except Exception as exc:
        reason = _reason(exc, server, password)
        return [Outcome(m.to, False, reason) for m in messages]
    outcomes: list[Outcome] = []
    try:
        for index, message in enumerate(messages):
            try:
                smtp.send_message(_email(server, message))
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, ValueError) as exc:
                outcomes.append(Outcome(message.to, False, _reason(exc, server, password)))
            except Exception as exc:  # the connection is gone: the rest cannot be sent
                reason = _reason(exc, server, password)
                outcomes += [Outcome(m.to, False, reason) for m in messages[index:]]
                break
            else:
                outcomes.append(Outcome(message.to, True))
    finally:
        try:
            smtp.quit()
        except Exception:  # already closed by the server: nothing left to end
            smtp.close()
    return outcomes
