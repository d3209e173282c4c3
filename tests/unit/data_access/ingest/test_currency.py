"""Currency marks on amounts (data_access.ingest.currency) and how a money column keeps them.

Each expectation is written by hand: the text left to read as a number, the mark as the cell
wrote it, and the currency that mark means for an organisation.
"""

from __future__ import annotations

import pandas as pd
import pytest

from data_access import schema
from data_access.ingest.coerce import coerce_column
from data_access.ingest.currency import ISO_4217, SYMBOLS, code_of, label, split_marks
from data_access.schema import ColumnType as CT

NONE = None  # no mark


@pytest.mark.parametrize(
    ("mark", "organisation", "code"),
    [
        ("€", "EUR", "EUR"), ("EUR", "EUR", "EUR"), ("eur", None, "EUR"), ("euros", None, "EUR"),
        ("$", "EUR", "USD"), ("US$", None, "USD"), ("usd", None, "USD"), ("£", None, "GBP"),
        ("¥", None, "JPY"), ("CHF", None, "CHF"), ("sek", None, "SEK"), ("C$", None, "CAD"),
        # a symbol several currencies share means the organisation's when it is one of them
        ("$", "CAD", "CAD"), ("$", "AUD", "AUD"), ("¥", "CNY", "CNY"), ("kr", "NOK", "NOK"),
        # ...but a symbol of one currency only never does
        ("US$", "CAD", "USD"), ("€", "USD", "EUR"),
        # not currencies: a three-letter word outside ISO 4217, thousands, a unit
        ("TBC", None, None), ("k€", None, None), ("apples", None, None), ("XXX", None, None),
    ],
)  # fmt: skip
def test_code_of(mark, organisation, code):
    assert code_of(mark, organisation) == code


def test_every_symbol_means_iso_codes_and_iso_codes_are_three_capitals():
    assert all(len(c) == 3 and c.isalpha() and c.isupper() for c in ISO_4217)
    assert {"EUR", "USD", "GBP", "CHF", "JPY", "CAD"} <= ISO_4217
    assert all(set(codes) <= ISO_4217 for codes in SYMBOLS.values())
    assert all(key == key.upper() for key in SYMBOLS)


@pytest.mark.parametrize(
    ("text", "rest", "mark"),
    [
        # the mark before or after the number, inside or outside the sign and parentheses
        ("€ 1 200,50", "1 200,50", "€"), ("1.200,50 EUR", "1.200,50", "EUR"),
        ("$1,200", "1,200", "$"), ("$-2,595", "-2,595", "$"), ("-$2,595", "-2,595", "$"),
        ("($1,234.50)", "(1,234.50)", "$"), ("(1,234) €", "(1,234)", "€"),
        ("12 €-", "12 -", "€"), ("US$ 1,000", "1,000", "US$"), ("US $1,000", "1,000", "US$"),
        ("CHF 1'234.50", "1'234.50", "CHF"), ("12 euros", "12", "euros"),
        ("1200 sek", "1200", "sek"), ("R$ 1.200,00", "1.200,00", "R$"), ("¥100", "100", "¥"),
        ("£1,234.56", "1,234.56", "£"), ("€12 EUR", "12", "€"),
        # plain numbers carry no mark and are left alone
        ("1,200", "1,200", NONE), ("1.200,50", "1.200,50", NONE), ("(1,200)", "(1,200)", NONE),
        ("-12", "-12", NONE), ("1e3", "1e3", NONE), ("12 %", "12 %", NONE),
        # unreadable rather than guessed at: no number, a mark that is no currency, letters
        # inside the number, two currencies, an exponent next to a mark
        ("€", "", NONE), ("12 apples", "", NONE), ("12 k€", "", NONE), ("12CAD34", "", NONE),
        ("1200 TBC", "", NONE), ("$12 CAD", "", NONE), ("1e3 €", "", NONE),
        ("#VALUE!", "", NONE), ("€ 12\n34", "", NONE),
    ],
)  # fmt: skip
def test_split_marks(text, rest, mark):
    split = split_marks(pd.Series([text, "7"], dtype="str"))
    assert split.texts.tolist() == [rest, "7"]
    got = split.marks.tolist()
    assert (None if pd.isna(got[0]) else got[0]) == mark
    assert pd.isna(got[1])


def test_label_names_the_code_then_the_other_spellings_in_file_order():
    assert label("USD", ["$", "USD", "US$", "$", "usd"]) == "USD ($, US$)"
    assert label("EUR", ["EUR", "eur"]) == "EUR"
    assert label("GBP", ["£"]) == "GBP (£)"


# --------------------------------------------------------------------------- money columns


def money(values: list, type_: CT = CT.MONEY):
    return coerce_column(pd.Series(values, dtype=object), schema.Column("c", type_, ""))


def test_a_money_column_reads_the_amounts_and_keeps_each_cells_mark():
    result = money(["€ 1 200,50", "1.200,50 EUR", 1200.5, "1200,5", None, "$ 1 200", "12 k€"])
    assert result.values.tolist()[:4] == [1200.5, 1200.5, 1200.5, 1200.5]
    assert pd.isna(result.values.iloc[4]) and result.values.iloc[5] == 1200.0
    assert result.bad.tolist() == [False, False, False, False, False, False, True]
    marks = [None if pd.isna(m) else m for m in result.currencies]
    assert marks == ["€", "EUR", None, None, None, "$", None]


def test_plain_numbers_have_no_marks_and_read_as_before():
    result = money(["1,234.50", "1234.5", 1234.5, "(1,234.50)"])
    assert result.values.tolist() == [1234.5, 1234.5, 1234.5, -1234.5]
    assert result.currencies.isna().all()
    assert not result.bad.any()


def test_only_money_columns_keep_marks():
    assert money(["12", "$12"], CT.NUMBER).currencies is None
    assert money(["12 %"], CT.PERCENT).currencies is None
