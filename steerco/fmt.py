"""Numbers, money, percentages and dates formatted one way everywhere (pages, charts, packs),
in the language of the user (:func:`steerco.i18n.language`, read at every call).

English keeps the house style (€54.8M, -€221k, 12 %, 21 Nov 2026, +12 d) on a plain-Python
path. French and Dutch follow Babel's CLDR data for :data:`LOCALES`: the grouping and decimal
signs, where the currency symbol and the minus sign go, percent spacing, month names and date
patterns. Their compact money keeps English's magnitudes and decimals (:data:`MONEY_STEPS`)
with each language's short units (:data:`COMPACT_UNITS`): 54,8 M€ / € 54,8 mln. A space
inside one amount never breaks (U+00A0 or U+202F, as CLDR gives), so a tile never wraps it.

Digits are always rounded by Python (as in English) and only then given the language's signs,
so every language shows the same rounded figure and the magnitude judged by
:func:`money_step` (never "1000 k€").
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pandas as pd
from babel import Locale
from babel.dates import DateTimePattern, parse_pattern

from steerco import i18n

CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF ", "CAD": "CA$"}
#: Placeholder for a value that is not known (no report, no budget, division by zero).
MISSING = "–"
#: English dates (house style, the process's C locale): 04 Dec 2026, Dec 2026, Dec.
DATE_FORMAT = "%d %b %Y"
MONTH_FORMAT = "%b %Y"
MONTH_SHORT_FORMAT = "%b"
#: The Babel (CLDR) locale of each language. English does not go through Babel (house style).
LOCALES = {"en": "en", "fr": "fr_BE", "nl": "nl_BE"}
#: CLDR date patterns used for French and Dutch: a day (the locale's medium date, d MMM y),
#: a month with its year (the yMMM skeleton, MMM y) and a month alone (stand-alone, LLL).
DAY_PATTERN = "d MMM y"
MONTH_SKELETON = "yMMM"
MONTH_SHORT_PATTERN = "LLL"
#: Short units of compact money per language, by :data:`MONEY_STEPS` suffix. French glues the
#: unit to the symbol (54,8 M€, 221 k€, 1,3 Md€); Dutch writes it after the number (€ 221k,
#: € 54,8 mln, € 1,3 mld), a word unit after a no-break space.
COMPACT_UNITS = {
    "en": {"": "", "k": "k", "M": "M", "B": "B"},
    "fr": {"": "", "k": "k", "M": "M", "B": "Md"},
    "nl": {"": "", "k": "k", "M": "\u00a0mln", "B": "\u00a0mld"},
}
#: A duration in days after the number: CLDR's short unit in French (12 j, with its narrow
#: no-break space) and the narrow one in Dutch (12 d, the space made no-break).
DAY_UNITS = {"en": " d", "fr": "\u202fj", "nl": "\u00a0d"}


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


@dataclass(frozen=True)
class _Style:
    """What French or Dutch formatting needs of one Babel locale, read once."""

    locale: Locale
    #: Python's "," and "." (of ``f"{x:,.1f}"``) mapped to the locale's group and decimal.
    signs: dict
    decimal: str
    group: str
    minus: str
    plus: str
    #: The standard currency pattern's (prefix, suffix), positive then negative, "¤" kept.
    money_positive: tuple[str, str]
    money_negative: tuple[str, str]
    percent_positive: tuple[str, str]
    percent_negative: tuple[str, str]
    units: dict
    day_unit: str
    day: DateTimePattern
    month: DateTimePattern
    month_short: DateTimePattern


def _affixes(pattern, index: int) -> tuple[str, str]:
    return pattern.prefix[index], pattern.suffix[index]


@functools.cache
def _style(language: str) -> _Style:
    locale = Locale.parse(LOCALES[language])
    symbols = locale.number_symbols["latn"]
    money = locale.currency_formats["standard"]
    percent = locale.percent_formats[None]
    for pattern in (money, percent, locale.decimal_formats[None]):
        if pattern.grouping != (3, 3):  # Python's "," groups by three
            raise ValueError(f"{LOCALES[language]} groups {pattern.pattern!r} otherwise")
    percent_sign = symbols["percentSign"]
    return _Style(
        locale=locale,
        signs=str.maketrans({",": symbols["group"], ".": symbols["decimal"]}),
        decimal=symbols["decimal"],
        group=symbols["group"],
        minus=symbols["minusSign"],
        plus=symbols["plusSign"],
        money_positive=_affixes(money, 0),
        money_negative=_affixes(money, 1),
        percent_positive=tuple(a.replace("%", percent_sign) for a in _affixes(percent, 0)),
        percent_negative=tuple(a.replace("%", percent_sign) for a in _affixes(percent, 1)),
        units=COMPACT_UNITS[language],
        day_unit=DAY_UNITS[language],
        day=parse_pattern(DAY_PATTERN),
        month=parse_pattern(locale.datetime_skeletons[MONTH_SKELETON].pattern),
        month_short=parse_pattern(MONTH_SHORT_PATTERN),
    )


def _localized() -> _Style | None:
    """The current language's style, or None for English (the house style's fast path)."""
    language = i18n.language()
    if language == "en" or language not in LOCALES:
        return None
    return _style(language)


def _digits(style: _Style, amount: float, decimals: int) -> str:
    """``amount`` rounded by Python, grouped and pointed the locale's way."""
    text = f"{amount:,.{decimals}f}".translate(style.signs)
    return text.replace("-", style.minus, 1) if text.startswith("-") else text


def currency_symbol(currency: str) -> str:
    """The symbol of ``currency`` as amounts show it (:data:`CURRENCY_SYMBOLS`; "CHF " keeps its
    space, an unknown code is followed by one)."""
    return CURRENCY_SYMBOLS.get(currency, f"{currency} ")


def _has_digits(text: str) -> bool:
    """True when a rounded amount is not zero (so it may carry a minus sign)."""
    return any(char in "123456789" for char in text)


def money(value, currency: str = "EUR", compact: bool = True) -> str:
    """€54.8M, €221k, -€221k (:data:`MONEY_STEPS`); the full amount with grouping when
    ``compact`` is False (-€221,316). French: 54,8 M€, -221 k€, -221 316 €; Dutch:
    € 54,8 mln, € -221k, € -221.316 (the locale's currency pattern, 0 decimals)."""
    if _missing(value):
        return MISSING
    style = _localized()
    amount = abs(float(value))
    if style is None:
        symbol = currency_symbol(currency)
        if not compact:
            text = f"{amount:,.0f}"
        else:
            divisor, suffix, decimals = money_step(amount)
            text = f"{amount / divisor:.{decimals}f}{suffix}"
        sign = "-" if value < 0 and text.strip("0.,kMB") else ""
        return f"{sign}{symbol}{text}"
    symbol = currency_symbol(currency).strip()
    if compact:
        divisor, suffix, decimals = money_step(amount)
        text = _digits(style, amount / divisor, decimals)
        unit = style.units[suffix]
    else:
        text, unit = _digits(style, amount, 0), ""
    prefix, after = (
        style.money_negative if value < 0 and _has_digits(text) else style.money_positive
    )
    if "¤" in after:  # the symbol follows the number: the unit goes with it (54,8 M€)
        return f"{prefix}{text}{after.replace('¤', unit + symbol)}"
    return f"{prefix.replace('¤', symbol)}{text}{unit}{after}"


def number(value, decimals: int = 0) -> str:
    """1,234.5; French 1 234,5 (narrow no-break space), Dutch 1.234,5."""
    if _missing(value):
        return MISSING
    style = _localized()
    if style is None:
        return f"{float(value):,.{decimals}f}"
    return _digits(style, float(value), decimals)


def ratio(value) -> str:
    """An index such as CPI or SPI: two decimals."""
    return number(value, 2)


def pct(value, decimals: int = 0, signed: bool = False) -> str:
    """A value already in percent (0–100 scale): 12.5 %; French 12,5 % (no-break space),
    Dutch 12,5%; ``signed`` puts + before a positive value."""
    if _missing(value):
        return MISSING
    style = _localized()
    if style is None:
        sign = "+" if signed and value > 0 else ""
        return f"{sign}{float(value):.{decimals}f} %"
    text = _digits(style, abs(float(value)), decimals)
    negative = value < 0 and _has_digits(text)
    prefix, suffix = style.percent_negative if negative else style.percent_positive
    sign = style.plus if signed and value > 0 else ""
    return f"{sign}{prefix}{text}{suffix}"


def _date(value):
    """``value`` as a date, None when missing; a value that is no date comes back as is."""
    if _missing(value):
        return None
    if isinstance(value, str | np.datetime64):
        value = pd.Timestamp(value)
        if value is pd.NaT:
            return None
    if isinstance(value, pd.Timestamp | datetime):
        value = value.date()
    return value


def _dated(value, english: str, pattern: str) -> str:
    value = _date(value)
    if value is None:
        return MISSING
    if not isinstance(value, date):
        return str(value)
    style = _localized()
    if style is None:
        return value.strftime(english)
    return getattr(style, pattern).apply(value, style.locale)


def day(value) -> str:
    """21 Nov 2026 (04 Dec 2026); French 4 déc. 2026, Dutch 4 dec 2026 (CLDR d MMM y)."""
    return _dated(value, DATE_FORMAT, "day")


def month(value) -> str:
    """Dec 2026; French déc. 2026, Dutch dec 2026 (CLDR's yMMM)."""
    return _dated(value, MONTH_FORMAT, "month")


def month_short(value) -> str:
    """The month's abbreviated name: Dec; French déc., Dutch dec."""
    return _dated(value, MONTH_SHORT_FORMAT, "month_short")


def days(value, signed: bool = True) -> str:
    """A duration in days: +12 d; French +12 j, Dutch +12 d (no-break spaces)."""
    if _missing(value):
        return MISSING
    style = _localized()
    sign = "+" if signed and value > 0 else ""
    if style is None:
        return f"{sign}{int(value)} d"
    count = int(value)
    text = f"{style.minus}{-count}" if count < 0 else str(count)
    return f"{sign}{text}{style.day_unit}"


def separators() -> str:
    """Plotly's ``layout.separators`` for the language: the decimal sign, then the thousands
    sign (".," in English, ",\u202f" in French, ",." in Dutch)."""
    style = _localized()
    if style is None:
        return ".,"
    return style.decimal + style.group
