"""What Steerco should make of each real public file in tests/data/real/ (see tests/data/README.md).

Plain data, checked by hand against the files (rows counted with the reader). Conventions:

* ``header_row`` is the 1-based row of the header in the sheet; a workbook with several sheets
  used gives one row per sheet. For a transposed table it is the first row of the table (the
  field names are then in column A, one column per record).
* ``expected_columns`` maps a schema column to the source header a person would pick; a
  workbook whose used sheets differ gives one mapping per sheet.
* ``slugs`` are columns whose value is derived by slugifying a source header's text (lowercase,
  words joined by hyphens); ``constants`` are what a user sets with ``--set``; ``inferred`` are
  the constants the sheet (or, for a CSV, the file) name says.
* ``rows`` counts the records that should be imported (an event log: its tickets);
  ``sample`` is one record as Steerco stores it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class RealFile:
    path: str
    dataset: str
    header_row: int | dict[str, int]
    transposed: bool
    sheets_used: tuple[str, ...]
    sheets_ignored: tuple[str, ...]
    expected_columns: dict[str, str] | dict[str, dict[str, str]]
    constants: dict[str, str]
    inferred: dict[str, dict[str, str]]
    rows: int
    sample: dict[str, object]
    slugs: dict[str, str] = field(default_factory=dict)
    notes: str = ""
    #: Columns whose cells the first import refuses (a text where a date is expected): the
    #: person clears that choice in the proposal and imports again.
    cleared: tuple[str, ...] = ()


_IT_DASHBOARD_COLUMNS = {
    "project_id": "Project ID",
    "name": "Project Name",
    "portfolio": "Agency Name",
    "programme": "Investment Title",
    "description": "Project Description",
    "start_date": "Start Date",
    "baseline_end_date": "Completion Date (B1)",
}
_IT_DASHBOARD_SAMPLE = {
    "project_id": "656",
    "name": "Operations",
    "portfolio": "United States Department of Agriculture",
    "start_date": date(2011, 1, 10),
    "phase": "Execution",
}

REAL_FILES: tuple[RealFile, ...] = (
    RealFile(
        path="us_itdashboard_projects.csv",
        dataset="projects",
        header_row=1,
        transposed=False,
        sheets_used=("us_itdashboard_projects",),
        sheets_ignored=(),
        expected_columns=_IT_DASHBOARD_COLUMNS,
        constants={"phase": "Execution"},
        inferred={},
        rows=40,
        sample=_IT_DASHBOARD_SAMPLE,
        notes="No phase column. 'Project ID' is numeric text; 'Unique Project ID' is not unique.",
    ),
    RealFile(
        path="us_itdashboard_projects_preamble.csv",
        dataset="projects",
        header_row=6,
        transposed=False,
        sheets_used=("us_itdashboard_projects_preamble",),
        sheets_ignored=(),
        expected_columns=_IT_DASHBOARD_COLUMNS,
        constants={"phase": "Execution"},
        inferred={},
        rows=40,
        sample=_IT_DASHBOARD_SAMPLE,
        notes="Same data under five preamble lines (title, source, disclaimer, licence with a "
        "date in other cells, blank).",
    ),
    RealFile(
        path="canada_it_projects_transposed.xlsx",
        dataset="projects",
        header_row=1,
        transposed=True,
        sheets_used=("Projects",),
        sheets_ignored=(),
        expected_columns={
            "project_id": "uniqueId",
            "name": "latestProjectName",
            "portfolio": "department",
            "description": "latestDescription",
            "approved_budget": "latestBudget",
            "baseline_end_date": "originalEstimatedCompletionDate",
            "forecast_end_date": "latestEstimatedCompletionDate",
        },
        constants={"phase": "Execution"},
        inferred={},
        rows=8,
        sample={
            "project_id": "aafc-cnsc-sap",
            "name": "SAP Cluster Solution",
            "portfolio": "Agriculture and Agri-Food Canada",
            "approved_budget": 6441134.0,
            "baseline_end_date": date(2019, 6, 25),
        },
        notes="21 fields x 8 projects; the key (uniqueId) is the third row. estimatedStatus "
        "('completed', 'behind schedule') could map to phase with values, as in "
        "docs/mappings/canada-it-projects.json; a constant phase also passes.",
    ),
    RealFile(
        path="raid_workbook_registers.xlsx",
        dataset="raid",
        header_row={"Risk Register": 3, "Issue Register": 3, "Actions": 3},
        transposed=False,
        sheets_used=("Risk Register", "Issue Register", "Actions"),
        sheets_ignored=("Instructions", "Change Requests"),
        expected_columns={
            "Risk Register": {
                "raid_id": "Risk ID",
                "title": "Description",
                "category": "Category",
                "probability": "Likelihood",
                "impact": "Impact",
                "owner": "Owner",
                "response": "Mitigation",
                "status": "Status",
                "raised_date": "Date Raised",
            },
            "Issue Register": {
                "raid_id": "Issue ID",
                "title": "Description",
                "owner": "Owner",
                "response": "Resolution",
                "status": "Status",
                "raised_date": "Date Raised",
                "due_date": "Due Date",
            },
            "Actions": {
                "raid_id": "Action ID",
                "title": "Action",
                "owner": "Owner",
                "status": "Status",
                "raised_date": "Raised",
                "due_date": "Due Date",
            },
        },
        constants={},
        inferred={
            "Risk Register": {"type": "Risk"},
            "Issue Register": {"type": "Issue"},
            "Actions": {"type": "Action"},
        },
        rows=18,
        sample={
            "raid_id": "R-01",
            "type": "Risk",
            "title": "Key supplier may not deliver the integration layer on time",
            "probability": 4,
            "impact": 4,
            "status": "Open",
        },
        notes="8 risks, 5 issues, 5 actions; each register has a title line and a blank row "
        "above its header. Change Requests has no RAID type and is ignored.",
    ),
    RealFile(
        path="ssi_ai_risk_register.csv",
        dataset="raid",
        header_row=1,
        transposed=False,
        sheets_used=("ssi_ai_risk_register",),
        sheets_ignored=(),
        expected_columns={
            "raid_id": "Issue",
            "title": "Risk",
            "probability": "Likelihood",
            "impact": "Severity",
            "response": "Mitigations",
            "owner": "Ownership",
        },
        constants={"status": "Open"},
        inferred={"ssi_ai_risk_register": {"type": "Risk"}},
        rows=9,
        sample={"raid_id": "#119", "type": "Risk", "status": "Open"},
        notes="No status column. Likelihood and Severity are words (Very Low, Medium, High, Very "
        "High): they need a value mapping to 1-5. Multi-line cells.",
    ),
    RealFile(
        path="uk_gmpp_2023_ict_projects.xlsx",
        dataset="projects",
        header_row=1,
        transposed=False,
        sheets_used=("GMPP 2023",),
        sheets_ignored=(),
        expected_columns={
            "project_id": "project_number",
            "name": "project_name",
            "portfolio": "department",
            "description": "description_aims",
            "start_date": "start_date",
        },
        constants={"phase": "Execution"},
        inferred={},
        rows=32,
        sample={
            "project_id": "CO_0033_2122-Q1",
            "name": "GOV.UK One Login",
            "portfolio": "CO",
            "phase": "Execution",
        },
        cleared=("start_date", "forecast_end_date"),
        notes="A project number, no id, no phase. Dates are day-first text (04.01.2021), one "
        "start and end date say 'Exempt under Section 24 of the Freedom of Information Act' "
        "(refused, then the two dates are left out); the "
        "header 'colour_rating' appears twice (IPA and SRO ratings, one of them empty); money "
        "in GBP millions; long multi-line comments.",
    ),
    RealFile(
        path="helpdesk_event_log.csv",
        dataset="tickets",
        header_row=1,
        transposed=False,
        sheets_used=("helpdesk_event_log",),
        sheets_ignored=(),
        expected_columns={
            "ticket_id": "case:concept:name",
            "opened_at": "time:timestamp",
            "status": "Activity",
        },
        constants={"service": "Service Desk", "priority": "P3"},
        inferred={},
        rows=10,
        sample={
            "ticket_id": "Case3608",
            "opened_at": datetime(2010, 1, 13, 8, 40, 25),
            "status": "Closed",
        },
        notes="49 events for 10 tickets; reduce to the latest state per case:concept:name "
        "ordered by time:timestamp (opened_at = first event). The first header is empty; "
        "concept:name/Activity and org:resource/Resource are duplicates.",
    ),
    RealFile(
        path="us_omb_outlays_nasa.xlsx",
        dataset="financials",
        header_row=1,
        transposed=False,
        sheets_used=(),
        sheets_ignored=("Outlays",),
        expected_columns={},
        constants={},
        inferred={},
        rows=0,
        sample={},
        notes="Amounts in thousands of dollars, one column per fiscal year (2008-2013): a table "
        "by year that Steerco does not turn into monthly financial lines yet. The proposal "
        "leaves the sheet out and says why (no header of financials recognised).",
    ),
)
