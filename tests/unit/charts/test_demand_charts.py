"""Demand figures: pipeline bars with counts and cost, value-vs-effort bubbles."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from steerco.analytics import demand as analytics
from steerco.charts import demand as charts


def _pipeline() -> pd.DataFrame:
    counts = pd.DataFrame(
        {
            "status": ["New", "Approved", "Rejected"],
            "requests": [3, 2, 1],
            "cost_estimate": [1_200.0, 250_000.0, 50_000.0],
            "effort_days": [1.0, 2.0, 3.0],
        }
    )
    return analytics.pipeline(counts)


def test_pipeline_bars_follow_the_flow_with_count_and_cost_on_each_bar():
    bar = charts.pipeline_bars(_pipeline()).data[0]
    assert list(bar.y) == ["New", "Assessing", "Approved", "Converted", "Rejected"]
    assert list(bar.x) == [3, 0, 2, 0, 1]
    assert list(bar.text) == ["3 · €1.2k", "0 · €0", "2 · €250k", "0 · €0", "1 · €50k"]
    assert list(bar.customdata) == list(analytics.PIPELINE_ORDER)
    assert bar.marker.color[0] == charts.STATUS_COLORS["New"]


def _requests() -> pd.DataFrame:
    rows = [
        ("R-1", "Approved", 12.0, 40.0, 400_000.0, 2),
        ("R-2", "New", 9.0, 10.0, 100_000.0, 1),
        ("R-3", "Rejected", 6.0, 100.0, 0.0, None),
        ("R-4", "New", 8.0, 0.0, 50_000.0, None),  # no effort: not on the chart
        ("R-5", "Assessing", None, 20.0, 50_000.0, None),  # scores missing: not on the chart
        ("R-6", "Assessing", 10.0, 80.0, 25_000.0, 3),
    ]
    frame = pd.DataFrame(
        rows,
        columns=["request_id", "status", "value_points", "effort_days", "cost_estimate", "rank"],
    )
    frame["title"] = [f"Request number {i} with a rather long title" for i in range(1, 7)]
    frame["priority_score"] = frame["value_points"] / (frame["effort_days"] / 20).clip(lower=0.5)
    frame["backlog_rank"] = frame.pop("rank").astype("Int64")
    return frame


def test_bubbles_one_trace_per_status_with_request_ids_as_customdata():
    fig = charts.value_effort_bubbles(_requests(), top_labels=2)
    names = [trace.name for trace in fig.data]
    assert names == ["New", "Assessing", "Approved", "Rejected"]  # flow order, legend
    by_status = {trace.name: trace for trace in fig.data}
    assert list(by_status["New"].customdata) == ["R-2"]  # R-4 (no effort) is left out
    assert list(by_status["Assessing"].customdata) == ["R-6"]  # R-5 (no scores) is left out
    approved = by_status["Approved"]
    assert list(approved.x) == [40.0] and list(approved.y) == [12.0]
    assert approved.marker.symbol == charts.STATUS_SYMBOLS["Approved"]
    assert fig.layout.xaxis.type == "log"
    assert fig.layout.xaxis.title.text == "Effort (person-days, log scale)"
    assert fig.layout.yaxis.title.text.startswith("Value points")


def test_bubble_area_is_proportional_to_the_cost():
    fig = charts.value_effort_bubbles(_requests())
    size = {trace.customdata[0]: trace.marker.size[0] for trace in fig.data}
    assert size["R-1"] == charts.MAX_BUBBLE_PX  # the largest cost
    # a quarter of the cost → half the diameter (area ∝ cost)
    assert size["R-2"] == pytest.approx(charts.MAX_BUBBLE_PX * math.sqrt(0.25))
    assert size["R-3"] == charts.MIN_BUBBLE_PX  # no cost: still visible


def test_only_the_top_backlog_requests_are_named_with_their_rank():
    fig = charts.value_effort_bubbles(_requests(), top_labels=2)
    texts = sorted(a.text for a in fig.layout.annotations)
    assert texts == [
        "#1 " + charts.short("Request number 2 with a rather long title"),
        "#2 " + charts.short("Request number 1 with a rather long title"),
    ]
    assert all(t.endswith("…") and len(t) <= charts.LABEL_CHARS + 3 for t in texts)
    note = next(a for a in fig.layout.annotations if a.text.startswith("#1"))
    assert note.x == pytest.approx(1.0) and note.y == 9.0  # log10(10 days), value points


def test_callouts_of_a_dense_cluster_do_not_overlap():
    n = 8
    shown = pd.DataFrame(
        {
            "effort_days": [20.0 + i for i in range(n)],
            "value_points": [10.0 + (i % 2) for i in range(n)],
            "title": ["A long request title to place"] * n,
        }
    )
    ranks = pd.Series(range(1, n + 1), dtype="Int64")
    notes = charts.callouts(shown, ranks, n, [0.5, 3.0], [2.0, 16.5])
    assert len(notes) == n
    width, height = charts.PLOT_PX
    boxes = []
    for note in notes:
        px = (note["x"] - 0.5) / 2.5 * width
        py = (note["y"] - 2.0) / 14.5 * height
        half_w = (charts.CHAR_PX * len(note["text"]) + 10) / 2
        boxes.append(
            charts._box(
                px + note["ax"], py - note["ay"], note["ax"], half_w, charts.LABEL_PX_HEIGHT / 2
            )
        )
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not charts._overlaps(a, b)
