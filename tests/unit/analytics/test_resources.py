"""Resources analytics: utilisation, over-allocation, ranking and cost, hand-computed."""

from __future__ import annotations

import math
import warnings
from datetime import date

import pandas as pd
import pytest

from steerco.analytics import resources as ra


def _cells(rows: list[tuple]) -> pd.DataFrame:
    """(resource, month, capacity_days, planned_days) → a cells frame like the query's."""
    frame = pd.DataFrame(rows, columns=["resource", "month", "capacity_days", "planned_days"])
    return frame.assign(
        month=pd.to_datetime(frame["month"]),
        team="Data",
        role="Data engineer",
        sourcing="Internal",
    )


# ------------------------------------------------------------------ window


def test_window_is_six_months_back_and_six_ahead_of_the_as_of_month() -> None:
    win = ra.window(date(2026, 11, 16))
    assert win.start == date(2026, 5, 1)
    assert win.as_of_month == date(2026, 11, 1)
    assert win.last == date(2027, 5, 1)
    assert win.end == date(2027, 6, 1)  # first day after the window (exclusive bound)
    assert len(win.months) == 13 == ra.WINDOW_MONTHS_BACK + 1 + ra.WINDOW_MONTHS_AHEAD
    assert win.months[0] == pd.Timestamp("2026-05-01")
    assert win.months[-1] == pd.Timestamp("2027-05-01")


def test_window_crosses_year_boundaries() -> None:
    win = ra.window(date(2026, 2, 28), back=3, ahead=11)
    assert (win.start, win.last, win.end) == (date(2025, 11, 1), date(2027, 1, 1), date(2027, 2, 1))


# ------------------------------------------------------------------ utilisation


def test_utilisation_is_planned_over_capacity() -> None:
    # 15 / 20 = 75 %; 22 / 20 = 110 %; 7.5 / 18 = 41.666… %
    got = ra.utilisation_pct(pd.Series([15.0, 22.0, 7.5]), pd.Series([20.0, 20.0, 18.0]))
    assert got.tolist() == pytest.approx([75.0, 110.0, 41.666_666_7])


def test_zero_capacity_gives_no_utilisation_and_no_division_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a RuntimeWarning (division by zero) would fail here
        got = ra.utilisation_pct(pd.Series([5.0, 0.0]), pd.Series([0.0, 0.0]))
        band = ra.load_band(pd.Series([5.0, 0.0]), pd.Series([0.0, 0.0]))
    assert math.isnan(got[0]) and math.isnan(got[1])
    # demand without capacity is over-allocated; nothing at all is "none" (a blank cell)
    assert band.tolist() == [ra.OVER, ra.EMPTY]


def test_exactly_100_percent_is_not_over_allocated_but_100_1_is() -> None:
    planned = pd.Series([20.0, 20.02, 20.0])
    capacity = pd.Series([20.0, 20.0, 19.98])
    # 20 / 20 = 100 % → allocated; 20.02 / 20 = 100.1 % → over; 20 / 19.98 = 100.1 % → over
    assert ra.load_band(planned, capacity).tolist() == [ra.OK, ra.OVER, ra.OVER]
    assert ra.utilisation_pct(planned, capacity)[1] == pytest.approx(100.1)
    # days over capacity: 0; 20.02 − 20 = 0.02; 20 − 19.98 = 0.02
    assert ra.over_days(planned, capacity).tolist() == pytest.approx([0.0, 0.02, 0.02])


def test_a_sum_of_fractional_days_equal_to_capacity_is_not_over() -> None:
    planned = 1.1 + 2.2  # 3.3000000000000003 in floating point
    assert planned > 3.3
    assert ra.load_band(pd.Series([planned]), pd.Series([3.3])).tolist() == [ra.OK]


def test_under_used_below_50_percent_and_not_at_50() -> None:
    planned = pd.Series([10.0, 9.9, 0.0])
    capacity = pd.Series([20.0, 20.0, 20.0])
    # 50 % → allocated; 49.5 % → under-used; 0 % of a positive capacity → under-used
    assert ra.load_band(planned, capacity).tolist() == [ra.OK, ra.UNDER, ra.UNDER]


def test_with_load_can_leave_under_use_unflagged() -> None:
    frame = pd.DataFrame({"planned_days": [4.0, 22.0], "capacity_days": [20.0, 20.0]})
    assert ra.with_load(frame)["band"].tolist() == [ra.UNDER, ra.OVER]  # 20 %, 110 %
    # a demand narrowed to some projects: 20 % of the capacity is not "under-used"
    assert ra.with_load(frame, under_pct=0.0)["band"].tolist() == [ra.OK, ra.OVER]


def test_over_days_with_zero_capacity_are_all_planned_days() -> None:
    got = ra.over_days(pd.Series([4.5, 18.0]), pd.Series([0.0, 20.0]))
    assert got.tolist() == [4.5, 0.0]


# ------------------------------------------------------------------ ranking


@pytest.fixture
def ranking() -> pd.DataFrame:
    cells = _cells(
        [
            # Ann: 22/20 = 110 % (2 d over), 18/20 = 90 %  → 2 d over, peak 110 %
            ("Ann", "2026-11-01", 20.0, 22.0),
            ("Ann", "2026-12-01", 20.0, 18.0),
            # Bob: 21/20 = 105 % (1 d over), 3 d with no capacity (3 d over) → 4 d over
            ("Bob", "2026-11-01", 20.0, 21.0),
            ("Bob", "2026-12-01", 0.0, 3.0),
            # Cat: 20/20 = 100 % exactly, 5/20 = 25 % → never over, peak 100 %
            ("Cat", "2026-11-01", 20.0, 20.0),
            ("Cat", "2026-12-01", 20.0, 5.0),
            # Dan: 8/20 = 40 % → never over, peak 40 %
            ("Dan", "2026-11-01", 20.0, 8.0),
        ]
    )
    return ra.resource_ranking(cells)


def test_ranking_puts_the_most_days_over_capacity_first(ranking) -> None:
    assert ranking["resource"].tolist() == ["Bob", "Ann", "Cat", "Dan"]
    bob, ann, cat, dan = (ranking.iloc[i] for i in range(4))
    assert bob["over_days"] == pytest.approx(4.0)  # 1 + 3
    assert bob["months_over"] == 2
    assert bob["no_capacity_months"] == 1
    assert bob["peak_pct"] == pytest.approx(105.0)  # months with capacity only
    assert bob["worst_month"] == pd.Timestamp("2026-12-01")  # 3 d over beats 1 d over
    # Bob over the window: 24 planned / 20 capacity = 120 %
    assert bob["utilisation_pct"] == pytest.approx(120.0)
    assert ann["over_days"] == pytest.approx(2.0)
    assert ann["peak_pct"] == pytest.approx(110.0)
    assert ann["worst_month"] == pd.Timestamp("2026-11-01")
    assert ann["utilisation_pct"] == pytest.approx(100.0)  # 40 / 40
    assert cat["months_over"] == 0 and cat["over_days"] == 0.0
    assert cat["peak_pct"] == pytest.approx(100.0)
    assert cat["worst_month"] == pd.Timestamp("2026-11-01")  # the peak month
    assert dan["peak_pct"] == pytest.approx(40.0)


def test_top_over_allocated_lists_only_people_over_in_some_month(ranking) -> None:
    assert ra.top_over_allocated(ranking)["resource"].tolist() == ["Bob", "Ann"]
    assert ra.top_over_allocated(ranking, limit=1)["resource"].tolist() == ["Bob"]


def test_heat_map_rows_are_capped_and_the_hidden_ones_counted(ranking) -> None:
    assert ra.capped(ranking, limit=3) == (["Bob", "Ann", "Cat"], 1)
    assert ra.capped(ranking, limit=10) == (["Bob", "Ann", "Cat", "Dan"], 0)


def test_ranking_ties_on_days_over_go_to_the_higher_peak_then_the_name() -> None:
    cells = _cells(
        [
            ("Zoe", "2026-11-01", 10.0, 12.0),  # 2 d over, 120 %
            ("Max", "2026-11-01", 20.0, 22.0),  # 2 d over, 110 %
            ("Amy", "2026-11-01", 20.0, 22.0),  # 2 d over, 110 %
        ]
    )
    assert ra.resource_ranking(cells)["resource"].tolist() == ["Zoe", "Amy", "Max"]


def test_ranking_of_nothing_is_empty() -> None:
    empty = ra.resource_ranking(_cells([]))
    assert empty.empty and list(empty.columns) == list(ra.RANKING_COLUMNS)


# ------------------------------------------------------------------ internal vs external cost


@pytest.fixture
def sourcing() -> pd.DataFrame:
    # per month and sourcing, as the SQL returns them (cost = days × day rate)
    return pd.DataFrame(
        {
            "month": pd.to_datetime(["2026-11-01", "2026-12-01", "2026-11-01", "2026-12-01"]),
            "sourcing": ["Internal", "Internal", "External", "External"],
            # 10 d × €500 = €5,000; 4 d × €600 = €2,400; 5 d × €1,000 = €5,000; 0 d
            "planned_days": [10.0, 4.0, 5.0, 0.0],
            "planned_cost": [5_000.0, 2_400.0, 5_000.0, 0.0],
            "actual_days": [9.0, None, 5.5, None],
            "actual_cost": [4_500.0, None, 5_500.0, None],
            "unpriced_days": [0.0, 0.0, 0.0, 0.0],
        }
    )


def test_sourcing_totals_and_external_share(sourcing) -> None:
    got = ra.sourcing_totals(sourcing)
    assert got.internal_days == 14.0 and got.external_days == 5.0
    assert got.internal_cost == 7_400.0 and got.external_cost == 5_000.0
    assert got.cost == 12_400.0
    # 5 000 / 12 400 = 40.32 %; 5 / 19 = 26.32 %
    assert got.external_share_of_cost_pct == pytest.approx(40.322_580_6)
    assert got.external_share_of_days_pct == pytest.approx(26.315_789_5)


def test_sourcing_summary_rows_shares_and_average_day_rates(sourcing) -> None:
    got = ra.sourcing_summary(sourcing).set_index("sourcing")
    assert got.index.tolist() == ["Internal", "External", "Total"]
    assert got.loc["Total", "planned_days"] == 19.0
    assert got.loc["Total", "planned_cost"] == 12_400.0
    # shares: 14 / 19 = 73.68 % of the days, 7 400 / 12 400 = 59.68 % of the cost
    assert got.loc["Internal", "days_share_pct"] == pytest.approx(73.684_210_5)
    assert got.loc["Internal", "cost_share_pct"] == pytest.approx(59.677_419_4)
    assert got.loc["Total", "cost_share_pct"] == pytest.approx(100.0)
    # average day rate: 7 400 / 14 = 528.57; 5 000 / 5 = 1 000; 12 400 / 19 = 652.63
    assert got.loc["Internal", "average_day_rate"] == pytest.approx(528.571_428_6)
    assert got.loc["External", "average_day_rate"] == pytest.approx(1_000.0)
    assert got.loc["Total", "average_day_rate"] == pytest.approx(652.631_578_9)
    # actuals: 9 + 5.5 = 14.5 d, €4,500 + €5,500 = €10,000
    assert got.loc["Total", "actual_days"] == 14.5
    assert got.loc["Total", "actual_cost"] == 10_000.0


def test_average_day_rate_leaves_out_days_without_a_rate() -> None:
    frame = pd.DataFrame(
        {
            "month": pd.to_datetime(["2026-11-01"]),
            "sourcing": ["External"],
            # 6 d planned, 2 of them by someone without a day rate: 4 d × €900 = €3,600
            "planned_days": [6.0],
            "planned_cost": [3_600.0],
            "actual_days": [None],
            "actual_cost": [None],
            "unpriced_days": [2.0],
        }
    )
    got = ra.sourcing_summary(frame).set_index("sourcing")
    assert got.loc["External", "average_day_rate"] == pytest.approx(900.0)


def test_no_cost_gives_no_share_rather_than_a_division_error() -> None:
    got = ra.sourcing_totals(
        pd.DataFrame(columns=["month", "sourcing", "planned_days", "planned_cost"])
    )
    assert got.cost == 0.0
    assert math.isnan(got.external_share_of_cost_pct)


def test_roll_up_sums_team_and_sourcing_rows_to_months_and_teams() -> None:
    totals = pd.DataFrame(
        {
            "month": pd.to_datetime(["2026-11-01"] * 3 + ["2026-12-01"]),
            "team": ["Data", "Data", None, "Data"],
            "sourcing": ["Internal", "External", "Internal", "Internal"],
            "capacity_days": [40.0, 20.0, 0.0, 38.0],
            "planned_days": [30.0, 22.0, 4.0, 10.0],
            "actual_days": [28.0, None, None, None],
            "planned_cost": [15_000.0, 22_000.0, 2_400.0, 5_000.0],
            "actual_cost": [14_000.0, None, None, None],
            "unpriced_days": [0.0, 0.0, 0.0, 0.0],
            "resources": [2, 1, 0, 2],
        }
    )
    months = ra.roll_up(totals).set_index("month")
    nov, dec = pd.Timestamp("2026-11-01"), pd.Timestamp("2026-12-01")
    # November: 40 + 20 + 0 capacity, 30 + 22 + 4 planned, 3 people with capacity
    assert months.loc[nov, "capacity_days"] == 60.0
    assert months.loc[nov, "planned_days"] == 56.0
    assert months.loc[nov, "resources"] == 3
    assert months.loc[nov, "actual_days"] == 28.0
    assert math.isnan(months.loc[dec, "actual_days"])  # no actuals booked: empty, not 0
    teams = ra.roll_up(totals, ("team",))
    assert len(teams) == 3  # Data in November, no team in November, Data in December
    data_nov = teams[(teams["month"] == nov) & (teams["team"] == "Data")].iloc[0]
    assert (data_nov["capacity_days"], data_nov["planned_days"]) == (60.0, 52.0)
    no_team = teams[teams["team"].isna()].iloc[0]
    assert no_team["planned_days"] == 4.0
    sourcing = ra.roll_up(totals, ("sourcing",)).set_index(["month", "sourcing"])
    assert sourcing.loc[(nov, "Internal"), "planned_cost"] == 17_400.0  # 15 000 + 2 400
    # utilisation of the month: 56 / 60 = 93.3 %, allocated
    load = ra.with_load(ra.roll_up(totals)).set_index("month")
    assert load.loc[nov, "utilisation_pct"] == pytest.approx(93.333_333_3)
    assert load.loc[nov, "band"] == ra.OK
