"""Finance figures: budget vs actual vs forecast per period, S-curve, CAPEX/OPEX, spend by
programme and category, labour, multi-year plan and the variance waterfall.

Pure builders (DataFrame → plotly Figure) with the one theme. Bars that can be clicked carry
``customdata`` naming what they stand for: ``[start, end, label]`` (ISO months) for a period,
``[key, label]`` for a programme or category.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from steerco import fmt, i18n
from steerco.analytics import finance
from steerco.charts import labels as chart_text
from steerco.charts import memo, theme
from steerco.charts import project as project_charts
from steerco.i18n import N_, t

#: Expense-type colours (two blues of the Okabe–Ito palette, told apart by lightness; the
#: bars carry the words CAPEX / OPEX as well).
EXPENSE_COLORS = {"CAPEX": "#0072B2", "OPEX": "#56B4E9"}
#: Waterfall: overrun, saving, totals.
WATERFALL_COLORS = {"up": "#D55E00", "down": "#009E73", "total": "#52606D"}
#: Above this many bars per series the amounts are left to the hover (they would overlap).
TEXT_MAX_BARS = 12
#: Waterfall axis labels are broken onto lines of about this many characters.
WRAP_CHARS = 14
BAC_CPI_LABEL = N_("BAC / CPI (performance-based)")
GRAIN_TITLES = {
    "month": N_("Budget vs actual vs forecast by month"),
    "quarter": N_("Budget vs actual vs forecast by quarter"),
    "year": N_("Budget vs actual vs forecast by fiscal year"),
}
PERIOD_SERIES = (
    ("budget", N_("Budget"), "planned"),
    ("actual", N_("Actual"), "actual"),
    ("forecast", N_("Forecast"), "forecast"),
)


def _amounts(values, currency: str) -> list[str]:
    return [fmt.money(v, currency) if pd.notna(v) and v else "" for v in values]


def _money_axis_title(currency: str) -> str:
    return t("Amount ({currency})", currency=currency)


@memo.memoised
def period_chart(periods: pd.DataFrame, grain: str, currency: str = "EUR", as_of=None) -> go.Figure:
    """Budget beside actual + forecast (stacked) per month, fiscal quarter or fiscal year.

    The stacked bar's height is the outturn of the period (actual + remaining forecast). The
    period holding the as-of date is marked with a dotted line.
    """
    labels = list(periods["label"])
    custom = [
        [s.date().isoformat(), e.date().isoformat(), lab]
        for s, e, lab in zip(periods["start"], periods["end"], periods["label"], strict=True)
    ]
    show_text = len(periods) <= TEXT_MAX_BARS
    fig = go.Figure()
    for column, name, colour in PERIOD_SERIES:
        values = periods[column]
        fig.add_bar(
            x=labels,
            y=values,
            name=t(name),
            offsetgroup="budget" if column == "budget" else "spend",
            base=periods["actual"] if column == "forecast" else None,
            marker_color=theme.SERIES_COLORS[colour],
            text=_amounts(values, currency) if show_text else None,
            textposition="inside",
            # [start, end, label, amount]: the click maps back to the months, the hover
            # shows the amount as the page writes money
            customdata=[[*c, fmt.money(v, currency)] for c, v in zip(custom, values, strict=True)],
            hovertemplate="%{x}<br>" + t(name) + ": %{customdata[3]}<extra></extra>",
        )
    if as_of is not None and not periods.empty:
        month = pd.Timestamp(as_of).to_period("M").to_timestamp()
        inside = ((periods["start"] <= month) & (periods["end"] >= month)).to_numpy()
        if inside.any():
            # a category axis places its n categories at 0 … n-1
            fig.add_vline(
                x=int(inside.argmax()),
                line={"color": "#52606D", "width": 1, "dash": "dot"},
                annotation_text=t("as of {day}", day=fmt.day(as_of)),
                annotation_position="top left",
            )
    fig.update_layout(
        barmode="group",
        bargap=0.2,
        bargroupgap=0.05,
        uniformtext={"minsize": 11, "mode": "hide"},
    )
    fig.update_xaxes(
        title=None, type="category", tickangle=-45 if len(labels) > TEXT_MAX_BARS else 0
    )
    fig.update_yaxes(title=_money_axis_title(currency), **theme.money_ticks(currency))
    return theme.apply(fig, t(GRAIN_TITLES[grain]), height=420)


@memo.memoised
def s_curve(
    curve: pd.DataFrame,
    as_of,
    bac: float | None,
    eac: float | None = None,
    currency: str = "EUR",
) -> go.Figure:
    """Cumulative planned, actual and forecast spend of the portfolio, BAC and EAC marked."""
    fig = project_charts.budget_s_curve(curve, as_of, bac, currency)
    if eac:
        fig.add_hline(
            y=eac,
            line={"color": theme.SERIES_COLORS["forecast"], "dash": "dash", "width": 1},
            annotation_text=f"{t('EAC')} {fmt.money(eac, currency)}",
            annotation_position="bottom right",
        )
    fig.update_yaxes(title=_money_axis_title(currency))
    fig.update_xaxes(title=None)
    fig.update_layout(title={"text": t("Portfolio S-curve: cumulative planned, actual, forecast")})
    return fig


@memo.memoised
def expense_split(split: pd.DataFrame, currency: str = "EUR") -> go.Figure:
    """Two 100 % bars (budget; actual + forecast) split into CAPEX and OPEX, shares written."""
    rows = [t("Budget"), t("Actual + forecast")]
    fig = go.Figure()
    for _, r in split.iterrows():
        kind = chart_text.text(r["expense_type"])  # CAPEX / OPEX: the same in every language
        shares = [r["budget_share"], r["outturn_share"]]
        amounts = [r["budget"], r["outturn"]]
        fig.add_bar(
            y=rows,
            x=shares,
            name=kind,
            orientation="h",
            marker_color=EXPENSE_COLORS.get(kind, theme.SERIES_COLORS["baseline"]),
            text=[
                f"{kind} {fmt.pct(s)} · {fmt.money(a, currency)}" if pd.notna(s) and s else ""
                for s, a in zip(shares, amounts, strict=True)
            ],
            textposition="inside",
            insidetextanchor="middle",
            customdata=[[kind, fmt.money(a, currency)] for a in amounts],
            hovertemplate="%{y} · %{customdata[0]}: %{x:.0f} % (%{customdata[1]})<extra></extra>",
        )
    fig.update_layout(barmode="stack", showlegend=False)
    fig.update_xaxes(title=t("Share (%)"), range=[0, 100], ticksuffix=" %")
    fig.update_yaxes(autorange="reversed")
    return theme.apply(fig, t("CAPEX / OPEX split"), height=260)


@memo.memoised
def spend_bars(
    frame: pd.DataFrame,
    key: str,
    title: str,
    currency: str = "EUR",
    empty_label: str = finance.NO_PROGRAMME,
) -> go.Figure:
    """Horizontal bars per ``key`` value: budget beside actual + forecast (stacked).

    Rows keep the frame's order top-down; ``customdata`` is ``[key value, label]``.
    """
    names = [chart_text.text(i18n.word(str(v))) if v else t(empty_label) for v in frame[key]]
    custom = [[chart_text.text(str(v)), n] for v, n in zip(frame[key], names, strict=True)]
    fig = go.Figure()
    for column, name, colour in PERIOD_SERIES:
        values = frame[column]
        fig.add_bar(
            y=names,
            x=values,
            name=t(name),
            orientation="h",
            offsetgroup="budget" if column == "budget" else "spend",
            base=frame["actual"] if column == "forecast" else None,
            marker_color=theme.SERIES_COLORS[colour],
            text=_amounts(values, currency),
            textposition="inside",
            customdata=[[*c, fmt.money(v, currency)] for c, v in zip(custom, values, strict=True)],
            hovertemplate="%{customdata[1]}<br>" + t(name) + ": %{customdata[2]}<extra></extra>",
        )
    fig.update_layout(barmode="group", bargap=0.25, uniformtext={"minsize": 11, "mode": "hide"})
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(title=_money_axis_title(currency), **theme.money_ticks(currency))
    height = max(280, 110 + 62 * len(names))
    return theme.apply(fig, title, height)


@memo.memoised
def labour_chart(labour: pd.DataFrame, currency: str = "EUR") -> go.Figure:
    """Internal vs external labour, each labelled with its share of labour outturn."""
    title = t("Internal vs external labour (share of labour actual + forecast)")
    fig = spend_bars(labour, "category", title, currency)
    names = [
        chart_text.text(f"{t(c)} · {fmt.pct(s)}" if pd.notna(s) else t(c))
        for c, s in zip(labour["category"], labour["outturn_share"], strict=True)
    ]
    for trace in fig.data:
        trace.y = names
    return fig


@memo.memoised
def plan_chart(plan: pd.DataFrame, currency: str = "EUR") -> go.Figure:
    """Per fiscal year: budget and actual + forecast side by side, each stacked CAPEX / OPEX."""
    measures = (("budget", t("Budget")), ("outturn", t("Actual + forecast")))
    x = [
        [label for label in plan["label"] for _ in measures],
        [name for _ in plan["label"] for _, name in measures],
    ]
    fig = go.Figure()
    for kind in finance.EXPENSE_TYPES:
        values = [row[f"{m}_{kind.lower()}"] for _, row in plan.iterrows() for m, _ in measures]
        fig.add_bar(
            x=x,
            y=values,
            name=kind,
            marker_color=EXPENSE_COLORS[kind],
            text=[f"{kind} {fmt.money(v, currency)}" if v else "" for v in values],
            textposition="inside",
            customdata=[fmt.money(v, currency) for v in values],
            hovertemplate="%{x}<br>" + kind + ": %{customdata}<extra></extra>",
        )
    totals = [row[m] for _, row in plan.iterrows() for m, _ in measures]
    fig.add_scatter(
        x=x,
        y=totals,
        mode="text",
        text=[fmt.money(v, currency) for v in totals],
        textposition="top center",
        textfont={"size": 15},
        showlegend=False,
        hoverinfo="skip",
    )
    fig.update_layout(
        barmode="stack",
        bargap=0.15,
        legend_traceorder="normal",
        uniformtext={"minsize": 11, "mode": "hide"},
        margin={"b": 70},
    )
    fig.update_yaxes(title=_money_axis_title(currency), **theme.money_ticks(currency))
    fig.update_xaxes(title=None)
    return theme.apply(fig, t("Multi-year plan by fiscal year: budget vs actual + forecast"), 440)


def _wrap(label: str, width: int = WRAP_CHARS) -> str:
    """Break a long axis label onto lines of about ``width`` characters."""
    lines, current = [], ""
    for word in str(label).split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    lines.append(current)
    return "<br>".join(chart_text.texts(lines))


def _nice_floor(value: float) -> float:
    """The value rounded down to a round amount (1, 2 or 5 × a power of ten)."""
    if value <= 0:
        return 0.0
    power = 10 ** math.floor(math.log10(value))
    for step in (5, 2, 1):
        if step * power <= value:
            return math.floor(value / (step * power)) * step * power
    return 0.0


@memo.memoised
def waterfall(
    steps: pd.DataFrame, currency: str = "EUR", eac_cpi: float | None = None, by: str = "programme"
) -> go.Figure:
    """From the approved budget (ΣBAC) to the EAC, one step per programme or category.

    Overruns go up (vermillion, "+"), savings down (green, "−"): the sign is written on every
    step. BAC / CPI, the performance-based estimate, stands beside the EAC as a hatched bar.
    The value axis starts near the lowest level reached (not at zero, which would flatten
    the steps); the title says where.
    """
    labels = [_wrap(t(lab) if lab in _FIXED_STEPS else lab) for lab in steps["label"]]
    texts = []
    for measure, amount in zip(steps["measure"], steps["amount"], strict=True):
        if measure == "relative":
            texts.append(("+" if amount > 0 else "") + fmt.money(amount, currency))
        else:
            texts.append(fmt.money(amount, currency))
    fig = go.Figure(
        go.Waterfall(
            x=labels,
            y=steps["amount"],
            measure=steps["measure"],
            text=texts,
            textposition="outside",
            textfont={"size": 15},
            customdata=chart_text.texts(steps["key"]),
            increasing={"marker": {"color": WATERFALL_COLORS["up"]}},
            decreasing={"marker": {"color": WATERFALL_COLORS["down"]}},
            totals={"marker": {"color": WATERFALL_COLORS["total"]}},
            connector={"line": {"color": "#9AA5B1", "width": 1, "dash": "dot"}},
            hovertemplate="%{x}: %{text}<extra></extra>",
            name=t("Variance"),
        )
    )
    levels = [*steps["end"]]
    has_cpi_estimate = eac_cpi is not None and pd.notna(eac_cpi)
    if has_cpi_estimate:
        levels.append(eac_cpi)
        fig.add_bar(
            x=[_wrap(t(BAC_CPI_LABEL))],
            y=[eac_cpi],
            name=t(BAC_CPI_LABEL),
            marker={
                "color": "#FFFFFF",
                "line": {"color": theme.SERIES_COLORS["forecast"], "width": 2},
                "pattern": {"shape": "/", "fgcolor": theme.SERIES_COLORS["forecast"]},
            },
            text=[fmt.money(eac_cpi, currency)],
            textposition="outside",
            textfont={"size": 15},
            hovertemplate="%{x}: %{text}<extra></extra>",
        )
    low, high = min(levels), max(levels)
    span = (high - low) or abs(high) or 1.0
    floor = _nice_floor(low - span * 0.6)
    fig.update_yaxes(
        title=_money_axis_title(currency),
        **theme.money_ticks(currency),
        range=[floor, high + span * 0.15],
    )
    fig.update_xaxes(title=None, tickangle=0)
    fig.update_layout(showlegend=False)
    title = t("Variance from approved budget to EAC by {by}", by=t(by))
    if floor > 0:
        title += " · " + t("axis from {floor}", floor=fmt.money(floor, currency))
    return theme.apply(fig, title, height=460)


_FIXED_STEPS = {finance.BAC_STEP, finance.EAC_STEP, finance.UNPHASED_STEP}
