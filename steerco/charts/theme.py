"""The one look of every Steerco chart: readable on a projector, colour-blind safe."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

#: Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
#: RAG is never shown by colour alone; labels carry the word as well.
RAG_COLORS = {"G": "#009E73", "A": "#E69F00", "R": "#D55E00", "none": "#A0A0A0"}
#: Text colour that stays legible on each RAG fill.
RAG_TEXT_COLORS = {"G": "#FFFFFF", "A": "#000000", "R": "#FFFFFF", "none": "#000000"}
SERIES_COLORS = {
    "planned": "#0072B2",  # blue
    "actual": "#D55E00",  # vermillion
    "forecast": "#CC79A7",  # reddish purple, dashed
    "baseline": "#999999",
    "neutral": "#56B4E9",
}
FONT_FAMILY = "Inter, Segoe UI, Helvetica Neue, Arial, sans-serif"
BASE_FONT_SIZE = 15
TITLE_FONT_SIZE = 19
#: Smallest text in a chart (axes, legends, hover, labels), readable from the back of the
#: room on a 1280×720 projector. Set on the figure itself, not only in the template: the
#: page's chart theme replaces the template's fonts (Streamlit draws ticks at 12 px).
MIN_FONT_SIZE = 14
TEMPLATE_NAME = "steerco"


def _register() -> None:
    # Only plotly_white's layout: its per-trace defaults (two dozen trace types) are never
    # used here, yet cost every figure a copy and validation (4x slower) and bytes on the wire.
    template = go.layout.Template(layout=pio.templates["plotly_white"].layout)
    template.layout.update(
        font={"family": FONT_FAMILY, "size": BASE_FONT_SIZE, "color": "#1F2933"},
        title={"font": {"size": TITLE_FONT_SIZE}, "x": 0, "xanchor": "left"},
        margin={"l": 16, "r": 16, "t": 56, "b": 16},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
        hoverlabel={"font": {"size": BASE_FONT_SIZE}},
        colorway=list(SERIES_COLORS.values()),
        xaxis={"showgrid": False, "linecolor": "#9AA5B1", "ticks": "outside"},
        yaxis={"gridcolor": "#E4E7EB", "zeroline": False},
        separators=".,",
    )
    pio.templates[TEMPLATE_NAME] = template


_register()


def apply(fig: go.Figure, title: str | None = None, height: int = 380) -> go.Figure:
    """Apply the Steerco template, a title and a height to a figure, and lift every text
    to at least :data:`MIN_FONT_SIZE`."""
    fig.update_layout(template=TEMPLATE_NAME, height=height)
    if title:
        fig.update_layout(title={"text": title})
    return readable(fig)


def _at_least(size, floor: int = MIN_FONT_SIZE):
    """``size`` raised to ``floor`` (one size, or one per mark)."""
    if isinstance(size, list | tuple):
        return [_at_least(one, floor) for one in size]
    return max(size or floor, floor)


def readable(fig: go.Figure) -> go.Figure:
    """Every text of the figure at :data:`MIN_FONT_SIZE` or more: the base font, title,
    legend, hover labels, axis ticks and titles, texts on marks and annotations."""
    layout = fig.layout
    fig.update_layout(
        font_size=max(layout.font.size or BASE_FONT_SIZE, BASE_FONT_SIZE),
        title_font_size=_at_least(layout.title.font.size, TITLE_FONT_SIZE),
        legend_font_size=_at_least(layout.legend.font.size, BASE_FONT_SIZE),
        hoverlabel_font_size=_at_least(layout.hoverlabel.font.size, BASE_FONT_SIZE),
    )
    for axis in (*fig.select_xaxes(), *fig.select_yaxes()):
        axis.tickfont.size = _at_least(axis.tickfont.size)
        axis.title.font.size = _at_least(axis.title.font.size, BASE_FONT_SIZE)
    for trace in fig.data:
        textfont = getattr(trace, "textfont", None)
        if textfont is not None and textfont.size is not None:
            textfont.size = _at_least(textfont.size)
    for note in layout.annotations:
        note.font.size = _at_least(note.font.size)
    # Plotly shrinks a label that does not fit its bar: below the floor it is hidden instead
    # (the hover still tells), unless the chart asks to show every label
    layout.uniformtext.minsize = _at_least(layout.uniformtext.minsize)
    if layout.uniformtext.mode is None:
        layout.uniformtext.mode = "hide"
    return fig
