"""Money has a currency: the marks an amount cell may carry, and which currency each means.

A spreadsheet amount may be written ``€ 1 200``, ``1.200,50 EUR``, ``$-2,595``, ``US$ 1,000``,
``CHF 1'234.50`` or ``(£1,234)``. The number is read by :mod:`data_access.ingest.coerce`; this
module finds the *mark* before or after it (a symbol, an ISO 4217 code, a word such as
"euros") and says which currency it means, so that an import never sums amounts in different
currencies: the pipeline refuses a money column whose amounts carry a currency other than the
organisation's (the setting ``currency``), see ``pipeline._check_currencies``.

A mark sits at either end of the number, outside or inside the sign and parentheses
(``-$2,595``, ``$-2,595``, ``($1,234)``); letters or symbols anywhere else, or a mark that is
no currency (``12 k€``, ``12 apples``), make the cell unreadable rather than guessed at.
Plain numbers carry no mark and are taken to be in the organisation's currency.

Like the rest of the coercion this works on distinct texts with pandas string operations (no
Python loop per text): the marks themselves are few and are looked up once each.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Active ISO 4217 codes (funds and precious metals included; XTS and XXX, the codes for
#: testing and for "no currency", left out). A three-letter word that is not one of them
#: (``TBC``) is not taken for a currency.
_ISO_CODES = """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD
    BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP
    DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR
    IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD
    MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB
    PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD
    SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS
    VED VES VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XUA YER
    ZAR ZMW ZWG ZWL
"""
ISO_4217: frozenset[str] = frozenset(_ISO_CODES.split())

#: Symbols and words (upper case) → the currencies they may mean, the usual one first. A
#: symbol shared by several currencies (``$``, ``¥``, ``kr``) means the organisation's when it
#: is one of them, so a Canadian organisation's ``$1,200`` is in CAD; otherwise the first.
SYMBOLS: dict[str, tuple[str, ...]] = {
    "€": ("EUR",), "EURO": ("EUR",), "EUROS": ("EUR",),
    "$": ("USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", "ARS", "CLP", "COP"),
    "US$": ("USD",), "$US": ("USD",), "U$S": ("USD",),
    "C$": ("CAD",), "CA$": ("CAD",), "$CA": ("CAD",), "CAN$": ("CAD",),
    "A$": ("AUD",), "AU$": ("AUD",), "NZ$": ("NZD",), "HK$": ("HKD",), "S$": ("SGD",),
    "R$": ("BRL",), "MX$": ("MXN",),
    "£": ("GBP",), "¥": ("JPY", "CNY"), "JP¥": ("JPY",), "CN¥": ("CNY",), "RMB": ("CNY",),
    "₹": ("INR",), "₩": ("KRW",), "₽": ("RUB",), "₺": ("TRY",), "₪": ("ILS",), "₫": ("VND",),
    "₴": ("UAH",), "₦": ("NGN",), "฿": ("THB",), "₱": ("PHP",), "ZŁ": ("PLN",),
    "KČ": ("CZK",), "FT": ("HUF",), "KR": ("SEK", "NOK", "DKK", "ISK"),
}  # fmt: skip

#: The characters a number is written with: digits, separators, signs, parentheses, the
#: percent sign and the spaces that group thousands. A mark is made of anything else.
_NUMBER_CHARS = "0-9.,()+\\-−%'’ \t\u00a0\u2007\u2009\u202f"
_MARK_CHARS = f"[^{_NUMBER_CHARS}]+"
#: A text worth looking at: one with a character that is not a number's (the exponent's e of
#: ``1e3`` does not count).
_FLAGGED = f"[^{_NUMBER_CHARS}eE]"
#: Mark characters between two digits: not an amount with a mark before or after it.
_INSIDE = f"(?s)[0-9].*[^{_NUMBER_CHARS}].*[0-9]"
_SIGNS = "[()+\\-−]*"
_NOT_MARK = re.compile(f"[{_NUMBER_CHARS}]+")
_SPACES = " \t\u00a0\u2007\u2009\u202f"


@dataclass
class Split:
    """Distinct amount texts with their currency mark taken off.

    ``texts`` are what is left to read as a number ("" where the text can only be
    unreadable: a mark that is no currency, two marks of different currencies, letters
    inside the number); ``marks`` the mark as written, NaN where there is none.
    """

    texts: pd.Series
    marks: pd.Series


def code_of(mark: str, organisation: str | None = None) -> str | None:
    """The ISO code a mark means (``"$"`` → USD, ``"eur"`` → EUR), None if it is no currency.

    A symbol several currencies use means ``organisation`` when it is one of them.
    """
    upper = mark.upper()
    choices = SYMBOLS.get(upper)
    if choices is not None:
        return organisation if organisation in choices else choices[0]
    return upper if upper in ISO_4217 else None


def label(code: str, marks: Iterable[str]) -> str:
    """A currency as a message names it: the code, then the other ways the file wrote it
    in the order they come (``USD ($, US$)``)."""
    spelled = [m for m in dict.fromkeys(marks) if m.upper() != code]
    return f"{code} ({', '.join(spelled)})" if spelled else code


def split_marks(texts: pd.Series) -> Split:
    """Take the currency mark off distinct, stripped, non-empty amount texts."""
    marks = pd.Series(np.nan, index=texts.index, dtype="str")
    flagged = texts.str.contains(_FLAGGED, regex=True)
    if not flagged.any():
        return Split(texts, marks)
    some = texts[flagged]
    lead, lead_code = _marks_of(some, f"^{_SIGNS}[0-9]", "(?s)[0-9].*$")
    tail, tail_code = _marks_of(some, f"[0-9]{_SIGNS}$", "(?s)^.*[0-9]")
    unreadable = (
        ((lead != "") & (lead_code == ""))
        | ((tail != "") & (tail_code == ""))
        | ((lead_code != "") & (tail_code != "") & (lead_code != tail_code))
        | ~some.str.contains("[0-9]", regex=True).to_numpy(dtype=bool)
        | some.str.contains(_INSIDE, regex=True).to_numpy(dtype=bool)
    )
    rest = some.str.replace(_MARK_CHARS, "", regex=True).str.strip(_SPACES)
    found = np.where(unreadable, "", np.where(lead != "", lead, tail))
    found = pd.Series(found, index=some.index, dtype="str").replace("", np.nan)
    return Split(
        texts.mask(flagged, rest.mask(unreadable, "")),
        marks.mask(flagged, found),
    )


def _marks_of(texts: pd.Series, digit: str, number: str) -> tuple[np.ndarray, np.ndarray]:
    """The mark before (or after) the number of each text and the code it means, "" for none
    (or no currency). ``digit`` finds the texts with a digit at that end, which have no mark
    there (the usual column has marks at one end only); ``number`` takes off the rest. Each
    distinct text that is left is looked at once."""
    if texts.str.contains(digit, regex=True).all():
        empty = np.full(len(texts), "", dtype=object)
        return empty, empty
    codes, distinct = pd.factorize(texts.str.replace(number, "", regex=True))
    found = [_NOT_MARK.sub("", text) for text in distinct]
    marks = np.array([*found, ""], dtype=object)
    currencies = np.array([*((m and code_of(m)) or "" for m in found), ""], dtype=object)
    return marks[codes], currencies[codes]  # code -1 (none) takes the last: ""
