"""The slide look of a chart: 16:9, fonts and lines for the back of the room, a title and a
subtitle with the data date and the active filters. Applied on a copy of the page's figure,
so the page and the slide come from the same builder.
"""

from __future__ import annotations

import copy
import html

import plotly.graph_objects as go

from steerco.charts import theme

#: Layout size of a slide picture in CSS pixels (16:9). Fonts below are sized for it; the
#: renderer multiplies the pixels (``steerco.exports.images.SCALE``), not the layout.
SLIDE_WIDTH_PX = 1600
SLIDE_HEIGHT_PX = 900
SLIDE_FONT_SIZE = 24
SLIDE_TITLE_SIZE = 36
SLIDE_SUBTITLE_SIZE = 22
SLIDE_LINE_WIDTH = 4
SLIDE_MARKER_SIZE = 14
SLIDE_MARGIN = {"l": 40, "r": 40, "t": 130, "b": 50}


def slide_figure(fig: go.Figure, title: str, subtitle: str = "") -> go.Figure:
    """A copy of ``fig`` restyled for a 16:9 slide, with ``title`` and ``subtitle``."""
    out = go.Figure(copy.deepcopy(fig.to_dict()))
    text = f"<b>{html.escape(title)}</b>"
    if subtitle:
        text += (
            f"<br><span style='font-size:{SLIDE_SUBTITLE_SIZE}px;color:#52606D'>"
            f"{html.escape(subtitle)}</span>"
        )
    out.update_layout(
        template=theme.TEMPLATE_NAME,
        width=SLIDE_WIDTH_PX,
        height=SLIDE_HEIGHT_PX,
        title={"text": text, "font": {"size": SLIDE_TITLE_SIZE}, "x": 0.02, "xanchor": "left"},
        font={"size": SLIDE_FONT_SIZE},
        margin=SLIDE_MARGIN,
        legend={"font": {"size": SLIDE_FONT_SIZE}},
        dragmode=False,
    )
    out.update_xaxes(title_font={"size": SLIDE_FONT_SIZE}, tickfont={"size": SLIDE_FONT_SIZE})
    out.update_yaxes(title_font={"size": SLIDE_FONT_SIZE}, tickfont={"size": SLIDE_FONT_SIZE})
    for trace in out.data:
        if trace.type == "scatter":
            if trace.line is not None and (trace.mode or "lines") != "markers":
                trace.line.width = max(trace.line.width or 0, SLIDE_LINE_WIDTH)
            if trace.marker is not None and trace.marker.size is None:
                trace.marker.size = SLIDE_MARKER_SIZE
        if getattr(trace, "textfont", None) is not None and trace.type in ("bar", "heatmap"):
            trace.textfont.size = max(trace.textfont.size or 0, SLIDE_FONT_SIZE)
    return out
