"""A real SMTP server on 127.0.0.1 for the reminder tests (aiosmtpd, in a thread of the test
process): it keeps every message it receives, and with ``users`` it asks for a sign-in.

Usage::

    with LocalSmtp() as server:
        mail.send(SmtpServer(server.host, server.port, sender="pmo@example.org"), None, [...])
        assert server.received[0].message["Subject"] == "…"

``unused_port()`` is a port nothing listens on: a mail server that is down.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.support.ports import free_port

HOST = "127.0.0.1"


@dataclass
class Received:
    """One message as the server got it: the envelope and the parsed e-mail."""

    sender: str
    recipients: list[str]
    message: EmailMessage

    @property
    def body(self) -> str:
        """The plain-text body, line breaks as in Python (the wire's CRLF made LF)."""
        text = self.message.get_body(preferencelist=("plain",)).get_content()
        return text.replace("\r\n", "\n")


@dataclass
class _Handler:
    received: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope) -> str:  # the name aiosmtpd calls
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 OK"


class LocalSmtp:
    """The server, started on a free port of 127.0.0.1 for the ``with`` block."""

    def __init__(self, users: dict[str, str] | None = None) -> None:
        self.host = HOST
        self.port = free_port()
        self._handler = _Handler()
        options: dict = {}
        if users:
            options = {
                "authenticator": _authenticator(users),
                "auth_required": True,
                "auth_require_tls": False,  # a test on 127.0.0.1: no certificate
            }
        self._controller = Controller(self._handler, hostname=HOST, port=self.port, **options)

    @property
    def received(self) -> list[Received]:
        return self._handler.received

    def __enter__(self) -> LocalSmtp:
        self._controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self._controller.stop()


def _authenticator(users: dict[str, str]):
    def authenticate(server, session, envelope, mechanism, data) -> AuthResult:
        ok = (
            isinstance(data, LoginPassword)
            and users.get(data.login.decode()) == data.password.decode()
        )
        return AuthResult(success=ok, handled=False)

    return authenticate


def unused_port() -> int:
    """A port of 127.0.0.1 that nothing listens on (a mail server that is down)."""
    return free_port()
