"""The minutes of a meeting, opened with python-docx as a committee member would read them:
attendees, every decision's question, options and outcome, every action's owner and due date,
the actions carried from earlier meetings with their days overdue; a closed meeting's minutes
say what was frozen even after an amendment; `steerco minutes` on the command line; the PDF
made by LibreOffice (skipped without it)."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date, timedelta

import pandas as pd
import pytest
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph
from PIL import Image

from data_access import access, writes
from data_access import engine as store_engine
from data_access.filters import Filters
from steerco import fmt, i18n
from steerco.exports import minutes
from steerco.views import meeting as views
from tests.conftest import TEST_AS_OF
from tests.support.cli import no_traceback, run
from tests.support.hostile import HTML_LINK, LINK

PMO = access.Identity("pat@example.org", "Pat", access.PMO)
#: A question typed in the meeting that would be a link and bold text if it were interpreted.
HOSTILE_QUESTION = f"**Approve** {LINK} {HTML_LINK}?"


def _on(value) -> date:
    return pd.Timestamp(value).date()


def _shown(day) -> str:
    """A date as the minutes write it: 06 Oct 2026."""
    return _on(day).strftime("%d %b %Y")


@pytest.fixture(scope="module")
def day(sample_frames) -> date:
    """The last meeting before the test date that recorded decisions (plain pandas)."""
    taken = pd.to_datetime(sample_frames["decisions"]["meeting_date"])
    return taken.loc[taken < pd.Timestamp(TEST_AS_OF)].max().date()


@pytest.fixture(scope="module")
def view(sqlite_url, settings, day):
    eng = store_engine.create_engine(sqlite_url)
    with eng.connect() as conn:
        found = views.build(conn, Filters(as_of=TEST_AS_OF), settings, day=day, today=TEST_AS_OF)
    eng.dispose()
    return found


@pytest.fixture(scope="module")
def docx_bytes(view, settings) -> bytes:
    return minutes.minutes_docx(view, None, settings=settings)


@pytest.fixture(scope="module")
def doc(docx_bytes):
    return Document(io.BytesIO(docx_bytes))


def _text(doc) -> str:
    """Every paragraph and table cell, in order."""
    parts = []
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            parts.append(block.text)
        else:
            parts.extend(cell.text for row in block.rows for cell in row.cells)
    return "\n".join(parts)


def _tables_under(doc, heading: str) -> list[Table]:
    """The tables between a level-1 heading and the next one."""
    found, inside = [], False
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph) and block.style.name == "Heading 1":
            inside = block.text == heading
        elif inside and isinstance(block, Table):
            found.append(block)
    return found


def _rows(table: Table) -> list[dict[str, str]]:
    """A table's body rows by header."""
    header = [c.text for c in table.rows[0].cells]
    return [dict(zip(header, (c.text for c in r.cells), strict=True)) for r in table.rows[1:]]


def _decision_fields(doc) -> list[dict[str, str]]:
    return [{r["Field"]: r["Recorded"] for r in _rows(t)} for t in _tables_under(doc, "Decisions")]


def _action_rows(doc, heading: str) -> dict[str, dict[str, str]]:
    """An action table's rows by action id (named on the action cell's second line)."""
    (table,) = _tables_under(doc, heading)
    return {r["Action"].split("\n")[1].split(" · ")[0]: r for r in _rows(table)}


# --------------------------------------------------------------------------- an open meeting


def test_the_minutes_name_the_meeting_its_chair_and_every_attendee(doc, sample_frames, day):
    meetings = sample_frames["meetings"]
    row = meetings.loc[pd.to_datetime(meetings["meeting_date"]) == pd.Timestamp(day)].iloc[0]
    text = _text(doc)
    assert f"Minutes of the {row['committee']}" in text
    assert f"Meeting of {_shown(day)}" in text
    assert f"Chair: {row['chair']}" in text
    for person in (p.strip() for p in row["attendees"].split(";")):
        assert person in text
    assert "Draft, the meeting is held" in text, "an open meeting's minutes are a draft"


def test_every_decision_with_its_question_options_and_outcome(doc, sample_frames, day):
    decisions = sample_frames["decisions"]
    taken = decisions.loc[pd.to_datetime(decisions["meeting_date"]) == pd.Timestamp(day)]
    assert len(taken) == 3
    written = {d["ID"]: d for d in _decision_fields(doc)}
    assert set(written) == set(taken["decision_id"])
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 3"]
    for row in taken.itertuples(index=False):
        shown = written[row.decision_id]
        assert shown["Outcome"] == row.outcome
        assert shown["Options"] == row.options
        assert shown["Recommendation"] == row.recommendation
        assert shown["Rationale"] == row.rationale
        assert shown["Decided by"] == row.decided_by
        assert shown["Project"].startswith(row.project_id)
        assert any(h.endswith(row.question) for h in headings)


def test_every_action_raised_with_its_owner_and_due_date(doc, sample_frames, day):
    actions = sample_frames["actions"]
    raised = actions.loc[pd.to_datetime(actions["raised_meeting"]) == pd.Timestamp(day)]
    assert len(raised) == 2
    written = _action_rows(doc, "Actions raised")
    assert set(written) == set(raised["action_id"])
    for row in raised.itertuples(index=False):
        assert written[row.action_id]["Owner"] == row.owner
        assert written[row.action_id]["Due"] == _shown(row.due_date)
        assert written[row.action_id]["Action"].startswith(row.action)


def test_open_actions_from_earlier_meetings_with_their_days_overdue(doc, sample_frames, day):
    actions = sample_frames["actions"]
    closed = pd.to_datetime(actions["closed_date"])
    carried = actions.loc[
        (pd.to_datetime(actions["raised_meeting"]) < pd.Timestamp(day))
        & (closed.isna() | (closed > pd.Timestamp(day)))
    ]
    assert len(carried) == 4
    written = _action_rows(doc, "Open actions from earlier meetings")
    assert set(written) == set(carried["action_id"])
    for row in carried.itertuples(index=False):
        late = (day - _on(row.due_date)).days
        assert written[row.action_id]["Owner"] == row.owner
        assert written[row.action_id]["Due"] == _shown(row.due_date)
        assert written[row.action_id]["Raised"] == _shown(row.raised_meeting)
        assert written[row.action_id]["Days overdue"] == (str(late) if late > 0 else "–")


def test_the_agenda_sections_and_the_key_figures(doc, view):
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert headings == [f"{n}. {title}" for n, title in enumerate(views.SECTION_TITLES.values(), 1)]
    text = _text(doc)
    for item in view.agenda.items:
        assert item.title in text
    (figures,) = _tables_under(doc, "Key figures")
    shown = {r["Figure"]: r["Value"].split("\n")[0] for r in _rows(figures)}
    assert shown == {k.label: k.value for k in view.kpis}


def test_a4_with_page_numbers_and_header_rows(doc):
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    footer = section.footer.paragraphs[0]._p.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
    for table in doc.tables:
        assert "<w:tblHeader" in table.rows[0]._tr.xml, "the header row repeats on each page"


def test_the_cli_writes_the_minutes_and_refuses_an_unknown_meeting(
    capsys, tmp_path, sqlite_url, day, sample_frames
):
    out = tmp_path / "minutes.docx"
    code, printed, err = run(capsys, "minutes", "--meeting", day, "--out", out, "--db", sqlite_url)
    assert code == 0, err
    assert "draft" in printed
    written = {d["ID"] for d in _decision_fields(Document(str(out)))}
    decisions = sample_frames["decisions"]
    on_day = pd.to_datetime(decisions["meeting_date"]) == pd.Timestamp(day)
    assert written == set(decisions.loc[on_day, "decision_id"])

    missing = tmp_path / "none.docx"
    code, printed, err = run(
        capsys,
        "minutes",
        "--meeting",
        day + timedelta(days=1),
        "--out",
        missing,
        "--db",
        sqlite_url,
    )
    assert code == 1 and not missing.exists()
    assert f"there is no meeting on {day + timedelta(days=1)}" in err and str(day) in err
    no_traceback(printed, err)


# --------------------------------------------------------------------------- a closed meeting


def test_a_closed_meeting_minutes_show_what_was_frozen_after_an_amendment(
    writable_engine, writable_url, settings, day, capsys, tmp_path
):
    def build():
        with writable_engine.connect() as conn:
            return views.build(conn, Filters(as_of=TEST_AS_OF), settings, day=day, today=TEST_AS_OF)

    writes.open_meeting(writable_engine, PMO, day)
    taken = writes.record_decision(
        writable_engine, PMO,
        {"meeting_date": day, "question": HOSTILE_QUESTION, "outcome": "Approved",
         "options": "1. Yes; 2. No", "rationale": "Worth it", "decided_by": "The chair"},
    )  # fmt: skip
    action = writes.record_action(
        writable_engine, PMO,
        {"raised_meeting": day, "action": "Send the plan", "owner": "Ann Example",
         "due_date": day + timedelta(days=14), "status": "Open", "decision_id": taken},
    )  # fmt: skip
    frozen = views.frozen_content(build())
    writes.close_meeting(writable_engine, PMO, day, frozen=frozen, pack=None)
    writes.record_decision(
        writable_engine, PMO,
        {"decision_id": taken, "meeting_date": day, "question": HOSTILE_QUESTION,
         "outcome": "Rejected", "rationale": "Changed afterwards"},
        amendment="corrected after the meeting",
    )  # fmt: skip

    closed = build()
    live = closed.decisions.set_index("decision_id")
    assert live.loc[taken, "outcome"] == "Rejected", "the amendment is in the live record"
    doc = Document(
        io.BytesIO(minutes.minutes_docx(closed, closed.record.frozen, settings=settings))
    )
    text = _text(doc)
    assert f"Closed: as frozen on {_shown(closed.record.closed_at)}" in text
    assert "by pat@example.org" in text
    written = {d["ID"]: d for d in _decision_fields(doc)}
    assert written[taken]["Outcome"] == "Approved"
    assert written[taken]["Rationale"] == "Worth it"
    assert "Changed afterwards" not in text
    # the question typed in the meeting is written as typed: one plain run, no link
    (heading,) = [p for p in doc.paragraphs if p.text.endswith(HOSTILE_QUESTION)]
    assert len(heading.runs) == 1 and "<w:hyperlink" not in doc.element.xml
    actions = _action_rows(doc, "Actions raised")
    assert actions[action]["Owner"] == "Ann Example"
    assert actions[action]["Due"] == _shown(day + timedelta(days=14))

    out = tmp_path / "closed.docx"
    code, printed, err = run(
        capsys, "minutes", "--meeting", day, "--out", out, "--db", writable_url
    )
    assert code == 0, err
    assert "as frozen" in printed
    assert {d["ID"]: d["Outcome"] for d in _decision_fields(Document(str(out)))}[
        taken
    ] == "Approved"


# --------------------------------------------------------------------------- PDF


def test_libreoffice_writes_the_minutes_as_pdf(docx_bytes, tmp_path):
    pdftoppm = shutil.which("pdftoppm")
    if minutes.soffice_path() is None or pdftoppm is None:
        pytest.skip(
            "LibreOffice or poppler missing: apt-get install -y --no-install-recommends "
            "libreoffice-writer poppler-utils"
        )
    pdf = minutes.minutes_pdf(docx_bytes)
    if pdf is None:
        pytest.skip("LibreOffice without Writer: apt-get install -y libreoffice-writer")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    (tmp_path / "minutes.pdf").write_bytes(pdf)
    subprocess.run(
        [pdftoppm, "-png", "-r", "30", "-f", "1", "-l", "1", str(tmp_path / "minutes.pdf"),
         str(tmp_path / "page")],
        check=True, timeout=120,
    )  # fmt: skip
    (first,) = tmp_path.glob("page*.png")
    width, height = Image.open(first).size
    assert abs(height / width - 297 / 210) < 0.01, "A4 portrait"


@pytest.mark.parametrize(
    ("language", "headings"),
    [
        ("fr", ["Présences", "Ordre du jour", "Chiffres clés", "Décisions"]),
        ("nl", ["Aanwezigheid", "Agenda", "Kerncijfers", "Beslissingen"]),
    ],
)
def test_the_minutes_in_french_or_dutch(sqlite_url, settings, day, language, headings):
    eng = store_engine.create_engine(sqlite_url)
    with i18n.speaking(language), eng.connect() as conn:
        found = views.build(conn, Filters(as_of=TEST_AS_OF), settings, day=day, today=TEST_AS_OF)
        doc = Document(io.BytesIO(minutes.minutes_docx(found, None, settings=settings)))
    eng.dispose()
    shown = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    for heading in headings:
        assert heading in shown, (heading, shown)
    text = _text(doc)
    assert "Attendance" not in shown and "Key figures" not in shown
    with i18n.speaking(language):
        local_day = fmt.day(day)  # 6 oct. 2026, 6 okt 2026
    assert local_day in text and _shown(day) not in text
