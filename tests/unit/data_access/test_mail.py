"""E-mail through a real SMTP server on 127.0.0.1 (aiosmtpd): each message arrives as written,
and every failure is an outcome that names the server and the reason, never the password."""

from __future__ import annotations

import pytest

from data_access import mail
from data_access.mail import Message, SmtpServer
from tests.support.smtp import HOST, LocalSmtp, unused_port

SENDER = "pmo@example.org"
PASSWORD = "s3cret-Pa55"
#: The test server asks for a sign-in without TLS (on 127.0.0.1): aiosmtpd warns, rightly.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
TWO = [
    Message("ann@example.org", "Status report due: PRJ-1", "Hello Ann,\n\nPRJ-1 is late."),
    Message("bob@example.org", "Status report due: PRJ-2", "Hello Bob,\n\nPRJ-2 is late."),
]


def test_each_message_arrives_once_as_written(smtp_server):
    outcomes = mail.send(SmtpServer(HOST, smtp_server.port, SENDER), None, TWO)
    assert outcomes == [(m.to, True, None) for m in TWO]
    assert [(r.sender, r.recipients) for r in smtp_server.received] == [
        (SENDER, ["ann@example.org"]),
        (SENDER, ["bob@example.org"]),
    ]
    first = smtp_server.received[0]
    assert first.message["Subject"] == "Status report due: PRJ-1"
    assert first.message["From"] == SENDER and first.message["To"] == "ann@example.org"
    assert first.body == "Hello Ann,\n\nPRJ-1 is late.\n"


def test_nothing_to_send_opens_no_connection():
    assert mail.send(SmtpServer(HOST, unused_port(), SENDER), None, []) == []


def test_a_server_that_is_down_fails_each_message_with_a_clear_reason():
    port = unused_port()
    outcomes = mail.send(SmtpServer(HOST, port, SENDER, timeout_s=2), PASSWORD, TWO)
    assert [(o.recipient, o.ok) for o in outcomes] == [(m.to, False) for m in TWO]
    for outcome in outcomes:
        assert outcome.error.startswith(f"{HOST}:{port}: ")
        assert "refused" in outcome.error.lower()


def test_a_sign_in_with_the_password_sends():
    with LocalSmtp(users={"pmo": PASSWORD}) as server:
        config = SmtpServer(HOST, server.port, SENDER, username="pmo")
        outcomes = mail.send(config, PASSWORD, TWO[:1])
        assert outcomes == [("ann@example.org", True, None)]
        assert len(server.received) == 1


def test_a_refused_sign_in_says_so_without_the_password():
    with LocalSmtp(users={"pmo": "another"}) as server:
        config = SmtpServer(HOST, server.port, SENDER, username="pmo")
        outcomes = mail.send(config, PASSWORD, TWO)
        assert server.received == []
    assert [o.ok for o in outcomes] == [False, False]
    assert outcomes[0].error == f"{HOST}:{server.port}: the server refused the sign-in of 'pmo'"
    assert all(PASSWORD not in o.error for o in outcomes)


def test_a_message_that_cannot_be_written_fails_alone(smtp_server):
    forged = Message("eve@example.org\nBcc: all@example.org", "Hi", "Body")
    outcomes = mail.send(SmtpServer(HOST, smtp_server.port, SENDER), None, [forged, TWO[1]])
    assert [o.ok for o in outcomes] == [False, True]
    assert "not a message that can be sent" in outcomes[0].error
    assert [r.recipients for r in smtp_server.received] == [["bob@example.org"]]
