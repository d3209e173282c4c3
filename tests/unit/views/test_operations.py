"""The Operations view on the seeded sample: the KPI tiles, the "so far" marking of the week
and month still running, the SLA table and the tickets and changes behind a chart mark, against
plain pandas on the raw sample tables."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from data_access.filters import Filters, Period, today
from steerco import fmt, i18n
from steerco.config import Settings
from steerco.views import display
from steerco.views import operations as views
from tests.support import recompute

TICKET_TILES = [
    "Tickets opened",
    "Tickets resolved",
    "Open tickets",
    "SLA compliance",
    "MTTR median",
    "MTTR mean",
    "P1 incidents",
    "Escalation rate",
    "Reopen rate",
    "First-contact rate",
    "Satisfaction",
    "Change success",
]


@pytest.fixture
def period(filters) -> Period:
    return Period.ending(filters.as_of, views.DEFAULT_WEEKS)


@pytest.fixture
def raw(sample_frames, period):
    """Tickets opened and resolved, and changes implemented (not cancelled), in the period."""
    tickets, changes = sample_frames["tickets"], sample_frames["changes"]
    resolved = tickets[recompute.in_window(tickets["resolved_at"], period.start, period.end)]
    hours = (resolved["resolved_at"] - resolved["opened_at"]).dt.total_seconds() / 3600
    done = changes[recompute.in_window(changes["implemented_at"], period.start, period.end)]
    return {
        "opened": tickets[recompute.in_window(tickets["opened_at"], period.start, period.end)],
        "resolved": resolved.assign(hours=hours),
        "changes": done[done["outcome"].fillna("") != "Cancelled"],
    }


def test_kpi_tiles_show_the_periods_figures(conn, filters, settings, raw):
    view = views.build(conn, filters, settings)
    tiles = {k.label: k for k in view.kpis}
    assert list(tiles) == TICKET_TILES
    opened, resolved, changes = raw["opened"], raw["resolved"], raw["changes"]
    assert tiles["Tickets opened"].value == fmt.number(len(opened))
    assert tiles["Tickets resolved"].value == fmt.number(len(resolved))
    assert tiles["P1 incidents"].value == fmt.number((opened["priority"] == "P1").sum())
    assert tiles["MTTR median"].value == f"{fmt.number(resolved['hours'].median(), 1)} h"
    escalated = resolved["escalated"].astype(bool).mean()
    assert tiles["Escalation rate"].value == fmt.pct(100 * escalated, 1)
    success = 100 * (changes["outcome"] == "Successful").mean()
    assert tiles["Change success"].value == fmt.pct(success, 1)
    assert tiles["Open tickets"].help == f"Tickets open at the end of {fmt.day(filters.as_of)}"
    missed = tiles["SLA compliance"]
    assert missed.delta.endswith("targets missed") and missed.arrow is False
    changes_tiles = {k.label: k for k in view.change_kpis}
    assert list(changes_tiles) == [
        "Changes implemented",
        "Success rate",
        "Emergency share",
        "Changes causing incidents",
    ]
    assert changes_tiles["Changes implemented"].value == fmt.number(len(changes))
    emergency = (changes["type"] == "Emergency").sum()
    assert changes_tiles["Emergency share"].delta == f"{emergency} emergency changes"


def test_only_a_running_as_of_day_marks_its_week_and_month_so_far(conn, filters, settings):
    past = views.build(conn, filters, settings)
    assert not past.weekly["in_progress"].any() and not past.monthly["in_progress"].any()
    assert not past.changes_weekly["in_progress"].any()
    running = views.build(conn, Filters(as_of=today()), settings)
    assert running.weekly["in_progress"].tolist() == [False] * 12 + [True]
    assert running.monthly["in_progress"].tolist()[-1] and running.monthly["in_progress"].sum() == 1


def test_services_narrow_the_figures_and_the_captions(conn, filters, settings):
    ops = views.OpsFilters(services=("Applications", "Nope"), weeks=4)
    view = views.build(conn, filters, settings, ops)
    assert view.services == ("Applications",) and not view.all_services
    assert view.period.weeks == 4 and set(view.sla["service"]) == {"Applications"}
    assert view.caption.startswith("Last 4 weeks: ") and "· Applications." in view.caption
    assert view.slide_title("Backlog") == "Backlog · Applications"
    assert views.build(conn, filters, settings).slide_title("Backlog") == "Backlog"


def test_the_definitions_of_sla_mttr_and_periods_are_written_beside_them(conn, filters):
    brussels = Settings(timezone="Europe/Brussels")
    view = views.build(conn, filters, brussels)
    assert view.definitions == (
        "SLA and MTTR leave out the time a ticket spent on hold, where the source records it. "
        "A reopened ticket counts from its opening to its last resolution and is open until "
        "then. Days, weeks and months are cut in Europe/Brussels time."
    )
    assert views.build(conn, filters, Settings()).definitions.endswith("cut in UTC time.")
    tiles = {k.label: k.help for k in view.kpis}
    assert "on hold" in tiles["MTTR median"] and "on hold" in tiles["MTTR mean"]
    assert "on-hold time left out" in tiles["SLA compliance"]
    try:
        i18n.set_language("fr")
        assert view.definitions.startswith("Le SLA et le MTTR excluent le temps passé en attente")
        assert view.definitions.endswith("à l'heure de Europe/Brussels.")
        i18n.set_language("nl")
        assert view.definitions.startswith("SLA en MTTR laten de tijd weg")
    finally:
        i18n.set_language("en")


def test_sla_table_words_and_columns(conn, filters, settings, raw):
    view = views.build(conn, filters, settings)
    table = views.sla_table(view.sla)
    assert list(table.columns) == list(display.kinds(views.SLA_COLUMNS))
    assert table["Resolved"].sum() == len(raw["resolved"])
    assert (table["Status"] == "✗ Below target").sum() == view.tickets.targets_missed


def test_a_week_bar_drills_down_to_exactly_its_tickets(conn, filters, settings, sample_frames):
    view = views.build(conn, filters, settings)
    week = view.weekly.iloc[-3]
    custom = ["opened", week["lo"].isoformat(), week["hi"].isoformat()]
    drill = views.ticket_drill(conn, views.ticket_mark(view, custom))
    tickets = sample_frames["tickets"]
    lo, hi = pd.Timestamp(week["lo"]), pd.Timestamp(week["hi"])
    expected = tickets[(tickets["opened_at"] > lo) & (tickets["opened_at"] <= hi)]
    assert drill.total == len(expected) == int(week["opened"])
    assert set(drill.rows["ticket_id"]) <= set(expected["ticket_id"])
    assert drill.title.startswith(f"{fmt.number(len(expected))} tickets opened ")
    rows = views.ticket_table(drill.rows)
    assert list(rows.columns) == list(display.kinds(views.TICKET_COLUMNS))
    assert set(rows["SLA"]) <= {"✓ met", "✗ missed", "no target", ""}


def test_a_change_bar_drills_down_to_its_outcome(conn, filters, settings, raw):
    view = views.build(conn, filters, settings)
    weekly = view.changes_weekly
    row = weekly[(weekly["outcome"] == "Failed") & (weekly["changes"] > 0)].iloc[0]
    mark = views.change_mark(view, ["change", row["lo"], row["hi"], "Failed"])
    drill = views.change_drill(conn, mark)
    done = raw["changes"]
    inside = (done["implemented_at"] > pd.Timestamp(row["lo"])) & (
        done["implemented_at"] <= pd.Timestamp(row["hi"])
    )
    expected = done[inside & (done["outcome"] == "Failed")]
    assert drill.total == len(expected) == int(row["changes"])
    assert sorted(drill.rows["change_id"]) == sorted(expected["change_id"])
    assert set(views.change_table(drill.rows)["Outcome"]) == {"Failed"}
    assert views.change_mark(view, ["category", "x"]) is None


def test_other_bar_and_unknown_marks_list_nothing(conn, filters, settings):
    view = views.build(conn, filters, settings)
    assert views.ticket_mark(view, ["category", None]) is None
    assert views.ticket_mark(view, ["opened", "not a date", "x"]) is None
    mark = views.ticket_mark(view, ["open", "8–30 d", "P3"])
    assert (mark.event, mark.age_bucket, mark.priority) == ("open", "8–30 d", "P3")


def test_a_period_without_data_is_empty(conn, settings):
    view = views.build(conn, Filters(as_of=date(2001, 1, 31)), settings)
    assert view.is_empty and view.kpis[0].value == "0"
