"""Finding the table in a sheet: preambles above the header, transposed tables, sheets of
notes without a table (hand-made rows), and the reason as templates for the user's language."""

from __future__ import annotations

from datetime import datetime

import pytest

from data_access.ingest.table import cell_kind, find_table, transpose

HEADER = ["Project ID", "Project Name", "Budget", "Start date", "Phase"]


def _records(count: int = 8) -> list[list[object]]:
    return [
        [f"P-{i:03}", f"Project {i}", 1000 * i, datetime(2026, 1, i), "Execution"]
        for i in range(1, count + 1)
    ]


def _pad(rows: list[list[object]]) -> list[list[object]]:
    """Every row as wide as the widest, as the reader hands them over."""
    width = max(len(r) for r in rows)
    return [[*r, *[None] * (width - len(r))] for r in rows]


def test_a_table_without_preamble_has_its_header_in_the_first_row():
    guess = find_table(_pad([HEADER, *_records()]))
    assert guess is not None
    assert (guess.header_row, guess.transposed, guess.width) == (0, False, 5)
    assert guess.reason.startswith("header in row 1")


def test_three_lines_of_preamble_and_a_blank_line_are_skipped():
    preamble = [
        ["Major projects portfolio — annual report 2025"],
        ["Published under the Open Government Licence v3.0; you may copy and adapt it."],
        ["Figures in thousands of pounds, as at 31 March 2025."],
        [None],
    ]
    guess = find_table(_pad([*preamble, HEADER, *_records()]))
    assert guess is not None
    assert (guess.header_row, guess.transposed) == (4, False)
    assert "below 4 rows of preamble" in guess.reason


def test_a_preamble_with_text_in_several_cells_is_skipped():
    preamble = [
        ["Source:", "Department for Transport open data", None, "Exported:", "2025-04-01"],
        ["Licence:", "OGL v3.0", None, None, None],
        ["Notes", "Budgets include VAT and exclude contingency held centrally.", None],
        [None],
    ]
    guess = find_table(_pad([*preamble, HEADER, *_records()]))
    assert guess is not None
    assert guess.header_row == 4


def test_csv_cells_are_all_text_and_still_show_the_header():
    records = [[str(v) for v in r[:3]] + ["31/01/2026", "Execution"] for r in _records()]
    rows = _pad([["Export of the PMO tool"], [None], HEADER, *records])
    guess = find_table(rows)
    assert guess is not None
    assert guess.header_row == 2


def test_an_all_text_table_keeps_its_header_over_the_first_record():
    header = ["Ref", "Title", "Owner", "Status"]
    records = [[f"R{i}", f"Risk number {i}", f"Person {i % 3}", "Open"] for i in range(6)]
    guess = find_table(_pad([header, *records]))
    assert guess is not None
    assert guess.header_row == 0


def test_a_transposed_table_is_detected_and_turned():
    fields = ["Project name", "Budget", "Start date", "Department", "Phase"]
    rows = [[field] for field in fields]
    for i in range(1, 7):
        values = [f"Project {i}", 1000 * i, datetime(2026, 1, i), f"Dept {i % 2}", "Execution"]
        for row, value in zip(rows, values, strict=True):
            row.append(value)
    guess = find_table(_pad(rows))
    assert guess is not None
    assert guess.transposed
    assert guess.header_row == 0
    assert guess.width == 5
    assert "field names down column A" in guess.reason
    turned = transpose(rows)
    assert turned[0] == fields
    assert turned[1][:2] == ["Project 1", 1000]


def test_a_transposed_table_with_a_title_above_it():
    rows = [["Portfolio at a glance", None, None, None]]
    rows += [
        ["Project", "Alpha", "Beta", "Gamma"],
        ["Budget (£k)", 120, 340, 560],
        ["Start", datetime(2025, 1, 1), datetime(2025, 2, 1), datetime(2025, 3, 1)],
        ["Owner", "Ann", "Bob", "Cy"],
    ]
    guess = find_table(rows, "projects")
    assert guess is not None
    assert guess.transposed
    assert transpose(rows)[guess.header_row][1:] == ["Project", "Budget (£k)", "Start", "Owner"]


def test_a_normal_table_is_not_taken_as_transposed():
    guess = find_table(_pad([HEADER, *_records(3)]))
    assert guess is not None
    assert not guess.transposed


def test_aliases_of_the_dataset_help_choose_the_header():
    rows = _pad(
        [
            ["Prepared by", "PMO", "Reviewed", "Board"],
            ["Risk ID", "Title", "Probability", "Impact", "Status"],
            ["R1", "Supplier late", "3", "4", "Open"],
            ["R2", "Key person leaves", "2", "5", "Open"],
        ]
    )
    guess = find_table(rows, "raid")
    assert guess is not None
    assert guess.header_row == 1
    assert "known headers" in guess.reason


def test_a_sheet_of_notes_has_no_table():
    rows = _pad(
        [
            ["How to fill in this workbook"],
            [None],
            ["1. Add one row per risk in the Risk Register sheet, with its owner and status."],
            ["2. Scores run from 1 (low) to 5 (high); the heat map updates itself."],
            ["3. Send the workbook to the PMO before the first Monday of the month."],
        ]
    )
    assert find_table(rows) is None


def test_an_empty_sheet_has_no_table():
    assert find_table([]) is None
    assert find_table([[None, None], [None, None]]) is None


def test_a_header_without_any_data_is_no_table_unless_it_names_known_columns():
    assert find_table(_pad([["Alpha", "Beta", "Gamma"]])) is None
    guess = find_table(_pad([["Project ID", "Project Name", "Phase"]]), "projects")
    assert guess is not None and guess.header_row == 0


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (None, "blank"),
        ("  ", "blank"),
        (float("nan"), "blank"),
        (True, "bool"),
        (3, "number"),
        ("$2,812,101", "number"),
        ("-$2,595", "number"),
        ("1 234,50 €", "number"),
        ("45%", "number"),
        (datetime(2026, 1, 1), "date"),
        ("29/2/2016 01:16", "date"),
        ("2026-03-01", "date"),
        ("July 31, 2022", "date"),
        ("1er mars 2024", "date"),
        ("Project Name", "text"),
        ("P-001", "text"),
    ],
)
def test_cell_kinds(value, kind):
    assert cell_kind(value) == kind


def test_the_user_can_say_which_way_a_table_runs():
    """An all-text table reads down unless told: told "across", its first column is the
    header; told "down", a table the layout says runs across is read down."""
    rows = [
        ["Project", "Alpha", "Beta", "Gamma"],
        ["Owner", "Ann", "Bob", "Cy"],
        ["Stage", "Build", "Plan", "Run"],
    ]
    down = find_table(rows)
    assert down is not None and not down.transposed
    across = find_table(rows, turned=True)
    assert across is not None and across.transposed
    assert transpose(rows)[across.header_row] == ["Project", "Owner", "Stage"]
    fields = [["Project name", "A", "B", "C"], ["Budget", 1, 2, 3], ["Phase", "x", "y", "z"]]
    assert (
        find_table(fields, turned=False) is None or not find_table(fields, turned=False).transposed
    )


def test_the_reason_is_said_as_templates_with_their_counts():
    preamble = [["Portfolio export"], ["Generated by the PMO tool"], [None], ["Confidential"]]
    guess = find_table(_pad([*preamble, HEADER, *_records()]))
    assert guess is not None
    reason = guess.reason
    assert reason == (
        "header in row 5: below 4 rows of preamble; 5 short distinct headers, 8 data rows below"
    )
    assert (reason.template, reason.plural, reason.count) == (
        "header in row {row}: below {n} row of preamble; {why}",
        "header in row {row}: below {n} rows of preamble; {why}",
        4,
    )
    why = dict(reason.params)["why"]
    assert why.template == "{first}, {second}"
    parts = dict(why.params)
    assert (parts["first"].template, parts["first"].params) == (
        "{n} short distinct headers",
        (("n", "5"),),
    )
    assert (parts["second"].template, parts["second"].params) == (
        "{rows} data rows below",
        (("rows", "8"),),
    )


def test_a_turned_table_s_reason_says_field_names_and_records():
    fields = ["Project name", "Budget", "Start date", "Department", "Phase"]
    rows = [[field] for field in fields]
    for i in range(1, 7):
        values = [f"Project {i}", 1000 * i, datetime(2026, 1, i), f"Dept {i % 2}", "Execution"]
        for row, value in zip(rows, values, strict=True):
            row.append(value)
    reason = find_table(_pad(rows), "projects").reason
    assert reason.template == "field names down column {column}, one record per column: {why}"
    why = dict(reason.params)["why"]
    assert [p.template for _, p in why.params][:2] == [
        "{n} short distinct field names",
        "{rows} records",
    ]
