"""`steerco figures --json` against an independent recount in plain pandas on the raw sample
tables (no Steerco analytics imported), on the default date, on three past committee meetings
and under a programme filter, on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
import json
from datetime import timedelta

import pandas as pd
import pytest
import sqlalchemy as sa

from tests.support import recompute
from tests.support.cli import no_traceback, run

PROGRAMME = "ERP"
#: The operations period of the documents (the pages' default).
WEEKS = 13


def _figures(capsys, url: str, *args: str) -> dict:
    code, out, err = run(capsys, "figures", "--json", "--db", url, *args)
    assert code == 0, err
    no_traceback(out, err)
    return json.loads(out)  # valid JSON: no NaN, dates as text


@pytest.fixture(scope="module")
def documents() -> dict:
    """The documents read so far, per store and arguments: each is read once per backend."""
    return {}


def _document(capsys, documents: dict, url: str, day, programme=None, weeks=WEEKS) -> dict:
    """``steerco figures --json`` as of ``day`` (with a programme filter, an operations
    period of ``weeks``)."""
    args = ("--as-of", day.isoformat(), "--weeks", str(weeks))
    args += ("--programme", programme) if programme else ()
    if (url, args) not in documents:
        documents[url, args] = _figures(capsys, url, *args)
    return documents[url, args]


@pytest.fixture(scope="module")
def known(sample_frames):
    """``known(url, day)``: the sample as known at the end of ``day`` in that store, read
    with plain pandas from its current and history tables (recompute.known_on)."""
    cache: dict = {}

    def frames(url: str, day) -> dict:
        if (url, day) not in cache:
            engine = sa.create_engine(url)
            try:
                cache[url, day] = recompute.known_on(engine, day, sample_frames)
            finally:
                engine.dispose()
        return cache[url, day]

    return frames


def _where(day, programme=None) -> str:
    return f"as of {day}" + (f", programme {programme}" if programme else "")


def _meeting_days(frames, as_of) -> list:
    days = pd.to_datetime(frames["meetings"]["meeting_date"]).dt.date
    return sorted(d for d in days if d < as_of)[-3:]


def _scope(frames, programme: str | None) -> pd.DataFrame:
    projects = frames["projects"]
    return projects if programme is None else projects[projects["programme"] == programme]


def _expected_projects(frames, day, programme: str | None) -> pd.DataFrame:
    """The figures per project, written out: PV and AC are the budget and actual of the
    months up to the day, its own month pro rata; EAC every actual booked up to its month plus
    the forecast from its month on; committed every month's; EV is the latest report's %
    complete on or before the day (else the projects sheet's) × BAC; counted: not in a phase
    kept apart."""
    projects = _scope(frames, programme).set_index("project_id")
    money = recompute.money_to_date(frames["financials"], day).reindex(projects.index)
    latest = recompute.latest_reports(frames["status_reports"], day).set_index("project_id")
    progress = latest["percent_complete"].reindex(projects.index)
    progress = progress.fillna(projects["percent_complete"])
    committed = frames["financials"].groupby("project_id")["committed"].sum()
    return pd.DataFrame(
        {
            "bac": projects["approved_budget"],
            "pv": money["pv"].fillna(0.0),
            "ac": money["ac"].fillna(0.0),
            "eac": (money["ac_booked"] + money["remaining_forecast"]).fillna(0.0),
            "remaining_forecast": money["remaining_forecast"].fillna(0.0),
            "committed": committed.reindex(projects.index).fillna(0.0),
            "ev": progress / 100 * projects["approved_budget"],
            "overall_rag": latest["overall_rag"].reindex(projects.index),
            "counted": ~projects["phase"].isin(recompute.APART_PHASES),
        }
    )


def _raid(frames, programme: str | None) -> pd.DataFrame:
    """The RAID items in scope: all, or only those of the programme's projects."""
    raid = frames["raid"]
    if programme is None:
        return raid
    return raid[raid["project_id"].isin(_scope(frames, programme)["project_id"])]


@pytest.fixture(scope="module")
def cases(sample_frames, as_of):
    """(as-of day, programme filter): today's anchor, three past meetings, a programme."""
    meetings = [(day, None) for day in _meeting_days(sample_frames, as_of)]
    return [(as_of, None), *meetings, (as_of, PROGRAMME)]


def test_overview_tiles_and_project_figures(store_url, known, cases, documents, capsys):
    settings_stale = 35
    for day, programme in cases:
        frames = known(store_url, day)
        got = _document(capsys, documents, store_url, day, programme)
        expected = _expected_projects(frames, day, programme)
        where = _where(day, programme)
        assert got["filters"]["as_of"] == day.isoformat(), where
        tiles = got["overview"]["tiles"]
        counted = expected[expected["counted"]]
        assert tiles["projects"] == len(counted), where
        assert tiles["approved_budget"] == pytest.approx(counted["bac"].sum()), where
        reported = counted["overall_rag"].fillna("none")
        assert tiles["by_rag"] == {c: int((reported == c).sum()) for c in ("R", "A", "G", "none")}
        ids = None if programme is None else set(expected.index)
        asked = recompute.decisions_asked(frames, day, settings_stale, project_ids=ids)
        assert tiles["decisions"] == asked == got["risks"]["tiles"]["awaiting_committee"], where
        overdue = _committee_actions(frames, day, programme)["overdue"]
        assert tiles["overdue_actions"] == int(overdue.sum()), where

        rows = pd.DataFrame(got["projects"]).set_index("project_id")
        assert sorted(rows.index) == sorted(expected.index), where
        for column in ("bac", "pv", "ac", "ev", "eac"):
            pd.testing.assert_series_equal(
                rows[column].astype(float).sort_index(),
                expected[column].astype(float).sort_index(),
                check_names=False,
                obj=f"{column} {where}",
            )


def _of_scope(frame: pd.DataFrame, frames, programme: str | None) -> pd.DataFrame:
    """The committee's rows for the filter: all, or those of the programme's projects."""
    if programme is None:
        return frame
    return frame[frame["project_id"].isin(_scope(frames, programme)["project_id"])]


def _committee_actions(frames, day, programme: str | None) -> pd.DataFrame:
    actions = recompute.committee_actions_on(frames["actions"], day)
    return _of_scope(actions, frames, programme)


def _comparable(values: pd.Series, numeric: bool) -> pd.Series:
    """Numbers as floats, anything else as text (missing: None)."""
    if numeric:
        return values.astype(float)
    return values.map(lambda v: None if pd.isna(v) else str(v)).astype(object)


def _assert_rows(got: list[dict], expected: pd.DataFrame, where: str) -> None:
    """The document's rows are ``expected``'s, keyed by its index, in its order, with its
    columns (numbers as floats, anything else as text; dates as ISO days)."""
    expected = expected.copy()
    for column in expected.select_dtypes("datetime").columns:
        expected[column] = expected[column].dt.strftime("%Y-%m-%d")
    if isinstance(expected.index, pd.DatetimeIndex):
        expected.index = expected.index.strftime("%Y-%m-%d")
    keys = list(expected.index.names)
    frame = pd.DataFrame(got, columns=[*keys, *expected.columns]).set_index(keys)[expected.columns]
    for column in expected.columns:
        numeric = pd.api.types.is_numeric_dtype(expected[column])
        expected[column] = _comparable(expected[column], numeric)
        frame[column] = _comparable(frame[column], numeric)
    pd.testing.assert_frame_equal(
        frame, expected, check_names=False, check_index_type=False, obj=where
    )


def _expected_totals(projects: pd.DataFrame) -> dict[str, float]:
    """The Finance totals over the counted projects: sums, and CPI = ΣEV / ΣAC, SPI = ΣEV / ΣPV
    over the projects with an EV (None over 0), BAC / CPI, VAC = BAC − EAC."""
    counted = projects[projects["counted"]]
    sums = {c: counted[c].sum() for c in ("bac", "pv", "ac", "eac", "remaining_forecast")}
    known = counted[counted["ev"].notna()]
    ev = known["ev"].sum()
    cpi = ev / known["ac"].sum() if known["ac"].sum() else None
    spi = ev / known["pv"].sum() if known["pv"].sum() else None
    return {
        "projects": len(counted),
        **sums,
        "ev": ev,
        "vac": sums["bac"] - sums["eac"],
        "cpi": cpi,
        "spi": spi,
        "eac_cpi": sums["bac"] / cpi if cpi else None,
        "committed": counted["committed"].sum(),
    }


def test_committee_decisions_and_actions(store_url, known, cases, documents, capsys):
    for day, programme in cases:
        frames = known(store_url, day)
        got = _document(capsys, documents, store_url, day, programme)
        where = _where(day, programme)
        decisions = _of_scope(frames["decisions"], frames, programme)
        back = recompute.deferred_back(decisions, day)
        decisions = decisions.assign(back_on_agenda=back)
        taken = decisions[decisions["meeting_date"] <= pd.Timestamp(day)]
        columns = ["meeting_date", "project_id", "question", "outcome", "decided_by"]
        expected = taken.set_index("decision_id")[[*columns, "back_on_agenda"]].sort_index()
        listed = sorted(got["decisions"], key=lambda row: row["decision_id"])
        _assert_rows(listed, expected, f"decisions {where}")

        actions = _committee_actions(frames, day, programme)
        closed = actions["closed_date"] <= pd.Timestamp(day)
        actions = actions.assign(
            status=actions["status_on"],
            closed_date=actions["closed_date"].where(closed),
            closed_meeting=actions["closed_meeting"].where(closed),
        )
        columns = ["owner", "due_date", "status", "project_id", "raised_meeting"]
        columns += ["closed_meeting", "closed_date", "open", "overdue", "days_overdue"]
        expected = actions.set_index("action_id")[columns].sort_index()
        listed = sorted(got["actions"], key=lambda row: row["action_id"])
        _assert_rows(listed, expected, f"actions {where}")
        assert got["overview"]["tiles"]["overdue_actions"] == int(actions["overdue"].sum())
    # the record grows: the earliest case knows fewer actions than the last
    days = sorted(day for day, programme in cases if programme is None)
    earliest, latest = (_document(capsys, documents, store_url, d) for d in (days[0], days[-1]))
    assert len(earliest["actions"]) < len(latest["actions"])
    assert any(a["overdue"] for a in latest["actions"])


def test_finance_totals_fiscal_years_and_capex_opex(store_url, known, cases, documents, capsys):
    for day, programme in cases:
        frames = known(store_url, day)
        got = _document(capsys, documents, store_url, day, programme)["finance"]
        where = _where(day, programme)
        totals = _expected_totals(_expected_projects(frames, day, programme))
        assert got["totals"] == pytest.approx(totals), where
        ids = _scope(frames, programme)["project_id"]
        lines = frames["financials"]
        lines = lines[lines["project_id"].isin(ids)]
        years = recompute.fiscal_years(lines, day)
        assert [y["label"] for y in got["fiscal_years"]] == [f"FY{y}" for y in years.index], where
        _assert_rows(got["fiscal_years"], years, f"fiscal years {where}")
        _assert_rows(got["capex_opex"], recompute.expense_split(lines, day), f"CAPEX/OPEX {where}")


def test_resources_months_and_over_allocated_people(store_url, known, cases, documents, capsys):
    for day, programme in cases:
        frames = known(store_url, day)
        got = _document(capsys, documents, store_url, day, programme)["resources"]
        where = _where(day, programme)
        months = recompute.window_months(day)
        assert got["window"] == {
            "first_month": months[0].date().isoformat(),
            "last_month": months[-1].date().isoformat(),
        }, where
        ids = None if programme is None else _scope(frames, programme)["project_id"]
        cells = recompute.resource_months(frames["capacity"], frames["allocations"], months, ids)
        per_month = cells.groupby("month")[["capacity_days", "planned_days"]].sum()
        planned, capacity = per_month["planned_days"], per_month["capacity_days"]
        per_month["utilisation_pct"] = recompute.utilisation_pct(planned, capacity)
        # narrowed to some projects, nobody is under-used: their other time is not counted
        under = 0.0 if programme else 50.0
        per_month["band"] = recompute.load_band(planned, capacity, under)
        per_month["over_days"] = recompute.over_days(planned, capacity)
        _assert_rows(got["months"], per_month, f"months {where}")

        if programme:  # only the people with planned days on the programme
            cells = cells[cells.groupby("resource")["planned_days"].transform("sum") > 0]
        people = recompute.over_allocated(cells).sort_values(
            ["over_days", "peak_pct", "planned_days"], ascending=False, kind="stable"
        )  # most over-allocated first (ties by name: over_allocated is sorted by it)
        _assert_rows(got["over_allocated"], people, f"over-allocated {where}")


def test_demand_scores_ranks_and_pipeline(store_url, known, cases, documents, capsys):
    for day, programme in cases:
        frames = known(store_url, day)
        got = _document(capsys, documents, store_url, day, programme)["demand"]
        where = _where(day, programme)
        requests = recompute.submitted_by(frames["demand"], day)
        if programme:  # only converted requests have a project, hence a programme
            requests = requests[
                requests["project_id"].isin(_scope(frames, programme)["project_id"])
            ]
        requests = requests.join(recompute.priority_scores(requests))
        requests["backlog_rank"] = recompute.backlog_ranks(requests)
        columns = ["department", "status", "submitted_date", "project_id"]
        columns += ["value_points", "effort_months", "priority_score", "backlog_rank"]
        expected = requests.set_index("request_id")[columns].sort_index()
        listed = sorted(got["requests"], key=lambda row: row["request_id"])
        _assert_rows(listed, expected, f"requests {where}")
        _assert_rows(got["pipeline"], recompute.pipeline(requests), f"pipeline {where}")


def test_risks_heatmap_cells_and_tiles(store_url, known, cases, documents, capsys):
    for day, programme in cases:
        frames = known(store_url, day)
        got = _document(capsys, documents, store_url, day, programme)["risks"]
        where = _where(day, programme)
        raid = _raid(frames, programme)
        risks = raid[recompute.open_on(raid, day) & (raid["type"] == "Risk")]
        on_scale = risks["probability"].isin(range(1, 6)) & risks["impact"].isin(range(1, 6))
        _assert_rows(got["heatmap"], recompute.heatmap(risks[on_scale]), f"heat map {where}")
        assert got["unplaced_risks"] == int((~on_scale).sum()), where
        score = risks["probability"] * risks["impact"]
        tiles = {
            "open_risks": len(risks),
            "high_risks": int((score >= 15).sum()),
            "critical_risks": int((score >= 20).sum()),
            "open_score": int(score.sum()),
            "overdue_actions": len(recompute.overdue_actions(raid, day)),
        }
        assert {k: got["tiles"][k] for k in tiles} == tiles, where


def _pct(part: float, whole: float) -> float | None:
    return 100 * part / whole if whole else None


def _expected_sla(resolved: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """Per service × priority resolved in the period or with a target: resolved, judged, met,
    compliance and whether it is below the target, median and mean resolution hours."""
    per = resolved.groupby(["service", "priority"]).agg(
        resolved=("ticket_id", "size"),
        judged=("met", "count"),
        met=("met", "sum"),
        median_hours=("hours", "median"),
        mean_hours=("hours", "mean"),
    )
    table = per.join(targets.set_index(["service", "priority"])["target_pct"], how="outer")
    table[["resolved", "judged", "met"]] = table[["resolved", "judged", "met"]].fillna(0)
    table["compliance_pct"] = table["met"] / table["judged"].where(table["judged"] > 0) * 100
    table["below_target"] = table["compliance_pct"] < table["target_pct"]
    return table.sort_index()


def _expected_tickets(tickets, targets, start, end) -> tuple[dict, pd.DataFrame]:
    """The ticket tiles of the period (start, end] and its SLA table."""
    opened = tickets[recompute.in_window(tickets["opened_at"], start, end)]
    resolved = tickets[recompute.in_window(tickets["resolved_at"], start, end)]
    resolved = resolved.assign(
        hours=recompute.resolution_hours(resolved), met=recompute.sla_met(resolved, targets)
    )
    sla = _expected_sla(resolved, targets)
    judged_pairs = sla[sla["judged"] > 0]
    escalated = resolved["escalated"].astype("boolean").fillna(False)
    reopened = resolved["reopened_count"].fillna(0) > 0
    n, judged, scores = len(resolved), int(resolved["met"].notna().sum()), resolved["satisfaction"]
    kpis = {
        "opened": len(opened),
        "resolved": n,
        "backlog": int(recompute.open_at(tickets, end).sum()),
        "judged": judged,
        "met": int(resolved["met"].sum()),
        "compliance_pct": _pct(resolved["met"].sum(), judged),
        "targets": int(judged_pairs["target_pct"].notna().sum()),
        "targets_missed": int(judged_pairs["below_target"].sum()),
        "not_judged": n - judged,
        "median_hours": resolved["hours"].median() if n else None,
        "mean_hours": resolved["hours"].mean() if n else None,
        "major": int((opened["priority"] == "P1").sum()),
        "escalation_pct": _pct(escalated.sum(), n),
        "reopen_pct": _pct(reopened.sum(), n),
        "first_contact_pct": _pct((~escalated & ~reopened).sum(), n),
        "satisfaction": scores.mean() if scores.count() else None,
        "satisfaction_n": int(scores.count()),
    }
    return kpis, sla


def _expected_changes(changes, start, end) -> dict:
    """The change tiles of the period (start, end]."""
    changes = changes[recompute.in_window(changes["implemented_at"], start, end)]
    done = changes[recompute.implemented(changes)]
    counts = {
        "implemented": len(done),
        "successful": int((done["outcome"] == "Successful").sum()),
        "failed": int((done["outcome"] == "Failed").sum()),
        "rolled_back": int((done["outcome"] == "Rolled back").sum()),
        "no_outcome": int(done["outcome"].isna().sum()),
        "emergency": int((done["type"] == "Emergency").sum()),
        "caused_incident": int(done["caused_incident"].astype("boolean").fillna(False).sum()),
        "cancelled": int((changes["outcome"] == "Cancelled").sum()),
    }
    return counts | {
        "success_pct": _pct(counts["successful"], len(done)),
        "emergency_pct": _pct(counts["emergency"], len(done)),
        "caused_incident_pct": _pct(counts["caused_incident"], len(done)),
    }


def _expected_backlog_by_age(tickets, end) -> pd.DataFrame:
    """Tickets open at ``end`` per age bucket × priority, every pair (0 when none)."""
    backlog = tickets[recompute.open_at(tickets, end)]
    by_age = backlog.groupby([recompute.age_bucket(backlog["opened_at"], end), "priority"]).size()
    cells = pd.MultiIndex.from_product(
        [list(recompute.AGE_BUCKETS), list(recompute.PRIORITIES)], names=["age_bucket", "priority"]
    )
    return by_age.reindex(cells, fill_value=0).rename("tickets").to_frame()


def test_operations_per_service_and_priority_tickets_changes_and_backlog(
    store_url, sample_frames, cases, documents, capsys
):
    days = [day for day, programme in cases if programme is None]
    for day, weeks in itertools.product(days, (4, WEEKS)):
        got = _document(capsys, documents, store_url, day, weeks=weeks)["operations"]
        where = f"{_where(day)}, {weeks} weeks"
        start, end = recompute.period_window(day, weeks)
        period = {"weeks": weeks, "first_day": start.date().isoformat(), "last_day": str(day)}
        assert got["period"] == period, where
        tickets, sla = _expected_tickets(
            sample_frames["tickets"], sample_frames["sla_targets"], start, end
        )
        assert got["tickets"] == pytest.approx(tickets), f"tickets {where}"
        _assert_rows(got["by_service_and_priority"], sla, f"SLA table {where}")
        changes = _expected_changes(sample_frames["changes"], start, end)
        assert got["changes"] == pytest.approx(changes), f"changes {where}"
        backlog = _expected_backlog_by_age(sample_frames["tickets"], end)
        _assert_rows(got["backlog_by_age"], backlog, f"backlog by age {where}")
    for day, programme in cases:  # tickets belong to services: project filters leave them
        if programme:
            narrowed = _document(capsys, documents, store_url, day, programme)["operations"]
            assert narrowed == _document(capsys, documents, store_url, day)["operations"]


def test_a_date_outside_the_data_is_moved_and_said(store_url, capsys):
    code, out, err = run(capsys, "figures", "--json", "--db", store_url, "--as-of", "9999-12-31")
    assert code == 0
    assert "outside the data" in err
    assert (
        json.loads(out)["filters"]["as_of"]
        <= (pd.Timestamp.today() + timedelta(days=1)).date().isoformat()
    )


def test_the_database_password_is_never_printed(capsys):
    code, out, err = run(
        capsys, "figures", "--json", "--db", "postgresql+psycopg://u:hunter2@127.0.0.1:9/x"
    )
    assert code != 0
    assert "hunter2" not in out + err
    no_traceback(out, err)
