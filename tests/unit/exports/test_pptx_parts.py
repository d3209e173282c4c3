"""Slide building blocks: titles that never run into their subtitle."""

from __future__ import annotations

from pptx.util import Pt

from steerco.exports import pptx_parts as pp


def test_a_title_that_fits_one_line_keeps_the_title_size():
    assert pp.title_size("Top risks") == pp.TITLE_SIZE
    assert pp.title_size("x" * pp.TITLE_LINE_CHARS) == pp.TITLE_SIZE


def test_a_long_title_gets_smaller_in_step_with_its_length_but_not_below_the_minimum():
    # "PRJ-040 · Multi-factor authentication everywhere – IT — Red": 59 characters wrapped
    # at 30 pt into the subtitle; 30 × 48 / 59 ≈ 24.4 pt fits one line
    title = "PRJ-040 · Multi-factor authentication everywhere – IT — Red"
    assert len(title) == 59
    assert pp.title_size(title).pt == Pt(30 * 48 / 59).pt
    assert pp.title_size("x" * 200) == pp.MIN_TITLE_SIZE
