"""steerco.fmt in French (fr_BE) and Dutch (nl_BE): hand-written expectations per language.

Spaces inside one value are written out: NBSP (U+00A0) and NNBSP (U+202F, French grouping).
"""

import threading
from datetime import date, datetime

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from babel import numbers, units

from steerco import fmt
from steerco.i18n import speaking

NBSP = "\u00a0"
NNBSP = "\u202f"
MISSING_VALUES = [None, float("nan"), pd.NA, pd.NaT]

COMPACT = {
    # amount: (fr, nl)
    54_800_000: (f"54,8{NBSP}M€", f"€{NBSP}54,8{NBSP}mln"),
    221_316: (f"221{NBSP}k€", f"€{NBSP}221k"),
    -221_316: (f"-221{NBSP}k€", f"€{NBSP}-221k"),
    8_460: (f"8,5{NBSP}k€", f"€{NBSP}8,5k"),
    1_300_000_000: (f"1,3{NBSP}Md€", f"€{NBSP}1,3{NBSP}mld"),
    -2_340_000_000: (f"-2,3{NBSP}Md€", f"€{NBSP}-2,3{NBSP}mld"),
    950: (f"950{NBSP}€", f"€{NBSP}950"),
    -950: (f"-950{NBSP}€", f"€{NBSP}-950"),
    0: (f"0{NBSP}€", f"€{NBSP}0"),
    # rounds to nothing: no sign
    -0.4: (f"0{NBSP}€", f"€{NBSP}0"),
    # the magnitude is judged after rounding: never "1000 k€" or "1000,0 M€"
    999_960: (f"1,0{NBSP}M€", f"€{NBSP}1,0{NBSP}mln"),
    -999_960: (f"-1,0{NBSP}M€", f"€{NBSP}-1,0{NBSP}mln"),
    999_990_000: (f"1,0{NBSP}Md€", f"€{NBSP}1,0{NBSP}mld"),
    9_999: (f"10{NBSP}k€", f"€{NBSP}10k"),
    9_950: (f"9,9{NBSP}k€", f"€{NBSP}9,9k"),  # Python's rounding, as in English (€9.9k)
}


@pytest.mark.parametrize("amount", list(COMPACT))
def test_compact_money(amount):
    french, dutch = COMPACT[amount]
    with speaking("fr"):
        assert fmt.money(amount) == french
    with speaking("nl"):
        assert fmt.money(amount) == dutch


FULL = {
    1_234: (f"1{NNBSP}234{NBSP}€", f"€{NBSP}1.234"),
    -221_316: (f"-221{NNBSP}316{NBSP}€", f"€{NBSP}-221.316"),
    2_000_000: (f"2{NNBSP}000{NNBSP}000{NBSP}€", f"€{NBSP}2.000.000"),
    0: (f"0{NBSP}€", f"€{NBSP}0"),
    -0.4: (f"0{NBSP}€", f"€{NBSP}0"),
    999.5: (f"1{NNBSP}000{NBSP}€", f"€{NBSP}1.000"),
}


@pytest.mark.parametrize("amount", list(FULL))
def test_full_money(amount):
    french, dutch = FULL[amount]
    with speaking("fr"):
        assert fmt.money(amount, compact=False) == french
    with speaking("nl"):
        assert fmt.money(amount, compact=False) == dutch


def test_money_in_other_currencies_keeps_the_house_symbols():
    with speaking("fr"):
        assert fmt.money(1_500, "USD") == f"1,5{NBSP}k$"
        assert fmt.money(-1_500, "CHF") == f"-1,5{NBSP}kCHF"
        assert fmt.money(1_500, "GBP", compact=False) == f"1{NNBSP}500{NBSP}£"
    with speaking("nl"):
        assert fmt.money(1_500, "USD") == f"${NBSP}1,5k"
        assert fmt.money(-1_500, "CHF") == f"CHF{NBSP}-1,5k"
        assert fmt.money(54_800_000, "CAD") == f"CA${NBSP}54,8{NBSP}mln"
    for language in ("en", "fr", "nl"):
        with speaking(language):
            assert fmt.currency_symbol("EUR") == "€"
            assert fmt.currency_symbol("CHF") == "CHF "
            assert fmt.currency_symbol("XYZ") == "XYZ "


def test_numbers_ratios_and_percentages():
    with speaking("fr"):
        assert fmt.number(1_234.5, 1) == f"1{NNBSP}234,5"
        assert fmt.number(-1_234_567) == f"-1{NNBSP}234{NNBSP}567"
        assert fmt.number(0) == "0"
        assert fmt.number(999.96, 1) == f"1{NNBSP}000,0"
        assert fmt.ratio(0.8888) == "0,89"
        assert fmt.pct(12.5, 1) == f"12,5{NBSP}%"
        assert fmt.pct(3, signed=True) == f"+3{NBSP}%"
        assert fmt.pct(-3, signed=True) == f"-3{NBSP}%"
        assert fmt.pct(0, signed=True) == f"0{NBSP}%"
        assert fmt.pct(-0.2) == f"0{NBSP}%"
        assert fmt.pct(99.96, 1) == f"100,0{NBSP}%"
    with speaking("nl"):
        assert fmt.number(1_234.5, 1) == "1.234,5"
        assert fmt.number(-1_234_567) == "-1.234.567"
        assert fmt.number(0) == "0"
        assert fmt.ratio(0.8888) == "0,89"
        assert fmt.ratio(1.005) == "1,00"  # Python's rounding, as in English (1.00)
        assert fmt.pct(12.5, 1) == "12,5%"
        assert fmt.pct(3, signed=True) == "+3%"
        assert fmt.pct(-3, signed=True) == "-3%"
        assert fmt.pct(12.345, 1, signed=True) == "+12,3%"


def test_dates_months_and_days():
    december = date(2026, 12, 4)
    with speaking("fr"):
        assert fmt.day(december) == "4 déc. 2026"
        assert fmt.day(pd.Timestamp("2026-02-01 10:00")) == "1 févr. 2026"
        assert fmt.day("2026-06-15") == "15 juin 2026"
        assert fmt.month(december) == "déc. 2026"
        assert fmt.month(np.datetime64("2026-07-01")) == "juil. 2026"
        assert fmt.month_short(december) == "déc."
        assert fmt.month_short(datetime(2026, 8, 31, 23)) == "août"
        assert fmt.days(12) == f"+12{NNBSP}j"
        assert fmt.days(-3) == f"-3{NNBSP}j"
        assert fmt.days(0) == f"0{NNBSP}j"
        assert fmt.days(5, signed=False) == f"5{NNBSP}j"
    with speaking("nl"):
        assert fmt.day(december) == "4 dec 2026"
        assert fmt.day(pd.Timestamp("2026-03-01")) == "1 mrt 2026"
        assert fmt.month(december) == "dec 2026"
        assert fmt.month("2026-05-20") == "mei 2026"
        assert fmt.month_short(december) == "dec"
        assert fmt.days(12) == f"+12{NBSP}d"
        assert fmt.days(-3) == f"-3{NBSP}d"


def test_plotly_separators():
    assert fmt.separators() == ".,"
    with speaking("fr"):
        assert fmt.separators() == "," + NNBSP
    with speaking("nl"):
        assert fmt.separators() == ",."
    for language in ("en", "fr", "nl"):
        with speaking(language):
            figure = go.Figure(layout={"separators": fmt.separators()})
            assert len(figure.layout.separators) == 2


@pytest.mark.parametrize("language", ["en", "fr", "nl"])
@pytest.mark.parametrize("value", MISSING_VALUES)
def test_missing_values_stay_missing(language, value):
    with speaking(language):
        for shown in (
            fmt.money(value),
            fmt.money(value, compact=False),
            fmt.number(value, 1),
            fmt.ratio(value),
            fmt.pct(value, signed=True),
            fmt.days(value),
            fmt.day(value),
            fmt.month(value),
            fmt.month_short(value),
        ):
            assert shown == fmt.MISSING
        assert fmt.day(np.datetime64("NaT")) == fmt.day("NaT") == fmt.MISSING


@pytest.mark.parametrize("locale", ["fr_BE", "nl_BE"])
def test_grouping_and_symbol_placement_are_cldrs(locale):
    """Away from rounding ties, the numbers and full amounts are exactly Babel's."""
    language = locale[:2]
    pattern = {"fr_BE": f"#,##0{NBSP}¤", "nl_BE": f"¤{NBSP}#,##0;¤{NBSP}-#,##0"}[locale]
    with speaking(language):
        for value in (7, 1_234, -56_789.3, 1_234_567.8, -987_654_321.2):
            assert fmt.number(value) == numbers.format_decimal(value, "#,##0", locale=locale)
            assert fmt.number(value, 1) == numbers.format_decimal(value, "#,##0.0", locale=locale)
            assert fmt.money(value, compact=False) == numbers.format_currency(
                value, "EUR", pattern, locale=locale, currency_digits=False
            )
        assert fmt.days(12, signed=False) == units.format_unit(
            12, "duration-day", length="short" if language == "fr" else "narrow", locale=locale
        ).replace(" ", NBSP)


def test_language_is_read_at_each_call():
    assert fmt.money(-221_316) == "-€221k"
    with speaking("fr"):
        assert fmt.money(-221_316) == f"-221{NBSP}k€"
        with speaking("nl"):
            assert fmt.money(-221_316) == f"€{NBSP}-221k"
        assert fmt.money(-221_316) == f"-221{NBSP}k€"
    assert fmt.money(-221_316) == "-€221k"


def test_each_thread_formats_in_its_own_language():
    both_set = threading.Barrier(3)
    shown: dict[str, list[str]] = {}

    def speak(language: str) -> None:
        with speaking(language):
            both_set.wait(timeout=10)  # every thread has set its language before any formats
            shown[language] = [fmt.money(54_800_000), fmt.pct(12.5, 1), fmt.day(date(2026, 12, 4))]

    threads = [threading.Thread(target=speak, args=(language,)) for language in ("fr", "nl")]
    for thread in threads:
        thread.start()
    both_set.wait(timeout=10)
    english = [fmt.money(54_800_000), fmt.pct(12.5, 1), fmt.day(date(2026, 12, 4))]
    for thread in threads:
        thread.join(timeout=10)
    assert english == ["€54.8M", "12.5 %", "04 Dec 2026"]
    assert shown == {
        "fr": [f"54,8{NBSP}M€", f"12,5{NBSP}%", "4 déc. 2026"],
        "nl": [f"€{NBSP}54,8{NBSP}mln", "12,5%", "4 dec 2026"],
    }
