"""Risks & RAID figures: the 5×5 heat map, open risks over time, ageing of open items.

Pure builders (DataFrame → plotly Figure) with the Steerco theme. Every clickable mark carries
``customdata`` so the page can list the rows behind it.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from steerco.analytics import risks as ra
from steerco.charts import memo, theme
from steerco.i18n import N_, t, tn

#: Score bands in Okabe–Ito colours (colour-blind safe), with a legible text colour on each.
BAND_COLORS = {
    "Low": "#009E73",
    "Medium": "#F0E442",
    "High": "#E69F00",
    "Critical": "#D55E00",
}
BAND_TEXT_COLORS = {
    "Low": "#FFFFFF",
    "Medium": "#000000",
    "High": "#000000",
    "Critical": "#FFFFFF",
}
#: RAID types in Okabe–Ito colours (not the RAG or band colours, so no "red = bad" reading).
TYPE_COLORS = {
    "Risk": "#0072B2",
    "Issue": "#CC79A7",
    "Assumption": "#56B4E9",
    "Dependency": "#999999",
    "Decision": "#000000",
    "Action": "#E69F00",
}
PROBABILITY_WORDS = {
    1: N_("Rare"),
    2: N_("Unlikely"),
    3: N_("Possible"),
    4: N_("Likely"),
    5: N_("Almost certain"),
}
PERIOD_WORDS = {"week": N_("weekly"), "month": N_("monthly")}
PERIOD_AXIS = {
    "week": N_("Every 7 days back from the as-of date"),
    "month": N_("Same day of each month back from the as-of date"),
}
IMPACT_WORDS = {
    1: N_("Minor"),
    2: N_("Moderate"),
    3: N_("Significant"),
    4: N_("Major"),
    5: N_("Severe"),
}

HEATMAP_HEIGHT = 510
HEATMAP_MARGIN = {"l": 118, "r": 8, "t": 52, "b": 66}
#: Half the white gap between two cells, in axis units (a cell is 1 unit wide).
CELL_GAP = 0.03
#: Cells without any risk are drawn paler, so the eye goes to where the risks are.
EMPTY_CELL_OPACITY = 0.4
EMPTY_CELL_TEXT = "#3E4C59"
COUNT_FONT_SIZE = 24
LABEL_FONT_SIZE = 14
#: How near (pixels) a click must be to a cell's centre to pick it: about half a cell, so a
#: click anywhere in the cell picks it.
HEATMAP_HOVER_DISTANCE = 60
SELECTED_RING = "#1F2933"
#: Side of the frame drawn around a selected cell (a cell is about 64 px at 1600 px wide).
SELECTED_FRAME_PX = 60


@memo.memoised
def heatmap(cells: pd.DataFrame, bands: ra.ScoreBands, title: str | None = None) -> go.Figure:
    """5×5 risk matrix: impact on x, probability on y, each cell coloured by its score band
    with the count of risks, the band and the score written in it.

    Cells are rectangles in axis coordinates (so they fill the grid at any size) and the words
    are annotations; one scatter point per cell, invisible until selected, takes the clicks
    and the hover: its ``customdata`` is ``[probability, impact, score, count]``. A selected
    cell shows a dark frame.
    """
    shapes, notes = [], []
    for cell in cells.itertuples():
        band, filled = cell.band, cell.count > 0
        shapes.append(
            {
                "type": "rect",
                "x0": cell.impact - 0.5 + CELL_GAP,
                "x1": cell.impact + 0.5 - CELL_GAP,
                "y0": cell.probability - 0.5 + CELL_GAP,
                "y1": cell.probability + 0.5 - CELL_GAP,
                "fillcolor": BAND_COLORS[band],
                "opacity": 1.0 if filled else EMPTY_CELL_OPACITY,
                "line": {"width": 0},
                "layer": "below",
            }
        )
        notes.append(
            {
                "x": cell.impact,
                "y": cell.probability,
                "text": (
                    f"<b>{int(cell.count)}</b><br><span style='font-size:{LABEL_FONT_SIZE}px'>"
                    f"{t(band)} · {int(cell.score)}</span>"
                ),
                "showarrow": False,
                "font": {
                    "size": COUNT_FONT_SIZE,
                    "color": BAND_TEXT_COLORS[band] if filled else EMPTY_CELL_TEXT,
                },
            }
        )
    fig = go.Figure(layout={"shapes": shapes, "annotations": notes})
    ranges = bands.ranges()
    fig.add_scatter(
        x=cells["impact"],
        y=cells["probability"],
        mode="markers",
        name=t("Risk cells"),
        showlegend=False,
        marker={
            "symbol": "square-open",
            "size": SELECTED_FRAME_PX,
            "color": SELECTED_RING,
            "line": {"width": 3, "color": SELECTED_RING},
            "opacity": 0,
        },
        customdata=cells[["probability", "impact", "score", "count"]].to_numpy().tolist(),
        text=[
            t("{band} (score {low}–{high})", band=t(b), low=ranges[b][0], high=ranges[b][1])
            + "<br>"
            + tn(int(n), "{n} open risk · click to list it", "{n} open risks · click to list them")
            for b, n in zip(cells["band"], cells["count"], strict=True)
        ],
        hovertemplate=t(
            "Probability %{customdata[0]} × impact %{customdata[1]} = score %{customdata[2]}"
        )
        + "<br>%{text}<extra></extra>",
        selected={"marker": {"opacity": 1}},
        unselected={"marker": {"opacity": 0}},
    )
    axis = {
        "tickvals": list(ra.SCALE),
        "range": [0.5, 5.5],
        "fixedrange": True,
        "showgrid": False,
        "zeroline": False,
        "ticks": "",
        "showline": False,
    }
    fig.update_xaxes(
        **axis,
        title=t("Impact"),
        ticktext=[f"{i}<br>{t(IMPACT_WORDS[i])}" for i in ra.SCALE],
        constrain="domain",
    )
    fig.update_yaxes(
        **axis,
        title=t("Probability"),
        ticktext=[f"{t(PROBABILITY_WORDS[p])} {p}" for p in ra.SCALE],
        scaleanchor="x",
        scaleratio=1,
        constrain="domain",
    )
    theme.apply(fig, title or t("Open risks by probability and impact"), height=HEATMAP_HEIGHT)
    fig.update_layout(
        margin=HEATMAP_MARGIN,
        plot_bgcolor="#FFFFFF",
        hovermode="closest",
        hoverdistance=HEATMAP_HOVER_DISTANCE,
        clickmode="event+select",
        dragmode=False,
    )
    return fig


@memo.memoised
def open_trend(trend: pd.DataFrame, period: str, title: str | None = None) -> go.Figure:
    """Open risks (count) and their total score on the last day of each week or month."""
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.14,
        subplot_titles=(t("Open risks (count)"), t("Total open risk score (points)")),
    )
    last = len(trend) - 1
    for row, column, colour, unit in (
        (1, "open_risks", theme.SERIES_COLORS["planned"], t("open risks")),
        (2, "open_score", theme.SERIES_COLORS["actual"], t("score points")),
    ):
        values = trend[column]
        fig.add_scatter(
            x=trend["date"],
            y=values,
            mode="lines+markers+text",
            line={"color": colour, "width": 3},
            marker={"size": 7},
            text=[f"{int(v)}" if k in (0, last) else "" for k, v in enumerate(values)],
            textposition="top center",
            textfont={"size": 15},
            name=unit,
            showlegend=False,
            hovertemplate="%{x|%d %b %Y}: %{y} " + unit + "<extra></extra>",
            row=row,
            col=1,
        )
        top = max(float(values.max()) if len(values) else 0.0, 1.0)
        fig.update_yaxes(range=[0, top * 1.25], rangemode="tozero", row=row, col=1)
    fig.update_yaxes(title=t("risks"), row=1, col=1)
    fig.update_yaxes(title=t("points"), row=2, col=1)
    fig.update_xaxes(title=t(PERIOD_AXIS[period]), row=2, col=1)
    default = t("Open risks over time ({period})", period=t(PERIOD_WORDS[period]))
    return theme.apply(fig, title or default, height=520)


@memo.memoised
def ageing(counts: pd.DataFrame, title: str | None = None) -> go.Figure:
    """Open items per days-open bucket, stacked by RAID type, counts on the segments and the
    total above each bar. Each segment's ``customdata`` is ``[age bucket, type]``."""
    buckets = list(dict.fromkeys(counts["age_bucket"]))
    labels = [t(b) for b in buckets]
    fig = go.Figure()
    for kind in dict.fromkeys(counts["type"]):
        part = counts.loc[counts["type"] == kind].set_index("age_bucket").reindex(buckets)
        values = part["count"].fillna(0).astype(int)
        fig.add_bar(
            x=labels,
            y=values,
            name=t(kind),
            marker_color=TYPE_COLORS.get(kind, theme.SERIES_COLORS["neutral"]),
            text=[str(v) if v else "" for v in values],
            textposition="inside",
            insidetextanchor="middle",
            textangle=0,
            textfont={"size": 14},
            customdata=[[b, kind] for b in buckets],
            hovertemplate="%{x} · " + t(kind) + ": %{y} " + t("open item(s)") + "<extra></extra>",
        )
    totals = counts.groupby("age_bucket", sort=False)["count"].sum().reindex(buckets).fillna(0)
    for label, total in zip(labels, totals, strict=True):
        fig.add_annotation(
            x=label,
            y=float(total),
            text=f"<b>{int(total)}</b>",
            showarrow=False,
            yshift=14,
            font={"size": 16},
        )
    top = max(float(totals.max()) if len(totals) else 0.0, 1.0)
    fig.update_layout(barmode="stack", bargap=0.3, uniformtext_minsize=12, uniformtext_mode="hide")
    fig.update_yaxes(title=t("Open items"), range=[0, top * 1.18])
    fig.update_xaxes(title=t("Days open since raised"))
    theme.apply(fig, title or t("Open RAID items by age"), height=460)
    fig.update_layout(
        legend={"orientation": "v", "yanchor": "top", "y": 1, "xanchor": "left", "x": 1.02}
    )
    return fig
