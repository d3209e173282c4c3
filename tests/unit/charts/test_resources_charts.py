"""Resources figures: the right marks, percentages and markers beside colours, clickable cells."""

from __future__ import annotations

import pandas as pd

from steerco.analytics import resources as ra
from steerco.charts import resources as charts
from steerco.charts import theme

NOV, DEC, JAN = (pd.Timestamp(m) for m in ("2026-11-01", "2026-12-01", "2027-01-01"))


def _cells() -> pd.DataFrame:
    frame = pd.DataFrame(
        [
            ("Ann", NOV, 20.0, 22.0),  # 110 % over
            ("Ann", DEC, 20.0, 20.0),  # 100 % exactly: allocated
            ("Bob", NOV, 20.0, 8.0),  # 40 % under-used
            ("Bob", DEC, 0.0, 3.0),  # demand without capacity: over
            ("Bob", JAN, 0.0, 0.0),  # nothing: blank
        ],
        columns=["resource", "month", "capacity_days", "planned_days"],
    )
    return ra.with_load(frame)


def _by_name(fig, name_start: str):
    return next(tr for tr in fig.data if tr.name and tr.name.startswith(name_start))


def test_percent_texts_never_round_across_a_threshold():
    assert charts.pct_text(100.0, ra.OK) == "100 %"
    assert charts.pct_text(100.1, ra.OVER) == "100.1 %"  # not "100 %", which is not over
    assert charts.pct_text(100.04, ra.OVER) == "100.1 %"
    assert charts.pct_text(112.4, ra.OVER) == "112 %"
    assert charts.pct_text(49.8, ra.UNDER) == "49.8 %"  # not "50 %", which is not under
    assert charts.pct_text(49.97, ra.UNDER) == "49.9 %"
    assert charts.pct_text(38.0, ra.UNDER) == "38 %"
    assert charts.pct_text(float("nan"), ra.OK) == "–"


def test_cell_texts_carry_a_marker_beside_the_colour():
    assert charts.cell_text(110.0, ra.OVER, 20.0, 22.0) == "▲ 110 %"
    assert charts.cell_text(100.0, ra.OK, 20.0, 20.0) == "100 %"
    assert charts.cell_text(40.0, ra.UNDER, 20.0, 8.0) == "▽ 40 %"
    assert charts.cell_text(float("nan"), ra.OVER, 0.0, 3.0) == "▲ no capacity"
    assert charts.cell_text(float("nan"), ra.EMPTY, 0.0, 0.0) == ""


def test_heat_map_draws_one_clickable_tile_per_cell_in_ranking_order():
    months = [NOV, DEC, JAN]
    fig = charts.load_grid(_cells(), "resource", ["Bob", "Ann"], months, title="Load")
    over = _by_name(fig, "▲ Over-allocated")
    ok = _by_name(fig, "Allocated")
    under = _by_name(fig, "▽ Under-used")
    assert over.marker.color == theme.RAG_COLORS["R"]
    # Ann's November (row 1) and Bob's December without capacity (row 0)
    assert list(over.text) == ["▲ 110 %", "▲ no capacity"]
    assert list(over.base) == [1, 0]
    assert [list(c) for c in over.customdata] == [["Ann", "2026-11-01"], ["Bob", "2026-12-01"]]
    assert list(ok.text) == ["100 %"] and list(ok.customdata[0]) == ["Ann", "2026-12-01"]
    assert list(under.text) == ["▽ 40 %"] and list(under.base) == [0]
    # Bob's January has neither capacity nor demand: no tile at all
    drawn = sum(len(tr.x) for tr in fig.data if tr.type == "bar")
    assert drawn == 4
    # names top to bottom in ranking order, months left to right
    assert list(fig.layout.yaxis.ticktext) == ["Bob", "Ann"]
    assert tuple(fig.layout.yaxis.range) == (2, 0)
    assert list(fig.layout.xaxis.categoryarray) == ["Nov<br>2026", "Dec<br>2026", "Jan<br>2027"]
    assert "100 %" in over.name  # the legend states the threshold


def test_heat_map_outlines_and_bolds_the_as_of_month():
    fig = charts.load_grid(
        _cells(), "resource", ["Bob", "Ann"], [NOV, DEC, JAN], title="Load", as_of_month=DEC
    )
    assert list(fig.layout.xaxis.ticktext)[1] == "<b>Dec<br>2026</b>"
    outline = fig.layout.shapes[0]
    assert (outline.x0, outline.x1, outline.y0, outline.y1) == (0.5, 1.5, 0, 2)


def test_heat_map_height_grows_with_the_rows():
    small = charts.load_grid(_cells(), "resource", ["Ann"], [NOV], title="x")
    large = charts.load_grid(_cells(), "resource", ["Ann", "Bob"], [NOV], title="x")
    assert large.layout.height - small.layout.height == charts.GRID_ROW_PX


def test_capacity_vs_demand_has_demand_bars_a_capacity_line_and_utilisation_labels():
    months = ra.with_load(
        pd.DataFrame(
            {
                "month": [NOV, DEC],
                "capacity_days": [100.0, 80.0],
                "planned_days": [75.0, 88.0],
            }
        )
    )
    fig = charts.capacity_vs_demand(months, as_of_month=NOV)
    bars, line = fig.data
    assert bars.type == "bar" and line.type == "scatter"
    assert list(bars.y) == [75.0, 88.0]
    assert list(line.y) == [100.0, 80.0]
    assert list(bars.text) == ["75 %", "▲ 110 %"]  # 88 / 80 = 110 %
    assert list(bars.marker.color) == [theme.SERIES_COLORS["planned"], theme.RAG_COLORS["R"]]
    assert list(bars.customdata) == ["2026-11-01", "2026-12-01"]
    assert fig.layout.title.text == "Capacity vs demand (planned days)"
    assert fig.layout.yaxis.title.text == "Days"


def _sourcing() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "month": [NOV, NOV, DEC],
            "sourcing": ["Internal", "External", "Internal"],
            "planned_days": [10.0, 5.0, 4.0],
            "planned_cost": [5_000.0, 5_000.0, 2_400.0],
        }
    )


def test_sourcing_days_stack_internal_and_external_with_month_totals():
    fig = charts.sourcing_days(_sourcing(), months=[NOV, DEC])
    internal, external, totals = fig.data
    assert (internal.name, external.name) == ("Internal", "External")
    assert internal.marker.color == charts.SOURCING_COLORS["Internal"]
    assert list(internal.y) == [10.0, 4.0] and list(external.y) == [5.0]
    assert list(totals.text) == ["15 d", "4 d"]
    assert fig.layout.barmode == "stack"
    assert fig.layout.yaxis.title.text == "Planned days"


def test_sourcing_cost_writes_money_and_month_totals():
    fig = charts.sourcing_cost(_sourcing(), "EUR", months=[NOV, DEC])
    internal, _, totals = fig.data
    assert list(internal.text) == ["€5.0k", "€2.4k"]
    assert list(totals.text) == ["€10k", "€2.4k"]  # 5 000 + 5 000; 2 400
    assert fig.layout.title.text == "Planned cost: internal vs external"
    assert fig.layout.yaxis.title.text == "Cost (€)"


def test_rows_without_sourcing_get_their_own_grey_series():
    frame = pd.concat(
        [
            _sourcing(),
            pd.DataFrame(
                {"month": [DEC], "sourcing": [None], "planned_days": [2.0], "planned_cost": [0.0]}
            ),
        ],
        ignore_index=True,
    )
    fig = charts.sourcing_days(frame, months=[NOV, DEC])
    unknown = _by_name(fig, "Unknown sourcing")
    assert unknown.marker.color == charts.UNKNOWN_COLOR
    assert list(unknown.y) == [2.0]
