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
    """Apply the Steerco template, a title and a height to a figure."""
    fig.update_layout(template=TEMPLATE_NAME, height=height)
    if title:
        fig.update_layout(title={"text": title})
    return fig
