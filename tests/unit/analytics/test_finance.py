"""Portfolio finance analytics: hand-computed expectations."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from steerco.analytics import finance
from steerco.analytics.evm import earned_value
from steerco.views import finance as finance_view
from steerco.views import project as project_view

NAN = float("nan")


def _months(*isos: str) -> pd.Series:
    return pd.Series(pd.to_datetime(list(isos)))


def _monthly(rows: list[tuple]) -> pd.DataFrame:
    """(period, category, expense_type, budget, actual, forecast) rows, committed 0."""
    frame = pd.DataFrame(
        rows, columns=["period", "category", "expense_type", "budget", "actual", "forecast"]
    )
    frame["period"] = pd.to_datetime(frame["period"])
    frame["committed"] = 0.0
    frame["lines"] = 1
    return frame


# ---------------------------------------------------------------- fiscal years and quarters

PERIODS = _months("2026-01-01", "2026-03-01", "2026-04-01", "2026-12-01", "2027-03-01")


def test_calendar_fiscal_year_is_the_calendar_year():
    assert list(finance.fiscal_year(PERIODS, 1)) == [2026, 2026, 2026, 2026, 2027]
    assert list(finance.fiscal_quarter(PERIODS, 1)) == [1, 1, 2, 4, 1]
    assert finance.fiscal_year_label(2026, 1) == "FY2026"


def test_fiscal_year_starting_in_april():
    # April 2026 – March 2027 is FY2026/27: January–March belong to the year before.
    assert list(finance.fiscal_year(PERIODS, 4)) == [2025, 2025, 2026, 2026, 2026]
    # Q1 = Apr–Jun, Q2 = Jul–Sep, Q3 = Oct–Dec, Q4 = Jan–Mar
    assert list(finance.fiscal_quarter(PERIODS, 4)) == [4, 4, 1, 3, 4]
    assert finance.fiscal_year_label(2026, 4) == "FY2026/27"
    assert finance.fiscal_year_label(2099, 4) == "FY2099/00"


def test_bucket_starts_and_labels():
    dec = pd.Timestamp("2026-12-01")
    assert list(finance.bucket_start(PERIODS, "quarter", 4)) == list(
        pd.to_datetime(["2026-01-01", "2026-01-01", "2026-04-01", "2026-10-01", "2027-01-01"])
    )
    assert list(finance.bucket_start(PERIODS, "year", 4)) == list(
        pd.to_datetime(["2025-04-01", "2025-04-01", "2026-04-01", "2026-04-01", "2026-04-01"])
    )
    assert finance.bucket_label(dec, "month") == "Dec 2026"
    assert finance.bucket_label(dec, "quarter", 1) == "2026 Q4"
    assert finance.bucket_label(dec, "quarter", 4) == "FY2026/27 Q3"
    assert finance.bucket_label(dec, "year", 1) == "FY2026"
    assert finance.bucket_label(pd.Timestamp("2026-04-01"), "year", 4) == "FY2026/27"


def test_bad_start_month_or_grain_is_refused():
    with pytest.raises(ValueError, match=r"1\.\.12"):
        finance.fiscal_year(PERIODS, 13)
    with pytest.raises(ValueError, match=r"1\.\.12"):
        finance.fiscal_year(PERIODS, 0)
    with pytest.raises(ValueError, match="grain"):
        finance.bucket_start(PERIODS, "week")


# ---------------------------------------------------------------- bucketing of amounts

#: Feb and Mar booked (two lines in March), April and June empty, May and July forecast.
BOOKED = _monthly(
    [
        ("2026-02-01", "Hardware", "CAPEX", 100.0, 90.0, 0.0),
        ("2026-03-01", "Hardware", "CAPEX", 60.0, 70.0, 0.0),
        ("2026-03-01", "Software", "OPEX", 40.0, 40.0, 0.0),
        ("2026-05-01", "Software", "OPEX", 200.0, 0.0, 250.0),
        ("2026-07-01", "Hardware", "CAPEX", 300.0, 0.0, 280.0),
    ]
)


def test_by_month_lists_every_month_with_zeros_in_the_gaps():
    out = finance.by_period(BOOKED, "month")
    assert list(out["label"]) == ["Feb 2026", "Mar 2026", "Apr 2026", "May 2026", "Jun 2026",
                                  "Jul 2026"]  # fmt: skip
    assert list(out["budget"]) == [100, 100, 0, 200, 0, 300]
    assert list(out["actual"]) == [90, 110, 0, 0, 0, 0]
    assert list(out["forecast"]) == [0, 0, 0, 250, 0, 280]
    assert list(out["outturn"]) == [90, 110, 0, 250, 0, 280]
    assert list(out["variance"]) == [-10, 10, 0, 50, 0, -20]
    assert list(out["lines"]) == [1, 2, 0, 1, 0, 1]
    assert (out["start"] == out["end"]).all()


def test_by_calendar_quarter():
    out = finance.by_period(BOOKED, "quarter", 1)
    assert list(out["label"]) == ["2026 Q1", "2026 Q2", "2026 Q3"]
    assert list(out["budget"]) == [200, 200, 300]  # Feb+Mar, May, Jul
    assert list(out["actual"]) == [200, 0, 0]
    assert list(out["forecast"]) == [0, 250, 280]
    assert list(out["end"]) == list(pd.to_datetime(["2026-03-01", "2026-06-01", "2026-09-01"]))


def test_by_fiscal_quarter_and_year_starting_in_april():
    quarters = finance.by_period(BOOKED, "quarter", 4)
    assert list(quarters["label"]) == ["FY2025/26 Q4", "FY2026/27 Q1", "FY2026/27 Q2"]
    assert list(quarters["budget"]) == [200, 200, 300]
    years = finance.by_period(BOOKED, "year", 4)
    assert list(years["label"]) == ["FY2025/26", "FY2026/27"]
    assert list(years["start"]) == list(pd.to_datetime(["2025-04-01", "2026-04-01"]))
    assert list(years["end"]) == list(pd.to_datetime(["2026-03-01", "2027-03-01"]))
    assert list(years["budget"]) == [200, 500]  # Feb+Mar | May+Jul
    assert list(years["actual"]) == [200, 0]
    assert list(years["forecast"]) == [0, 530]
    calendar = finance.by_period(BOOKED, "year", 1)
    assert list(calendar["label"]) == ["FY2026"]
    assert list(calendar["budget"]) == [700]


def test_every_grain_adds_up_to_the_same_totals():
    for grain in finance.GRAINS:
        for start in (1, 4, 7):
            out = finance.by_period(BOOKED, grain, start)
            assert out["budget"].sum() == 700
            assert out["outturn"].sum() == 730


def test_no_lines_give_empty_frames():
    empty = BOOKED.iloc[0:0]
    assert finance.by_period(empty, "month").empty
    assert finance.multi_year_plan(empty).empty
    assert finance.s_curve(empty, date(2026, 3, 15)).empty


# ---------------------------------------------------------------- S-curve

S_INPUT = _monthly(
    [
        ("2026-01-01", "Hardware", "CAPEX", 10.0, 10.0, 0.0),
        ("2026-02-01", "Hardware", "CAPEX", 20.0, 25.0, 0.0),
        ("2026-03-01", "Hardware", "CAPEX", 30.0, 5.0, 20.0),  # as-of month: both
        ("2026-04-01", "Hardware", "CAPEX", 40.0, 0.0, 45.0),
    ]
)


def test_cumulative_sums():
    out = finance.s_curve(S_INPUT, date(2026, 3, 15))
    assert list(out["cum_budget"]) == [10, 30, 60, 100]
    assert list(out["cum_actual"][:3]) == [10, 35, 40] and math.isnan(out["cum_actual"][3])
    # actual + remaining forecast, drawn from the last month with actuals on
    assert math.isnan(out["cum_forecast"][0]) and math.isnan(out["cum_forecast"][1])
    assert list(out["cum_forecast"][2:]) == [60, 105]
    # it ends at the EAC: AC (40) + remaining forecast (65)
    assert out["cum_forecast"].iloc[-1] == 40 + 65


def test_s_curve_matches_the_project_page_convention():
    mine = finance.s_curve(S_INPUT, date(2026, 3, 15))
    monthly = S_INPUT[["period", "budget", "actual", "forecast"]]
    theirs = project_view.cumulative_financials(monthly, date(2026, 3, 15))
    for col in ("cum_budget", "cum_actual", "cum_forecast"):
        pd.testing.assert_series_equal(mine[col], theirs[col], check_names=False)


# ---------------------------------------------------------------- splits

SPLIT = _monthly(
    [
        ("2026-01-01", "Internal labour", "CAPEX", 60.0, 20.0, 10.0),
        ("2026-01-01", "External labour", "OPEX", 100.0, 50.0, 0.0),
        ("2026-02-01", "External labour", "CAPEX", 40.0, 0.0, 40.0),
        ("2026-02-01", "Hardware", "CAPEX", 200.0, 50.0, 80.0),
    ]
)


def test_capex_opex_shares():
    out = finance.expense_split(SPLIT).set_index("expense_type")
    assert list(out.index) == ["CAPEX", "OPEX"]
    assert out.loc["CAPEX", "budget"] == 300 and out.loc["OPEX", "budget"] == 100
    assert out.loc["CAPEX", "budget_share"] == 75.0 and out.loc["OPEX", "budget_share"] == 25.0
    # outturn: CAPEX 30 + 40 + 130 = 200, OPEX 50 → 80 % / 20 %
    assert out.loc["CAPEX", "outturn"] == 200 and out.loc["OPEX", "outturn"] == 50
    assert out.loc["CAPEX", "outturn_share"] == 80.0 and out.loc["OPEX", "outturn_share"] == 20.0


def test_capex_only_and_zero_totals():
    capex_only = finance.expense_split(SPLIT[SPLIT["expense_type"] == "CAPEX"])
    assert list(capex_only["budget_share"]) == [100.0, 0.0]
    zero = SPLIT.assign(budget=0.0, actual=0.0, forecast=0.0)
    assert finance.expense_split(zero)["budget_share"].isna().all()


def test_internal_vs_external_labour():
    out = finance.labour_split(SPLIT).set_index("category")
    assert list(out.index) == ["Internal labour", "External labour"]  # hardware left out
    assert out.loc["Internal labour", "budget"] == 60
    assert out.loc["External labour", "budget"] == 140
    assert out.loc["Internal labour", "budget_share"] == 30.0
    assert out.loc["External labour", "budget_share"] == 70.0
    # outturn: internal 30, external 50 + 40 = 90 → 25 % / 75 %
    assert out.loc["Internal labour", "outturn_share"] == 25.0
    assert out.loc["External labour", "outturn_share"] == 75.0


def test_labour_split_without_labour_lines_is_zero_not_an_error():
    out = finance.labour_split(SPLIT[SPLIT["category"] == "Hardware"])
    assert list(out["budget"]) == [0.0, 0.0]
    assert out["outturn_share"].isna().all()


def test_categories_in_schema_order_and_programmes_largest_first():
    out = finance.by_category(SPLIT)
    assert list(out["category"]) == ["Internal labour", "External labour", "Hardware"]
    assert list(out["outturn"]) == [30, 90, 130]
    programmes = SPLIT.assign(programme=["ERP", None, "Cloud", "Cloud"])
    by_prog = finance.by_programme(programmes)
    assert list(by_prog["programme"]) == ["Cloud", "", "ERP"]  # 170, 50, 30
    assert list(by_prog["outturn"]) == [170, 50, 30]


def test_multi_year_plan_per_fiscal_year_with_capex_and_opex():
    monthly = _monthly(
        [
            ("2025-03-01", "Hardware", "CAPEX", 100.0, 100.0, 0.0),  # FY2024/25
            ("2025-04-01", "Hardware", "CAPEX", 50.0, 40.0, 0.0),  # FY2025/26
            ("2025-06-01", "Services", "OPEX", 30.0, 35.0, 0.0),  # FY2025/26
            ("2027-05-01", "Services", "OPEX", 70.0, 0.0, 90.0),  # FY2027/28 (FY2026/27 empty)
        ]
    )
    out = finance.multi_year_plan(monthly, 4)
    assert list(out["label"]) == ["FY2024/25", "FY2025/26", "FY2026/27", "FY2027/28"]
    assert list(out["budget_capex"]) == [100, 50, 0, 0]
    assert list(out["budget_opex"]) == [0, 30, 0, 70]
    assert list(out["budget"]) == [100, 80, 0, 70]
    assert list(out["outturn_capex"]) == [100, 40, 0, 0]
    assert list(out["outturn_opex"]) == [0, 35, 0, 90]
    assert list(out["outturn"]) == [100, 75, 0, 90]
    assert list(out["variance"]) == [0, -5, 0, 20]


# ---------------------------------------------------------------- waterfalls


def _portfolio(**cols) -> pd.DataFrame:
    return pd.DataFrame(cols)


def test_waterfall_by_programme_steps_sum_exactly_from_bac_to_eac():
    portfolio = _portfolio(
        project_id=["P1", "P2", "P3", "P4"],
        programme=["ERP", "ERP", "Cloud", None],
        bac=[100.0, 50.0, 200.0, NAN],  # P4 has no approved budget
        eac=[130.0, 40.0, 190.0, 15.0],
    )
    out = finance.waterfall_by_programme(portfolio)
    assert list(out["label"]) == [finance.BAC_STEP, "ERP", finance.NO_PROGRAMME, "Cloud",
                                  finance.EAC_STEP]  # fmt: skip
    assert list(out["measure"]) == ["absolute", "relative", "relative", "relative", "total"]
    assert list(out["amount"]) == [350, 20, 15, -10, 375]  # BAC 350, EAC 130+40+190+15
    assert list(out["key"]) == ["", "ERP", "", "Cloud", ""]
    assert list(out["base"]) == [0, 350, 370, 385, 0]
    assert list(out["end"]) == [350, 370, 385, 375, 375]
    steps = out[out["measure"] == "relative"]["amount"].sum()
    assert out["amount"].iloc[0] + steps == out["amount"].iloc[-1] == 375


def test_waterfall_groups_small_programmes_into_other():
    portfolio = _portfolio(
        programme=[f"Prog {i:02d}" for i in range(12)],
        bac=[100.0] * 12,
        eac=[100.0 + d for d in (50, -40, 30, 1, 2, 3, -4, 5, 6, 7, 8, 9)],
    )
    out = finance.waterfall_by_programme(portfolio, max_steps=5)
    relative = out[out["measure"] == "relative"]
    assert len(relative) == 5
    assert list(relative["label"][:4]) == ["Prog 00", "Prog 02", "Prog 11", "Prog 01"]
    assert relative["label"].iloc[-1] == "Other programmes (8)"
    assert relative["amount"].iloc[-1] == 1 + 2 + 3 - 4 + 5 + 6 + 7 + 8
    assert out["amount"].iloc[-1] == 1200 + 77 == out["amount"].iloc[0] + relative["amount"].sum()


def test_waterfall_by_category_starts_with_the_unphased_budget():
    categories = pd.DataFrame(
        {
            "category": ["Internal labour", "Hardware"],
            "budget": [100.0, 80.0],
            "outturn": [120.0, 70.0],
        }
    )
    out = finance.waterfall_by_category(categories, bac=190.0)
    assert list(out["label"]) == [finance.BAC_STEP, finance.UNPHASED_STEP, "Internal labour",
                                  "Hardware", finance.EAC_STEP]  # fmt: skip
    # monthly plan 180 vs BAC 190 → −10; then +20 and −10; EAC = Σ outturn = 190
    assert list(out["amount"]) == [190, -10, 20, -10, 190]
    assert list(out["end"]) == [190, 180, 200, 190, 190]
    phased = finance.waterfall_by_category(categories, bac=180.0)
    assert finance.UNPHASED_STEP not in set(phased["label"])  # zero: no step
    assert list(phased["amount"]) == [180, 20, -10, 190]


# ---------------------------------------------------------------- earned value


def _evm(**overrides) -> pd.DataFrame:
    data = {
        "project_id": ["P1", "P2"],
        "programme": ["ERP", "ERP"],
        "approved_budget": [100.0, 200.0],
        "percent_complete": [50.0, 25.0],
        "pv": [40.0, 0.0],  # P2: nothing planned yet (PV = 0)
        "ac": [0.0, 60.0],  # P1: nothing spent yet (AC = 0)
        "remaining_forecast": [100.0, 150.0],
    }
    data.update(overrides)
    return earned_value(pd.DataFrame(data))


def test_evm_edge_cases_per_project():
    p1, p2 = _evm().itertuples()
    assert p1.ev == 50 and math.isnan(p1.cpi) and p1.spi == 1.25  # AC = 0: no CPI
    assert p1.eac == 100 and math.isnan(p1.eac_cpi) and p1.vac == 0
    assert p2.ev == 50 and p2.cpi == pytest.approx(50 / 60) and math.isnan(p2.spi)  # PV = 0
    assert p2.eac == 210 and p2.eac_cpi == pytest.approx(240) and p2.vac == -10


def test_portfolio_totals():
    tot = finance.portfolio_totals(_evm())
    assert tot["projects"] == 2
    assert (tot["bac"], tot["pv"], tot["ev"], tot["ac"]) == (300, 40, 100, 60)
    assert (tot["eac"], tot["vac"], tot["remaining_forecast"]) == (310, -10, 250)
    assert tot["cpi"] == pytest.approx(100 / 60)  # ΣEV / ΣAC
    assert tot["spi"] == pytest.approx(100 / 40)  # ΣEV / ΣPV
    assert tot["eac_cpi"] == pytest.approx(300 / (100 / 60))  # ΣBAC / CPI = 180


def test_portfolio_totals_with_nothing_spent_or_planned():
    tot = finance.portfolio_totals(_evm(ac=[0.0, 0.0], pv=[0.0, 0.0]))
    assert math.isnan(tot["cpi"]) and math.isnan(tot["spi"]) and math.isnan(tot["eac_cpi"])
    assert tot["eac"] == 250  # still an estimate: the remaining forecast


def test_portfolio_indices_leave_out_projects_without_progress():
    tot = finance.portfolio_totals(_evm(percent_complete=[50.0, None]))
    assert tot["ev"] == 50 and tot["ac"] == 60  # AC counts everything …
    assert math.isnan(tot["cpi"])  # … but CPI only P1, whose AC is 0
    assert tot["spi"] == pytest.approx(50 / 40)


def test_evm_table_keeps_empty_indices_empty():
    rows = _evm(name=["One", "Two"], phase=["Execution"] * 2, progress_source=["report", None])
    table = finance_view.evm_table(rows)
    assert list(table.columns) == ["ID", "Project", "BAC", "PV", "EV", "AC", "CPI", "SPI", "EAC",
                                   "VAC", "BAC / CPI", "% complete", "Progress from",
                                   "Programme"]  # fmt: skip
    assert list(table["Progress from"]) == ["Status report", ""]
    assert math.isnan(table.loc[0, "CPI"]) and table.loc[0, "SPI"] == 1.25
    assert table.loc[1, "CPI"] == 0.83 and math.isnan(table.loc[1, "SPI"])  # two decimals
    assert list(table["EAC"]) == [100, 210] and list(table["VAC"]) == [0, -10]
