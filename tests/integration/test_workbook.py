"""The "Download my projects" workbook on SQLite and PostgreSQL: it holds exactly the chosen
projects' current rows (checked with plain SQL on the raw tables), its project drop-down lists
them, and uploaded back it changes nothing — or, with one cell edited, exactly that field."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
import sqlalchemy as sa

from data_access import access, schema, users, versioning, writes
from data_access.access import Identity
from data_access.filters import Filters
from data_access.ingest import service
from data_access.template import filled_template
from steerco import i18n
from steerco.config import Settings
from steerco.views import data as views
from tests.conftest import TEST_AS_OF
from tests.support.cli import no_traceback, run
from tests.support.workbook import edit_cell, open_book, project_choices, sheet_frame

#: Projects of the sample with open and closed RAID items, milestones and reports.
CHOSEN = ("PRJ-001", "PRJ-002", "PRJ-005")
#: Claire Martin manages PRJ-005 in the sample (projects.project_manager).
CLAIRE = Identity(email="claire@example.org", name="Claire Martin", role=access.PROJECT_MANAGER)
PMO = Identity(email="pat@example.org", name="Pat PMO", role=access.PMO)
ADMIN = Identity(email="ada@example.org", name="Ada Admin", role=access.ADMIN)


def _sql(engine, text: str, **params) -> pd.DataFrame:
    with engine.connect() as conn:
        return pd.read_sql(sa.text(text), conn, params=params)


def _in(ids) -> str:
    return "(" + ", ".join(f"'{i}'" for i in ids) + ")"  # fixed test ids, not user input


def _workbook(engine, ids=CHOSEN) -> bytes:
    with engine.connect() as conn:
        return filled_template(conn, ids)


def _preview(engine, payload: bytes, *, replace_scope: bool = False):
    workbook, problems = service.read_upload(payload, "my-projects.xlsx")
    assert workbook is not None, [str(p) for p in problems]
    prepared = service.check_workbook(engine, workbook)
    assert prepared.ok, [str(p) for p in prepared.problems]
    return prepared, versioning.preview(engine, prepared.frames, replace_scope=replace_scope)


def _field_changes(changes: versioning.ChangeSet) -> list[tuple]:
    """Every changed field as (dataset, first key, column, old, new)."""
    out = []
    for name, change in changes.datasets.items():
        key = schema.dataset(name).keys[0]
        for row in change.field_changes.itertuples(index=False):
            row = row._asdict()
            out.append((name, row[key], row["column"], row["old"], row["new"]))
    return out


@pytest.fixture(scope="module")
def raw(store_url):
    """The chosen projects' rows as the raw tables hold them, read with plain SQL."""
    engine = sa.create_engine(store_url)
    ids = _in(CHOSEN)
    reports = _sql(engine, f"SELECT * FROM status_reports WHERE project_id IN {ids}")
    reports["report_date"] = pd.to_datetime(reports["report_date"])
    out = {
        "projects": _sql(engine, f"SELECT * FROM projects WHERE project_id IN {ids}"),
        "status_reports": reports.sort_values("report_date").groupby("project_id").tail(1),
        "milestones": _sql(engine, f"SELECT * FROM milestones WHERE project_id IN {ids}"),
        "raid": _sql(engine, f"SELECT * FROM raid WHERE project_id IN {ids}"),
    }
    engine.dispose()
    return out


def test_the_sheets_hold_exactly_the_projects_current_rows(engine, raw):
    book = open_book(_workbook(engine))
    sheets = ["Instructions", "projects", "status_reports", "milestones", "raid", "Lists"]
    assert book.sheetnames == sheets
    sheets = {name: sheet_frame(book, name) for name in raw}
    assert sheets["projects"]["project_id"].tolist() == list(CHOSEN)
    assert (
        sheets["projects"]["name"].tolist()
        == raw["projects"].sort_values("project_id")["name"].tolist()
    )
    # each project's latest report, whatever its state, the state left empty
    reports = sheets["status_reports"]
    assert reports["project_id"].tolist() == list(CHOSEN)
    expected = raw["status_reports"].set_index("project_id")
    for row in reports.itertuples():
        assert pd.Timestamp(row.report_date) == expected.loc[row.project_id, "report_date"]
        assert row.overall_rag == expected.loc[row.project_id, "overall_rag"]
        assert row.percent_complete == pytest.approx(
            expected.loc[row.project_id, "percent_complete"]
        )
    assert reports["state"].isna().all()
    assert sorted(sheets["milestones"]["milestone_id"]) == sorted(raw["milestones"]["milestone_id"])
    # open RAID items only: every item of the projects but the closed ones
    raid = raw["raid"]
    open_items = raid.loc[raid["status"] != "Closed", "raid_id"]
    assert (raid["status"] == "Closed").any() and len(open_items)
    assert sorted(sheets["raid"]["raid_id"]) == sorted(open_items)
    assert set(sheets["raid"]["status"]) <= {"Open", "In progress"}


def test_the_project_drop_down_of_every_sheet_lists_the_filled_projects(engine):
    book = open_book(_workbook(engine))
    assert book["Lists"].sheet_state == "hidden"
    for sheet in ("status_reports", "milestones", "raid"):
        assert project_choices(book, sheet) == list(CHOSEN), sheet


def test_ids_of_no_stored_project_are_left_out(engine):
    book = open_book(_workbook(engine, ("PRJ-002", "NO-SUCH-PROJECT")))
    assert sheet_frame(book, "projects")["project_id"].tolist() == ["PRJ-002"]
    assert project_choices(book, "raid") == ["PRJ-002"]


def test_uploaded_back_unchanged_it_changes_nothing(engine):
    prepared, changes = _preview(engine, _workbook(engine))
    assert not len(prepared.problems), [str(p) for p in prepared.problems]  # no warning either
    assert set(changes.datasets) == {"projects", "status_reports", "milestones", "raid"}
    assert changes.is_empty, changes.summary()


def _header_comment(book, sheet: str, column: str) -> str:
    return book[sheet].cell(1, schema.dataset(sheet).column_names.index(column) + 1).comment.text


@pytest.mark.parametrize(
    ("language", "title", "programme_help", "allowed"),
    [
        ("fr", "Modèle de données Steerco", "Programme dont relève le projet.", "Valeurs admises"),
        ("nl", "Gegevenssjabloon Steerco", "Programma waartoe het project behoort.", "Toegestaan"),
    ],
)
def test_a_french_or_dutch_workbook_speaks_its_language_and_uploads_back_unchanged(
    engine, language, title, programme_help, allowed
):
    with i18n.speaking(language), engine.connect() as conn:
        payload = filled_template(conn, CHOSEN, translate=i18n.t)
    book = open_book(payload)
    assert book["Instructions"]["A1"].value == title
    assert programme_help in _header_comment(book, "projects", "programme")
    phase = _header_comment(book, "projects", "phase")
    assert allowed in phase and "Execution" in phase  # the values stay those an import stores
    prepared, changes = _preview(engine, payload)
    assert not len(prepared.problems), [str(p) for p in prepared.problems]
    assert changes.is_empty, changes.summary()


def test_with_removal_switched_on_the_closed_items_it_leaves_out_would_go(engine, raw):
    """Why "Remove stored rows…" is off by default: the workbook lists open items only, so
    switched on it would remove the closed items of the projects on its RAID sheet."""
    prepared, scoped = _preview(engine, _workbook(engine), replace_scope=True)
    raid, milestones = raw["raid"], raw["milestones"]
    on_sheet = sorted(raid.loc[raid["status"] != "Closed", "project_id"].unique())
    closed = raid.loc[(raid["status"] == "Closed") & raid["project_id"].isin(on_sheet)]
    assert len(closed), "the sample gives these projects closed items"
    assert sorted(scoped.datasets["raid"].removed["raid_id"]) == sorted(closed["raid_id"])
    assert scoped.total("removed") == len(closed)
    said = views.removal_scope(prepared.frames, scoped)
    groups = [
        (sorted(milestones["project_id"].unique()), "Milestones"),
        (on_sheet, "RAID log"),
    ]
    if groups[0][0] == groups[1][0]:
        scope = f"the rows of projects {', '.join(on_sheet)} in Milestones, RAID log"
    else:
        scope = "; ".join(f"the rows of projects {', '.join(i)} in {title}" for i, title in groups)
    assert said == (
        f"Switched on, {scope} that this file does not list would be removed: {len(closed)} row(s)."
    )


@pytest.mark.parametrize(
    ("sheet", "column", "value", "before", "after"),
    [
        ("milestones", "forecast_date", date(2027, 3, 31), None, pd.Timestamp("2027-03-31")),
        ("raid", "impact", 1, None, 1),
        ("projects", "name", "Renamed in Excel", None, "Renamed in Excel"),
    ],
)
def test_one_edited_cell_is_exactly_one_field_change(engine, sheet, column, value, before, after):
    payload = _workbook(engine)
    first = sheet_frame(open_book(payload), sheet).iloc[0]
    key = first[schema.dataset(sheet).keys[0]]
    if first[column] == value:
        pytest.skip("the sample already holds the value")
    _, changes = _preview(engine, edit_cell(payload, sheet, 0, column, value))
    ((name, changed_key, changed_column, _old, new),) = _field_changes(changes)
    assert (name, changed_key, changed_column, new) == (sheet, key, column, after)
    assert changes.total("changed") == 1 and changes.total("added") == 0


def _stored_report(engine, report: pd.Series) -> pd.Series:
    """The stored % complete and state of the report on a row of the status_reports sheet."""
    return _sql(
        engine,
        "SELECT percent_complete, state FROM status_reports "
        "WHERE project_id = :p AND report_date = :d",
        p=report["project_id"],
        d=pd.Timestamp(report["report_date"]).date(),
    ).iloc[0]


def test_an_edited_report_changes_that_field_and_goes_to_the_pmo_as_submitted(writable_engine):
    payload = _workbook(writable_engine)
    report = sheet_frame(open_book(payload), "status_reports").iloc[0]
    stored = _stored_report(writable_engine, report)
    assert stored["state"] == schema.REPORT_APPROVED  # the sample's reports are approved
    edited = edit_cell(payload, "status_reports", 0, "percent_complete", 99.5)
    prepared, changes = _preview(writable_engine, edited)
    fields = sorted(_field_changes(changes), key=lambda f: f[2])
    assert fields == [
        (
            "status_reports",
            report["project_id"],
            "percent_complete",
            stored["percent_complete"],
            99.5,
        ),
        ("status_reports", report["project_id"], "state", "Approved", "Submitted"),
    ]
    writes.commit_import(writable_engine, PMO, prepared, replace_scope=False, expected=changes)
    after = _stored_report(writable_engine, report)
    assert (after["percent_complete"], after["state"]) == (99.5, "Submitted")
    # the same file again, or a fresh download uploaded back: nothing more to change
    assert _preview(writable_engine, edited)[1].is_empty
    assert _preview(writable_engine, _workbook(writable_engine))[1].is_empty


def test_a_project_managers_workbook_holds_only_their_projects(engine):
    with engine.connect() as conn:
        own = tuple(sorted(users.own_projects(conn, CLAIRE)))
        payload = views.my_projects_workbook(
            conn, Filters(as_of=TEST_AS_OF), Settings(), project_ids=own
        )
    managed = _sql(
        engine,
        "SELECT project_id FROM projects WHERE lower(project_manager) = 'claire martin'",
    )["project_id"]
    assert own == tuple(sorted(managed)) and "PRJ-005" in own
    book = open_book(payload)
    for sheet in ("projects", "status_reports", "milestones", "raid"):
        assert set(sheet_frame(book, sheet)["project_id"]) <= set(own), sheet
    assert sheet_frame(book, "projects")["project_id"].tolist() == list(own)
    assert project_choices(book, "raid") == list(own)


# --------------------------------------------------------------------------- steerco workbook


def test_steerco_workbook_writes_a_project_managers_own_projects(writable_url, tmp_path, capsys):
    """--as names a PM by e-mail: their projects are those the role table maps to them."""
    engine = sa.create_engine(writable_url)
    managed = ["PRJ-002", "PRJ-005"]
    entry = users.Entry(CLAIRE.email, access.PROJECT_MANAGER, projects=tuple(managed))
    writes.save_user(engine, ADMIN, entry)
    engine.dispose()
    out = tmp_path / "mine.xlsx"
    code, printed, err = run(
        capsys, "workbook", "--out", out, "--as", CLAIRE.email, "--db", writable_url
    )
    assert (code, err) == (0, "")
    assert printed.startswith(f"wrote {out} ({len(managed)} project(s): ")
    book = open_book(out.read_bytes())
    assert sheet_frame(book, "projects")["project_id"].tolist() == managed
    # another PM's project is refused, by name, and nothing is written
    other = tmp_path / "other.xlsx"
    code, _, err = run(
        capsys, "workbook", "--out", other, "--as", CLAIRE.email, "--project", "PRJ-001",
        "--db", writable_url,
    )  # fmt: skip
    assert code == 1 and not other.exists()
    assert err == f"steerco: not a project {CLAIRE.email} may download: PRJ-001\n"
    no_traceback(err)


def test_steerco_workbook_for_the_operator_and_a_viewer(writable_url, tmp_path, capsys):
    out = tmp_path / "two.xlsx"
    code, printed, _ = run(
        capsys, "workbook", "--out", out, "--project", "PRJ-002", "--project", "PRJ-001",
        "--db", writable_url,
    )  # fmt: skip
    assert code == 0 and printed == f"wrote {out} (2 project(s): PRJ-002, PRJ-001)\n"
    assert sheet_frame(open_book(out.read_bytes()), "projects")["project_id"].tolist() == [
        "PRJ-001",
        "PRJ-002",
    ]
    code, _, err = run(
        capsys, "workbook", "--out", tmp_path / "v.xlsx", "--as", "vic@example.org",
        "--db", writable_url,
    )  # fmt: skip
    assert code == 1 and "is viewer and may not import data" in err
