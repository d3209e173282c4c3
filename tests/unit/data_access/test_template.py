"""The Excel template: what a project manager sees when they open, fill and re-upload it."""

from __future__ import annotations

import io
import re
import time
from datetime import date, datetime

import numpy as np
import openpyxl
import pandas as pd
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from data_access import schema, template
from data_access.schema import Column, ColumnType, Dataset
from tests.support.workbook import project_choices

LAST_ROW = template.TEMPLATE_DATA_ROWS + 1
#: Rows of each sample frame written in the round-trip test (enough for every kind of value,
#: few enough to keep the test quick).
SAMPLE_ROWS = 300
MAX_TEMPLATE_BYTES = 1_000_000


@pytest.fixture(scope="module")
def saved() -> openpyxl.Workbook:
    """The default template as a user gets it: saved to bytes and opened again."""
    return openpyxl.load_workbook(io.BytesIO(template.template_bytes()))


def _letter(ds: Dataset, col: Column) -> str:
    return get_column_letter(ds.column_names.index(col.name) + 1)


def _validation(wb: openpyxl.Workbook, ds: Dataset, col: Column) -> DataValidation | None:
    """The validation covering the column's first and last template data rows."""
    letter = _letter(ds, col)
    found = [
        dv
        for dv in wb[ds.name].data_validations.dataValidation
        if f"{letter}2" in dv.sqref and f"{letter}{LAST_ROW}" in dv.sqref
    ]
    assert len(found) <= 1, f"{ds.name}.{col.name} has overlapping validations"
    return found[0] if found else None


def _list_values(wb: openpyxl.Workbook, dv: DataValidation) -> list[str]:
    """The drop-down values, whether written inline or as a range of another sheet."""
    formula = dv.formula1
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    match = re.fullmatch(r"'?([^'!]+)'?!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)", formula)
    assert match, f"unexpected list source {formula}"
    sheet, col1, row1, col2, row2 = match.groups()
    assert col1 == col2
    cells = wb[sheet][f"{col1}{row1}:{col2}{row2}"]
    return [row[0].value for row in cells if row[0].value is not None]


def _columns(predicate) -> list[tuple[Dataset, Column]]:
    return [(ds, col) for ds in schema.DATASETS for col in ds.columns if predicate(col)]


def _dictionary(wb: openpyxl.Workbook) -> tuple[int, list[dict[str, str | None]]]:
    ws = wb[template.INSTRUCTIONS_SHEET]
    header_row = next(
        row[0].row
        for row in ws.iter_rows(min_col=1, max_col=2)
        if (row[0].value, row[1].value) == ("sheet", "column")
    )
    headers = [c.value for c in ws[header_row]]
    rows = [
        dict(zip(headers, values, strict=True))
        for values in ws.iter_rows(min_row=header_row + 1, values_only=True)
    ]
    return header_row, rows


# --------------------------------------------------------------------------- Instructions


def test_instructions_come_first_and_explain_how_to_fill_and_upload(saved):
    assert saved.sheetnames[0] == template.INSTRUCTIONS_SHEET
    assert saved.active.title == template.INSTRUCTIONS_SHEET
    ws = saved[template.INSTRUCTIONS_SHEET]
    assert ws["A1"].value == "Steerco data template"
    text = "\n".join(str(c.value) for row in ws.iter_rows(max_row=15) for c in row if c.value)
    for needle in ("one row per item", "31/12/2026", "0 to 100", "steerco import FILE", "removals"):
        assert needle in text, needle
    # the header colour legend uses the very styles of the dataset headers
    legend_row = next(row for row in ws.iter_rows(max_row=15) if row[0].value == "Header colours:")
    legend = {c.value: c for c in legend_row if c.value}
    projects = saved["projects"]
    assert legend["key"].fill.fgColor.rgb == projects["A1"].fill.fgColor.rgb  # project_id
    assert legend["required"].fill.fgColor.rgb == projects["B1"].fill.fgColor.rgb  # name


def test_dictionary_lists_every_column_with_its_flags(saved):
    header_row, rows = _dictionary(saved)
    expected = [(ds, col) for ds in schema.DATASETS for col in ds.columns]
    assert len(rows) == len(expected) == sum(len(ds.columns) for ds in schema.DATASETS)
    for row, (ds, col) in zip(rows, expected, strict=True):
        assert (row["sheet"], row["column"]) == (ds.name, col.name)
        assert (row["required"] == "yes") == (col.required or col.key), col.name
        assert (row["key"] == "yes") == col.key, col.name
        assert row["description"] == col.help
        if col.allowed:
            assert row["allowed values"] == ", ".join(col.allowed)
        if col.aliases:
            assert row["other accepted headers"] == ", ".join(col.aliases)
    ws = saved[template.INSTRUCTIONS_SHEET]
    assert ws.auto_filter.ref == f"A{header_row}:I{header_row + len(rows)}"
    assert ws.freeze_panes == f"A{header_row + 1}"
    assert ws.column_dimensions["H"].width >= 40  # descriptions are readable, and wrapped
    assert ws.cell(header_row + 1, 8).alignment.wrap_text


# --------------------------------------------------------------------------- dataset sheets


def test_one_sheet_per_dataset_with_the_schema_headers_in_order(saved):
    names = [ds.name for ds in schema.DATASETS]
    assert [s for s in saved.sheetnames if s not in template.NON_DATA_SHEETS] == names
    for ds in schema.DATASETS:
        ws = saved[ds.name]
        assert [c.value for c in ws[1]] == list(ds.column_names)
        assert ws.max_row == 1  # an empty template: headers only
        assert ws.freeze_panes.endswith("2")  # header stays in view
        for index, col in enumerate(ds.columns, start=1):
            cell = ws.cell(1, index)
            assert cell.font.bold
            assert col.help in cell.comment.text
            assert ("KEY" in cell.comment.text) == col.key
            assert ws.column_dimensions[get_column_letter(index)].width >= len(col.name)


def test_key_required_and_optional_headers_look_different(saved):
    ws = saved["raid"]
    fills = {
        kind: ws.cell(1, schema.dataset("raid").column_names.index(name) + 1).fill.fgColor.rgb
        for kind, name in (("key", "raid_id"), ("required", "title"), ("optional", "owner"))
    }
    assert len(set(fills.values())) == 3
    assert "Required." in ws["D1"].comment.text  # title
    assert "Optional." in ws["I1"].comment.text  # owner


@pytest.mark.parametrize(
    ("ds", "col"), _columns(lambda c: c.is_enumerated), ids=lambda v: getattr(v, "name", "")
)
def test_enumerated_columns_offer_their_allowed_values(saved, ds, col):
    dv = _validation(saved, ds, col)
    assert dv is not None and dv.type == "list"
    assert _list_values(saved, dv) == list(col.allowed)
    assert dv.showErrorMessage and dv.errorStyle in (None, "stop")
    assert all(value in dv.error for value in col.allowed) or dv.error.endswith("…")
    assert dv.showInputMessage and dv.prompt


def test_rag_and_yes_no_columns_offer_their_codes(saved):
    for ds, col in _columns(lambda c: c.type is ColumnType.RAG):
        assert _list_values(saved, _validation(saved, ds, col)) == ["G", "A", "R"]
    booleans = _columns(lambda c: c.type is ColumnType.BOOLEAN)
    assert booleans
    for ds, col in booleans:
        assert _list_values(saved, _validation(saved, ds, col)) == ["yes", "no"]


def test_long_lists_go_to_the_hidden_lists_sheet(monkeypatch):
    monkeypatch.setattr(template, "INLINE_LIST_LIMIT", 5)  # push every real list off-line
    wb = openpyxl.load_workbook(io.BytesIO(template.template_bytes()))
    assert wb.sheetnames[-1] == template.LISTS_SHEET
    assert wb[template.LISTS_SHEET].sheet_state == "hidden"
    for ds, col in _columns(lambda c: c.is_enumerated):
        dv = _validation(wb, ds, col)
        assert template.LISTS_SHEET in dv.formula1
        assert _list_values(wb, dv) == list(col.allowed)


def test_scores_accept_whole_numbers_1_to_5_and_percentages_0_to_100(saved):
    scores = _columns(lambda c: c.type is ColumnType.INTEGER and c.maximum == 5)
    assert {col.name for _, col in scores} >= {"probability", "impact", "business_value"}
    for ds, col in scores:
        dv = _validation(saved, ds, col)
        assert (dv.type, dv.operator, dv.formula1, dv.formula2) == ("whole", "between", "1", "5")
    for ds, col in _columns(lambda c: c.type is ColumnType.PERCENT):
        dv = _validation(saved, ds, col)
        assert (dv.type, dv.formula1, dv.formula2) == ("decimal", "0", "100")


def test_single_keys_refuse_duplicates(saved):
    ds = schema.dataset("projects")
    dv = _validation(saved, ds, ds.column("project_id"))
    assert dv.type == "custom" and dv.formula1.startswith("COUNTIF($A$2:$A$")


def test_data_cells_are_formatted_by_type(saved):
    expected = {
        ColumnType.DATE: "yyyy-mm-dd",
        ColumnType.DATETIME: "yyyy-mm-dd hh:mm",
        ColumnType.MONEY: "#,##0.00",
        ColumnType.PERCENT: "0.0",
    }
    for ds in schema.DATASETS:
        ws = saved[ds.name]
        for col in ds.columns:
            fmt = ws.column_dimensions[_letter(ds, col)].number_format
            if col.name in ("period", "month"):
                assert fmt == "yyyy-mm", col.name
            elif col.type in expected:
                assert fmt == expected[col.type], f"{ds.name}.{col.name}"
            assert "%" not in fmt  # the store holds percentages as 0–100


def test_project_id_picks_from_the_projects_sheet_but_allows_stored_projects(saved):
    for name in schema.PROJECT_REFERENCES:
        ds = schema.dataset(name)
        dv = _validation(saved, ds, ds.column("project_id"))
        assert dv.type == "list"
        assert re.fullmatch(r"'?projects'?!\$A\$2:\$A\$" + str(LAST_ROW), dv.formula1)
        assert dv.errorStyle == "warning" or not dv.showErrorMessage


def test_given_project_ids_every_project_drop_down_lists_them_from_the_hidden_lists_sheet():
    ids = ["PRJ-001", "PRJ-002", "PRJ,003"]  # a comma could not be written inline
    wb = openpyxl.load_workbook(io.BytesIO(template.template_bytes(project_ids=ids)))
    assert wb.sheetnames[-1] == template.LISTS_SHEET
    assert wb[template.LISTS_SHEET].sheet_state == "hidden"
    for name in schema.PROJECT_REFERENCES:
        assert project_choices(wb, name) == ids, name
    ds = schema.dataset("raid")
    dv = _validation(wb, ds, ds.column("project_id"))
    assert dv.errorStyle == "warning" and "list" in dv.prompt  # a stored project may be typed
    # the projects sheet's own key column keeps refusing duplicates
    assert (
        _validation(
            wb, schema.dataset("projects"), schema.dataset("projects").column("project_id")
        ).type
        == "custom"
    )


def test_a_notes_lines_come_first_on_the_instructions_sheet():
    wb = template.build_template(datasets=["raid"], note=["• This file holds PRJ-001."])
    assert wb[template.INSTRUCTIONS_SHEET]["A2"].value == "• This file holds PRJ-001."


def test_selected_datasets_in_schema_order_without_dangling_references():
    wb = template.build_template(datasets=["raid", "milestones"])
    assert wb.sheetnames == [template.INSTRUCTIONS_SHEET, "milestones", "raid"]
    ds = schema.dataset("raid")
    assert _validation(wb, ds, ds.column("project_id")) is None  # no projects sheet to point at
    _, rows = _dictionary(wb)
    assert len(rows) == len(schema.dataset("raid").columns) + len(
        schema.dataset("milestones").columns
    )


def test_bad_arguments_are_refused_with_a_clear_message():
    with pytest.raises(KeyError, match="unknown dataset 'risks'"):
        template.build_template(datasets=["risks"])
    with pytest.raises(ValueError, match="language"):
        template.build_template(language="xx")
    with pytest.raises(ValueError, match="unknown datasets: nope"):
        template.build_template(sample={"nope": pd.DataFrame()})


def test_template_builds_quickly_and_stays_small(capsys):
    started = time.perf_counter()
    data = template.template_bytes()
    elapsed = time.perf_counter() - started
    with capsys.disabled():
        print(f"\ntemplate: built and saved in {elapsed:.2f} s, {len(data) / 1000:.0f} kB")
    assert len(data) < MAX_TEMPLATE_BYTES


# --------------------------------------------------------------------------- sample rows


def _assert_same(ds: Dataset, col: Column, expected: pd.Series, actual: pd.Series) -> None:
    where = f"{ds.name}.{col.name}"
    expected = expected.reset_index(drop=True)
    actual = actual.reset_index(drop=True)
    if col.type in (ColumnType.DATE, ColumnType.DATETIME):
        if expected.notna().any():
            assert pd.api.types.is_datetime64_any_dtype(actual), f"{where} came back as text"
        exp, act = pd.to_datetime(expected), pd.to_datetime(actual)
        assert (exp.isna() == act.isna()).all(), where
        tolerance = pd.Timedelta(seconds=1) if col.type is ColumnType.DATETIME else pd.Timedelta(0)
        assert ((exp - act).abs().dropna() <= tolerance).all(), where
    elif col.type in (ColumnType.INTEGER, ColumnType.NUMBER, ColumnType.MONEY, ColumnType.PERCENT):
        exp = pd.to_numeric(expected).astype("float64").to_numpy()
        act = pd.to_numeric(actual).astype("float64").to_numpy()
        np.testing.assert_allclose(act, exp, rtol=1e-12, equal_nan=True, err_msg=where)
    elif col.type is ColumnType.BOOLEAN:
        exp = ["" if pd.isna(v) else ("yes" if v else "no") for v in expected]
        act = ["" if pd.isna(v) else v for v in actual]
        assert act == exp, where
    else:
        exp = ["" if pd.isna(v) else str(v) for v in expected]
        act = ["" if pd.isna(v) else str(v) for v in actual]
        assert act == exp, where


def test_sample_frames_round_trip_through_excel(sample_frames):
    sample = {name: frame.head(SAMPLE_ROWS) for name, frame in sample_frames.items()}
    data = template.template_bytes(sample=sample)
    read = pd.read_excel(io.BytesIO(data), sheet_name=None, engine="calamine")
    for ds in schema.DATASETS:
        frame = read[ds.name]
        assert list(frame.columns) == list(ds.column_names)
        assert len(frame) == len(sample[ds.name]), ds.name
        for col in ds.columns:
            _assert_same(ds, col, sample[ds.name][col.name], frame[col.name])


def test_sample_cells_are_real_dates_and_numbers_with_formats(sample_frames):
    wb = template.build_template(datasets=["projects", "financials"], sample=sample_frames)
    projects = wb["projects"]
    start = projects.cell(2, schema.dataset("projects").column_names.index("start_date") + 1)
    assert isinstance(start.value, datetime | date) and start.number_format == "yyyy-mm-dd"
    budget = projects.cell(2, schema.dataset("projects").column_names.index("approved_budget") + 1)
    assert isinstance(budget.value, float) and budget.number_format == "#,##0.00"
    assert wb["financials"]["B2"].number_format == "yyyy-mm"  # period


def test_validations_reach_every_sample_row(monkeypatch, sample_frames):
    monkeypatch.setattr(template, "TEMPLATE_DATA_ROWS", 10)
    wb = template.build_template(datasets=["projects"], sample=sample_frames)
    last = len(sample_frames["projects"]) + 1
    phase = schema.dataset("projects").column_names.index("phase") + 1
    letter = get_column_letter(phase)
    assert any(
        f"{letter}{last}" in dv.sqref for dv in wb["projects"].data_validations.dataValidation
    )


def test_awkward_values_are_written_as_a_user_would_type_them():
    frame = pd.DataFrame(
        {
            "raid_id": pd.Series(["R-1", "R-2", "R-3"], dtype="string"),
            "type": ["Risk", "Issue", None],
            "title": ["=SUM(A1)", "tab\there", pd.NA],
            "probability": pd.Series([3, pd.NA, 5], dtype="Int64"),
            "impact": np.array([2, 4, 1], dtype=np.int64),
            "raised_date": pd.to_datetime(["2026-01-31", None, "2026-03-01"]).tz_localize("UTC"),
            "for_committee": pd.Series([True, pd.NA, False], dtype="boolean"),
        }
    )
    wb = template.build_template(datasets=["raid"], sample={"raid": frame})
    ws = wb["raid"]
    ds = schema.dataset("raid")

    def cell(row: int, name: str):
        return ws.cell(row, ds.column_names.index(name) + 1)

    assert cell(2, "title").data_type == "s" and cell(2, "title").value == "=SUM(A1)"
    assert cell(4, "title").value is None and cell(4, "type").value is None
    assert cell(2, "probability").value == 3 and type(cell(2, "probability").value) is int
    assert cell(3, "probability").value is None
    assert type(cell(2, "impact").value) is int
    assert cell(2, "raised_date").value == date(2026, 1, 31)
    assert cell(3, "raised_date").value is None
    assert [cell(r, "for_committee").value for r in (2, 3, 4)] == ["yes", None, "no"]
    assert cell(2, "project_id").value is None  # columns missing from the frame stay empty
    template.template_bytes(datasets=["raid"], sample={"raid": frame})  # and the file saves
