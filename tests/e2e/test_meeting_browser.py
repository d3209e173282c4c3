"""A short committee meeting in Chromium: the secretary opens the last meeting, records the
decision asked by an agenda item and an action, closes the meeting (frozen), opens the next
meeting and finds the action carried forward, and downloads the minutes (read with
python-docx)."""

from __future__ import annotations

import io
import re

import pytest

from data_access import engine as store_engine
from data_access import meetings as records
from data_access.filters import today
from tests.conftest import ROOT
from tests.support.app_server import StreamlitServer
from tests.support.browser import (
    STEP_TIMEOUT_MS,
    VIEWPORT,
    Shots,
    assert_no_exception,
    choose,
    wait_for_app,
)

pytestmark = pytest.mark.browser

ACTION = "Cost the two go-live options for the sponsor"


@pytest.fixture(scope="module")
def meeting_app(app_store_copy):
    url = app_store_copy("meetingdb")
    with StreamlitServer(cwd=ROOT, env={store_engine.DB_URL_ENV: url}) as server:
        yield server, url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    yield page
    context.close()


def _days(url: str):
    eng = store_engine.create_engine(url)
    with eng.connect() as conn:
        days = sorted(records.meetings(conn)["meeting_date"])
    eng.dispose()
    held = [d for d in days if d < today()]
    coming = [d for d in days if d >= today()]
    return held[-1], coming[0]


def _tab(page, name: str) -> None:
    page.get_by_role("tab", name=name).click()
    wait_for_app(page)


def _submit(page, label: str) -> None:
    page.get_by_role("button", name=label).click()
    wait_for_app(page)


def test_a_short_meeting_from_agenda_to_minutes(page, meeting_app):
    server, url = meeting_app
    held, coming = _days(url)
    shot = Shots(page, "meeting")
    page.goto(server.url(f"/meeting?meeting={held}"))
    wait_for_app(page)
    page.get_by_role("heading", name=re.compile(r"IT Steering Committee")).wait_for()
    assert_no_exception(page)

    # open the session; record the decision asked by the first item that asks one
    page.get_by_role("button", name="Open the session").click()
    page.get_by_text("The session is open.").wait_for()
    first = page.get_by_role("button", name="Record").first
    first.click()
    wait_for_app(page)
    question = page.get_by_label("Question *")
    question.wait_for()
    asked = question.input_value()
    assert asked, "the form opens with the question of the agenda item"
    choose(page, "Outcome *", "Approved")
    page.get_by_label("Rationale").fill("Benefits confirmed by the sponsor.")
    shot("decision-form")
    _submit(page, "Record the decision")
    page.get_by_text(re.compile(rf"Decision DEC-{held}-\d+ recorded\.")).wait_for()
    assert_no_exception(page)

    # an action
    _tab(page, "Actions")
    page.get_by_label("What *").fill(ACTION)
    page.get_by_label("Owner *").fill("Ann Peeters")
    # the date field is three segments (year, month, day); typing moves from one to the next
    page.get_by_role("spinbutton", name="year, Due date *").click()
    page.keyboard.type(f"{coming:%Y%m%d}")
    _submit(page, "Add the action")
    page.get_by_text(re.compile(rf"Action ACT-{held}-\d+ added\.")).wait_for()
    assert_no_exception(page)

    # close: frozen, with the pack
    page.get_by_role("button", name="Close the meeting").click()
    page.get_by_role("button", name="Close and freeze").click()
    page.get_by_text("The meeting is closed and frozen.").wait_for(timeout=180_000)
    page.get_by_text(re.compile("what follows is what the committee saw, frozen")).wait_for()
    wait_for_app(page)
    assert page.get_by_role("button", name="Open the session").count() == 0
    assert page.get_by_role("tab", name="Actions").count() == 0  # no more forms: frozen
    page.get_by_role("button", name=re.compile(r"The pack as presented")).wait_for()
    shot("closed")

    # the minutes, as frozen
    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile(r"^Minutes \(\.docx\)")).click()
    from docx import Document

    document = Document(io.BytesIO(download.value.path().read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert asked in text + cells and "Approved" in text + cells
    assert ACTION in text + cells and "Ann Peeters" in text + cells

    # the next meeting carries the open action
    page.goto(server.url(f"/meeting?meeting={coming}"))
    wait_for_app(page)
    page.get_by_text("Actions due or overdue from earlier meetings").wait_for()
    page.get_by_text(re.compile(re.escape(ACTION))).first.wait_for()
    assert_no_exception(page)
    shot("next-meeting")
