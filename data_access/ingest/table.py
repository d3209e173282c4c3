"""Finding the table in a sheet: the header row below any preamble, and transposed tables.

Real spreadsheets start with what people put above a table: a title, a licence paragraph, the
date of the export, notes in one cell or spread over several, blank lines. And some tables
are turned on their side: the field names run down the first column and each record is a
column (a project per column). :func:`find_table` looks at the layout of the first rows,
without knowing the dataset: a header row has several short, distinct, mostly-text cells and
the rows below it are alike (about as wide, each column holding one kind of value), while a
preamble row has one long text or only a few cells. When a dataset is named, headers that
are its column names or aliases count as extra evidence.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time

from openpyxl.utils import get_column_letter

from data_access.ingest.headers import match_headers, normalise
from data_access.marks import N_
from data_access.said import Said

#: How many rows from the top may hold a preamble before the header row.
SCAN_ROWS = 30
#: How many rows below a candidate header are looked at to see whether data follows it.
DATA_ROWS = 12
#: Header cells longer than this are sentences, not field names.
LONGEST_HEADER = 60
#: A sheet with more rows than this is not considered transposed (one row per field).
MOST_FIELDS = 300
#: Header rows wider than this score no better: a wide row is no surer a header than a
#: row of eight fields, and width must not outweigh what the columns below say.
WIDEST = 8
#: A row needs at least this score to be taken as a header row.
MIN_SCORE = 1.5

_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|fevr|avr|mai|juin|juil|aout|"
    "sept|okt|mrt|mei"
)
_NUMBER = re.compile(
    r"^[(\-+]?\s*(?:[$€£¥]|[a-z]{3}|us\$|c\$)?\s*[(\-+]?\d[\d\s.,'\u00a0\u202f]*\)?\s*"
    r"(?:%|[$€£¥]|[a-z]{3}|k|m|bn)?$",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})(?:[ t]\d{1,2}:\d{2}.*)?$"
    rf"|^(?:\d{{1,2}}(?:er)?\s+)?(?:{_MONTHS})[a-z]*\.?\s+(?:\d{{1,2}},?\s+)?\d{{4}}$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class TableGuess:
    """Where a sheet's table is: ``header_row`` indexes the rows (of the transposed grid when
    ``transposed``); ``width`` is the number of filled header cells; ``reason`` says why, for
    the proposal shown to the user (a :class:`~data_access.said.Said`: English, and its
    template for the user's language)."""

    header_row: int
    transposed: bool
    width: int
    reason: Said


def cell_kind(value: object) -> str:
    """ "blank", "text", "number", "date" or "bool": what a cell holds, CSV text included."""
    if value is None:
        return "blank"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "blank" if value != value else "number"  # NaN
    if isinstance(value, datetime | date | time):
        return "date"
    text = str(value).strip()
    if not text:
        return "blank"
    if len(text) <= 40 and _DATE.match(text):
        return "date"
    if len(text) <= 40 and _NUMBER.match(text) and any(ch.isdigit() for ch in text):
        return "number"
    return "text"


def transpose(rows: list[list[object]]) -> list[list[object]]:
    """Rows become columns: the field names down the first column become the header row."""
    width = max((len(r) for r in rows), default=0)
    return [[row[j] if j < len(row) else None for row in rows] for j in range(width)]


def find_table(
    rows: list[list[object]], dataset: str | None = None, turned: bool | None = None
) -> TableGuess | None:
    """The header row of the sheet's table, and whether the table is transposed; None when
    the first rows hold no table (notes, an empty sheet). ``turned`` True or False reads it
    that way whatever the layout says (the user's choice)."""
    normal = _best(rows, dataset) if turned is not True else None
    flipped = None
    if turned is True or (
        turned is None and len(rows) <= MOST_FIELDS and _could_be_transposed(rows)
    ):
        flipped = _best(transpose(rows[:MOST_FIELDS]), dataset)
    if flipped and (turned is True or normal is None or _turned_is_better(flipped, normal)):
        _, index, width, found = flipped[:4]
        reason = Said.of(
            N_("field names down column {column}, one record per column: {why}"),
            column=column_letter(index),
            why=_evidence(*found, turned=True),
        )
        return TableGuess(index, True, width, reason)
    if normal is None:
        return None
    _, index, width, found = normal[:4]
    why = _evidence(*found, turned=False)
    if index == 0:
        reason = Said.of(N_("header in row {row}: {why}"), row=index + 1, why=why)
    else:
        reason = Said.tn(
            index,
            "header in row {row}: below {n} row of preamble; {why}",
            "header in row {row}: below {n} rows of preamble; {why}",
            row=index + 1,
            why=why,
        )
    return TableGuess(index, False, width, reason)


#: Lists of two and three parts of a text.
_LISTS = {2: N_("{first}, {second}"), 3: N_("{first}, {second}, {third}")}


def _evidence(headers: int, rows: int, matches: int, *, turned: bool) -> Said:
    """Why a row is the header row: its short distinct headers, the data rows below it (12+
    when the look stopped there) and the headers known to the dataset. A table read across
    has field names and records."""
    if turned:
        parts = [Said.of(N_("{n} short distinct field names"), n=headers)]
    else:
        parts = [Said.of(N_("{n} short distinct headers"), n=headers)]
    if rows:
        shown = f"{rows}{'+' if rows == DATA_ROWS else ''}"
        if turned:
            parts.append(Said.of(N_("{rows} records"), rows=shown))
        else:
            parts.append(Said.of(N_("{rows} data rows below"), rows=shown))
    if matches:
        if turned and matches > 1:  # one known field name has always read "1 known header"
            known = Said.tn(matches, "{n} known field name", "{n} known field names")
        else:
            known = Said.tn(matches, "{n} known header", "{n} known headers")
        parts.append(known)
    if len(parts) == 1:
        return parts[0]
    names = ("first", "second", "third")[: len(parts)]
    return Said.of(_LISTS[len(parts)], **dict(zip(names, parts, strict=True)))


def _turned_is_better(flipped: _Scored, normal: _Scored) -> bool:
    """Whether the table reads better turned: a higher score, no fewer known headers, and
    more known headers or more text over numbers and dates. An all-text table reads down
    unless known headers say otherwise: its first column is no surer a header row than its
    first row."""
    if flipped[0] <= normal[0] or flipped[5] < normal[5]:
        return False
    return flipped[5] > normal[5] or flipped[4] > normal[4]


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index (0 → A, 26 → AA)."""
    return get_column_letter(index + 1)


def _could_be_transposed(rows: list[list[object]]) -> bool:
    """Cheap test before transposing: some column holds several short, distinct texts."""
    top = rows[:SCAN_ROWS]
    width = max((len(r) for r in top), default=0)
    for j in range(min(width, SCAN_ROWS)):
        texts = [r[j] for r in top if j < len(r) and cell_kind(r[j]) == "text"]
        short = {normalise(t) for t in texts if len(str(t).strip()) <= LONGEST_HEADER}
        if len(short) >= 3:
            return True
    return False


#: The evidence for a header row: (short distinct headers, data rows below, known headers).
_Found = tuple[int, int, int]
#: A header row's (score, row index, width, evidence, contrast, known headers).
_Scored = tuple[float, int, int, _Found, float, int]


def _best(rows: list[list[object]], dataset: str | None) -> _Scored | None:
    """(score, row index, width, evidence, contrast, known headers) of the best header row,
    or None.

    Rows scoring nearly as well as the best one and above it win: the row under a header of
    an all-text table looks as much like a header as the header itself.
    """
    scored = []
    for index in range(min(len(rows), SCAN_ROWS)):
        found = _score_row(rows, index, dataset)
        if found is not None:
            scored.append((found[0], index, *found[1:]))
    if not scored:
        return None
    top = max(s[0] for s in scored)
    return next(s for s in scored if s[0] >= 0.85 * top)


def _filled(row: list[object]) -> list[int]:
    return [j for j, v in enumerate(row) if cell_kind(v) != "blank"]


def _score_row(
    rows: list[list[object]], index: int, dataset: str | None
) -> tuple[float, int, _Found, float, int] | None:
    """(score, width, evidence, contrast, known headers) of ``rows[index]`` as a header row,
    or None if it cannot be."""
    row = rows[index]
    positions = _filled(row)
    if len(positions) < 2:
        return None
    quality = _header_quality([row[j] for j in positions])
    if quality == 0:
        return None
    below = [r for r in rows[index + 1 : index + 1 + DATA_ROWS * 2] if _filled(r)][:DATA_ROWS]
    support = _support(positions, below)
    consistency, contrast = _column_kinds(row, positions, below)
    matches = len(match_headers(dataset, row)) if dataset else 0
    if support == 0 and matches < 2:
        return None
    score = min(quality, WIDEST) * (0.2 + 0.8 * support * consistency**2) + 3 * contrast + matches
    if score < MIN_SCORE:
        return None
    found = (len(positions), len(below), matches)
    return score, len(positions), found, contrast, matches


def _header_quality(cells: list[object]) -> float:
    """How much a row looks like field names: many cells, text, short and distinct."""
    texts = [str(v).strip() for v in cells if cell_kind(v) == "text"]
    text_share = len(texts) / len(cells)
    if text_share < 0.6:
        return 0.0
    short = [t for t in texts if len(t) <= LONGEST_HEADER]
    if len(short) < 2:
        return 0.0
    distinct = len({normalise(t) for t in short}) / len(short)
    return len(cells) * text_share * (len(short) / len(texts)) * distinct


def _support(positions: list[int], below: list[list[object]]) -> float:
    """How much the rows below look like records of a table with these header cells: about
    as wide as the header, their cells under header cells."""
    if not below:
        return 0.0
    header = set(positions)
    total = 0.0
    for row in below:
        filled = _filled(row)
        width = min(len(filled), len(header)) / max(len(filled), len(header))
        under = sum(1 for j in filled if j in header) / len(filled)
        total += width * under
    return total / len(below)


def _column_kinds(
    row: list[object], positions: list[int], below: list[list[object]]
) -> tuple[float, float]:
    """(consistency, contrast): the mean share of each column's main kind of value in the
    rows below, and the share of columns whose header is text over numbers or dates (a
    header row, not a record)."""
    if not below:
        return 0.0, 0.0
    shares, contrasts = [], 0
    for j in positions:
        kinds = [cell_kind(r[j]) for r in below if j < len(r)]
        kinds = [k for k in kinds if k != "blank"]
        if not kinds:
            continue
        kind, count = Counter(kinds).most_common(1)[0]
        shares.append(count / len(kinds))
        if kind != "text" and count / len(kinds) >= 0.6 and cell_kind(row[j]) == "text":
            contrasts += 1
    if not shares:
        return 0.0, 0.0
    return sum(shares) / len(shares), contrasts / len(positions)
