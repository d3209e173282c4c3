"""Resources figures: capacity vs demand, internal vs external, the over-allocation heat map.

Pure builders (DataFrame → plotly Figure) on the frames of ``steerco.views.resources``. The
load of a month is never told by colour alone: every cell and bar carries its percentage and
a marker (▲ over-allocated, ▽ under-used). The heat map is drawn with one bar per cell (a
Plotly heatmap cannot be clicked in Streamlit); each bar's ``customdata`` is
``[row name, month as YYYY-MM-DD]``.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from steerco import fmt
from steerco.analytics import resources as ra
from steerco.charts import labels as chart_text
from steerco.charts import memo, theme
from steerco.i18n import t

#: Fill and text colour of each load band (Okabe–Ito vermillion for over-allocated).
BAND_COLORS = {ra.OVER: theme.RAG_COLORS["R"], ra.OK: "#E4E9EF", ra.UNDER: "#A6D5F2"}
BAND_TEXT_COLORS = {ra.OVER: "#FFFFFF", ra.OK: "#1F2933", ra.UNDER: "#1F2933"}
SOURCING_COLORS = {"Internal": "#0072B2", "External": "#CC79A7"}
UNKNOWN_COLOR = "#A0A0A0"
CAPACITY_COLOR = "#1F2933"
#: Height of one heat-map row in pixels (readable names and numbers on a projector).
GRID_ROW_PX = 32
GRID_BASE_PX = 150


def month_label(month) -> str:
    """'Nov<br>2026': two short lines, so 13 months fit side by side without tilting."""
    month = pd.Timestamp(month)
    return f"{fmt.month_short(month)}<br>{month.year}"


def month_text(month) -> str:
    """'Nov 2026'."""
    return fmt.month(month)


def pct_text(value: float, band: str) -> str:
    """The percentage as written on a mark: whole percent, unless rounding would put it on
    the other side of a threshold (100.1 % stays '100.1 %', 49.8 % stays '49.8 %')."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return fmt.MISSING
    if band == ra.OVER and round(value) <= ra.OVER_ALLOCATED_PCT:
        return f"{max(round(value, 1), ra.OVER_ALLOCATED_PCT + 0.1):.1f} %"
    if band == ra.UNDER and round(value) >= ra.UNDER_USED_PCT:
        return f"{min(round(value, 1), ra.UNDER_USED_PCT - 0.1):.1f} %"
    return f"{round(value):.0f} %"


def cell_text(utilisation: float, band: str, capacity: float, planned: float) -> str:
    """What a cell says: '▲ 112 %', '85 %', '▽ 38 %'; '▲ no capacity' for demand without
    capacity; empty for a cell with neither."""
    if band == ra.EMPTY:
        return ""
    marker = ra.BAND_MARKERS[band]
    if capacity <= 0:
        return f"{marker} {t('no capacity')}".strip()
    return f"{marker} {pct_text(utilisation, band)}".strip()


def _as_of_marker(fig: go.Figure, categories: list[str], as_of_label: str | None) -> None:
    """Shade the as-of month and write its axis label in bold."""
    fig.update_xaxes(
        tickvals=categories,
        ticktext=[f"<b>{c}</b>" if c == as_of_label else c for c in categories],
    )
    if as_of_label is None or as_of_label not in categories:
        return
    i = categories.index(as_of_label)
    fig.add_vrect(
        x0=i - 0.5, x1=i + 0.5, fillcolor="#FFE9A8", opacity=0.6, layer="below", line_width=0
    )


def _totals(fig: go.Figure, frame: pd.DataFrame, value: str, text, months) -> None:
    """The total of each stacked month written above its bar."""
    sums = frame.groupby("month")[value].sum(min_count=1).reindex(list(months)).fillna(0.0)
    fig.add_scatter(
        x=[month_label(m) for m in sums.index],
        y=sums.to_numpy(),
        mode="text",
        text=[text(v) if v else "" for v in sums],
        textposition="top center",
        textfont={"size": 13, "color": CAPACITY_COLOR},
        showlegend=False,
        hoverinfo="skip",
        cliponaxis=False,
    )
    fig.update_yaxes(range=[0, max(float(sums.max()), 1.0) * 1.15])


@memo.memoised
def capacity_vs_demand(months: pd.DataFrame, as_of_month=None, title: str | None = None):
    """Planned days (bars) against capacity (line) per month, utilisation % on each bar.

    ``months``: month, capacity_days, planned_days, utilisation_pct, band. Over-allocated
    months are vermillion and marked ▲; ``customdata`` of a bar is its month.
    """
    frame = months.sort_values("month")
    x = [month_label(m) for m in frame["month"]]
    bands = frame["band"].tolist()
    texts = [
        cell_text(u, b, c, p)
        for u, b, c, p in zip(
            frame["utilisation_pct"],
            bands,
            frame["capacity_days"],
            frame["planned_days"],
            strict=True,
        )
    ]
    fig = go.Figure()
    fig.add_bar(
        x=x,
        y=frame["planned_days"],
        name=t("Demand (planned days, ▲ over capacity)"),
        marker_color=[
            theme.RAG_COLORS["R"] if b == ra.OVER else theme.SERIES_COLORS["planned"] for b in bands
        ],
        text=texts,
        textposition="outside",
        textfont={"size": 14, "color": CAPACITY_COLOR},
        cliponaxis=False,
        customdata=[pd.Timestamp(m).strftime("%Y-%m-%d") for m in frame["month"]],
        hovertemplate="%{x}<br>" + t("Planned") + ": %{y:,.1f} d · %{text}<extra></extra>",
    )
    fig.add_scatter(
        x=x,
        y=frame["capacity_days"],
        name=t("Capacity (days)"),
        mode="lines+markers",
        line={"color": CAPACITY_COLOR, "width": 3, "shape": "hvh"},
        marker={"size": 7},
        hovertemplate="%{x}<br>" + t("Capacity") + ": %{y:,.1f} d<extra></extra>",
    )
    _as_of_marker(fig, x, month_label(as_of_month) if as_of_month is not None else None)
    top = max(frame["capacity_days"].max(), frame["planned_days"].max(), 1.0)
    fig.update_yaxes(title=t("Days"), range=[0, top * 1.18], rangemode="tozero")
    fig.update_xaxes(title=None, type="category")
    fig.update_layout(bargap=0.3)
    return theme.apply(fig, title or t("Capacity vs demand (planned days)"), height=400)


@memo.memoised
def load_grid(
    cells: pd.DataFrame,
    row: str,
    order: list[str],
    months: list,
    *,
    title: str,
    as_of_month=None,
    row_px: int = GRID_ROW_PX,
) -> go.Figure:
    """A heat map of utilisation per row (resource or team) and month, drawn as tiles.

    ``cells``: row, month, capacity_days, planned_days, utilisation_pct, band. Every tile
    shows its percentage with its marker; cells with neither capacity nor demand stay
    blank. ``customdata`` of a tile: ``[row value, 'YYYY-MM-DD']``.
    """
    categories = [month_label(m) for m in months]
    position = {name: i for i, name in enumerate(order)}
    frame = cells[cells[row].isin(position) & (cells["band"] != ra.EMPTY)]
    fig = go.Figure()
    for band in (ra.OVER, ra.OK, ra.UNDER):
        part = frame[frame["band"] == band]
        marker = ra.BAND_MARKERS[band]
        name = f"{marker} {t(ra.BAND_LABELS[band])}".strip()
        if band == ra.OVER:
            name += f" (> {ra.OVER_ALLOCATED_PCT:.0f} %)"
        elif band == ra.UNDER:
            name += f" (< {ra.UNDER_USED_PCT:.0f} %)"
        texts = [
            cell_text(u, band, c, p)
            for u, c, p in zip(
                part["utilisation_pct"], part["capacity_days"], part["planned_days"], strict=True
            )
        ]
        fig.add_bar(
            x=[month_label(m) for m in part["month"]],
            y=[1] * len(part),
            base=[position[v] for v in part[row]],
            name=name,
            width=0.94,
            marker={"color": BAND_COLORS[band], "line": {"color": "#FFFFFF", "width": 1.5}},
            text=texts,
            textposition="inside",
            insidetextanchor="middle",
            textangle=0,
            textfont={"size": 14, "color": BAND_TEXT_COLORS[band]},
            constraintext="none",
            # a click selects one tile; the others stay readable
            unselected={"marker": {"opacity": 0.55}},
            customdata=[
                [chart_text.text(v), pd.Timestamp(m).strftime("%Y-%m-%d")]
                for v, m in zip(part[row], part["month"], strict=True)
            ],
            hovertext=[
                f"{chart_text.text(v)} · {month_text(m)}<br>"
                + t(
                    "{planned} d planned of {capacity} d capacity",
                    planned=fmt.number(p, 1),
                    capacity=fmt.number(c, 1),
                )
                for v, m, p, c in zip(
                    part[row],
                    part["month"],
                    part["planned_days"],
                    part["capacity_days"],
                    strict=True,
                )
            ],
            hovertemplate="%{hovertext}<br>%{text}<extra></extra>",
            showlegend=True,
        )
    as_of_label = month_label(as_of_month) if as_of_month is not None else None
    if as_of_label in categories:
        i = categories.index(as_of_label)
        fig.add_shape(
            type="rect",
            x0=i - 0.5,
            x1=i + 0.5,
            y0=0,
            y1=len(order),
            line={"color": CAPACITY_COLOR, "width": 2},
            fillcolor="rgba(0,0,0,0)",
            layer="above",
        )
    fig.update_xaxes(
        type="category",
        categoryorder="array",
        categoryarray=categories,
        tickvals=categories,
        ticktext=[f"<b>{c}</b>" if c == as_of_label else c for c in categories],
        range=[-0.5, len(categories) - 0.5],
        side="top",
        showline=False,
        ticks="",
        fixedrange=True,
    )
    fig.update_yaxes(
        range=[len(order), 0],
        tickvals=[i + 0.5 for i in range(len(order))],
        ticktext=chart_text.texts(order),
        showgrid=False,
        zeroline=False,
        fixedrange=True,
        ticks="",
    )
    fig.update_layout(
        barmode="overlay",
        clickmode="event+select",
        legend={"orientation": "h", "yanchor": "top", "y": -0.01, "xanchor": "left", "x": 0},
        margin={"t": 96, "b": 40},
        hoverlabel={"align": "left"},
    )
    return theme.apply(fig, title, height=GRID_BASE_PX + row_px * max(len(order), 1))


def _sourcing_kinds(sourcing: pd.Series) -> list[str | None]:
    """Internal, External, any other value, then None for rows without a sourcing."""
    known = [k for k in SOURCING_COLORS if (sourcing == k).any()]
    other = sorted(v for v in sourcing.dropna().unique() if v not in SOURCING_COLORS)
    return [*known, *other, *([None] if sourcing.isna().any() else [])]


def _sourcing_bars(
    sourcing: pd.DataFrame, value: str, texts, hover: str, axis: str, months=None
) -> go.Figure:
    frame = sourcing.sort_values("month")
    month_list = list(months) if months is not None else sorted(frame["month"].unique())
    x_all = [month_label(m) for m in month_list]
    fig = go.Figure()
    for kind in _sourcing_kinds(frame["sourcing"]):
        part = frame[frame["sourcing"].isna()] if kind is None else frame[frame["sourcing"] == kind]
        label = chart_text.text(t(kind)) if kind is not None else t("Unknown sourcing")
        values = part[value].fillna(0.0)
        fig.add_bar(
            x=[month_label(m) for m in part["month"]],
            y=values,
            name=label,
            marker_color=SOURCING_COLORS.get(kind, UNKNOWN_COLOR),
            text=[texts(v) if v else "" for v in values],
            textposition="inside",
            insidetextanchor="middle",
            textangle=0,
            textfont={"size": 13, "color": "#FFFFFF"},
            customdata=[[label, pd.Timestamp(m).strftime("%Y-%m-%d")] for m in part["month"]],
            hovertemplate="%{x} · " + label + ": " + hover + "<extra></extra>",
        )
    fig.update_layout(
        barmode="stack",
        bargap=0.15,
        uniformtext={"minsize": 11, "mode": "hide"},
        legend_traceorder="normal",
    )
    fig.update_xaxes(title=None, type="category", categoryorder="array", categoryarray=x_all)
    fig.update_yaxes(title=axis)
    return fig


@memo.memoised
def sourcing_days(sourcing: pd.DataFrame, as_of_month=None, months=None) -> go.Figure:
    """Planned days per month, internal and external stacked, days written on each part."""
    fig = _sourcing_bars(
        sourcing,
        "planned_days",
        lambda v: f"{v:,.0f}",
        "%{y:,.1f} d",
        t("Planned days"),
        months,
    )
    months = list(months) if months is not None else sorted(sourcing["month"].unique())
    _totals(fig, sourcing, "planned_days", lambda v: f"{v:,.0f} d", months)
    x = [month_label(m) for m in months]
    _as_of_marker(fig, x, month_label(as_of_month) if as_of_month is not None else None)
    return theme.apply(fig, t("Planned days: internal vs external"), height=400)


@memo.memoised
def sourcing_cost(
    sourcing: pd.DataFrame, currency: str = "EUR", as_of_month=None, months=None
) -> go.Figure:
    """Cost of the planned days (days × day rate) per month, internal and external stacked,
    the month's total above each bar."""
    fig = _sourcing_bars(
        sourcing,
        "planned_cost",
        lambda v: fmt.money(v, currency),
        "%{text}",
        t("Cost ({currency})", currency=fmt.CURRENCY_SYMBOLS.get(currency, currency).strip()),
        months,
    )
    months = list(months) if months is not None else sorted(sourcing["month"].unique())
    _totals(fig, sourcing, "planned_cost", lambda v: fmt.money(v, currency), months)
    x = [month_label(m) for m in months]
    _as_of_marker(fig, x, month_label(as_of_month) if as_of_month is not None else None)
    fig.update_yaxes(**theme.money_ticks(currency))
    return theme.apply(fig, t("Planned cost: internal vs external"), height=400)
