"""Spreadsheet cells → the canonical type of each schema column.

Spreadsheets hold what people type and what tools export: ``1 234,50 €``, ``$-2,595``,
``31/12/26``, ``5/3/2016 12:00``, ``1er mars 2024``, ``Oui``, ``🟢``, ``?`` for "don't know",
Excel serial numbers, and fractions where a cell is formatted as a percentage. The readers hand
over cells as Python objects (None, str, int, float, bool, datetime, date, time, timedelta;
CSV cells are all str). :func:`coerce_column` turns one column of them into the dtype the
schema declares and marks the cells it could not read; header matching, messages with row
numbers and range checks are done by the pipeline.

Canonical dtypes (:data:`CANONICAL_DTYPES`): text and RAG → ``str`` (NaN when missing),
integers → ``Int64``, numbers/amounts/percentages → ``float64`` (percent as 0–100), dates →
``datetime64[us]`` at midnight, date-times → ``datetime64[us]`` floored to the second,
booleans → ``boolean``.

Speed matters: an import may hold 100,000-row sheets, and a sheet must be read in well under
a second. No parsing runs row by row in Python. Cells are sorted by Python type once (one
``infer_dtype`` call for the usual homogeneous column); native values take numpy/pandas paths;
strings are factorised so that each *distinct* text is parsed once, and the common layouts
(plain and formatted numbers, ISO and day/month/year dates, known words) are parsed with
pandas string operations, which pandas 3 runs in Arrow when pyarrow is installed (the
patterns spell digits ``[0-9]`` and use no look-arounds so that they stay there). Only rare layouts
(month names, odd time notations) go through a per-distinct-text Python parser, which also
accepts everything the fast paths accept: the fast paths are optimisations, not other rules.
``benchmarks/bench_coerce.py`` measures every case.

Money cells may carry a currency mark (``€ 1 200``, ``1.200,50 EUR``, ``US$ 1,000``): it is
taken off before the number is read and kept in :attr:`Coerced.currencies`, for the pipeline
to check against the organisation's currency (:mod:`data_access.ingest.currency`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from numbers import Real

import numpy as np
import pandas as pd

from data_access import schema
from data_access.ingest import currency
from data_access.marks import N_
from data_access.said import Said
from data_access.schema import ColumnType

# --------------------------------------------------------------------------- public constants

#: The dtype every column type is stored in once coerced.
CANONICAL_DTYPES: dict[ColumnType, str] = {
    ColumnType.TEXT: "str",
    ColumnType.RAG: "str",
    ColumnType.INTEGER: "Int64",
    ColumnType.NUMBER: "float64",
    ColumnType.MONEY: "float64",
    ColumnType.PERCENT: "float64",
    ColumnType.DATE: "datetime64[us]",
    ColumnType.DATETIME: "datetime64[us]",
    ColumnType.BOOLEAN: "boolean",
}

#: Cell texts meaning "no value" (compared case-insensitively after stripping). They are empty,
#: not bad: the ServiceNow export writes "?" for missing, others write "-", "n/a" or "#N/A".
EMPTY_PLACEHOLDERS: frozenset[str] = frozenset(
    {"?", "-", "—", "–", "n/a", "na", "n.a.", "null", "none", "nan", "#n/a"}
)

#: Characters stripped around every text cell: ASCII whitespace, no-break, figure, thin and
#: narrow no-break spaces, zero-width space and a stray byte-order mark.
WHITESPACE = " \t\n\r\f\v\u00a0\u2007\u2009\u202f\u200b\u3000\ufeff"

#: Other spellings accepted for the allowed values of the schema's enumerations, keyed by the
#: canonical value: French and Dutch translations, tool exports (ServiceNow "1 - Critical")
#: and common synonyms. Matching is case-, accent-, spacing- and punctuation-insensitive, so
#: "In-progress", "IN PROGRESS" and "in progress" need no entry of their own. An alias only
#: applies to columns whose allowed values include its canonical value; a spelling that would
#: mean two allowed values of one column is refused when the column's lookup is built.
VALUE_ALIASES: dict[str, tuple[str, ...]] = {
    # PHASES
    "Initiation": ("initialisation", "lancement", "démarrage", "cadrage", "initiatie", "opstart"),
    "Planning": ("planification", "conception", "plan", "planfase"),
    "Execution": (
        "exécution", "réalisation", "en exécution", "uitvoering", "in uitvoering", "realisatie",
        "in execution", "executing", "delivery", "build",
    ),
    "Closing": ("en clôture", "clôture en cours", "fermeture", "afsluiting", "afronding",
                "closure", "close-out"),
    "Closed": ("fermé", "fermée", "clôturé", "clôturée", "terminé", "terminée", "gesloten",
               "afgesloten", "afgerond", "voltooid", "done", "completed", "complete", "finished"),
    "On hold": ("en attente", "suspendu", "suspendue", "en pause", "en suspens", "on hold",
                "gepauzeerd", "in de wacht", "paused", "suspended", "pending", "awaiting"),
    # METHODOLOGIES
    "Waterfall": ("cascade", "en cascade", "cycle en v", "waterval", "traditional"),
    "Agile": ("scrum", "agiel"),
    "Hybrid": ("hybride", "mixte", "mixed"),
    # PRIORITIES
    "Critical": ("critique", "kritiek", "kritisch"),
    "High": ("haute", "haut", "élevée", "élevé", "hoog"),
    "Medium": ("moyenne", "moyen", "modérée", "moderate", "normale", "gemiddeld", "middel"),
    "Low": ("basse", "bas", "faible", "laag"),
    # COST_CATEGORIES
    "Internal labour": ("internal labor", "main-d'œuvre interne", "personnel interne",
                        "interne arbeid", "intern personeel", "eigen personeel"),
    "External labour": ("external labor", "main-d'œuvre externe", "personnel externe",
                        "prestataires", "externe arbeid", "extern personeel", "inhuur"),
    "Hardware": ("matériel", "materieel"),
    "Software": ("logiciel", "logiciels", "licences", "licenties"),
    "Services": ("prestations", "prestations de services", "diensten", "dienstverlening"),
    "Other": ("autre", "autres", "divers", "overig", "overige", "andere"),
    # EXPENSE_TYPES
    "CAPEX": ("capital", "capital expenditure", "investment", "investissement",
              "investissements", "investering", "investeringen"),
    "OPEX": ("operating", "operational", "operating expenditure", "fonctionnement",
             "exploitation", "opérationnel", "exploitatie", "operationeel"),
    # RAID_TYPES
    "Risk": ("risque", "risico", "risks", "risques"),
    "Issue": ("problème", "probleem", "issues", "problèmes"),
    "Assumption": ("hypothèse", "aanname", "veronderstelling"),
    "Dependency": ("dépendance", "afhankelijkheid"),
    "Decision": ("décision", "beslissing", "besluit"),
    "Action": ("actie", "tâche"),
    # RAID_STATUSES, TICKET_STATUSES, DEMAND_STATUSES
    "Open": ("ouvert", "ouverte", "openstaand"),
    "In progress": ("en cours", "en traitement", "lopend", "bezig", "in behandeling",
                    "in uitvoering", "wip", "work in progress", "ongoing", "active"),
    "New": ("nouveau", "nouvelle", "nieuw"),
    "Resolved": ("résolu", "résolue", "résolus", "résolues", "opgelost", "fixed"),
    "Cancelled": ("canceled", "annulé", "annulée", "geannuleerd", "abandoned", "abandonné"),
    "Assessing": ("assessment", "under assessment", "under review", "in review",
                  "en évaluation", "en cours d'évaluation", "en analyse", "in beoordeling"),
    "Approved": ("approuvé", "approuvée", "validé", "validée", "accepté", "acceptée",
                 "goedgekeurd", "accepted"),
    "Rejected": ("rejeté", "rejetée", "refusé", "refusée", "afgewezen", "geweigerd", "declined"),
    "Converted": ("converti", "convertie", "omgezet", "converted to project",
                  "transformé en projet"),
    # TICKET_PRIORITIES (ServiceNow exports "1 - Critical" … "4 - Low")
    "P1": ("1", "1 - critical", "p1 - critical", "priority 1", "prio 1", "critical",
           "critique", "kritiek"),
    "P2": ("2", "2 - high", "p2 - high", "priority 2", "prio 2", "high", "haute", "élevée",
           "hoog"),
    "P3": ("3", "3 - moderate", "3 - medium", "p3 - moderate", "priority 3", "prio 3",
           "moderate", "medium", "moyenne", "modérée", "normale", "gemiddeld", "normaal"),
    "P4": ("4", "4 - low", "p4 - low", "priority 4", "prio 4", "low", "basse", "faible", "laag"),
    # CHANGE_TYPES
    "Standard": ("standaard",),
    "Normal": ("normaal", "normale"),
    "Emergency": ("urgence", "d'urgence", "urgent", "urgente", "spoed", "spoedeisend",
                  "dringend"),
    # CHANGE_OUTCOMES
    "Successful": ("success", "succeeded", "réussi", "réussie", "succès", "geslaagd",
                   "succesvol"),
    "Failed": ("fail", "failure", "échec", "échoué", "échouée", "mislukt", "gefaald"),
    "Rolled back": ("rollback", "backed out", "backout", "retour arrière", "restauré",
                    "teruggedraaid", "teruggerold"),
    # REPORT_STATES (Approved above)
    "Draft": ("brouillon", "concept", "ontwerp"),
    "Submitted": ("soumis", "soumise", "ingediend"),
    "Returned": ("renvoyé", "renvoyée", "retourné", "retournée", "teruggestuurd",
                 "teruggezonden"),
    # DECISION_OUTCOMES (Approved, Rejected above)
    "Deferred": ("reporté", "reportée", "ajourné", "ajournée", "uitgesteld"),
    "Noted": ("pris acte", "acté", "actée", "kennis genomen", "akte genomen"),
    # ACTION_STATUSES (Open above)
    "Done": ("terminé", "terminée", "fait", "faite", "réalisé", "réalisée", "afgerond",
             "gedaan", "klaar"),
    "Dropped": ("abandonné", "abandonnée", "laissé tombé", "vervallen", "geschrapt"),
    # SOURCING
    "Internal": ("interne", "intern", "in-house", "employee", "salarié", "eigen medewerker"),
    "External": ("externe", "extern", "contractor", "consultant", "prestataire", "freelance",
                 "ingehuurd"),
}  # fmt: skip

#: RAG spellings (after case folding, accent stripping and removal of emoji variation
#: selectors): letters, English, French and Dutch colour names, coloured circle and square
#: emoji. Amber is also written yellow/jaune/geel and orange/oranje.
RAG_ALIASES: dict[str, tuple[str, ...]] = {
    "G": ("g", "green", "vert", "verte", "groen", "🟢", "🟩"),
    "A": ("a", "amber", "ambre", "yellow", "orange", "jaune", "oranje", "geel",
          "🟡", "🟠", "🟨", "🟧"),
    "R": ("r", "red", "rouge", "rood", "🔴", "🟥"),
}  # fmt: skip
#: Texts longer than this cannot be a RAG value (the longest is a colour name with an emoji).
RAG_LONGEST = 24
#: Texts longer than this cannot be a boolean ("onwaar" is the longest spelling).
BOOLEAN_LONGEST = 12
#: Extra characters allowed around an enumerated value's longest spelling before a text is
#: known not to be one without looking it up.
WORD_LENGTH_SLACK = 8
#: How RAG values read in messages.
RAG_NAMES = {"G": "Green", "A": "Amber", "R": "Red"}

#: Boolean spellings, compared after case folding and stripping.
BOOLEAN_TRUE: tuple[str, ...] = ("true", "yes", "y", "oui", "ja", "j", "vrai", "waar", "x",
                                 "✓", "✔", "1")  # fmt: skip
BOOLEAN_FALSE: tuple[str, ...] = ("false", "no", "n", "non", "nee", "faux", "onwaar", "0")

#: Month names and abbreviations in English, French and Dutch, accent-free and lower case.
MONTHS: dict[str, int] = {
    **{m: i for i, m in enumerate((
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december"), start=1)},
    **{m: i for i, m in enumerate((
        "janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout",
        "septembre", "octobre", "novembre", "decembre"), start=1)},
    **{m: i for i, m in enumerate((
        "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
        "september", "oktober", "november", "december"), start=1)},
    "jan": 1, "janv": 1, "feb": 2, "fev": 2, "fevr": 2, "febr": 2, "mar": 3, "mrt": 3,
    "apr": 4, "avr": 4, "jun": 6, "jul": 7, "juil": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "okt": 10, "nov": 11, "dec": 12,
}  # fmt: skip
#: Words that may surround a date ("Monday, 31st of July 2022", "le 1er mars") and are ignored.
DATE_FILLER_WORDS: frozenset[str] = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",
    "st", "nd", "rd", "th", "er", "re", "e", "eme", "ste", "de", "the", "of", "le", "den",
    "at", "a", "om",
})  # fmt: skip

#: Excel's day zero and the largest serial Excel accepts (9999-12-31). Counting from
#: 30 December 1899 absorbs Excel's phantom 29 February 1900, so every serial from 61
#: (1 March 1900) on is right; January and February 1900 come out a day early, as in every
#: tool that uses this epoch, which no steering committee will notice.
EXCEL_EPOCH = np.datetime64("1899-12-30T00:00:00", "us")
EXCEL_SERIAL_MIN = 1
EXCEL_SERIAL_MAX = 2958465
#: Excel stores times as fractions of a day; round serials to the millisecond (as the xlsx
#: reader does) before flooring to the second, so 14:05 does not become 14:04:59.
EXCEL_SERIAL_RESOLUTION_US = 1000
MICROSECONDS_PER_DAY = 86_400_000_000

#: Above this many distinct texts in no fast layout, screen their shapes before parsing.
DATE_SHAPE_SCREEN_MIN = 64

#: Two-digit years: 00–68 → 2000–2068, 69–99 → 1969–1999 (the C library's rule).
TWO_DIGIT_YEAR_PIVOT = 69

#: Excel percent-formatted cells arrive as fractions (12 % = 0.12). Products are rounded to
#: this many decimals so 0.12 × 100 is 12.0, not 12.000000000000002.
PERCENT_FRACTION_DECIMALS = 9
#: Integers beyond this are not exact in float64; integer text is kept from the original cell.
FLOAT_EXACT_INT = 2**53

NOTE_FRACTIONS = "read as fractions (0.12 = 12 %)"
NOTE_DECIMAL_COMMA = "read with a decimal comma (1.234,50 = 1234.5)"
NOTE_MONTH_FIRST = "read as month/day/year (US dates: 12/31/2026)"
NOTE_DAY_FIRST = "read as day/month/year (31/12/2026)"


# --------------------------------------------------------------------------- result


@dataclass
class Coerced:
    """One coerced column.

    ``values`` has the canonical dtype and the input's index, NA where the cell was empty or
    unreadable; ``bad`` marks non-empty cells that could not be read (or are not an allowed
    value); ``note`` is a column-level remark for a warning, phrased to follow "Values …".
    ``currencies``, for a money column only, holds the currency mark each amount was written
    with (``€``, ``USD``, ``US$``…; NaN for a plain number or an unreadable cell): which
    currency a mark means is :func:`data_access.ingest.currency.code_of`'s business.
    """

    values: pd.Series
    bad: pd.Series
    note: str | None = None
    currencies: pd.Series | None = None


def coerce_column(raw: pd.Series, column: schema.Column, *, day_first: bool = True) -> Coerced:
    """Read one spreadsheet column as ``column.type``.

    ``day_first`` decides ambiguous numeric dates (5/3/2016); a column whose dates only make
    sense the other way round (12/31/2026, and no day above 12 in first position) is read the
    other way round, with a note.
    """
    return _coerce(raw, column, day_first=day_first, lenient=False)


def canonical_empty(column: schema.Column, index: pd.Index | None = None) -> pd.Series:
    """An all-missing series of the column's canonical dtype."""
    index = index if index is not None else pd.RangeIndex(0)
    return pd.Series(_empty_array(column.type, len(index)), index=index)


#: Set in ``DataFrame.attrs`` of a frame that ``coerce_column`` built column by column (an
#: upload's checked frame): ``canonical_frame`` then has nothing to do.
CANONICAL_MARK = "steerco_canonical"


def mark_canonical(frame: pd.DataFrame) -> pd.DataFrame:
    frame.attrs[CANONICAL_MARK] = True
    return frame


def canonical_frame(ds: schema.Dataset, frame: pd.DataFrame) -> pd.DataFrame:
    """An already-typed frame (read from the store, generated, or coerced) in canonical form.

    Columns come in schema order with canonical dtypes (missing ones all NA, others dropped),
    so the same data compares equal whatever it came from: python ``date`` objects or ISO text
    from SQLite and ``datetime64`` from an upload; ``0/1`` and ``True/False``; ``3.0`` and
    ``3``. Text is stripped (empty → NA), dates sit at midnight, date-times are floored to the
    second. Unlike an import, values are not translated: percentages are not scaled from
    fractions and enumerated text is kept as written.
    """
    if frame.attrs.get(CANONICAL_MARK) and list(frame.columns) == list(ds.column_names):
        return frame
    columns: dict[str, pd.Series] = {}
    for column in ds.columns:
        if column.name in frame.columns:
            raw = frame[column.name]
            columns[column.name] = _coerce(raw, column, day_first=True, lenient=True).values
        else:
            columns[column.name] = canonical_empty(column, frame.index)
    return pd.DataFrame(columns, index=frame.index)


#: What a good value looks like, by column type and range ("none", "from", "least", "most");
#: whole sentences, so that each language words them its own way.
_EXPECTED_NUMBERS: dict[tuple[ColumnType, str], str] = {
    (ColumnType.INTEGER, "none"): N_("a whole number"),
    (ColumnType.INTEGER, "from"): N_("a whole number from {low} to {high}"),
    (ColumnType.INTEGER, "least"): N_("a whole number of at least {low}"),
    (ColumnType.INTEGER, "most"): N_("a whole number of at most {high}"),
    (ColumnType.NUMBER, "none"): N_("a number such as 12.5 or 12,5"),
    (ColumnType.NUMBER, "from"): N_("a number from {low} to {high}, such as 12.5 or 12,5"),
    (ColumnType.NUMBER, "least"): N_("a number of at least {low}, such as 12.5 or 12,5"),
    (ColumnType.NUMBER, "most"): N_("a number of at most {high}, such as 12.5 or 12,5"),
    (ColumnType.MONEY, "none"): N_("an amount such as 1 234,50 or 1,234.50"),
    (ColumnType.MONEY, "from"): N_("an amount from {low} to {high}, such as 1 234,50 or 1,234.50"),
    (ColumnType.MONEY, "least"): N_("an amount of at least {low}, such as 1 234,50 or 1,234.50"),
    (ColumnType.MONEY, "most"): N_("an amount of at most {high}, such as 1 234,50 or 1,234.50"),
    (ColumnType.PERCENT, "none"): N_("a percentage such as 12 % or 12,5 %"),
    (ColumnType.PERCENT, "from"): N_("a percentage from {low} to {high}, such as 12 % or 12,5 %"),
    (ColumnType.PERCENT, "least"): N_("a percentage of at least {low}, such as 12 % or 12,5 %"),
    (ColumnType.PERCENT, "most"): N_("a percentage of at most {high}, such as 12 % or 12,5 %"),
}
EXPECTED_RAG = N_("one of G, A, R (Green/Amber/Red)")
EXPECTED_ALLOWED = N_("one of {values}")
EXPECTED_TEXT = N_("text")
EXPECTED_BOOLEAN = N_("yes or no (also true/false, 1/0, x, oui/non, ja/nee)")
EXPECTED_DATE = N_("a date such as {example} or 2026-12-31")
EXPECTED_DATETIME = N_("a date and time such as {example} or 2026-12-31 14:05")


def expected_phrase(column: schema.Column, *, day_first: bool = True) -> Said:
    """What a good value of the column looks like, for error messages (translatable)."""
    kind = column.type
    if kind is ColumnType.RAG:
        names = "/".join(RAG_NAMES[v] for v in schema.RAG_VALUES)
        text = f"one of {', '.join(schema.RAG_VALUES)} ({names})"
        return Said(EXPECTED_RAG) if text == EXPECTED_RAG else Said(text)
    if kind is ColumnType.TEXT:
        if column.allowed:
            return Said.of(EXPECTED_ALLOWED, values=", ".join(column.allowed))
        return Said(EXPECTED_TEXT)
    if kind is ColumnType.BOOLEAN:
        return Said(EXPECTED_BOOLEAN)
    if kind is ColumnType.DATE:
        return Said.of(EXPECTED_DATE, example="31/12/2026" if day_first else "12/31/2026")
    if kind is ColumnType.DATETIME:
        example = "31/12/2026 14:05" if day_first else "12/31/2026 14:05"
        return Said.of(EXPECTED_DATETIME, example=example)
    low, high = column.minimum, column.maximum
    if low is not None and high is not None:
        return Said.of(_EXPECTED_NUMBERS[kind, "from"], low=f"{low:g}", high=f"{high:g}")
    if low is not None:
        return Said.of(_EXPECTED_NUMBERS[kind, "least"], low=f"{low:g}")
    if high is not None:
        return Said.of(_EXPECTED_NUMBERS[kind, "most"], high=f"{high:g}")
    return Said(_EXPECTED_NUMBERS[kind, "none"])


def expected_text(column: schema.Column, *, day_first: bool = True) -> str:
    """What a good value of the column looks like, for error messages (in English)."""
    return str(expected_phrase(column, day_first=day_first))


# --------------------------------------------------------------------------- sorting cells by type

_STR, _NUM, _BOOL, _STAMP, _OTHER = range(5)
_NO_KIND = -1

_EXACT_KINDS: dict[type, int] = {
    str: _STR,
    int: _NUM,
    float: _NUM,
    bool: _BOOL,
    np.bool_: _BOOL,
    datetime: _STAMP,
    date: _STAMP,
    pd.Timestamp: _STAMP,
    np.datetime64: _STAMP,
    time: _OTHER,
    timedelta: _OTHER,
}


def _kind_of(value: object) -> int:
    kind = _EXACT_KINDS.get(type(value))
    if kind is not None:
        return kind
    if isinstance(value, bool | np.bool_):
        return _BOOL
    if isinstance(value, str):
        return _STR
    if isinstance(value, timedelta | time):
        return _OTHER
    if isinstance(value, datetime | date | np.datetime64):
        return _STAMP
    if isinstance(value, Real | np.number):
        return _NUM
    return _OTHER


_INFERRED_KINDS = {
    "string": _STR,
    "integer": _NUM,
    "floating": _NUM,
    "mixed-integer-float": _NUM,
    "decimal": _NUM,
    "boolean": _BOOL,
    "datetime": _STAMP,
    "datetime64": _STAMP,
    "date": _STAMP,
}


@dataclass
class _Cells:
    """A column's cells sorted by Python type: a kind per cell, values fetched per kind.

    Empty means None/NaN/NaT here; placeholder texts ("?", "n/a") are found per column type.
    Typed columns (float, datetime64, str dtypes) keep their arrays, so a million stored
    values never become Python objects.
    """

    size: int
    kind: np.ndarray  # int8 per cell, _NO_KIND where empty
    source: pd.Series
    numbers: np.ndarray | None = None  # float64 per cell, for numeric dtypes
    stamps: np.ndarray | None = None  # datetime64[us] per cell, for datetime dtypes
    _objects: np.ndarray | None = None

    @property
    def objects(self) -> np.ndarray:
        if self._objects is None:
            self._objects = self.source.to_numpy(dtype=object)
        return self._objects

    def where(self, kind: int) -> np.ndarray:
        return np.flatnonzero(self.kind == kind)


def _cells(raw: pd.Series) -> _Cells:
    n = len(raw)
    dtype = raw.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return _cells(raw.astype(object))
    missing = raw.isna().to_numpy(dtype=bool)

    def uniform(kind: int, **arrays: np.ndarray) -> _Cells:
        kinds = np.where(missing, _NO_KIND, kind).astype(np.int8)
        return _Cells(n, kinds, raw, **arrays)

    if pd.api.types.is_string_dtype(dtype) and not pd.api.types.is_object_dtype(dtype):
        return uniform(_STR)
    if pd.api.types.is_bool_dtype(dtype):
        return uniform(_BOOL)
    if pd.api.types.is_numeric_dtype(dtype):
        return uniform(_NUM, numbers=raw.to_numpy(dtype="float64", na_value=np.nan))
    if pd.api.types.is_datetime64_any_dtype(dtype):
        stamps = raw.dt.tz_localize(None) if isinstance(dtype, pd.DatetimeTZDtype) else raw
        return uniform(_STAMP, stamps=stamps.to_numpy(dtype="datetime64[us]"))
    if not pd.api.types.is_object_dtype(dtype):  # timedelta, period, interval…
        return uniform(_OTHER)
    objects = raw.to_numpy(dtype=object)
    inferred = pd.api.types.infer_dtype(objects, skipna=True)
    if inferred == "empty":
        return _Cells(n, np.full(n, _NO_KIND, dtype=np.int8), raw, _objects=objects)
    if inferred in _INFERRED_KINDS:
        cells = uniform(_INFERRED_KINDS[inferred])
        cells._objects = objects
        return cells
    kinds = np.full(n, _NO_KIND, dtype=np.int8)
    present = np.flatnonzero(~missing)
    kinds[present] = np.fromiter(
        (_kind_of(v) for v in objects[present]), dtype=np.int8, count=present.size
    )
    return _Cells(n, kinds, raw, _objects=objects)


def _numbers_of(cells: _Cells, where: np.ndarray) -> np.ndarray:
    if cells.numbers is not None:
        return cells.numbers[where]
    try:
        return np.asarray(cells.objects[where], dtype="float64")
    except (OverflowError, TypeError, ValueError):
        return np.array([_to_float(v) for v in cells.objects[where]], dtype="float64")


def _to_float(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (OverflowError, TypeError, ValueError):
        return np.nan


def _stamps_of(cells: _Cells, where: np.ndarray) -> np.ndarray:
    """datetime64[us] of the _STAMP cells (timezones dropped, wall-clock time kept)."""
    if cells.stamps is not None:
        return cells.stamps[where]
    values = cells.objects[where]
    try:
        stamps = pd.to_datetime(pd.Series(values, dtype=object))
        if isinstance(stamps.dtype, pd.DatetimeTZDtype):
            stamps = stamps.dt.tz_localize(None)
        return stamps.to_numpy(dtype="datetime64[us]")
    except (TypeError, ValueError, OverflowError):
        return np.array([_one_stamp(v) for v in values], dtype="datetime64[us]")


def _one_stamp(value: object) -> np.datetime64:
    try:
        stamp = pd.Timestamp(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return np.datetime64("NaT", "us")
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)
    return np.datetime64(stamp.as_unit("us").asm8, "us")


def _texts(cells: _Cells) -> tuple[np.ndarray, pd.Series, np.ndarray]:
    """The text cells: (positions, stripped texts, placeholder mask), texts on a RangeIndex."""
    where = cells.where(_STR)
    if pd.api.types.is_object_dtype(cells.source.dtype):
        texts = pd.Series(cells.objects[where], dtype="str")
    elif where.size == cells.size:
        texts = cells.source.reset_index(drop=True).astype("str")
    else:
        texts = cells.source.iloc[where].reset_index(drop=True).astype("str")
    texts = texts.str.strip(WHITESPACE)
    empty = ((texts == "") | texts.str.lower().isin(EMPTY_PLACEHOLDERS)).to_numpy(dtype=bool)
    return where, texts, empty


def _distinct(texts: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Factorised texts: codes per text and the distinct texts on a RangeIndex."""
    codes, uniques = pd.factorize(texts)
    return codes, pd.Series(uniques)


# --------------------------------------------------------------------------- dispatch


def _coerce(raw: pd.Series, column: schema.Column, *, day_first: bool, lenient: bool) -> Coerced:
    cells = _cells(raw)
    kind = column.type
    marks = None
    if kind in (ColumnType.TEXT, ColumnType.RAG):
        values, bad, note = _coerce_text(cells, column, lenient=lenient)
    elif kind in (ColumnType.INTEGER, ColumnType.NUMBER, ColumnType.MONEY, ColumnType.PERCENT):
        values, bad, note, marks = _coerce_number(cells, kind, fractions=not lenient)
    elif kind in (ColumnType.DATE, ColumnType.DATETIME):
        values, bad, note = _coerce_datetime(cells, kind, day_first=day_first)
    elif kind is ColumnType.BOOLEAN:
        values, bad, note = _coerce_boolean(cells)
    else:  # pragma: no cover - every ColumnType is handled above
        raise ValueError(f"no coercion for {kind}")
    return Coerced(
        values=pd.Series(values, index=raw.index),
        bad=pd.Series(bad, index=raw.index, dtype=bool),
        note=note,
        currencies=None if marks is None else pd.Series(marks, index=raw.index, dtype="str"),
    )


def _empty_array(kind: ColumnType, size: int):
    dtype = CANONICAL_DTYPES[kind]
    if dtype == "float64":
        return np.full(size, np.nan)
    if dtype.startswith("datetime64"):
        return np.full(size, np.datetime64("NaT", "us"))
    return pd.array([None] * size, dtype=dtype)


# --------------------------------------------------------------------------- text and RAG


def fold(text: str) -> str:
    """Case-, accent-, spacing- and punctuation-free key: "In-progress" → "inprogress"."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NOT_ALNUM.sub("", text.translate(_LIGATURES))


_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ß": "ss"})
_NOT_ALNUM = re.compile(r"[\W_]+")
#: Emoji presentation selectors and joiners that may follow a coloured circle.
_INVISIBLE = dict.fromkeys(map(ord, "\ufe0e\ufe0f\u200d\u20e3"))


@lru_cache(maxsize=128)
def _enum_lookup(allowed: tuple[str, ...]) -> dict[str, str]:
    """Folded spelling → canonical value for one column's allowed values."""
    lookup: dict[str, str] = {}
    for value in allowed:
        for spelling in (value, *VALUE_ALIASES.get(value, ())):
            key = fold(spelling)
            if lookup.setdefault(key, value) != value:
                raise ValueError(
                    f"{spelling!r} would mean both {lookup[key]!r} and {value!r} "
                    f"among {allowed}; fix VALUE_ALIASES"
                )
    return lookup


@lru_cache(maxsize=128)
def _longest(allowed: tuple[str, ...]) -> int:
    """The longest text worth looking up: the longest spelling with room for extra spaces."""
    spellings = [s for v in allowed for s in (v, *VALUE_ALIASES.get(v, ()))]
    return 2 * max(map(len, spellings)) + WORD_LENGTH_SLACK


def _symbol_fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold().translate(_INVISIBLE))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).strip(WHITESPACE)


_RAG_LOOKUP: dict[str, str] = {
    spelling: value for value, spellings in RAG_ALIASES.items() for spelling in spellings
}
#: Tokens of a RAG cell: words, or single symbols (an emoji, a bullet, a dash).
_RAG_TOKENS = re.compile(r"[^\W_]+|[^\w\s]")
#: Symbols that may decorate a RAG value without meaning anything ("● Green", "G - green").
_RAG_DECORATION = frozenset("●•○◉⬤·-–—:()[]/.,")


def _rag_value(text: str) -> str | None:
    folded = _symbol_fold(text)
    direct = _RAG_LOOKUP.get(folded)
    if direct:
        return direct
    found = set()
    for token in _RAG_TOKENS.findall(folded):
        if token in _RAG_DECORATION:
            continue
        value = _RAG_LOOKUP.get(token)
        if value is None:
            return None
        found.add(value)
    return found.pop() if len(found) == 1 else None


def _coerce_text(
    cells: _Cells, column: schema.Column, *, lenient: bool
) -> tuple[object, np.ndarray, None]:
    bad = np.zeros(cells.size, dtype=bool)
    rag = column.type is ColumnType.RAG
    where, texts, empty = _texts(cells)
    texts = texts.mask(empty)
    non_text = [kind for kind in (_NUM, _BOOL, _STAMP, _OTHER) if cells.where(kind).size]
    if rag and not lenient:  # a RAG is a word or a symbol, never a number or a date
        for kind in non_text:
            bad[cells.where(kind)] = True
        non_text = []
    if non_text:
        out = np.full(cells.size, None, dtype=object)
        out[where] = texts.to_numpy(dtype=object, na_value=None)
        out = _non_text_cells(cells, out)
        values = pd.Series(out, dtype="str")
    elif where.size == cells.size:
        values = texts
    else:  # spread the texts over the rows, NaN where the cell was empty
        values = texts.set_axis(where).reindex(pd.RangeIndex(cells.size))
    if not lenient and (rag or column.allowed):
        if rag:
            values, unknown = _map_words(values, _rag_value, RAG_LONGEST)
        else:
            lookup = _enum_lookup(column.allowed)
            values, unknown = _map_words(values, lookup, _longest(column.allowed))
        bad |= unknown
    return values.array, bad, None


def _non_text_cells(cells: _Cells, out: np.ndarray) -> np.ndarray:
    """Numbers, booleans, dates and times of a text column as the text a person would type."""
    where = cells.where(_NUM)
    if where.size:
        out[where] = _number_texts(_numbers_of(cells, where), cells.objects[where])
    where = cells.where(_BOOL)
    out[where] = np.where(cells.objects[where].astype(bool), "TRUE", "FALSE")
    where = cells.where(_STAMP)
    if where.size:
        out[where] = _stamp_texts(_stamps_of(cells, where))
    where = cells.where(_OTHER)
    out[where] = [v.isoformat() if isinstance(v, time) else str(v) for v in cells.objects[where]]
    return out


def _map_words(values: pd.Series, lookup, longest: int) -> tuple[pd.Series, np.ndarray]:
    """Map each distinct text through ``lookup``: a dict of :func:`fold` keys, or a function.

    Plain-ASCII texts (nearly all of them) are folded with vectorised string operations,
    which for ASCII give exactly what :func:`fold` gives; only texts with accents, ligatures
    or symbols are folded in Python. Texts longer than ``longest`` cannot be a value: a
    description column mapped to a status by mistake costs no Python work per row.
    """
    codes, uniques = pd.factorize(values)
    distinct = pd.Series(uniques, dtype="str")
    short = (distinct.str.len() <= longest).to_numpy(dtype=bool)
    ascii_ = distinct.str.isascii().to_numpy(dtype=bool)
    mapped = np.full(len(distinct), None, dtype=object)
    if callable(lookup):
        # A RAG or boolean word never holds a digit; other short ASCII texts are looked up.
        maybe = short & ~(ascii_ & distinct.str.contains("[0-9]").to_numpy(dtype=bool))
        mapped[maybe] = [lookup(u) for u in distinct[maybe]]
    else:
        keys = distinct[short & ascii_].str.lower().str.replace("[^a-z0-9]", "", regex=True)
        mapped[short & ascii_] = keys.map(lookup).to_numpy(dtype=object, na_value=None)
        slow = short & ~ascii_
        mapped[slow] = [lookup.get(fold(u)) for u in distinct[slow]]
    table = pd.Series([*mapped, None], dtype="str")
    out = table.take(codes).reset_index(drop=True)  # code -1 (missing) takes the last: NaN
    unknown = (codes >= 0) & out.isna().to_numpy(dtype=bool)
    return out, unknown


def _number_texts(numbers: np.ndarray, objects: np.ndarray) -> np.ndarray:
    """Numbers as text: whole numbers without ".0" (IDs typed as numbers), others as repr."""
    out = np.empty(numbers.size, dtype=object)
    finite = np.isfinite(numbers)
    whole = finite & (np.abs(numbers) < FLOAT_EXACT_INT)
    whole[whole] = numbers[whole] == np.trunc(numbers[whole])
    out[whole] = pd.Series(numbers[whole].astype(np.int64)).astype("str").to_numpy(dtype=object)
    rest = np.flatnonzero(~whole)
    out[rest] = [
        str(v) if isinstance(v, int | np.integer) else _float_text(float(v)) for v in objects[rest]
    ]
    return out


def _float_text(value: float) -> str:
    if np.isfinite(value) and value == int(value):
        return str(int(value))
    return repr(value)


def _stamp_texts(stamps: np.ndarray) -> np.ndarray:
    """ISO text: the date alone at midnight, else date and time to the second."""
    day = np.datetime_as_string(stamps, unit="D")
    full = np.char.replace(np.datetime_as_string(stamps, unit="s"), "T", " ")
    midnight = stamps == stamps.astype("datetime64[D]").astype("datetime64[us]")
    out = np.where(midnight, day, full).astype(object)
    out[np.isnat(stamps)] = None
    return out


# --------------------------------------------------------------------------- booleans

_BOOLEAN_LOOKUP: dict[str, bool] = {
    **dict.fromkeys(BOOLEAN_TRUE, True),
    **dict.fromkeys(BOOLEAN_FALSE, False),
}


def _boolean_word(text: str) -> bool | None:
    folded = _symbol_fold(text)
    if folded in _BOOLEAN_LOOKUP:
        return _BOOLEAN_LOOKUP[folded]
    number = _to_float(folded.replace(",", "."))
    return {1.0: True, 0.0: False}.get(number)


def _coerce_boolean(cells: _Cells) -> tuple[object, np.ndarray, None]:
    if pd.api.types.is_bool_dtype(cells.source.dtype):  # already booleans
        return cells.source.astype("boolean").array, np.zeros(cells.size, dtype=bool), None
    out = np.full(cells.size, None, dtype=object)
    bad = np.zeros(cells.size, dtype=bool)
    where = cells.where(_BOOL)
    out[where] = cells.objects[where].astype(bool)
    where = cells.where(_NUM)
    numbers = _numbers_of(cells, where)
    out[where] = np.where(numbers == 1, True, np.where(numbers == 0, False, None))
    bad[where] = (numbers != 1) & (numbers != 0)
    where, texts, empty = _texts(cells)
    if where.size:
        codes, uniques = pd.factorize(texts.to_numpy(dtype=object))
        mapped = np.array(
            [_boolean_word(u) if len(u) <= BOOLEAN_LONGEST else None for u in uniques],
            dtype=object,
        )
        values = mapped[codes]
        unknown = pd.isna(values) & ~empty
        values[empty] = None
        out[where] = values
        bad[where] = unknown
    for kind in (_STAMP, _OTHER):
        bad[cells.where(kind)] = True
    return pd.array(out, dtype="boolean"), bad, None


# --------------------------------------------------------------------------- numbers

#: Currency symbols and ISO codes taken off a number that is not money ("€", "$", "US$", "C$",
#: "CHF"…). Money columns take the mark off with :mod:`data_access.ingest.currency`, which keeps
#: it, so that amounts in another currency than the organisation's are refused.
_CURRENCY = r"(?i)(?:euros?|eur|usd|cad|chf|gbp|aud|jpy|[a-z]{0,2}\$|€|£|¥)"
#: Spaces and apostrophes used as thousands separators: 1 234, 1 234 (U+00A0, U+202F), 1'234.
_GROUP_SPACES = "[ \u00a0\u2007\u2009\u202f'’]"
_SPACED = rf"[0-9]{{1,3}}(?:{_GROUP_SPACES}[0-9]{{3}})+(?:[.,][0-9]*)?"
_DIGITS_AND_SEPARATORS = r"[0-9.,]*[0-9][0-9.,]*"
_COMMA_GROUPED = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?"
_DOT_GROUPED = r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]*)?"
#: A plain number like 1.234 that means 1234 in a decimal-comma column.
_AMBIGUOUS_DOT = r"[+-]?[1-9][0-9]{0,2}\.[0-9]{3}"
#: What pandas' number parser reads as is: checked first, because asking pandas to parse
#: texts it then rejects one by one costs five times more than a vectorised match.
_PLAIN_NUMBER = r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"

_NONE, _DOT, _COMMA = 0, 1, 2


@dataclass
class _ParsedNumbers:
    values: np.ndarray  # float64, NaN where unreadable
    percent: np.ndarray  # bool: the text carried a % sign
    decimal_comma: bool


def _parse_number_texts(texts: pd.Series) -> _ParsedNumbers:
    """Parse distinct, stripped, non-empty texts as numbers, deciding the decimal separator
    for the whole column: a single text that only makes sense with a decimal comma (12,5 —
    1.234,50 — 0,750 — 1.234.567) makes ambiguous ones (1,234 and 1.234) decimal-comma too;
    otherwise the comma groups thousands. Texts that carry both separators, or spaces or
    apostrophes as thousands separators, always say which is the decimal one.
    """
    n = len(texts)
    values = np.full(n, np.nan)
    percent = np.zeros(n, dtype=bool)
    done = texts.str.fullmatch(_PLAIN_NUMBER).to_numpy(dtype=bool)
    if done.any():
        values[done] = _to_numbers(texts[done])
        done = done & np.isfinite(values)
    decimal_comma = False
    rest = np.flatnonzero(~done)
    if rest.size:
        formatted = _parse_formatted(texts.iloc[rest].reset_index(drop=True))
        values[rest] = formatted.values
        percent[rest] = formatted.percent
        decimal_comma = formatted.decimal_comma
    if decimal_comma and done.any():
        plain_at = np.flatnonzero(done)
        plain_texts = texts.iloc[plain_at]
        thousands = plain_texts.str.fullmatch(_AMBIGUOUS_DOT).to_numpy(dtype=bool)
        if thousands.any():
            again = plain_texts[thousands].str.replace(".", "", regex=False)
            values[plain_at[thousands]] = _to_numbers(again)
    return _ParsedNumbers(values, percent, decimal_comma)


def _to_numbers(texts: pd.Series) -> np.ndarray:
    return pd.to_numeric(texts, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)


def _parse_formatted(t: pd.Series) -> _ParsedNumbers:
    n = len(t)
    percent = t.str.contains("%", regex=False).to_numpy(dtype=bool)
    if percent.any():
        t = t.str.replace("%", "", regex=False)
    t = t.str.replace(_CURRENCY, "", regex=True).str.strip(WHITESPACE)
    t = t.str.replace("−", "-", regex=False)

    paren = (t.str.startswith("(") & t.str.endswith(")")).to_numpy(dtype=bool)
    if paren.any():
        t = t.where(~paren, t.str.slice(1, -1)).str.strip(WHITESPACE)
    lead = t.str.startswith("-").to_numpy(dtype=bool)
    plus = t.str.startswith("+").to_numpy(dtype=bool)
    if (lead | plus).any():
        t = t.where(~(lead | plus), t.str.slice(1)).str.strip(WHITESPACE)
    trail = t.str.endswith("-").to_numpy(dtype=bool)
    if trail.any():
        t = t.where(~trail, t.str.slice(0, -1)).str.strip(WHITESPACE)
    minus = paren.astype(int) + lead + trail
    bad = (minus > 1) | (plus & (minus > 0))
    bad |= t.str.startswith(("-", "+")).to_numpy(dtype=bool)  # "--12"

    s = t.str.replace(_GROUP_SPACES, "", regex=True)
    # Only digits and separators are left in a number; anything else must not vote on the
    # column's decimal separator ("12,5 apples").
    bad |= ~s.str.fullmatch(_DIGITS_AND_SEPARATORS).to_numpy(dtype=bool)
    length = s.str.len().to_numpy(dtype=np.int64)
    spaced = length != t.str.len().to_numpy(dtype=np.int64)
    if spaced.any():
        bad[spaced] |= ~t[spaced].str.fullmatch(_SPACED).to_numpy(dtype=bool)
    commas = length - s.str.replace(",", "", regex=False).str.len().to_numpy(dtype=np.int64)
    dots = length - s.str.replace(".", "", regex=False).str.len().to_numpy(dtype=np.int64)
    first_comma = s.str.find(",").to_numpy(dtype=np.int64)
    first_dot = s.str.find(".").to_numpy(dtype=np.int64)
    leading_zero = s.str.startswith("0").to_numpy(dtype=bool)

    decimal = np.full(n, _NONE, dtype=np.int8)
    thousands = np.full(n, _NONE, dtype=np.int8)
    both = (commas > 0) & (dots > 0)
    comma_last = both & (first_comma > first_dot)
    decimal[comma_last], thousands[comma_last] = _COMMA, _DOT
    decimal[both & ~comma_last], thousands[both & ~comma_last] = _DOT, _COMMA
    bad |= (comma_last & (commas > 1)) | (both & ~comma_last & (dots > 1))

    def single(count: np.ndarray, other: np.ndarray, first: np.ndarray) -> tuple:
        only = (count > 0) & (other == 0)
        many = only & (count > 1)
        one = only & (count == 1)
        after = length - 1 - first
        ambiguous = one & (after == 3) & (first >= 1) & (first <= 3) & ~leading_zero
        return many, one & ~ambiguous, ambiguous

    many_commas, comma_decimal, ambiguous_comma = single(commas, dots, first_comma)
    many_dots, dot_decimal, ambiguous_dot = single(dots, commas, first_dot)
    thousands[many_commas] = _COMMA
    thousands[many_dots] = _DOT
    decimal[comma_decimal] = _COMMA
    decimal[dot_decimal] = _DOT
    # Spaces already grouped the thousands: a remaining separator is the decimal one.
    ambiguous_comma &= ~spaced
    ambiguous_dot &= ~spaced
    decimal[spaced & (commas == 1)] = _COMMA
    decimal[spaced & (dots == 1)] = _DOT
    thousands[spaced] = _NONE

    evidence = ((decimal == _COMMA) | (thousands == _DOT)) & ~bad
    decimal_comma = bool(evidence.any())
    if decimal_comma:
        decimal[ambiguous_comma], thousands[ambiguous_dot] = _COMMA, _DOT
    else:
        thousands[ambiguous_comma], decimal[ambiguous_dot] = _COMMA, _DOT

    for sep, pattern in ((_COMMA, _COMMA_GROUPED), (_DOT, _DOT_GROUPED)):
        grouped = np.flatnonzero(thousands == sep)
        if grouped.size:
            bad[grouped] |= ~s.iloc[grouped].str.fullmatch(pattern).to_numpy(dtype=bool)
    for mask, char in ((thousands == _COMMA, ","), (thousands == _DOT, ".")):
        if mask.any():
            s = s.where(~mask, s.str.replace(char, "", regex=False))
    comma = decimal == _COMMA
    if comma.any():
        s = s.where(~comma, s.str.replace(",", ".", regex=False))
    values = _to_numbers(s)
    values = np.where(minus == 1, -values, values)
    values[bad | ~np.isfinite(values)] = np.nan
    return _ParsedNumbers(values, percent, decimal_comma)


def _coerce_number(
    cells: _Cells, kind: ColumnType, *, fractions: bool
) -> tuple[object, np.ndarray, str | None, np.ndarray | None]:
    """Values, bad cells, a note and, for money, the currency mark of each cell."""
    values = np.full(cells.size, np.nan)
    bad = np.zeros(cells.size, dtype=bool)
    notes: list[str] = []
    money = kind is ColumnType.MONEY
    marks = np.full(cells.size, None, dtype=object) if money else None

    where = cells.where(_NUM)
    numbers = _numbers_of(cells, where)
    unreadable = ~np.isfinite(numbers) & ~np.isnan(numbers)  # ±inf
    numbers[unreadable] = np.nan
    bad[where[unreadable]] = True
    if kind is ColumnType.PERCENT and fractions and _are_fractions(numbers):
        numbers = np.round(numbers * 100, PERCENT_FRACTION_DECIMALS)
        notes.append(NOTE_FRACTIONS)
    values[where] = numbers

    where, texts, empty = _texts(cells)
    if where.size:
        keep = ~empty
        codes, distinct = _distinct(texts[keep])
        if money:
            split = currency.split_marks(distinct)
            distinct = split.texts
        parsed = _parse_number_texts(distinct)
        text_values = parsed.values[codes]
        failed = np.isnan(text_values)
        if kind is not ColumnType.PERCENT:
            pct = parsed.percent[codes]
            failed |= pct
            text_values[pct] = np.nan
        at = where[keep]
        values[at] = text_values
        bad[at] = failed
        if money:
            marks[at] = np.where(failed, None, split.marks.to_numpy(dtype=object)[codes])
        if parsed.decimal_comma:
            notes.append(NOTE_DECIMAL_COMMA)
    for other in (_BOOL, _STAMP, _OTHER):
        bad[cells.where(other)] = True

    note = "; ".join(notes) or None
    if kind is ColumnType.INTEGER:
        whole = np.isfinite(values) & (values == np.trunc(values))
        whole &= np.abs(values) < FLOAT_EXACT_INT
        bad |= np.isfinite(values) & ~whole
        values[~whole] = np.nan
        return pd.array(values, dtype="Int64"), bad, note, marks
    return values, bad, note, marks


def _are_fractions(numbers: np.ndarray) -> bool:
    """Whether numeric cells look like Excel percent-formatted fractions: all within [0, 1]
    and at least one strictly between (a column of only 0 and 1 stays 0 % and 1 %)."""
    present = numbers[~np.isnan(numbers)]
    if not present.size:
        return False
    return bool(((present >= 0) & (present <= 1)).all() and ((present > 0) & (present < 1)).any())


# --------------------------------------------------------------------------- dates

_NAT = np.datetime64("NaT", "us")
#: Numeric day/month/year texts, rewritten to ISO before pandas' fast ISO parser reads them.
_DMY = r"^([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{4}|[0-9]{2})(?:$|[ T]+)"
_DMY_MATCH = (
    r"^[0-9]{1,2}[/.\-][0-9]{1,2}[/.\-](?:[0-9]{4}|[0-9]{2})"
    r"(?:$|[ T]+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?[ \t]*(?:[AaPp]\.?[Mm]\.?)?$)"
)
_DAY_MONTH_HEAD = re.compile(r"([0-9]{1,2})[/.\-]([0-9]{1,2})")
_AM_PM = r"(?i)[ \t]*[ap]\.?m\.?$"
_AM_PM_ENDINGS = ("AM", "PM", "A.M", "P.M", "A.M.", "P.M.", "AM.", "PM.")
_ISO_START = r"^[0-9]{4}[\-/][0-9]{1,2}"


def _coerce_datetime(
    cells: _Cells, kind: ColumnType, *, day_first: bool
) -> tuple[np.ndarray, np.ndarray, str | None]:
    values = np.full(cells.size, _NAT)
    bad = np.zeros(cells.size, dtype=bool)
    note = None

    where = cells.where(_STAMP)
    if where.size:
        values[where] = _stamps_of(cells, where)
    where = cells.where(_NUM)
    if where.size:
        serials = _numbers_of(cells, where)
        values[where] = _from_excel_serials(serials)
        bad[where] = np.isnat(values[where]) & ~np.isnan(serials)
    where, texts, empty = _texts(cells)
    if where.size:
        keep = ~empty
        codes, distinct = _distinct(texts[keep])
        parsed, note = _parse_date_texts(distinct, day_first=day_first)
        at = where[keep]
        values[at] = parsed[codes]
        bad[at] = np.isnat(values[at])
    for other in (_BOOL, _OTHER):
        bad[cells.where(other)] = True

    unit = "D" if kind is ColumnType.DATE else "s"
    return _floor(values, unit), bad, note


def _floor(values: np.ndarray, unit: str) -> np.ndarray:
    floored = pd.Series(values).dt.floor(unit)
    return floored.to_numpy(dtype="datetime64[us]")


def _from_excel_serials(serials: np.ndarray) -> np.ndarray:
    out = np.full(serials.size, _NAT)
    ok = np.isfinite(serials) & (serials >= EXCEL_SERIAL_MIN) & (serials < EXCEL_SERIAL_MAX + 1)
    steps = np.round(serials[ok] * (MICROSECONDS_PER_DAY / EXCEL_SERIAL_RESOLUTION_US))
    offset = steps.astype(np.int64) * EXCEL_SERIAL_RESOLUTION_US
    out[ok] = EXCEL_EPOCH + offset.astype("timedelta64[us]")
    return out


def _iso_parse(texts: pd.Series) -> np.ndarray:
    """pandas' fast ISO 8601 parser, NaT where it fails; timezones dropped (wall time kept)."""
    try:
        parsed = pd.to_datetime(texts, format="ISO8601", errors="coerce")
    except (TypeError, ValueError, OverflowError):  # mixed offsets: parse one by one
        return np.array([_parse_date_text(t, day_first=True) or _NAT for t in texts],
                        dtype="datetime64[us]")  # fmt: skip
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        parsed = parsed.dt.tz_localize(None)
    return parsed.to_numpy(dtype="datetime64[us]")


def _parse_dmy(texts: pd.Series, *, day_first: bool) -> np.ndarray:
    """Numeric day/month/year (or month/day/year) texts, vectorised; NaT where impossible."""
    order = r"\3-\2-\1" if day_first else r"\3-\1-\2"
    iso = texts.str.replace(_DMY, order + " ", regex=True).str.strip()
    two_digit = (iso.str.find("-") == 2).to_numpy(dtype=bool)
    if two_digit.any():
        yy = pd.to_numeric(iso.str.slice(0, 2), errors="coerce").to_numpy()
        century = np.where(yy < TWO_DIGIT_YEAR_PIVOT, "20", "19")
        iso = iso.where(~two_digit, century + iso)
    upper = iso.str.upper()
    has_am_pm = upper.str.endswith(_AM_PM_ENDINGS).to_numpy(dtype=bool)
    if not has_am_pm.any():
        return _iso_parse(iso)
    pm = has_am_pm & upper.str.contains("P", regex=False).to_numpy(dtype=bool)
    iso = iso.where(~has_am_pm, iso.str.replace(_AM_PM, "", regex=True))
    return _apply_am_pm(_iso_parse(iso), has_am_pm, pm)


def _apply_am_pm(parsed: np.ndarray, has: np.ndarray, pm: np.ndarray) -> np.ndarray:
    hours = pd.Series(parsed).dt.hour.to_numpy(dtype="float64", na_value=np.nan)
    out = parsed.copy()
    hour = np.timedelta64(3600 * 10**6, "us")
    out[pm & (hours < 12)] += 12 * hour
    out[has & ~pm & (hours == 12)] -= 12 * hour
    out[has & ((hours < 1) | (hours > 12))] = _NAT  # "13:00 PM", "0:30 AM"
    return out


def _day_first_order(texts: pd.Series, *, day_first: bool) -> bool:
    """Whether numeric dates of a column are day/month/year: as preferred, unless some only
    fit the other order (12/31/2026 when day first is preferred) and none only fit this one.
    """
    # The first two numbers sit in the first five characters; there are few distinct heads.
    heads = pd.unique(texts.str.slice(0, 5).to_numpy(dtype=object))
    pairs = [m.groups() for m in map(_DAY_MONTH_HEAD.match, heads) if m]
    only_day_first = any(int(a) > 12 for a, _ in pairs)
    only_month_first = any(int(b) > 12 for _, b in pairs)
    if day_first:
        return not (only_month_first and not only_day_first)
    return only_day_first and not only_month_first


def _parse_date_texts(texts: pd.Series, *, day_first: bool) -> tuple[np.ndarray, str | None]:
    """Distinct stripped texts → datetime64[us] (NaT when unreadable) and a column note."""
    out = np.full(len(texts), _NAT)
    iso = texts.str.contains(_ISO_START, regex=True).to_numpy(dtype=bool)
    if iso.any():
        out[iso] = _iso_parse(texts[iso])
    dmy = ~iso & texts.str.contains(_DMY_MATCH, regex=True).to_numpy(dtype=bool)
    note = None
    if dmy.any():
        dmy_texts = texts[dmy]
        order = _day_first_order(dmy_texts, day_first=day_first)
        if order != day_first:
            note = NOTE_DAY_FIRST if order else NOTE_MONTH_FIRST
            day_first = order
        out[dmy] = _parse_dmy(dmy_texts, day_first=day_first)
    rest = np.flatnonzero(np.isnat(out) & ~dmy)
    if rest.size > DATE_SHAPE_SCREEN_MIN:
        rest = rest[_viable_date_shapes(texts.iloc[rest], day_first=day_first)]
    for i in rest:
        out[i] = _parse_date_text(texts.iat[i], day_first=day_first) or _NAT
    return out, note


def _viable_date_shapes(texts: pd.Series, *, day_first: bool) -> np.ndarray:
    """Which texts have a layout the one-by-one parser could read at all.

    Digits only decide whether a date exists (31/02 does not), never whether the layout is
    understood, and all-ones digits (11/11/1111 11:11) are valid in every layout. So one
    parse per distinct shape screens out a column of garbage without parsing every text.
    """
    shapes = texts.str.replace("[0-9]", "1", regex=True)
    codes, distinct = pd.factorize(shapes)
    viable = np.array([_parse_date_text(s, day_first=day_first) is not None for s in distinct])
    return viable[codes] if viable.size else np.zeros(len(texts), dtype=bool)


# --- one text at a time: the rare layouts, and the reference for the vectorised paths

_NUMERIC_DATE = re.compile(
    r"(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})"
    r"(?:[ T]+(\d{1,2})[:h.](\d{2})(?:[:.](\d{2})(?:[.,](\d{1,6})\d*)?)?\s*(?:([ap])\.?m\.?)?)?",
    re.IGNORECASE,
)
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_YEAR_MONTH = re.compile(r"(\d{4})[\-/.](\d{1,2})")
_TIME = re.compile(r"(\d{1,2})[:h](\d{2})(?::(\d{2}))?\s*(?:([ap])\.?m\.?)?(?![\w])", re.I)
_DATE_TOKENS = re.compile(r"\d+|[^\W\d_]+")


def _parse_date_text(text: str, *, day_first: bool) -> np.datetime64 | None:
    """One date text in any accepted layout, or None."""
    s = text.strip(WHITESPACE)
    stamp = _numeric_date(s, day_first) or _iso_date(s) or _worded_date(s)
    return None if stamp is None else np.datetime64(stamp, "us")


def _make(y: int, mo: int, d: int, h: int = 0, mi: int = 0, sec: int = 0, us: int = 0):
    try:
        return datetime(y, mo, d, h, mi, sec, us)
    except ValueError:
        return None


def _year(text: str) -> int:
    year = int(text)
    if len(text) <= 2:
        year += 2000 if year < TWO_DIGIT_YEAR_PIVOT else 1900
    return year


def _clock(h: str | None, mi: str | None, sec: str | None, ampm: str | None):
    """(hour, minute, second) from matched parts, or None when impossible."""
    hour, minute, second = int(h or 0), int(mi or 0), int(sec or 0)
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm.lower() == "p" else 0)
    return hour, minute, second


def _numeric_date(s: str, day_first: bool) -> datetime | None:
    m = _NUMERIC_DATE.fullmatch(s)
    if m:
        a, b, c, h, mi, sec, frac, ampm = m.groups()
        if len(a) == 4:
            y, mo, d = int(a), int(b), int(c)
        elif len(a) <= 2 and len(c) in (2, 4):
            first, second = int(a), int(b)
            d, mo = (first, second) if day_first else (second, first)
            y = _year(c)
        else:
            return None
        clock = _clock(h, mi, sec, ampm)
        if clock is None:
            return None
        micro = int((frac or "0").ljust(6, "0")[:6])
        return _make(y, mo, d, *clock, micro)
    m = _COMPACT_DATE.fullmatch(s)
    if m:
        return _make(*map(int, m.groups()))
    m = _YEAR_MONTH.fullmatch(s)
    if m:
        return _make(int(m.group(1)), int(m.group(2)), 1)
    return None


def _iso_date(s: str) -> datetime | None:
    try:
        stamp = datetime.fromisoformat(s)
    except ValueError:
        return None
    return stamp.replace(tzinfo=None)


def _worded_date(s: str) -> datetime | None:
    """Dates with a month name: "July 31, 2022", "31-Jul-22", "1er mars 2024", "mrt 2026"."""
    folded = unicodedata.normalize("NFKD", s.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    clock = (0, 0, 0)
    m = _TIME.search(folded)
    if m:
        clock = _clock(*m.groups())
        if clock is None:
            return None
        folded = folded[: m.start()] + " " + folded[m.end() :]
    month = None
    numbers: list[str] = []
    for token in _DATE_TOKENS.findall(folded):
        if token.isdigit():
            numbers.append(token)
        elif token in MONTHS and month is None:
            month = MONTHS[token]
        elif token not in DATE_FILLER_WORDS:
            return None
    if month is None:
        return None
    # A month with one number is a month and year, the first of the month: "Mar 2026",
    # "mars 2026", and "Jan-26" as Excel's mmm-yy format exports it (never 26 January).
    if len(numbers) == 1:
        if len(numbers[0]) not in (2, 4):
            return None
        return _make(_year(numbers[0]), month, 1, *clock)
    if len(numbers) != 2:
        return None
    first, second = numbers
    if len(first) == 4:  # "2022 July 31"
        first, second = second, first
    if len(first) > 2 or len(second) not in (2, 4):
        return None
    return _make(_year(second), month, int(first), *clock)
