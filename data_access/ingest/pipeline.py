"""From a raw workbook to checked, canonical dataset frames: find, map, coerce, validate.

``prepare`` never writes anything. It returns the frames it could build and every problem
found, located by file, sheet, row and column. The caller previews the changes
(``data_access.versioning.preview``) and commits them only when there is no error.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from data_access import schema
from data_access.ingest import coerce, currency
from data_access.ingest.headers import (
    HEADER_SCAN_ROWS,
    dataset_for_sheet_name,
    find_header,
    first_text_row,
    normalise,
)
from data_access.ingest.mapping import (
    Mapping,
    builtin_for_headers,
    missing_sources,
    reduce_event_log,
    resolve_columns,
    slug,
    translate_values,
)
from data_access.ingest.problems import ERROR, WARNING, Problem, Problems, row_list
from data_access.ingest.reader import RawSheet, RawWorkbook
from data_access.ingest.table import transpose
from data_access.marks import N_
from data_access.said import Said

#: Problems listed one by one per sheet and column; beyond that one line says how many more.
#: A wrong date format in 100,000 rows is one mistake, not 100,000 lines to read.
MAX_PROBLEMS_PER_COLUMN = 50
#: Example values shown per column when the user maps columns, and rows scanned for them.
SAMPLE_VALUES = 3
SAMPLE_SCAN_ROWS = 50
#: The refusal of amounts in another currency than the organisation's, on one row or more
#: (translated on the Data page; the placeholders are filled by ``_check_currency``).
FOREIGN_CURRENCY_ONE = N_(
    "amounts in {found} on 1 row (row {rows}), but the organisation's currency is "
    "{currency}. Convert them or change the setting 'currency'."
)
FOREIGN_CURRENCY_MANY = N_(
    "amounts in {found} on {count} rows (rows {rows}), but the organisation's currency is "
    "{currency}. Convert them or change the setting 'currency'."
)
#: The problems of single cells, and the line that says how many more of each are not listed
#: (whole sentences, so that each language words them its own way).
CANNOT_READ = N_("cannot be read as {dataset}.{column}")
NOT_ALLOWED = N_("is not one of the allowed values as {dataset}.{column}")
EMPTY_REQUIRED = N_("is empty but required")
OUT_OF_RANGE = N_("is out of range")
DUPLICATE_KEY = N_("duplicate key")
BEFORE = N_("is before {earlier}")
UNKNOWN_PROJECT = N_("refers to a project that does not exist")
MORE_ROWS = {
    CANNOT_READ: N_(
        "cannot be read as {dataset}.{column}: {hidden} more row(s) like this are not listed"
    ),
    NOT_ALLOWED: N_(
        "is not one of the allowed values as {dataset}.{column}: {hidden} more row(s) like "
        "this are not listed"
    ),
    EMPTY_REQUIRED: N_("is empty but required: {hidden} more row(s) like this are not listed"),
    OUT_OF_RANGE: N_("is out of range: {hidden} more row(s) like this are not listed"),
    DUPLICATE_KEY: N_("duplicate key: {hidden} more row(s) like this are not listed"),
    BEFORE: N_("is before {earlier}: {hidden} more row(s) like this are not listed"),
    UNKNOWN_PROJECT: N_(
        "refers to a project that does not exist: {hidden} more row(s) like this are not listed"
    ),
}
#: A column's values read a particular way (coerce's notes, alone or together).
VALUES_NOTES = {
    coerce.NOTE_FRACTIONS: N_("Values read as fractions (0.12 = 12 %)"),
    coerce.NOTE_DECIMAL_COMMA: N_("Values read with a decimal comma (1.234,50 = 1234.5)"),
    f"{coerce.NOTE_FRACTIONS}; {coerce.NOTE_DECIMAL_COMMA}": N_(
        "Values read as fractions (0.12 = 12 %); read with a decimal comma (1.234,50 = 1234.5)"
    ),
    coerce.NOTE_MONTH_FIRST: N_("Values read as month/day/year (US dates: 12/31/2026)"),
    coerce.NOTE_DAY_FIRST: N_("Values read as day/month/year (31/12/2026)"),
}
#: Sheets of the Steerco template that hold no data.
TEMPLATE_SHEETS = frozenset({"instructions", "lists"})
#: First words of a row that is a total, not an item (EN/FR/NL).
TOTAL_WORDS = ("total", "totaal", "totals", "grand total", "sous total", "subtotal", "somme")
#: A first cell that is one of those words alone or followed by words ("Total", "Total:",
#: "Grand total (EUR)"), but not an identifier or a name that merely starts so ("TOTAL-01",
#: "Totalisation des flux").
_TOTAL_ROW = re.compile(rf"^(?:{'|'.join(TOTAL_WORDS)})(?: [^0-9].*)?$")


@dataclass
class SheetResult:
    """What became of one sheet (or CSV file)."""

    sheet: str
    dataset: str | None
    header_row: int | None = None  # as Excel shows it
    headers: list[str] = field(default_factory=list)
    columns: dict[str, int] = field(default_factory=dict)  # schema column → header position
    unused_headers: list[str] = field(default_factory=list)
    mapping: str | None = None
    rows: int = 0  # data rows kept
    skipped_blank: int = 0
    skipped_totals: int = 0
    reduced_from: int | None = None  # event log rows before keeping the latest per item
    derived: dict[str, np.ndarray] = field(default_factory=dict)  # from the event log
    frame: pd.DataFrame | None = None
    row_numbers: np.ndarray | None = None
    bad: pd.DataFrame | None = None  # cells that could not be read (already reported)
    filled: set[str] = field(default_factory=set)  # columns set by a mapping's constants/flags
    samples: dict[str, list[str]] = field(default_factory=dict)  # header → first values

    def source_of(self, column: str) -> str:
        """The header feeding a column, as written in the file (for messages)."""
        position = self.columns.get(column)
        return self.headers[position] if position is not None else column


@dataclass
class Prepared:
    file_name: str
    sha256: str
    size: int
    sheets: list[SheetResult]
    problems: Problems

    @property
    def ok(self) -> bool:
        return not self.problems.has_errors and bool(self.frames)

    @property
    def frames(self) -> dict[str, pd.DataFrame]:
        return {s.dataset: s.frame for s in self.sheets if s.dataset and s.frame is not None}

    @property
    def datasets(self) -> list[str]:
        """The datasets the file holds rows for (sheets with headers only do not count)."""
        return [s.dataset for s in self.sheets if s.dataset and s.rows]


class _Collector:
    """Problems of one sheet, capped per column so a systematic mistake stays readable."""

    def __init__(self, problems: Problems, file: str, sheet: str):
        self.problems, self.file, self.sheet = problems, file, sheet
        self.per_column: dict[tuple[str, str], int] = {}

    def add(
        self, severity: str, template: str, params: dict[str, object] | None = None, **where
    ) -> None:
        """A problem whose message is ``template`` (marked with ``N_``) filled with ``params``;
        ``expected`` in ``where`` may be a :class:`~data_access.said.Said`."""
        self.problems.add(
            Problem.translatable(
                severity, template, params or {}, file=self.file, sheet=self.sheet, **where
            )
        )

    def cells(
        self,
        template: str,
        column: str,
        rows: Iterable[int],
        values: Iterable[object] | None = None,
        expected: str | Said = "",
        severity: str = ERROR,
        expected_each: Iterable[str | Said] | None = None,
        params: dict[str, object] | None = None,
    ) -> None:
        """One problem per row; ``expected_each`` (one per row) overrides ``expected``. The
        message is ``template`` (one of ``MORE_ROWS``'s keys) filled with ``params``."""
        params = params or {}
        rows = list(rows)
        values = list(values) if values is not None else [None] * len(rows)
        each = list(expected_each) if expected_each is not None else [expected] * len(rows)
        key = (column, str(Said.of(template, **params)))
        already = self.per_column.get(key, 0)
        room = max(MAX_PROBLEMS_PER_COLUMN - already, 0)
        for row, value, wanted in zip(rows[:room], values[:room], each[:room], strict=True):
            self.add(
                severity,
                template,
                params,
                row=int(row),
                column=column,
                value="" if value is None else str(value),
                expected=wanted,
            )
        self.per_column[key] = already + len(rows)
        hidden = len(rows) - room
        if hidden > 0:
            self.add(
                severity,
                MORE_ROWS[template],
                {**params, "hidden": hidden},
                column=column,
                expected=expected,
            )


# --------------------------------------------------------------------------- finding the table


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _is_total_label(value: object) -> bool:
    return isinstance(value, str) and _TOTAL_ROW.match(normalise(value)) is not None


def _text_method(values: pd.Series, method: str) -> pd.Series | None:
    """``values.str.<method>()`` (NaN for cells that are not text), or None without text."""
    try:
        return getattr(values.str, method)()
    except AttributeError:  # the column holds no text at all
        return None


def _blank_cells(cells: pd.DataFrame) -> np.ndarray:
    """Empty or whitespace-only cells (the reader already gives None for empty ones)."""
    blank = cells.isna().to_numpy(dtype=bool).copy()
    for position, column in enumerate(cells.columns):
        spaces = _text_method(cells[column], "isspace")
        if spaces is not None:
            blank[:, position] |= spaces.eq(True).to_numpy(dtype=bool)
    return blank


def _blank_rows(cells: pd.DataFrame, first: pd.Series) -> np.ndarray:
    """Rows with nothing but empty or whitespace cells.

    ``first`` is each row's first non-empty cell: a row whose first one is real text or a
    number is not blank, which settles nearly every row without looking at the others.
    """
    spaces = _text_method(first, "isspace")
    maybe = first.isna().to_numpy(dtype=bool)
    if spaces is not None:
        maybe = maybe | spaces.eq(True).to_numpy(dtype=bool)
    blank = np.zeros(len(cells), dtype=bool)
    if maybe.any():
        blank[maybe] = _blank_cells(cells[maybe]).all(axis=1)
    return blank


def _total_labels(first: pd.Series) -> np.ndarray:
    """Rows whose first filled cell says "Total" (see ``_TOTAL_ROW``)."""
    out = np.zeros(len(first), dtype=bool)
    lowered = _text_method(first, "casefold")
    if lowered is None:
        return out
    initials = {word[0] for word in TOTAL_WORDS}
    candidates = lowered.str.lstrip().str[:1].isin(initials).to_numpy(dtype=bool)
    if candidates.any():
        out[candidates] = [_is_total_label(v) for v in first[candidates]]
    return out


def _mapping_header_row(rows: list[list[object]], mapping: Mapping) -> int | None:
    wanted = {normalise(h) for h in mapping.columns.values()}
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        if sum(1 for v in row if v is not None and normalise(v) in wanted) >= min(2, len(wanted)):
            return index
    return None


def _locate(
    sheet: RawSheet, dataset: str | None, mapping: Mapping | None
) -> tuple[str | None, int | None, Mapping | None]:
    """(dataset, header row index, mapping) for a sheet."""
    if mapping is not None:
        index = _mapping_header_row(sheet.rows, mapping)
        return mapping.dataset, index, mapping
    named = dataset or dataset_for_sheet_name(sheet.name)
    guess = find_header(sheet.rows, named)
    if guess is not None:
        # A ServiceNow export trimmed to fewer columns also matches the tickets headers; it
        # still needs its built-in mapping (states, priorities, latest event per incident).
        builtin = builtin_for_headers(sheet.rows[guess.row_index])
        if builtin is not None and builtin.dataset == guess.dataset:
            return guess.dataset, guess.row_index, builtin
        return guess.dataset, guess.row_index, None
    text_row = first_text_row(sheet.rows)
    if text_row is not None:
        builtin = builtin_for_headers(sheet.rows[text_row])
        if builtin is not None and (named in (None, builtin.dataset)):
            return builtin.dataset, text_row, builtin
    return named, text_row, None


def _header_texts(row: list[object]) -> list[str]:
    return ["" if v is None else str(v).strip() for v in row]


def _data_block(
    sheet: RawSheet, header_index: int, used: list[int], result: SheetResult, out: _Collector
) -> tuple[pd.DataFrame, np.ndarray]:
    """The rows under the header, without blank and total rows; columns by position."""
    body = sheet.rows[header_index + 1 :]
    numbers = np.arange(len(body)) + sheet.first_row_number + header_index + 1
    frame = pd.DataFrame(body, dtype=object) if body else pd.DataFrame(dtype=object)
    if frame.empty:
        return frame, numbers[:0]
    frame = frame.reindex(columns=range(len(result.headers)))
    cells = frame[used] if used else frame
    first = cells.bfill(axis=1).iloc[:, 0] if len(cells.columns) else pd.Series(dtype=object)
    blank = _blank_rows(cells, first)
    total = _total_labels(first) & ~blank
    result.skipped_blank = int(blank.sum())
    result.skipped_totals = int(total.sum())
    if result.skipped_totals:
        out.add(
            WARNING,
            N_("{count} total row(s) were skipped"),
            {"count": result.skipped_totals},
            row=int(numbers[total][0]),
        )
    keep = ~(blank | total)
    return frame[keep].reset_index(drop=True), numbers[keep]


def _samples(raw: pd.DataFrame, headers: list[str]) -> dict[str, list[str]]:
    """The first few values under each header, to help the user map columns."""
    out: dict[str, list[str]] = {}
    head = raw.head(SAMPLE_SCAN_ROWS)
    for position, header in enumerate(headers):
        if not header or position not in head:
            continue
        values = [str(v) for v in head[position] if not _is_blank(v)]
        out[header] = [v[:40] for v in values[:SAMPLE_VALUES]]
    return out


# --------------------------------------------------------------------------- coercing and checks


def _coerce_columns(
    ds: schema.Dataset,
    raw: pd.DataFrame,
    numbers: np.ndarray,
    result: SheetResult,
    mapping: Mapping | None,
    out: _Collector,
    day_first: bool,
    organisation_currency: str | None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    columns: dict[str, pd.Series] = {}
    bad_cells: dict[str, np.ndarray] = {}
    for column in ds.columns:
        name = column.name
        if name in result.derived:
            columns[name] = result.derived[name]
            continue
        if mapping and name in mapping.flags:
            flag = mapping.flags[name]
            position = _position(result.headers, flag.source)
            if position is not None:
                counts = pd.to_numeric(raw[position], errors="coerce")
                columns[name] = (counts > flag.above).astype("boolean").where(counts.notna())
                continue
        if mapping and name in mapping.constants:
            series = pd.Series([mapping.constants[name]] * len(raw), dtype=object)
        elif mapping and name in mapping.slugs:
            position = _position(result.headers, mapping.slugs[name])
            texts = raw[position] if position is not None else pd.Series([None] * len(raw))
            series = texts.map(slug).reset_index(drop=True).astype(object)
        elif name in result.columns:
            series = raw[result.columns[name]].reset_index(drop=True)
        else:
            columns[name] = coerce.coerce_column(
                pd.Series([None] * len(raw), dtype=object), column
            ).values
            continue
        if mapping and name in mapping.values:
            series = translate_values(series, mapping.values[name])
        coerced = coerce.coerce_column(series, column, day_first=day_first)
        source = result.source_of(name)
        if coerced.note in VALUES_NOTES:
            out.add(WARNING, VALUES_NOTES[coerced.note], column=source)
        elif coerced.note:  # a note this module does not know yet: English
            out.problems.add(
                Problem(
                    WARNING, f"Values {coerced.note}", file=out.file, sheet=out.sheet, column=source
                )
            )
        bad = coerced.bad.to_numpy(dtype=bool)
        bad_cells[name] = bad
        if bad.any():
            out.cells(
                NOT_ALLOWED if column.allowed else CANNOT_READ,
                source,
                numbers[bad],
                series[bad].tolist(),
                coerce.expected_phrase(column),
                params={"dataset": ds.name, "column": name},
            )
        if organisation_currency and coerced.currencies is not None:
            marks = coerced.currencies.to_numpy(dtype=object)
            _check_currency(marks, numbers, source, organisation_currency, out)
        columns[name] = coerced.values.reset_index(drop=True)
    no_bad = np.zeros(len(raw), dtype=bool)
    bad_frame = pd.DataFrame({c: bad_cells.get(c, no_bad) for c in ds.column_names})
    return pd.DataFrame(columns), bad_frame


def _position(headers: list[str], header: str) -> int | None:
    """Where a header named by a mapping is in the header row (compared normalised)."""
    wanted = normalise(header)
    return next((i for i, h in enumerate(headers) if normalise(h) == wanted), None)


def transposed(sheet: RawSheet) -> RawSheet:
    """A table that runs across (one row per field, one column per record) turned to run
    down, as every other sheet does. Row numbers in messages are then the file's columns."""
    return replace(sheet, rows=transpose(sheet.rows), first_row_number=1, line_numbers=[])


def combine_sheets(results: list[SheetResult]) -> list[SheetResult]:
    """Sheets of one dataset read by one mapping (a RAID log's risk, issue and action
    registers) as one result; a sheet with headers and no rows adds nothing."""
    combined: list[SheetResult] = []
    by_dataset: dict[str, list[SheetResult]] = {}
    for result in results:
        if result.dataset is None:
            combined.append(result)
        else:
            by_dataset.setdefault(result.dataset, []).append(result)
    for parts in by_dataset.values():
        with_rows = [p for p in parts if p.rows] or parts[:1]
        combined.append(with_rows[0] if len(with_rows) == 1 else _merged(with_rows))
    return combined


def _merged(parts: list[SheetResult]) -> SheetResult:
    first = parts[0]
    complete = all(p.frame is not None for p in parts)
    merged = replace(
        first,
        sheet=" + ".join(p.sheet for p in parts),
        rows=sum(p.rows for p in parts),
        skipped_blank=sum(p.skipped_blank for p in parts),
        skipped_totals=sum(p.skipped_totals for p in parts),
        unused_headers=list(dict.fromkeys(h for p in parts for h in p.unused_headers)),
        filled=set().union(*(p.filled for p in parts)),
        frame=pd.concat([p.frame for p in parts], ignore_index=True) if complete else None,
        bad=pd.concat([p.bad for p in parts], ignore_index=True) if complete else None,
        row_numbers=np.concatenate([p.row_numbers for p in parts]) if complete else None,
    )
    return merged


def _check_currency(
    marks: np.ndarray, numbers: np.ndarray, column: str, organisation: str, out: _Collector
) -> None:
    """Refuse amounts written in another currency than the organisation's, one problem per
    currency: amounts in different currencies must never be summed. Plain numbers and the
    organisation's own symbol or code are its currency."""
    present = np.flatnonzero(pd.notna(marks))
    if not present.size:
        return
    written = marks[present]
    kinds, distinct = pd.factorize(written)  # few distinct marks: each looked up once
    codes = np.array([currency.code_of(m, organisation) for m in distinct], dtype=object)[kinds]
    for code in pd.unique(codes):
        if code == organisation:
            continue
        mine = codes == code
        rows = numbers[present[mine]]
        params = {
            "found": currency.label(code, written[mine]),
            "count": f"{len(rows):,}",
            "rows": row_list(rows),
            "currency": organisation,
        }
        template = FOREIGN_CURRENCY_ONE if len(rows) == 1 else FOREIGN_CURRENCY_MANY
        out.problems.add(
            Problem.translatable(
                ERROR, template, params, file=out.file, sheet=out.sheet, column=column
            )
        )


def _check_required(
    ds: schema.Dataset,
    frame: pd.DataFrame,
    numbers: np.ndarray,
    result: SheetResult,
    out: _Collector,
) -> None:
    for column in ds.columns:
        if not (column.required or column.key):
            continue
        if column.name not in result.columns and column.name not in result.filled:
            continue  # reported once as a missing column
        empty = frame[column.name].isna().to_numpy() & ~result.bad[column.name].to_numpy()
        if empty.any():
            out.cells(
                EMPTY_REQUIRED,
                result.source_of(column.name),
                numbers[empty],
                expected=coerce.expected_phrase(column),
            )


def _check_ranges(
    ds: schema.Dataset,
    frame: pd.DataFrame,
    numbers: np.ndarray,
    result: SheetResult,
    out: _Collector,
) -> None:
    for column in ds.columns:
        if column.minimum is None and column.maximum is None:
            continue
        values = frame[column.name].astype("Float64")
        outside = np.zeros(len(values), dtype=bool)
        if column.minimum is not None:
            outside |= (values < column.minimum).fillna(False).to_numpy(dtype=bool)
        if column.maximum is not None:
            outside |= (values > column.maximum).fillna(False).to_numpy(dtype=bool)
        if outside.any():
            out.cells(
                OUT_OF_RANGE,
                result.source_of(column.name),
                numbers[outside],
                [f"{v:.15g}" for v in values[outside].tolist()],  # 7, not 7.0
                coerce.expected_phrase(column),
            )


def _check_duplicates(
    ds: schema.Dataset,
    frame: pd.DataFrame,
    numbers: np.ndarray,
    result: SheetResult,
    out: _Collector,
) -> None:
    keys = list(ds.keys)
    complete = frame[keys].notna().all(axis=1).to_numpy()
    dup = frame[keys].duplicated(keep=False).to_numpy() & complete
    if not dup.any():
        return
    # by position, not row number: registers read together repeat row numbers
    positions = np.arange(len(frame))
    first_position = (
        pd.DataFrame({"p": positions})
        .assign(**{f"k{i}": frame[k].to_numpy() for i, k in enumerate(keys)})
        .groupby([f"k{i}" for i in range(len(keys))], dropna=False)["p"]
        .transform("min")
        .to_numpy()
    )
    first_row = numbers[first_position]
    later = dup & (positions != first_position)
    label = " + ".join(result.source_of(k) for k in keys)
    key_values = frame.loc[later, keys].astype(str).agg(" / ".join, axis=1).tolist()
    out.cells(
        DUPLICATE_KEY,
        label,
        numbers[later],
        key_values,
        expected=Said.of(N_("each {key} once"), key=label),
        expected_each=[
            Said.of(
                N_("each {key} once; the same key is first on row {row}"), key=label, row=int(n)
            )
            for n in first_row[later]
        ],
    )


def _check_date_order(
    ds: schema.Dataset,
    frame: pd.DataFrame,
    numbers: np.ndarray,
    result: SheetResult,
    out: _Collector,
) -> None:
    for earlier, later in schema.DATE_ORDER.get(ds.name, ()):
        wrong = (frame[later] < frame[earlier]).fillna(False).to_numpy(dtype=bool)
        if wrong.any():
            out.cells(
                BEFORE,
                result.source_of(later),
                numbers[wrong],
                frame.loc[wrong, later].astype(str).tolist(),
                expected=Said.of(N_("on or after {earlier}"), earlier=result.source_of(earlier)),
                params={"earlier": result.source_of(earlier)},
            )


def _check_references(
    ds: schema.Dataset,
    frame: pd.DataFrame,
    numbers: np.ndarray,
    result: SheetResult,
    known_projects: set[str],
    out: _Collector,
) -> None:
    column = schema.PROJECT_REFERENCES.get(ds.name)
    if not column:
        return
    values = frame[column]
    unknown = (values.notna() & ~values.isin(known_projects)).to_numpy(dtype=bool)
    if unknown.any():
        out.cells(
            UNKNOWN_PROJECT,
            result.source_of(column),
            numbers[unknown],
            values[unknown].tolist(),
            expected=Said(N_("a project_id of the projects sheet or of a project already loaded")),
        )


# --------------------------------------------------------------------------- one sheet


def _prepare_sheet(
    sheet: RawSheet,
    file_name: str,
    *,
    dataset: str | None,
    mapping: Mapping | None,
    problems: Problems,
    day_first: bool,
    organisation_currency: str | None,
) -> SheetResult | None:
    out = _Collector(problems, file_name, sheet.name)
    if not sheet.rows:
        return None
    found, header_index, used_mapping = _locate(sheet, dataset, mapping)
    if found is None or header_index is None:
        return SheetResult(sheet=sheet.name, dataset=None)
    ds = schema.dataset(found)
    result = SheetResult(sheet=sheet.name, dataset=found)
    result.header_row = sheet.first_row_number + header_index
    result.headers = _header_texts(sheet.rows[header_index])
    result.mapping = used_mapping.name if used_mapping else None
    if used_mapping is not None:
        for header in missing_sources(used_mapping, result.headers):
            out.add(
                ERROR,
                N_("The mapping '{mapping}' needs a column '{header}' that the sheet does not have")
                if used_mapping.name
                else N_(
                    "The mapping 'chosen' needs a column '{header}' that the sheet does not have"
                ),
                {"mapping": used_mapping.name, "header": header}
                if used_mapping.name
                else {"header": header},
                row=result.header_row,
                expected=Said(N_("the headers the mapping was made for")),
            )
    result.columns = resolve_columns(found, result.headers, used_mapping)
    used_positions = set(result.columns.values())
    if used_mapping is not None:
        extra = [*(f.source for f in used_mapping.flags.values()), *used_mapping.slugs.values()]
        if used_mapping.latest:
            extra += [used_mapping.latest.key, *used_mapping.latest.order]
        used_positions |= {
            i for i, h in enumerate(result.headers) if normalise(h) in {normalise(x) for x in extra}
        }
    result.unused_headers = [
        h for i, h in enumerate(result.headers) if h and i not in used_positions
    ]
    filled = (
        set(used_mapping.constants)
        | set(used_mapping.flags)
        | set(used_mapping.slugs)
        | (used_mapping.latest.targets() if used_mapping.latest else set())
        if used_mapping
        else set()
    )
    missing = [
        c
        for c in ds.columns
        if (c.required or c.key) and c.name not in result.columns and c.name not in filled
    ]
    for column in missing:
        out.add(
            ERROR,
            N_("has no column for {dataset}.{column}, which is required"),
            {"dataset": ds.name, "column": column.name},
            row=result.header_row,
            expected=Said.of(
                N_("a header '{column}' (or {aliases})"),
                column=column.name,
                aliases=", ".join(column.aliases[:3]),
            )
            if column.aliases
            else Said.of(N_("a header '{column}'"), column=column.name),
        )
    if result.unused_headers:
        out.add(
            WARNING,
            N_("these columns are not used: {columns}"),
            {
                "columns": ", ".join(result.unused_headers[:20])
                + (" …" if len(result.unused_headers) > 20 else "")
            },
            row=result.header_row,
        )
    raw, numbers = _data_block(sheet, header_index, sorted(result.columns.values()), result, out)
    result.samples = _samples(raw, result.headers)
    log = None
    if used_mapping is not None and not raw.empty:
        log = reduce_event_log(raw, numbers, result.headers, result.columns, used_mapping)
    if log is not None:
        result.reduced_from = len(raw)
        raw, numbers, result.derived = log.rows, log.numbers, log.derived
    result.rows = len(raw)
    if raw.empty:
        # A template sheet left empty: skipped, never read as "remove everything". Whether
        # that is an error depends on the other sheets (see ``_refuse_no_data``).
        return result
    if missing:
        return result
    result.filled = filled
    result.frame, result.bad = _coerce_columns(
        ds, raw, numbers, result, used_mapping, out, day_first, organisation_currency
    )
    coerce.mark_canonical(result.frame)
    result.row_numbers = numbers
    return result


def _check_sheet(
    result: SheetResult, known_projects: set[str], problems: Problems, file_name: str
) -> None:
    if result.frame is None or result.dataset is None:
        return
    ds = schema.dataset(result.dataset)
    out = _Collector(problems, file_name, result.sheet)
    frame, numbers = result.frame, result.row_numbers
    _check_required(ds, frame, numbers, result, out)
    _check_ranges(ds, frame, numbers, result, out)
    _check_duplicates(ds, frame, numbers, result, out)
    _check_date_order(ds, frame, numbers, result, out)
    _check_references(ds, frame, numbers, result, known_projects, out)


def prepare(
    workbook: RawWorkbook,
    *,
    dataset: str | None = None,
    mapping: Mapping | None = None,
    known_projects: Callable[[], set[str]] | set[str] = frozenset(),
    day_first: bool = True,
    currency: str | None = None,
) -> Prepared:
    """Turn every sheet into a checked dataset frame; nothing is written.

    ``currency`` is the organisation's (the setting): amounts marked with another currency
    are refused. Without it the marks are not checked; every caller that imports for the
    organisation (the command line, the Data page, the SQL sync) passes it.
    """
    problems = Problems()
    problems.extend(workbook.warnings)
    results: list[SheetResult] = []
    if mapping is not None and dataset is not None and mapping.dataset != dataset:
        problems.add(
            Problem.translatable(
                ERROR,
                N_(
                    "was to be read as {dataset} with the mapping '{mapping}', which is made "
                    "for {mapping_dataset}"
                )
                if mapping.name
                else N_(
                    "was to be read as {dataset} with the mapping 'chosen', which is made "
                    "for {mapping_dataset}"
                ),
                {"dataset": dataset, "mapping": mapping.name, "mapping_dataset": mapping.dataset}
                if mapping.name
                else {"dataset": dataset, "mapping_dataset": mapping.dataset},
                file=workbook.file_name,
                expected=Said.of(
                    N_("a mapping for {dataset}, or no dataset choice"), dataset=dataset
                ),
            )
        )
        return Prepared(workbook.file_name, workbook.sha256, workbook.size, [], problems)
    for sheet in workbook.sheets:
        problems.extend(sheet.warnings)
        if normalise(sheet.name) in TEMPLATE_SHEETS:
            continue
        sheet_mapping = mapping.for_sheet(sheet.name) if mapping is not None else None
        if mapping is not None and sheet_mapping is None:
            problems.add(
                Problem.translatable(
                    WARNING,
                    N_("was ignored: the mapping '{mapping}' does not read it")
                    if mapping.name
                    else N_("was ignored: the mapping 'chosen' does not read it"),
                    {"mapping": mapping.name} if mapping.name else {},
                    file=workbook.file_name,
                    sheet=sheet.name,
                )
            )
            continue
        if sheet_mapping is not None and sheet_mapping.transposed:
            sheet = transposed(sheet)
        result = _prepare_sheet(
            sheet,
            workbook.file_name,
            dataset=dataset,
            mapping=sheet_mapping,
            problems=problems,
            day_first=mapping.day_first if mapping else day_first,
            organisation_currency=currency,
        )
        if result is None:
            continue
        if result.dataset is None:
            problems.add(
                Problem.translatable(
                    WARNING,
                    N_("was ignored: its headers match no Steerco dataset"),
                    {},
                    file=workbook.file_name,
                    sheet=sheet.name,
                    expected=Said(
                        N_("a sheet named after a dataset, or choose the dataset or a mapping")
                    ),
                )
            )
        results.append(result)
    if mapping is not None and len(mapping.sheets) > 1:
        results = combine_sheets(results)
    _refuse_duplicated_datasets(results, problems, workbook.file_name)
    recognised = [r for r in results if r.dataset]
    if not recognised:
        problems.add(
            Problem.translatable(
                ERROR,
                N_("contains no data Steerco recognises")
                if any(s.rows for s in workbook.sheets)
                else N_("contains no data rows"),
                {},
                file=workbook.file_name,
                expected=Said(
                    N_("the template's sheets and headers, or choose the dataset or a mapping")
                ),
            )
        )
    _refuse_no_data(recognised, problems, workbook.file_name)
    projects = known_projects() if callable(known_projects) else set(known_projects)
    for result in recognised:
        if result.dataset == "projects" and result.frame is not None:
            projects |= set(result.frame["project_id"].dropna())
    for result in recognised:
        _check_sheet(result, projects, problems, workbook.file_name)
    return Prepared(
        file_name=workbook.file_name,
        sha256=workbook.sha256,
        size=workbook.size,
        sheets=results,
        problems=problems,
    )


def _refuse_duplicated_datasets(
    results: list[SheetResult], problems: Problems, file_name: str
) -> None:
    seen: dict[str, str] = {}
    for result in results:
        if not result.dataset:
            continue
        if result.dataset in seen:
            problems.add(
                Problem.translatable(
                    ERROR,
                    N_("holds {dataset} like sheet '{sheet}'"),
                    {"dataset": result.dataset, "sheet": seen[result.dataset]},
                    file=file_name,
                    sheet=result.sheet,
                    expected=Said(N_("one sheet per dataset")),
                )
            )
        else:
            seen[result.dataset] = result.sheet


def _refuse_no_data(recognised: list[SheetResult], problems: Problems, file_name: str) -> None:
    """Sheets with headers and no rows are skipped; a file with nothing else is refused."""
    if not recognised or any(r.rows for r in recognised):
        return
    if len(recognised) == 1:
        only = recognised[0]
        problems.add(
            Problem.translatable(
                ERROR,
                N_("has a header row but no data rows"),
                {},
                file=file_name,
                sheet=only.sheet,
                row=only.header_row,
                expected=Said(N_("at least one row under the header")),
            )
        )
        return
    problems.add(
        Problem.translatable(
            ERROR,
            N_("contains no data rows: its {count} sheets have headers only"),
            {"count": len(recognised)},
            file=file_name,
            expected=Said(N_("rows under the header of at least one sheet")),
        )
    )
