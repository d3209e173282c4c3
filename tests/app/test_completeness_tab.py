"""The "Completeness" tab (steerco.ui.reporting) run by AppTest on the seeded sample: a tile
per status, the late project managers' names to copy, and either the caption saying no mail
server is configured or, with [smtp] set, the "Send reminders" button whose e-mails reach a
real local SMTP server (single-user mode: the person at the laptop is admin)."""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from data_access import access, users, writes
from data_access import engine as store_engine
from steerco.analytics import reporting
from steerco.config import ENV_VAR
from steerco.ui import data
from steerco.ui.text import WORD_JOINER
from tests.support.apptest import TIMEOUT_S

#: The sample's late project managers on 16 Nov 2026 (nothing reported since 20 Oct).
LATE = ["Jan Peeters", "Nicolas Bernard", "Sophie Laurent"]


def _tab() -> None:
    import os
    from datetime import date

    from data_access import engine
    from data_access.filters import Filters
    from steerco.config import load_settings
    from steerco.ui import reporting
    from steerco.views import reporting as views

    today = date.fromisoformat(os.environ["RC_TODAY"])
    eng = engine.create_engine(os.environ[engine.DB_URL_ENV])
    with eng.connect() as conn:
        view = views.build(conn, Filters(as_of=today), load_settings(), today=today)
    eng.dispose()
    reporting.completeness(view)


@pytest.fixture
def store(tmp_path, sqlite_url, monkeypatch) -> str:
    """A private copy of the seeded sample (the tab may write its audit rows)."""
    copy = tmp_path / "steerco.sqlite"
    shutil.copy(sqlite_url.removeprefix("sqlite:///"), copy)
    url = f"sqlite:///{copy}"
    monkeypatch.setenv(store_engine.DB_URL_ENV, url)
    return url


def _run(monkeypatch, today: str) -> AppTest:
    monkeypatch.setenv("RC_TODAY", today)
    at = AppTest.from_function(_tab, default_timeout=TIMEOUT_S)
    return at.run()


@pytest.fixture
def configure(monkeypatch, tmp_path):
    """``configure(text)``: the app's settings file; the app's cached settings are dropped
    before and after the test."""

    def write(text: str) -> None:
        path = tmp_path / "steerco.toml"
        path.write_text(text, encoding="utf-8")
        monkeypatch.setenv(ENV_VAR, str(path))
        data.settings.clear()

    yield write
    data.settings.clear()


def test_tiles_names_to_copy_and_no_mail_server(store, monkeypatch, configure, as_of):
    configure("")
    at = _run(monkeypatch, as_of.isoformat())
    assert not at.exception
    assert [m.label for m in at.metric] == [*reporting.STATUSES, "Stale"]
    assert {m.label: m.value for m in at.metric}["Late"] == str(len(LATE))
    assert at.code[0].value == "\n".join(LATE)
    assert any("No mail server is configured" in c.value for c in at.caption)
    assert not at.button


def test_without_a_next_meeting_the_tab_says_so(store, monkeypatch, configure):
    configure("")
    at = _run(monkeypatch, "2026-11-18")
    assert not at.exception
    assert "No steering committee is scheduled" in at.info[0].value
    assert not at.metric


def test_send_reminders_reaches_each_late_manager_with_an_address(
    store, monkeypatch, configure, as_of, smtp_server
):
    eng = store_engine.create_engine(store)
    entry = users.Entry("jan@example.org", access.PROJECT_MANAGER, name="Jan Peeters")
    writes.save_user(eng, access.single_user("test"), entry)
    eng.dispose()
    configure(
        f'[smtp]\nhost = "127.0.0.1"\nport = {smtp_server.port}\nsender = "pmo@example.org"\n',
    )
    at = _run(monkeypatch, as_of.isoformat())
    assert not at.exception
    assert any("No address for: Nicolas Bernard, Sophie Laurent" in c.value for c in at.caption)
    (button,) = at.button
    assert button.label == "Send reminders (1)"
    at = button.click().run()
    assert not at.exception
    sent = [s.value.replace(WORD_JOINER, "") for s in at.success]
    assert sent == ["Sent to jan@example.org."]
    assert [r.recipients for r in smtp_server.received] == [["jan@example.org"]]
