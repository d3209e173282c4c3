"""The import pipeline (data_access.ingest.pipeline.prepare) as a project manager meets it.

Every workbook is built here with openpyxl (or written as CSV text) and read through the real
reader, so row numbers are the ones Excel shows and headers are as typed. Expectations are
written by hand: which rows are kept, what each value becomes, and for every problem the
sheet, the Excel row, the header as written, the value found and what was expected.
"""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pandas as pd
import pytest

from data_access.ingest.mapping import Flag, Latest, Mapping, SheetRule
from data_access.ingest.pipeline import MAX_PROBLEMS_PER_COLUMN, Prepared, prepare
from data_access.ingest.problems import ERROR, WARNING, Problem
from data_access.ingest.reader import read_file

PHASES_EXPECTED = "one of Initiation, Planning, Execution, Closing, Closed, On hold"
DATE_EXPECTED = "a date such as 31/12/2026 or 2026-12-31"
UNKNOWN_PROJECT = "a project_id of the projects sheet or of a project already loaded"


# --------------------------------------------------------------------------- helpers


def xlsx(
    sheets: dict[str, list[list[object]]], merged: dict[str, list[str]] | None = None
) -> bytes:
    """A workbook with one sheet per entry, rows appended from row 1; ``merged`` ranges."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for area in (merged or {}).get(name, []):
            sheet.merge_cells(area)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def run(sheets: dict[str, list[list[object]]], file_name: str = "plan.xlsx", **kw) -> Prepared:
    return prepare(read_file(xlsx(sheets, kw.pop("merged", None)), file_name), **kw)


def run_csv(text: str, file_name: str, **kw) -> Prepared:
    return prepare(read_file(text.encode("utf-8"), file_name), **kw)


def found(prepared: Prepared, severity: str | None = None) -> list[tuple]:
    """Problems as (severity, sheet, row, column, message, value, expected)."""
    return [
        (p.severity, p.sheet, p.row, p.column, p.message, p.value, p.expected)
        for p in prepared.problems
        if severity is None or p.severity == severity
    ]


def errors(prepared: Prepared) -> list[tuple]:
    return found(prepared, ERROR)


def sheet(prepared: Prepared, name: str):
    return next(s for s in prepared.sheets if s.sheet == name)


def records(prepared: Prepared, dataset: str, columns: list[str]) -> list[dict]:
    return prepared.frames[dataset][columns].to_dict("records")


PROJECT_HEADERS = ["project_id", "name", "phase"]


def projects(*rows: list[object], headers: list[str] = PROJECT_HEADERS) -> dict:
    return {"Projects": [headers, *rows]}


# --------------------------------------------------------------------------- finding the table


def test_header_row_is_found_below_title_rows_and_rows_keep_excel_numbers():
    prepared = run(
        {
            "Projects": [
                ["Portfolio review — March 2026"],
                ["Prepared by the PMO"],
                [],
                ["Project ID", "Name", "Phase"],
                ["P1", "Alpha", "Execution"],
                ["P2", "Beta", "Doing"],
            ]
        }
    )
    result = sheet(prepared, "Projects")
    assert (result.dataset, result.header_row, result.rows) == ("projects", 4, 2)
    assert result.headers == ["Project ID", "Name", "Phase"]
    assert errors(prepared) == [
        (
            ERROR,
            "Projects",
            6,
            "Phase",
            "is not one of the allowed values as projects.phase",
            "Doing",
            PHASES_EXPECTED,
        )
    ]
    assert records(prepared, "projects", ["project_id", "name"]) == [
        {"project_id": "P1", "name": "Alpha"},
        {"project_id": "P2", "name": "Beta"},
    ]


def test_blank_rows_and_a_trailing_total_row_are_skipped_and_counted():
    prepared = run(
        {
            "Projects": [
                ["project_id", "name", "phase", "approved_budget"],
                ["P1", "Alpha", "Execution", 1000],
                [None, None, None, None],
                ["P2", "Beta", "Planning", 500],
                [],
                ["Total", None, None, 1500],
            ]
        }
    )
    result = sheet(prepared, "Projects")
    assert (result.rows, result.skipped_blank, result.skipped_totals) == (2, 2, 1)
    assert found(prepared) == [(WARNING, "Projects", 6, "", "1 total row(s) were skipped", "", "")]
    assert records(prepared, "projects", ["project_id", "approved_budget"]) == [
        {"project_id": "P1", "approved_budget": 1000.0},
        {"project_id": "P2", "approved_budget": 500.0},
    ]
    assert prepared.ok


def test_dutch_total_row_is_skipped_even_when_its_first_cell_is_empty():
    prepared = run(
        {
            "Financials": [
                ["project_id", "period", "category", "expense_type", "budget"],
                ["P1", "2026-01-01", "Software", "CAPEX", 100],
                [None, "Totaal", None, None, 100],
            ]
        },
        known_projects={"P1"},
    )
    result = sheet(prepared, "Financials")
    assert (result.rows, result.skipped_totals) == (1, 1)
    assert errors(prepared) == []


@pytest.mark.parametrize("label", ["TOTAL-01", "Totalisation des flux", "Somme-2"])
def test_an_id_or_name_that_only_starts_like_total_is_kept(label):
    prepared = run(
        {"Projects": [PROJECT_HEADERS, ["P1", "Alpha", "Execution"], [label, "Beta", "Planning"]]}
    )
    assert (sheet(prepared, "Projects").rows, sheet(prepared, "Projects").skipped_totals) == (2, 0)
    assert prepared.frames["projects"]["project_id"].tolist() == ["P1", label]


def test_a_template_with_one_filled_sheet_imports_that_sheet_only():
    prepared = run(
        {
            "Instructions": [["How to fill this workbook"]],
            "projects": [PROJECT_HEADERS],
            "raid": [
                ["raid_id", "project_id", "type", "title", "status"],
                ["R1", "P1", "Risk", "Vendor late", "Open"],
            ],
        },
        known_projects={"P1"},
    )
    assert errors(prepared) == []
    assert list(prepared.frames) == ["raid"]  # never "remove every project"
    assert prepared.datasets == ["raid"]


def test_a_template_with_only_headers_is_refused_once_for_the_file():
    raid_headers = ["raid_id", "project_id", "type", "title", "status"]
    prepared = run({"projects": [PROJECT_HEADERS], "raid": [raid_headers]})
    assert [(p.sheet, p.message) for p in prepared.problems.errors] == [
        ("", "contains no data rows: its 2 sheets have headers only")
    ]


def test_merged_cells_give_their_value_to_every_row_they_cover():
    prepared = run(
        {
            "Financials": [
                ["Budget 2026", None, None, None, None],
                ["project_id", "period", "category", "expense_type", "budget"],
                ["P1", "2026-01-01", "Software", "CAPEX", 100],
                [None, "2026-02-01", "Hardware", "OPEX", 200],
                ["P2", "2026-01-01", "Services", "OPEX", 300],
            ]
        },
        merged={"Financials": ["A1:E1", "A3:A4"]},
        known_projects={"P1", "P2"},
    )
    result = sheet(prepared, "Financials")
    assert result.header_row == 2
    assert errors(prepared) == []
    assert records(prepared, "financials", ["project_id", "category", "budget"]) == [
        {"project_id": "P1", "category": "Software", "budget": 100.0},
        {"project_id": "P1", "category": "Hardware", "budget": 200.0},
        {"project_id": "P2", "category": "Services", "budget": 300.0},
    ]


def test_headers_match_ignoring_case_spacing_punctuation_and_accents():
    headers = ["  PROJECT   id ", "NOM DU PROJET", "étape", "Date-de-Debut", "% avancement"]
    prepared = run(projects(["P1", "Alpha", "Closed", "2026-01-05", 40], headers=headers))
    result = sheet(prepared, "Projects")
    assert result.columns == {
        "project_id": 0,
        "name": 1,
        "phase": 2,
        "start_date": 3,
        "percent_complete": 4,
    }
    assert result.unused_headers == []
    assert records(prepared, "projects", ["project_id", "start_date", "percent_complete"]) == [
        {"project_id": "P1", "start_date": pd.Timestamp("2026-01-05"), "percent_complete": 40.0}
    ]


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param(
            ["Code projet", "Nom du projet", "Étape", "Date de début", "Budget approuvé"], id="fr"
        ),
        pytest.param(
            ["Projectcode", "Projectnaam", "Fase", "Startdatum", "Goedgekeurd budget"], id="nl"
        ),
    ],
)
def test_french_and_dutch_headers_are_recognised(headers):
    prepared = run({"Sheet1": [headers, ["P1", "Alpha", "Execution", "2026-01-05", 1000]]})
    result = sheet(prepared, "Sheet1")
    assert result.dataset == "projects"
    assert result.columns == {
        "project_id": 0,
        "name": 1,
        "phase": 2,
        "start_date": 3,
        "approved_budget": 4,
    }
    assert prepared.ok


@pytest.mark.parametrize(
    ("sheet_name", "dataset"),
    [
        ("Sheet1", "projects"),  # a tie between datasets goes to the first one
        ("Demandes", "demand"),
        ("Aanvragen", "demand"),
        ("RAID log", "raid"),
        ("Risques", "raid"),
    ],
)
def test_sheet_name_decides_the_dataset_when_headers_fit_several(sheet_name, dataset):
    prepared = run({sheet_name: [["ID", "Name", "Status"], ["X1", "Go", "Approved"]]})
    assert sheet(prepared, sheet_name).dataset == dataset


def test_csv_named_after_a_dataset_is_that_dataset():
    prepared = run_csv("project_id,name,phase\nP1,Alpha,Closed\n", "projects.csv")
    assert [(s.sheet, s.dataset, s.rows) for s in prepared.sheets] == [("projects", "projects", 1)]
    assert prepared.ok


def test_csv_with_any_name_is_recognised_from_its_headers():
    text = (
        "Ticket;Service;Priorité;Ouvert le;Statut\n"
        "INC1;Service Desk;P1;05/03/2026 14:05;En cours\n"
        "INC2;Service Desk;haute;2026-03-06;Résolu\n"
    )
    prepared = run_csv(text, "export (3).csv")
    assert [(s.sheet, s.dataset, s.header_row) for s in prepared.sheets] == [
        ("export (3)", "tickets", 1)
    ]
    assert records(prepared, "tickets", ["ticket_id", "priority", "opened_at", "status"]) == [
        {
            "ticket_id": "INC1",
            "priority": "P1",
            "opened_at": pd.Timestamp("2026-03-05 14:05"),
            "status": "In progress",
        },
        {
            "ticket_id": "INC2",
            "priority": "P2",
            "opened_at": pd.Timestamp("2026-03-06"),
            "status": "Resolved",
        },
    ]
    assert prepared.ok


def test_csv_problems_point_at_the_line_excel_shows():
    # Excel's "sep=;" first line is hidden by Excel but still a line of the file.
    text = "sep=;\nproject_id;name;phase\nP1;Alpha;Closed\nP2;Beta;Doing\n"
    prepared = run_csv(text, "projects.csv")
    assert sheet(prepared, "projects").header_row == 2
    assert [(p.sheet, p.row, p.column, p.value) for p in prepared.problems] == [
        ("projects", 4, "phase", "Doing")
    ]


def test_template_sheets_instructions_and_lists_are_ignored_silently():
    prepared = run(
        {
            "Instructions": [["How to fill this workbook"], ["Project ID", "Name", "Phase"]],
            "Lists": [["phase", "methodology"], ["Execution", "Agile"]],
            **projects(["P1", "Alpha", "Closed"]),
        }
    )
    assert [s.sheet for s in prepared.sheets] == ["Projects"]
    assert found(prepared) == []
    assert prepared.ok


def test_an_unknown_sheet_is_ignored_with_a_warning():
    prepared = run(
        {
            **projects(["P1", "Alpha", "Closed"]),
            "Notes": [["Topic", "Remark"], ["Budget", "ask the CFO"]],
        }
    )
    assert found(prepared) == [
        (
            WARNING,
            "Notes",
            None,
            "",
            "was ignored: its headers match no Steerco dataset",
            "",
            "a sheet named after a dataset, or choose the dataset or a mapping",
        )
    ]
    assert sheet(prepared, "Notes").dataset is None
    assert list(prepared.frames) == ["projects"]
    assert prepared.ok  # a warning does not stop the import


def test_a_file_with_nothing_recognisable_is_refused():
    prepared = run({"Notes": [["Topic", "Remark"], ["Budget", "ask the CFO"]]})
    assert errors(prepared) == [
        (
            ERROR,
            "",
            None,
            "",
            "contains no data Steerco recognises",
            "",
            "the template's sheets and headers, or choose the dataset or a mapping",
        )
    ]
    assert not prepared.ok


def test_unused_columns_are_named_in_a_warning():
    prepared = run(projects(["P1", "Alpha", "Closed", "x"], headers=[*PROJECT_HEADERS, "Colour"]))
    assert found(prepared) == [
        (WARNING, "Projects", 1, "", "these columns are not used: Colour", "", "")
    ]
    assert sheet(prepared, "Projects").unused_headers == ["Colour"]


# --------------------------------------------------------------------------- validation errors


def test_text_in_a_money_column_is_reported_at_its_cell():
    prepared = run(
        projects(
            ["P1", "Alpha", "Closed", 1000],
            ["P2", "Beta", "Closed", "to be confirmed"],
            headers=[*PROJECT_HEADERS, "Budget"],
        )
    )
    assert errors(prepared) == [
        (
            ERROR,
            "Projects",
            3,
            "Budget",
            "cannot be read as projects.approved_budget",
            "to be confirmed",
            "an amount of at least 0, such as 1 234,50 or 1,234.50",
        )
    ]
    assert not prepared.ok
    # The readable rows are kept, the unreadable cell is empty (and reported, not guessed).
    assert prepared.frames["projects"]["approved_budget"].tolist()[0] == 1000.0
    assert pd.isna(prepared.frames["projects"]["approved_budget"].tolist()[1])


def test_an_impossible_date_is_reported_not_shifted():
    prepared = run(
        projects(["P1", "Alpha", "Closed", "31/02/2026"], headers=[*PROJECT_HEADERS, "Start"])
    )
    assert errors(prepared) == [
        (
            ERROR,
            "Projects",
            2,
            "Start",
            "cannot be read as projects.start_date",
            "31/02/2026",
            DATE_EXPECTED,
        )
    ]


def test_a_missing_required_column_is_reported_once_at_the_header_row():
    prepared = run({"Projects": [["Title"], ["Project ID", "Name"], ["P1", "Alpha"]]})
    assert errors(prepared) == [
        (
            ERROR,
            "Projects",
            2,
            "",
            "has no column for projects.phase, which is required",
            "",
            "a header 'phase' (or stage, status, étape)",
        )
    ]
    assert "projects" not in prepared.frames


def test_an_empty_required_cell_is_reported_with_its_header():
    prepared = run(
        {
            "Projecten": [
                ["Projectcode", "Projectnaam", "Fase"],
                ["P1", None, "Uitvoering"],
                ["P2", "Beta", None],
                ["P3", "Gamma", "Afgerond"],
            ]
        }
    )
    assert errors(prepared) == [
        (ERROR, "Projecten", 2, "Projectnaam", "is empty but required", "", "text"),
        (ERROR, "Projecten", 3, "Fase", "is empty but required", "", PHASES_EXPECTED),
    ]


def test_an_unreadable_required_cell_is_reported_once_not_also_as_empty():
    prepared = run(projects(["P1", "Alpha", "Doing"]))
    assert [p.message for p in prepared.problems] == [
        "is not one of the allowed values as projects.phase"
    ]


@pytest.mark.parametrize(
    ("header", "value", "shown", "expected"),
    [
        ("Business value", 7, "7", "a whole number from 1 to 5"),
        ("Business value", 0, "0", "a whole number from 1 to 5"),
        ("% complete", 120, "120", "a percentage from 0 to 100, such as 12 % or 12,5 %"),
        ("% complete", "120%", "120", "a percentage from 0 to 100, such as 12 % or 12,5 %"),
        ("Budget", -5, "-5", "an amount of at least 0, such as 1 234,50 or 1,234.50"),
        ("Budget", "-1 234,50", "-1234.5", "an amount of at least 0, such as 1 234,50 or 1,234.50"),
    ],
)
def test_a_value_out_of_range_is_reported_as_the_number_read(header, value, shown, expected):
    prepared = run(projects(["P1", "Alpha", "Closed", value], headers=[*PROJECT_HEADERS, header]))
    assert errors(prepared) == [(ERROR, "Projects", 2, header, "is out of range", shown, expected)]


def test_duplicate_keys_name_the_row_where_the_key_first_appears():
    prepared = run(
        {
            "Projects": [
                ["Project ID", "Name", "Phase"],
                ["P1", "Alpha", "Closed"],  # row 2
                ["P2", "Beta", "Closed"],  # row 3
                ["P1", "Alpha again", "Closed"],  # row 4
                ["P2", "Beta again", "Closed"],  # row 5
                ["P1", "Alpha thrice", "Closed"],  # row 6
            ]
        }
    )
    first_on = "each Project ID once; the same key is first on row {}".format
    assert errors(prepared) == [
        (ERROR, "Projects", 4, "Project ID", "duplicate key", "P1", first_on(2)),
        (ERROR, "Projects", 5, "Project ID", "duplicate key", "P2", first_on(3)),
        (ERROR, "Projects", 6, "Project ID", "duplicate key", "P1", first_on(2)),
    ]


def test_a_duplicate_composite_key_names_every_key_header_and_value():
    prepared = run(
        {
            "Status": [
                ["Project", "Date", "Overall"],
                ["P1", "01/03/2026", "G"],
                ["P1", "2026-03-01", "R"],  # the same day written differently
                ["P1", "02/03/2026", "A"],
            ]
        },
        known_projects={"P1"},
    )
    assert errors(prepared) == [
        (
            ERROR,
            "Status",
            3,
            "Project + Date",
            "duplicate key",
            "P1 / 2026-03-01",
            "each Project + Date once; the same key is first on row 2",
        )
    ]


def test_a_project_id_unknown_to_the_store_and_the_file_is_reported():
    prepared = run({"Milestones": [["ID", "Projet", "Nom"], ["M1", "P9", "Go-live"]]})
    assert errors(prepared) == [
        (
            ERROR,
            "Milestones",
            2,
            "Projet",
            "refers to a project that does not exist",
            "P9",
            UNKNOWN_PROJECT,
        )
    ]


def test_a_project_of_the_projects_sheet_of_the_same_file_is_known():
    prepared = run(
        {
            "Milestones": [["ID", "Project", "Name"], ["M1", "P1", "Go-live"], ["M2", "P2", "x"]],
            **projects(["P1", "Alpha", "Execution"]),
        }
    )
    assert [(p.sheet, p.row, p.value) for p in prepared.problems] == [("Milestones", 3, "P2")]


@pytest.mark.parametrize("known", [{"P1", "P2"}, lambda: {"P1", "P2"}], ids=["a set", "a function"])
def test_projects_already_loaded_are_known(known):
    prepared = run(
        {"Milestones": [["ID", "Project", "Name"], ["M1", "P1", "Go-live"], ["M2", "P2", "x"]]},
        known_projects=known,
    )
    assert found(prepared) == []
    assert prepared.ok


def test_an_empty_optional_project_reference_is_not_checked():
    prepared = run(
        {
            "RAID": [
                ["ID", "Project", "Type", "Title", "Status"],
                ["R1", None, "Risk", "Vendor may fold", "Open"],  # a portfolio-level risk
            ]
        }
    )
    assert found(prepared) == []


def test_dates_in_impossible_order_are_reported_on_the_later_column():
    prepared = run(
        projects(
            ["P1", "Alpha", "Execution", "15/01/2026", "31/12/2025"],
            ["P2", "Beta", "Execution", "15/01/2026", "15/01/2026"],  # same day is fine
            ["P3", "Gamma", "Execution", None, "31/12/2025"],  # nothing to compare with
            headers=[*PROJECT_HEADERS, "Début", "Fin prévue"],
        )
    )
    assert errors(prepared) == [
        (
            ERROR,
            "Projects",
            2,
            "Fin prévue",
            "is before Début",
            "2025-12-31",
            "on or after Début",
        )
    ]


def test_two_sheets_holding_the_same_dataset_are_refused():
    prepared = run(
        {
            **projects(["P1", "Alpha", "Closed"]),
            "Projets": [PROJECT_HEADERS, ["P2", "Beta", "Closed"]],
        }
    )
    assert errors(prepared) == [
        (
            ERROR,
            "Projets",
            None,
            "",
            "holds projects like sheet 'Projects'",
            "",
            "one sheet per dataset",
        )
    ]
    assert not prepared.ok


def test_problems_are_capped_per_column_with_a_line_for_the_rest():
    extra = 3
    rows = [[f"P{i}", "n", "Closed", "someday"] for i in range(MAX_PROBLEMS_PER_COLUMN + extra)]
    prepared = run(projects(*rows, headers=[*PROJECT_HEADERS, "Start"]))
    problems = errors(prepared)
    assert len(problems) == MAX_PROBLEMS_PER_COLUMN + 1
    assert [p[2] for p in problems[:-1]] == list(range(2, MAX_PROBLEMS_PER_COLUMN + 2))
    assert problems[-1] == (
        ERROR,
        "Projects",
        None,
        "Start",
        f"cannot be read as projects.start_date: {extra} more row(s) like this are not listed",
        "",
        DATE_EXPECTED,
    )


def test_the_cap_is_per_column_so_other_columns_are_still_listed():
    rows = [[f"P{i}", "n", "Closed", "x", "y"] for i in range(MAX_PROBLEMS_PER_COLUMN + 1)]
    prepared = run(projects(*rows, headers=[*PROJECT_HEADERS, "Start", "Budget"]))
    per_column = pd.Series([p.column for p in prepared.problems]).value_counts().to_dict()
    assert per_column == {
        "Start": MAX_PROBLEMS_PER_COLUMN + 1,
        "Budget": MAX_PROBLEMS_PER_COLUMN + 1,
    }


def test_a_problem_reads_as_one_sentence_a_project_manager_can_act_on():
    prepared = run(projects(["P1", "Alpha", "Doing"]), file_name="portfolio.xlsx")
    assert [str(p) for p in prepared.problems] == [
        "portfolio.xlsx, sheet 'Projects', row 2, column 'phase': is not one of the allowed "
        f"values as projects.phase (found 'Doing'; expected {PHASES_EXPECTED})"
    ]


def test_nothing_is_lost_silently_a_clean_file_is_ok():
    prepared = run(projects(["P1", "Alpha", "Closed"], ["P2", "Beta", "On hold"]))
    assert found(prepared) == []
    assert prepared.ok
    assert prepared.datasets == ["projects"]
    assert sheet(prepared, "Projects").row_numbers.tolist() == [2, 3]


# --------------------------------------------------------------------------- values end to end


def test_dates_as_people_write_them():
    prepared = run(
        {
            "Milestones": [
                ["ID", "Project", "Name", "Baseline date", "Forecast date"],
                ["M1", "P1", "a", "05/03/2026", "2026-03-05"],
                ["M2", "P1", "b", "1er mars 2026", "12 maart 2026"],
                ["M3", "P1", "c", "March 5, 2026", "5 mrt 2026"],
                ["M4", "P1", "d", datetime(2026, 7, 14), date(2026, 8, 1)],  # Excel date cells
                ["M5", "P1", "e", "14 juillet 2026", "1 févr. 2026"],
            ]
        },
        known_projects={"P1"},
    )
    assert errors(prepared) == []
    assert records(prepared, "milestones", ["baseline_date", "forecast_date"]) == [
        {"baseline_date": pd.Timestamp("2026-03-05"), "forecast_date": pd.Timestamp("2026-03-05")},
        {"baseline_date": pd.Timestamp("2026-03-01"), "forecast_date": pd.Timestamp("2026-03-12")},
        {"baseline_date": pd.Timestamp("2026-03-05"), "forecast_date": pd.Timestamp("2026-03-05")},
        {"baseline_date": pd.Timestamp("2026-07-14"), "forecast_date": pd.Timestamp("2026-08-01")},
        {"baseline_date": pd.Timestamp("2026-07-14"), "forecast_date": pd.Timestamp("2026-02-01")},
    ]


def test_amounts_and_percentages_as_people_write_them():
    prepared = run(
        projects(
            ["P1", "a", "Closed", "1 234,50 €", "12%"],
            ["P2", "b", "Closed", "2 000", "12,5 %"],
            ["P3", "c", "Closed", 750.25, 40],
            headers=[*PROJECT_HEADERS, "Budget", "Avancement"],
        )
    )
    assert errors(prepared) == []
    assert records(prepared, "projects", ["approved_budget", "percent_complete"]) == [
        {"approved_budget": 1234.5, "percent_complete": 12.0},
        {"approved_budget": 2000.0, "percent_complete": 12.5},
        {"approved_budget": 750.25, "percent_complete": 40.0},
    ]
    assert (
        WARNING,
        "Projects",
        None,
        "Budget",
        "Values read with a decimal comma (1.234,50 = 1234.5)",
        "",
        "",
    ) in found(prepared, WARNING)


def test_excel_percentage_cells_are_read_as_percent():
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = "Projects"
    ws.append([*PROJECT_HEADERS, "percent_complete"])
    ws.append(["P1", "a", "Closed", 0.12])
    ws.append(["P2", "b", "Closed", 1])
    for cell in ("D2", "D3"):
        ws[cell].number_format = "0%"
    out = io.BytesIO()
    workbook.save(out)
    prepared = prepare(read_file(out.getvalue(), "plan.xlsx"))
    assert prepared.frames["projects"]["percent_complete"].tolist() == [12.0, 100.0]
    assert found(prepared) == [
        (
            WARNING,
            "Projects",
            None,
            "percent_complete",
            "Values read as fractions (0.12 = 12 %)",
            "",
            "",
        )
    ]


def test_yes_and_no_in_english_french_and_dutch():
    prepared = run(
        {
            "Milestones": [
                ["ID", "Project", "Name", "Gate"],
                ["M1", "P1", "a", "yes"],
                ["M2", "P1", "b", "No"],
                ["M3", "P1", "c", "Oui"],
                ["M4", "P1", "d", "non"],
                ["M5", "P1", "e", "ja"],
                ["M6", "P1", "f", "NEE"],
                ["M7", "P1", "g", True],
                ["M8", "P1", "h", None],
                ["M9", "P1", "i", "maybe"],
            ]
        },
        known_projects={"P1"},
    )
    gates = prepared.frames["milestones"]["is_gate"].tolist()
    assert gates[:7] == [True, False, True, False, True, False, True]
    assert pd.isna(gates[7]) and pd.isna(gates[8])
    assert errors(prepared) == [
        (
            ERROR,
            "Milestones",
            10,
            "Gate",
            "cannot be read as milestones.is_gate",
            "maybe",
            "yes or no (also true/false, 1/0, x, oui/non, ja/nee)",
        )
    ]


def test_rag_in_words_of_three_languages_and_in_emoji():
    prepared = run(
        {
            "Status": [
                ["Project", "Date", "Météo", "Planning", "Budget", "Scope"],
                ["P1", "01/03/2026", "Vert", "Orange", "Rouge", "🟢"],
                ["P2", "01/03/2026", "Groen", "Oranje", "Rood", "🟠"],
                ["P3", "01/03/2026", "green", "AMBER", "Red", "🔴"],
                ["P4", "01/03/2026", "G", "A", "R", "Blue"],
            ]
        },
        known_projects={"P1", "P2", "P3", "P4"},
    )
    rags = ["overall_rag", "schedule_rag", "budget_rag", "scope_rag"]
    frame = prepared.frames["status_reports"]
    assert frame[rags].iloc[:3].to_dict("records") == [
        {"overall_rag": "G", "schedule_rag": "A", "budget_rag": "R", "scope_rag": "G"},
        {"overall_rag": "G", "schedule_rag": "A", "budget_rag": "R", "scope_rag": "A"},
        {"overall_rag": "G", "schedule_rag": "A", "budget_rag": "R", "scope_rag": "R"},
    ]
    assert errors(prepared) == [
        (
            ERROR,
            "Status",
            5,
            "Scope",
            "is not one of the allowed values as status_reports.scope_rag",
            "Blue",
            "one of G, A, R (Green/Amber/Red)",
        )
    ]


def test_allowed_values_in_french_and_dutch_become_the_canonical_value():
    prepared = run(
        projects(
            ["P1", "a", "Exécution", "Cascade", "Haute"],
            ["P2", "b", "Uitvoering", "Agile", "laag"],
            ["P3", "c", "en attente", "hybride", "Critique"],
            headers=[*PROJECT_HEADERS, "Méthode", "Priorité"],
        )
    )
    assert errors(prepared) == []
    assert records(prepared, "projects", ["phase", "methodology", "priority"]) == [
        {"phase": "Execution", "methodology": "Waterfall", "priority": "High"},
        {"phase": "Execution", "methodology": "Agile", "priority": "Low"},
        {"phase": "On hold", "methodology": "Hybrid", "priority": "Critical"},
    ]


def test_day_first_off_reads_numeric_dates_month_first():
    prepared = run(
        projects(["P1", "a", "Closed", "03/05/2026"], headers=[*PROJECT_HEADERS, "Start"]),
        day_first=False,
    )
    assert prepared.frames["projects"]["start_date"].tolist() == [pd.Timestamp("2026-03-05")]
    assert found(prepared) == []


def test_a_column_of_us_dates_is_read_month_first_with_a_warning():
    prepared = run(
        projects(
            ["P1", "a", "Closed", "12/31/2026"],
            ["P2", "b", "Closed", "03/05/2026"],
            headers=[*PROJECT_HEADERS, "Start"],
        )
    )
    assert prepared.frames["projects"]["start_date"].tolist() == [
        pd.Timestamp("2026-12-31"),
        pd.Timestamp("2026-03-05"),  # the whole column is read the same way
    ]
    assert found(prepared) == [
        (
            WARNING,
            "Projects",
            None,
            "Start",
            "Values read as month/day/year (US dates: 12/31/2026)",
            "",
            "",
        )
    ]


# --------------------------------------------------------------------------- mappings


def _tool_export(*rows: list[object]) -> dict:
    headers = ["Ref", "Created", "Urgency", "State", "Hops", "sys_mod_count", "Comment"]
    return {"Export": [headers, *rows]}


TOOL_MAPPING = Mapping(
    dataset="tickets",
    name="our-tool",
    columns={"ticket_id": "Ref", "opened_at": "Created", "priority": "Urgency", "status": "State"},
    constants={"service": "Infrastructure"},
    values={
        "priority": {"Very high": "P1", "Normal": "P3"},
        "status": {"Awaiting User Info": "On hold", "Done": "Closed"},
    },
    flags={"escalated": Flag(source="Hops", above=1)},
    latest=Latest(key="Ref", order=("sys_mod_count",)),
)


def test_a_mapping_maps_columns_sets_constants_translates_values_and_derives_a_flag():
    prepared = run(
        _tool_export(
            ["T1", "01/02/2026 08:00", "Very high", "Awaiting User Info", 2, 1, "a"],
            ["T2", "02/02/2026 09:30", "Normal", "Done", 1, 1, "b"],
        ),
        mapping=TOOL_MAPPING,
    )
    result = sheet(prepared, "Export")
    assert (result.dataset, result.mapping, result.rows) == ("tickets", "our-tool", 2)
    assert errors(prepared) == []
    assert found(prepared) == [
        (WARNING, "Export", 1, "", "these columns are not used: Comment", "", "")
    ]
    columns = ["ticket_id", "service", "priority", "opened_at", "status", "escalated"]
    assert records(prepared, "tickets", columns) == [
        {
            "ticket_id": "T1",
            "service": "Infrastructure",
            "priority": "P1",
            "opened_at": pd.Timestamp("2026-02-01 08:00"),
            "status": "On hold",
            "escalated": True,
        },
        {
            "ticket_id": "T2",
            "service": "Infrastructure",
            "priority": "P3",
            "opened_at": pd.Timestamp("2026-02-02 09:30"),
            "status": "Closed",
            "escalated": False,  # one hop is not above the threshold of 1
        },
    ]


def test_an_event_log_keeps_the_latest_row_per_item_by_sys_mod_count():
    prepared = run(
        _tool_export(
            ["T1", "01/02/2026 08:00", "Normal", "New", 0, 1, "first"],
            ["T2", "02/02/2026 09:30", "Normal", "New", 0, 9, "t2 late"],
            ["T1", "01/02/2026 08:00", "Very high", "Done", 2, 3, "t1 last"],
            ["T1", "01/02/2026 08:00", "Normal", "Awaiting User Info", 1, 2, "middle"],
            ["T2", "02/02/2026 09:30", "Normal", "Done", 0, 10, "t2 last"],  # 10 > 9
        ),
        mapping=TOOL_MAPPING,
    )
    result = sheet(prepared, "Export")
    assert (result.reduced_from, result.rows) == (5, 2)
    assert errors(prepared) == []
    assert records(prepared, "tickets", ["ticket_id", "priority", "status", "escalated"]) == [
        {"ticket_id": "T1", "priority": "P1", "status": "Closed", "escalated": True},
        {"ticket_id": "T2", "priority": "P3", "status": "Closed", "escalated": False},
    ]
    # The kept rows keep their own Excel row numbers for later messages.
    assert result.row_numbers.tolist() == [4, 6]


def test_an_event_log_in_csv_orders_text_counts_as_numbers():
    text = (
        "Ref,Created,Urgency,State,Hops,sys_mod_count,Comment\n"
        "T1,01/02/2026 08:00,Normal,Done,0,10,last\n"
        "T1,01/02/2026 08:00,Normal,New,0,9,earlier\n"
    )
    prepared = run_csv(text, "export.csv", mapping=TOOL_MAPPING)
    assert records(prepared, "tickets", ["ticket_id", "status"]) == [
        {"ticket_id": "T1", "status": "Closed"}
    ]
    assert sheet(prepared, "export").row_numbers.tolist() == [2]


def test_a_mapping_finds_its_header_row_below_titles():
    prepared = run(
        {
            "Export": [
                ["Incident export"],
                [],
                ["Ref", "Created", "Urgency", "State", "Hops", "sys_mod_count"],
                ["T1", "01/02/2026 08:00", "Normal", "New", 0, 1],
            ]
        },
        mapping=TOOL_MAPPING,
    )
    assert sheet(prepared, "Export").header_row == 3
    assert errors(prepared) == []


def test_a_header_the_mapping_needs_but_the_file_lacks_is_reported():
    mapping = Mapping(
        dataset="tickets",
        name="our-tool",
        columns={"ticket_id": "Ref", "opened_at": "Created", "priority": "Priorité"},
        constants={"service": "Infrastructure"},
    )
    prepared = run(
        _tool_export(["T1", "01/02/2026 08:00", "P1", "New", 0, 1, "a"]), mapping=mapping
    )
    assert (
        ERROR,
        "Export",
        1,
        "",
        "The mapping 'our-tool' needs a column 'Priorité' that the sheet does not have",
        "",
        "the headers the mapping was made for",
    ) in errors(prepared)
    assert (
        ERROR,
        "Export",
        1,
        "",
        "has no column for tickets.priority, which is required",
        "",
        "a header 'priority' (or priorité, prioriteit)",
    ) in errors(prepared)
    assert not prepared.ok


def test_a_mapping_from_json_behaves_like_the_original():
    again = Mapping.from_json(TOOL_MAPPING.to_json())
    rows = _tool_export(["T1", "01/02/2026 08:00", "Very high", "Done", 2, 1, "a"])
    assert records(run(rows, mapping=again), "tickets", ["priority", "status", "escalated"]) == [
        {"priority": "P1", "status": "Closed", "escalated": True}
    ]


def test_the_builtin_servicenow_mapping_is_chosen_from_the_headers():
    headers = [
        "number",
        "incident_state",
        "reassignment_count",
        "reopen_count",
        "sys_mod_count",
        "made_sla",
        "sys_updated_at",
        "category",
        "priority",
        "assignment_group",
        "opened_at",
        "resolved_at",
        "closed_at",
        "closed_code",
    ]
    rows = [
        "INC1,New,0,0,0,true,29/2/2016 01:23,Cat 1,3 - Moderate,G1,29/2/2016 01:16,?,?,?",
        "INC1,Resolved,1,0,2,true,29/2/2016 11:29,Cat 1,3 - Moderate,G2,29/2/2016 01:16,"
        "29/2/2016 11:29,?,code 5",
    ]
    text = "\n".join([",".join(headers), *rows]) + "\n"
    prepared = run_csv(text, "incident_event_log.csv")
    result = sheet(prepared, "incident_event_log")
    assert (result.dataset, result.mapping, result.reduced_from, result.rows) == (
        "tickets",
        "servicenow-incidents",
        2,
        1,
    )
    assert errors(prepared) == []
    assert records(
        prepared, "tickets", ["ticket_id", "service", "priority", "status", "escalated", "made_sla"]
    ) == [
        {
            "ticket_id": "INC1",
            "service": "Service Desk",
            "priority": "P3",
            "status": "Resolved",
            "escalated": True,
            "made_sla": True,
        }
    ]


def test_problems_carry_the_file_name():
    prepared = run(projects(["P1", "Alpha", "Doing"]), file_name="C:\\Users\\pm\\plan.xlsx")
    assert [p.file for p in prepared.problems] == ["plan.xlsx"]
    assert isinstance(prepared.problems.items[0], Problem)


def test_a_mapping_for_another_dataset_than_the_one_chosen_is_refused():
    tickets = Mapping(dataset="tickets", columns={"ticket_id": "number"}, name="itsm")
    prepared = run({"Sheet1": [["number"], ["INC1"]]}, dataset="changes", mapping=tickets)
    assert [(p.message, p.expected) for p in prepared.problems.errors] == [
        (
            "was to be read as changes with the mapping 'itsm', which is made for tickets",
            "a mapping for changes, or no dataset choice",
        )
    ]
    assert prepared.frames == {}


# --------------------------------------------------------------------------- currencies

FINANCE_HEADERS = ["project_id", "period", "category", "expense_type", "budget", "actual"]
CONVERT = "Convert them or change the setting 'currency'."


def finance(*amounts: tuple[object, object]) -> dict:
    """A financials sheet, one month per (budget, actual) pair: rows 2, 3, 4… in Excel."""
    rows = [
        ["P1", f"2026-{month:02d}-01", "Software", "CAPEX", budget, actual]
        for month, (budget, actual) in enumerate(amounts, start=1)
    ]
    return {"Financials": [FINANCE_HEADERS, *rows]}


def run_finance(*amounts: tuple[object, object], currency: str | None = "EUR") -> Prepared:
    return run(finance(*amounts), known_projects={"P1"}, currency=currency)


def amounts(prepared: Prepared) -> list[tuple[float, float]]:
    frame = prepared.frames["financials"]
    return list(zip(frame["budget"].tolist(), frame["actual"].tolist(), strict=True))


def test_euros_and_dollars_in_one_column_are_refused_naming_column_rows_and_currencies():
    prepared = run_finance(
        ("€ 1 000", "€ 100"), ("€ 1 000", "$120"), (1000, "€ 90"), ("€ 1 000", "US$ 80")
    )
    assert not prepared.ok
    assert errors(prepared) == [
        (
            ERROR,
            "Financials",
            None,
            "actual",
            "amounts in USD ($, US$) on 2 rows (rows 3, 5), but the organisation's currency "
            f"is EUR. {CONVERT}",
            "",
            "",
        )
    ]
    (problem,) = prepared.problems.errors
    assert str(problem) == (
        "plan.xlsx, sheet 'Financials', column 'actual': amounts in USD ($, US$) on 2 rows "
        f"(rows 3, 5), but the organisation's currency is EUR. {CONVERT}"
    )


def test_a_column_all_in_dollars_is_refused_in_euros_and_read_in_dollars():
    dollars = [("$1,200.50", "USD 300"), ("$2,000", "USD 1,000.25"), ("1,000", 40)]

    in_euros = run_finance(*dollars, currency="EUR")
    assert [(p.column, p.message) for p in in_euros.problems.errors] == [
        ("budget", f"amounts in USD ($) on 2 rows (rows 2, 3), but the organisation's "
                   f"currency is EUR. {CONVERT}"),
        ("actual", f"amounts in USD on 2 rows (rows 2, 3), but the organisation's currency "
                   f"is EUR. {CONVERT}"),
    ]  # fmt: skip

    in_dollars = run_finance(*dollars, currency="USD")
    assert errors(in_dollars) == []
    assert amounts(in_dollars) == [(1200.5, 300.0), (2000.0, 1000.25), (1000.0, 40.0)]


def test_euro_amounts_with_a_symbol_or_a_code_read_as_plain_numbers_in_euros():
    prepared = run_finance(("€ 1 200,50", "1.200,50 EUR"), ("1 200,50", "12 euros"))
    assert errors(prepared) == []
    assert amounts(prepared) == [(1200.5, 1200.5), (1200.5, 12.0)]


def test_plain_numbers_are_in_the_organisations_currency_whatever_it_is():
    plain = [(1200.5, "1,200.50"), ("(1,200.50)", "-12")]
    for currency in ("EUR", "USD", "JPY"):
        prepared = run_finance(*plain, currency=currency)
        assert errors(prepared) == []
        assert amounts(prepared) == [(1200.5, 1200.5), (-1200.5, -12.0)]


def test_a_dollar_sign_is_the_organisations_dollar_when_it_has_one():
    prepared = run_finance(("$1,200", "C$ 300"), currency="CAD")
    assert errors(prepared) == []
    assert amounts(prepared) == [(1200.0, 300.0)]
    prepared = run_finance(("$1,200", "US$ 300"), currency="CAD")
    assert [(p.column, p.message.split(" on ")[0]) for p in prepared.problems.errors] == [
        ("actual", "amounts in USD (US$)")
    ]


def test_many_rows_in_another_currency_are_counted_and_the_first_five_named():
    prepared = run_finance(*[(f"£{n},000", 1) for n in range(1, 8)])
    assert [p.message for p in prepared.problems.errors] == [
        "amounts in GBP (£) on 7 rows (rows 2, 3, 4, 5, 6, …), but the organisation's "
        f"currency is EUR. {CONVERT}"
    ]


def test_one_row_in_another_currency_is_said_in_the_singular():
    prepared = run_finance((1, 2), (3, "CHF 4"))
    assert [p.message for p in prepared.problems.errors] == [
        f"amounts in CHF on 1 row (row 3), but the organisation's currency is EUR. {CONVERT}"
    ]


def test_each_foreign_currency_of_a_column_is_one_problem_and_csv_names_the_file():
    text = "project_id,period,category,expense_type,actual\n" + "".join(
        f"P1,2026-{m:02d}-01,Software,CAPEX,{v}\n"
        for m, v in enumerate(["¥1000", "12 €", "£3", "¥2000"], start=1)
    )
    prepared = run_csv(text, "financials.csv", known_projects={"P1"}, currency="EUR")
    assert [(p.file, p.sheet, p.column, p.message.split(", but")[0]) for p in
            prepared.problems.errors] == [
        ("financials.csv", "financials", "actual", "amounts in JPY (¥) on 2 rows (rows 2, 5)"),
        ("financials.csv", "financials", "actual", "amounts in GBP (£) on 1 row (row 4)"),
    ]  # fmt: skip


def test_a_mark_that_is_no_currency_is_an_unreadable_amount_not_a_currency():
    prepared = run_finance((1, "12 k€"), (2, "1200 TBC"))
    assert [(p.row, p.column, p.message, p.value) for p in prepared.problems.errors] == [
        (2, "actual", "cannot be read as financials.actual", "12 k€"),
        (3, "actual", "cannot be read as financials.actual", "1200 TBC"),
    ]


def test_without_the_organisations_currency_marks_are_not_checked():
    prepared = run_finance(("$1,200", "€ 300"), currency=None)
    assert errors(prepared) == []
    assert amounts(prepared) == [(1200.0, 300.0)]


def test_a_currency_refusal_carries_its_template_for_translation():
    (problem,) = run_finance((1, "$5")).problems.errors
    assert problem.template.startswith("amounts in {found} on 1 row (row {rows})")
    assert dict(problem.params) == {"found": "USD ($)", "count": "1", "rows": "2",
                                    "currency": "EUR"}  # fmt: skip
    assert problem.translated(lambda text, **v: text.format(**v).upper()) == problem.message.upper()


# --------------------------------------------------------------------------- registers, across


RAID_HEADERS = ["Ref", "Description", "Owner", "Status"]
REGISTERS = Mapping(
    "raid",
    columns={"raid_id": "Ref", "title": "Description", "owner": "Owner", "status": "Status"},
    sheets={
        "Risk Register": SheetRule(constants={"type": "Risk"}),
        "Issue Register": SheetRule(constants={"type": "Issue"}),
        "Actions": SheetRule(constants={"type": "Action"}),
    },
    name="registers",
)


def test_a_workbook_of_registers_is_one_raid_log_with_the_type_of_each_sheet():
    prepared = run(
        {
            "Lookups": [["Status"], ["Open"], ["Closed"]],
            "Risk Register": [RAID_HEADERS, ["R1", "Vendor late", "Ann", "Open"]],
            "Issue Register": [RAID_HEADERS, ["I1", "Test rig down", "Bob", "Open"]],
            "Actions": [RAID_HEADERS],  # headers only: adds nothing
        },
        mapping=REGISTERS,
    )
    assert errors(prepared) == []
    assert records(prepared, "raid", ["raid_id", "type", "title"]) == [
        {"raid_id": "R1", "type": "Risk", "title": "Vendor late"},
        {"raid_id": "I1", "type": "Issue", "title": "Test rig down"},
    ]
    (raid,) = [s for s in prepared.sheets if s.dataset == "raid"]
    assert raid.sheet == "Risk Register + Issue Register" and raid.rows == 2
    ignored = [p for p in prepared.problems if p.sheet == "Lookups"]
    assert [p.message for p in ignored] == ["was ignored: the mapping 'registers' does not read it"]


def test_a_key_repeated_across_registers_is_refused():
    prepared = run(
        {
            "Risk Register": [RAID_HEADERS, ["X1", "Vendor late", "Ann", "Open"]],
            "Issue Register": [RAID_HEADERS, ["X1", "Test rig down", "Bob", "Open"]],
        },
        mapping=REGISTERS,
    )
    assert any("X1" in str(p.value) or "X1" in p.message for p in prepared.problems.errors)
    assert not prepared.ok


def test_a_table_that_runs_across_is_read_down_and_an_id_made_from_the_name():
    across = [
        ["Project Name", "Master data management", "Wi-Fi 6 rollout"],
        ["Stage", "Execution", "Planning"],
    ]
    mapping = Mapping(
        "projects",
        columns={"name": "Project Name", "phase": "Stage"},
        slugs={"project_id": "Project Name"},
        transposed=True,
    )
    prepared = run({"Projects": across}, mapping=mapping)
    assert errors(prepared) == []
    assert records(prepared, "projects", ["project_id", "name", "phase"]) == [
        {"project_id": "MASTER-DATA-MANAGEMENT", "name": "Master data management",
         "phase": "Execution"},
        {"project_id": "WI-FI-6-ROLLOUT", "name": "Wi-Fi 6 rollout", "phase": "Planning"},
    ]  # fmt: skip


def test_a_mapping_with_sheets_and_slugs_survives_a_save_as_json():
    mapping = Mapping(
        "raid",
        slugs={"raid_id": "Title"},
        transposed=True,
        sheets={"Risks": SheetRule(constants={"type": "Risk"}, columns={"title": "Risk"})},
    )
    assert Mapping.from_json(mapping.to_json()) == mapping
