"""Building blocks of a 16:9 deck with python-pptx: titled slides, native tables with RAG
words on their colours, KPI tiles, pictures kept at 16:9, speaker notes.

Text that people read is native slide text (searchable, editable, readable by a screen
reader); only charts are pictures.
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from steerco.charts.theme import RAG_COLORS, RAG_TEXT_COLORS
from steerco.i18n import RAG_LABELS, t

SLIDE_WIDTH = Inches(13.333)
SLIDE_HEIGHT = Inches(7.5)
MARGIN = Inches(0.5)
TITLE_TOP = Inches(0.35)
TITLE_HEIGHT = Inches(0.9)
BODY_TOP = Inches(1.45)
TITLE_SIZE = Pt(30)
#: A bold title letter's mean width as a share of its size: longer titles get a smaller size,
#: never below MIN_TITLE_SIZE (about 65 characters on one line).
TITLE_CHAR_WIDTH_EM = 0.68
MIN_TITLE_SIZE = Pt(20)
SUBTITLE_SIZE = Pt(16)
TEXT_SIZE = Pt(16)
BULLET_SIZE = Pt(20)
TABLE_ROW_HEIGHT = Inches(0.36)
TABLE_FONT = Pt(12)
TABLE_HEADER_FONT = Pt(11)
#: Rows of a table per slide: more would need a font too small for the back of the room.
TABLE_ROWS_PER_SLIDE = 12
INK = RGBColor(0x1F, 0x29, 0x33)
MUTED = RGBColor(0x52, 0x60, 0x6D)
HEADER_FILL = RGBColor(0x1F, 0x29, 0x33)
ZEBRA_FILL = RGBColor(0xF5, 0xF7, 0xFA)
TILE_FILL = RGBColor(0xF5, 0xF7, 0xFA)
TILE_VALUE_SIZE = Pt(30)
TILE_LONG_VALUE_SIZE = Pt(22)
#: Characters of a tile value that fit on one line at TILE_VALUE_SIZE.
TILE_SHORT_VALUE = 5
_BLANK_LAYOUT_NAMES = ("blank", "vide", "leeg")
#: Text measure without the font at hand: a character's mean width and a line's height, as
#: shares of the font size (sans serif, a little generous so that an estimate never overflows).
CHAR_WIDTH_EM = 0.55
LINE_HEIGHT_EM = 1.2
#: The smallest size a text is shrunk to so that it fits its box.
MIN_TEXT_SIZE = Pt(10)
#: A cell's left + right and top + bottom margins (``_set_cell``).
CELL_MARGIN_X = Inches(0.12)
CELL_MARGIN_Y = Inches(0.06)


def rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


RAG_FILLS = {code: rgb(RAG_COLORS[code]) for code in RAG_LABELS}
RAG_INKS = {code: rgb(RAG_TEXT_COLORS[code]) for code in RAG_LABELS}


def new_presentation(template: str | Path | bytes | None = None):
    """A 16:9 presentation, or the company template (a path or the file's bytes, checked by
    :func:`template_problem` first; its existing slides removed)."""
    if template is None:
        prs = Presentation()
        prs.slide_width, prs.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
        return prs
    source = io.BytesIO(template) if isinstance(template, bytes) else str(template)
    prs = Presentation(source)
    slide_ids = prs.slides._sldIdLst  # python-pptx has no public delete
    for slide_id in list(slide_ids):
        prs.part.drop_rel(slide_id.rId)
        slide_ids.remove(slide_id)
    return prs


def _blank_layout(prs):
    for layout in prs.slide_layouts:
        if layout.name.strip().lower() in _BLANK_LAYOUT_NAMES:
            return layout
    return min(prs.slide_layouts, key=lambda layout: len(layout.placeholders))


def _clear_placeholders(slide) -> None:
    for shape in list(slide.placeholders):
        shape._element.getparent().remove(shape._element)


def width(prs) -> Emu:
    return prs.slide_width


def body_width(prs) -> Emu:
    return prs.slide_width - 2 * MARGIN


def text_lines(text: str, w, size) -> int:
    """Lines ``text`` takes in a box ``w`` wide at ``size`` (estimated, words kept whole)."""
    per_line = max(1, int(Emu(w).pt / (size.pt * CHAR_WIDTH_EM)))
    lines = 0
    for paragraph in (text or "").split("\n"):
        line = 0
        lines += 1
        for word in paragraph.split():
            need = len(word) if line == 0 else line + 1 + len(word)
            if need <= per_line:
                line = need
            else:
                lines += (line > 0) + (len(word) - 1) // per_line
                line = len(word) % per_line or per_line
    return lines


def text_height(text: str, w, size) -> int:
    """The height ``text`` takes in a box ``w`` wide at ``size`` (EMU)."""
    return int(text_lines(text, w, size) * size * LINE_HEIGHT_EM)


def fitting_size(text: str, w, h, size, smallest=MIN_TEXT_SIZE):
    """The largest size from ``size`` down to ``smallest`` (half points) at which ``text``
    fits a box ``w`` × ``h`` with its margins; ``smallest`` when none does."""
    inner_w, inner_h = w - Inches(0.2), h - Inches(0.1)
    points = size.pt
    while points > smallest.pt and text_height(text, inner_w, Pt(points)) > inner_h:
        points -= 0.5
    return Pt(max(points, smallest.pt))


def add_text(
    slide,
    text: str,
    left,
    top,
    w,
    h,
    *,
    size=TEXT_SIZE,
    bold: bool = False,
    colour: RGBColor = INK,
    align=PP_ALIGN.LEFT,
    anchor=MSO_ANCHOR.TOP,
    fit: bool = False,
):
    """A text box; with ``fit`` a long text is shrunk to fit the box (never cut), and the box
    tells PowerPoint and LibreOffice to shrink it further should their fonts be wider."""
    box = slide.shapes.add_textbox(left, top, w, h)
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    if fit:
        size = fitting_size(text, w, h, size)
        frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    lines = text.split("\n") if text else [""]
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run()
        run.text = line
        run.font.size, run.font.bold, run.font.color.rgb = size, bold, colour
    return box


def add_bullets(
    slide, items: Sequence[str], left, top, w, h, *, size=BULLET_SIZE, fit: bool = False
):
    """Bullets; with ``fit`` shrunk to fit the box like :func:`add_text`."""
    box = slide.shapes.add_textbox(left, top, w, h)
    frame = box.text_frame
    frame.word_wrap = True
    if fit:
        size = fitting_size("\n".join(f"•  {i}" for i in items), w, h, size)
        frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    for index, item in enumerate(items):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = f"•  {item}"
        run.font.size, run.font.color.rgb = size, INK
        paragraph.space_after = Pt(8)
    return box


def title_size(title: str, w=SLIDE_WIDTH - 2 * MARGIN) -> Pt:
    """The title's font size: ``TITLE_SIZE`` when it fits one line ``w`` wide, else the size
    at which it does (down to ``MIN_TITLE_SIZE``), so a long project name never runs into the
    subtitle below it (bold letters measured wider than body text)."""
    chars = max(1, len(title))
    fits = Emu(w - Inches(0.2)).pt / (chars * TITLE_CHAR_WIDTH_EM)
    return Pt(max(MIN_TITLE_SIZE.pt, min(TITLE_SIZE.pt, math.floor(fits * 2) / 2)))


def titled_slide(prs, title: str, subtitle: str = "", notes: str = ""):
    """A slide with a native title (and subtitle) at the top left."""
    slide = prs.slides.add_slide(_blank_layout(prs))
    _clear_placeholders(slide)
    add_text(
        slide,
        title,
        MARGIN,
        TITLE_TOP,
        body_width(prs),
        Inches(0.6),
        size=title_size(title, body_width(prs)),
        bold=True,
    )
    if subtitle:
        add_text(
            slide,
            subtitle,
            MARGIN,
            TITLE_TOP + Inches(0.6),
            body_width(prs),
            Inches(0.4),
            size=SUBTITLE_SIZE,
            colour=MUTED,
        )
    if notes:
        slide.notes_slide.notes_text_frame.text = notes
    return slide


def slide_title(slide) -> str:
    """The title text of a slide made by ``titled_slide`` (its first text box)."""
    for shape in slide.shapes:
        if shape.has_text_frame and shape.text_frame.text.strip():
            return shape.text_frame.text.strip()
    return ""


def _set_cell(cell, text: str, *, size=TABLE_FONT, bold=False, fill=None, ink=INK) -> None:
    cell.text = ""
    paragraph = cell.text_frame.paragraphs[0]
    run = paragraph.add_run()
    run.text = text
    run.font.size, run.font.bold, run.font.color.rgb = size, bold, ink
    cell.margin_left = cell.margin_right = Inches(0.06)
    cell.margin_top = cell.margin_bottom = Inches(0.03)
    cell.vertical_anchor = MSO_ANCHOR.MIDDLE
    if fill is not None:
        cell.fill.solid()
        cell.fill.fore_color.rgb = fill


def add_table(
    slide,
    frame: pd.DataFrame,
    left,
    top,
    w,
    *,
    rag_columns: Sequence[str] = (),
    col_widths: Sequence[float] | None = None,
    row_height=TABLE_ROW_HEIGHT,
):
    """A native table of ``frame`` (already formatted as text); RAG columns hold G/A/R codes
    and are written as words on their colour."""
    rows, cols = len(frame) + 1, len(frame.columns)
    shape = slide.shapes.add_table(rows, cols, left, top, w, row_height * rows)
    table = shape.table
    if col_widths:
        total = sum(col_widths)
        for index, share in enumerate(col_widths):
            table.columns[index].width = int(w * share / total)
    for c, header in enumerate(frame.columns):
        _set_cell(
            table.cell(0, c),
            str(header),
            size=TABLE_HEADER_FONT,
            bold=True,
            fill=HEADER_FILL,
            ink=RGBColor(0xFF, 0xFF, 0xFF),
        )
    for r, row in enumerate(frame.itertuples(index=False), start=1):
        zebra = ZEBRA_FILL if r % 2 == 0 else RGBColor(0xFF, 0xFF, 0xFF)
        for c, value in enumerate(row):
            column = frame.columns[c]
            text = "" if value is None or (isinstance(value, float) and value != value) else value
            if column in rag_columns and text in RAG_LABELS:
                _set_cell(
                    table.cell(r, c),
                    t(RAG_LABELS[text]),
                    bold=True,
                    fill=RAG_FILLS[text],
                    ink=RAG_INKS[text],
                )
            else:
                _set_cell(table.cell(r, c), str(text), fill=zebra)
    return table


def add_picture(slide, png: bytes, left, top, *, w=None, h=None):
    """A chart picture; give a width or a height, the other follows its 16:9 shape."""
    return slide.shapes.add_picture(io.BytesIO(png), left, top, width=w, height=h)


def add_tile(slide, left, top, w, h, value: str, label: str, *, accent: RGBColor | None = None):
    """A KPI tile: a big value above its label, as native shapes and text."""
    tile = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, left, top, w, h)
    tile.fill.solid()
    tile.fill.fore_color.rgb = TILE_FILL
    tile.line.color.rgb = accent or RGBColor(0xCB, 0xD2, 0xD9)
    tile.line.width = Pt(2.5 if accent else 1)
    tile.adjustments[0] = 0.08
    frame = tile.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    first = frame.paragraphs[0]
    first.alignment = PP_ALIGN.CENTER
    run = first.add_run()
    run.text = value
    size = TILE_VALUE_SIZE if len(value) <= TILE_SHORT_VALUE else TILE_LONG_VALUE_SIZE
    run.font.size, run.font.bold, run.font.color.rgb = size, True, INK
    second = frame.add_paragraph()
    second.alignment = PP_ALIGN.CENTER
    run = second.add_run()
    run.text = label
    run.font.size, run.font.color.rgb = Pt(14), MUTED
    return tile


def column_widths(w, col_widths: Sequence[float] | None, columns: int) -> list[int]:
    """Each column's width (EMU) for a table ``w`` wide, shared like ``add_table`` does."""
    shares = list(col_widths) if col_widths else [1.0] * columns
    return [int(w * share / sum(shares)) for share in shares]


def row_heights(
    frame: pd.DataFrame, w, col_widths: Sequence[float] | None = None, *, size=TABLE_FONT
) -> list[int]:
    """Each row's height once its cells' text wraps (estimated; at least ``TABLE_ROW_HEIGHT``),
    so that a table is split before it runs off its slide."""
    widths = column_widths(w, col_widths, len(frame.columns))
    heights = []
    for row in frame.itertuples(index=False):
        lines = max(
            text_lines("" if v is None else str(v), width - CELL_MARGIN_X, size)
            for v, width in zip(row, widths, strict=True)
        )
        heights.append(max(TABLE_ROW_HEIGHT, int(lines * size * LINE_HEIGHT_EM + CELL_MARGIN_Y)))
    return heights


def pieces_by_height(
    frame: pd.DataFrame, w, room, col_widths: Sequence[float] | None = None, *, size=TABLE_FONT
) -> list[pd.DataFrame]:
    """``frame`` split into tables that each fit ``room`` high with their header row (a row
    taller than the room gets a table of its own)."""
    if frame.empty:
        return [frame]
    pieces, start, used = [], 0, TABLE_ROW_HEIGHT
    for index, height in enumerate(row_heights(frame, w, col_widths, size=size)):
        if used + height > room and index > start:
            pieces.append(frame.iloc[start:index])
            start, used = index, TABLE_ROW_HEIGHT
        used += height
    pieces.append(frame.iloc[start:])
    return pieces


def chunks(frame: pd.DataFrame, size: int = TABLE_ROWS_PER_SLIDE) -> list[pd.DataFrame]:
    """A long table split into slide-sized pieces (at least one, possibly empty)."""
    if frame.empty:
        return [frame]
    return [frame.iloc[i : i + size] for i in range(0, len(frame), size)]


def save(prs) -> bytes:
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- company template

#: The largest template accepted, packed and unpacked, and its most parts (a company
#: template is a few MB; a zip that unpacks to far more is hostile).
MAX_TEMPLATE_BYTES = 20_000_000
MAX_TEMPLATE_UNPACKED = 200_000_000
MAX_TEMPLATE_PARTS = 2_000
#: XML markup a template has no use for and that an XML bomb needs.
_HOSTILE_XML = (b"<!DOCTYPE", b"<!ENTITY")
_MACRO_CONTENT = b"macroEnabled"
#: Slides of another size than the pack's 16:9 would cut its content (inches, tolerance).
_SIZE_TOLERANCE = 0.01


def _package_problem(data: bytes) -> str | None:
    """What makes ``data`` unfit as a .pptx package, before python-pptx parses it."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return t("This file is not a PowerPoint .pptx file.")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = package.infolist()
        if len(parts) > MAX_TEMPLATE_PARTS or (
            sum(p.file_size for p in parts) > MAX_TEMPLATE_UNPACKED
        ):
            return t("This file unpacks to far more than a presentation; it is refused.")
        names = {p.filename for p in parts}
        if not {"[Content_Types].xml", "ppt/presentation.xml"} <= names:
            return t("This file is not a PowerPoint .pptx file.")
        if _MACRO_CONTENT in package.read("[Content_Types].xml"):
            return t("This presentation holds macros (.pptm); save it as a .pptx without them.")
        for part in parts:
            if part.filename.endswith((".xml", ".rels")):
                with package.open(part) as stream:
                    head = stream.read(4096)
                if any(mark in head for mark in _HOSTILE_XML):
                    return t("This file holds XML declarations a presentation never needs.")
    return None


def template_too_large(size: int) -> str | None:
    """Why a template of ``size`` bytes is refused before it is even read; None if it is not."""
    if size <= MAX_TEMPLATE_BYTES:
        return None
    return t(
        "The template is {size} MB; at most {limit} MB is accepted.",
        size=f"{size / 1_000_000:.1f}",
        limit=f"{MAX_TEMPLATE_BYTES / 1_000_000:.0f}",
    )


def template_problem(data: bytes) -> str | None:
    """Why ``data`` cannot serve as the pack's company template (size, not a .pptx, macros,
    an XML or zip bomb, no slide layout, not 16:9), in words for the user; None when it can."""
    problem = template_too_large(len(data)) or _package_problem(data)
    if problem:
        return problem
    try:
        prs = Presentation(io.BytesIO(data))
    except Exception:  # any parse failure means the same to the user
        return t("PowerPoint could not read this file; is it a .pptx saved by PowerPoint?")
    if not len(prs.slide_layouts):
        return t("This template has no slide layout to build the slides on.")
    width, height = Emu(prs.slide_width).inches, Emu(prs.slide_height).inches
    expected = (Emu(SLIDE_WIDTH).inches, Emu(SLIDE_HEIGHT).inches)
    if not all(
        math.isclose(a, b, rel_tol=_SIZE_TOLERANCE)
        for a, b in zip((width, height), expected, strict=True)
    ):
        return t(
            "This template's slides are {w} × {h} in; the pack needs 16:9 widescreen slides "
            "(13.33 × 7.5 in).",
            w=f"{width:.2f}",
            h=f"{height:.2f}",
        )
    return None
