"""Portfolio-level figures: RAG distribution and budget against forecast."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from steerco import fmt
from steerco.charts import labels as chart_text
from steerco.charts import memo, theme
from steerco.i18n import N_, rag_label, t

#: The groupings a chart is drawn by, as its title names them.
GROUP_WORDS = {"programme": N_("programme"), "portfolio": N_("portfolio")}

RAG_ORDER = ("R", "A", "G", "none")


@memo.memoised
def rag_distribution(by_rag: dict[str, int], title: str | None = None) -> go.Figure:
    """Horizontal bar per reported overall RAG with the count and the word on the bar.

    Each bar's ``customdata`` is its RAG code, so a click can filter the portfolio.
    """
    codes = [c for c in RAG_ORDER if by_rag.get(c, 0) > 0 or c != "none"]
    counts = [by_rag.get(c, 0) for c in codes]
    labels = [rag_label(c) if c != "none" else t("No report") for c in codes]
    fig = go.Figure(
        go.Bar(
            x=counts,
            y=labels,
            orientation="h",
            marker_color=[theme.RAG_COLORS[c] for c in codes],
            text=[f"{n}" for n in counts],
            textposition="auto",
            textfont={"size": 18},
            customdata=codes,
            hovertemplate="%{y}: %{x} " + t("projects") + "<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title=t("Projects"), dtick=max(1, (max(counts, default=1) // 5) or 1))
    return theme.apply(fig, title or t("Projects by reported status"), height=300)


@memo.memoised
def budget_vs_eac(frame: pd.DataFrame, by: str = "programme", currency: str = "EUR") -> go.Figure:
    """Approved budget (BAC) against estimate at completion (EAC) per group."""
    grouped = (
        frame.groupby(by, dropna=False)[["approved_budget", "eac"]]
        .sum()
        .sort_values("approved_budget", ascending=True)
    )
    names = [chart_text.text(str(i)) if pd.notna(i) else t("(none)") for i in grouped.index]
    fig = go.Figure()
    fig.add_bar(
        y=names,
        x=grouped["approved_budget"],
        name=t("Approved budget"),
        orientation="h",
        offsetgroup="bac",
        marker_color=theme.SERIES_COLORS["planned"],
        text=[fmt.money(v, currency) for v in grouped["approved_budget"]],
        textposition="auto",
        hovertemplate="%{y}<br>" + t("Approved budget") + ": %{text}<extra></extra>",
    )
    over = grouped["eac"] > grouped["approved_budget"]
    for is_over, name, colour in (
        (False, t("EAC within budget"), theme.SERIES_COLORS["neutral"]),
        (True, t("EAC over budget"), theme.RAG_COLORS["R"]),
    ):
        eac = grouped["eac"].where(over == is_over)
        fig.add_bar(
            y=names,
            x=eac,
            name=name,
            orientation="h",
            offsetgroup="eac",
            marker_color=colour,
            text=[fmt.money(v, currency) if pd.notna(v) else "" for v in eac],
            textposition="auto",
            hovertemplate="%{y}<br>" + name + ": %{text}<extra></extra>",
            showlegend=bool((over == is_over).any()),
        )
    fig.update_layout(barmode="group", bargap=0.25, legend_traceorder="normal")
    fig.update_xaxes(title=None, **theme.money_ticks(currency))
    height = max(300, 70 + 60 * len(names))
    title = t("Budget vs estimate at completion by {by}", by=t(GROUP_WORDS.get(by, by)))
    return theme.apply(fig, title, height)
