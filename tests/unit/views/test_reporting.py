"""Who a reminder goes to: the project manager's own e-mail, else the role table's entry with
their name (hand-made frames)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from steerco.views import reporting as views

ROLE_TABLE = pd.DataFrame(
    {
        "email": ["zed.jan@example.org", "jan@example.org", "ann@example.org", "x@example.org"],
        "name": ["Jan Peeters", "jan peeters ", "Ann Lee", None],
    }
)


def test_an_address_as_project_manager_then_the_role_table_by_name_then_none():
    found = views.addresses(["bob@example.org", "Jan Peeters", "Ann Lee", "Nobody"], ROLE_TABLE)
    assert found == {
        "bob@example.org": "bob@example.org",
        "Jan Peeters": "jan@example.org",  # two entries named so: the first by address
        "Ann Lee": "ann@example.org",
        "Nobody": None,
    }


def test_the_reminder_names_the_projects_the_meeting_and_the_deadline():
    recipient = views.Recipient("Ann Lee", "ann@example.org", ("P-1 · CRM", "P-2 · ERP"))
    message = views.message(recipient, date(2026, 11, 17), date(2026, 11, 10))
    assert message.to == "ann@example.org"
    assert message.subject == (
        "Status report due for the steering committee of 17 Nov 2026: P-1 and 1 more"
    )
    assert message.body.startswith("Hello Ann Lee,\n\n")
    assert "was due on 10 Nov 2026" in message.body
    assert "- P-1 · CRM\n- P-2 · ERP" in message.body
