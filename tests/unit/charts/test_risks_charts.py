"""Risks & RAID figures: the heat map's cells, words and clickable points; the trend's two
series; the ageing bars with counts and click data."""

from __future__ import annotations

import pandas as pd

from steerco.analytics import risks as ra
from steerco.charts import risks as rc

BANDS = ra.ScoreBands()


def _cells() -> pd.DataFrame:
    risks = pd.DataFrame(
        {
            "probability": pd.array([5, 5, 1, 3], dtype="Int64"),
            "impact": pd.array([5, 5, 1, 4], dtype="Int64"),
        }
    )
    return ra.heatmap_cells(risks, BANDS)


def _shape_at(fig, impact: int, probability: int):
    for shape in fig.layout.shapes:
        if shape.x0 < impact < shape.x1 and shape.y0 < probability < shape.y1:
            return shape
    raise AssertionError(f"no cell at impact {impact}, probability {probability}")


def _annotation_at(fig, impact: int, probability: int) -> str:
    for note in fig.layout.annotations:
        if note.x == impact and note.y == probability:
            return note.text
    raise AssertionError(f"no text at impact {impact}, probability {probability}")


def test_heatmap_draws_25_cells_coloured_by_band_with_count_band_and_score_written():
    fig = rc.heatmap(_cells(), BANDS)
    assert len(fig.layout.shapes) == 25
    assert len(fig.layout.annotations) == 25
    assert _shape_at(fig, 5, 5).fillcolor == rc.BAND_COLORS["Critical"]
    assert _shape_at(fig, 3, 5).fillcolor == rc.BAND_COLORS["High"]  # 15
    assert _shape_at(fig, 5, 1).fillcolor == rc.BAND_COLORS["Medium"]  # 5
    assert _shape_at(fig, 1, 1).fillcolor == rc.BAND_COLORS["Low"]
    # the count and the band are written, not only coloured
    assert _annotation_at(fig, 5, 5).startswith("<b>2</b>")
    assert "Critical · 25" in _annotation_at(fig, 5, 5)
    assert _annotation_at(fig, 4, 3).startswith("<b>1</b>") and "Medium · 12" in _annotation_at(
        fig, 4, 3
    )
    assert _annotation_at(fig, 2, 2).startswith("<b>0</b>")
    # an empty cell is paler than a cell with risks
    assert _shape_at(fig, 2, 2).opacity < _shape_at(fig, 1, 1).opacity == 1


def test_heatmap_points_map_a_click_back_to_the_cell():
    fig = rc.heatmap(_cells(), BANDS)
    (points,) = fig.data
    assert len(points.x) == 25
    custom = {(c[0], c[1]): c for c in points.customdata}  # probability, impact
    assert custom[(5, 5)] == [5, 5, 25, 2]
    assert custom[(3, 4)] == [3, 4, 12, 1]
    assert custom[(1, 2)] == [1, 2, 2, 0]
    # the point of each cell sits at its centre: x = impact, y = probability
    centre = dict(zip(zip(points.y, points.x, strict=True), points.customdata, strict=True))
    assert centre[(3, 4)][:2] == [3, 4]
    assert fig.layout.clickmode == "event+select"


def test_heatmap_axes_impact_on_x_probability_on_y_square_1_to_5():
    fig = rc.heatmap(_cells(), BANDS)
    assert fig.layout.xaxis.title.text == "Impact"
    assert fig.layout.yaxis.title.text == "Probability"
    assert list(fig.layout.xaxis.tickvals) == [1, 2, 3, 4, 5]
    assert fig.layout.xaxis.ticktext[4] == "5<br>Severe"
    assert fig.layout.yaxis.ticktext[4] == "Almost certain 5"
    assert fig.layout.yaxis.scaleanchor == "x"
    assert list(fig.layout.xaxis.range) == [0.5, 5.5]
    assert fig.layout.title.text == "Open risks by probability and impact"


def test_open_trend_shows_count_and_score_with_units():
    trend = pd.DataFrame(
        {
            "date": pd.to_datetime(["2026-09-16", "2026-10-16", "2026-11-16"]),
            "open_risks": [3, 4, 2],
            "open_score": [30, 41, 12],
        }
    )
    fig = rc.open_trend(trend, "month")
    count, score = fig.data
    assert list(count.y) == [3, 4, 2] and list(score.y) == [30, 41, 12]
    assert list(count.text) == ["3", "", "2"]  # first and last values written
    assert fig.layout.title.text == "Open risks over time (monthly)"
    titles = [a.text for a in fig.layout.annotations]
    assert "Open risks (count)" in titles and "Total open risk score (points)" in titles
    assert fig.layout.yaxis.title.text == "risks" and fig.layout.yaxis2.title.text == "points"


def test_ageing_stacks_types_with_counts_totals_and_click_data():
    counts = pd.DataFrame(
        {
            "age_bucket": ["0–30 days", "0–30 days", "> 90 days", "> 90 days"],
            "type": ["Risk", "Action", "Risk", "Action"],
            "count": [2, 0, 5, 1],
        }
    )
    fig = rc.ageing(counts)
    risk, action = fig.data
    assert risk.name == "Risk" and list(risk.y) == [2, 5]
    assert list(action.text) == ["", "1"]  # a zero segment carries no label
    assert list(action.customdata[1]) == ["> 90 days", "Action"]
    assert fig.layout.barmode == "stack"
    assert [a.text for a in fig.layout.annotations] == ["<b>2</b>", "<b>6</b>"]
    assert fig.layout.yaxis.title.text == "Open items"
    assert fig.layout.xaxis.title.text == "Days open since raised"
