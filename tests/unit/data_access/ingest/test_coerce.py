"""Reading spreadsheet cells as the schema's canonical types (data_access.ingest.coerce).

Every expectation is written by hand from what a person or tool puts in a cell.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import numpy as np
import pandas as pd
import pytest

from data_access import schema
from data_access.ingest import coerce
from data_access.ingest.coerce import (
    CANONICAL_DTYPES,
    NOTE_DAY_FIRST,
    NOTE_DECIMAL_COMMA,
    NOTE_FRACTIONS,
    NOTE_MONTH_FIRST,
    VALUE_ALIASES,
    canonical_empty,
    canonical_frame,
    coerce_column,
    expected_text,
)
from data_access.schema import ColumnType as CT

NA = object()  # expectation: missing value
BAD = object()  # expectation: missing value, and the cell is marked bad


def column(type_: CT, **kw) -> schema.Column:
    return schema.Column("c", type_, "", **kw)


def run(values: list, type_: CT, *, day_first: bool = True, **kw) -> coerce.Coerced:
    return coerce_column(pd.Series(values, dtype=object), column(type_, **kw), day_first=day_first)


def check_one(value, type_: CT, expected, **kw) -> None:
    """One cell alone in its column: value, bad flag and dtype."""
    result = run([value], type_, **kw)
    got = result.values.iloc[0]
    assert str(result.values.dtype) == CANONICAL_DTYPES[type_]
    if expected is NA or expected is BAD:
        assert pd.isna(got), f"{value!r} → {got!r}"
        assert bool(result.bad.iloc[0]) is (expected is BAD), f"{value!r} bad flag"
    else:
        assert not result.bad.iloc[0], f"{value!r} marked bad"
        assert got == expected, f"{value!r} → {got!r}, expected {expected!r}"


def ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


# --------------------------------------------------------------------------- empty cells

EMPTY_CELLS = [
    None, np.nan, float("nan"), pd.NA, pd.NaT, "", "   ", "\u00a0", "\u202f ", "\t",
    "?", " ? ", "-", "—", "n/a", "N/A", "NA", "null", "NULL", "none", "None", "#N/A",
]  # fmt: skip


@pytest.mark.parametrize("type_", list(CT))
@pytest.mark.parametrize("value", EMPTY_CELLS, ids=repr)
def test_empty_cells_and_placeholders_are_missing_not_bad(value, type_):
    allowed = schema.RAG_VALUES if type_ is CT.RAG else ()
    check_one(value, type_, NA, allowed=allowed)


def test_all_empty_column_keeps_the_canonical_dtype():
    for type_ in CT:
        result = run([None, "?", ""], type_)
        assert str(result.values.dtype) == CANONICAL_DTYPES[type_]
        assert result.values.isna().all()
        assert not result.bad.any()
        assert result.note is None


# --------------------------------------------------------------------------- text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("PRJ-001", "PRJ-001"),
        ("  PRJ-001 \u00a0", "PRJ-001"),
        ("Line one\nline two", "Line one\nline two"),
        (12.0, "12"),  # an ID typed as a number in Excel
        (12, "12"),
        (np.int64(7), "7"),
        (1234567890123456789, "1234567890123456789"),  # beyond float precision, kept exact
        (12.5, "12.5"),
        (0.1, "0.1"),
        (-3.0, "-3"),
        (True, "TRUE"),
        (False, "FALSE"),
        (datetime(2026, 12, 31, 14, 5, 0), "2026-12-31 14:05:00"),
        (datetime(2026, 12, 31), "2026-12-31"),
        (date(2026, 12, 31), "2026-12-31"),
        (pd.Timestamp("2026-03-01 08:30:15"), "2026-03-01 08:30:15"),
        (time(14, 5), "14:05:00"),
        (timedelta(hours=2), "2:00:00"),
    ],
    ids=repr,
)
def test_text(value, expected):
    check_one(value, CT.TEXT, expected)


def test_text_mixed_column_keeps_rows_in_place():
    raw = pd.Series(["a", 3.0, None, "?", date(2026, 1, 2), " b "], index=[10, 11, 12, 13, 14, 15])
    result = coerce_column(raw, column(CT.TEXT))
    assert list(result.values.index) == [10, 11, 12, 13, 14, 15]
    assert result.values.tolist()[:2] == ["a", "3"]
    assert result.values.isna().tolist() == [False, False, True, True, False, False]
    assert result.values.tolist()[4:] == ["2026-01-02", "b"]
    assert not result.bad.any()


# --------------------------------------------------------------------------- enumerations

ENUM_CASES = [
    # spelling variants of the canonical value
    (schema.RAID_STATUSES, "In progress", "In progress"),
    (schema.RAID_STATUSES, "in progress", "In progress"),
    (schema.RAID_STATUSES, "IN PROGRESS", "In progress"),
    (schema.RAID_STATUSES, "In-progress", "In progress"),
    (schema.RAID_STATUSES, " in   progress ", "In progress"),
    (schema.RAID_STATUSES, "in_progress", "In progress"),
    (schema.EXPENSE_TYPES, "capex", "CAPEX"),
    (schema.EXPENSE_TYPES, "Opex", "OPEX"),
    # PHASES
    (schema.PHASES, "exécution", "Execution"),
    (schema.PHASES, "EXECUTION", "Execution"),
    (schema.PHASES, "execution", "Execution"),
    (schema.PHASES, "uitvoering", "Execution"),
    (schema.PHASES, "in execution", "Execution"),
    (schema.PHASES, "en attente", "On hold"),
    (schema.PHASES, "suspendu", "On hold"),
    (schema.PHASES, "On-Hold", "On hold"),
    (schema.PHASES, "gepauzeerd", "On hold"),
    (schema.PHASES, "paused", "On hold"),
    (schema.PHASES, "fermé", "Closed"),
    (schema.PHASES, "Clôturé", "Closed"),
    (schema.PHASES, "cloture", "Closed"),  # accents left out: still clôturé
    (schema.PHASES, "gesloten", "Closed"),
    (schema.PHASES, "afgesloten", "Closed"),
    (schema.PHASES, "done", "Closed"),
    (schema.PHASES, "en clôture", "Closing"),
    (schema.PHASES, "afsluiting", "Closing"),
    (schema.PHASES, "planification", "Planning"),
    (schema.PHASES, "lancement", "Initiation"),
    # METHODOLOGIES, PRIORITIES
    (schema.METHODOLOGIES, "cascade", "Waterfall"),
    (schema.METHODOLOGIES, "waterval", "Waterfall"),
    (schema.METHODOLOGIES, "hybride", "Hybrid"),
    (schema.METHODOLOGIES, "KANBAN", "Kanban"),
    (schema.PRIORITIES, "haute", "High"),
    (schema.PRIORITIES, "élevée", "High"),
    (schema.PRIORITIES, "hoog", "High"),
    (schema.PRIORITIES, "moyenne", "Medium"),
    (schema.PRIORITIES, "gemiddeld", "Medium"),
    (schema.PRIORITIES, "basse", "Low"),
    (schema.PRIORITIES, "laag", "Low"),
    (schema.PRIORITIES, "critique", "Critical"),
    (schema.PRIORITIES, "kritiek", "Critical"),
    # COST_CATEGORIES, EXPENSE_TYPES
    (schema.COST_CATEGORIES, "Internal labor", "Internal labour"),
    (schema.COST_CATEGORIES, "main-d'œuvre interne", "Internal labour"),
    (schema.COST_CATEGORIES, "Main d'oeuvre externe", "External labour"),
    (schema.COST_CATEGORIES, "matériel", "Hardware"),
    (schema.COST_CATEGORIES, "logiciel", "Software"),
    (schema.COST_CATEGORIES, "diensten", "Services"),
    (schema.COST_CATEGORIES, "autre", "Other"),
    (schema.COST_CATEGORIES, "overige", "Other"),
    (schema.EXPENSE_TYPES, "investissement", "CAPEX"),
    (schema.EXPENSE_TYPES, "fonctionnement", "OPEX"),
    (schema.EXPENSE_TYPES, "exploitatie", "OPEX"),
    # RAID_TYPES, RAID_STATUSES
    (schema.RAID_TYPES, "risque", "Risk"),
    (schema.RAID_TYPES, "risico", "Risk"),
    (schema.RAID_TYPES, "hypothèse", "Assumption"),
    (schema.RAID_TYPES, "afhankelijkheid", "Dependency"),
    (schema.RAID_TYPES, "décision", "Decision"),
    (schema.RAID_TYPES, "actie", "Action"),
    (schema.RAID_STATUSES, "ouvert", "Open"),
    (schema.RAID_STATUSES, "en cours", "In progress"),
    (schema.RAID_STATUSES, "lopend", "In progress"),
    (schema.RAID_STATUSES, "clôturé", "Closed"),
    # TICKET_PRIORITIES: ServiceNow exports and words, only for tickets
    (schema.TICKET_PRIORITIES, "P1", "P1"),
    (schema.TICKET_PRIORITIES, "p2", "P2"),
    (schema.TICKET_PRIORITIES, "1 - Critical", "P1"),
    (schema.TICKET_PRIORITIES, "2 - High", "P2"),
    (schema.TICKET_PRIORITIES, "3 - Moderate", "P3"),
    (schema.TICKET_PRIORITIES, "4 - Low", "P4"),
    (schema.TICKET_PRIORITIES, "1-critical", "P1"),
    (schema.TICKET_PRIORITIES, "critical", "P1"),
    (schema.TICKET_PRIORITIES, "High", "P2"),
    (schema.TICKET_PRIORITIES, "medium", "P3"),
    (schema.TICKET_PRIORITIES, "moderate", "P3"),
    (schema.TICKET_PRIORITIES, "LOW", "P4"),
    (schema.TICKET_PRIORITIES, 1, "P1"),  # a number cell
    (schema.TICKET_PRIORITIES, 3.0, "P3"),
    (schema.TICKET_PRIORITIES, "5 - Planning", BAD),
    (schema.PRIORITIES, "1 - Critical", BAD),  # ServiceNow numbers are ticket priorities only
    (schema.PRIORITIES, "P1", BAD),
    # TICKET_STATUSES, CHANGE_TYPES, CHANGE_OUTCOMES, SOURCING, DEMAND_STATUSES
    (schema.TICKET_STATUSES, "nouveau", "New"),
    (schema.TICKET_STATUSES, "résolu", "Resolved"),
    (schema.TICKET_STATUSES, "opgelost", "Resolved"),
    (schema.TICKET_STATUSES, "Canceled", "Cancelled"),
    (schema.TICKET_STATUSES, "annulé", "Cancelled"),
    (schema.TICKET_STATUSES, "On Hold", "On hold"),
    (schema.CHANGE_TYPES, "urgence", "Emergency"),
    (schema.CHANGE_TYPES, "spoed", "Emergency"),
    (schema.CHANGE_TYPES, "normaal", "Normal"),
    (schema.CHANGE_TYPES, "standaard", "Standard"),
    (schema.CHANGE_OUTCOMES, "réussi", "Successful"),
    (schema.CHANGE_OUTCOMES, "geslaagd", "Successful"),
    (schema.CHANGE_OUTCOMES, "échec", "Failed"),
    (schema.CHANGE_OUTCOMES, "mislukt", "Failed"),
    (schema.CHANGE_OUTCOMES, "rollback", "Rolled back"),
    (schema.CHANGE_OUTCOMES, "Rolled-back", "Rolled back"),
    (schema.SOURCING, "interne", "Internal"),
    (schema.SOURCING, "intern", "Internal"),
    (schema.SOURCING, "externe", "External"),
    (schema.SOURCING, "extern", "External"),
    (schema.DEMAND_STATUSES, "approuvé", "Approved"),
    (schema.DEMAND_STATUSES, "goedgekeurd", "Approved"),
    (schema.DEMAND_STATUSES, "refusé", "Rejected"),
    (schema.DEMAND_STATUSES, "afgewezen", "Rejected"),
    (schema.DEMAND_STATUSES, "en évaluation", "Assessing"),
    (schema.DEMAND_STATUSES, "converti", "Converted"),
    # unknown values are bad
    (schema.PHASES, "Execute", BAD),
    (schema.PHASES, "Done soon", BAD),
    (schema.RAID_STATUSES, "Closing", BAD),  # a phase, not a RAID status
    (schema.RAID_STATUSES, 3, BAD),
    (schema.EXPENSE_TYPES, "CAPEX/OPEX", BAD),
]


@pytest.mark.parametrize(("allowed", "value", "expected"), ENUM_CASES, ids=repr)
def test_enumerated_text(allowed, value, expected):
    check_one(value, CT.TEXT, expected, allowed=allowed)


def test_enumerated_column_maps_each_row_and_marks_unknown_rows():
    result = run(["done", "?", "In Progress", "nope", None, "en cours"], CT.TEXT,
                 allowed=schema.RAID_STATUSES)  # fmt: skip
    assert result.values.tolist()[0] == "Closed"
    assert result.values.tolist()[2] == "In progress"
    assert result.values.tolist()[5] == "In progress"
    assert result.values.isna().tolist() == [False, True, False, True, True, False]
    assert result.bad.tolist() == [False, False, False, True, False, False]


def test_every_enumerated_schema_column_has_an_unambiguous_lookup():
    enumerated = [c for ds in schema.DATASETS for c in ds.columns if c.allowed]
    assert enumerated
    for col in enumerated:
        values = coerce_column(pd.Series(list(col.allowed), dtype=object), col)
        assert values.values.tolist() == list(col.allowed), col.name
        assert not values.bad.any()


def test_every_alias_belongs_to_an_allowed_value_of_the_schema():
    allowed = {v for ds in schema.DATASETS for c in ds.columns for v in c.allowed}
    assert set(VALUE_ALIASES) <= allowed


def test_an_alias_that_would_mean_two_values_is_refused():
    with pytest.raises(ValueError, match="would mean both"):
        coerce._enum_lookup(("Closed", "Done"))  # "done" is an alias of Closed


# --------------------------------------------------------------------------- RAG

RAG_CASES = [
    ("G", "G"), ("A", "A"), ("R", "R"), ("g", "G"), (" r ", "R"),
    ("Green", "G"), ("GREEN", "G"), ("Amber", "A"), ("amber", "A"), ("Red", "R"),
    ("Yellow", "A"), ("Orange", "A"),
    ("Vert", "G"), ("Orange", "A"), ("Rouge", "R"), ("Jaune", "A"), ("verte", "G"),
    ("Groen", "G"), ("Oranje", "A"), ("Rood", "R"), ("Geel", "A"),
    ("🟢", "G"), ("🟡", "A"), ("🟠", "A"), ("🔴", "R"),
    ("🟢\ufe0f", "G"), ("🔴\ufe0e", "R"), ("🟩", "G"), ("🟥", "R"),
    ("🟢 Green", "G"), ("● Red", "R"), ("🟡 A", "A"), ("G - green", "G"),
    ("\u00a0Amber\u00a0", "A"),
    ("🟢 Red", BAD),  # contradicts itself
    ("●", BAD),  # a colourless bullet says nothing
    ("Blue", BAD), ("GR", BAD), ("Green-ish", BAD), ("OK", BAD),
    (1, BAD), (True, BAD), (date(2026, 1, 1), BAD),
]  # fmt: skip


@pytest.mark.parametrize(("value", "expected"), RAG_CASES, ids=repr)
def test_rag(value, expected):
    check_one(value, CT.RAG, expected, allowed=schema.RAG_VALUES)


# --------------------------------------------------------------------------- numbers and money

NUMBER_CASES = [
    (12, 12.0), (12.5, 12.5), (-3, -3.0), (np.float64(2.25), 2.25), (0, 0.0),
    ("12", 12.0), (" 12.5 ", 12.5), ("-12.5", -12.5), ("+7", 7.0), (".5", 0.5), ("1e3", 1000.0),
    ("$2,812,101", 2812101.0), ("-$2,595", -2595.0), ("$-2,595", -2595.0),
    ("$2,595.50", 2595.5), ("US$ 1,000", 1000.0), ("C$1,000", 1000.0),
    ("€12", 12.0), ("12 €", 12.0), ("£1,234.56", 1234.56), ("¥100", 100.0),
    ("EUR 1,234.50", 1234.5), ("1,234.50 USD", 1234.5), ("CHF 1'234.50", 1234.5),
    ("CAD 10", 10.0), ("12 euros", 12.0),
    ("1,234.50", 1234.5), ("1'234.50", 1234.5), ("1’234.50", 1234.5),
    ("1 234.50", 1234.5), ("1,234", 1234.0), ("1,234,567", 1234567.0),
    ("(1,234)", -1234.0), ("($1,234.50)", -1234.5), ("1,234-", -1234.0), ("12-", -12.0),
    ("−12", -12.0), ("- 12", -12.0),
    ("0.75", 0.75), ("1.5", 1.5), ("1.234", 1.234),
    ("12%", BAD), ("12 %", BAD), ("abc", BAD), ("12 apples", BAD), ("1.2.3", BAD),
    ("1,23,4", BAD), ("--12", BAD), ("(-12)", BAD), ("+-1", BAD), ("12 34", BAD),
    ("€", BAD), ("inf", BAD), (float("inf"), BAD), ("#VALUE!", BAD), ("1 - High", BAD),
    (True, BAD), (datetime(2026, 1, 1), BAD), (time(1, 0), BAD),
]  # fmt: skip


@pytest.mark.parametrize(("value", "expected"), NUMBER_CASES, ids=repr)
@pytest.mark.parametrize("type_", [CT.NUMBER, CT.MONEY])
def test_number_and_money_in_a_dot_decimal_column(value, expected, type_):
    check_one(value, type_, expected)


@pytest.mark.parametrize(
    ("column_values", "expected", "note"),
    [
        # one unambiguous decimal comma makes the whole column decimal-comma
        (["12,5", "1,234", "1.234"], [12.5, 1.234, 1234.0], NOTE_DECIMAL_COMMA),
        (["1.234,50", "1,234"], [1234.5, 1.234], NOTE_DECIMAL_COMMA),
        (["0,750", "1,250"], [0.75, 1.25], NOTE_DECIMAL_COMMA),
        (["1.234.567", "2,500"], [1234567.0, 2.5], NOTE_DECIMAL_COMMA),
        (
            ["1 234,50 €", "1\u00a0234,50", "1\u202f234,50 €", "-1 234,5"],
            [1234.5, 1234.5, 1234.5, -1234.5],
            NOTE_DECIMAL_COMMA,
        ),
        (["12,5", 1234.5, 3], [12.5, 1234.5, 3.0], NOTE_DECIMAL_COMMA),  # numbers untouched
        (["1.234,50 €", "(1.234,50)", "1.234,50-"], [1234.5, -1234.5, -1234.5], NOTE_DECIMAL_COMMA),
        # nothing says decimal comma: commas group thousands, dots are decimals
        (["1,234", "1.5", "2,000,000"], [1234.0, 1.5, 2000000.0], None),
        (["1,234", "1.234"], [1234.0, 1.234], None),
        (["1 234", "12"], [1234.0, 12.0], None),
        # space-grouped amounts say which separator is the decimal one, whatever the column
        (["1 234.50", "1,234"], [1234.5, 1234.0], None),
        # a text with both separators is read on its own, even against the column's choice
        (["12,5", "1,234.50"], [12.5, 1234.5], NOTE_DECIMAL_COMMA),
    ],
)
def test_decimal_separator_is_decided_per_column(column_values, expected, note):
    result = run(column_values, CT.MONEY)
    assert result.values.tolist() == pytest.approx(expected)
    assert not result.bad.any()
    assert result.note == note


def test_decimal_comma_decision_does_not_leak_between_columns():
    assert run(["12,5"], CT.NUMBER).note == NOTE_DECIMAL_COMMA
    assert run(["1,234"], CT.NUMBER).values.tolist() == [1234.0]


def test_garbage_does_not_decide_the_decimal_separator():
    result = run(["12,5 apples", "1,234"], CT.NUMBER)
    assert result.bad.tolist() == [True, False]
    assert result.values.tolist()[1] == 1234.0
    assert result.note is None


# --------------------------------------------------------------------------- percentages


@pytest.mark.parametrize(
    ("column_values", "expected", "note"),
    [
        (
            ["12%", "12 %", "12,5 %", "0.5%", "100 %"],
            [12.0, 12.0, 12.5, 0.5, 100.0],
            NOTE_DECIMAL_COMMA,
        ),
        (["12%", "12.5 %", "7"], [12.0, 12.5, 7.0], None),
        ([12, 50.5, 100], [12.0, 50.5, 100.0], None),  # already 0–100
        # Excel percent-formatted cells arrive as fractions
        ([0.12, 0.5, 1, 0], [12.0, 50.0, 100.0, 0.0], NOTE_FRACTIONS),
        ([0.07], [7.0], NOTE_FRACTIONS),
        ([0.12, None, "?"], [12.0, NA, NA], NOTE_FRACTIONS),
        # a text with % is always the number before %, fractions or not
        ([0.12, "30 %"], [12.0, 30.0], NOTE_FRACTIONS),
        # a plain text is not a formatted cell: not scaled
        ([0.12, "0.3"], [12.0, 0.3], NOTE_FRACTIONS),
        # only 0 and 1: 0 % and 1 %, not fractions
        ([0, 1, 1], [0.0, 1.0, 1.0], None),
        # one value above 1: the column is in percent already
        ([0.5, 40], [0.5, 40.0], None),
        # out of range is left for validation (no clipping)
        (["120 %", -5], [120.0, -5.0], None),
    ],
)
def test_percent(column_values, expected, note):
    result = run(column_values, CT.PERCENT)
    got = [None if pd.isna(v) else v for v in result.values]
    assert got == [None if e is NA else pytest.approx(e) for e in expected]
    assert not result.bad.any()
    assert result.note == note


def test_fraction_percents_are_exact_after_scaling():
    result = run([0.12, 0.29, 0.57], CT.PERCENT)
    assert result.values.tolist() == [12.0, 29.0, 57.0]  # not 12.000000000000002


@pytest.mark.parametrize("value", ["12 apples", "%", "abc %", True], ids=repr)
def test_percent_bad(value):
    check_one(value, CT.PERCENT, BAD)


# --------------------------------------------------------------------------- integers

INTEGER_CASES = [
    (3, 3), (3.0, 3), (np.int64(4), 4), ("3", 3), (" 3 ", 3), ("3.0", 3), ("-2", -2),
    ("1,000", 1000), ("1 000", 1000), ("+5", 5),
    (3.5, BAD), ("3.5", BAD), ("1 - High", BAD), ("three", BAD), ("3%", BAD),
    (True, BAD), (date(2026, 1, 1), BAD), (1e30, BAD),
]  # fmt: skip


@pytest.mark.parametrize(("value", "expected"), INTEGER_CASES, ids=repr)
def test_integer(value, expected):
    check_one(value, CT.INTEGER, expected)


def test_integer_with_decimal_comma():
    result = run(["3,0", "4"], CT.INTEGER)
    assert result.values.tolist() == [3, 4]
    assert result.note == NOTE_DECIMAL_COMMA
    assert str(result.values.dtype) == "Int64"


# --------------------------------------------------------------------------- booleans

BOOLEAN_CASES = [
    (True, True), (False, False), (np.bool_(True), True), (1, True), (0, False),
    (1.0, True), (0.0, False), ("1", True), ("0", False), ("1.0", True),
    ("yes", True), ("Yes", True), ("YES", True), ("no", False), ("y", True), ("N", False),
    ("oui", True), ("Non", False), ("ja", True), ("nee", False), ("true", True),
    ("FALSE", False), ("vrai", True), ("faux", False), ("waar", True), ("onwaar", False),
    ("x", True), ("X", True), ("✓", True), ("✔", True), ("✔️", True), (" yes ", True),
    ("maybe", BAD), ("2", BAD), (2, BAD), (0.5, BAD), ("o", BAD),
    (date(2026, 1, 1), BAD), (time(1, 0), BAD),
]  # fmt: skip


@pytest.mark.parametrize(("value", "expected"), BOOLEAN_CASES, ids=repr)
def test_boolean(value, expected):
    check_one(value, CT.BOOLEAN, expected)


# --------------------------------------------------------------------------- dates

DATE_CASES = [
    # native cells from the xlsx reader
    (date(2026, 12, 31), "2026-12-31"),
    (datetime(2026, 12, 31, 14, 5), "2026-12-31"),  # a DATE drops the time
    (pd.Timestamp("2026-12-31 23:59:59"), "2026-12-31"),
    (np.datetime64("2026-12-31"), "2026-12-31"),
    # Excel serial numbers (numeric cells only)
    (46022, "2025-12-31"),
    (46022.75, "2025-12-31"),
    (1, "1899-12-31"),  # epoch 1899-12-30: Jan–Feb 1900 a day early (Excel's leap bug)
    (61, "1900-03-01"),
    (2958465, "9999-12-31"),
    (0, BAD),
    (-5, BAD),
    (2958466, BAD),
    ("46022", BAD),  # a number typed as text is not a serial
    # ISO
    ("2026-12-31", "2026-12-31"),
    ("2026-12-31 14:05", "2026-12-31"),
    ("2026-12-31T14:05:00", "2026-12-31"),
    ("2026/12/31", "2026-12-31"),
    ("2026.12.31", "2026-12-31"),
    ("2026-1-5", "2026-01-05"),
    ("20261231", "2026-12-31"),
    # day first
    ("31/12/2026", "2026-12-31"),
    ("31-12-2026", "2026-12-31"),
    ("31.12.2026", "2026-12-31"),
    ("5/3/2016", "2016-03-05"),
    ("5/3/2016 12:00", "2016-03-05"),
    ("29/2/2016 01:16", "2016-02-29"),
    ("31/12/26", "2026-12-31"),
    ("1/1/70", "1970-01-01"),
    ("1/1/68", "2068-01-01"),
    # month names: English, French, Dutch
    ("July 31, 2022", "2022-07-31"),
    ("31 July 2022", "2022-07-31"),
    ("31-Jul-2022", "2022-07-31"),
    ("31-Jul-22", "2022-07-31"),
    ("Jul 31 2022", "2022-07-31"),
    ("Jul. 31st, 2022", "2022-07-31"),
    ("Sunday, 31 July 2022", "2022-07-31"),
    ("1st of March 2024", "2024-03-01"),
    ("1er mars 2024", "2024-03-01"),
    ("le 1er mars 2024", "2024-03-01"),
    ("31 décembre 2026", "2026-12-31"),
    ("31 DECEMBRE 2026", "2026-12-31"),
    ("31 déc. 2026", "2026-12-31"),
    ("31 dec. 2026", "2026-12-31"),
    ("15 août 2026", "2026-08-15"),
    ("jeudi 31 décembre 2026", "2026-12-31"),
    ("31 december 2026", "2026-12-31"),
    ("1 mei 2026", "2026-05-01"),
    ("31 mrt 2026", "2026-03-31"),
    ("3 juni 2026", "2026-06-03"),
    ("3 juli 2026", "2026-07-03"),
    ("5 oktober 2026", "2026-10-05"),
    ("2de februari 2026", "2026-02-02"),
    # month and year alone: the first of the month (monthly periods)
    ("Mar 2026", "2026-03-01"),
    ("March 2026", "2026-03-01"),
    ("mars 2026", "2026-03-01"),
    ("févr. 2026", "2026-02-01"),
    ("maart 2026", "2026-03-01"),
    ("Jan-26", "2026-01-01"),
    ("2026-03", "2026-03-01"),
    # impossible or not a date
    ("31/02/2026", BAD),
    ("13/13/2026", BAD),
    ("2026-02-30", BAD),
    ("2026-13-01", BAD),
    ("32 July 2022", BAD),
    ("July 2022 extra", BAD),
    ("Q1 2026", BAD),
    ("2026", BAD),
    ("31/12", BAD),
    ("tomorrow", BAD),
    ("12:30", BAD),
    (True, BAD),
    (time(14, 5), BAD),
    (timedelta(days=1), BAD),
]


@pytest.mark.parametrize(("value", "expected"), DATE_CASES, ids=repr)
def test_date(value, expected):
    check_one(value, CT.DATE, expected if expected is BAD else ts(expected))


DATETIME_CASES = [
    (datetime(2026, 12, 31, 14, 5, 3), "2026-12-31 14:05:03"),
    (datetime(2026, 12, 31, 14, 5, 3, 999999), "2026-12-31 14:05:03"),  # floored to the second
    (date(2026, 12, 31), "2026-12-31 00:00:00"),
    (pd.Timestamp("2026-12-31 14:05:03.5"), "2026-12-31 14:05:03"),
    (datetime(2026, 12, 31, 14, 5, tzinfo=timezone(timedelta(hours=2))), "2026-12-31 14:05:00"),
    (46022.5, "2025-12-31 12:00:00"),
    (46022 + (14 * 60 + 5) / 1440, "2025-12-31 14:05:00"),  # not 14:04:59.99
    ("2026-12-31", "2026-12-31 00:00:00"),
    ("2026-12-31 14:05", "2026-12-31 14:05:00"),
    ("2026-12-31T14:05:00", "2026-12-31 14:05:00"),
    ("2026-12-31 14:05:00.123456", "2026-12-31 14:05:00"),
    ("2026-12-31T14:05:00Z", "2026-12-31 14:05:00"),
    ("31/12/2026 14:05", "2026-12-31 14:05:00"),
    ("31/12/2026 14:05:33", "2026-12-31 14:05:33"),
    ("31-12-2026 9:05", "2026-12-31 09:05:00"),
    ("5/3/2016 12:00", "2016-03-05 12:00:00"),
    ("29/2/2016 01:16", "2016-02-29 01:16:00"),
    ("31/12/2026 14h05", "2026-12-31 14:05:00"),
    ("31/12/2026 2:05 PM", "2026-12-31 14:05:00"),
    ("31/12/2026 12:30 am", "2026-12-31 00:30:00"),
    ("31/12/2026 12:30 PM", "2026-12-31 12:30:00"),
    ("July 31, 2022 14:05", "2022-07-31 14:05:00"),
    ("31 juillet 2022 à 14h05", "2022-07-31 14:05:00"),
    ("31/12/2026 25:00", BAD),
    ("31/12/2026 13:00 PM", BAD),
    ("31/02/2026 10:00", BAD),
    (time(14, 5), BAD),
]


@pytest.mark.parametrize(("value", "expected"), DATETIME_CASES, ids=repr)
def test_datetime(value, expected):
    check_one(value, CT.DATETIME, expected if expected is BAD else ts(expected))


@pytest.mark.parametrize(
    ("value", "day_first", "expected"),
    [
        ("5/3/2016", True, "2016-03-05"),
        ("5/3/2016", False, "2016-05-03"),
        ("05/03/2016 10:00", False, "2016-05-03 10:00"),
        ("3/4/26", False, "2026-03-04"),
        ("2026-03-05", False, "2026-03-05"),  # ISO is never ambiguous
        ("5 March 2016", False, "2016-03-05"),
        ("March 5, 2016", True, "2016-03-05"),
        ("12/31/2026 2:05 PM", False, "2026-12-31 14:05"),
    ],
)
def test_day_first_switches_ambiguous_numeric_dates(value, day_first, expected):
    check_one(value, CT.DATETIME, ts(expected), day_first=day_first)


@pytest.mark.parametrize(
    ("column_values", "day_first", "expected", "note"),
    [
        # only month-first fits one value, and no value needs day-first: a US column
        (["12/31/2026", "1/2/2026"], True, ["2026-12-31", "2026-01-02"], NOTE_MONTH_FIRST),
        (["1/2/2026", "3/4/2026"], True, ["2026-02-01", "2026-04-03"], None),
        (["31/12/2026", "1/2/2026"], False, ["2026-12-31", "2026-02-01"], NOTE_DAY_FIRST),
        # both orders have a witness: keep the preferred order, the misfit is bad
        (["31/12/2026", "12/31/2026", "1/2/2026"], True, ["2026-12-31", BAD, "2026-02-01"], None),
    ],
)
def test_date_order_follows_the_column(column_values, day_first, expected, note):
    result = run(column_values, CT.DATE, day_first=day_first)
    for got, bad, want in zip(result.values, result.bad, expected, strict=True):
        if want is BAD:
            assert pd.isna(got) and bad
        else:
            assert got == ts(want) and not bad
    assert result.note == note


def test_dates_are_datetime64_us_at_midnight():
    result = run([datetime(2026, 1, 2, 3, 4, 5), "2026-01-03 10:00", 46022.9], CT.DATE)
    assert result.values.dtype == np.dtype("datetime64[us]")
    assert (result.values == result.values.dt.normalize()).all()


def test_vectorised_date_parsing_agrees_with_the_one_by_one_parser():
    """Many distinct texts take the vectorised paths; each must read as it does alone."""
    texts = [
        *(f"{d}/{m}/2026 {h}:{mi:02d}" for d in (1, 9, 13, 28) for m in (1, 2, 12)
          for h in (0, 9, 23) for mi in (0, 59)),
        *(f"2026-{m:02d}-{d:02d}T{h:02d}:30:00" for m in (1, 6) for d in (1, 30) for h in (1, 22)),
        *(f"{d:02d}.{m:02d}.26" for d in (1, 31) for m in (1, 3, 4)),
        "31/02/2026 10:00", "30/04/2026 10:00 PM", "2026-02-29",
    ]  # fmt: skip
    result = run(texts, CT.DATETIME)
    for text, got in zip(texts, result.values, strict=True):
        alone = coerce._parse_date_text(text, day_first=True)
        want = pd.NaT if alone is None else pd.Timestamp(alone)
        assert (pd.isna(got) and pd.isna(want)) or got == want, text


def test_many_worded_dates_and_garbage_in_one_column():
    """Past DATE_SHAPE_SCREEN_MIN distinct texts, layouts are screened by shape first."""
    months = ["janvier", "févr.", "mars", "avril", "mai", "juin", "juil.", "août", "sept.",
              "octobre", "nov.", "déc."]  # fmt: skip
    days = [date(2026, 1, 1) + timedelta(days=i) for i in range(365)]
    texts = [f"{d.day} {months[d.month - 1]} {d.year}" for d in days]
    garbage = [f"item {i}" for i in range(100)] + ["31 févr. 2026", "n°12", "2026"]
    assert len(texts) + len(garbage) > coerce.DATE_SHAPE_SCREEN_MIN
    result = run(texts + garbage, CT.DATE)
    assert result.values.iloc[: len(texts)].tolist() == [pd.Timestamp(d) for d in days]
    assert result.values.iloc[len(texts) :].isna().all()
    assert result.bad.tolist() == [False] * len(texts) + [True] * len(garbage)


def test_many_distinct_unknown_words_are_all_bad():
    words = [f"status {i}" for i in range(500)] + ["x" * 200, "Exécution", "en cours"]
    result = run(words, CT.TEXT, allowed=schema.PHASES)
    assert result.bad.tolist() == [True] * 501 + [False, True]
    assert result.values.iloc[501] == "Execution"


# --------------------------------------------------------------------------- typed input


@pytest.mark.parametrize(
    ("raw", "type_", "expected"),
    [
        (pd.Series([1.5, np.nan]), CT.NUMBER, [1.5, None]),
        (pd.Series([0.25, 0.5]), CT.PERCENT, [25.0, 50.0]),
        (pd.Series([1, 2], dtype="Int64"), CT.NUMBER, [1.0, 2.0]),
        (pd.Series([1, None], dtype="Int64"), CT.INTEGER, [1, None]),
        (pd.Series([3.0, np.nan]), CT.INTEGER, [3, None]),
        (pd.Series(["a ", None], dtype="str"), CT.TEXT, ["a", None]),
        (pd.Series(["12,5", "?"], dtype="str"), CT.NUMBER, [12.5, None]),
        (pd.Series([True, False]), CT.BOOLEAN, [True, False]),
        (pd.Series([True, None], dtype="boolean"), CT.BOOLEAN, [True, None]),
        (pd.Series([1, 0]), CT.BOOLEAN, [True, False]),
        (
            pd.Series(pd.to_datetime(["2026-01-02 10:00:00.7", None])),
            CT.DATETIME,
            [ts("2026-01-02 10:00:00"), None],
        ),
        (
            pd.Series(pd.to_datetime(["2026-01-02 10:00"])).dt.tz_localize("Europe/Brussels"),
            CT.DATETIME,
            [ts("2026-01-02 10:00")],
        ),
        (pd.Series(pd.to_datetime(["2026-01-02 10:00"])), CT.DATE, [ts("2026-01-02")]),
        (pd.Series(["G", "vert"], dtype="category"), CT.RAG, ["G", "G"]),
        (pd.Series([12, 12.5]), CT.TEXT, ["12", "12.5"]),
    ],
)
def test_typed_series(raw, type_, expected):
    allowed = schema.RAG_VALUES if type_ is CT.RAG else ()
    result = coerce_column(raw, column(type_, allowed=allowed))
    assert str(result.values.dtype) == CANONICAL_DTYPES[type_]
    assert [None if pd.isna(v) else v for v in result.values] == expected
    assert not result.bad.any()


def test_index_is_kept_for_every_type():
    index = pd.Index([7, 3, 9])
    for type_ in CT:
        raw = pd.Series(["?", None, "?"], index=index, dtype=object)
        result = coerce_column(raw, column(type_))
        assert result.values.index.equals(index)
        assert result.bad.index.equals(index)
        assert result.bad.dtype == bool


def test_bad_mask_marks_exactly_the_unreadable_cells():
    result = run([1, "x", None, "2,5", "?", "€ 3", "1 - High"], CT.NUMBER)
    assert result.bad.tolist() == [False, True, False, False, False, False, True]
    assert result.values.tolist()[3] == 2.5


# --------------------------------------------------------------------------- canonical frames


def test_canonical_frame_equates_stored_and_uploaded_data():
    """A frame as read back from SQLite equals the same data coerced from an upload."""
    ds = schema.dataset("projects")
    stored = pd.DataFrame(
        {
            "project_id": ["PRJ-001", "PRJ-002"],
            "name": ["ERP upgrade", "Network "],
            "programme": [None, "Infra"],
            "portfolio": ["Finance", "IT"],
            "sponsor": ["A. Martin", None],
            "project_manager": ["B. Peeters", "C. Dubois"],
            "phase": ["Execution", "On hold"],
            "methodology": ["Agile", None],
            "priority": ["High", "Low"],
            "strategic_objective": [None, None],
            "start_date": [date(2026, 1, 15), date(2025, 11, 3)],
            "baseline_end_date": ["2026-12-31", None],  # SQLite text
            "forecast_end_date": [datetime(2027, 2, 28), None],
            "approved_budget": [1234567.5, 80000.0],
            "percent_complete": [45.0, 0.5],
            "business_value": [4, None],
            "description": ["", "Core switches"],
        }
    ).astype(object)
    upload = pd.DataFrame(
        {
            "project_id": [" PRJ-001", "PRJ-002"],
            "name": ["ERP upgrade", "Network"],
            "programme": ["?", "Infra"],
            "portfolio": ["Finance", "IT"],
            "sponsor": ["A. Martin", "n/a"],
            "project_manager": ["B. Peeters", "C. Dubois"],
            "phase": ["exécution", "en attente"],
            "methodology": ["agile", ""],
            "priority": ["haute", "laag"],
            "strategic_objective": [None, "-"],
            "start_date": ["15/01/2026", "3 nov. 2025"],
            "baseline_end_date": ["31/12/2026", ""],
            "forecast_end_date": ["28 février 2027", None],
            "approved_budget": ["1 234 567,50 €", "80.000,00 €"],
            "percent_complete": ["45 %", "0,5 %"],
            "business_value": ["4", None],
            "description": [None, " Core switches "],
        }
    )
    coerced = pd.DataFrame({c.name: coerce_column(upload[c.name], c).values for c in ds.columns})
    for c in ds.columns:
        assert not coerce_column(upload[c.name], c).bad.any(), c.name
    left = canonical_frame(ds, stored)
    right = canonical_frame(ds, coerced)
    pd.testing.assert_frame_equal(left, right)
    assert list(left.columns) == list(ds.column_names)
    assert {c: str(left[c].dtype) for c in left} == {
        c.name: CANONICAL_DTYPES[c.type] for c in ds.columns
    }


def test_canonical_frame_for_tickets_floors_datetimes_and_reads_sqlite_booleans():
    ds = schema.dataset("tickets")
    stored = pd.DataFrame(
        {
            "ticket_id": ["INC0001"],
            "service": ["Service Desk"],
            "priority": ["P2"],
            "opened_at": [datetime(2016, 3, 5, 12, 0, 0, 123456)],
            "resolved_at": ["2016-03-05 14:30:00.000000"],
            "escalated": [1],
            "made_sla": [None],
            "reopened_count": [0.0],
            "satisfaction": [np.nan],
        }
    ).astype(object)
    upload = pd.DataFrame(
        {
            "ticket_id": ["INC0001"],
            "service": ["Service Desk"],
            "priority": ["2 - High"],
            "opened_at": ["5/3/2016 12:00"],
            "resolved_at": ["05/03/2016 14:30:00"],
            "escalated": ["true"],
            "made_sla": ["?"],
            "reopened_count": ["0"],
            "satisfaction": [""],
        }
    )
    coerced = pd.DataFrame({c: coerce_column(upload[c], ds.column(c)).values for c in upload})
    left = canonical_frame(ds, stored)
    right = canonical_frame(ds, coerced)
    pd.testing.assert_frame_equal(left, right)
    assert left["opened_at"].iloc[0] == ts("2016-03-05 12:00:00")
    assert left["category"].isna().all()  # a column the frame lacks comes back empty


def test_canonical_frame_does_not_translate_values():
    ds = schema.dataset("projects")
    frame = pd.DataFrame({"phase": ["exécution"], "percent_complete": [0.5], "extra": [1]})
    out = canonical_frame(ds, frame)
    assert out["phase"].tolist() == ["exécution"]  # kept, so a difference stays visible
    assert out["percent_complete"].tolist() == [0.5]  # 0.5 %, not a fraction
    assert "extra" not in out


def test_canonical_frame_of_sample_data_is_unchanged(sample_frames):
    for name, frame in sample_frames.items():
        ds = schema.dataset(name)
        out = canonical_frame(ds, frame)
        again = canonical_frame(ds, out)
        pd.testing.assert_frame_equal(out, again)
        for c in ds.columns:
            assert str(out[c.name].dtype) == CANONICAL_DTYPES[c.type], (name, c.name)
            same = (out[c.name].astype(object) == frame[c.name].astype(object)) | (
                out[c.name].isna() & frame[c.name].isna()
            )
            assert same.all(), (name, c.name)


def test_canonical_empty():
    for type_ in CT:
        empty = canonical_empty(column(type_), pd.RangeIndex(3))
        assert str(empty.dtype) == CANONICAL_DTYPES[type_]
        assert empty.isna().all() and len(empty) == 3
    assert len(canonical_empty(column(CT.TEXT))) == 0


# --------------------------------------------------------------------------- messages


@pytest.mark.parametrize(
    ("col", "expected"),
    [
        (column(CT.RAG, allowed=schema.RAG_VALUES), "one of G, A, R (Green/Amber/Red)"),
        (column(CT.TEXT, allowed=schema.RAID_STATUSES), "one of Open, In progress, Closed"),
        (column(CT.TEXT), "text"),
        (column(CT.INTEGER, minimum=1, maximum=5), "a whole number from 1 to 5"),
        (column(CT.INTEGER, minimum=0), "a whole number of at least 0"),
        (column(CT.MONEY), "an amount such as 1 234,50 or 1,234.50"),
        (column(CT.MONEY, minimum=0), "an amount of at least 0, such as 1 234,50 or 1,234.50"),
        (column(CT.NUMBER), "a number such as 12.5 or 12,5"),
        (
            column(CT.PERCENT, minimum=0, maximum=100),
            "a percentage from 0 to 100, such as 12 % or 12,5 %",
        ),
        (column(CT.DATE), "a date such as 31/12/2026 or 2026-12-31"),
        (column(CT.DATETIME), "a date and time such as 31/12/2026 14:05 or 2026-12-31 14:05"),
        (column(CT.BOOLEAN), "yes or no (also true/false, 1/0, x, oui/non, ja/nee)"),
    ],
)
def test_expected_text(col, expected):
    assert expected_text(col) == expected


def test_expected_text_month_first():
    assert expected_text(column(CT.DATE), day_first=False) == (
        "a date such as 12/31/2026 or 2026-12-31"
    )


# --------------------------------------------------------------------------- size


def test_large_columns_take_the_vectorised_paths():
    """100,000 distinct formatted texts are read right (speed is measured by the benchmark)."""
    n = 100_000
    amounts = np.arange(n) * 1.25 + 1000
    texts = [f"{a:,.2f} €".replace(",", "\u202f").replace(".", ",") for a in amounts]
    result = run(texts, CT.MONEY)
    assert result.values.to_numpy() == pytest.approx(amounts)
    assert result.note == NOTE_DECIMAL_COMMA
    stamps = pd.Timestamp("2024-01-01") + pd.to_timedelta(np.arange(n) * 61, unit="s")
    texts = [f"{s.day}/{s.month}/{s.year} {s:%H:%M:%S}" for s in stamps]
    result = run(texts, CT.DATETIME)
    assert (result.values.to_numpy() == stamps.to_numpy()).all()
    assert not result.bad.any()
