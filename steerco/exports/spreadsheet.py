"""Tables as spreadsheets: .xlsx with real types, formats and widths, and CSV.

Text that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) is
written as text with a leading quote (:func:`safe_cell`) and typed as a string cell, so
opening a downloaded table never evaluates anything a user typed.

Also the problem list of an import as a workbook a PM can filter and tick off
(:func:`problems_workbook`).
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable
from datetime import date, datetime

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from data_access.ingest.problems import Problem
from steerco.i18n import t
from steerco.views.data import problems_frame

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Column width bounds in characters: wide enough for a date or an amount, never so wide that
#: one long description pushes everything off screen.
MIN_WIDTH, MAX_WIDTH = 8, 60
#: Rows looked at to size the columns (the whole table is written).
WIDTH_SAMPLE_ROWS = 2_000
#: Excel's sheet-name limit.
MAX_SHEET_NAME = 31
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
_HEADER_FILL = PatternFill("solid", fgColor="1F2933")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_INVALID_SHEET_CHARS = str.maketrans({c: " " for c in "[]:*?/\\"})
#: First characters that make a spreadsheet treat a cell as a formula. A value written to a
#: downloadable workbook that starts with one is prefixed with an apostrophe-like quote so
#: that opening the file never runs anything (CSV/formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_ERROR_FILL = PatternFill("solid", fgColor="F4CCCC")
_WARNING_FILL = PatternFill("solid", fgColor="FFF2CC")
#: Column widths of the problem list, in characters.
PROBLEM_WIDTHS = (10, 18, 7, 22, 50, 24, 40, 24)


def safe_cell(value: object) -> object:
    """A value safe to put in a spreadsheet cell: text that looks like a formula is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell_value(value: object) -> object:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, datetime | date | int | float | bool):
        return value
    return safe_cell(str(value))


def _number_format(series: pd.Series) -> str | None:
    if pd.api.types.is_datetime64_any_dtype(series):
        times = series.dropna()
        has_time = not times.empty and bool((times != times.dt.normalize()).any())
        return DATETIME_FORMAT if has_time else DATE_FORMAT
    if pd.api.types.is_integer_dtype(series) or pd.api.types.is_bool_dtype(series):
        return "0"
    if pd.api.types.is_float_dtype(series):
        return "#,##0.00"
    return None


def _width(header: str, series: pd.Series) -> float:
    sample = series.head(WIDTH_SAMPLE_ROWS).dropna().astype(str)
    longest = max([len(str(header)), *(len(v) for v in sample)], default=len(str(header)))
    return float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2)))


def sheet_name(name: str) -> str:
    cleaned = name.translate(_INVALID_SHEET_CHARS).strip() or "Data"
    return cleaned[:MAX_SHEET_NAME]


def frame_to_xlsx(frame: pd.DataFrame, sheet: str = "Data", title: str | None = None) -> bytes:
    """One table as an .xlsx: a header row, typed cells, formats, widths, filters."""
    book = Workbook()
    ws = book.active
    ws.title = sheet_name(sheet)
    first = 1
    if title:
        ws.cell(row=1, column=1, value=safe_cell(title)).font = Font(bold=True, size=13)
        first = 3
    headers = [str(c) for c in frame.columns]
    for index, header in enumerate(headers, start=1):
        cell = ws.cell(row=first, column=index, value=safe_cell(header))
        cell.fill, cell.font = _HEADER_FILL, _HEADER_FONT
        cell.alignment = Alignment(vertical="center")
    formats = [_number_format(frame[c]) for c in frame.columns]
    for r, row in enumerate(frame.itertuples(index=False), start=first + 1):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c, value=_cell_value(value))
            if isinstance(cell.value, str):
                cell.data_type = TYPE_STRING  # never a formula, whatever the text
            elif formats[c - 1] and cell.value is not None:
                cell.number_format = formats[c - 1]
    for index, column in enumerate(frame.columns, start=1):
        width = _width(headers[index - 1], frame[column])
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = ws.cell(row=first + 1, column=1)
    if len(frame.columns):
        last = get_column_letter(len(frame.columns))
        ws.auto_filter.ref = f"A{first}:{last}{max(first + len(frame), first)}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def frame_to_csv(frame: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with a BOM (Excel then reads accents right), formula-like text quoted."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(lambda v: safe_cell(v) if isinstance(v, str) else v)
    safe.columns = [safe_cell(str(c)) for c in safe.columns]
    # CRLF rows (as Excel writes them): pandas then quotes a lone CR inside a value.
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def problems_workbook(problems: Iterable[Problem], file_name: str = "") -> bytes:
    """The problem list as an .xlsx a PM can filter and tick off while fixing the file."""
    frame = problems_frame(problems)
    book = Workbook()
    sheet = book.active
    sheet.title = t("Problems")
    sheet.append([t("Problems found in {file}", file=file_name or t("the file"))])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(list(frame.columns))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in frame.itertuples(index=False, name=None):
        sheet.append([None if pd.isna(v) else safe_cell(v) for v in row])
        fill = _ERROR_FILL if row[0] == t("Error") else _WARNING_FILL
        sheet.cell(row=sheet.max_row, column=1).fill = fill
    for index, width in enumerate(PROBLEM_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(frame.columns))}{max(sheet.max_row, 2)}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
