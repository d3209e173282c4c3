"""The Excel template project managers download, fill and upload.

Everything in the workbook is derived from :data:`data_access.schema.DATASETS`:

* an ``Instructions`` sheet first: how to fill the workbook, the header colour legend and the
  data dictionary (one row per column of every dataset, with a filter and a frozen header);
* one sheet per dataset, named exactly like the dataset (the importer recognises sheets by
  name), with the column names as headers, a comment on each header (meaning, type, allowed
  values, range), drop-down lists, numeric range checks and number formats on the data rows;
* a hidden ``Lists`` sheet, when a drop-down list is too long to be written inline or when
  ``project_ids`` are given (the project drop-down of every sheet then lists those ids).

With ``sample=`` the rows of the given frames are written under the headers; that is how the
committed sample workbook and the "filled template" test fixtures are made.
:func:`filled_template` is the template filled with the current data of some projects (the
"Download my projects" workbook): what a project manager edits and uploads back.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TIME_FORMATS
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.engine import Connection

from data_access import dictionary, schema, workbook_queries
from data_access.schema import Column, ColumnType, Dataset

# --------------------------------------------------------------------------- constants

#: Rows (below the header) that get drop-down lists and range checks. Validations are one range
#: per column, so the count costs nothing in size or build time; 5,000 covers a year of RAID
#: items or monthly financials of a large programme. A sample with more rows extends the range.
#: Number formats are not per cell: they are column styles, so they apply to every row.
TEMPLATE_DATA_ROWS = 5_000

#: Suggested file name for the download button.
TEMPLATE_FILE_NAME = "steerco-template.xlsx"
#: Label of the Lists sheet's column holding the project ids of the project drop-down.
PROJECT_LIST_LABEL = "project_id"

INSTRUCTIONS_SHEET = "Instructions"
#: Hidden sheet holding drop-down values too long for an inline list.
LISTS_SHEET = "Lists"
#: Sheets of the template that are not datasets; the importer must skip them.
NON_DATA_SHEETS = (INSTRUCTIONS_SHEET, LISTS_SHEET)

#: Excel refuses an inline list source ('"a,b,c"') longer than 255 characters; longer lists,
#: and lists whose values contain a comma or a quote, go to the hidden Lists sheet.
INLINE_LIST_LIMIT = 255
#: Excel's limits for data-validation texts; longer texts make Excel "repair" the file.
VALIDATION_TITLE_LIMIT = 32
VALIDATION_MESSAGE_LIMIT = 255

#: DATE columns holding a month (the first day of it), shown as yyyy-mm.
MONTH_COLUMNS = frozenset({"period", "month"})

#: Number formats of the data cells. ISO dates read the same in every locale. Percentages are
#: plain numbers 0–100 because that is what the store holds: a "%" format would make Excel
#: store 45 % as 0.45, which the importer would read as 0.45 %.
DATE_FORMAT = "yyyy-mm-dd"
MONTH_FORMAT = "yyyy-mm"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
MONEY_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.0"
INTEGER_FORMAT = "0"
#: Text columns are formatted as text so that Excel keeps ids such as 2026-01 or 00123 as
#: typed instead of turning them into dates or numbers.
TEXT_FORMAT = "@"
NUMBER_FORMATS: dict[ColumnType, str] = {
    ColumnType.TEXT: TEXT_FORMAT,
    ColumnType.RAG: TEXT_FORMAT,
    ColumnType.INTEGER: INTEGER_FORMAT,
    ColumnType.MONEY: MONEY_FORMAT,
    ColumnType.PERCENT: PERCENT_FORMAT,
    ColumnType.DATE: DATE_FORMAT,
    ColumnType.DATETIME: DATETIME_FORMAT,
}

# Header colours. The three kinds differ in lightness as well as hue (and the header comment
# says it in words), so they can be told apart without colour vision.
KEY_FILL = "1F3864"  # dark navy, white bold text: key columns
KEY_FONT = "FFFFFF"
REQUIRED_FILL = "FFE699"  # light yellow, dark red bold text: required columns
REQUIRED_FONT = "9C0006"
OPTIONAL_FILL = "E7E6E6"  # light grey, black bold text: optional columns
OPTIONAL_FONT = "000000"
TABLE_HEADER_FILL = "404040"  # dark grey, white bold text: the data dictionary's header row
TITLE_FONT_SIZE = 16
MUTED_FONT = "595959"  # grey of the legend note
COMMENT_AUTHOR = "Steerco"

# Column widths in characters (Excel's unit).
HEADER_PADDING = 3  # room for the drop-down arrow / filter button beside the header text
MIN_WIDTH = 8
MAX_WIDTH = 50
TEXT_WIDTH = 16  # names, owners, categories
LONG_TEXT_WIDTH = 45  # descriptions, summaries
TYPE_WIDTHS: dict[ColumnType, int] = {
    ColumnType.DATE: 12,
    ColumnType.DATETIME: 17,
    ColumnType.MONEY: 14,
    ColumnType.PERCENT: 10,
    ColumnType.NUMBER: 10,
}
MONTH_WIDTH = 10

# Header comments: size in pixels, sized to their text.
COMMENT_WIDTH = 340
COMMENT_CHARS_PER_LINE = 48
COMMENT_LINE_HEIGHT = 16
COMMENT_PADDING = 12

#: Data dictionary on the Instructions sheet: (field, width in characters, wrap text).
DICTIONARY_COLUMNS: tuple[tuple[str, int, bool], ...] = (
    ("dataset", 16, False),
    ("column", 22, False),
    ("type", 17, False),
    ("required", 10, False),
    ("key", 7, False),
    ("allowed", 30, True),
    ("range", 9, False),
    ("description", 48, True),
    ("aliases", 48, True),
)


# --------------------------------------------------------------------------- texts


def _as_written(text: str) -> str:
    return text


@dataclass(frozen=True)
class TemplateTexts:
    """Every text the template shows, for one language."""

    title: str
    how_to: tuple[str, ...]
    replace_scope: tuple[str, str]  # a line, then {scopes}: "per project on raid; …"
    scope_words: dict[str, str]  # REPLACE_SCOPES column → "per project on {sheets}"
    not_imported: str
    legend_label: str
    legend_key: str
    legend_required: str
    legend_optional: str
    legend_note: str
    dictionary_heading: str  # {version}
    dictionary_headers: dict[str, str]
    type_words: dict[ColumnType, str]
    month_type: str
    yes: str
    no: str
    key_note: str  # {others}
    key_note_single: str
    required_note: str
    optional_note: str
    type_line: str  # {type}
    allowed_line: str  # {values}
    range_line: str  # {range}
    hints: dict[str, str]  # ColumnType value or "month" → how to type it
    list_prompt: str  # {values}
    list_error_title: str
    list_error: str  # {column}, {values}
    project_prompt: str
    project_error_title: str
    project_error: str
    number_error_title: str
    number_error: str  # {column}, {kind}, {range}
    whole_word: str
    decimal_word: str
    duplicate_error_title: str
    duplicate_error: str  # {column}
    sheet_line: str  # {title}, {help}
    listed_project_prompt: str
    listed_project_error: str
    filled_note: tuple[str, ...]  # {projects}
    #: The schema's own texts (dataset titles and helps, column helps) in this language.
    describe: Callable[[str], str] = _as_written


#: language → texts. Only English for now; French and Dutch are added as further entries.
TEXTS: dict[str, TemplateTexts] = {
    "en": TemplateTexts(
        title="Steerco data template",
        how_to=(
            "• Fill one sheet per dataset and leave the others empty. Keep the sheet names and "
            "the header row (row 1) as they are.",
            "• Enter one row per item from row 2, without blank rows. Key columns, taken "
            "together, must be unique; required columns must not be empty.",
            "• Hover over a header to read what the column means. Where a cell offers a "
            "drop-down list, pick from it.",
            "• Dates: real Excel dates, or text such as 31/12/2026 or 2026-12-31. "
            "Month columns (period, month): the first day of the month.",
            "• Money: plain numbers without currency sign, e.g. 125000.50. Percentages: "
            "0 to 100 (45 means 45 %). Yes/no columns: yes or no.",
            "• Upload the file on the Data page, or run: steerco import FILE. A preview shows "
            "every change; nothing is stored until you confirm.",
        ),
        replace_scope=(
            '• Complete lists: with "Remove stored rows that the file no longer lists" '
            "switched on (it is off unless you choose it), rows missing from your upload are "
            "shown as removals in the preview; what you leave out entirely is not touched.",
            "    This applies {scopes}.",
        ),
        scope_words={
            "project_id": "per project on {sheets}",
            "resource": "per resource on {sheets}",
            "service": "per service on {sheets}",
        },
        not_imported="• This Instructions sheet is not imported; it only explains the others.",
        legend_label="Header colours:",
        legend_key="key",
        legend_required="required",
        legend_optional="optional",
        legend_note="Key columns are also required. The header comments say the same in words.",
        dictionary_heading=(
            "Data dictionary: one row per column; the filter arrows show one sheet. "
            "Schema version {version}."
        ),
        dictionary_headers={
            "dataset": "sheet",
            "column": "column",
            "type": "type",
            "required": "required",
            "key": "key",
            "allowed": "allowed values",
            "range": "min–max",
            "description": "description",
            "aliases": "other accepted headers",
        },
        type_words=dict(dictionary.TYPE_WORDS),
        month_type="month (first day)",
        yes="yes",
        no="no",
        key_note="KEY: with {others}, identifies the row; the combination must be unique.",
        key_note_single="KEY: identifies the row; must be unique on this sheet.",
        required_note="Required.",
        optional_note="Optional.",
        type_line="Type: {type}.",
        allowed_line="Allowed: {values}.",
        range_line="Range: {range}.",
        hints={
            "date": "Enter a date, e.g. 2026-12-31 or 31/12/2026.",
            "month": "Enter the first day of the month, e.g. 2026-12-01.",
            "datetime": "Enter date and time, e.g. 2026-12-31 14:30.",
            "money": "Enter a plain number without currency sign.",
            "percent": "Enter 0–100: 45 means 45 %. Do not enter 0.45 or use a % format.",
        },
        list_prompt="Pick from the list: {values}",
        list_error_title="Value not in the list",
        list_error="{column} must be one of: {values}.",
        project_prompt=(
            "Pick a project of the projects sheet, or type the id of a project already in Steerco."
        ),
        project_error_title="Project not on this file",
        project_error=(
            "This project id is not on the projects sheet of this file. Keep it only if the "
            "project already exists in Steerco."
        ),
        number_error_title="Number out of range",
        number_error="{column} must be a {kind} {range}.",
        whole_word="whole number",
        decimal_word="number",
        duplicate_error_title="Duplicate key",
        duplicate_error="This {column} is already used on this sheet; it must be unique.",
        sheet_line="Sheet {title}: {help}",
        listed_project_prompt=(
            "Pick a project from the list, or type the id of a project already in Steerco."
        ),
        listed_project_error=(
            "This project id is not in the list of this file. Keep it only if the project "
            "already exists in Steerco."
        ),
        filled_note=(
            "• This file holds the current data of {projects}: the projects, each one's latest "
            "status report, its milestones and its open RAID items. Change what you need and "
            "upload it back: the preview lists only what you changed.",
            "• Leave the state column of status_reports empty: an unchanged report keeps its "
            "state; a changed one goes to the PMO as Submitted.",
        ),
    ),
}


def texts(language: str = "en", translate: Callable[[str], str] | None = None) -> TemplateTexts:
    """The template's texts: English as written, or every English text (and the schema's
    descriptions) through ``translate`` — steerco's catalogue lookup, which data_access cannot
    call itself. Allowed values stay as declared: they are what an import stores (and it reads
    them in any of the three languages)."""
    if translate is not None:
        return _translated(TEXTS["en"], translate)
    try:
        return TEXTS[language]
    except KeyError:
        raise ValueError(
            f"no template texts for language {language!r}; available: {', '.join(TEXTS)}"
        ) from None


def _translated(english: TemplateTexts, translate: Callable[[str], str]) -> TemplateTexts:
    def each(value):
        if isinstance(value, str):
            return translate(value)
        if isinstance(value, tuple):
            return tuple(each(v) for v in value)
        if isinstance(value, dict):
            return {key: each(v) for key, v in value.items()}
        return value

    changed = {
        f.name: each(getattr(english, f.name)) for f in fields(english) if f.name != "describe"
    }
    return TemplateTexts(**changed, describe=translate)


def english_texts() -> list[str]:
    """Every text of the English template, for the translation catalogue (tools/i18n.py)."""
    found: list[str] = []

    def collect(value) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, tuple):
            for v in value:
                collect(v)
        elif isinstance(value, dict):
            for v in value.values():
                collect(v)

    english = TEXTS["en"]
    for f in fields(english):
        if f.name != "describe":
            collect(getattr(english, f.name))
    return found


# --------------------------------------------------------------------------- public API


def build_template(
    *,
    datasets: Sequence[str] | None = None,
    sample: Mapping[str, pd.DataFrame] | None = None,
    language: str = "en",
    project_ids: Sequence[str] | None = None,
    note: Sequence[str] = (),
    translate: Callable[[str], str] | None = None,
) -> Workbook:
    """The template workbook: Instructions sheet, one sheet per dataset, hidden Lists sheet.

    ``datasets`` selects sheets (default: all; always written in schema order); ``sample`` maps
    dataset names to frames whose rows are written under the headers. ``project_ids`` (when
    not empty) are what the project drop-down of every sheet lists, from the hidden Lists
    sheet; without them it lists the ids of the file's projects sheet. ``note``: lines added
    to the instructions (what a filled workbook holds).
    """
    tx = texts(language, translate)
    chosen = _chosen(datasets)
    sample = dict(sample or {})
    unknown = sorted(set(sample) - set(schema.DATASETS_BY_NAME))
    if unknown:
        raise ValueError(f"sample has unknown datasets: {', '.join(unknown)}")

    wb = Workbook()
    wb.properties.title = tx.title
    wb.properties.creator = COMMENT_AUTHOR
    instructions = wb.active
    instructions.title = INSTRUCTIONS_SHEET
    _write_instructions(instructions, chosen, tx, note)

    lists = _Lists()
    if project_ids:
        lists.project_source = lists.formula(tuple(project_ids), PROJECT_LIST_LABEL, inline=False)
    last_rows = {ds.name: _last_row(sample.get(ds.name)) for ds in chosen}
    for ds in chosen:
        ws = wb.create_sheet(ds.name)
        _write_data_sheet(ws, ds, sample.get(ds.name), tx, lists, last_rows)
    lists.write(wb)
    wb.active = 0
    return wb


def write_template(
    target: str | Path | BinaryIO,
    *,
    datasets: Sequence[str] | None = None,
    sample: Mapping[str, pd.DataFrame] | None = None,
    language: str = "en",
    project_ids: Sequence[str] | None = None,
    note: Sequence[str] = (),
    translate: Callable[[str], str] | None = None,
) -> None:
    """Build the template and save it to a path or a binary file object."""
    wb = build_template(
        datasets=datasets,
        sample=sample,
        language=language,
        project_ids=project_ids,
        note=note,
        translate=translate,
    )
    wb.save(target)


def template_bytes(
    *,
    datasets: Sequence[str] | None = None,
    sample: Mapping[str, pd.DataFrame] | None = None,
    language: str = "en",
    project_ids: Sequence[str] | None = None,
    note: Sequence[str] = (),
    translate: Callable[[str], str] | None = None,
) -> bytes:
    """The template as .xlsx bytes, e.g. for a Streamlit download button."""
    buffer = io.BytesIO()
    write_template(
        buffer,
        datasets=datasets,
        sample=sample,
        language=language,
        project_ids=project_ids,
        note=note,
        translate=translate,
    )
    return buffer.getvalue()


#: Projects named one by one in a filled workbook's instructions; more are counted.
NAMED_PROJECTS = 10


def filled_template(
    conn: Connection,
    project_ids: Sequence[str],
    language: str = "en",
    translate: Callable[[str], str] | None = None,
) -> bytes:
    """The template filled with the current data of these projects ("Download my projects"):
    their rows of projects, latest status reports (any state, the state left empty so that an
    upload back keeps it), milestones and open RAID items, with the template's instructions,
    drop-downs (the project drop-down lists these projects) and formats. Uploaded back
    unchanged, it changes nothing. Ids of no stored project are left out."""
    tx = texts(language, translate)
    frames = workbook_queries.frames(conn, project_ids)
    ids = frames["projects"]["project_id"].tolist()
    named = ", ".join(ids[:NAMED_PROJECTS])
    if len(ids) > NAMED_PROJECTS:
        named += f" (+{len(ids) - NAMED_PROJECTS})"
    return template_bytes(
        datasets=list(frames),
        sample=frames,
        language=language,
        project_ids=ids,
        note=[line.format(projects=named or "—") for line in tx.filled_note],
        translate=translate,
    )


# --------------------------------------------------------------------------- helpers


def _chosen(datasets: Sequence[str] | None) -> list[Dataset]:
    if datasets is None:
        return list(schema.DATASETS)
    if isinstance(datasets, str):
        datasets = [datasets]
    wanted = {schema.dataset(name).name for name in datasets}  # KeyError names the unknown
    if not wanted:
        raise ValueError("choose at least one dataset for the template")
    return [ds for ds in schema.DATASETS if ds.name in wanted]


def _last_row(frame: pd.DataFrame | None) -> int:
    """Last worksheet row that gets validations: the template rows, or the sample if longer."""
    rows = 0 if frame is None else len(frame)
    return max(TEMPLATE_DATA_ROWS, rows) + 1


def _limit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _is_month(col: Column) -> bool:
    return col.type is ColumnType.DATE and col.name in MONTH_COLUMNS


def _number_format(col: Column) -> str | None:
    if _is_month(col):
        return MONTH_FORMAT
    return NUMBER_FORMATS.get(col.type)


def _range_text(col: Column) -> str:
    if col.minimum is not None and col.maximum is not None:
        return f"{col.minimum:g}–{col.maximum:g}"
    if col.minimum is not None:
        return f"≥ {col.minimum:g}"
    if col.maximum is not None:
        return f"≤ {col.maximum:g}"
    return ""


def _choices(col: Column, tx: TemplateTexts) -> tuple[str, ...]:
    """Values of the column's drop-down list (empty when it has none)."""
    if col.allowed:
        return col.allowed
    if col.type is ColumnType.BOOLEAN:
        return (tx.yes, tx.no)
    if col.type is ColumnType.RAG:
        return schema.RAG_VALUES
    return ()


def _type_word(col: Column, tx: TemplateTexts) -> str:
    return tx.month_type if _is_month(col) else tx.type_words[col.type]


def _hint(col: Column, tx: TemplateTexts) -> str:
    if _is_month(col):
        return tx.hints.get("month", "")
    return tx.hints.get(col.type.value, "")


# --------------------------------------------------------------------------- Instructions


def _write_instructions(
    ws: Worksheet, chosen: list[Dataset], tx: TemplateTexts, note: Sequence[str] = ()
) -> None:
    ws.sheet_properties.tabColor = KEY_FILL
    ws["A1"] = tx.title
    ws["A1"].font = Font(bold=True, size=TITLE_FONT_SIZE)

    lines = [*note, *tx.how_to, *_replace_scope_lines(chosen, tx), tx.not_imported]
    row = 2
    for line in lines:  # one short line per row, overflowing into the empty cells beside it
        ws.cell(row, 1, line)
        row += 1

    ws.cell(row, 1, tx.legend_label).font = Font(bold=True)
    for col_index, (label, kind) in enumerate(
        ((tx.legend_key, "key"), (tx.legend_required, "required"), (tx.legend_optional, "")),
        start=2,
    ):
        cell = ws.cell(row, col_index, label)
        cell.fill, cell.font = _header_style(kind)
        cell.alignment = Alignment(horizontal="center")
    ws.cell(row, 6, tx.legend_note).font = Font(italic=True, color=MUTED_FONT)
    row += 1

    ws.cell(row, 1, tx.dictionary_heading.format(version=schema.SCHEMA_VERSION)).font = Font(
        bold=True, size=12
    )
    row += 1
    header_row = row
    for col_index, (name, width, _wrap) in enumerate(DICTIONARY_COLUMNS, start=1):
        cell = ws.cell(header_row, col_index, tx.dictionary_headers[name])
        cell.fill = PatternFill("solid", fgColor=TABLE_HEADER_FILL)
        cell.font = Font(bold=True, color=KEY_FONT)
        ws.column_dimensions[get_column_letter(col_index)].width = width

    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for ds in chosen:
        for col in ds.columns:
            row += 1
            values = {
                "dataset": ds.name,
                "column": col.name,
                "type": _type_word(col, tx),
                "required": tx.yes if col.required or col.key else "",
                "key": tx.yes if col.key else "",
                "allowed": ", ".join(_choices(col, tx)),
                "range": _range_text(col),
                "description": tx.describe(col.help),
                "aliases": ", ".join(col.aliases),
            }
            for col_index, (name, _width, wrapped) in enumerate(DICTIONARY_COLUMNS, start=1):
                cell = ws.cell(row, col_index, values[name] or None)
                cell.alignment = wrap if wrapped else top
                if name == "column" and col.key:
                    cell.font = Font(bold=True)

    last_col = get_column_letter(len(DICTIONARY_COLUMNS))
    ws.auto_filter.ref = f"A{header_row}:{last_col}{row}"
    ws.freeze_panes = f"A{header_row + 1}"


def _replace_scope_lines(chosen: list[Dataset], tx: TemplateTexts) -> list[str]:
    """The "complete lists" note for the chosen datasets whose upload replaces a scope."""
    groups: dict[str, list[str]] = {}
    for ds in chosen:
        if ds.name in schema.REPLACE_SCOPES:
            groups.setdefault(schema.REPLACE_SCOPES[ds.name], []).append(ds.name)
    if not groups:
        return []
    scopes = "; ".join(
        tx.scope_words.get(scope, scope + ": {sheets}").format(sheets=", ".join(sheets))
        for scope, sheets in groups.items()
    )
    intro, detail = tx.replace_scope
    return [intro, detail.format(scopes=scopes)]


def _header_style(kind: str) -> tuple[PatternFill, Font]:
    fill, color = {
        "key": (KEY_FILL, KEY_FONT),
        "required": (REQUIRED_FILL, REQUIRED_FONT),
    }.get(kind, (OPTIONAL_FILL, OPTIONAL_FONT))
    return PatternFill("solid", fgColor=fill), Font(bold=True, color=color)


# --------------------------------------------------------------------------- dataset sheets


class _Lists:
    """Drop-down sources: inline when short, else a column of the hidden Lists sheet."""

    def __init__(self) -> None:
        self._columns: dict[tuple[str, ...], tuple[int, str]] = {}
        #: The project drop-down's source when the workbook is given its project ids.
        self.project_source: str | None = None

    def formula(self, values: tuple[str, ...], label: str, *, inline: bool = True) -> str:
        written = '"' + ",".join(values) + '"'
        short = len(written) <= INLINE_LIST_LIMIT
        if inline and short and not any("," in v or '"' in v for v in values):
            return written
        if values not in self._columns:
            self._columns[values] = (len(self._columns) + 1, label)
        index, _ = self._columns[values]
        letter = get_column_letter(index)
        # Row 1 holds the label; the values start in row 2.
        return f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"

    def write(self, wb: Workbook) -> None:
        if not self._columns:
            return
        ws = wb.create_sheet(LISTS_SHEET)
        ws.sheet_state = "hidden"
        for values, (index, label) in self._columns.items():
            ws.cell(1, index, label).font = Font(bold=True)
            for offset, value in enumerate(values, start=2):
                ws.cell(offset, index, value)
            ws.column_dimensions[get_column_letter(index)].width = max(
                TEXT_WIDTH, max(len(v) for v in values) + HEADER_PADDING
            )


def _write_data_sheet(
    ws: Worksheet,
    ds: Dataset,
    frame: pd.DataFrame | None,
    tx: TemplateTexts,
    lists: _Lists,
    last_rows: Mapping[str, int],
) -> None:
    last = last_rows[ds.name]
    for index, col in enumerate(ds.columns, start=1):
        letter = get_column_letter(index)
        cell = ws.cell(1, index, col.name)
        kind = "key" if col.key else "required" if col.required else ""
        cell.fill, cell.font = _header_style(kind)
        cell.alignment = Alignment(vertical="center")
        cell.comment = _header_comment(ds, col, tx, first=index == 1)

        dim = ws.column_dimensions[letter]
        dim.width = _width(col, tx)
        number_format = _number_format(col)
        if number_format:
            # A column style: Excel and LibreOffice give it to every cell typed in the column,
            # without writing 5,000 styled empty cells per column.
            dim.number_format = number_format

        validation = _validation(ds, col, tx, lists, last_rows)
        if validation is not None:
            ws.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{last}")

    leading_keys = 0
    for col in ds.columns:
        if not col.key:
            break
        leading_keys += 1
    # Keep the header and the leading key columns in view while scrolling.
    ws.freeze_panes = f"{get_column_letter(leading_keys + 1)}2"

    if frame is not None and len(frame):
        _write_rows(ws, ds, frame, tx)


def _width(col: Column, tx: TemplateTexts) -> float:
    width = len(col.name) + HEADER_PADDING
    if col.long_text:
        width = max(width, LONG_TEXT_WIDTH)
    elif _is_month(col):
        width = max(width, MONTH_WIDTH)
    elif col.type in TYPE_WIDTHS:
        width = max(width, TYPE_WIDTHS[col.type])
    elif col.type is ColumnType.TEXT:
        width = max(width, TEXT_WIDTH)
    choices = _choices(col, tx)
    if choices:
        width = max(width, max(len(v) for v in choices) + HEADER_PADDING)
    return max(MIN_WIDTH, min(MAX_WIDTH, width))


def _header_comment(ds: Dataset, col: Column, tx: TemplateTexts, *, first: bool) -> Comment:
    lines = [col.name]
    if col.key:
        others = [k for k in ds.keys if k != col.name]
        lines.append(tx.key_note.format(others=", ".join(others)) if others else tx.key_note_single)
    else:
        lines.append(tx.required_note if col.required else tx.optional_note)
    lines.append(tx.describe(col.help))
    lines.append(tx.type_line.format(type=_type_word(col, tx)))
    hint = _hint(col, tx)
    if hint:
        lines.append(hint)
    choices = _choices(col, tx)
    if choices:
        lines.append(tx.allowed_line.format(values=", ".join(choices)))
    range_text = _range_text(col)
    if range_text:
        lines.append(tx.range_line.format(range=range_text))
    if first:
        lines += ["", tx.sheet_line.format(title=tx.describe(ds.title), help=tx.describe(ds.help))]
    text = "\n".join(lines)
    wrapped = sum(max(1, math.ceil(len(line) / COMMENT_CHARS_PER_LINE)) for line in lines)
    height = COMMENT_PADDING + COMMENT_LINE_HEIGHT * wrapped
    return Comment(text, COMMENT_AUTHOR, height=height, width=COMMENT_WIDTH)


def _validation(
    ds: Dataset,
    col: Column,
    tx: TemplateTexts,
    lists: _Lists,
    last_rows: Mapping[str, int],
) -> DataValidation | None:
    title = _limit(col.name, VALIDATION_TITLE_LIMIT)
    choices = _choices(col, tx)
    if choices:
        shown = ", ".join(choices)
        return DataValidation(
            type="list",
            formula1=lists.formula(choices, f"{ds.name}.{col.name}"),
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="stop",
            errorTitle=_limit(tx.list_error_title, VALIDATION_TITLE_LIMIT),
            error=_limit(
                tx.list_error.format(column=col.name, values=shown), VALIDATION_MESSAGE_LIMIT
            ),
            showInputMessage=True,
            promptTitle=title,
            prompt=_limit(tx.list_prompt.format(values=shown), VALIDATION_MESSAGE_LIMIT),
        )

    if col.name == "project_id" and ds.name != "projects" and lists.project_source:
        return _project_validation(lists.project_source, title, tx, listed=True)
    if col.name == "project_id" and ds.name != "projects" and "projects" in last_rows:
        projects = schema.dataset("projects")
        letter = get_column_letter(projects.column_names.index("project_id") + 1)
        source = f"{quote_sheetname('projects')}!${letter}$2:${letter}${last_rows['projects']}"
        return _project_validation(source, title, tx, listed=False)

    numeric = {
        ColumnType.INTEGER: ("whole", tx.whole_word),
        ColumnType.NUMBER: ("decimal", tx.decimal_word),
        ColumnType.MONEY: ("decimal", tx.decimal_word),
        ColumnType.PERCENT: ("decimal", tx.decimal_word),
    }
    if col.type in numeric and (col.minimum is not None or col.maximum is not None):
        kind, word = numeric[col.type]
        if col.minimum is not None and col.maximum is not None:
            operator, f1, f2 = "between", f"{col.minimum:g}", f"{col.maximum:g}"
        elif col.minimum is not None:
            operator, f1, f2 = "greaterThanOrEqual", f"{col.minimum:g}", None
        else:
            operator, f1, f2 = "lessThanOrEqual", f"{col.maximum:g}", None
        range_text = _range_text(col)
        return DataValidation(
            type=kind,
            operator=operator,
            formula1=f1,
            formula2=f2,
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="stop",
            errorTitle=_limit(tx.number_error_title, VALIDATION_TITLE_LIMIT),
            error=_limit(
                tx.number_error.format(column=col.name, kind=word, range=range_text),
                VALIDATION_MESSAGE_LIMIT,
            ),
            showInputMessage=True,
            promptTitle=title,
            prompt=_limit(
                f"{tx.describe(col.help)} {_hint(col, tx)}".strip(), VALIDATION_MESSAGE_LIMIT
            ),
        )

    if col.key and ds.keys == (col.name,):
        # A single key column: refuse a value already used above or below.
        letter = get_column_letter(ds.column_names.index(col.name) + 1)
        last = last_rows[ds.name]
        return DataValidation(
            type="custom",
            formula1=f"COUNTIF(${letter}$2:${letter}${last},{letter}2)<=1",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="stop",
            errorTitle=_limit(tx.duplicate_error_title, VALIDATION_TITLE_LIMIT),
            error=_limit(tx.duplicate_error.format(column=col.name), VALIDATION_MESSAGE_LIMIT),
        )
    return None


def _project_validation(source: str, title: str, tx: TemplateTexts, *, listed: bool):
    """The project drop-down: the ids of ``source`` (the Lists sheet's project ids when
    ``listed``, else the file's projects sheet). A warning, not a stop: a project already in
    the store may be missing from the list."""
    prompt = tx.listed_project_prompt if listed else tx.project_prompt
    error = tx.listed_project_error if listed else tx.project_error
    return DataValidation(
        type="list",
        formula1=source,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle=_limit(tx.project_error_title, VALIDATION_TITLE_LIMIT),
        error=_limit(error, VALIDATION_MESSAGE_LIMIT),
        showInputMessage=True,
        promptTitle=title,
        prompt=_limit(prompt, VALIDATION_MESSAGE_LIMIT),
    )


# --------------------------------------------------------------------------- sample rows


def _write_rows(ws: Worksheet, ds: Dataset, frame: pd.DataFrame, tx: TemplateTexts) -> None:
    n = len(frame)
    columns = [_cell_values(ds, col, frame, tx, n) for col in ds.columns]
    for row in zip(*columns, strict=True):
        ws.append(row)

    for index, (col, values) in enumerate(zip(ds.columns, columns, strict=True), start=1):
        number_format = _number_format(col)
        # openpyxl already gives date values the ISO date format; text needs no number format.
        skip = {TEXT_FORMAT, TIME_FORMATS[date] if col.type is ColumnType.DATE else TEXT_FORMAT}
        if number_format and number_format not in skip:
            for (cell,) in ws.iter_rows(min_row=2, max_row=n + 1, min_col=index, max_col=index):
                if cell.value is not None:
                    cell.number_format = number_format
        if col.type in (ColumnType.TEXT, ColumnType.RAG):
            # openpyxl takes a text starting with "=" for a formula; keep it as text.
            for offset, value in enumerate(values, start=2):
                if isinstance(value, str) and value.startswith("="):
                    ws.cell(offset, index).data_type = "s"


def _cell_values(
    ds: Dataset, col: Column, frame: pd.DataFrame, tx: TemplateTexts, n: int
) -> list[Any]:
    """The column's values as plain Python objects openpyxl writes correctly (None = empty)."""
    if col.name not in frame.columns:
        return [None] * n
    series = frame[col.name].reset_index(drop=True)
    where = f"{ds.name}.{col.name}"
    if col.type in (ColumnType.DATE, ColumnType.DATETIME):
        stamps = pd.to_datetime(series)
        if stamps.dt.tz is not None:
            stamps = stamps.dt.tz_localize(None)
        if col.type is ColumnType.DATE:
            return [None if pd.isna(v) else v.date() for v in stamps]
        return [None if pd.isna(v) else v.to_pydatetime() for v in stamps]
    return [_plain(v, col, tx, where) for v in series.astype(object)]


def _plain(value: Any, col: Column, tx: TemplateTexts, where: str) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    t = col.type
    if t is ColumnType.BOOLEAN:
        if isinstance(value, str):
            return value or None
        return tx.yes if bool(value) else tx.no
    if t is ColumnType.INTEGER:
        number = float(value)
        return int(number) if number.is_integer() else number  # 2.5 stays visible as 2.5
    if t in (ColumnType.NUMBER, ColumnType.MONEY, ColumnType.PERCENT):
        number = float(value)
        if math.isnan(number):
            return None
        if math.isinf(number):
            raise ValueError(f"{where}: Excel cannot hold an infinite number")
        return number
    if isinstance(value, datetime | date | pd.Timestamp):
        return str(value)
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return text or None
