"""Finding the header row, recognising the dataset, and matching headers to schema columns.

Real spreadsheets put titles above the table, write "Date d'ouverture" or "Opened At" for
``opened_at`` and rename sheets. Headers are compared after normalising case, accents,
spacing and punctuation, against each column's name and its declared aliases.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from data_access import schema

#: How many rows from the top of a sheet may hold titles before the header row.
HEADER_SCAN_ROWS = 30
#: A row is taken as the header when at least this many of its cells match columns of one
#: dataset (and at least half of its non-empty cells do). Two, because one match ("Name",
#: "Date") happens by chance in a title or a note.
MIN_HEADER_MATCHES = 2

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise(text: object) -> str:
    """Header text reduced to what matters: lower case, no accents, single spaces."""
    if text is None:
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", plain.casefold()).strip()


@cache
def header_index(name: str) -> dict[str, str]:
    """Normalised header spelling → column name, for one dataset."""
    index: dict[str, str] = {}
    for column in schema.dataset(name).columns:
        for spelling in (column.name, *column.aliases):
            index.setdefault(normalise(spelling), column.name)
    return index


@cache
def _sheet_names() -> dict[str, str]:
    index: dict[str, str] = {}
    for ds in schema.DATASETS:
        for spelling in (ds.name, ds.title, *ds.aliases):
            index.setdefault(normalise(spelling), ds.name)
    return index


def dataset_for_sheet_name(sheet_name: str) -> str | None:
    """The dataset a sheet (or CSV file stem) is named after, if any."""
    return _sheet_names().get(normalise(sheet_name))


def match_headers(name: str, headers: list[object]) -> dict[int, str]:
    """Position in the header row → schema column, for headers that match by name or alias.

    When two headers match the same column, the first one wins; the other stays unmatched
    (and is reported as an unused column).
    """
    index = header_index(name)
    matched: dict[int, str] = {}
    taken: set[str] = set()
    for position, header in enumerate(headers):
        column = index.get(normalise(header))
        if column and column not in taken:
            matched[position] = column
            taken.add(column)
    return matched


@dataclass(frozen=True)
class HeaderGuess:
    row_index: int  # index in the sheet's rows
    dataset: str | None
    matches: dict[int, str]


def _score(name: str, row: list[object]) -> int:
    return len(match_headers(name, row))


def _looks_like_header(row: list[object], score: int) -> bool:
    filled = sum(1 for v in row if v is not None and str(v).strip())
    return score >= MIN_HEADER_MATCHES and score * 2 >= filled


def find_header(rows: list[list[object]], dataset: str | None = None) -> HeaderGuess | None:
    """The header row and dataset: the first row (within the scan) that matches best.

    With ``dataset`` given, only that dataset's columns are matched. Without, every dataset
    is tried and the best match wins; ties go to the dataset listed first in the schema.
    """
    candidates = [dataset] if dataset else [ds.name for ds in schema.DATASETS]
    best: HeaderGuess | None = None
    best_score = 0
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        if not any(isinstance(v, str) and v.strip() for v in row):
            continue
        for name in candidates:
            score = _score(name, row)
            if score > best_score and _looks_like_header(row, score):
                best, best_score = HeaderGuess(index, name, match_headers(name, row)), score
        if best is not None and best.row_index == index:
            # The first header-like row wins over later rows: data rows below it can
            # contain words that look like headers.
            return best
    return best


def first_text_row(rows: list[list[object]]) -> int | None:
    """Index of the first row with any text: the header row when nothing matches at all."""
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        texts = [v for v in row if isinstance(v, str) and v.strip()]
        if len(texts) >= 2:
            return index
    return None
