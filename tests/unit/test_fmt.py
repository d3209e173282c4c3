from datetime import date

import numpy as np
import pandas as pd

from steerco import fmt


def test_money_is_compact_and_signed():
    assert fmt.money(1_350_000) == "€1.4M"
    assert fmt.money(850_000) == "€850k"
    assert fmt.money(-12_400) == "-€12k"
    assert fmt.money(1_500, "USD") == "$1.5k"
    assert fmt.money(999) == "€999"
    assert fmt.money(2_000_000, compact=False) == "€2,000,000"
    assert fmt.money(None) == fmt.money(float("nan")) == fmt.MISSING


def test_money_has_one_format_per_magnitude():
    # hand-written: billions and millions with one decimal, tens of thousands in whole k,
    # thousands with one decimal, below that in whole units; the sign before the symbol
    assert fmt.money(2_340_000_000) == "€2.3B"
    assert fmt.money(54_800_000) == "€54.8M"
    assert fmt.money(43_690_000) == "€43.7M"
    assert fmt.money(221_316) == "€221k"
    assert fmt.money(-221_316) == "-€221k"
    assert fmt.money(-221_316, compact=False) == "-€221,316"
    assert fmt.money(8_460) == "€8.5k"
    assert fmt.money(-950) == "-€950"
    # the magnitude is judged after rounding: never "€1000k" or "€1000.0M"
    assert fmt.money(999_960) == "€1.0M"
    assert fmt.money(999_990_000) == "€1.0B"
    assert fmt.money(9_999) == "€10k"
    # an amount that rounds to nothing has no sign
    assert fmt.money(-0.4) == "€0"


def test_percent_days_dates_and_ratios():
    assert fmt.pct(12.345, 1, signed=True) == "+12.3 %"
    assert fmt.pct(-3, signed=True) == "-3 %"
    assert fmt.days(14) == "+14 d"
    assert fmt.days(-3) == "-3 d"
    assert fmt.day(date(2026, 11, 21)) == "21 Nov 2026"
    assert fmt.day(pd.Timestamp("2026-01-02 10:00")) == "02 Jan 2026"
    assert fmt.day(pd.NaT) == fmt.MISSING
    assert fmt.ratio(0.8888) == "0.89"


def test_english_new_helpers():
    december = date(2026, 12, 4)
    assert fmt.day(december) == "04 Dec 2026"
    assert fmt.day(np.datetime64("2026-12-04")) == "04 Dec 2026"
    assert fmt.month(december) == "Dec 2026"
    assert fmt.month(pd.Timestamp("2026-09-30 18:00")) == "Sep 2026"
    assert fmt.month_short(december) == "Dec"
    assert fmt.separators() == ".,"
    assert fmt.currency_symbol("USD") == "$"
    assert fmt.pct(12.5, 1) == "12.5 %"
    assert fmt.number(-1_234_567) == "-1,234,567"
