"""Slide building blocks: titles that never run into their subtitle, texts shrunk to fit their
box instead of being cut, tables split before they run off a slide, company templates checked
before use."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
from pptx.util import Inches, Pt

from steerco.exports import pptx_parts as pp

BODY = pp.SLIDE_WIDTH - 2 * pp.MARGIN  # 12.333 in = 888 pt


def test_a_title_that_fits_one_line_keeps_the_title_size():
    assert pp.title_size("Top risks") == pp.TITLE_SIZE
    # 42 bold letters at 30 pt: 42 × 0.68 × 30 = 857 pt, inside 888 − 14.4 pt
    assert pp.title_size("x" * 42) == pp.TITLE_SIZE


def test_a_long_title_gets_smaller_in_step_with_its_length_but_not_below_the_minimum():
    # "PRJ-040 · Multi-factor authentication everywhere – IT — Red": 59 characters wrapped at
    # 24.4 pt in LibreOffice; (888 − 14.4) / (59 × 0.68) = 21.77 pt, rounded down to 21.5
    title = "PRJ-040 · Multi-factor authentication everywhere – IT — Red"
    assert len(title) == 59
    assert pp.title_size(title, BODY).pt == 21.5
    assert pp.title_size("x" * 200) == pp.MIN_TITLE_SIZE


def test_text_lines_wrap_whole_words():
    # 1 in at 10 pt: 72 / 5.5 = 13 characters a line
    assert pp.text_lines("short", Inches(1), Pt(10)) == 1
    assert pp.text_lines("twelve chars twelve chars", Inches(1), Pt(10)) == 2
    assert pp.text_lines("one\ntwo\nthree", Inches(1), Pt(10)) == 3
    assert pp.text_lines("x" * 30, Inches(1), Pt(10)) == 3  # a word longer than a line


def test_a_long_text_is_shrunk_never_below_the_minimum():
    box = (Inches(6), Inches(1.5))
    assert pp.fitting_size("A short reason.", *box, Pt(18)) == Pt(18)
    long = "word " * 60  # 300 characters
    size = pp.fitting_size(long, *box, Pt(18))
    assert pp.MIN_TEXT_SIZE.pt < size.pt < 18
    assert pp.text_height(long, box[0] - Inches(0.2), size) <= box[1] - Inches(0.1)
    assert pp.fitting_size("word " * 2000, *box, Pt(18)) == pp.MIN_TEXT_SIZE


def test_a_table_is_split_where_its_wrapped_rows_fill_the_room():
    frame = pd.DataFrame({"ID": [f"R{i}" for i in range(10)], "Text": ["x " * 100] * 10})
    heights = pp.row_heights(frame, Inches(6), (1, 5))
    assert all(h > pp.TABLE_ROW_HEIGHT for h in heights), "long texts wrap on more lines"
    room = Inches(5)
    pieces = pp.pieces_by_height(frame, Inches(6), room, (1, 5))
    assert sum(len(p) for p in pieces) == 10 and len(pieces) > 1
    for piece in pieces:
        assert pp.TABLE_ROW_HEIGHT + sum(pp.row_heights(piece, Inches(6), (1, 5))) <= room


def _pptx(**size) -> bytes:
    prs = pp.new_presentation()
    for name, value in size.items():
        setattr(prs, name, value)
    return pp.save(prs)


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return out.getvalue()


def test_a_widescreen_pptx_is_a_usable_template():
    assert pp.template_problem(_pptx()) is None


def test_hostile_or_unusable_templates_are_refused_with_a_reason():
    good = _pptx()
    with zipfile.ZipFile(io.BytesIO(good)) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    bomb = dict(parts)
    bomb["ppt/presentation.xml"] = b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaa">]><p/>'
    macros = dict(parts)
    macros["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"presentation.main+xml", b"slideshow.macroEnabled.main+xml"
    )
    cases = {
        b"%PDF-1.4 not a deck": "not a PowerPoint .pptx",
        _zip({"word/document.xml": b"<w/>", "[Content_Types].xml": b"<T/>"}): "not a PowerPoint",
        _zip(bomb): "XML declarations",
        _zip(macros): "macros",
        _zip({**parts, "ppt/presentation.xml": b"<broken"}): "could not read",
        _pptx(slide_width=Inches(10), slide_height=Inches(7.5)): "16:9",
        b"PK" + b"\0" * (pp.MAX_TEMPLATE_BYTES + 1): "at most 20 MB",
    }
    for data, reason in cases.items():
        problem = pp.template_problem(data)
        assert problem is not None and reason in problem, (reason, problem)


def test_a_zip_that_unpacks_to_far_more_than_a_deck_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", b"<T/>")
        package.writestr("ppt/presentation.xml", b"<p/>")
        package.writestr("ppt/media/huge.bin", b"\0" * (pp.MAX_TEMPLATE_UNPACKED + 1))
    assert "unpacks to far more" in pp.template_problem(out.getvalue())
