"""Table downloads: typed cells, widths, and no formula ever runs from a hostile value."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import openpyxl
import pandas as pd
import pytest

from steerco.exports.spreadsheet import MAX_WIDTH, frame_to_csv, frame_to_xlsx, sheet_name

HOSTILE = ['=HYPERLINK("http://evil","x")', "+1+1", "-2", "@SUM(A1)", "\tTab", "\rCR"]


def _sheet(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).active


@pytest.fixture
def projects() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Project": [*HOSTILE, "Plain name"],
            "Budget": [1_000.5, 2_000.0, None, 3.25, 0.0, 1.0, 7.0],
            "Forecast end": pd.to_datetime(
                [
                    "2026-12-31",
                    None,
                    "2027-01-15",
                    "2027-02-01",
                    "2027-03-01",
                    "2027-04-01",
                    "2027-05-01",
                ]
            ),
            "Slip (days)": pd.array([3, None, 0, -2, 5, 6, 7], dtype="Int64"),
        }
    )


def test_hostile_names_are_text_cells_with_a_quote(projects):
    ws = _sheet(frame_to_xlsx(projects, sheet="Portfolio"))
    cells = [ws.cell(row=r, column=1) for r in range(2, 2 + len(HOSTILE))]
    assert [c.value for c in cells] == ["'" + v for v in HOSTILE]
    assert {c.data_type for c in cells} == {"s"}, "no cell may be a formula"
    assert ws.cell(row=8, column=1).value == "Plain name"


def test_numbers_dates_and_integers_keep_their_type_and_format(projects):
    ws = _sheet(frame_to_xlsx(projects))
    assert [c.value for c in ws[1]] == ["Project", "Budget", "Forecast end", "Slip (days)"]
    assert ws.cell(row=2, column=2).value == 1000.5
    assert ws.cell(row=2, column=2).number_format == "#,##0.00"
    assert ws.cell(row=4, column=2).value is None
    assert ws.cell(row=2, column=3).value == datetime(2026, 12, 31)
    assert ws.cell(row=2, column=3).number_format == "yyyy-mm-dd"
    assert ws.cell(row=2, column=4).value == 3 and ws.cell(row=2, column=4).number_format == "0"
    assert ws.cell(row=3, column=4).value is None
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:D8"


def test_column_widths_follow_the_content_within_bounds():
    frame = pd.DataFrame({"ID": ["P1"], "Description": ["x" * 500]})
    ws = _sheet(frame_to_xlsx(frame))
    assert ws.column_dimensions["A"].width == 8  # the minimum
    assert ws.column_dimensions["B"].width == MAX_WIDTH


def test_a_title_row_and_a_safe_sheet_name():
    ws = _sheet(frame_to_xlsx(pd.DataFrame({"a": [1]}), sheet="Risks: top/10 [draft]", title="T"))
    assert ws.title == "Risks  top 10  draft"
    assert ws.cell(row=1, column=1).value == "T"
    assert ws.cell(row=3, column=1).value == "a" and ws.cell(row=4, column=1).value == 1


def test_sheet_names_are_cut_to_excel_limit():
    assert len(sheet_name("x" * 50)) == 31
    assert sheet_name("") == "Data"


def test_csv_has_a_bom_and_quotes_formula_like_text(projects):
    data = frame_to_csv(projects)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["Project", "Budget", "Forecast end", "Slip (days)"]
    assert [r[0] for r in rows[1 : 1 + len(HOSTILE)]] == ["'" + v for v in HOSTILE]
    assert rows[-1][0] == "Plain name"
