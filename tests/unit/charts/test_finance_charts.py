"""Finance figure builders: the right marks and values, words beside colours, clickable data."""

from __future__ import annotations

from datetime import date

import pandas as pd

from steerco.analytics import finance
from steerco.charts import finance as charts
from steerco.charts import theme


def _periods() -> pd.DataFrame:
    monthly = pd.DataFrame(
        {
            "period": pd.to_datetime(["2026-01-01", "2026-02-01", "2026-04-01"]),
            "category": ["Hardware"] * 3,
            "expense_type": ["CAPEX"] * 3,
            "budget": [100.0, 100.0, 300.0],
            "actual": [90.0, 40.0, 0.0],
            "forecast": [0.0, 70.0, 280.0],
            "committed": [0.0, 0.0, 0.0],
            "lines": [1, 1, 1],
        }
    )
    return finance.by_period(monthly, "month")


def test_period_chart_stacks_forecast_on_actual_beside_the_budget():
    fig = charts.period_chart(_periods(), "month", "EUR", as_of=date(2026, 2, 10))
    budget, actual, forecast = fig.data
    assert [t.name for t in fig.data] == ["Budget", "Actual", "Forecast"]
    assert list(budget.x) == ["Jan 2026", "Feb 2026", "Mar 2026", "Apr 2026"]
    assert list(budget.y) == [100, 100, 0, 300]
    assert list(actual.y) == [90, 40, 0, 0]
    assert list(forecast.y) == [0, 70, 0, 280]
    assert list(forecast.base) == [90, 40, 0, 0]  # forecast sits on the actual bar
    assert budget.offsetgroup != actual.offsetgroup == forecast.offsetgroup
    # a click maps back to the months of the bar
    assert list(actual.customdata[1]) == ["2026-02-01", "2026-02-01", "Feb 2026", "€40"]
    assert fig.layout.title.text == "Budget vs actual vs forecast by month"
    assert fig.layout.yaxis.title.text == "Amount (EUR)"
    (as_of_line,) = fig.layout.shapes
    assert as_of_line.x0 == 1  # Feb 2026, the second category
    assert "as of 10 Feb 2026" in fig.layout.annotations[0].text
    assert list(budget.text) == ["€100", "€100", "", "€300"]  # few bars: amounts written


def test_period_chart_titles_per_grain():
    periods = _periods()
    assert charts.period_chart(periods, "quarter").layout.title.text.endswith("by quarter")
    assert charts.period_chart(periods, "year").layout.title.text.endswith("by fiscal year")


def test_spend_bars_name_programmes_and_carry_their_key():
    frame = pd.DataFrame(
        {
            "programme": ["ERP", ""],
            "budget": [500.0, 100.0],
            "actual": [300.0, 20.0],
            "forecast": [250.0, 60.0],
        }
    )
    fig = charts.spend_bars(frame, "programme", "Spend by programme")
    budget, _actual, forecast = fig.data
    assert list(budget.y) == ["ERP", "(no programme)"]
    assert list(budget.x) == [500, 100] and list(forecast.base) == [300, 20]
    assert [list(c[:2]) for c in forecast.customdata] == [["ERP", "ERP"], ["", "(no programme)"]]
    assert fig.layout.title.text == "Spend by programme"
    assert fig.layout.yaxis.autorange == "reversed"  # largest first, top-down


def test_expense_split_writes_type_share_and_amount():
    split = pd.DataFrame(
        {
            "expense_type": ["CAPEX", "OPEX"],
            "budget": [300.0, 100.0],
            "outturn": [200.0, 50.0],
            "budget_share": [75.0, 25.0],
            "outturn_share": [80.0, 20.0],
        }
    )
    fig = charts.expense_split(split)
    capex, opex = fig.data
    assert list(capex.x) == [75, 80] and list(opex.x) == [25, 20]
    assert capex.text[0] == "CAPEX 75 % · €300"
    assert opex.text[1] == "OPEX 20 % · €50"
    assert capex.marker.color != opex.marker.color
    assert fig.layout.barmode == "stack"


def test_labour_chart_labels_each_kind_with_its_share():
    labour = pd.DataFrame(
        {
            "category": ["Internal labour", "External labour"],
            "budget": [60.0, 140.0],
            "actual": [20.0, 50.0],
            "forecast": [10.0, 40.0],
            "outturn_share": [25.0, 75.0],
        }
    )
    fig = charts.labour_chart(labour)
    assert list(fig.data[0].y) == ["Internal labour · 25 %", "External labour · 75 %"]
    assert "Internal vs external labour" in fig.layout.title.text


def test_plan_chart_stacks_capex_and_opex_per_fiscal_year_and_measure():
    plan = pd.DataFrame(
        {
            "label": ["FY2025/26", "FY2026/27"],
            "budget_capex": [100.0, 0.0],
            "budget_opex": [30.0, 70.0],
            "budget": [130.0, 70.0],
            "outturn_capex": [90.0, 0.0],
            "outturn_opex": [35.0, 90.0],
            "outturn": [125.0, 90.0],
        }
    )
    fig = charts.plan_chart(plan)
    capex, opex, totals = fig.data
    assert list(capex.x[0]) == ["FY2025/26", "FY2025/26", "FY2026/27", "FY2026/27"]
    assert list(capex.x[1]) == ["Budget", "Actual + forecast"] * 2
    assert list(capex.y) == [100, 90, 0, 0] and list(opex.y) == [30, 35, 70, 90]
    assert list(totals.text) == ["€130", "€125", "€70", "€90"]
    assert capex.text[0] == "CAPEX €100" and capex.text[2] == ""
    assert fig.layout.barmode == "stack"


def test_waterfall_steps_signs_and_bac_over_cpi_beside_the_eac():
    steps = pd.DataFrame(
        {
            "label": [finance.BAC_STEP, "ERP", "Cloud", finance.EAC_STEP],
            "key": ["", "ERP", "Cloud", ""],
            "measure": ["absolute", "relative", "relative", "total"],
            "amount": [350_000.0, 20_000.0, -10_000.0, 360_000.0],
            "base": [0.0, 350_000.0, 370_000.0, 0.0],
            "end": [350_000.0, 370_000.0, 360_000.0, 360_000.0],
        }
    )
    fig = charts.waterfall(steps, "EUR", eac_cpi=380_000.0, by="programme")
    water, bac_cpi = fig.data
    assert list(water.measure) == ["absolute", "relative", "relative", "total"]
    assert list(water.y) == [350_000, 20_000, -10_000, 360_000]
    assert list(water.text) == ["€350k", "+€20k", "-€10k", "€360k"]
    assert water.x[0] == "Approved<br>budget (BAC)"  # long labels wrap
    assert list(bac_cpi.y) == [380_000] and list(bac_cpi.text) == ["€380k"]
    assert "by programme" in fig.layout.title.text
    low, high = fig.layout.yaxis.range
    assert 0 < low < 350_000 < 380_000 < high  # steps readable: axis not from zero …
    assert "axis from" in fig.layout.title.text  # … and the title says so
    without = charts.waterfall(steps, "EUR", eac_cpi=float("nan"))
    assert len(without.data) == 1  # no CPI: no performance-based bar


def test_s_curve_has_the_three_lines_bac_and_eac():
    curve = finance.s_curve(
        pd.DataFrame(
            {
                "period": pd.to_datetime(["2026-01-01", "2026-02-01"]),
                "budget": [10.0, 20.0],
                "actual": [12.0, 0.0],
                "forecast": [0.0, 25.0],
            }
        ),
        date(2026, 1, 20),
    )
    fig = charts.s_curve(curve, date(2026, 1, 20), bac=30.0, eac=37.0)
    assert [t.name for t in fig.data] == [
        "Planned (cumulative)",
        "Actual (cumulative)",
        "Forecast to finish",
    ]
    assert list(fig.data[2].y) == [12, 37]
    notes = [a.text for a in fig.layout.annotations]
    assert any(n.startswith("Approved budget") for n in notes)
    assert any(n.startswith("EAC") for n in notes)
    assert fig.layout.title.text.startswith("Portfolio S-curve")
    assert fig.data[0].line.color == theme.SERIES_COLORS["planned"]
