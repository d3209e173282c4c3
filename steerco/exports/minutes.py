"""The minutes of a committee meeting as a Word document (and as PDF where LibreOffice is).

One document for one meeting: who attended and chaired, the state of the record (closed and
frozen, or a draft), the agenda, the key figures, the decisions taken, the actions raised and
the actions still open from earlier meetings.

A closed meeting's minutes are written from its frozen content (``record.frozen``, kept by
``views.meeting.frozen_content`` when it closed), so they say what the committee saw whatever
was imported or amended since; an open meeting's from the live view, in the same shape. Every
value from the data is written as plain text (a Word run never interprets it).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from steerco import fmt
from steerco.analytics.meetings import SECTIONS
from steerco.config import Settings
from steerco.i18n import N_, t
from steerco.views import meeting
from steerco.views.meeting import MeetingView

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_MIME = "application/pdf"
#: A4 portrait, with margins that leave 170 mm for the text and tables.
PAGE_WIDTH_MM, PAGE_HEIGHT_MM, MARGIN_MM = 210, 297, 20
BODY_FONT, BODY_PT, TABLE_PT, FOOTER_PT = "Calibri", 10.5, 9, 8
#: Header rows of tables, headings and the muted lines (status, project under an action).
HEADER_FILL = "1F2933"
HEADING_COLOUR, MUTED_COLOUR = RGBColor(0x1F, 0x29, 0x33), RGBColor(0x5F, 0x6B, 0x76)
#: Tables of up to this many rows (the key figures, a decision) stay on one page.
KEEP_TOGETHER_ROWS = 12
#: LibreOffice's conversion of a few pages; a first start (its profile) takes the longest.
PDF_TIMEOUT_S = 180
#: Characters XML 1.0 cannot hold (a Word file would not open): dropped from data text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

#: Fields of a decision, in the order the minutes list them (labels as the view names them).
DECISION_FIELDS = (
    "ID", "Project", "Options", "Recommendation", "Outcome", "Rationale", "Decided by",
)  # fmt: skip
#: Columns of the actions raised in the meeting: label, width in mm (the action's cell names
#: its id and project beneath it, so that ids and dates never wrap).
ACTION_TABLE = (("Action", 90), ("Owner", 34), ("Due", 24), ("Status", 22))
#: Columns of the actions carried from earlier meetings: label, width in mm.
OPEN_ACTION_TABLE = (
    ("Action", 68), ("Owner", 32), ("Due", 24), ("Raised", 24), (N_("Days overdue"), 22),
)  # fmt: skip
#: Columns whose values are data codes shown translated, and dates shown as dates.
_CODED, _DATED = ("Outcome", "Status"), ("Due", "Raised")


class MinutesPdfFailed(RuntimeError):
    """LibreOffice is present but did not turn the minutes into a PDF."""


# --------------------------------------------------------------------------- content


def _live_content(view: MeetingView) -> dict[str, Any]:
    """The open meeting in the frozen content's shape, with the decisions' options and
    recommendation (which the minutes list)."""
    content = meeting.frozen_content(view)
    for row, options, advice in zip(
        content["decisions"],
        view.decisions.get("options", []),
        view.decisions.get("recommendation", []),
        strict=False,
    ):
        row[t("Options")] = options
        row[t("Recommendation")] = advice
    return content


def _text(value: Any) -> str:
    """A value as plain text for the document (missing: empty)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return _NOT_XML.sub("", str(value))


def _cell(row: dict, label: str) -> str:
    """A display row's value by its label (rows hold translated labels; an older freeze, or
    one made in another language, may hold the English one)."""
    value = row.get(t(label), row.get(label))
    if label in _DATED:
        return fmt.day(value) if _text(value) else ""
    if label in _CODED and _text(value):
        return t(_text(value))
    return _text(value)


def _status_line(view: MeetingView | None, frozen: dict | None) -> str:
    if frozen is None:
        return t(
            "Draft, the meeting is {state}: the figures and lists are live and may change "
            "until it closes.",
            state=view.status_name if view is not None else t("open"),
        )
    record = view.record if view is not None else None
    if record is not None and record.closed_at is not None:
        return t(
            "Closed: as frozen on {at} by {who}.",
            at=f"{fmt.day(record.closed_at)} {record.closed_at:%H:%M}",
            who=_text(record.closed_by) or t("unknown"),
        )
    return t("Closed: as frozen when the meeting closed.")


# --------------------------------------------------------------------------- Word parts


def _page_setup(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(MARGIN_MM))
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = BODY_FONT, Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    normal.paragraph_format.space_after = Pt(4)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        style = doc.styles[name]
        style.font.name, style.font.color.rgb = BODY_FONT, HEADING_COLOUR
        rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            rfonts.set(qn(attr), BODY_FONT)
    doc.styles["Title"].font.size = Pt(22)


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that the reader fills in, styled as the footer."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = paragraph.add_run("1")  # shown until the reader counts the pages
    run.font.size, run.font.color.rgb = Pt(FOOTER_PT), MUTED_COLOUR
    field.append(run._r)  # moved from the paragraph into the field
    paragraph._p.append(field)


def _footer(doc, title: str) -> None:
    paragraph = doc.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for part in (f"{title} · {t('page')} ", "PAGE", f" {t('of')} ", "NUMPAGES"):
        if part in ("PAGE", "NUMPAGES"):
            _field(paragraph, part)
        else:
            run = paragraph.add_run(part)
            run.font.size, run.font.color.rgb = Pt(FOOTER_PT), MUTED_COLOUR


def _muted(paragraph, text: str, *, italic: bool = False) -> None:
    run = paragraph.add_run(_text(text))
    run.font.color.rgb, run.italic = MUTED_COLOUR, italic


def _labelled(doc, label: str, value: str) -> None:
    """``Label: value`` — the label bold, the value plain text."""
    paragraph = doc.add_paragraph()
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(_text(value))


def _none(doc) -> None:
    _muted(doc.add_paragraph(), t("None."), italic=True)


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _row_flag(row, name: str) -> None:
    flag = OxmlElement(name)
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _write_cell(cell, text: str, *, bold: bool = False, white: bool = False, note: str = ""):
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_before = Pt(1)
    paragraph.paragraph_format.space_after = Pt(1)
    run = paragraph.add_run(_text(text))
    run.font.size, run.bold = Pt(TABLE_PT), bold
    if white:
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    if note:
        extra = cell.add_paragraph()
        extra.paragraph_format.space_after = Pt(0)
        small = extra.add_run(_text(note))
        small.font.size, small.font.color.rgb = Pt(TABLE_PT - 1), MUTED_COLOUR


def _table(doc, header: Sequence[str], widths_mm: Sequence[float], rows: Sequence[Sequence]):
    """A table with a dark header row (repeated on each page) and the given column widths;
    a row's cell may be ``(text, note)`` to add a muted second line."""
    table = doc.add_table(rows=1, cols=len(header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell, label in zip(table.rows[0].cells, header, strict=True):
        _shade(cell, HEADER_FILL)
        _write_cell(cell, label, bold=True, white=True)
    _row_flag(table.rows[0], "w:tblHeader")  # repeated at the top of each page
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            text, note = value if isinstance(value, tuple) else (value, "")
            _write_cell(cell, text, note=note)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)  # the grid (LibreOffice reads it), and each cell (Word)
        for cell in column.cells:
            cell.width = Mm(width)
    for row in table.rows:
        _row_flag(row, "w:cantSplit")  # a row stays on one page
    if len(table.rows) <= KEEP_TOGETHER_ROWS:  # a short table is not split across pages
        for row in table.rows[:-1]:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
    doc.add_paragraph()
    return table


# --------------------------------------------------------------------------- sections


def _attendance(doc, content: dict) -> None:
    doc.add_heading(t("Attendance"), level=1)
    _labelled(doc, t("Chair"), content.get("chair") or "–")
    attendees = [_text(a) for a in content.get("attendees") or []]
    _labelled(doc, t("Present"), "; ".join(attendees) if attendees else "–")


def _agenda(doc, content: dict) -> None:
    doc.add_heading(t("Agenda"), level=1)
    items = content.get("agenda") or []
    for number, key in enumerate(SECTIONS, start=1):
        doc.add_heading(f"{number}. {t(meeting.SECTION_TITLES[key])}", level=2)
        listed = [i for i in items if i.get("section") == key]
        if not listed:
            _none(doc)
        for item in listed:
            paragraph = doc.add_paragraph(style="List Bullet")
            paragraph.paragraph_format.space_after = Pt(2)
            paragraph.add_run(_text(item.get("title")))
            if _text(item.get("detail")):
                paragraph.add_run(" — ")
                _muted(paragraph, item["detail"])


def _key_figures(doc, content: dict) -> None:
    doc.add_heading(t("Key figures"), level=1)
    kpis = content.get("kpis") or []
    if not kpis:
        _none(doc)
        return
    rows = [(_text(k.get("label")), (_text(k.get("value")), _text(k.get("delta")))) for k in kpis]
    _table(doc, (t("Figure"), t("Value")), (90, 80), rows)


def _decisions(doc, content: dict) -> None:
    doc.add_heading(t("Decisions"), level=1)
    decisions = content.get("decisions") or []
    if not decisions:
        _none(doc)
    for number, row in enumerate(decisions, start=1):
        doc.add_heading(f"{number}. {_cell(row, 'Question')}", level=3)
        present = [f for f in DECISION_FIELDS if t(f) in row or f in row]
        _table(doc, (t("Field"), t("Recorded")), (40, 130),
               [(t(f), _cell(row, f)) for f in present])  # fmt: skip


def _action_rows(rows: list[dict], columns: Sequence[tuple[str, float]]) -> list[list]:
    out = []
    for row in rows:
        values: list = []
        for label, _ in columns:
            if label == "Action":  # its id and project beneath it, muted
                where = " · ".join(v for v in (_cell(row, "ID"), _cell(row, "Project")) if v)
                values.append((_cell(row, "Action"), where))
            elif label == "Days overdue":
                days = row.get(t(label), row.get(label)) or 0
                values.append(str(int(days)) if int(days) > 0 else "–")
            else:
                values.append(_cell(row, label))
        out.append(values)
    return out


def _actions(doc, title: str, rows: list[dict], columns: Sequence[tuple[str, float]]) -> None:
    doc.add_heading(title, level=1)
    if not rows:
        _none(doc)
        return
    _table(doc, [t(label) for label, _ in columns], [w for _, w in columns],
           _action_rows(rows, columns))  # fmt: skip


# --------------------------------------------------------------------------- public


def minutes_docx(view: MeetingView | None, frozen: dict | None, *, settings: Settings) -> bytes:
    """The minutes as a .docx file: from ``frozen`` (a closed meeting's ``record.frozen``)
    when given, else from the live ``view``. ``view`` also gives a closed meeting's closing
    time and person for the status line."""
    if frozen is None and view is None:
        raise ValueError("the minutes need a meeting view or its frozen content")
    content = frozen if frozen is not None else _live_content(view)
    committee = _text(content.get("committee")) or t("Steering committee")
    day = fmt.day(content.get("day"))
    doc = Document()
    _page_setup(doc)
    props = doc.core_properties
    props.title = t("Minutes: {committee}, {day}", committee=committee, day=day)
    props.author, props.language = "Steerco", settings.language
    doc.add_heading(t("Minutes of the {committee}", committee=committee), level=0)
    heading = doc.add_paragraph()
    heading.add_run(t("Meeting of {day}", day=day)).bold = True
    _muted(doc.add_paragraph(), _status_line(view, frozen), italic=True)
    _footer(doc, t("Minutes of {day}", day=day))
    _attendance(doc, content)
    _agenda(doc, content)
    _key_figures(doc, content)
    _decisions(doc, content)
    _actions(doc, t("Actions raised"), content.get("actions") or [], ACTION_TABLE)
    _actions(
        doc,
        t("Open actions from earlier meetings"),
        content.get("open_actions") or [],
        OPEN_ACTION_TABLE,
    )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def soffice_path() -> str | None:
    """LibreOffice's command, when installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _without_writer(soffice: str) -> bool:
    """LibreOffice installed without Writer (e.g. only Impress, for the pack) cannot open a
    .docx. Told by Writer's library beside ``soffice.bin``; elsewhere assumed present."""
    return lacks_module(soffice, "swlo")


def lacks_module(soffice: str, library: str) -> bool:
    """True when LibreOffice's program folder has no ``library`` (``swlo``: Writer,
    ``sdlo``: Impress) beside ``soffice.bin``; elsewhere the module is assumed present."""
    program = Path(soffice).resolve().parent
    if not any(program.glob("soffice.bin*")):
        return False
    return not any(program.glob(f"*{library}.*"))


def minutes_pdf(docx_bytes: bytes) -> bytes | None:
    """The minutes as PDF, converted by LibreOffice; None when LibreOffice (with Writer) is
    not installed. Raises :class:`MinutesPdfFailed` when it is but the conversion fails."""
    soffice = soffice_path()
    if soffice is None or _without_writer(soffice):
        return None
    return office_pdf(soffice, docx_bytes, "minutes.docx")


def office_pdf(soffice: str, content: bytes, file_name: str) -> bytes:
    """``content`` (an office document named ``file_name``) as PDF through LibreOffice (the
    minutes, the pack). Each conversion uses a profile of its own, so it runs beside an open
    LibreOffice or another conversion. Raises :class:`MinutesPdfFailed` when it fails."""
    with tempfile.TemporaryDirectory(prefix="steerco-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / file_name
        source.write_bytes(content)
        command = [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, timeout=PDF_TIMEOUT_S, env={
                    "HOME": str(folder), "PATH": "/usr/local/bin:/usr/bin:/bin"
                },
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            raise MinutesPdfFailed(
                t("LibreOffice did not finish the PDF in {s} s.", s=PDF_TIMEOUT_S)
            ) from None
        pdf = source.with_suffix(".pdf")
        if done.returncode != 0 or not pdf.is_file():
            reason = (done.stderr or done.stdout).decode(errors="replace").strip()[:300]
            raise MinutesPdfFailed(t("LibreOffice could not write the PDF: {r}", r=reason))
        return pdf.read_bytes()


def for_meeting(conn, filters, settings: Settings, *, day, today) -> bytes | None:
    """The minutes of the meeting on ``day`` (as frozen once closed), for the page's cached
    download; None when there is no such meeting."""
    from steerco.views import meeting

    view = meeting.build(conn, filters, settings, day=day, today=today)
    if view is None:
        return None
    return minutes_docx(view, view.record.frozen if view.closed else None, settings=settings)
