"""Building blocks of a 16:9 deck with python-pptx: titled slides, native tables with RAG
words on their colours, KPI tiles, pictures kept at 16:9, speaker notes.

Text that people read is native slide text (searchable, editable, readable by a screen
reader); only charts are pictures.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
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
#: Characters of a title that fit one line of the body width at TITLE_SIZE (bold sans);
#: longer titles get a smaller size, never below MIN_TITLE_SIZE (about 75 characters).
TITLE_LINE_CHARS = 48
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


def rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


RAG_FILLS = {code: rgb(RAG_COLORS[code]) for code in RAG_LABELS}
RAG_INKS = {code: rgb(RAG_TEXT_COLORS[code]) for code in RAG_LABELS}


def new_presentation(template: str | Path | None = None):
    """A 16:9 presentation, or the company template (its existing slides removed)."""
    if template is None:
        prs = Presentation()
        prs.slide_width, prs.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
        return prs
    prs = Presentation(str(template))
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
):
    box = slide.shapes.add_textbox(left, top, w, h)
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    lines = text.split("\n") if text else [""]
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run()
        run.text = line
        run.font.size, run.font.bold, run.font.color.rgb = size, bold, colour
    return box


def add_bullets(slide, items: Sequence[str], left, top, w, h, *, size=BULLET_SIZE):
    box = slide.shapes.add_textbox(left, top, w, h)
    frame = box.text_frame
    frame.word_wrap = True
    for index, item in enumerate(items):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = f"•  {item}"
        run.font.size, run.font.color.rgb = size, INK
        paragraph.space_after = Pt(8)
    return box


def title_size(title: str) -> Pt:
    """The title's font size: ``TITLE_SIZE`` when it fits one line, else smaller in step with
    its length (down to ``MIN_TITLE_SIZE``), so a long project name never runs into the
    subtitle below it."""
    if len(title) <= TITLE_LINE_CHARS:
        return TITLE_SIZE
    return Pt(max(MIN_TITLE_SIZE.pt, TITLE_SIZE.pt * TITLE_LINE_CHARS / len(title)))


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
        size=title_size(title),
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


def chunks(frame: pd.DataFrame, size: int = TABLE_ROWS_PER_SLIDE) -> list[pd.DataFrame]:
    """A long table split into slide-sized pieces (at least one, possibly empty)."""
    if frame.empty:
        return [frame]
    return [frame.iloc[i : i + size] for i in range(0, len(frame), size)]


def save(prs) -> bytes:
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()
