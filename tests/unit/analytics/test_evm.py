"""Earned value: hand-computed expectations."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from steerco.analytics.evm import (
    PRO_RATA,
    WHOLE_MONTH,
    earned_value,
    month_share,
    to_date,
)


def _frame(**overrides: list[object]) -> pd.DataFrame:
    data: dict[str, list[object]] = {
        "project_id": ["P1"],
        "approved_budget": [100_000.0],
        "percent_complete": [40.0],
        "pv": [50_000.0],
        "ac": [45_000.0],
        "remaining_forecast": [70_000.0],
    }
    data.update(overrides)
    return pd.DataFrame(data)


def test_earned_value_reference_case() -> None:
    out = earned_value(_frame()).iloc[0]
    # BAC = 100 000
    assert out["bac"] == 100_000.0
    # EV = 40 / 100 x 100 000 = 40 000
    assert out["ev"] == pytest.approx(40_000.0)
    # CPI = EV / AC = 40 000 / 45 000 = 0.8888…
    assert out["cpi"] == pytest.approx(0.888_888_888_9)
    # SPI = EV / PV = 40 000 / 50 000 = 0.8
    assert out["spi"] == pytest.approx(0.8)
    # EAC = AC + remaining = 45 000 + 70 000 = 115 000
    assert out["eac"] == pytest.approx(115_000.0)
    # VAC = BAC - EAC = 100 000 - 115 000 = -15 000
    assert out["vac"] == pytest.approx(-15_000.0)
    # BAC / CPI = 100 000 / (40 000 / 45 000) = 112 500
    assert out["eac_cpi"] == pytest.approx(112_500.0)


def test_earned_value_keeps_input_columns_and_rows() -> None:
    frame = _frame(
        project_id=["P1", "P2"],
        approved_budget=[100_000.0, 200_000.0],
        percent_complete=[40.0, 50.0],
        pv=[50_000.0, 100_000.0],
        ac=[45_000.0, 100_000.0],
        remaining_forecast=[70_000.0, 100_000.0],
    )
    out = earned_value(frame)
    assert list(out.columns[:6]) == list(frame.columns)
    assert list(out["project_id"]) == ["P1", "P2"]
    # P2: EV = 50 % x 200 000 = 100 000; CPI = 100 000 / 100 000 = 1; SPI = 100 000 / 100 000 = 1
    # EAC = 100 000 + 100 000 = 200 000; VAC = 0; BAC / CPI = 200 000
    assert out.loc[1, "ev"] == pytest.approx(100_000.0)
    assert out.loc[1, "cpi"] == pytest.approx(1.0)
    assert out.loc[1, "spi"] == pytest.approx(1.0)
    assert out.loc[1, "eac"] == pytest.approx(200_000.0)
    assert out.loc[1, "vac"] == pytest.approx(0.0)
    assert out.loc[1, "eac_cpi"] == pytest.approx(200_000.0)
    # The input frame is not modified.
    assert "ev" not in frame.columns


def test_zero_ac_and_pv_give_nan_ratios() -> None:
    out = earned_value(_frame(ac=[0.0], pv=[0.0])).iloc[0]
    # EV = 40 000 still; CPI = 40 000 / 0 → NaN; SPI = 40 000 / 0 → NaN; BAC / NaN → NaN
    assert out["ev"] == pytest.approx(40_000.0)
    assert math.isnan(out["cpi"])
    assert math.isnan(out["spi"])
    assert math.isnan(out["eac_cpi"])
    # EAC = 0 + 70 000 = 70 000; VAC = 100 000 - 70 000 = 30 000
    assert out["eac"] == pytest.approx(70_000.0)
    assert out["vac"] == pytest.approx(30_000.0)


def test_missing_figures_count_as_zero_for_eac() -> None:
    out = earned_value(_frame(ac=[None], pv=[None], remaining_forecast=[None])).iloc[0]
    # AC missing → CPI NaN; PV missing → SPI NaN; EAC = 0 + 0 = 0; VAC = 100 000 - 0
    assert math.isnan(out["cpi"])
    assert math.isnan(out["spi"])
    assert out["eac"] == 0.0
    assert out["vac"] == pytest.approx(100_000.0)


def test_zero_percent_complete_gives_zero_cpi_and_nan_eac_cpi() -> None:
    out = earned_value(_frame(percent_complete=[0.0])).iloc[0]
    # EV = 0; CPI = 0 / 45 000 = 0; SPI = 0 / 50 000 = 0; BAC / CPI with CPI 0 → NaN
    assert out["ev"] == 0.0
    assert out["cpi"] == 0.0
    assert out["spi"] == 0.0
    assert math.isnan(out["eac_cpi"])


def test_empty_frame() -> None:
    out = earned_value(_frame().iloc[0:0])
    assert len(out) == 0
    for col in ("bac", "ev", "cpi", "spi", "eac", "eac_cpi", "vac"):
        assert col in out.columns


def test_missing_column_raises() -> None:
    with pytest.raises(ValueError, match="remaining_forecast"):
        earned_value(_frame().drop(columns=["remaining_forecast"]))


@pytest.mark.parametrize(
    ("day", "mode", "share"),
    [
        (date(2026, 12, 1), PRO_RATA, 1 / 31),
        (date(2026, 12, 4), PRO_RATA, 4 / 31),
        (date(2026, 12, 31), PRO_RATA, 1.0),
        (date(2028, 2, 29), PRO_RATA, 1.0),  # leap day: the last of 29
        (date(2026, 2, 14), PRO_RATA, 0.5),
        (date(2026, 12, 1), WHOLE_MONTH, 1.0),
    ],
)
def test_month_share_counts_the_elapsed_days(day, mode, share) -> None:
    assert month_share(day, mode) == pytest.approx(share)


def test_to_date_takes_only_the_elapsed_part_of_the_as_of_month() -> None:
    # Plan 300 000 to November (December's 62 000 included), actual 250 000 (December 31 000).
    # On 4 December: PV = 238 000 + 4/31 × 62 000 = 246 000; AC = 219 000 + 4/31 × 31 000
    # = 223 000; the EAC keeps every actual booked: 250 000 + 70 000.
    frame = _frame(pv=[300_000.0], ac=[250_000.0], pv_month=[62_000.0], ac_month=[31_000.0])
    out = earned_value(to_date(frame, month_share(date(2026, 12, 4)))).iloc[0]
    assert out["pv"] == pytest.approx(246_000.0)
    assert out["ac"] == pytest.approx(223_000.0)
    assert out["eac"] == pytest.approx(320_000.0)
    assert out["cpi"] == pytest.approx(40_000.0 / 223_000.0)
    whole = earned_value(to_date(frame, month_share(date(2026, 12, 4), WHOLE_MONTH))).iloc[0]
    assert (whole["pv"], whole["ac"], whole["eac"]) == (300_000.0, 250_000.0, 320_000.0)
