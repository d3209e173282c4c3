"""Event logs read through a mapping: the latest state of each item, a reopened item that is
open again, and the hours spent on hold, from a small hand-written ServiceNow-style log."""

from __future__ import annotations

import pandas as pd

from data_access.ingest.mapping import (
    SERVICENOW_INCIDENTS,
    Latest,
    Mapping,
    StateHours,
    validate_mapping,
)
from data_access.ingest.pipeline import prepare
from data_access.ingest.reader import read_file

HEADERS = (
    "number,incident_state,reassignment_count,reopen_count,sys_mod_count,made_sla,"
    "sys_updated_at,category,priority,assignment_group,opened_at,resolved_at,closed_at,"
    "closed_code"
)


def _row(number, state, mod, updated, opened, resolved="?", closed="?", reopened=0) -> str:
    return (
        f"{number},{state},0,{reopened},{mod},?,{updated},Cat 1,3 - Moderate,G1,{opened},"
        f"{resolved},{closed},code 1"
    )


#: INC1 (lines out of order): on hold 10:00–14:00 (4 h), then from 15:00 to 11:30 the next
#: day in Awaiting Vendor (18 h + 2.5 h: an update in the same state goes on counting);
#: 24.5 h in all.
INC1 = [
    _row("INC1", "Active", 1, "1/3/2026 09:00", "1/3/2026 08:00"),
    _row("INC1", "New", 0, "1/3/2026 08:00", "1/3/2026 08:00"),
    _row("INC1", "Awaiting User Info", 2, "1/3/2026 10:00", "1/3/2026 08:00"),
    _row("INC1", "Active", 3, "1/3/2026 14:00", "1/3/2026 08:00"),
    _row("INC1", "Awaiting Vendor", 4, "1/3/2026 15:00", "1/3/2026 08:00"),
    _row("INC1", "Awaiting Vendor", 5, "2/3/2026 09:00", "1/3/2026 08:00"),
    _row(
        "INC1", "Closed", 7, "7/3/2026 12:00", "1/3/2026 08:00", "2/3/2026 11:30", "7/3/2026 12:00"
    ),
    _row("INC1", "Resolved", 6, "2/3/2026 11:30", "1/3/2026 08:00", "2/3/2026 11:30"),
]
#: INC2: resolved, reopened, 6 h awaiting evidence, resolved again: the last resolution.
INC2 = [
    _row("INC2", "New", 0, "3/3/2026 08:00", "3/3/2026 08:00"),
    _row("INC2", "Resolved", 1, "3/3/2026 10:00", "3/3/2026 08:00", "3/3/2026 10:00"),
    _row("INC2", "Active", 2, "4/3/2026 09:00", "3/3/2026 08:00", reopened=1),
    _row("INC2", "Awaiting Evidence", 3, "4/3/2026 10:00", "3/3/2026 08:00", reopened=1),
    _row("INC2", "Resolved", 4, "4/3/2026 16:00", "3/3/2026 08:00", "4/3/2026 16:00", reopened=1),
]
#: INC3: resolved, then reopened; the export still carries the first resolution and a
#: closing date (as the enriched audit log does): open again, not resolved.
INC3 = [
    _row("INC3", "New", 0, "5/3/2026 08:00", "5/3/2026 08:00", "5/3/2026 12:00", "9/3/2026 12:00"),
    _row("INC3", "Resolved", 1, "5/3/2026 12:00", "5/3/2026 08:00", "5/3/2026 12:00"),
    _row("INC3", "Active", 2, "6/3/2026 09:00", "5/3/2026 08:00", "5/3/2026 12:00", reopened=1),
]
#: INC4: waiting for the user when the log ends: no later update, no hours yet.
INC4 = [
    _row("INC4", "New", 0, "6/3/2026 08:00", "6/3/2026 08:00"),
    _row("INC4", "Awaiting User Info", 1, "6/3/2026 09:00", "6/3/2026 08:00"),
]

COLUMNS = ["status", "opened_at", "resolved_at", "closed_at", "reopened_count", "on_hold_hours"]


def _tickets(lines: list[str]) -> pd.DataFrame:
    text = "\n".join([HEADERS, *lines]) + "\n"
    prepared = prepare(read_file(text.encode("utf-8"), "incident_event_log.csv"))
    assert prepared.ok, [str(p) for p in prepared.problems.errors]
    (result,) = prepared.sheets
    assert result.mapping == SERVICENOW_INCIDENTS.name
    return prepared.frames["tickets"].set_index("ticket_id")[COLUMNS]


def test_on_hold_hours_sum_the_awaiting_states_of_the_event_log():
    tickets = _tickets(INC1 + INC2 + INC4)
    inc1 = tickets.loc["INC1"]
    assert (inc1["status"], inc1["on_hold_hours"]) == ("Closed", 24.5)
    assert inc1["resolved_at"] == pd.Timestamp("2026-03-02 11:30")  # 27.5 h, 3 h net
    assert tickets.loc["INC2", "on_hold_hours"] == 6.0
    assert tickets.loc["INC4", "status"] == "On hold"
    assert tickets.loc["INC4", "on_hold_hours"] == 0.0


def test_a_reopened_incident_counts_to_its_last_resolution():
    inc2 = _tickets(INC2).loc["INC2"]
    assert (inc2["status"], inc2["reopened_count"]) == ("Resolved", 1)
    assert (inc2["opened_at"], inc2["resolved_at"]) == (
        pd.Timestamp("2026-03-03 08:00"),
        pd.Timestamp("2026-03-04 16:00"),  # not the first resolution, 3 Mar 10:00
    )


def test_a_reopened_incident_not_resolved_again_is_open():
    inc3 = _tickets(INC3).loc["INC3"]
    assert (inc3["status"], inc3["reopened_count"]) == ("In progress", 1)
    assert pd.isna(inc3["resolved_at"]) and pd.isna(inc3["closed_at"])
    assert inc3["on_hold_hours"] == 0.0


def test_one_row_per_incident_gives_no_hold_time():
    """An export of the incident table (its latest state only) says nothing of the time on
    hold: the column stays empty, so nothing is subtracted."""
    tickets = _tickets([INC1[6], INC2[4], INC4[1]])
    assert tickets["on_hold_hours"].isna().all()
    assert tickets.loc["INC4", "status"] == "On hold"


def test_the_servicenow_on_hold_states_are_the_awaiting_ones_and_on_hold():
    (spec,) = SERVICENOW_INCIDENTS.hours.values()
    assert set(spec.states) == {
        "Awaiting User Info",
        "Awaiting Vendor",
        "Awaiting Problem",
        "Awaiting Evidence",
        "On Hold",
    }


def test_a_saved_event_log_mapping_keeps_its_reopen_rule_and_hours():
    mapping = Mapping(
        dataset="tickets",
        name="our-tool",
        latest=Latest(
            key="Ref",
            order=("Seq",),
            state="State",
            open_states=("Working",),
            cleared=("resolved_at",),
        ),
        hours={"on_hold_hours": StateHours(state="State", at="When", states=("Parked",))},
    )
    validate_mapping(mapping)
    assert Mapping.from_json(mapping.to_json()) == mapping
