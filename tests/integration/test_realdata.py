"""Importing what real systems export: a ServiceNow incident log and a government project list.

The files live in ``../shared/realdata/`` beside the checkout (see its README); the tests skip
when they are absent. Every expectation is computed here, independently of the importer, with
pandas and the csv module straight from the file.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from data_access import engine as store_engine
from data_access import schema, store, versioning
from data_access.ingest import service
from data_access.ingest.mapping import Mapping, save_mapping

ROOT = Path(__file__).resolve().parents[2]
REALDATA = ROOT / ".." / "shared" / "realdata"
SERVICENOW_ZIP = REALDATA / "servicenow_incidents" / "incident_event_log.csv.zip"
CANADA_CSV = REALDATA / "canada_it_projects" / "gc-it-projects-combined.csv"
CANADA_MAPPING = ROOT / "docs" / "mappings" / "canada-it-projects.json"

needs_servicenow = pytest.mark.skipif(
    not SERVICENOW_ZIP.is_file(),
    reason=f"real ServiceNow incident log not present at {SERVICENOW_ZIP.resolve()}",
)
needs_canada = pytest.mark.skipif(
    not CANADA_CSV.is_file(),
    reason=f"real Government of Canada project list not present at {CANADA_CSV.resolve()}",
)

#: ServiceNow's timestamp format in this export: day first, no zero padding (29/2/2016 01:16).
SN_FORMAT = "%d/%m/%Y %H:%M"
SN_PRIORITIES = {"1 - Critical": "P1", "2 - High": "P2", "3 - Moderate": "P3", "4 - Low": "P4"}
SN_STATES = {
    "New": "New",
    "Active": "In progress",
    "Awaiting User Info": "On hold",
    "Awaiting Problem": "On hold",
    "Awaiting Vendor": "On hold",
    "Awaiting Evidence": "On hold",
    "Resolved": "Resolved",
    "Closed": "Closed",
    "-100": None,
}
#: States in which an incident waits (for the user, a supplier, a problem, evidence).
SN_ON_HOLD = {"Awaiting User Info", "Awaiting Problem", "Awaiting Vendor", "Awaiting Evidence"}
#: States of an incident not (or no longer) resolved.
SN_OPEN = {"New", "Active", *SN_ON_HOLD}

_fresh = iter(range(1, 1_000_000))


def empty_store(kind: str, tmp_path: Path, request) -> str:
    """The URL of a new, empty store (schema only) on SQLite or on the suite's PostgreSQL."""
    if kind == "sqlite":
        url = f"sqlite:///{tmp_path / 'realdata.sqlite'}"
    else:
        url = request.getfixturevalue("pg_server").create_database(f"realdata_{next(_fresh)}")
    engine = store_engine.create_engine(url)
    store.create_schema(engine)
    engine.dispose()
    return url


def stored(engine, name: str) -> pd.DataFrame:
    with engine.connect() as conn:
        return versioning.as_of(conn, name, datetime.now())


# --------------------------------------------------------------------------- ServiceNow


def servicenow_raw() -> pd.DataFrame:
    return pd.read_csv(SERVICENOW_ZIP, dtype=str, keep_default_na=False)


def servicenow_log(raw: pd.DataFrame) -> pd.DataFrame:
    """The updates in the order they happened: sys_mod_count, then sys_updated_at, then the
    line of the file."""
    order = pd.DataFrame(
        {
            "number": raw["number"],
            "state": raw["incident_state"],
            "mod": raw["sys_mod_count"].astype(int),
            "updated": pd.to_datetime(raw["sys_updated_at"], format=SN_FORMAT),
            "line": np.arange(len(raw)),
        }
    )
    return order.sort_values(["mod", "updated", "line"], kind="stable")


def servicenow_on_hold(log: pd.DataFrame) -> pd.Series:
    """Hours per incident from each update into an Awaiting… state to its next update (an
    update stamped before the one it follows counts 0)."""
    following = log.groupby("number")["updated"].shift(-1)
    hours = ((following - log["updated"]).dt.total_seconds() / 3600).clip(lower=0)
    return hours.where(log["state"].isin(SN_ON_HOLD), 0).fillna(0).groupby(log["number"]).sum()


def servicenow_expected(raw: pd.DataFrame) -> pd.DataFrame:
    """One row per incident: its latest update (highest sys_mod_count, then sys_updated_at,
    then the later line of the file), as the tickets dataset should hold it. An incident
    whose latest state is open (reopened, or not resolved yet) has no resolution or closing
    date, whatever the export carries."""
    log = servicenow_log(raw)
    last = log.drop_duplicates("number", keep="last")
    latest = raw.iloc[last["line"].to_numpy()].set_index("number")
    is_open = latest["incident_state"].isin(SN_OPEN)

    def when(column: str) -> pd.Series:
        stamps = pd.to_datetime(latest[column].replace("?", None), format=SN_FORMAT)
        return stamps.mask(is_open) if column in ("resolved_at", "closed_at") else stamps

    def text(column: str) -> pd.Series:
        return latest[column].replace("?", None)

    return pd.DataFrame(
        {
            "priority": latest["priority"].map(SN_PRIORITIES),
            "status": latest["incident_state"].map(SN_STATES),
            "made_sla": latest["made_sla"].map({"true": True, "false": False}),
            "reopened_count": latest["reopen_count"].astype(int),
            "escalated": latest["reassignment_count"].astype(int) > 0,
            "opened_at": when("opened_at"),
            "resolved_at": when("resolved_at"),
            "closed_at": when("closed_at"),
            "category": text("category"),
            "assignment_group": text("assignment_group"),
            "root_cause": text("closed_code"),
            "on_hold_hours": servicenow_on_hold(log).reindex(latest.index),
        }
    )


@pytest.fixture(scope="module")
def servicenow_raw_frame() -> pd.DataFrame:
    return servicenow_raw()


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def servicenow_import(request, tmp_path_factory):
    """The real export imported once per backend into an empty store, no mapping named."""
    if not SERVICENOW_ZIP.is_file():
        pytest.skip(f"real ServiceNow incident log not present at {SERVICENOW_ZIP.resolve()}")
    url = empty_store(request.param, tmp_path_factory.mktemp("servicenow"), request)
    engine = store_engine.create_engine(url)
    report = service.import_path(engine, SERVICENOW_ZIP, user_name="ops")
    yield engine, report
    engine.dispose()


@needs_servicenow
def test_servicenow_export_is_recognised_and_every_incident_arrives(
    servicenow_import, servicenow_raw_frame
):
    engine, report = servicenow_import
    assert not report.refused, [str(p) for p in report.problems.errors[:5]]
    assert report.committed
    (sheet,) = report.prepared.sheets
    assert (sheet.dataset, sheet.mapping) == ("tickets", "servicenow-incidents")
    assert sheet.reduced_from == len(servicenow_raw_frame) == 119_998
    numbers = set(servicenow_raw_frame["number"])
    assert len(numbers) == 20_769
    assert report.changes.summary() == {
        "tickets": {"added": 20_769, "changed": 0, "removed": 0, "unchanged": 0}
    }
    tickets = stored(engine, "tickets")
    assert len(tickets) == 20_769
    assert set(tickets["ticket_id"]) == numbers
    assert set(tickets["service"]) == {"Service Desk"}


@needs_servicenow
def test_servicenow_values_match_the_latest_state_of_each_incident(
    servicenow_import, servicenow_raw_frame
):
    engine, _ = servicenow_import
    expected = servicenow_expected(servicenow_raw_frame)
    tickets = stored(engine, "tickets").set_index("ticket_id").loc[expected.index]

    assert tickets["priority"].value_counts().to_dict() == (
        expected["priority"].value_counts().to_dict()
    )
    assert tickets["priority"].value_counts().to_dict() == {
        "P3": 19_554,
        "P4": 658,
        "P2": 337,
        "P1": 220,
    }
    assert tickets["made_sla"].value_counts().to_dict() == (
        expected["made_sla"].value_counts().to_dict()
    )
    for column in expected.columns.drop("on_hold_hours"):
        got = tickets[column].astype(object).where(tickets[column].notna(), None)
        want = expected[column].astype(object).where(expected[column].notna(), None)
        differs = got.to_numpy() != want.to_numpy()
        assert not differs.any(), (
            f"{column}: {int(differs.sum())} incidents differ, e.g. "
            f"{got[differs].head(3).to_dict()} instead of {want[differs].head(3).to_dict()}"
        )
    held = tickets["on_hold_hours"].astype(float)
    assert held.notna().all()  # an event log gives every incident its time on hold
    np.testing.assert_allclose(held.to_numpy(), expected["on_hold_hours"].to_numpy(), atol=1e-9)
    assert (held > 0).sum() == 5_056


@needs_servicenow
def test_servicenow_named_incidents_are_exactly_right(servicenow_import):
    engine, _ = servicenow_import
    tickets = stored(engine, "tickets").set_index("ticket_id")
    ts = pd.Timestamp

    def row(ticket_id: str) -> dict:
        values = tickets.loc[ticket_id].to_dict()
        return {k: (None if v is pd.NaT or v is pd.NA else v) for k, v in values.items()}

    first = row("INC0000045")  # the first line of the file: 29/2/2016 01:16 is 29 February
    assert (first["opened_at"], first["resolved_at"], first["closed_at"]) == (
        ts("2016-02-29 01:16"),
        ts("2016-02-29 11:29"),
        ts("2016-03-05 12:00"),
    )
    assert (first["priority"], first["status"], first["made_sla"]) == ("P3", "Closed", True)
    assert (first["category"], first["assignment_group"], first["root_cause"]) == (
        "Category 55",
        "Group 56",
        "code 5",
    )
    reopened = row("INC0007262")  # reopened once, reassigned once, SLA missed
    assert (reopened["reopened_count"], reopened["escalated"], reopened["made_sla"]) == (
        1,
        True,
        False,
    )
    assert (reopened["opened_at"], reopened["resolved_at"], reopened["closed_at"]) == (
        ts("2016-03-15 12:16"),
        ts("2016-03-17 15:35"),
        ts("2016-03-24 19:01"),
    )
    critical = row("INC0001549")
    assert (critical["priority"], critical["opened_at"], critical["closed_at"]) == (
        "P1",
        ts("2016-03-02 17:40"),
        ts("2016-03-07 18:00"),
    )
    unresolved = row("INC0000093")  # resolved_at is "?" in the export
    assert unresolved["resolved_at"] is None
    assert unresolved["closed_at"] == ts("2016-03-05 10:00")
    # Two updates share sys_mod_count 7: the later sys_updated_at (5/3, not 29/2) wins.
    assert row("INC0000135")["status"] == "Closed"
    # The incident with a -100 state in its history ends with its real, later state.
    passed_minus_100 = row("INC0028089")
    assert (passed_minus_100["status"], passed_minus_100["made_sla"]) == ("Closed", False)
    last_line = row("INC0029233")  # the last line of the file: a new incident
    assert last_line["status"] == "New"
    # The export already carries a later resolution and closure; they are not known yet.
    assert last_line["resolved_at"] is None and last_line["closed_at"] is None
    # 38 min Awaiting User Info (1/3/2016 09:14 → resolved 09:52)
    assert row("INC0000047")["on_hold_hours"] == pytest.approx(38 / 60)
    # Awaiting User Info 29/2 20:09 → 3/3 17:29 and 7/3 11:50 → 14/3 08:13, then reopened on
    # 17/3 and resolved again a minute later: resolved_at is the last resolution.
    reopened_once = row("INC0000102")
    assert reopened_once["on_hold_hours"] == pytest.approx(69 + 20 / 60 + 164 + 23 / 60)
    assert (reopened_once["reopened_count"], reopened_once["resolved_at"]) == (
        1,
        ts("2016-03-17 16:28"),
    )
    assert first["on_hold_hours"] == 0.0  # INC0000045 never waited


@needs_servicenow
def test_servicenow_incident_whose_latest_state_is_minus_100_arrives_without_a_status(
    tmp_path, servicenow_raw_frame
):
    """-100 is an internal state of the export: the ticket arrives, its status stays empty."""
    rows = servicenow_raw_frame[servicenow_raw_frame["number"] == "INC0028089"]
    upto = rows[rows["sys_mod_count"].astype(int) <= 2]
    assert upto["incident_state"].iloc[-1] == "-100"
    path = tmp_path / "incident-minus-100.csv"
    upto.to_csv(path, index=False)
    engine = store_engine.create_engine(empty_store("sqlite", tmp_path, None))
    report = service.import_path(engine, path)
    assert report.committed, [str(p) for p in report.problems.errors]
    (ticket,) = stored(engine, "tickets").to_dict("records")
    assert ticket["ticket_id"] == "INC0028089"
    assert pd.isna(ticket["status"])
    assert ticket["opened_at"] == pd.Timestamp("2016-05-10 22:09")


@needs_servicenow
def test_servicenow_export_imported_again_changes_nothing(servicenow_import):
    engine, _ = servicenow_import
    again = service.import_path(engine, SERVICENOW_ZIP)
    assert again.result.outcome == schema.OUTCOME_UNCHANGED
    assert again.changes.summary()["tickets"]["unchanged"] == 20_769


# --------------------------------------------------------------------------- Canada


def canada_mapping(name: str = "canada-it-projects") -> Mapping:
    spec = Mapping.from_json(CANADA_MAPPING.read_text(encoding="utf-8"))
    return Mapping(**{**spec.__dict__, "name": name})


def canada_records() -> list[dict[str, str]]:
    with CANADA_CSV.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def money(text: str) -> float:
    if not text.strip():
        return np.nan
    assert re.fullmatch(r"-?\$[\d,]+(\.\d+)?", text), text
    value = float(text.replace("$", "").replace(",", ""))
    return value


def long_date(text: str) -> pd.Timestamp:
    return pd.to_datetime(text, format="%B %d, %Y") if text.strip() else pd.NaT


def canada_expected(records: list[dict[str, str]]) -> pd.DataFrame:
    phases = json.loads(CANADA_MAPPING.read_text(encoding="utf-8"))["values"]["phase"]
    return pd.DataFrame(
        {
            "project_id": [r["uniqueId"] for r in records],
            "name": [r["latestProjectName"].strip() for r in records],
            "portfolio": [r["department"].strip() for r in records],
            "programme": [r["deptAcronym"].strip() for r in records],
            "approved_budget": [money(r["latestBudget"]) for r in records],
            "baseline_end_date": [long_date(r["originalEstimatedCompletionDate"]) for r in records],
            "forecast_end_date": [long_date(r["latestEstimatedCompletionDate"]) for r in records],
            "phase": [phases[r["estimatedStatus"]] for r in records],
            "description": [r["latestDescription"].strip() or None for r in records],
        }
    ).set_index("project_id")


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def canada_import(request, tmp_path_factory):
    """The project list imported once per backend into an empty store with the saved mapping."""
    if not CANADA_CSV.is_file():
        pytest.skip(f"real Government of Canada project list not present at {CANADA_CSV}")
    url = empty_store(request.param, tmp_path_factory.mktemp("canada"), request)
    engine = store_engine.create_engine(url)
    save_mapping(engine, canada_mapping(), user_name="pmo")
    report = service.import_path(engine, CANADA_CSV, mapping="canada-it-projects")
    yield engine, report
    engine.dispose()


@needs_canada
def test_canada_projects_arrive_with_the_mapping(canada_import):
    engine, report = canada_import
    assert not report.refused, [str(p) for p in report.problems.errors[:5]]
    assert report.changes.summary() == {
        "projects": {"added": 1_126, "changed": 0, "removed": 0, "unchanged": 0}
    }
    (sheet,) = report.prepared.sheets
    assert sheet.mapping == "canada-it-projects"
    records = canada_records()
    assert len(records) == 1_126
    projects = stored(engine, "projects")
    assert len(projects) == 1_126
    assert set(projects["project_id"]) == {r["uniqueId"] for r in records}


@needs_canada
def test_canada_values_match_the_file(canada_import):
    engine, _ = canada_import
    expected = canada_expected(canada_records())
    projects = stored(engine, "projects").set_index("project_id").loc[expected.index]
    for column in expected.columns:
        got = projects[column].astype(object).where(projects[column].notna(), None)
        want = expected[column].astype(object).where(expected[column].notna(), None)
        differs = got.to_numpy() != want.to_numpy()
        assert not differs.any(), (
            f"{column}: {int(differs.sum())} projects differ, e.g. "
            f"{got[differs].head(3).to_dict()} instead of {want[differs].head(3).to_dict()}"
        )
    # Columns the file does not have stay empty.
    for column in ("sponsor", "project_manager", "start_date", "percent_complete"):
        assert projects[column].isna().all(), column


@needs_canada
def test_canada_named_projects_are_exactly_right(canada_import):
    engine, _ = canada_import
    projects = stored(engine, "projects").set_index("project_id")
    crm = projects.loc["aafc-agriclient-crm"]
    assert crm["approved_budget"] == 2_812_101.0  # "$2,812,101"
    assert crm["baseline_end_date"] == crm["forecast_end_date"] == pd.Timestamp("2022-07-31")
    assert crm["phase"] == "Initiation"  # "new"
    assert crm["portfolio"] == "Agriculture and Agri-Food Canada"
    assert crm["description"].startswith("To implement a departmental Client Relationship")
    assert crm["description"].endswith("maintain better relationships with Canadians.")
    assert projects.loc["aafc-cnsc-sap", "phase"] == "Closed"  # "completed"
    assert projects.loc["aafc-cnsc-sap", "forecast_end_date"] == pd.Timestamp("2019-06-25")
    undated = [r["uniqueId"] for r in canada_records() if not r["latestEstimatedCompletionDate"]]
    assert len(undated) == 60
    assert projects.loc[undated, ["baseline_end_date", "forecast_end_date"]].isna().all().all()
    no_budget = [r["uniqueId"] for r in canada_records() if not r["latestBudget"].strip()]
    assert len(no_budget) == 18
    assert projects.loc[no_budget, "approved_budget"].isna().all()


@needs_canada
def test_canada_phase_counts_follow_the_mappings_value_table(canada_import):
    engine, _ = canada_import
    phases = stored(engine, "projects")["phase"].value_counts().to_dict()
    assert phases == {"Closed": 565, "Initiation": 348, "Execution": 213}


@needs_canada
def test_canada_rows_with_multi_line_descriptions_keep_every_line(tmp_path):
    """This copy of the file happens to hold no multi-line description; real exports of it do.
    Real rows, one description made multi-line (CRLF inside quotes, as Excel writes it)."""
    records = canada_records()[:4]
    lines = ["Phase 1: discovery.", "Phase 2: build, test", '"quoted" delivery; go-live.']
    records[1]["latestDescription"] = "\r\n".join(lines)
    records[2]["latestDescription"] = "First line\nsecond line\n\nafter a blank line"
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(records[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(records)
    path = tmp_path / "gc-multiline.csv"
    path.write_bytes(out.getvalue().encode("utf-8"))
    engine = store_engine.create_engine(empty_store("sqlite", tmp_path, None))
    save_mapping(engine, canada_mapping())
    report = service.import_path(engine, path, mapping="canada-it-projects")
    assert report.committed, [str(p) for p in report.problems.errors]
    projects = stored(engine, "projects").set_index("project_id")
    assert projects.loc[records[1]["uniqueId"], "description"] == "\r\n".join(lines)
    assert projects.loc[records[2]["uniqueId"], "description"] == records[2]["latestDescription"]
    assert projects.loc[records[3]["uniqueId"], "description"] == records[3]["latestDescription"]


@needs_canada
def test_canada_projects_added_to_a_seeded_store_keep_the_sample(writable_url, small_frames):
    """Into a store that already holds a portfolio, without removing what the file lacks."""
    engine = store_engine.create_engine(writable_url)
    try:
        save_mapping(engine, canada_mapping("canada"))
        report = service.import_path(engine, CANADA_CSV, mapping="canada", replace_scope=False)
        assert report.committed, [str(p) for p in report.problems.errors[:5]]
        projects = stored(engine, "projects")
        assert len(projects) == len(small_frames["projects"]) + 1_126
        assert set(small_frames["projects"]["project_id"]) <= set(projects["project_id"])
    finally:
        engine.dispose()
