"""Numbers, money, percentages and dates formatted one way everywhere (pages, charts, packs)."""

from __future__ import annotations

import math
from datetime import date, datetime

import pandas as pd

CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF ", "CAD": "CA$"}
#: Placeholder for a value that is not known (no report, no budget, division by zero).
MISSING = "–"
DATE_FORMAT = "%d %b %Y"


def _missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def money(value, currency: str = "EUR", compact: bool = True) -> str:
    """€1.25M, €850k, -€12k; full amounts with thin grouping when ``compact`` is False."""
    if _missing(value):
        return MISSING
    symbol = CURRENCY_SYMBOLS.get(currency, f"{currency} ")
    sign = "-" if value < 0 else ""
    amount = abs(float(value))
    if not compact:
        return f"{sign}{symbol}{amount:,.0f}"
    if amount >= 1_000_000_000:
        text = f"{amount / 1_000_000_000:.2f}B"
    elif amount >= 1_000_000:
        text = f"{amount / 1_000_000:.2f}M"
    elif amount >= 10_000:
        text = f"{amount / 1_000:.0f}k"
    elif amount >= 1_000:
        text = f"{amount / 1_000:.1f}k"
    else:
        text = f"{amount:.0f}"
    return f"{sign}{symbol}{text}"


def number(value, decimals: int = 0) -> str:
    if _missing(value):
        return MISSING
    return f"{float(value):,.{decimals}f}"


def ratio(value) -> str:
    """An index such as CPI or SPI: two decimals."""
    return number(value, 2)


def pct(value, decimals: int = 0, signed: bool = False) -> str:
    """A value already in percent (0–100 scale)."""
    if _missing(value):
        return MISSING
    sign = "+" if signed and value > 0 else ""
    return f"{sign}{float(value):.{decimals}f} %"


def day(value) -> str:
    """21 Nov 2026."""
    if _missing(value):
        return MISSING
    if isinstance(value, str):
        value = pd.Timestamp(value)
    if isinstance(value, pd.Timestamp | datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime(DATE_FORMAT)
    return str(value)


def days(value, signed: bool = True) -> str:
    """A duration in days: +12 d."""
    if _missing(value):
        return MISSING
    sign = "+" if signed and value > 0 else ""
    return f"{sign}{int(value)} d"
