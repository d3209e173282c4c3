"""Roadmap figures: portfolio Gantt, one project's milestone plan, milestone trend analysis.

Pure builders (DataFrame → plotly Figure) in the Steerco theme. RAG is never colour alone:
every bar carries the RAG word. Marks carry ``customdata`` whose first item is the project id
(Gantt) or the milestone id (milestone charts), so a click maps back to its rows.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from data_access.filters import today
from steerco import fmt
from steerco.charts import labels as chart_text
from steerco.charts import memo, theme
from steerco.i18n import N_, rag_label, t

#: Order of the forecast-bar series (and of the legend).
RAG_ORDER = ("R", "A", "G", "none")
#: Project names longer than this are cut on the Gantt's axis (the hover has the full name).
GANTT_NAME_CHARS = 34
GANTT_ROW_PX = 28
BASELINE_FILL = "#D9DEE3"
BASELINE_LINE = "#7B8794"
INK = "#1F2933"
AS_OF_LINE = "#52606D"
#: Lines of the milestone trend chart: Okabe–Ito, with the names written at the line ends.
TREND_COLORS = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#D55E00",
    "#56B4E9",
    "#000000",
    "#8C6D1F",  # brown instead of Okabe–Ito yellow, which vanishes on white
)
GATE_SYMBOL = "diamond"
MILESTONE_SYMBOL = "circle"
GATE_MARK = "◆"
#: Smallest vertical distance between two line-end names, as a share of the y range.
LABEL_GAP_SHARE = 0.045
_BOTTOM_LEGEND = {"orientation": "h", "y": -0.14, "yanchor": "top", "x": 0, "xanchor": "left"}


def _ms(delta: pd.Series) -> list[float]:
    """Durations as milliseconds: a bar on a date axis is a base date plus a length in ms."""
    return [max(0.0, d / pd.Timedelta(milliseconds=1)) if pd.notna(d) else 0.0 for d in delta]


def _short(name, limit: int = GANTT_NAME_CHARS) -> str:
    text = str(name) if isinstance(name, str) else ""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def gantt_label(project_id: str, name) -> str:
    """A Gantt row's axis label, as chart text (escaped after the name is cut)."""
    return chart_text.text(f"{project_id} · {_short(name)}")


def _rag_code(value) -> str:
    return value if isinstance(value, str) and value in theme.RAG_COLORS else "none"


def _as_of_line(fig: go.Figure, as_of: date, label: str) -> None:
    """A dotted vertical line at the as-of date, named in the legend (no floating label)."""
    x = pd.Timestamp(as_of)
    line = {"color": AS_OF_LINE, "width": 2, "dash": "dot"}
    fig.add_shape(type="line", xref="x", yref="paper", x0=x, x1=x, y0=0, y1=1, line=line)
    fig.add_scatter(x=[None], y=[None], mode="lines", line=line, name=label, hoverinfo="skip")


def as_of_label(as_of: date) -> str:
    if as_of == today():
        return t("Today {day}", day=fmt.day(as_of))
    return t("As of {day}", day=fmt.day(as_of))


@memo.memoised
def gantt(rows: pd.DataFrame, gates: pd.DataFrame, as_of: date) -> go.Figure:
    """One row per project: the baseline bar (start → baseline end) behind the forecast bar
    (start → forecast end), coloured by the latest reported overall RAG, with the RAG word
    and the slip written after the bars; gates as diamonds (filled = passed); a dotted
    as-of line. Dates run along the top, as on a planning board.

    ``rows`` are drawn in their order, top first. Every mark's ``customdata[0]`` is its
    project id.
    """
    labels = [gantt_label(p, n) for p, n in zip(rows["project_id"], rows["name"], strict=True)]
    start = pd.to_datetime(rows["start_date"])
    base_end = pd.to_datetime(rows["baseline_end_date"])
    fc_end = pd.to_datetime(rows["forecast_end_date"])
    codes = [_rag_code(v) for v in rows["overall_rag"]]
    words = [rag_label(c) for c in codes]
    slips = [fmt.days(s) if pd.notna(s) else fmt.MISSING for s in rows["slip_days"]]
    custom = chart_text.rows(
        [pid, str(name), word, fmt.day(s), fmt.day(b), fmt.day(f), slip]
        for pid, name, word, s, b, f, slip in zip(
            rows["project_id"], rows["name"], words, start, base_end, fc_end, slips, strict=True
        )
    )
    hover = (
        "<b>%{customdata[0]} · %{customdata[1]}</b><br>"
        + t("Reported status")
        + ": %{customdata[2]}<br>"
        + t("Start")
        + ": %{customdata[3]}<br>"
        + t("Baseline end")
        + ": %{customdata[4]}<br>"
        + t("Forecast end")
        + ": %{customdata[5]} (%{customdata[6]})<extra></extra>"
    )
    fig = go.Figure()
    has_base = base_end.notna().to_numpy()
    fig.add_bar(
        y=[lbl for lbl, ok in zip(labels, has_base, strict=True) if ok],
        base=start[has_base],
        x=_ms((base_end - start)[has_base]),
        orientation="h",
        width=0.8,
        name=t("Baseline"),
        marker={"color": BASELINE_FILL, "line": {"color": BASELINE_LINE, "width": 1}},
        customdata=[c for c, ok in zip(custom, has_base, strict=True) if ok],
        hovertemplate=hover,
    )
    for code in RAG_ORDER:
        idx = [i for i, c in enumerate(codes) if c == code and pd.notna(fc_end.iloc[i])]
        if not idx:
            continue
        fig.add_bar(
            y=[labels[i] for i in idx],
            base=start.iloc[idx],
            x=_ms(fc_end.iloc[idx] - start.iloc[idx]),
            orientation="h",
            width=0.42,
            name=t("Forecast · {rag}", rag=rag_label(code)),
            marker={"color": theme.RAG_COLORS[code], "line": {"color": INK, "width": 0.5}},
            customdata=[custom[i] for i in idx],
            hovertemplate=hover,
        )
    _gate_marks(fig, rows, labels, gates, as_of)
    ends = pd.concat([base_end, fc_end, pd.Series([pd.Timestamp(as_of)])]).dropna()
    if not start.dropna().empty and not ends.empty:
        lo, hi = start.min(), max(ends.max(), start.max())
        span = max(hi - lo, pd.Timedelta(days=30))
        gap = span * 0.012
        row_end = pd.concat([base_end, fc_end], axis=1).max(axis=1).fillna(start)
        fig.add_scatter(
            x=row_end + gap,
            y=labels,
            mode="text",
            name=t("Status and slip"),
            text=[f"{w} · {s}" for w, s in zip(words, slips, strict=True)],
            textposition="middle right",
            textfont={"size": 13, "color": INK},
            cliponaxis=False,
            showlegend=False,
            customdata=custom,
            hovertemplate=hover,
        )
        # room on the right for the "Red · +45 d" labels
        fig.update_xaxes(range=[lo - span * 0.02, hi + span * 0.11])
    _as_of_line(fig, as_of, as_of_label(as_of))
    fig.update_layout(
        barmode="overlay",
        bargap=0.2,
        hovermode="closest",
        legend={"orientation": "h", "y": 0, "yanchor": "top", "x": 0, "xanchor": "left"},
        margin={"t": 96, "b": 16},
    )
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=labels,
        # first row on top; a fixed range, as autorange pads for the markers
        range=[len(labels) - 0.5, -0.5],
        autorange=False,
        showgrid=False,
        title=None,
        tickfont={"size": 13},
    )
    fig.update_xaxes(
        type="date", side="top", title=None, showgrid=True, gridcolor="#E4E7EB", ticks="outside"
    )
    height = max(320, 170 + GANTT_ROW_PX * len(rows))
    return theme.apply(fig, t("Roadmap: baseline vs forecast per project"), height=height)


def _gate_marks(
    fig: go.Figure, rows: pd.DataFrame, labels: list[str], gates: pd.DataFrame, as_of: date
) -> None:
    if gates is None or gates.empty:
        return
    label_of = dict(zip(rows["project_id"], labels, strict=True))
    shown = gates[gates["project_id"].isin(label_of)]
    actual = pd.to_datetime(shown["actual_date"])
    passed = actual.notna() & (actual <= pd.Timestamp(as_of))
    when = actual.where(passed, pd.to_datetime(shown["forecast_date"]))
    for is_passed, name, fill in (
        (True, t("Gate passed"), INK),
        (False, t("Gate ahead (forecast)"), "#FFFFFF"),
    ):
        part = shown[(passed == is_passed).to_numpy() & when.notna().to_numpy()]
        if part.empty:
            continue
        dates = when[part.index]
        fig.add_scatter(
            x=dates,
            y=[label_of[p] for p in part["project_id"]],
            mode="markers",
            name=name,
            marker={
                "symbol": GATE_SYMBOL,
                "size": 12,
                "color": fill,
                "line": {"color": INK, "width": 1.5},
            },
            customdata=chart_text.rows(
                [p, str(n), fmt.day(d), fmt.day(b)]
                for p, n, d, b in zip(
                    part["project_id"], part["name"], dates, part["baseline_date"], strict=True
                )
            ),
            hovertemplate=(
                "%{customdata[0]} · <b>%{customdata[1]}</b> "
                + GATE_MARK
                + "<br>"
                + (t("Passed") if is_passed else t("Forecast"))
                + ": %{customdata[2]}<br>"
                + t("Baseline")
                + ": %{customdata[3]}<extra></extra>"
            ),
        )


def milestone_label(name, is_gate: bool) -> str:
    """A milestone's name on a chart (axis, line end, hover), as chart text."""
    return chart_text.text(f"{GATE_MARK} {name}" if is_gate else str(name))


@memo.memoised
def milestone_plan(milestones: pd.DataFrame, as_of: date, title: str | None = None) -> go.Figure:
    """One row per milestone: baseline (hollow), forecast (filled, slip written beside it)
    while open, actual date (✓) once achieved; gates are diamonds and carry ◆ in their name.
    ``customdata[0]`` is the milestone id."""
    ms = milestones.sort_values(["baseline_date", "milestone_id"], kind="stable")
    gates = ms["is_gate"].fillna(False).astype(bool).tolist()
    names = [milestone_label(n, g) for n, g in zip(ms["name"], gates, strict=True)]
    symbols = [GATE_SYMBOL if g else MILESTONE_SYMBOL for g in gates]
    base = pd.to_datetime(ms["baseline_date"])
    forecast = pd.to_datetime(ms["forecast_date"])
    actual = pd.to_datetime(ms["actual_date"])
    achieved = (actual.notna() & (actual <= pd.Timestamp(as_of))).tolist()
    landed = [a if done else f for a, f, done in zip(actual, forecast, achieved, strict=True)]
    slip = [
        (lnd - b).days if pd.notna(lnd) and pd.notna(b) else None
        for lnd, b in zip(landed, base, strict=True)
    ]
    ids = chart_text.texts(ms["milestone_id"])
    fig = go.Figure()
    # baseline → forecast/actual connectors, one trace (None breaks the line between rows)
    xs: list = []
    ys: list = []
    for name, b, lnd in zip(names, base, landed, strict=True):
        if pd.notna(b) and pd.notna(lnd):
            xs += [b, lnd, None]
            ys += [name, name, None]
    fig.add_scatter(
        x=xs,
        y=ys,
        mode="lines",
        line={"color": "#9AA5B1", "width": 2},
        showlegend=False,
        hoverinfo="skip",
    )
    fig.add_scatter(
        x=base,
        y=names,
        mode="markers",
        name=t("Baseline"),
        marker={
            "symbol": [f"{s}-open" for s in symbols],
            "size": 14,
            "color": AS_OF_LINE,
            "line": {"width": 2},
        },
        customdata=[[i, fmt.day(b)] for i, b in zip(ids, base, strict=True)],
        hovertemplate="%{y}<br>" + t("Baseline") + ": %{customdata[1]}<extra></extra>",
    )
    open_idx = [i for i, done in enumerate(achieved) if not done and pd.notna(forecast.iloc[i])]
    if open_idx:
        fig.add_scatter(
            x=[forecast.iloc[i] for i in open_idx],
            y=[names[i] for i in open_idx],
            mode="markers+text",
            name=t("Forecast (open)"),
            marker={
                "symbol": [symbols[i] for i in open_idx],
                "size": 15,
                "color": theme.SERIES_COLORS["planned"],
                "line": {"color": INK, "width": 1},
            },
            text=[fmt.days(slip[i]) if slip[i] else t("on plan") for i in open_idx],
            textposition="middle right",
            textfont={"size": 13},
            customdata=[[ids[i], fmt.day(forecast.iloc[i])] for i in open_idx],
            hovertemplate="%{y}<br>" + t("Forecast") + ": %{customdata[1]} (%{text})"
            "<extra></extra>",
        )
    done_idx = [i for i, done in enumerate(achieved) if done]
    if done_idx:
        fig.add_scatter(
            x=[actual.iloc[i] for i in done_idx],
            y=[names[i] for i in done_idx],
            mode="markers+text",
            name=t("Achieved (actual date)"),
            marker={
                "symbol": [symbols[i] for i in done_idx],
                "size": 15,
                "color": INK,
            },
            text=["✓ " + (fmt.days(slip[i]) if slip[i] else t("on plan")) for i in done_idx],
            textposition="middle right",
            textfont={"size": 13},
            customdata=[[ids[i], fmt.day(actual.iloc[i])] for i in done_idx],
            hovertemplate="%{y}<br>" + t("Achieved") + ": %{customdata[1]} (%{text})"
            "<extra></extra>",
        )
    _as_of_line(fig, as_of, as_of_label(as_of))
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=names,
        range=[len(names) - 0.5, -0.5],
        autorange=False,
        showgrid=False,
    )
    fig.update_xaxes(type="date", title=t("Date"), showgrid=True, gridcolor="#EEF0F2")
    fig.update_layout(legend=_BOTTOM_LEGEND | {"y": -0.22})
    height = max(320, 170 + 40 * len(ms))
    return theme.apply(
        fig, title or t("Milestones: baseline, forecast, actual ({g} = gate)", g=GATE_MARK), height
    )


def spread(values: list[float], gap: float) -> list[float]:
    """Move sorted-by-value labels apart so that neighbours are at least ``gap`` apart,
    keeping their order (returned in the input order)."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    placed = list(values)
    previous = None
    for i in order:
        if previous is not None and placed[i] < previous + gap:
            placed[i] = previous + gap
        previous = placed[i]
    return placed


def _end_labels(fig: go.Figure, ends: list, gap: pd.Timedelta, shift: pd.Timedelta) -> None:
    """Each milestone's name right of its line's last point, pushed apart where they crowd."""
    if not ends:
        return
    placed = spread([pd.Timestamp(y).value for _, y, _ in ends], gap.value)
    fig.add_scatter(
        x=[x + shift for x, _, _ in ends],
        y=[pd.Timestamp(int(y)) for y in placed],
        mode="text",
        name=t("Milestone names"),
        text=[name for _, _, name in ends],
        textposition="middle right",
        textfont={"size": 13, "color": INK},
        cliponaxis=False,
        showlegend=False,
        hoverinfo="skip",
    )


MTA_SOURCE_LABELS = {
    "baseline": N_("Baseline (plan at project start)"),
    "import": N_("Import"),
    "achieved": N_("Achieved"),
    "as_of": N_("Still forecast at the as-of date"),
}


@memo.memoised
def milestone_trend(points: pd.DataFrame, as_of: date, title: str | None = None) -> go.Figure:
    """Milestone trend analysis: x = report date, y = forecast date, one line per milestone.

    A line that rises slipped, a flat line held its date, a line that meets the dashed
    diagonal ("due now": report date = forecast date) was reached there. Lines step (the
    forecast holds until the next report); gates use diamonds; each line's name is written at
    its last point. ``customdata[0]`` is the milestone id.
    """
    fig = go.Figure()
    order = (
        points.groupby("milestone_id", sort=False)["forecast_date"].min().sort_values().index
        if not points.empty
        else []
    )
    ends: list[tuple[pd.Timestamp, pd.Timestamp, str]] = []
    for k, milestone_id in enumerate(order):
        line = points[points["milestone_id"] == milestone_id].sort_values(
            "report_date", kind="stable"
        )
        gate = bool(line["is_gate"].iloc[0])
        name = milestone_label(line["name"].iloc[0], gate)
        colour = TREND_COLORS[k % len(TREND_COLORS)]
        symbols = [
            "star" if s == "achieved" else (GATE_SYMBOL if gate else MILESTONE_SYMBOL)
            for s in line["source"]
        ]
        ends.append((line["report_date"].iloc[-1], line["forecast_date"].iloc[-1], name))
        fig.add_scatter(
            x=line["report_date"],
            y=line["forecast_date"],
            mode="lines+markers",
            line={"color": colour, "width": 3, "shape": "hv"},
            marker={
                "symbol": symbols,
                "size": 11,
                "color": colour,
                "line": {"color": INK, "width": 1},
            },
            name=name,
            showlegend=False,
            customdata=[
                [
                    chart_text.text(milestone_id),
                    fmt.day(r),
                    fmt.day(f),
                    t(MTA_SOURCE_LABELS.get(s, s)),
                ]
                for r, f, s in zip(
                    line["report_date"], line["forecast_date"], line["source"], strict=True
                )
            ],
            hovertemplate=(
                "<b>"
                + name.replace("%", "%%")
                + "</b><br>"
                + t("Reported")
                + ": %{customdata[1]} · %{customdata[3]}<br>"
                + t("Forecast")
                + ": %{customdata[2]}<extra></extra>"
            ),
        )
    as_of_ts = pd.Timestamp(as_of)
    if not points.empty:
        x_lo = points["report_date"].min()
        x_hi = max(points["report_date"].max(), as_of_ts)
        y_lo = min(points["forecast_date"].min(), x_lo)
        y_hi = max(points["forecast_date"].max(), x_hi)
        x_pad = (x_hi - x_lo) * 0.25 + pd.Timedelta(days=14)
        y_pad = (y_hi - y_lo) * 0.04 + pd.Timedelta(days=7)
        x_range = [x_lo - pd.Timedelta(days=7), x_hi + x_pad]  # room for the names
        fig.add_scatter(
            x=[x_range[0], x_range[1]],
            y=[x_range[0], x_range[1]],
            mode="lines",
            name=t("Due now (report date = forecast date)"),
            line={"color": AS_OF_LINE, "width": 2, "dash": "dash"},
            hoverinfo="skip",
        )
        fig.update_xaxes(range=x_range)
        fig.update_yaxes(range=[y_lo - y_pad, y_hi + y_pad])
        _as_of_line(fig, as_of, as_of_label(as_of))
        _end_labels(
            fig,
            ends,
            gap=(y_hi - y_lo + 2 * y_pad) * LABEL_GAP_SHARE,
            shift=(x_range[1] - x_range[0]) * 0.008,
        )
    fig.update_xaxes(type="date", title=t("Report date"), showgrid=True, gridcolor="#EEF0F2")
    fig.update_yaxes(type="date", title=t("Forecast date"), showgrid=True)
    fig.update_layout(hovermode="closest", legend=_BOTTOM_LEGEND)
    return theme.apply(fig, title or t("Milestone trend: forecast date at each report"), height=520)
