"""Earned value: hand-computed expectations."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from steerco.analytics.evm import earned_value


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
