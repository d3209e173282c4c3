"""Operations figures: the right bars and lines, words beside colours, marks that know their
rows (customdata)."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from data_access.filters import Period
from steerco.analytics import operations as ops
from steerco.charts import operations as charts
from steerco.charts import theme

PERIOD = Period.ending(date(2026, 3, 10), 2)


def _weekly() -> pd.DataFrame:
    opened = pd.DataFrame({"day": pd.to_datetime(["2026-02-26", "2026-03-09"]), "tickets": [3, 5]})
    resolved = pd.DataFrame({"day": pd.to_datetime(["2026-03-09"]), "resolved": [4]})
    return ops.weekly_flow(opened, resolved, PERIOD, now=datetime(2026, 3, 10, 12))


def test_flow_chart_has_opened_and_resolved_bars_per_week_with_their_windows():
    fig = charts.flow_chart(_weekly(), "week")
    opened, resolved = fig.data
    assert (opened.name, resolved.name) == ("Opened", "Resolved")
    assert list(opened.y) == [3, 5] and list(resolved.y) == [0, 4]
    assert list(opened.x) == ["25 Feb–3 Mar 2026", "4–10 Mar 2026 · so far"]
    assert list(opened.text) == ["3", "5"]  # numbers on the bars
    # a click on the second opened bar selects exactly that week's (lo, hi] window
    assert list(opened.customdata[1]) == ["opened", "2026-03-04T00:00:00", "2026-03-11T00:00:00"]
    assert resolved.customdata[0][0] == "resolved"
    # the week still in progress is hatched, the finished one plain; the partial bar keeps
    # its colour (a lighter fill hatched in it, outlined dark): never white on nothing
    assert list(opened.marker.pattern.shape) == ["", charts.IN_PROGRESS_PATTERN]
    assert opened.marker.pattern.fgcolor == charts.OPENED_COLOR
    assert opened.marker.pattern.fillmode == "overlay"
    assert list(opened.marker.color) == [charts.OPENED_COLOR, charts.lighter(charts.OPENED_COLOR)]
    assert list(opened.marker.line.width) == [0, charts.IN_PROGRESS_OUTLINE_PX]
    assert fig.layout.title.text == "Tickets opened and resolved per week"
    assert fig.layout.xaxis.title.text == "Week starting" and fig.layout.yaxis.title.text
    assert list(fig.layout.xaxis.ticktext) == ["25 Feb", "4 Mar<br>so far"]


def test_flow_chart_thins_axis_labels_for_a_year_of_weeks():
    period = Period.ending(date(2026, 3, 10), 52)
    empty = pd.DataFrame(columns=["day", "tickets"])
    weekly = ops.weekly_flow(empty, pd.DataFrame(columns=["day", "resolved"]), period)
    fig = charts.flow_chart(weekly, "week")
    assert len(fig.data[0].x) == 52 and fig.data[0].text is None  # too many for numbers
    ticks = list(fig.layout.xaxis.tickvals)
    assert len(ticks) <= charts.LABELLED_PERIODS and ticks[-1] == fig.data[0].x[-1]


def test_monthly_flow_chart_names_partial_months():
    monthly = ops.monthly_flow(
        pd.DataFrame({"day": pd.to_datetime(["2026-03-02"]), "tickets": [5]}),
        pd.DataFrame(columns=["day", "resolved"]),
        PERIOD,
    )
    fig = charts.flow_chart(monthly, "month")
    assert list(fig.data[0].x) == ["Feb 2026 (25–28)", "Mar 2026 (1–10)"]
    # short ticks: the year once, the covered days of a partial month below its name
    assert list(fig.layout.xaxis.ticktext) == ["Feb 2026<br>(25–28)", "Mar<br>(1–10)"]
    assert list(fig.data[0].y) == [0, 5]
    assert list(fig.data[0].customdata[1]) == [
        "opened",
        "2026-03-01T00:00:00",
        "2026-03-11T00:00:00",
    ]


def test_backlog_chart_stacks_priorities_per_age_bucket_with_totals():
    backlog = ops.backlog_by_bucket(
        pd.DataFrame(
            {
                "priority": ["P1", "P3", "P3"],
                "age_bucket": ["0–2 d", "0–2 d", ">30 d"],
                "tickets": [1, 4, 7],
            }
        )
    )
    fig = charts.backlog_chart(backlog)
    bars = [trace for trace in fig.data if trace.type == "bar"]
    assert [b.name for b in bars] == ["P1", "P2", "P3", "P4"]
    assert list(bars[0].x) == ["0–2 d", "3–7 d", "8–30 d", ">30 d"]
    assert list(bars[2].y) == [4, 0, 0, 7]
    assert list(bars[2].customdata[3]) == ["open", ">30 d", "P3"]
    assert bars[0].marker.color == charts.PRIORITY_COLORS["P1"]
    totals = fig.data[-1]
    assert totals.mode == "text" and list(totals.text) == ["5", "0", "0", "7"]
    assert fig.layout.barmode == "stack"


def _sla() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "service": ["Service Desk", "Service Desk", "Applications"],
            "priority": ["P1", "P2", "P3"],
            "judged": [10, 20, 0],
            "compliance_pct": [95.0, 80.0, float("nan")],
            "target_pct": [90.0, 90.0, 92.0],
            "below_target": [False, True, False],
        }
    )


def test_sla_chart_says_met_or_missed_in_words_and_draws_the_targets():
    fig = charts.sla_chart(_sla())
    bars, targets = fig.data
    assert list(bars.y) == ["Service Desk · P1", "Service Desk · P2"]  # no tickets: no bar
    assert list(bars.x) == [95.0, 80.0]
    assert bars.text[0] == "95.0 % ✓"
    assert bars.text[1] == "80.0 % ✗ below 90 %"  # the word, not only the colour
    assert list(bars.marker.color) == [theme.RAG_COLORS["G"], theme.RAG_COLORS["R"]]
    assert list(targets.x) == [90.0, 90.0] and targets.name == "Target"
    assert list(bars.customdata[1]) == ["sla", "Service Desk", "P2"]
    assert fig.layout.xaxis.title.text == "Resolved within target (%)"
    # the 100 % tick is named, with room after it for its label
    assert list(fig.layout.xaxis.tickvals) == [0, 20, 40, 60, 80, 100]
    assert fig.layout.xaxis.range[1] > 100


def test_pareto_chart_has_bars_and_a_cumulative_line_on_the_right_axis():
    frame = ops.pareto(pd.Series({"Email": 50, "VPN": 25, "Laptop": 15, "Printing": 10}), top=3)
    fig = charts.pareto_chart(frame, "category", "Top categories", "Tickets")
    bars, line = fig.data
    assert list(bars.x) == ["Email", "VPN", "Laptop", "Other"]
    assert list(bars.y) == [50, 25, 15, 10]
    assert list(line.y) == [50.0, 75.0, 90.0, 100.0] and line.yaxis == "y2"
    assert list(bars.customdata[0]) == ["category", "Email"]
    assert list(bars.customdata[3]) == ["category", None]  # "Other" selects nothing
    assert bars.marker.color[3] == charts.PARETO_OTHER_COLOR
    assert fig.layout.yaxis2.title.text == "Cumulative share (%)"
    assert fig.layout.title.text == "Top categories"


def test_changes_chart_stacks_outcomes_per_week():
    cube = pd.DataFrame(
        {
            "day": pd.to_datetime(["2026-02-26", "2026-03-05", "2026-03-05"]),
            "outcome": ["Successful", "Successful", "Failed"],
            "changes": [3, 4, 1],
        }
    )
    fig = charts.changes_chart(ops.weekly_changes(cube, PERIOD))
    names = [trace.name for trace in fig.data]
    assert names == ["Successful", "Failed", "Rolled back"]
    assert list(fig.data[0].y) == [3, 4] and list(fig.data[1].y) == [0, 1]
    assert fig.data[1].marker.color == theme.RAG_COLORS["R"]
    assert list(fig.data[1].customdata[1]) == [
        "change",
        "2026-03-04T00:00:00",
        "2026-03-11T00:00:00",
        "Failed",
    ]
    assert fig.layout.barmode == "stack"


def test_builders_draw_empty_periods_without_failing():
    empty = pd.DataFrame(columns=["day", "tickets"])
    none_resolved = pd.DataFrame(columns=["day", "resolved"])
    weekly = ops.weekly_flow(empty, none_resolved, PERIOD)
    assert list(charts.flow_chart(weekly, "week").data[0].y) == [0, 0]
    backlog = ops.backlog_by_bucket(pd.DataFrame(columns=["priority", "age_bucket", "tickets"]))
    assert list(charts.backlog_chart(backlog).data[-1].text) == ["0"] * 4
    sla = _sla().iloc[0:0]
    assert len(charts.sla_chart(sla).data[0].y) == 0
    assert charts.sla_chart_height(sla) >= 300
    frame = ops.pareto(pd.Series(dtype="int64"))
    assert len(charts.pareto_chart(frame, "category", "Top categories", "Tickets").data[0].x) == 0
    cube = pd.DataFrame(columns=["day", "outcome", "changes"])
    assert sum(sum(tr.y) for tr in charts.changes_chart(ops.weekly_changes(cube, PERIOD)).data) == 0


def test_a_lighter_colour_is_mixed_with_white():
    # hand-computed: 0x00 + (255 - 0x00) × 0.6 = 153 = 0x99; 0xFF stays 0xFF
    assert charts.lighter("#00FF00", 0.6) == "#99FF99"
    assert charts.lighter("#0072B2", 0) == "#0072B2"
