"""Operations figures: ticket flow, backlog by age, SLA against target, Pareto, changes.

Pure builders (DataFrame → plotly Figure) with the one theme. Every clickable mark carries
``customdata``: a list whose first item names what it counts ("opened", "resolved", "open",
"sla", "category", "root_cause", "change") followed by the values that select its rows (the
(lo, hi] window as ISO text, the age bucket, the service and priority…), which
``steerco.views.operations`` turns back into the SQL selection of exactly those rows.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from steerco import fmt
from steerco.analytics import operations as analytics
from steerco.charts import labels as chart_text
from steerco.charts import memo, theme
from steerco.i18n import t

OPENED_COLOR = theme.SERIES_COLORS["planned"]  # blue
RESOLVED_COLOR = theme.SERIES_COLORS["neutral"]  # sky blue
PRIORITY_COLORS = {"P1": "#D55E00", "P2": "#E69F00", "P3": "#56B4E9", "P4": "#0072B2"}
OTHER_PRIORITY_COLOR = "#999999"
OUTCOME_COLORS = {
    "Successful": theme.RAG_COLORS["G"],
    "Failed": theme.RAG_COLORS["R"],
    "Rolled back": theme.RAG_COLORS["A"],
}
NO_OUTCOME_COLOR = theme.RAG_COLORS["none"]
PARETO_BAR_COLOR = theme.SERIES_COLORS["planned"]
PARETO_OTHER_COLOR = "#A0A0A0"
CUMULATIVE_COLOR = "#1F2933"
#: The share a Pareto chart draws a reference line at (the "vital few").
PARETO_REFERENCE_PCT = 80
#: Bars with their number written on them up to this many periods (beyond, hover only).
LABELLED_PERIODS = 13
#: The same for the monthly chart, which has a third of the page's width.
LABELLED_MONTHS = 7
#: Pattern of a bar whose period is not over yet (the week or month so far): drawn in the
#: series colour over a lighter fill of it, with a dark outline, so it reads "partial" and
#: never disappears (white hatching on a transparent fill did).
IN_PROGRESS_PATTERN = "/"
#: The SLA chart's axis: ticks every 20 % up to 100 %, and a little room after 100.
SLA_TICKS = range(0, 101, 20)
SLA_AXIS_END = 104
#: How much white a partial bar's fill is mixed with, and its outline.
IN_PROGRESS_LIGHTEN = 0.6
IN_PROGRESS_OUTLINE = "#1F2933"
IN_PROGRESS_OUTLINE_PX = 1.5


def lighter(colour: str, share: float = IN_PROGRESS_LIGHTEN) -> str:
    """``colour`` (#RRGGBB) mixed with ``share`` of white."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * share):02X}" for c in channels)


def partial_marker(colour: str, in_progress: list[bool]) -> dict:
    """A bar marker: the series colour, and for a period not over yet a lighter fill of it
    hatched in the colour with a dark outline."""
    return {
        "color": [lighter(colour) if p else colour for p in in_progress],
        "pattern": {
            "shape": [IN_PROGRESS_PATTERN if p else "" for p in in_progress],
            "fgcolor": colour,
            "fillmode": "overlay",
            "solidity": 0.35,
        },
        "line": {
            "color": [IN_PROGRESS_OUTLINE if p else colour for p in in_progress],
            "width": [IN_PROGRESS_OUTLINE_PX if p else 0 for p in in_progress],
        },
    }


def _iso(value) -> str:
    return pd.Timestamp(value).isoformat()


def _in_progress(frame: pd.DataFrame) -> pd.Series:
    if "in_progress" in frame:
        return frame["in_progress"].fillna(False).astype(bool)
    return pd.Series(False, index=frame.index)


def period_label(row, grain: str) -> str:
    """'2–8 Sep 2026' for a week, 'Sep 2026' for a month (+ 'from 2 Sep' when partial)."""
    if grain == "month":
        text = fmt.month(row["month"])
        if row.get("partial"):
            first, last = row["first_day"].day, row["last_day"].day
            text += f" ({first}–{last})" if first != last else f" ({first})"
    else:
        text = analytics.week_label(row["first_day"], row["last_day"])
        text += f" {row['last_day'].year}"
    if row.get("in_progress"):
        text += " · " + t("so far")
    return text


@memo.memoised
def flow_chart(frame: pd.DataFrame, grain: str = "week", title: str | None = None) -> go.Figure:
    """Tickets opened and resolved per week (or month): two bars per period.

    ``frame``: weekly_flow or monthly_flow (first_day, last_day, lo, hi, opened, resolved,
    optional in_progress). Each bar's customdata is [event, lo, hi]: a click lists exactly the
    tickets opened (or resolved) in that period.
    """
    labels = [period_label(row, grain) for _, row in frame.iterrows()]
    in_progress = _in_progress(frame).tolist()
    # the monthly chart sits in a third of the page: fewer numbers and ticks fit
    most = LABELLED_PERIODS if grain == "week" else LABELLED_MONTHS
    labelled = len(frame) <= most
    windows = list(zip(frame["lo"].map(_iso), frame["hi"].map(_iso), strict=True))
    unit = t("tickets")
    fig = go.Figure()
    for event, name, colour in (
        ("opened", t("Opened"), OPENED_COLOR),
        ("resolved", t("Resolved"), RESOLVED_COLOR),
    ):
        counts = frame[event].astype(int).tolist()
        fig.add_bar(
            x=labels,
            y=counts,
            name=name,
            marker=partial_marker(colour, in_progress),
            text=[fmt.number(v) for v in counts] if labelled else None,
            textposition="outside",
            textfont={"size": theme.MIN_FONT_SIZE},
            cliponaxis=False,
            customdata=[[event, lo, hi] for lo, hi in windows],
            hovertemplate=f"%{{x}}<br>{name}: %{{y:,}} {unit}<extra></extra>",
        )
    fig.update_layout(barmode="group", bargap=0.2, bargroupgap=0.05, legend_traceorder="normal")
    if grain == "month":
        _period_axis(fig, labels, t("Month"), most)
        default = t("Tickets opened and resolved per month")
    else:
        _period_axis(fig, labels, t("Week starting"))
        default = t("Tickets opened and resolved per week")
    _headroom(fig, max([*frame["opened"], *frame["resolved"], 0]))
    fig.update_yaxes(title=t("Tickets"))
    return theme.apply(fig, title or default, height=400)


def _tick_text(label: str, first: bool = True) -> str:
    """A period label short enough for an axis: a week by its first day ('2 Sep'; the whole
    range is in the hover), a month by its name over its covered days when partial ('Sep' over
    '(2–30)'), with the year on the first month and on January."""
    text = label.replace(" (", "<br>(").replace(" · ", "<br>")
    head, _, rest = text.partition("<br>")
    if "–" in head:  # a week: '2–8 Sep 2026' or '30 Sep–6 Oct 2026'
        start, _, last = head.partition("–")
        month = last.split()[1]
        head = start if " " in start else f"{start} {month}"
    elif head[-4:].isdigit() and not (first or head.startswith("Jan")):  # 'Sep 2026'
        head = head[:-5]
    return head + ("<br>" + rest if rest else "")


def _period_axis(
    fig: go.Figure, labels: list[str], title: str, most: int = LABELLED_PERIODS
) -> None:
    """A category axis of periods; beyond ``most`` only every n-th is written."""
    step = max(1, -(-len(labels) // most))
    shown = labels[::-1][::step][::-1]  # keep the latest period labelled
    fig.update_xaxes(
        title=title,
        type="category",
        tickmode="array",
        tickvals=shown,
        ticktext=[_tick_text(lab, first=i == 0) for i, lab in enumerate(shown)],
        tickangle=0,
        categoryorder="array",
        categoryarray=labels,
    )


def _headroom(fig: go.Figure, top: float, share: float = 0.15) -> None:
    """Room above the highest bar for the numbers written on top of the bars."""
    fig.update_yaxes(range=[0, max(1.0, float(top)) * (1 + share)])


@memo.memoised
def backlog_chart(frame: pd.DataFrame, title: str | None = None, height: int = 400) -> go.Figure:
    """Open tickets per age bucket, stacked by priority, with each bucket's total on top.

    ``frame``: backlog_by_bucket (age_bucket, priority, tickets). customdata of a segment is
    ["open", age bucket, priority].
    """
    buckets = [b for b in analytics.AGE_BUCKET_LABELS]
    labels = [t(b) for b in buckets]
    fig = go.Figure()
    for priority in pd.unique(frame["priority"]):
        part = frame[frame["priority"] == priority].set_index("age_bucket").reindex(buckets)
        counts = part["tickets"].fillna(0).astype(int).tolist()
        fig.add_bar(
            x=labels,
            y=counts,
            name=chart_text.text(str(priority)),
            marker_color=PRIORITY_COLORS.get(priority, OTHER_PRIORITY_COLOR),
            customdata=[["open", b, chart_text.text(priority)] for b in buckets],
            hovertemplate="%{x} · "
            + chart_text.text(str(priority))
            + ": %{y:,} "
            + t("open tickets")
            + "<extra></extra>",
        )
    totals = frame.groupby("age_bucket")["tickets"].sum().reindex(buckets).fillna(0).astype(int)
    fig.add_scatter(
        x=labels,
        y=totals.tolist(),
        mode="text",
        text=[fmt.number(v) for v in totals],
        textposition="top center",
        textfont={"size": 16},
        customdata=[["open", b, None] for b in buckets],
        hovertemplate="%{x}: %{y:,} " + t("open tickets") + "<extra></extra>",
        showlegend=False,
        cliponaxis=False,
    )
    fig.update_layout(barmode="stack", bargap=0.35, legend_traceorder="normal")
    fig.update_xaxes(title=t("Age of the open ticket"))
    _headroom(fig, totals.max() if len(totals) else 0, 0.2)
    fig.update_yaxes(title=t("Open tickets"))
    return theme.apply(fig, title or t("Backlog by age"), height=height)


def sla_chart_height(sla: pd.DataFrame) -> int:
    """Height that gives each service × priority bar a readable row."""
    return max(300, 110 + 32 * int((sla["judged"] > 0).sum()))


@memo.memoised
def sla_chart(sla: pd.DataFrame, title: str | None = None) -> go.Figure:
    """SLA compliance per service and priority against its target.

    One horizontal bar per service × priority with resolved tickets: compliance %, the word
    beside the number (✓ met / ✗ below target), colour as a second cue; the target as a black
    tick. customdata ["sla", service, priority] lists the tickets resolved there.
    """
    rows = sla[sla["judged"] > 0].reset_index(drop=True)
    names = chart_text.texts(
        f"{s} · {p}" for s, p in zip(rows["service"], rows["priority"], strict=True)
    )
    below = rows["below_target"].fillna(False).astype(bool)
    has_target = rows["target_pct"].notna()
    colours = [
        theme.RAG_COLORS["R"] if b else (theme.RAG_COLORS["G"] if h else theme.RAG_COLORS["none"])
        for b, h in zip(below, has_target, strict=True)
    ]

    def text(row, is_below: bool) -> str:
        value = fmt.pct(row["compliance_pct"], 1)
        if pd.isna(row["target_pct"]):
            return value + " · " + t("no target")
        if is_below:
            return t("{v} ✗ below {target}", v=value, target=fmt.pct(row["target_pct"]))
        return t("{v} ✓", v=value)

    custom = chart_text.rows(
        ["sla", s, p] for s, p in zip(rows["service"], rows["priority"], strict=True)
    )
    fig = go.Figure()
    fig.add_bar(
        y=names,
        x=rows["compliance_pct"].tolist(),
        orientation="h",
        marker_color=colours,
        text=[text(r, b) for (_, r), b in zip(rows.iterrows(), below, strict=True)],
        textposition="inside",
        insidetextanchor="start",
        textfont={"size": 14, "color": "#FFFFFF"},
        customdata=custom,
        hovertemplate="%{y}: %{x:.1f} %<extra></extra>",
        name=t("Compliance"),
        showlegend=False,
    )
    targets = rows["target_pct"]
    fig.add_scatter(
        y=names,
        x=targets.tolist(),
        mode="markers",
        marker={"symbol": "line-ns", "size": 26, "line": {"width": 4, "color": "#000000"}},
        name=t("Target"),
        customdata=custom,
        hovertemplate="%{y}: " + t("target") + " %{x:.0f} %<extra></extra>",
    )
    fig.update_layout(uniformtext={"minsize": 13, "mode": "show"})
    fig.update_yaxes(autorange="reversed", title=t("Service · priority"))
    # every 20 % up to 100 % named, and room after it so its label is never cut
    fig.update_xaxes(
        title=t("Resolved within target (%)"),
        range=[0, SLA_AXIS_END],
        tickvals=list(SLA_TICKS),
        ticksuffix=" %",
    )
    height = sla_chart_height(sla)
    return theme.apply(fig, title or t("SLA compliance by priority against target"), height)


@memo.memoised
def pareto_chart(frame: pd.DataFrame, kind: str, title: str, what: str) -> go.Figure:
    """Pareto: bars largest first, cumulative share (%) as a line on the right axis.

    ``frame``: analytics.pareto (label, count, share_pct, cumulative_pct, other). ``kind`` is
    "category" or "root_cause": customdata [kind, label] lists the tickets behind a bar; the
    "Other" bar groups several values and carries no selection.
    """
    labels = [
        t(analytics.OTHER) if other else label
        for label, other in zip(chart_text.texts(frame["label"]), frame["other"], strict=True)
    ]
    colours = [PARETO_OTHER_COLOR if o else PARETO_BAR_COLOR for o in frame["other"]]
    custom = [[kind, None if o else lab] for lab, o in zip(labels, frame["other"], strict=True)]
    fig = go.Figure()
    fig.add_bar(
        x=labels,
        y=frame["count"].tolist(),
        marker_color=colours,
        text=[fmt.number(v) for v in frame["count"]],
        textposition="outside",
        cliponaxis=False,
        customdata=custom,
        name=what,
        hovertemplate="%{x}: %{y:,} " + t("tickets") + "<extra></extra>",
    )
    fig.add_scatter(
        x=labels,
        y=frame["cumulative_pct"].round(1).tolist(),
        mode="lines+markers",
        yaxis="y2",
        line={"color": CUMULATIVE_COLOR, "width": 2},
        marker={"size": 7},
        name=t("Cumulative %"),
        customdata=custom,
        hovertemplate="%{x}: " + t("cumulative") + " %{y:.1f} %<extra></extra>",
    )
    fig.update_layout(
        yaxis={
            "title": what,
            "range": [0, max(1, int(frame["count"].max()) if len(frame) else 1) * 1.15],
        },
        yaxis2={
            "title": t("Cumulative share (%)"),
            "overlaying": "y",
            "side": "right",
            "range": [0, 105],
            "tickvals": [0, 20, 40, 60, 80, 100],
            "ticksuffix": " %",
            "showgrid": False,
        },
        bargap=0.3,
    )
    fig.add_hline(
        y=PARETO_REFERENCE_PCT,
        yref="y2",
        line={"dash": "dot", "color": "#9AA5B1", "width": 1},
    )
    fig.update_xaxes(
        tickangle=-30, title=t("Root cause") if kind == "root_cause" else t("Category")
    )
    return theme.apply(fig, title, height=440)


@memo.memoised
def changes_chart(weekly: pd.DataFrame, title: str | None = None) -> go.Figure:
    """Implemented changes per week, stacked by outcome.

    ``weekly``: analytics.weekly_changes (week, first_day, last_day, lo, hi, outcome, changes).
    customdata ["change", lo, hi, outcome] lists the changes of that week and outcome.
    """
    fig = go.Figure()
    weeks = weekly.drop_duplicates("week").sort_values("week")
    labels = [period_label(r, "week") for _, r in weeks.iterrows()]
    unit = t("changes")
    for outcome in pd.unique(weekly["outcome"]):
        part = weekly[weekly["outcome"] == outcome].sort_values("week")
        name = chart_text.text(
            t("No outcome recorded") if outcome == analytics.BLANK else t(outcome)
        )
        fig.add_bar(
            x=labels,
            y=part["changes"].astype(int).tolist(),
            name=name,
            marker_color=OUTCOME_COLORS.get(outcome, NO_OUTCOME_COLOR),
            customdata=[
                ["change", _iso(lo), _iso(hi), chart_text.text(outcome)]
                for lo, hi in zip(part["lo"], part["hi"], strict=True)
            ],
            hovertemplate=f"%{{x}}<br>{name}: %{{y:,}} {unit}<extra></extra>",
        )
    fig.update_layout(barmode="stack", bargap=0.25, legend_traceorder="normal")
    _period_axis(fig, labels, t("Week starting"))
    fig.update_yaxes(title=t("Changes implemented"), rangemode="tozero")
    return theme.apply(fig, title or t("Changes implemented per week by outcome"), height=380)
