"""The one look of every Steerco chart: readable on a projector, colour-blind safe."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from steerco import fmt, i18n

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
    fig.update_layout(template=TEMPLATE_NAME, height=height, separators=fmt.separators())
    if title:
        fig.update_layout(title={"text": title})
    local_dates(fig)
    return readable(fig)


def money_ticks(currency: str) -> dict[str, str]:
    """An amount axis's ticks in the currency as the language writes it: €50M (English),
    50M € (French), € 50M (Dutch)."""
    symbol = fmt.currency_symbol(currency).strip()
    spoken = i18n.language()
    if spoken == "fr":
        return {"tickprefix": "", "ticksuffix": NBSP + symbol}
    if spoken == "nl":
        return {"tickprefix": symbol + NBSP, "ticksuffix": ""}
    return {"tickprefix": fmt.CURRENCY_SYMBOLS.get(currency, ""), "ticksuffix": ""}


NBSP = "\u00a0"
#: Most ticks a date axis carries when Steerco places them (French and Dutch month names).
MAX_DATE_TICKS = 9
#: Hover format of a day on a date axis outside English (Plotly knows only English months).
LOCAL_HOVER_DAY = "%d/%m/%Y"


def local_dates(fig: go.Figure) -> go.Figure:
    """Month and day names on date axes in the user's language. Plotly writes them in English
    only (its own locales are not loaded in the page), so outside English Steerco places the
    ticks itself (months, quarters or years by span, a year under January and the first
    tick) and hovers show days as 04/12/2026."""
    if i18n.language() == i18n.DEFAULT_LANGUAGE:
        return fig
    for axis_name, (low, high) in _date_ranges(fig).items():
        values, labels = date_ticks(low, high)
        fig.layout[axis_name].update(
            tickmode="array", tickvals=values, ticktext=labels, hoverformat=LOCAL_HOVER_DAY
        )
    return fig


def _is_date(value) -> bool:
    return isinstance(value, datetime | date | np.datetime64 | pd.Timestamp)


def _date_ranges(fig: go.Figure) -> dict[str, tuple[pd.Timestamp, pd.Timestamp]]:
    """Layout axis name ('xaxis', 'xaxis2', 'yaxis') → (first, last) date its traces draw."""
    found: dict[str, list[pd.Timestamp]] = {}
    for trace in fig.data:
        for coord in ("x", "y"):
            values = getattr(trace, coord, None)
            if values is None or not len(values):
                continue
            axis = getattr(trace, f"{coord}axis", None) or coord
            name = f"{coord}axis{axis[1:]}"
            dates = _dates_of(values, fig.layout[name].type == "date")
            base = getattr(trace, "base", None) if coord == "x" else None
            if dates is None and base is not None and fig.layout[name].type == "date":
                starts = _dates_of(base, True)  # a timeline: bars from base, x long in ms
                if starts is not None:
                    ends = starts + pd.to_timedelta(pd.Series(values, dtype=float), unit="ms")
                    dates = pd.concat([starts, ends])
            if dates is not None and len(dates.dropna()):
                found.setdefault(name, []).extend([dates.min(), dates.max()])
    return {name: (min(pair), max(pair)) for name, pair in found.items()}


def _dates_of(values, declared: bool) -> pd.Series | None:
    sample = next((v for v in values if v is not None), None)
    if sample is None or isinstance(sample, bool):
        return None
    if not (_is_date(sample) or (declared and isinstance(sample, str))):
        return None
    dates = pd.to_datetime(pd.Series(list(values)), errors="coerce")
    return dates if dates.notna().any() else None


#: Months between ticks, the smallest that keeps a span within MAX_DATE_TICKS.
MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60)


def date_ticks(low, high) -> tuple[list[pd.Timestamp], list[str]]:
    """Tick dates and their labels from ``low`` to ``high``: weeks ('7 déc.') within about
    two months, else month starts every 1, 2, 3, 6 or 12 months ('janv.' with the year on the
    first tick and under every January)."""
    low, high = pd.Timestamp(low).normalize(), pd.Timestamp(high).normalize()
    if (high - low).days <= 62:
        weeks = max(1, -(-(high - low).days // (7 * MAX_DATE_TICKS)))
        first = low - pd.Timedelta(days=low.weekday())
        values = list(pd.date_range(first, high, freq=f"{7 * weeks}D"))
        return values, [f"{v.day} {fmt.month_short(v)}" for v in values]
    months = (high.year - low.year) * 12 + high.month - low.month + 1
    step = next((s for s in MONTH_STEPS if months / s <= MAX_DATE_TICKS), MONTH_STEPS[-1])
    start = pd.Timestamp(year=low.year, month=1 if step >= 12 else low.month, day=1)
    if step in (3, 6):
        start = pd.Timestamp(year=low.year, month=1 + (low.month - 1) // step * step, day=1)
    values = list(pd.date_range(start, high, freq=f"{step}MS"))
    if step >= 12:
        return values, [str(v.year) for v in values]
    labels = [
        f"{fmt.month_short(v)}<br>{v.year}" if i == 0 or v.month == 1 else fmt.month_short(v)
        for i, v in enumerate(values)
    ]
    return values, labels


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
