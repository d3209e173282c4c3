"""The slide look: 16:9 size, big fonts, title and subtitle, the page's figure untouched."""

from __future__ import annotations

from steerco.charts.portfolio import rag_distribution
from steerco.charts.slides import (
    SLIDE_FONT_SIZE,
    SLIDE_HEIGHT_PX,
    SLIDE_TITLE_SIZE,
    SLIDE_WIDTH_PX,
    slide_figure,
)


def test_slide_figure_is_16_9_with_title_subtitle_and_large_fonts():
    page = rag_distribution({"R": 2, "A": 3, "G": 5})
    slide = slide_figure(page, "Projects by status", "Data as of 01 Dec 2026 · whole portfolio")
    assert (slide.layout.width, slide.layout.height) == (SLIDE_WIDTH_PX, SLIDE_HEIGHT_PX)
    assert SLIDE_WIDTH_PX * 9 == SLIDE_HEIGHT_PX * 16
    assert slide.layout.title.text.startswith("<b>Projects by status</b><br>")
    assert "Data as of 01 Dec 2026 · whole portfolio" in slide.layout.title.text
    assert slide.layout.title.font.size == SLIDE_TITLE_SIZE
    assert slide.layout.font.size == SLIDE_FONT_SIZE
    assert slide.layout.xaxis.tickfont.size == SLIDE_FONT_SIZE
    assert list(slide.data[0].x) == [2, 3, 5]  # same data
    assert page.layout.width is None, "the page's figure is not changed"


def test_titles_are_escaped():
    slide = slide_figure(rag_distribution({"R": 1}), "R&D <projects>")
    assert slide.layout.title.text == "<b>R&amp;D &lt;projects&gt;</b>"
