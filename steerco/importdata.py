"""Display frames and downloads for the Data page: problems, changes, history (no Streamlit)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from data_access import schema
from data_access.ingest.pipeline import SheetResult
from data_access.ingest.problems import Problem
from data_access.versioning import ChangeSet, DatasetChanges
from steerco import fmt
from steerco.i18n import t

#: First characters that make a spreadsheet treat a cell as a formula. A value written to a
#: downloadable workbook that starts with one is prefixed with an apostrophe-like quote so
#: that opening the file never runs anything (CSV/formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Rows of each change table shown on the page (the preview summary counts them all).
PREVIEW_ROWS = 500
PROBLEM_COLUMNS = ("Severity", "Sheet", "Row", "Column", "Problem", "Found", "Expected", "File")
_ERROR_FILL = PatternFill("solid", fgColor="F4CCCC")
_WARNING_FILL = PatternFill("solid", fgColor="FFF2CC")


def safe_cell(value: object) -> object:
    """A value safe to put in a spreadsheet cell: text that looks like a formula is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def problems_frame(problems: Iterable[Problem]) -> pd.DataFrame:
    rows = [
        {
            t("Severity"): t("Error") if p.is_error else t("Warning"),
            t("Sheet"): p.sheet,
            t("Row"): p.row,
            t("Column"): p.column,
            t("Problem"): p.message,
            t("Found"): p.value,
            t("Expected"): p.expected,
            t("File"): p.file,
        }
        for p in problems
    ]
    frame = pd.DataFrame(rows, columns=[t(c) for c in PROBLEM_COLUMNS])
    frame[t("Row")] = frame[t("Row")].astype("Int64")
    return frame


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
    widths = (10, 18, 7, 22, 50, 24, 40, 24)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(frame.columns))}{max(sheet.max_row, 2)}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def empty_sheets(sheets: Iterable[SheetResult]) -> list[str]:
    """Sheets of a known dataset with headers only (an unused template sheet): skipped."""
    return [s.sheet for s in sheets if s.dataset and not s.rows]


def sheets_frame(sheets: Iterable[SheetResult]) -> pd.DataFrame:
    """What was recognised in the file: one row per sheet that holds rows or is unknown."""
    rows = []
    for s in sheets:
        if s.dataset and not s.rows:
            continue
        title = schema.dataset(s.dataset).title if s.dataset else t("not recognised")
        note = []
        if s.reduced_from:
            note.append(t("{n} events → latest state per item", n=fmt.number(s.reduced_from)))
        if s.skipped_blank:
            note.append(t("{n} blank rows skipped", n=s.skipped_blank))
        if s.skipped_totals:
            note.append(t("{n} total rows skipped", n=s.skipped_totals))
        rows.append(
            {
                t("Sheet"): s.sheet,
                t("Dataset"): title,
                t("Header row"): s.header_row,
                t("Rows"): s.rows,
                t("Mapping"): s.mapping or t("automatic"),
                t("Notes"): "; ".join(note),
            }
        )
    return pd.DataFrame(rows)


def changes_summary(changes: ChangeSet) -> pd.DataFrame:
    rows = []
    for name, change in changes.datasets.items():
        c = change.counts
        scope = (
            t("rows of the same {col} missing from the file are removed", col=change.scope_column)
            if change.scope_column
            else t("add and update only")
        )
        rows.append(
            {
                t("Dataset"): schema.dataset(name).title,
                t("Added"): c["added"],
                t("Changed"): c["changed"],
                t("Removed"): c["removed"],
                t("Unchanged"): c["unchanged"],
                t("Scope"): scope,
            }
        )
    return pd.DataFrame(rows)


def _text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return fmt.MISSING
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d %H:%M") if value.hour or value.minute else fmt.day(value)
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def _key_text(change: DatasetChanges, frame: pd.DataFrame) -> pd.Series:
    keys = list(schema.dataset(change.dataset).keys)
    return frame[keys].apply(lambda r: " / ".join(_text(v) for v in r), axis=1)


def field_changes_table(change: DatasetChanges, limit: int = PREVIEW_ROWS) -> pd.DataFrame:
    """Changed fields: the row's key, the column, old → new."""
    fields = change.field_changes.head(limit)
    if fields.empty:
        return pd.DataFrame(columns=[t("Key"), t("Column"), t("Old"), t("New")])
    return pd.DataFrame(
        {
            t("Key"): _key_text(change, fields).to_numpy(),
            t("Column"): fields["column"].to_numpy(),
            t("Old"): [_text(v) for v in fields["old"]],
            t("New"): [_text(v) for v in fields["new"]],
        }
    )


def rows_table(frame: pd.DataFrame, dataset: str, limit: int = PREVIEW_ROWS) -> pd.DataFrame:
    """Added or removed rows for display: the dataset's columns as text."""
    columns = list(schema.dataset(dataset).column_names)
    head = frame.head(limit).reindex(columns=columns)
    return pd.DataFrame({c: [_text(v) for v in head[c]] for c in columns})


def rows_export(frame: pd.DataFrame, dataset: str) -> pd.DataFrame:
    """Every row for a download: the dataset's columns in order, values keeping their types
    (dates stay dates, numbers numbers)."""
    return frame.reindex(columns=list(schema.dataset(dataset).column_names)).reset_index(drop=True)


def history_table(log: pd.DataFrame) -> pd.DataFrame:
    """The import log for display, newest first."""
    outcome_labels = {
        schema.OUTCOME_SEEDED: t("Sample loaded"),
        schema.OUTCOME_COMMITTED: t("Committed"),
        schema.OUTCOME_UNCHANGED: t("No change"),
        schema.OUTCOME_REFUSED: t("Refused"),
        schema.OUTCOME_FAILED: t("Failed"),
        schema.OUTCOME_ROLLED_BACK: t("Rolled back"),
        schema.OUTCOME_ROLLBACK: t("Rollback"),
    }
    return pd.DataFrame(
        {
            t("Import"): log["import_id"].map(lambda i: f"#{i}"),
            t("When"): log["started_at"].dt.strftime("%Y-%m-%d %H:%M:%S"),
            t("Who"): log["user_name"].fillna(""),
            t("Source"): log["source"],
            t("Outcome"): log["outcome"].map(lambda o: outcome_labels.get(o, o)),
            t("Added"): log["rows_added"],
            t("Changed"): log["rows_changed"],
            t("Removed"): log["rows_removed"],
            t("Datasets"): log["datasets"].fillna("").str.replace(",", ", "),
            t("Message"): log["message"].fillna(""),
            "SHA-256": log["sha256"].fillna("").str[:12],
        }
    )


def import_summary(record: dict) -> pd.DataFrame:
    """Per-dataset counts of one import, from its recorded summary."""
    summary = json.loads(record.get("summary") or "{}")
    return pd.DataFrame(
        [
            {
                t("Dataset"): schema.dataset(name).title
                if name in schema.DATASETS_BY_NAME
                else name,
                t("Added"): c.get("added", 0),
                t("Changed"): c.get("changed", 0),
                t("Removed"): c.get("removed", 0),
            }
            for name, c in summary.items()
        ]
    )


def can_roll_back(record: dict) -> bool:
    return record.get("outcome") in (schema.OUTCOME_COMMITTED, schema.OUTCOME_ROLLBACK)
