"""Demand figures: the intake pipeline and value against effort.

Pure builders (DataFrame → plotly Figure). Bubbles carry their request id in ``customdata``
so a click shows that request's details; pipeline bars carry their status.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from steerco import fmt
from steerco.analytics import demand as analytics
from steerco.charts import labels as chart_text
from steerco.charts import memo, theme
from steerco.i18n import t

#: Okabe–Ito colours per status, with a marker shape each, so status never rests on colour.
STATUS_COLORS = {
    "New": "#56B4E9",  # sky blue
    "Assessing": "#E69F00",  # orange
    "Approved": "#009E73",  # bluish green
    "Converted": "#0072B2",  # blue
    "Rejected": "#999999",  # grey
}
STATUS_SYMBOLS = {
    "New": "circle",
    "Assessing": "diamond",
    "Approved": "square",
    "Converted": "triangle-up",
    "Rejected": "circle-open",
}
OTHER_COLOR = "#CC79A7"
#: Backlog requests named on the bubble chart (by rank).
TOP_LABELS = 8
LABEL_CHARS = 26
#: Approximate plot area and text size in pixels, to place the callouts without overlaps.
PLOT_PX = (680.0, 410.0)
CHAR_PX = 7.6
LABEL_PX_HEIGHT = 26.0
#: Callout offsets tried in turn, nearest first (pixels from the bubble; +y is downwards).
CALLOUT_OFFSETS = tuple(
    sorted(
        (
            (ax, ay)
            for ax in (0, 26, -26, 60, -60, 110, -110, 180, -180)
            for ay in (-32, 32, 0, -58, 58, -86, 86)
            if (ax, ay) != (0, 0)
        ),
        key=lambda o: (abs(o[0]) / 2) ** 2 + o[1] ** 2,
    )
)
#: Diameter of the largest bubble, in pixels.
MAX_BUBBLE_PX = 46
MIN_BUBBLE_PX = 8
EFFORT_TICKS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)


def short(text: str, limit: int = LABEL_CHARS) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@memo.memoised
def pipeline_bars(pipeline: pd.DataFrame, currency: str = "EUR") -> go.Figure:
    """One horizontal bar per status in pipeline order, count and total cost on the bar."""
    statuses = pipeline["status"].tolist()
    fig = go.Figure(
        go.Bar(
            x=pipeline["requests"],
            y=[chart_text.text(t(s)) for s in statuses],
            orientation="h",
            marker_color=[STATUS_COLORS.get(s, OTHER_COLOR) for s in statuses],
            text=[
                t("{n} · {cost}", n=int(n), cost=fmt.money(c, currency))
                for n, c in zip(pipeline["requests"], pipeline["cost_estimate"], strict=True)
            ],
            textposition="outside",
            textfont={"size": 16},
            cliponaxis=False,
            customdata=chart_text.texts(statuses),
            hovertemplate="%{y}: %{x} " + t("requests") + " · %{text}<extra></extra>",
        )
    )
    top = max([int(v) for v in pipeline["requests"]] + [1])
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title=t("Requests (label: count · estimated cost)"), range=[0, top * 1.45])
    return theme.apply(fig, t("Intake pipeline by status"), height=340)


def _bubble_sizes(cost: pd.Series, largest: float) -> np.ndarray:
    """Marker diameter in px with the bubble's area proportional to the cost."""
    if not largest or largest <= 0:
        return np.full(len(cost), float(MIN_BUBBLE_PX))
    area = cost.fillna(0).clip(lower=0) / largest
    return np.maximum(MIN_BUBBLE_PX, MAX_BUBBLE_PX * np.sqrt(area.to_numpy(dtype=float)))


def _outline(status: str) -> dict:
    """Open symbols are drawn by their outline in the status colour; filled ones get a white
    rim so overlapping bubbles stay apart."""
    if STATUS_SYMBOLS.get(status, "").endswith("-open"):
        return {"width": 2.5, "color": STATUS_COLORS.get(status, OTHER_COLOR)}
    return {"width": 1, "color": "#FFFFFF"}


def plottable(requests: pd.DataFrame) -> pd.DataFrame:
    """Requests that have a place on the chart: effort above 0 and all three scores."""
    return requests[(requests["effort_days"] > 0) & requests["value_points"].notna()]


def _overlaps(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _anchor(ax: float) -> str:
    """Which side of the label box the line attaches to: the side facing the bubble."""
    return "left" if ax > 0 else "right" if ax < 0 else "center"


def _box(x: float, y: float, ax: float, half_w: float, half_h: float) -> tuple:
    """Label box (left, bottom, right, top) in plot pixels for a line ending at (x, y)."""
    anchor = _anchor(ax)
    left = x if anchor == "left" else x - 2 * half_w if anchor == "right" else x - half_w
    return (left, y - half_h, left + 2 * half_w, y + half_h)


def callouts(
    shown: pd.DataFrame, ranks: pd.Series, top: int, x_range: list[float], y_range: list[float]
) -> list[dict]:
    """Labels for the top backlog requests: '#rank title' in a white box with a line to the
    bubble, each placed at the first offset where it overlaps no earlier label."""
    labelled = ranks[ranks.notna() & (ranks <= top)].sort_values(kind="mergesort")
    width_px, height_px = PLOT_PX
    boxes: list[tuple] = []
    notes = []
    for index in labelled.index:
        row = shown.loc[index]
        x_log = float(np.log10(row["effort_days"]))
        px = (x_log - x_range[0]) / (x_range[1] - x_range[0]) * width_px
        py = (float(row["value_points"]) - y_range[0]) / (y_range[1] - y_range[0]) * height_px
        text = f"#{int(labelled[index])} {short(row['title'])}"
        half_w, half_h = (CHAR_PX * len(text) + 10) / 2, LABEL_PX_HEIGHT / 2
        chosen, box = CALLOUT_OFFSETS[0], None
        for ax, ay in CALLOUT_OFFSETS:
            candidate = _box(px + ax, py - ay, ax, half_w, half_h)
            inside = candidate[0] >= 0 and candidate[2] <= width_px and 0 <= py - ay <= height_px
            if inside and not any(_overlaps(candidate, b) for b in boxes):
                chosen, box = (ax, ay), candidate
                break
        if box is None:
            box = _box(px + chosen[0], py - chosen[1], chosen[0], half_w, half_h)
        boxes.append(box)
        notes.append(
            {
                "x": x_log,
                "y": float(row["value_points"]),
                "ax": chosen[0],
                "xanchor": _anchor(chosen[0]),
                "ay": chosen[1],
                "text": chart_text.text(text),
                "showarrow": True,
                "arrowhead": 0,
                "arrowwidth": 1.2,
                "arrowcolor": "#52606D",
                "bgcolor": "rgba(255,255,255,0.9)",
                "bordercolor": "#9AA5B1",
                "borderpad": 3,
                "font": {"size": 14, "color": "#1F2933"},
                "captureevents": False,
            }
        )
    return notes


def effort_range(shown: pd.DataFrame) -> list[float]:
    """The log10 range of the effort axis, a little wider than the data."""
    if shown.empty:
        return [0.0, 3.0]
    lo = float(np.log10(shown["effort_days"].min()))
    hi = float(np.log10(shown["effort_days"].max()))
    pad = max(0.12, 0.06 * (hi - lo))
    return [lo - pad, hi + pad]


@memo.memoised
def value_effort_bubbles(
    requests: pd.DataFrame,
    currency: str = "EUR",
    top_labels: int = TOP_LABELS,
) -> go.Figure:
    """Value points against effort (log scale), bubble area = cost estimate, one trace per
    status (legend, colour and shape); the top backlog requests by rank are named."""
    shown = plottable(requests)
    largest = float(shown["cost_estimate"].max()) if not shown.empty else 0.0
    ranks = shown["backlog_rank"] if "backlog_rank" in shown else pd.Series(pd.NA, shown.index)
    low = analytics.VALUE_WEIGHT + analytics.URGENCY_WEIGHT + analytics.RISK_REDUCTION_WEIGHT
    y_range = [low - 1, 5 * low + 1.5]
    x_range = effort_range(shown)
    fig = go.Figure()
    present = [s for s in analytics.PIPELINE_ORDER if (shown["status"] == s).any()]
    present += [s for s in shown["status"].unique() if s not in analytics.PIPELINE_ORDER]
    for status in present:
        rows = shown[shown["status"] == status]
        hover = [
            f"<b>{chart_text.text(f'{rid} · {short(title, 60)}')}</b><br>"
            + t(
                "{status} · value points {v} · effort {e} d · cost {c}",
                status=chart_text.text(t(status)),
                v=fmt.number(v),
                e=fmt.number(e),
                c=fmt.money(c, currency),
            )
            + "<br>"
            + t("Priority score {s}", s=fmt.number(s, 2))
            for rid, title, v, e, c, s in zip(
                rows["request_id"],
                rows["title"],
                rows["value_points"],
                rows["effort_days"],
                rows["cost_estimate"],
                rows["priority_score"],
                strict=True,
            )
        ]
        fig.add_trace(
            go.Scatter(
                x=rows["effort_days"],
                y=rows["value_points"],
                mode="markers",
                name=chart_text.text(t(status)),
                marker={
                    "size": _bubble_sizes(rows["cost_estimate"], largest),
                    "color": STATUS_COLORS.get(status, OTHER_COLOR),
                    "symbol": STATUS_SYMBOLS.get(status, "circle"),
                    "opacity": 0.78,
                    "line": _outline(status),
                },
                customdata=chart_text.texts(rows["request_id"]),
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
                cliponaxis=False,
            )
        )
    fig.update_xaxes(
        type="log",
        range=x_range,
        title=t("Effort (person-days, log scale)"),
        tickvals=EFFORT_TICKS,
        ticktext=[fmt.number(v) for v in EFFORT_TICKS],
    )
    fig.update_yaxes(
        title=t("Value points (value + urgency + risk reduction)"),
        range=y_range,
        dtick=1 if low <= 3 else None,
    )
    fig.update_layout(
        clickmode="event+select",
        annotations=callouts(shown, ranks, top_labels, x_range, y_range),
    )
    title = t(
        "Value vs effort (bubble = cost; top {n} named)",
        n=top_labels,
    )
    return theme.apply(fig, title, height=540)
