"""Proposing a mapping from hand-made workbooks: header similarity (aliases, usual names,
abbreviations, French), content (unique codes, dates, levels, G/A/R), what sheet names say,
--set constants, ids made from names, event logs, ignored sheets, the mapping and text that
come out of a proposal, and its evidence as templates for the user's language."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from babel.messages.extract import extract

from data_access import schema
from data_access.ingest import propose as propose_module
from data_access.ingest import table as table_module
from data_access.ingest.mapping import SERVICENOW_INCIDENTS, Latest, SheetRule
from data_access.ingest.propose import header_score, propose, value_in_name
from data_access.ingest.reader import RawSheet, RawWorkbook
from data_access.said import Said
from steerco import i18n
from tools import i18n as catalogues


def _book(*sheets: tuple[str, list[list[object]]], name: str = "log.xlsx") -> RawWorkbook:
    raw = [RawSheet(sheet, [list(r) for r in rows]) for sheet, rows in sheets]
    return RawWorkbook(file_name=name, kind="xlsx", sha256="0" * 64, size=1, sheets=raw)


RISK_HEADER = ["Risk No", "Description", "Prob", "Severity", "Owner", "Status", "Date raised"]


def _risks(count: int = 6) -> list[list[object]]:
    levels = ["High", "Medium", "Low"]
    return [
        [
            f"R-{i:02}",
            f"Supplier {i} may deliver late",
            levels[i % 3],
            levels[(i + 1) % 3],
            f"Person {i % 2}",
            "Open" if i % 2 else "Closed",
            datetime(2026, 1, i + 1),
        ]
        for i in range(count)
    ]


def _choice(proposal, column, sheet=0):
    return proposal.sheets[sheet].choice(column)


# --------------------------------------------------------------------------- header evidence


@pytest.mark.parametrize(
    ("dataset", "column", "header", "least"),
    [
        ("raid", "probability", "Likelihood", 1.0),  # a schema alias
        ("raid", "probability", "Probabilité", 1.0),  # French alias, accents ignored
        ("raid", "impact", "Severity", 0.95),  # a usual name
        ("raid", "probability", "Prob", 0.7),  # an abbreviation
        ("raid", "probability", "Probabilty", 0.85),  # a typo
        ("raid", "raid_id", "#", 0.7),  # an identifier
        ("raid", "raid_id", "Risk No", 0.95),
        ("projects", "name", "latestProjectName", 0.75),  # camelCase, more words
        ("projects", "portfolio", "Département", 0.95),  # French, accent
        ("tickets", "ticket_id", "SR Number", 0.95),
    ],
)
def test_header_similarity(dataset, column, header, least):
    score, why = header_score(dataset, column, header)
    assert score >= least, why
    assert header in why or "similar" in why


@pytest.mark.parametrize(
    ("dataset", "column", "header"),
    [
        ("tickets", "service", "location"),  # shares an ending with "application" only
        ("tickets", "root_cause", "caused_by"),
        ("projects", "percent_complete", "originalEstimatedCompletionDateSource"),
        ("raid", "owner", "Status"),
    ],
)
def test_headers_that_only_look_alike_are_not_chosen(dataset, column, header):
    assert header_score(dataset, column, header)[0] < 0.6


def test_a_raid_register_with_its_own_headers():
    proposal = propose(_book(("Risk Register", [RISK_HEADER, *_risks()])), "raid")
    sheet = proposal.sheets[0]
    assert sheet.ignored is None
    sources = {c.column: c.source for c in sheet.choices if c.source}
    assert sources == {
        "raid_id": "Risk No",
        "title": "Description",  # the required title takes "Description"
        "probability": "Prob",
        "impact": "Severity",
        "owner": "Owner",
        "status": "Status",
        "raised_date": "Date raised",
    }
    assert sheet.missing == ()
    assert sheet.unused == ()
    reasons = _choice(proposal, "raid_id").candidates[0].reasons
    assert "unique codes in 6/6 rows" in reasons
    assert "dates in 100% of rows" in _choice(proposal, "raised_date").candidates[0].reasons


def test_levels_on_a_1_to_5_score_are_translated():
    proposal = propose(_book(("Risks", [RISK_HEADER, *_risks()])), "raid")
    probability = _choice(proposal, "probability")
    assert probability.values == {"High": "4", "Medium": "3", "Low": "2"}
    assert any("High = 4" in r for r in probability.candidates[0].reasons)
    assert proposal.mapping().values["probability"]["Low"] == "2"


def test_a_french_register():
    header = ["Référence", "Titre", "Probabilité", "Gravité", "Responsable", "Statut"]
    rows = [[f"R{i}", f"Risque {i}", 3, 4, "Marie", "Ouvert"] for i in range(5)]
    proposal = propose(_book(("Risques", [header, *rows])), "raid")
    sources = {c.column: c.source for c in proposal.sheets[0].choices if c.source}
    assert sources == {
        "raid_id": "Référence",
        "title": "Titre",
        "probability": "Probabilité",
        "impact": "Gravité",
        "owner": "Responsable",
        "status": "Statut",
    }
    assert _choice(proposal, "type").constant == "Risk"


# --------------------------------------------------------------------------- content evidence


def test_content_alone_chooses_a_rag_column_nobody_named():
    header = ["Project", "Date", "Weather", "Comment"]
    rows = [
        [f"P{i}", datetime(2026, 3, 1), ["Green", "Amber", "Red"][i % 3], "ok"] for i in range(6)
    ]
    proposal = propose(_book(("Reports", [header, *rows])), "status_reports")
    overall = _choice(proposal, "overall_rag")
    assert overall.source == "Weather"
    assert overall.candidates[0].reasons == ("G/A/R words in 100% of rows",)


def test_content_alone_does_not_choose_between_columns_it_fits_equally():
    header = ["Ref", "Title", "Status", "Rating"]
    rows = [[f"R{i}", f"Risk {i}", "Open", ["H", "M", "L"][i % 3]] for i in range(6)]
    proposal = propose(_book(("Register", [header, *rows])), "raid")
    # H/M/L fit probability and impact alike: the proposal does not guess which.
    assert _choice(proposal, "probability").source is None
    assert _choice(proposal, "impact").source is None
    assert "Rating" in proposal.sheets[0].unused


def test_a_header_whose_content_does_not_fit_scores_lower():
    header = ["ID", "Title", "Status", "Due date"]
    rows = [[f"A{i}", f"Action {i}", "Open", "when possible"] for i in range(5)]
    proposal = propose(_book(("Actions", [header, *rows])), "raid")
    due = _choice(proposal, "due_date")
    assert due.candidates[0].header == "Due date"
    assert due.candidates[0].score < 0.8
    assert "dates in 0% of rows" in due.candidates[0].reasons


def test_enumerated_values_and_amounts_are_evidence():
    header = ["Code", "Project name", "Stage", "Priority", "Budget"]
    rows = [
        [f"P{i}", f"Project {i}", "Execution", ["High", "Medium", "Low"][i % 3], f"€ {i},000"]
        for i in range(1, 6)
    ]
    proposal = propose(_book(("Portfolio", [header, *rows])), "projects")
    priority = _choice(proposal, "priority")
    assert priority.source == "Priority"
    values, _, fit = priority.candidates[0].reasons[1].partition(" fit ")
    assert (sorted(values.removeprefix("values ").split("/")), fit) == (
        ["High", "Low", "Medium"],
        "priority",
    )
    budget = _choice(proposal, "approved_budget")
    assert budget.source == "Budget"
    assert "amounts (€) in 100% of rows" in budget.candidates[0].reasons


# --------------------------------------------------------------------------- what the sheet says


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("Risk Register", "Risk"),
        ("Risks", "Risk"),
        ("Issue log", "Issue"),
        ("Issues", "Issue"),
        ("Actions", "Action"),
        ("Decisions", "Decision"),
        ("Dependencies", "Dependency"),
        ("Assumptions", "Assumption"),
        ("Risques", "Risk"),
        ("Problèmes", "Issue"),
        ("Risico's", "Risk"),
        ("Change Requests", None),
        ("Risks and issues", None),  # two types: no guess
    ],
)
def test_value_in_a_sheet_name(name, value):
    assert (
        value_in_name(name, ("Risk", "Issue", "Assumption", "Dependency", "Decision", "Action"))
        == value
    )


def test_the_sheet_name_gives_the_type_and_a_type_column_wins_over_it():
    proposal = propose(_book(("Issue Register", [RISK_HEADER, *_risks()])), "raid")
    kind = _choice(proposal, "type")
    assert (kind.source, kind.constant) == (None, "Issue")
    assert kind.note == "from the sheet name 'Issue Register'"
    with_type = [[*RISK_HEADER, "Type"], *[[*r, "Risk"] for r in _risks()]]
    proposal = propose(_book(("Issue Register", with_type)), "raid")
    assert (_choice(proposal, "type").source, _choice(proposal, "type").constant) == ("Type", None)


def test_a_csv_file_name_gives_the_type():
    sheet = RawSheet("export", [RISK_HEADER, *_risks()])
    book = RawWorkbook("decisions.csv", "csv", "0" * 64, 1, [sheet])
    proposal = propose(book, "raid")
    assert _choice(proposal, "type").constant == "Decision"
    assert _choice(proposal, "type").note == "from the file name 'decisions'"


def test_constants_given_by_the_user_fill_every_sheet():
    proposal = propose(
        _book(("Risks", [RISK_HEADER, *_risks()]), ("Issues", [RISK_HEADER, *_risks()])),
        "raid",
        constants={"type": "Action", "project_id": "P-1"},
    )
    for sheet in proposal.sheets:
        assert sheet.choice("type").constant == "Action"
        assert sheet.choice("type").note == "set by you"
        assert sheet.choice("project_id").constant == "P-1"
    assert proposal.mapping().constants == {"type": "Action", "project_id": "P-1"}


def test_an_unknown_constant_is_refused_with_the_columns():
    with pytest.raises(ValueError, match=r"raid has no column phase; its columns are raid_id, "):
        propose(_book(("Risks", [RISK_HEADER, *_risks()])), "raid", constants={"phase": "x"})


def test_a_missing_id_is_made_from_the_name_and_a_missing_phase_is_reported():
    header = ["Project Name", "Department", "Budget"]
    rows = [[f"Project {i}", "Finance", 1000 * i] for i in range(1, 5)]
    proposal = propose(_book(("Projects", [header, *rows])), "projects")
    key = _choice(proposal, "project_id")
    assert (key.source, key.slug_of) == (None, "Project Name")
    assert key.note == "derived from a slug of 'Project Name'"
    assert proposal.sheets[0].missing == ("phase",)
    mapping = proposal.mapping()
    assert mapping.slugs == {"project_id": "Project Name"}
    assert "project_id" not in mapping.columns
    with_phase = propose(
        _book(("Projects", [header, *rows])), "projects", constants={"phase": "Execution"}
    )
    assert with_phase.sheets[0].missing == ()
    assert with_phase.mapping().constants == {"phase": "Execution"}


def test_a_unique_project_number_is_the_id():
    header = ["Project Number", "Project Name", "Phase"]
    rows = [[1000 + i, f"Project {i}", "Planning"] for i in range(5)]
    proposal = propose(_book(("Projects", [header, *rows])), "projects")
    key = _choice(proposal, "project_id")
    assert (key.source, key.slug_of) == ("Project Number", None)
    assert "unique codes in 5/5 rows" in key.candidates[0].reasons


# --------------------------------------------------------------------------- event logs


def _log_rows() -> list[list[object]]:
    header = ["SR Number", "Change Date+Time", "Status", "Impact", "Priority", "Created"]
    events = []
    for sr in range(3):
        for step, status in enumerate(("New", "In progress", "Resolved")):
            events.append(
                [
                    f"SR{sr}",
                    f"0{step + 1}/03/2026 1{sr}:00",
                    status,
                    "Medium",
                    "P3",
                    f"01/03/2026 0{sr}:00",
                ]
            )
    return [header, *events]


def test_an_event_log_keeps_the_latest_row_per_key():
    proposal = propose(_book(("Service requests", _log_rows())), "tickets")
    sheet = proposal.sheets[0]
    assert sheet.ignored is None
    assert sheet.latest == Latest(
        key="SR Number",
        order=("Change Date+Time",),
        state="Status",
        reached={"resolved_at": ("Resolved",)},  # the file has no resolution date of its own
    )
    assert _choice(proposal, "ticket_id").source == "SR Number"
    assert _choice(proposal, "opened_at").source == "Created"
    assert "Change Date+Time" not in sheet.unused
    assert proposal.mapping().latest == sheet.latest
    assert (
        "  event log: the latest row per 'SR Number' by 'Change Date+Time', state in 'Status'"
        in proposal.lines()
    )


def test_a_list_with_one_row_per_key_is_no_event_log():
    rows = _log_rows()
    unique = [rows[0], *[r for i, r in enumerate(rows[1:]) if i % 3 == 2]]
    assert propose(_book(("Tickets", unique)), "tickets").sheets[0].latest is None


SERVICENOW_HEADERS = [
    "number", "incident_state", "reassignment_count", "reopen_count", "sys_mod_count",
    "made_sla", "sys_updated_at", "category", "priority", "assignment_group", "opened_at",
    "resolved_at", "closed_at", "closed_code",
]  # fmt: skip
SERVICENOW_ROW = ["INC1", "New", "0", "0", "0", "true", "1/3/2026 08:00", "Cat 1",
                  "3 - Moderate", "G1", "1/3/2026 08:00", "?", "?", "code 1"]  # fmt: skip


def test_the_servicenow_export_keeps_its_built_in_mapping():
    rows = [SERVICENOW_HEADERS, SERVICENOW_ROW, SERVICENOW_ROW]
    proposal = propose(_book(("incidents", rows)), "tickets")
    sheet = proposal.sheets[0]
    assert sheet.builtin is SERVICENOW_INCIDENTS
    assert sheet.latest == SERVICENOW_INCIDENTS.latest
    assert _choice(proposal, "service").constant == "Service Desk"
    mapping = proposal.mapping(name="mine")
    assert mapping.columns == SERVICENOW_INCIDENTS.columns
    assert mapping.hours == SERVICENOW_INCIDENTS.hours
    assert (mapping.name, mapping.builtin) == ("mine", False)


# --------------------------------------------------------------------------- ignored sheets


def test_sheets_that_are_not_registers_are_ignored_with_their_reason():
    notes = [["How to use this log"], ["Add one row per risk, and keep it up to date every week."]]
    lookups = [["Status", "Level"], ["Open", "High"], ["Closed", "Low"]]
    milestones = [
        ["Milestone ID", "Project", "Milestone name", "Baseline date", "Forecast date"],
        ["M1", "P1", "Go live", datetime(2026, 1, 1), datetime(2026, 2, 1)],
        ["M2", "P1", "Design", datetime(2025, 10, 1), datetime(2025, 11, 1)],
    ]
    odd = [["Colour", "Shape", "Size"], ["red", "round", 3], ["blue", "square", 4]]
    book = _book(
        ("Instructions", notes),
        ("Lists", lookups),
        ("Cover page", notes),
        ("Milestones", milestones),
        ("Shapes", odd),
        ("Risk Register", [RISK_HEADER, *_risks()]),
    )
    proposal = propose(book, "raid")
    reasons = {s.sheet: s.ignored for s in proposal.sheets}
    assert reasons["Instructions"] == "instructions sheet"
    assert reasons["Lists"] == "lookup lists, a legend or a summary, not a register"
    assert reasons["Cover page"] == "no table found"
    assert reasons["Milestones"] == "the sheet name and headers fit milestones"
    assert reasons["Shapes"].startswith("its headers fit raid log poorly: 0 of 3 headers")
    assert reasons["Risk Register"] is None
    assert [s.sheet for s in proposal.used()] == ["Risk Register"]


def test_a_register_whose_name_gives_no_type_is_ignored_beside_named_ones():
    book = _book(
        ("Risk Register", [RISK_HEADER, *_risks()]),
        ("Change Requests", [RISK_HEADER, *_risks()]),
    )
    proposal = propose(book, "raid")
    why = proposal.sheets[1].ignored
    assert why is not None and why.startswith("its name says no type (Risk, Issue,")
    assert "--set type=" in why


# --------------------------------------------------------------------------- the mapping and text


def test_the_mapping_of_one_sheet():
    proposal = propose(_book(("Risk Register", [RISK_HEADER, *_risks()])), "raid", day_first=False)
    mapping = proposal.mapping(name="pmo-raid", description="The PMO's RAID log")
    assert mapping.dataset == "raid"
    assert mapping.columns["title"] == "Description"
    assert mapping.constants == {"type": "Risk"}
    assert (mapping.name, mapping.description, mapping.day_first) == (
        "pmo-raid",
        "The PMO's RAID log",
        False,
    )
    assert mapping.sheets == {}
    assert not mapping.transposed


def test_the_mapping_of_one_used_sheet_among_others_names_it():
    notes = [["Read me first, then fill in the register on the next sheet."]]
    proposal = propose(_book(("Read me", notes), ("Risks", [RISK_HEADER, *_risks()])), "raid")
    mapping = proposal.mapping()
    assert mapping.sheets == {"Risks": SheetRule()}
    assert mapping.columns["raid_id"] == "Risk No"


def test_the_mapping_of_several_sheets_has_a_rule_per_sheet():
    issues = [["Issue ID", "Issue description", "Owner", "Status"]]
    issues += [[f"I{i}", f"Issue {i}", "Ann", "Open"] for i in range(4)]
    proposal = propose(
        _book(("Risk Register", [RISK_HEADER, *_risks()]), ("Issue Log", issues)),
        "raid",
        constants={"project_id": "P-1"},
    )
    mapping = proposal.mapping(name="raid-workbook")
    assert mapping.constants == {"project_id": "P-1"}
    assert mapping.columns == {}
    assert set(mapping.sheets) == {"Risk Register", "Issue Log"}
    assert mapping.sheets["Risk Register"].constants == {"type": "Risk"}
    assert mapping.sheets["Issue Log"].constants == {"type": "Issue"}
    assert mapping.sheets["Issue Log"].columns == {
        "raid_id": "Issue ID",
        "title": "Issue description",
        "owner": "Owner",
        "status": "Status",
    }
    assert mapping.values["impact"]["High"] == "4"
    assert mapping.for_sheet("Issue Log").constants == {"project_id": "P-1", "type": "Issue"}


def test_a_transposed_sheet_is_proposed_turned():
    fields = ["Project ID", "Project name", "Phase", "Budget", "Start date"]
    rows = [[f] for f in fields]
    for i in range(1, 5):
        values = [f"P{i}", f"Project {i}", "Execution", 1000 * i, datetime(2026, 1, i)]
        for row, value in zip(rows, values, strict=True):
            row.append(value)
    proposal = propose(_book(("Portfolio", rows)), "projects")
    sheet = proposal.sheets[0]
    assert sheet.transposed
    assert {c.column: c.source for c in sheet.choices if c.source} == {
        "project_id": "Project ID",
        "name": "Project name",
        "phase": "Phase",
        "approved_budget": "Budget",
        "start_date": "Start date",
    }
    assert proposal.mapping().transposed
    assert proposal.lines()[1].startswith("Sheet 'Portfolio' (transposed)")


def test_the_proposal_as_text():
    header = ["Project Name", "Department", "Colour"]
    rows = [[f"Project {i}", "Finance", "blue"] for i in range(1, 5)]
    book = _book(("Instructions", [["Fill in the list."]]), ("Projects", [header, *rows]))
    lines = propose(book, "projects").lines()
    assert lines[0] == "Proposed mapping of log.xlsx to projects:"
    assert lines[1].startswith("Sheet 'Projects'; header in row 1")
    assert "  project_id ← slug of 'Project Name' (derived from a slug of 'Project Name')" in lines
    assert any(
        line.startswith("  name       ← 'Project Name' (header 'Project Name' is an alias")
        for line in lines
    )
    assert "  phase      — missing (required): give it with --set phase=…" in lines
    assert "  not used: 'Colour'" in lines
    assert lines[-2:] == ["Ignored sheets:", "  'Instructions': instructions sheet"]


def test_a_file_with_nothing_to_read():
    proposal = propose(_book(("Notes", [["Nothing here yet."]])), "raid")
    assert proposal.used() == ()
    assert proposal.lines()[-1] == "No sheet of log.xlsx can be read as raid."
    assert proposal.mapping().columns == {}


def test_values_outside_the_allowed_list_get_the_translation_their_words_say():
    rows = [
        ["Project ID", "Project Name", "Status"],
        ["P1", "Portal", "on schedule"],
        ["P2", "Archive", "Completed"],
        ["P3", "Payroll", "Behind Schedule"],
        ["P4", "Data lake", "Execution"],
        ["P5", "Mystery", "blue moon"],
        ["P6", "Intranet", "completed (behind schedule)"],
    ]
    proposal = propose(_book(("Projects", rows)), "projects")
    phase = _choice(proposal, "phase")
    assert phase.source == "Status"
    assert phase.values == {
        "on schedule": "Execution",
        "Completed": "Closed",
        "Behind Schedule": "Execution",
        "blue moon": "",
        "completed (behind schedule)": "Closed",  # the word said first
    }
    assert phase.untranslated == ("blue moon",)
    assert proposal.mapping().values == {
        "phase": {
            "on schedule": "Execution",
            "Completed": "Closed",
            "Behind Schedule": "Execution",
            "completed (behind schedule)": "Closed",
        }
    }
    lines = proposal.lines()
    assert any("'on schedule' → Execution" in line for line in lines)
    assert any(
        "not allowed and not translated: 'blue moon' (allowed: Initiation, Planning" in line
        for line in lines
    )


def test_a_sheet_is_read_the_way_the_user_says():
    rows = [
        ["Project ID", "P1", "P2", "P3"],
        ["Project Name", "Portal", "Archive", "Payroll"],
        ["Phase", "Execution", "Planning", "Closed"],
    ]
    book = _book(("Projects", rows))
    assert propose(book, "projects").sheets[0].transposed
    down = propose(book, "projects", turned={"Projects": False}).sheets[0]
    assert not down.transposed
    across = propose(book, "projects", turned={"Projects": True}).sheets[0]
    assert across.transposed and across.choice("project_id").source == "Project ID"


# --------------------------------------------------------------------------- in the user's language


def _in_french(said: Said) -> str:
    """What the French page shows: the catalogue's translation of the template (English while
    translators have not written it), filled with the params, Said params in French too."""
    values = {k: _in_french(v) if isinstance(v, Said) else v for k, v in said.params}
    return i18n.catalogue("fr").texts.get(said.template, said.template).format(**values)


@pytest.fixture
def french():
    with i18n.speaking("fr"):
        yield
    i18n.forget_missed()


def test_an_alias_header_is_said_with_its_header_and_column_as_data(french):
    _, why = header_score("raid", "probability", "Likelihood")
    assert why == "header 'Likelihood' is an alias of probability"
    assert why.template == "header '{header}' is an alias of {column}"
    assert why.params == (("header", "Likelihood"), ("column", "probability"))
    shown = i18n.said(why)
    assert shown == _in_french(why)
    assert "'Likelihood'" in shown and "probability" in shown  # data: never translated


def test_unique_codes_are_said_with_their_counts(french):
    proposal = propose(_book(("Risk Register", [RISK_HEADER, *_risks()])), "raid")
    why = next(r for r in _choice(proposal, "raid_id").candidates[0].reasons if "codes" in r)
    assert (why.template, why.params) == (
        "unique codes in {n}/{total} rows",
        (("n", "6"), ("total", "6")),
    )
    assert i18n.said(why) == _in_french(why)
    assert "6/6" in i18n.said(why)


def test_a_sheet_left_out_is_said_with_the_dataset_in_the_user_s_language(french):
    odd = [["Colour", "Shape", "Size"], ["red", "round", 3], ["blue", "square", 4]]
    proposal = propose(_book(("Shapes", odd), ("Risks", [RISK_HEADER, *_risks()])), "raid")
    why = proposal.sheets[0].ignored
    assert why == "its headers fit raid log poorly: 0 of 3 headers recognised"
    assert why.template == "its headers fit {dataset} poorly: {n} of {total} headers recognised"
    params = dict(why.params)
    assert (params["n"], params["total"]) == ("0", "3")
    assert params["dataset"].template == "RAID log"  # the title, which the catalogue has
    assert i18n.said(why) == _in_french(why)
    assert "Registre RAID" in i18n.said(why)


def test_a_note_made_of_a_reason_keeps_the_reason_s_template():
    header = ["Tag", "Project Name", "Phase"]
    rows = [[f"#{i}", f"Project {i}", "Execution"] for i in range(1, 5)]
    key = _choice(propose(_book(("Project list", [header, *rows])), "projects"), "project_id")
    assert (key.source, key.note) == ("Tag", "'Tag' holds unique codes in 4/4 rows")
    assert key.note.template == "'{header}' holds {why}"
    assert dict(key.note.params)["why"].template == "unique codes in {n}/{total} rows"


def _marked() -> set[str]:
    """The texts the extractor finds in propose.py and table.py (a count's: its singular)."""
    found = set()
    for module in (propose_module, table_module):
        with Path(module.__file__).open("rb") as source:
            for _, message, _, _ in extract(
                catalogues.extract_python, source, keywords=catalogues.KEYWORDS
            ):
                found.add(message if isinstance(message, str) else message[0])
    return found | {d.title for d in schema.DATASETS}


def _walk(said: Said):
    yield said
    for _, value in said.params:
        if isinstance(value, Said):
            yield from _walk(value)


def _english(said: Said) -> str:
    template = said.template if said.count in (None, 1) else said.plural
    n = {"n": said.count} if said.count is not None else {}
    return template.format(**n, **dict(said.params)) if said.params or n else template


def test_every_text_of_a_proposal_is_said_with_a_marked_template():
    notes = [["How to use this log"], ["Add one row per risk, and keep it up to date."]]
    milestones = [["Milestone ID", "Project", "Milestone name", "Baseline date"]]
    milestones += [[f"M{i}", "P1", "Go live", datetime(2026, 1, i)] for i in range(1, 4)]
    raid = _book(
        ("Instructions", notes),
        ("Lists", [["Status", "Level"], ["Open", "High"]]),
        ("Cover page", notes),
        ("Milestones", milestones),
        ("Shapes", [["Colour", "Shape", "Size"], ["red", "round", 3], ["blue", "square", 4]]),
        ("Risk Register", [["Risk log, exported"], [None], RISK_HEADER, *_risks()]),
        ("Change Requests", [RISK_HEADER, *_risks()]),
    )
    fields = [["Project ID"], ["Project name"], ["Phase"], ["Budget"], ["Start date"]]
    for i in range(1, 5):
        values = [f"P{i}", f"Project {i}", "Execution", 1000 * i, datetime(2026, 1, i)]
        for row, value in zip(fields, values, strict=True):
            row.append(value)
    projects = [["Tag", "Project Name", "Department", "Budget", "Open", "Stage"]]
    projects += [[f"#{i}", f"Project {i}", "ICT", f"€ {i},000", "yes", "x"] for i in range(1, 5)]
    texts = []
    for book, dataset, constants in (
        (raid, "raid", None),
        (raid, "raid", {"project_id": "P-1"}),
        (_book(("Portfolio", fields)), "projects", None),
        (_book(("Projects", projects)), "projects", None),
        (_book(("Projects", [row[1:] for row in projects])), "projects", None),
        (RawWorkbook("decisions.csv", "csv", "0" * 64, 1, [RawSheet("x", raid.sheets[6].rows)]),
         "raid", None),
        (_book(("Service requests", _log_rows())), "tickets", None),
        (_book(("incidents", [SERVICENOW_HEADERS, SERVICENOW_ROW, SERVICENOW_ROW])), "tickets",
         None),
    ):  # fmt: skip
        for sheet in propose(book, dataset, constants=constants).sheets:
            texts += [sheet.ignored, sheet.table]
            for choice in sheet.choices:
                texts += [choice.note, *(r for k in choice.candidates for r in k.reasons)]
    said = [t for t in texts if t]
    assert said and all(isinstance(t, Said) for t in said), [t for t in said if type(t) is str]
    marked = _marked()
    for text in said:
        for part in _walk(text):
            assert part.template in marked, part.template
            assert _english(part).casefold() == part.casefold()  # a title is lowercased
