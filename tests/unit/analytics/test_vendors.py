"""Vendor rules with hand-computed figures: spend vs contracted pace, renewal window, bands."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from steerco.analytics import vendors

AS_OF = date(2026, 11, 16)


def _day(offset: int | None) -> pd.Timestamp | None:
    return None if offset is None else pd.Timestamp(AS_OF + timedelta(days=offset))


def _renewal(notice: int | None, end: int | None) -> pd.Series:
    frame = pd.DataFrame({"renewal_notice_date": [_day(notice)], "end_date": [_day(end)]}).astype(
        "datetime64[us]"
    )
    return vendors.renewals(frame, AS_OF).iloc[0]


# ------------------------------------------------------------------ spend vs contracted pace


def test_spend_pct_compares_with_one_year_of_value_after_one_year():
    # 90,000 spent after exactly one year (365.25 days) of a 100,000 / year contract
    assert vendors.spend_pct([90_000.0], [100_000.0], [365.25]).iloc[0] == pytest.approx(90.0)


def test_spend_pct_of_a_multi_year_contract_counts_every_year_elapsed():
    # year 3 of a contract: 250,000 spent after two years of 100,000 / year → 125 %, not 250 %
    assert vendors.spend_pct([250_000.0], [100_000.0], [730.5]).iloc[0] == pytest.approx(125.0)
    # half a year of 200,000 / year = 100,000 at pace; 50,000 spent → 50 %
    assert vendors.spend_pct([50_000.0], [200_000.0], [182.625]).iloc[0] == pytest.approx(50.0)


def test_spend_pct_is_missing_not_an_error_when_it_cannot_be_computed():
    got = vendors.spend_pct(
        [10.0, 10.0, 10.0, None, 10.0, 10.0],
        [100.0, 0.0, 100.0, 100.0, None, 100.0],
        [0.0, 365.25, -30.0, 365.25, 365.25, None],
    )
    # not started, no annual value, starts in 30 days, no spend, no value, no start date
    assert got.isna().all()


# ------------------------------------------------------------------ renewal window


@pytest.mark.parametrize(
    ("notice", "end", "due", "basis", "days"),
    [
        (90, 300, True, "notice", 90),  # notice on day 90: in (boundary included)
        (91, 300, False, None, None),  # day 91: out
        (0, 300, True, "notice", 0),  # notice today: in
        (-1, 300, False, None, None),  # notice yesterday, end far away: past, out
        (None, 90, True, "end", 90),  # end on day 90, no notice date: in
        (None, 91, False, None, None),
        (-10, 45, True, "end", 45),  # notice passed, but the contract ends in 45 days: in
        (-400, -5, False, None, None),  # both past: out
        (20, 80, True, "notice", 20),  # both inside: the earlier date
        (None, None, False, None, None),
    ],
)
def test_renewal_window_boundaries(notice, end, due, basis, days):
    row = _renewal(notice, end)
    assert bool(row["renewal_due"]) is due
    if due:
        assert row["renewal_basis"] == basis
        assert row["days_to_renewal"] == days
        assert row["renewal_date"] == _day(days)
    else:
        assert row["renewal_basis"] is None and pd.isna(row["renewal_date"])


def test_renewal_window_is_the_named_constant():
    assert vendors.RENEWAL_WINDOW_DAYS == 90
    row = _renewal(-10, 45)
    assert bool(row["notice_passed"]) is True
    assert bool(_renewal(20, 80)["notice_passed"]) is False


# ------------------------------------------------------------------ bands


def test_bands_keep_a_value_at_the_threshold_in_the_better_band():
    assert vendors.sla_band([95.0, 94.9, 90.0, 89.9, None]).tolist() == [
        "G", "A", "A", "R", None,
    ]  # fmt: skip
    assert vendors.satisfaction_band([3.5, 3.4, 2.5, 2.0]).tolist() == ["G", "A", "A", "R"]
    assert vendors.spend_band([80.0, 105.0, 105.1, 110.0, 110.1, None]).tolist() == [
        "G", "G", "A", "A", "R", None,
    ]  # fmt: skip


# ------------------------------------------------------------------ per contract, per vendor


def _contracts() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "contract_id": ["C-1", "C-2", "C-3"],
            "vendor": ["Acme", "Acme", "Bolt"],
            "project_id": ["P-1", None, None],
            "start_date": pd.to_datetime(["2025-11-16", "2024-11-16", "2026-05-16"]),
            "end_date": pd.to_datetime(["2027-11-15", "2027-01-31", "2027-05-15"]),
            "annual_value": [100_000.0, 50_000.0, 80_000.0],
            "spend_to_date": [110_000.0, 100_000.0, 20_000.0],
            "sla_performance_pct": [96.0, 88.0, 93.0],
            "satisfaction": [4.0, 2.0, 3.0],
            "renewal_notice_date": pd.to_datetime(["2027-08-15", "2026-11-30", "2027-02-15"]),
            "elapsed_days": [365.0, 730.0, 184.0],
        }
    )


def test_contract_figures_add_spend_pace_bands_and_renewals():
    out = vendors.contract_figures(_contracts(), AS_OF)
    # C-1: 110,000 ÷ (100,000 × 365 / 365.25) = 110.08 % → Red
    # C-2: 100,000 ÷ (50,000 × 730 / 365.25) = 100.07 %; C-3: 20,000 ÷ (80,000 × 184 / 365.25)
    assert out["spend_pct"].round(2).tolist() == [110.08, 100.07, 49.63]
    assert out["spend_band"].tolist() == ["R", "G", "G"]
    assert out["sla_band"].tolist() == ["G", "R", "A"]
    # C-2: notice in 14 days (end in 76); C-3: notice on day 91, just outside the window
    assert out["renewal_due"].tolist() == [False, True, False]
    assert out.loc[1, "days_to_renewal"] == 14


def test_vendor_figures_sum_spend_over_value_at_pace_and_count_renewals():
    contracts = vendors.contract_figures(_contracts(), AS_OF)
    summary = pd.DataFrame(
        {
            "vendor": ["Acme", "Bolt"],
            "contracts": [2, 1],
            "annual_value": [150_000.0, 80_000.0],
            "spend_to_date": [210_000.0, 20_000.0],
            "paced_spend": [210_000.0, 20_000.0],
            "paced_value": [200_000.0, 0.0],
            "sla_pct": [92.0, 93.0],
            "satisfaction": [3.0, 3.0],
            "rated": [2, 1],
        }
    )
    out = vendors.vendor_figures(summary, contracts)
    assert out.loc[0, "spend_pct"] == pytest.approx(105.0)  # 210,000 ÷ 200,000
    assert out.loc[0, "spend_band"] == "G"  # exactly at the amber limit stays green
    assert pd.isna(out.loc[1, "spend_pct"])  # no value at pace yet: no figure, no error
    assert out["renewals_due"].tolist() == [1, 0]
    assert out["sla_band"].tolist() == ["A", "A"]


def test_renewals_due_soonest_first_and_contracts_of_a_vendor():
    contracts = vendors.contract_figures(_contracts(), AS_OF)
    assert vendors.renewals_due(contracts)["contract_id"].tolist() == ["C-2"]
    assert vendors.contracts_of(contracts, "Acme")["contract_id"].tolist() == ["C-1", "C-2"]
    assert vendors.contracts_of(contracts, ["Bolt"])["contract_id"].tolist() == ["C-3"]
    assert vendors.contracts_of(contracts, "Nobody").empty
