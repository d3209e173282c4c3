"""Text from data reaches a chart as text: Plotly draws a subset of HTML in mark texts,
hover labels, tick labels and legend names, so a milestone named like a link must arrive
escaped (``&lt;a href…``), never as a live ``<a href>``; a click still reads the raw value."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd

from steerco.analytics import roadmap as rm
from steerco.charts import finance, labels, portfolio, project, roadmap, vendors
from steerco.ui import components

AS_OF = date(2026, 6, 15)
LINK = '<a href="http://evil.example">m</a>'
SHOWN = '&lt;a href="http://evil.example"&gt;m&lt;/a&gt;'


def _figure_text(fig) -> str:
    """Every string of the figure as Plotly receives it (traces and layout)."""
    return json.dumps(fig.to_plotly_json(), ensure_ascii=False, default=str)


def assert_escaped(fig) -> None:
    text = _figure_text(fig)
    assert "<a " not in text and "</a>" not in text
    assert "&lt;a href=" in text and "&lt;/a&gt;" in text


def test_label_helpers_escape_markup_and_give_the_raw_value_back():
    assert labels.text("R&D <b>") == "R&amp;D &lt;b&gt;"
    assert labels.texts([LINK, 3, None]) == [SHOWN, 3, None]
    assert labels.rows([[LINK, 1]]) == [[SHOWN, 1]]
    for value in (LINK, "R&D", "&amp;", "plain", 7):
        assert labels.raw(labels.text(value)) == value


def test_a_click_hands_back_the_raw_value_of_escaped_customdata():
    event = {"selection": {"points": [{"customdata": [SHOWN, "P&amp;1"]}]}}
    assert components.clicked(event) == [LINK, "P&1"]
    assert components.clicked_marks(event) == [[LINK, "P&1"]]


def _dates(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    for column in columns:
        frame[column] = pd.to_datetime(frame[column])
    return frame


def test_gantt_escapes_project_and_gate_names_in_ticks_texts_and_hover():
    rows = _dates(
        pd.DataFrame(
            [("P<1>", LINK, "2026-01-01", "2026-03-02", "2026-05-01", "R")],
            columns=[
                "project_id",
                "name",
                "start_date",
                "baseline_end_date",
                "forecast_end_date",
                "overall_rag",
            ],
        ),
        "start_date",
        "baseline_end_date",
        "forecast_end_date",
    )
    gates = _dates(
        pd.DataFrame(
            [("G1", "P<1>", LINK, "2026-02-01", "2026-02-10", None, True)],
            columns=[
                "milestone_id",
                "project_id",
                "name",
                "baseline_date",
                "forecast_date",
                "actual_date",
                "is_gate",
            ],
        ),
        "baseline_date",
        "forecast_date",
        "actual_date",
    )
    fig = roadmap.gantt(rm.project_schedule(rows), gates, AS_OF)
    assert_escaped(fig)
    # the name is cut on the axis first, then escaped (an entity is never cut in half)
    cut = labels.text(LINK[: roadmap.GANTT_NAME_CHARS - 1])
    assert list(fig.layout.yaxis.categoryarray) == [f"P&lt;1&gt; · {cut}…"]
    bar = next(tr for tr in fig.data if tr.name == "Baseline")
    assert list(bar.customdata[0][:2]) == ["P&lt;1&gt;", SHOWN]
    # the click on the bar opens the project as stored
    click = {"selection": {"points": [{"customdata": list(bar.customdata[0])}]}}
    assert components.clicked(click)[0] == "P<1>"


def _milestones() -> pd.DataFrame:
    frame = pd.DataFrame(
        [("M1", LINK, "2026-03-01", "2026-04-15", None, True),
         ("M2", "R&D done", "2026-09-01", "2026-09-01", None, False)],
        columns=["milestone_id", "name", "baseline_date", "forecast_date", "actual_date",
                 "is_gate"],
    )  # fmt: skip
    return _dates(frame, "baseline_date", "forecast_date", "actual_date")


def test_milestone_plan_and_slip_escape_milestone_names_on_the_axis():
    plan = roadmap.milestone_plan(_milestones(), AS_OF)
    assert_escaped(plan)
    assert list(plan.layout.yaxis.categoryarray) == [f"◆ {SHOWN}", "R&amp;D done"]
    slip = project.milestone_slip(_milestones(), AS_OF)
    assert_escaped(slip)
    assert list(slip.data[-1].y) == ["R&amp;D done", f"{SHOWN} ◆"]


def test_milestone_trend_escapes_line_names_hover_and_end_labels():
    versions = _dates(
        pd.DataFrame(
            {
                "milestone_id": ["M1", "M1"],
                "name": [LINK, LINK],
                "baseline_date": ["2026-08-01", "2026-08-01"],
                "forecast_date": ["2026-09-01", "2026-10-01"],
                "actual_date": [None, None],
                "is_gate": [False, False],
                "_valid_from": ["2026-02-01", "2026-04-01"],
            }
        ),
        "baseline_date",
        "forecast_date",
        "actual_date",
        "_valid_from",
    )
    fig = roadmap.milestone_trend(rm.mta_points(versions, AS_OF, date(2026, 1, 1)), AS_OF)
    assert_escaped(fig)
    line = next(tr for tr in fig.data if tr.mode == "lines+markers")
    assert line.name == SHOWN and SHOWN in line.hovertemplate
    ends = next(tr for tr in fig.data if tr.mode == "text")
    assert list(ends.text) == [SHOWN]


def test_portfolio_and_finance_bars_escape_programme_names_and_keep_the_key_raw():
    frame = pd.DataFrame({"programme": [LINK], "approved_budget": [100.0], "eac": [120.0]})
    assert_escaped(portfolio.budget_vs_eac(frame))
    spend = pd.DataFrame(
        {"programme": [LINK], "budget": [500.0], "actual": [300.0], "forecast": [250.0]}
    )
    fig = finance.spend_bars(spend, "programme", "Spend by programme")
    assert_escaped(fig)
    click = {"selection": {"points": [{"customdata": list(fig.data[0].customdata[0])}]}}
    assert components.clicked(click)[:2] == [LINK, LINK]


def test_vendor_scorecard_escapes_vendor_names_and_a_click_reads_the_vendor():
    frame = pd.DataFrame(
        {
            "vendor": [LINK],
            "sla_pct": [97.0],
            "sla_band": ["G"],
            "satisfaction": [4.2],
            "satisfaction_band": ["G"],
            "spend_pct": [90.0],
            "spend_band": ["G"],
            "contracts": [1],
            "annual_value": [1000.0],
        }
    )
    fig = vendors.scorecard(frame)
    assert_escaped(fig)
    marks = [list(tr.customdata) for tr in fig.data if tr.customdata is not None]
    click = {"selection": {"points": [{"customdata": [marks[0][0]]}]}}
    assert components.clicked(click) == [LINK]
