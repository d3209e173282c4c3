"""Files nobody prepared for Steerco (tests/data/real, sources and licences in
tests/data/README.md): for each, the table is found (below a preamble, turned when it runs
across, per register sheet), the proposed mapping picks the columns a person would, and the
file imports with the proposal (and the values the user gives with ``--set``) into an empty
store, rows and values as expected (read back in plain SQL)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from data_access import store
from data_access.ingest import propose, reader, service
from tests.support.real_files import REAL_FILES, RealFile

DATA = Path(__file__).resolve().parents[1] / "data" / "real"
#: Share of the columns a person would pick that the proposal must pick the same way.
AGREEMENT = 0.75


def _proposal(real: RealFile) -> propose.Proposal:
    workbook = reader.read_path(DATA / real.path)
    return propose.propose(workbook, real.dataset, constants=real.constants)


def _expected(real: RealFile, sheet: str) -> dict[str, str]:
    columns = real.expected_columns
    return columns[sheet] if isinstance(next(iter(columns.values())), dict) else columns


def _header_row(real: RealFile, sheet: str) -> int:
    return real.header_row[sheet] if isinstance(real.header_row, dict) else real.header_row


def _cleared(proposal: propose.Proposal, columns: tuple[str, ...]) -> propose.Proposal:
    """The proposal with these columns' choices cleared, as a person does in the editor."""
    sheets = tuple(
        replace(
            sheet,
            choices=tuple(
                replace(c, source=None) if c.column in columns else c for c in sheet.choices
            ),
        )
        for sheet in proposal.sheets
    )
    return replace(proposal, sheets=sheets)


@pytest.mark.parametrize("real", REAL_FILES, ids=lambda r: r.path)
def test_the_table_is_found_on_each_sheet_and_the_others_are_left_out(real):
    proposal = _proposal(real)
    used = {s.sheet: s for s in proposal.used()}
    assert sorted(used) == sorted(real.sheets_used)
    ignored = {s.sheet for s in proposal.sheets if s.ignored}
    assert set(real.sheets_ignored) <= ignored
    for name, sheet in used.items():
        assert sheet.transposed is real.transposed
        assert sheet.header_row + 1 == _header_row(real, name)


@pytest.mark.parametrize("real", [r for r in REAL_FILES if r.rows], ids=lambda r: r.path)
def test_the_proposal_picks_the_columns_a_person_would(real):
    proposal = _proposal(real)
    for sheet in proposal.used():
        chosen = {c.column: c.source for c in sheet.choices if c.source}
        expected = _expected(real, sheet.sheet)
        agreed = [column for column, header in expected.items() if chosen.get(column) == header]
        assert len(agreed) >= AGREEMENT * len(expected), (sheet.sheet, chosen, expected)
        keys = [c.column for c in sheet.choices if c.required and c.column in expected]
        assert all(chosen.get(k) == expected[k] for k in keys if k not in real.slugs), chosen
        constants = {c.column: c.constant for c in sheet.choices if c.constant}
        assert constants.items() >= real.inferred.get(sheet.sheet, {}).items()
        assert constants.items() >= real.constants.items()
        slugs = {c.column: c.slug_of for c in sheet.choices if c.slug_of}
        assert slugs.items() >= real.slugs.items()
        assert not sheet.missing, sheet.missing


@pytest.mark.parametrize("real", [r for r in REAL_FILES if r.rows], ids=lambda r: r.path)
def test_the_file_imports_with_the_proposal(real, tmp_path):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    engine = sa.create_engine(url)
    store.create_schema(engine)
    proposal = _proposal(real)
    if real.cleared:  # refused first, naming the column; the person clears that choice
        refused = service.import_path(
            engine, DATA / real.path, mapping=proposal.mapping(), currency=None
        )
        assert refused.refused and not refused.committed
        sources = {c.source for s in proposal.used() for c in s.choices if c.column in real.cleared}
        assert {p.column for p in refused.problems.errors} == sources
        proposal = _cleared(proposal, real.cleared)
    report = service.import_path(
        engine, DATA / real.path, mapping=proposal.mapping(), currency=None
    )
    assert report.committed, [str(p) for p in report.problems.errors]
    with engine.connect() as conn:
        stored = pd.read_sql(sa.text(f"SELECT * FROM {real.dataset}"), conn)
    engine.dispose()
    assert len(stored) == real.rows
    key = next(iter(real.sample))
    row = stored[stored[key].astype(str) == str(real.sample[key])]
    assert len(row) == 1, f"no stored {real.dataset} row with {key} = {real.sample[key]}"
    for column, value in real.sample.items():
        got = row.iloc[0][column]
        if hasattr(value, "year"):
            got = pd.Timestamp(got).to_pydatetime()
            got = got.date() if type(value).__name__ == "date" else got
        assert got == value, (column, got, value)
