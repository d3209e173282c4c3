"""Figures for one project: RAG history, budget S-curve, milestones."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from steerco import fmt
from steerco.charts import labels as chart_text
from steerco.charts import memo, theme
from steerco.i18n import N_, rag_label, t

RAG_DIMENSION_COLUMNS = {
    "overall_rag": N_("Overall"),
    "schedule_rag": N_("Schedule"),
    "budget_rag": N_("Budget"),
    "scope_rag": N_("Scope"),
    "resources_rag": N_("Resources"),
    "risk_rag": N_("Risk"),
}
RAG_LEVEL = {"G": 0, "A": 1, "R": 2}
#: A milestone later than its baseline by more than this many days is marked red (any slip: amber).
MILESTONE_RED_SLIP_DAYS = 30
#: How many reports the history shows; older ones crowd the strip on a slide.
HISTORY_REPORTS = 12


@memo.memoised
def rag_history(reports: pd.DataFrame) -> go.Figure:
    """Heat strip: one row per RAG dimension, one column per report, letter in each cell."""
    recent = reports.sort_values("report_date").tail(HISTORY_REPORTS)
    dims = [c for c in RAG_DIMENSION_COLUMNS if c in recent]
    x = [fmt.day(d) for d in recent["report_date"]]
    y = [t(RAG_DIMENSION_COLUMNS[c]) for c in dims]
    z = [[RAG_LEVEL.get(v) for v in recent[c]] for c in dims]
    text = [[chart_text.text(v) if isinstance(v, str) else "" for v in recent[c]] for c in dims]
    hover = [[f"{t(RAG_DIMENSION_COLUMNS[c])} · {rag_label(v)}" for v in recent[c]] for c in dims]
    colorscale = [
        [0.0, theme.RAG_COLORS["G"]],
        [0.333, theme.RAG_COLORS["G"]],
        [0.334, theme.RAG_COLORS["A"]],
        [0.666, theme.RAG_COLORS["A"]],
        [0.667, theme.RAG_COLORS["R"]],
        [1.0, theme.RAG_COLORS["R"]],
    ]
    fig = go.Figure(
        go.Heatmap(
            x=x,
            y=y,
            z=z,
            zmin=0,
            zmax=2,
            text=text,
            texttemplate="%{text}",
            textfont={"size": 16},
            customdata=hover,
            hovertemplate="%{x}<br>%{customdata}<extra></extra>",
            colorscale=colorscale,
            showscale=False,
            xgap=3,
            ygap=3,
        )
    )
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(showgrid=False, tickangle=-45, type="category")
    return theme.apply(fig, t("Reported RAG over time"), height=330)


#: S-curve lines: column, legend, plotly mode, colour key, dash style.
S_CURVE_SERIES = (
    ("cum_budget", N_("Planned (cumulative)"), "lines", "planned", "solid"),
    ("cum_actual", N_("Actual (cumulative)"), "lines+markers", "actual", "solid"),
    ("cum_forecast", N_("Forecast to finish"), "lines", "forecast", "dash"),
)


@memo.memoised
def budget_s_curve(
    monthly: pd.DataFrame, as_of, bac: float | None, currency: str = "EUR"
) -> go.Figure:
    """Cumulative planned vs actual vs forecast spend, with BAC as a reference line."""
    fig = go.Figure()
    for column, name, mode, series, dash in S_CURVE_SERIES:
        fig.add_scatter(
            x=monthly["period"],
            y=monthly[column],
            name=t(name),
            mode=mode,
            line={"color": theme.SERIES_COLORS[series], "width": 3, "dash": dash},
        )
    if bac:
        fig.add_hline(
            y=bac,
            line={"color": theme.SERIES_COLORS["baseline"], "dash": "dot", "width": 2},
            annotation_text=f"{t('Approved budget')} {fmt.money(bac, currency)}",
            annotation_position="top left",
        )
    fig.add_vline(x=pd.Timestamp(as_of), line={"color": "#52606D", "width": 1, "dash": "dot"})
    fig.update_yaxes(**theme.money_ticks(currency), rangemode="tozero")
    return theme.apply(fig, t("Budget S-curve: planned, actual, forecast"), height=380)


def _slip_rag(slip_days: float) -> str:
    if slip_days > MILESTONE_RED_SLIP_DAYS:
        return "R"
    return "A" if slip_days > 0 else "G"


@memo.memoised
def milestone_slip(milestones: pd.DataFrame, as_of) -> go.Figure:
    """Dumbbell per milestone: baseline date (hollow) to forecast or actual date (filled)."""
    ms = milestones.sort_values("baseline_date", ascending=False)
    gates = ms["is_gate"].fillna(False).astype(bool)
    names = chart_text.texts(
        f"{n} ◆" if g else str(n) for n, g in zip(ms["name"], gates, strict=True)
    )
    landed = ms["actual_date"].fillna(ms["forecast_date"])
    slip = (landed - ms["baseline_date"]).dt.days
    colours = [theme.RAG_COLORS[_slip_rag(s)] for s in slip.fillna(0)]
    fig = go.Figure()
    for name, base, end in zip(names, ms["baseline_date"], landed, strict=True):
        fig.add_scatter(
            x=[base, end],
            y=[name, name],
            mode="lines",
            line={"color": "#9AA5B1", "width": 2},
            showlegend=False,
            hoverinfo="skip",
        )
    fig.add_scatter(
        x=ms["baseline_date"],
        y=names,
        mode="markers",
        name=t("Baseline"),
        marker={"symbol": "circle-open", "size": 13, "color": "#52606D", "line": {"width": 2}},
    )
    fig.add_scatter(
        x=landed,
        y=names,
        mode="markers+text",
        name=t("Forecast / actual"),
        marker={"symbol": "diamond", "size": 14, "color": colours},
        text=[fmt.days(s) if pd.notna(s) and s != 0 else "" for s in slip],
        textposition="middle right",
        customdata=chart_text.texts(ms["milestone_id"]),
    )
    fig.add_vline(x=pd.Timestamp(as_of), line={"color": "#52606D", "width": 1, "dash": "dot"})
    height = max(260, 90 + 38 * len(ms))
    return theme.apply(fig, t("Milestones: baseline vs forecast (◆ = gate)"), height)
