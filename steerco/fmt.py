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


#: Compact money, per magnitude: (threshold, divisor, suffix, decimals), largest first. One
#: format per magnitude everywhere (tiles, captions, charts, packs, tables): €1.3B, €54.8M,
#: €221k, €8.5k, €950; a sign goes before the symbol (-€221k).
MONEY_STEPS = (
    (1_000_000_000, 1_000_000_000, "B", 1),
    (1_000_000, 1_000_000, "M", 1),
    (10_000, 1_000, "k", 0),
    (1_000, 1_000, "k", 1),
    (0, 1, "", 0),
)


def money_step(amount: float) -> tuple[float, str, int]:
    """(divisor, suffix, decimals) of an amount's magnitude, judged after rounding (so
    999,960 is "€1.0M", not "€1000k")."""
    amount = abs(float(amount))
    for index, (threshold, divisor, suffix, decimals) in enumerate(MONEY_STEPS):
        if amount < threshold:
            continue
        bigger = MONEY_STEPS[index - 1] if index else None
        if bigger and round(amount / divisor, decimals) * divisor >= bigger[0]:
            return bigger[1], bigger[2], bigger[3]
        return divisor, suffix, decimals
    return 1, "", 0


def money(value, currency: str = "EUR", compact: bool = True) -> str:
    """€54.8M, €221k, -€221k (:data:`MONEY_STEPS`); the full amount with grouping when
    ``compact`` is False (-€221,316)."""
    if _missing(value):
        return MISSING
    symbol = CURRENCY_SYMBOLS.get(currency, f"{currency} ")
    amount = abs(float(value))
    if not compact:
        text = f"{amount:,.0f}"
    else:
        divisor, suffix, decimals = money_step(amount)
        text = f"{amount / divisor:.{decimals}f}{suffix}"
    sign = "-" if value < 0 and text.strip("0.,kMB") else ""
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
