"""Roadmap figure builders: the right bars and markers, RAG words beside colours, ids to click."""

from __future__ import annotations

from datetime import date

import pandas as pd

from steerco.analytics import roadmap as rm
from steerco.charts import roadmap as charts
from steerco.charts import theme

AS_OF = date(2026, 6, 15)
DAY_MS = 24 * 3600 * 1000


def _rows() -> pd.DataFrame:
    frame = pd.DataFrame(
        [
            ("P2", "Late one", "2026-01-01", "2026-03-02", "2026-05-01", "R"),
            ("P1", "A project with a very long name that is cut on the axis", "2026-01-01",
             "2026-01-31", "2026-01-31", "G"),
            ("P3", "Unreported", "2026-02-01", "2026-03-01", "2026-03-11", None),
        ],
        columns=["project_id", "name", "start_date", "baseline_end_date", "forecast_end_date",
                 "overall_rag"],
    )  # fmt: skip
    for col in ("start_date", "baseline_end_date", "forecast_end_date"):
        frame[col] = pd.to_datetime(frame[col])
    return rm.project_schedule(frame)


def _gates() -> pd.DataFrame:
    frame = pd.DataFrame(
        [
            ("G1", "P2", "Design gate", "2026-02-01", "2026-02-10", "2026-02-12", True),
            ("G2", "P2", "Go-live gate", "2026-03-01", "2026-05-01", None, True),
            ("G9", "P9", "Not drawn", "2026-03-01", "2026-05-01", None, True),
        ],
        columns=["milestone_id", "project_id", "name", "baseline_date", "forecast_date",
                 "actual_date", "is_gate"],
    )  # fmt: skip
    for col in ("baseline_date", "forecast_date", "actual_date"):
        frame[col] = pd.to_datetime(frame[col])
    return frame


def _trace(fig, name):
    return next(tr for tr in fig.data if tr.name == name)


def test_gantt_draws_baseline_and_forecast_bars_in_row_order():
    fig = charts.gantt(_rows(), _gates(), AS_OF)
    labels = list(fig.layout.yaxis.categoryarray)
    assert labels[0] == "P2 · Late one" and labels[2] == "P3 · Unreported"
    assert labels[1].endswith("…") and len(labels[1]) <= len("P1 · ") + charts.GANTT_NAME_CHARS
    assert list(fig.layout.yaxis.range) == [2.5, -0.5]  # the first row is on top
    baseline = _trace(fig, "Baseline")
    # P2: 1 Jan → 2 Mar = 60 days; P1: 30 days; P3: 28 days
    assert [round(x / DAY_MS) for x in baseline.x] == [60, 30, 28]
    red = _trace(fig, "Forecast · Red")
    assert list(red.y) == ["P2 · Late one"]
    assert round(red.x[0] / DAY_MS) == 120  # 1 Jan → 1 May
    assert red.marker.color == theme.RAG_COLORS["R"]
    assert _trace(fig, "Forecast · No report").marker.color == theme.RAG_COLORS["none"]
    assert fig.layout.barmode == "overlay"


def test_gantt_writes_the_rag_word_and_slip_beside_every_row():
    fig = charts.gantt(_rows(), _gates(), AS_OF)
    labels = _trace(fig, "Status and slip")
    assert labels.mode == "text"
    assert list(labels.text) == ["Red · +60 d", "Green · 0 d", "No report · +10 d"]
    # every bar's hover has the word too (customdata[2])
    red = _trace(fig, "Forecast · Red")
    assert red.customdata[0][2] == "Red" and "%{customdata[2]}" in red.hovertemplate


def test_gantt_marks_carry_the_project_id_for_the_click():
    fig = charts.gantt(_rows(), _gates(), AS_OF)
    for trace in fig.data:
        if trace.customdata is not None:
            assert {c[0] for c in trace.customdata} <= {"P1", "P2", "P3"}, trace.name
    assert [c[0] for c in _trace(fig, "Baseline").customdata] == ["P2", "P1", "P3"]


def test_gantt_gates_are_diamonds_filled_once_passed_and_only_for_drawn_rows():
    fig = charts.gantt(_rows(), _gates(), AS_OF)
    passed = _trace(fig, "Gate passed")
    ahead = _trace(fig, "Gate ahead (forecast)")
    assert passed.marker.symbol == ahead.marker.symbol == "diamond"
    assert list(passed.x) == [pd.Timestamp("2026-02-12")]  # at its actual date
    assert list(ahead.x) == [pd.Timestamp("2026-05-01")]  # at its forecast date
    assert passed.marker.color != ahead.marker.color
    assert all(c[0] == "P2" for c in [*passed.customdata, *ahead.customdata])  # not P9


def test_gantt_has_an_as_of_line_named_in_the_legend():
    fig = charts.gantt(_rows(), _gates(), AS_OF)
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert len(lines) == 1 and pd.Timestamp(lines[0].x0) == pd.Timestamp(AS_OF)
    assert any(tr.name == "As of 15 Jun 2026" for tr in fig.data)


def test_gantt_without_rows_is_an_empty_figure_not_an_error():
    empty = _rows().iloc[0:0]
    fig = charts.gantt(empty, _gates().iloc[0:0], AS_OF)
    assert fig.layout.title.text


def _milestones() -> pd.DataFrame:
    frame = pd.DataFrame(
        [
            ("M1", "Kick-off", "2026-01-10", "2026-01-10", "2026-01-12", False),
            ("M2", "Design gate", "2026-03-01", "2026-04-15", None, True),
            ("M3", "Go-live", "2026-09-01", "2026-09-01", None, False),
        ],
        columns=["milestone_id", "name", "baseline_date", "forecast_date", "actual_date",
                 "is_gate"],
    )  # fmt: skip
    for col in ("baseline_date", "forecast_date", "actual_date"):
        frame[col] = pd.to_datetime(frame[col])
    return frame


def test_milestone_plan_shows_baseline_forecast_and_actual_with_gates_as_diamonds():
    fig = charts.milestone_plan(_milestones(), AS_OF)
    assert list(fig.layout.yaxis.categoryarray) == ["Kick-off", "◆ Design gate", "Go-live"]
    baseline = _trace(fig, "Baseline")
    assert list(baseline.marker.symbol) == ["circle-open", "diamond-open", "circle-open"]
    forecast = _trace(fig, "Forecast (open)")
    assert list(forecast.y) == ["◆ Design gate", "Go-live"]
    assert list(forecast.marker.symbol) == ["diamond", "circle"]
    assert list(forecast.text) == ["+45 d", "on plan"]
    achieved = _trace(fig, "Achieved (actual date)")
    assert list(achieved.x) == [pd.Timestamp("2026-01-12")]
    assert list(achieved.text) == ["✓ +2 d"]
    assert [c[0] for c in forecast.customdata] == ["M2", "M3"]


def _points() -> pd.DataFrame:
    versions = pd.DataFrame(
        {
            "milestone_id": ["M1", "M1", "M2"],
            "name": ["Build", "Build", "Gate"],
            "baseline_date": pd.to_datetime(["2026-08-01", "2026-08-01", "2026-05-01"]),
            "forecast_date": pd.to_datetime(["2026-09-01", "2026-10-01", "2026-05-10"]),
            "actual_date": pd.to_datetime([None, None, "2026-05-12"]),
            "is_gate": [False, False, True],
            "_valid_from": pd.to_datetime(["2026-02-01", "2026-04-01", "2026-03-01"]),
        }
    )
    return rm.mta_points(versions, AS_OF, project_start=date(2026, 1, 1))


def test_milestone_trend_draws_one_stepped_line_per_milestone_and_the_diagonal():
    fig = charts.milestone_trend(_points(), AS_OF)
    lines = [tr for tr in fig.data if tr.customdata is not None and tr.mode == "lines+markers"]
    assert [tr.name for tr in lines] == ["◆ Gate", "Build"]  # earliest forecast first
    build = lines[1]
    assert list(build.x) == [pd.Timestamp(d) for d in ("2026-01-01", "2026-02-01",
                                                        "2026-04-01", "2026-06-15")]  # fmt: skip
    assert list(build.y) == [pd.Timestamp(d) for d in ("2026-08-01", "2026-09-01",
                                                        "2026-10-01", "2026-10-01")]  # fmt: skip
    assert build.line.shape == "hv"  # the forecast holds until the next report
    gate = lines[0]
    assert list(gate.marker.symbol) == ["diamond", "diamond", "star"]  # star: achieved
    diagonal = _trace(fig, "Due now (report date = forecast date)")
    assert list(diagonal.x) == list(diagonal.y)  # report date = forecast date
    assert fig.layout.xaxis.title.text == "Report date"
    assert fig.layout.yaxis.title.text == "Forecast date"
    names = _trace(fig, "Milestone names")
    assert sorted(n.strip() for n in names.text) == ["Build", "◆ Gate"]


def test_line_end_names_are_pushed_apart_but_keep_their_order():
    assert charts.spread([10.0, 11.0, 30.0, 10.5], gap=5.0) == [10.0, 20.0, 30.0, 15.0]
    assert charts.spread([], gap=1.0) == []
