"""Reading the Excel workbooks Steerco hands out (the template, "Download my projects") as a
user sees them in Excel: the rows of a sheet, the values a drop-down offers, one edited cell."""

from __future__ import annotations

import io
import re

import openpyxl
import pandas as pd
from openpyxl.utils import get_column_letter

from data_access import schema


def open_book(payload: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(payload))


def list_values(book: openpyxl.Workbook, formula: str) -> list[str]:
    """The values of a list validation's source: inline ("a,b") or a range of a sheet."""
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    match = re.fullmatch(r"'?([^'!]+)'?!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)", formula)
    assert match, f"unexpected list source {formula}"
    sheet, col1, row1, col2, row2 = match.groups()
    assert col1 == col2, formula
    cells = book[sheet][f"{col1}{row1}:{col2}{row2}"]
    return [row[0].value for row in cells if row[0].value is not None]


def project_choices(book: openpyxl.Workbook, sheet: str) -> list[str]:
    """The ids the project drop-down of ``sheet`` offers on its first data row."""
    letter = get_column_letter(schema.dataset(sheet).column_names.index("project_id") + 1)
    found = [
        dv
        for dv in book[sheet].data_validations.dataValidation
        if dv.type == "list" and f"{letter}2" in str(dv.sqref)
    ]
    assert len(found) == 1, f"{sheet}: {len(found)} project drop-downs"
    return list_values(book, found[0].formula1)


def sheet_frame(book: openpyxl.Workbook, sheet: str) -> pd.DataFrame:
    """A sheet's rows under its header row, as written (None for an empty cell)."""
    rows = list(book[sheet].iter_rows(values_only=True))
    return pd.DataFrame(rows[1:], columns=rows[0])


def edit_cell(payload: bytes, sheet: str, row: int, column: str, value: object) -> bytes:
    """The workbook with one cell changed, as a user saves it from Excel: ``row`` counts data
    rows from 0 (the header is not one), ``column`` is a header."""
    book = open_book(payload)
    ws = book[sheet]
    headers = [c.value for c in ws[1]]
    ws.cell(row + 2, headers.index(column) + 1).value = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
