"""Vendor figures: one scorecard of SLA, satisfaction and spend against the contracted pace.

Pure builders (DataFrame → plotly Figure). Every mark carries its vendor in ``customdata``
so a click lists that vendor's contracts.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from steerco import fmt
from steerco.analytics import vendors as analytics
from steerco.charts import labels as chart_text
from steerco.charts import memo, theme
from steerco.i18n import N_, rag_label, t

#: Vendors shown in the scorecard (largest annual value first); the table lists them all.
SCORECARD_MAX_VENDORS = 20
ROW_HEIGHT_PX = 30
#: Marker shape per band, so the band reads without colour too.
BAND_SYMBOLS = {"G": "circle", "A": "diamond", "R": "x", "none": "circle-open"}
BAND_LEGEND = {
    "G": N_("Green: on target"),
    "A": N_("Amber: watch"),
    "R": N_("Red: act"),
}
LEGEND_RANK = {"G": 1, "A": 2, "R": 3, "none": 4}
MARKER_SIZE = 15


def _panels() -> list[dict]:
    return [
        {
            "value": "sla_pct",
            "band": "sla_band",
            "title": t("SLA performance (%)"),
            "text": lambda v: f"{v:.1f} %",
            "reference": analytics.SLA_TARGET_PCT,
            "reference_text": t(
                "% met · dashed line: target {v} %", v=fmt.number(analytics.SLA_TARGET_PCT)
            ),
        },
        {
            "value": "satisfaction",
            "band": "satisfaction_band",
            "title": t("Satisfaction (1–5)"),
            "text": lambda v: f"{v:.1f}",
            "reference": analytics.SATISFACTION_TARGET,
            "reference_text": t(
                "score 1–5 · dashed line: target {v}",
                v=fmt.number(analytics.SATISFACTION_TARGET, 1),
            ),
        },
        {
            "value": "spend_pct",
            "band": "spend_band",
            "title": t("Spend vs contracted pace (%)"),
            "text": lambda v: f"{v:.0f} %",
            "reference": 100.0,
            "reference_text": t("% of value at pace · dashed line: 100 %"),
        },
    ]


def scorecard_vendors(vendors: pd.DataFrame, limit: int = SCORECARD_MAX_VENDORS) -> pd.DataFrame:
    """The vendors the scorecard shows: largest annual value first, then by name."""
    ordered = vendors.sort_values(
        ["annual_value", "vendor"], ascending=[False, True], na_position="last"
    )
    return ordered.head(limit).reset_index(drop=True)


def _x_range(values: pd.Series, reference: float, panel: int) -> list[float]:
    if panel == 1:  # satisfaction: the whole 1–5 scale, room for the labels
        return [0.5, 6.0]
    known = [float(v) for v in values.dropna()] + [reference]
    lo, hi = min(known), max(known)
    span = max(hi - lo, 5.0)
    lo = math.floor((lo - 0.1 * span) / 5) * 5
    return [lo, hi + 0.35 * span]


@memo.memoised
def scorecard(vendors: pd.DataFrame, currency: str = "EUR") -> go.Figure:
    """Per vendor (rows, largest annual value on top): SLA %, satisfaction and spend vs pace,
    each a marker with its value written beside it, shaped and coloured by its band."""
    shown = scorecard_vendors(vendors)
    panels = _panels()
    fig = make_subplots(
        rows=1,
        cols=len(panels),
        shared_yaxes=True,
        horizontal_spacing=0.05,
        subplot_titles=[p["title"] for p in panels],
    )
    labels = chart_text.texts(shown["vendor"])
    legend_done: set[str] = set()
    for i, panel in enumerate(panels):
        values = shown[panel["value"]]
        bands = shown[panel["band"]].fillna("none")
        for code in ("R", "A", "G", "none"):
            rows = shown[(bands == code) & values.notna()]
            if rows.empty:
                continue
            name = t(BAND_LEGEND.get(code, "No figure"))
            hover = [
                f"<b>{chart_text.text(r.vendor)}</b><br>"
                f"{panel['title']}: {panel['text'](r[panel['value']])}"
                f" ({rag_label(code) if code != 'none' else '–'})<br>"
                + t(
                    "{n} contracts · {value} a year",
                    n=int(r.contracts),
                    value=fmt.money(r.annual_value, currency),
                )
                for _, r in rows.iterrows()
            ]
            fig.add_trace(
                go.Scatter(
                    x=rows[panel["value"]],
                    y=chart_text.texts(rows["vendor"]),
                    mode="markers+text",
                    text=[panel["text"](v) for v in rows[panel["value"]]],
                    textposition="middle right",
                    textfont={"size": 14},
                    marker={
                        "size": MARKER_SIZE,
                        "color": theme.RAG_COLORS[code],
                        "symbol": BAND_SYMBOLS[code],
                        "line": {"width": 2, "color": theme.RAG_COLORS[code]},
                    },
                    customdata=chart_text.texts(rows["vendor"]),
                    hovertext=hover,
                    hovertemplate="%{hovertext}<extra></extra>",
                    name=name,
                    legendgroup=code,
                    legendrank=LEGEND_RANK[code],
                    showlegend=code not in legend_done,
                ),
                row=1,
                col=i + 1,
            )
            legend_done.add(code)
        fig.add_vline(
            x=panel["reference"],
            line={"dash": "dash", "color": theme.SERIES_COLORS["baseline"], "width": 1.5},
            row=1,
            col=i + 1,
        )
        fig.update_xaxes(
            range=_x_range(values, panel["reference"], i),
            title={"text": panel["reference_text"], "font": {"size": 13}},
            row=1,
            col=i + 1,
        )
    fig.update_xaxes(tickvals=[1, 2, 3, 4, 5], row=1, col=2)
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=list(reversed(labels)),
        showgrid=True,
        gridcolor="#EEF0F3",
        automargin=True,
        tickfont={"size": 15, "color": "#1F2933"},
    )
    fig.update_layout(clickmode="event+select", legend={"y": 1.06})
    height = max(320, 150 + ROW_HEIGHT_PX * len(labels))
    title = t("Vendor scorecard: SLA, satisfaction and spend (largest vendors on top)")
    return theme.apply(fig, title, height=height)
