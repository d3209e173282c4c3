"""The sample data generator: schema conformance, determinism and the stories it must tell."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from data_access import sample_data, schema
from data_access.schema import ColumnType

AS_OF = date(2026, 11, 16)
TODAY = pd.Timestamp(AS_OF)
ACTIVE_PHASES = ("Initiation", "Planning", "Execution", "Closing")


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return sample_data.generate("demo", as_of=AS_OF)


def _latest_reports(frames: dict[str, pd.DataFrame], when: pd.Timestamp) -> pd.DataFrame:
    reports = frames["status_reports"]
    reports = reports[reports["report_date"] <= when]
    return reports.sort_values("report_date").groupby("project_id").tail(1).set_index("project_id")


def _active_projects(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    projects = frames["projects"]
    return projects[projects["phase"].isin(ACTIVE_PHASES)].set_index("project_id")


# --------------------------------------------------------------------------- schema


def test_every_dataset_with_the_schema_columns_in_order(frames):
    assert list(frames) == [ds.name for ds in schema.DATASETS]
    for ds in schema.DATASETS:
        assert tuple(frames[ds.name].columns) == ds.column_names, ds.name
        assert len(frames[ds.name]) > 0, ds.name


def test_dtypes_follow_the_column_types(frames):
    for ds in schema.DATASETS:
        frame = frames[ds.name]
        for col in ds.columns:
            s = frame[col.name]
            where = f"{ds.name}.{col.name}"
            if col.type in (ColumnType.TEXT, ColumnType.RAG):
                assert isinstance(s.dtype, pd.StringDtype), where
            elif col.type is ColumnType.INTEGER:
                assert s.dtype == "Int64", where
            elif col.type in (ColumnType.NUMBER, ColumnType.MONEY, ColumnType.PERCENT):
                assert s.dtype == "float64", where
            elif col.type in (ColumnType.DATE, ColumnType.DATETIME):
                assert pd.api.types.is_datetime64_dtype(s.dtype), where
                if col.type is ColumnType.DATE:
                    present = s.dropna()
                    assert (present == present.dt.normalize()).all(), where
            elif col.type is ColumnType.BOOLEAN:
                assert s.dtype in ("bool", "boolean"), where


def test_keys_are_unique(frames):
    for ds in schema.DATASETS:
        frame = frames[ds.name]
        assert not frame.duplicated(list(ds.keys)).any(), ds.name


def test_enumerated_columns_hold_allowed_values(frames):
    for ds in schema.DATASETS:
        for col in ds.columns:
            if not col.is_enumerated:
                continue
            values = set(frames[ds.name][col.name].dropna().unique())
            assert values <= set(col.allowed), f"{ds.name}.{col.name}: {values - set(col.allowed)}"


def test_required_columns_are_filled(frames):
    for ds in schema.DATASETS:
        for col in ds.columns:
            if col.required or col.key:
                assert frames[ds.name][col.name].notna().all(), f"{ds.name}.{col.name}"


def test_numbers_within_declared_bounds(frames):
    for ds in schema.DATASETS:
        for col in ds.columns:
            values = frames[ds.name][col.name].dropna()
            if col.minimum is not None:
                assert (values >= col.minimum).all(), f"{ds.name}.{col.name}"
            if col.maximum is not None:
                assert (values <= col.maximum).all(), f"{ds.name}.{col.name}"


def test_project_references_point_to_existing_projects(frames):
    ids = set(frames["projects"]["project_id"])
    for name, frame in frames.items():
        if name == "projects" or "project_id" not in frame.columns:
            continue
        refs = set(frame["project_id"].dropna())
        assert refs <= ids, f"{name}: unknown {sorted(refs - ids)[:5]}"


# --------------------------------------------------------------------------- determinism, sizes


def test_same_seed_gives_identical_frames(frames):
    again = sample_data.generate("demo", as_of=AS_OF, seed=sample_data.SEED)
    for name, frame in frames.items():
        pd.testing.assert_frame_equal(frame, again[name], obj=name)


def test_another_seed_gives_other_data(frames):
    other = sample_data.generate("demo", as_of=AS_OF, seed=1)
    assert not frames["tickets"]["opened_at"].equals(other["tickets"]["opened_at"])
    assert not frames["projects"]["approved_budget"].equals(other["projects"]["approved_budget"])


def test_unknown_scale_is_refused():
    with pytest.raises(ValueError, match="unknown scale"):
        sample_data.generate("huge", as_of=AS_OF)


def test_demo_sizes(frames):
    assert len(frames["projects"]) == sample_data.SCALES["demo"].projects == 40
    assert len(frames["tickets"]) == 25_000
    assert 180 <= len(frames["raid"]) <= 220
    assert set(frames["projects"]["phase"]) == set(schema.PHASES)
    assert set(frames["projects"]["methodology"]) == set(schema.METHODOLOGIES)
    assert set(frames["raid"]["type"]) == set(schema.RAID_TYPES)
    assert len(frames["sla_targets"]) == len(schema.SERVICES) * len(schema.TICKET_PRIORITIES)
    assert frames["projects"]["project_id"].iloc[0] == "PRJ-001"
    assert frames["tickets"]["ticket_id"].iloc[0] == "INC0000001"
    assert frames["raid"]["raid_id"].iloc[0] == "RAID-0001"


def test_large_scale_is_declared_but_not_run():
    large = sample_data.SCALES["large"]
    assert large.projects == 2_000
    assert large.tickets == 1_000_000
    assert 4 <= large.raid / large.projects <= 6


# --------------------------------------------------------------------------- dates


def test_dates_are_placed_around_as_of(frames):
    tickets = frames["tickets"]
    start = TODAY - pd.DateOffset(months=24)
    assert tickets["opened_at"].min() >= start
    assert tickets["opened_at"].max() < TODAY
    assert frames["status_reports"]["report_date"].max() <= TODAY
    projects = frames["projects"]
    assert projects["start_date"].max() <= TODAY
    assert projects["forecast_end_date"].max() <= TODAY + pd.DateOffset(months=36)


def test_meetings_monthly_before_as_of_plus_the_next_one(frames):
    meetings = frames["meetings"]["meeting_date"]
    past = meetings[meetings < TODAY]
    future = meetings[meetings >= TODAY]
    assert len(past) == 24
    assert len(future) == 1
    assert (meetings.dt.day_of_week == 1).all()  # Tuesday
    assert (meetings.diff().dropna().dt.days == 28).all()  # every four weeks
    assert (future.iloc[0] - TODAY).days <= 7  # the sample is the week before a meeting
    assert (frames["meetings"]["committee"] == "IT Steering Committee").all()


# --------------------------------------------------------------------------- committee stories


def test_watermelon_projects(frames):
    """Active projects reported G/A whose figures are red (EAC ≥ 115 % BAC or ≥ 60 days late)."""
    active = _active_projects(frames)
    latest = _latest_reports(frames, TODAY)
    fin = frames["financials"]
    eac = (fin["actual"].fillna(0) + fin["forecast"].fillna(0)).groupby(fin["project_id"]).sum()
    data = active.join(latest[["overall_rag"]], how="inner").join(eac.rename("eac"))
    over_budget = data["eac"] >= 1.15 * data["approved_budget"]
    late = (data["forecast_end_date"] - data["baseline_end_date"]).dt.days >= 60
    watermelons = data[data["overall_rag"].isin(["G", "A"]) & (over_budget | late)]
    assert len(watermelons) >= 3, watermelons


def test_stale_projects(frames):
    active = _active_projects(frames)
    latest = _latest_reports(frames, TODAY)
    age = (TODAY - latest.loc[latest.index.isin(active.index), "report_date"]).dt.days
    assert age.between(45, 90).sum() >= 3


def test_rag_changes_since_the_last_meeting(frames):
    meetings = frames["meetings"]["meeting_date"]
    previous, last = sorted(meetings[meetings < TODAY])[-1], TODAY
    rank = {"G": 0, "A": 1, "R": 2}
    before = _latest_reports(frames, previous)["overall_rag"].map(rank)
    after = _latest_reports(frames, last)["overall_rag"].map(rank)
    both = pd.concat([before, after], axis=1, keys=["before", "after"]).dropna()
    assert (both["after"] < both["before"]).sum() >= 2  # improvements
    assert (both["after"] > both["before"]).sum() >= 2  # deteriorations


def test_reports_are_due_a_week_before_each_meeting(frames):
    meetings = set(frames["meetings"]["meeting_date"])
    report_days = frames["status_reports"]["report_date"].drop_duplicates()
    on_calendar = report_days.map(lambda d: d + pd.Timedelta(days=7) in meetings)
    closure = frames["status_reports"].merge(frames["projects"], on="project_id")
    closure_days = set(closure.loc[closure["phase"] == "Closed", "forecast_end_date"])
    assert all(ok or d in closure_days for d, ok in zip(report_days, on_calendar, strict=True))


def test_status_reports_are_coherent(frames):
    reports = frames["status_reports"].sort_values(["project_id", "report_date"])
    rising = reports.groupby("project_id")["percent_complete"].diff().dropna()
    assert (rising >= 0).all()
    recent = reports[reports["report_date"] >= TODAY - pd.Timedelta(days=60)]
    assert recent["decisions_required"].notna().any()
    assert reports["summary"].notna().all()
    projects = frames["projects"].set_index("project_id")
    assert (reports["author"] == reports["project_id"].map(projects["project_manager"])).all()
    # Closed projects stop reporting once they are closed.
    closed = projects[projects["phase"] == "Closed"]
    last = reports.groupby("project_id")["report_date"].max()
    assert (last[closed.index] <= closed["forecast_end_date"]).all()


def test_projects_are_plausible(frames):
    projects = frames["projects"]
    assert projects["approved_budget"].between(150_000, 6_000_000).all()
    closed = projects["phase"] == "Closed"
    assert (projects.loc[closed, "percent_complete"] == 100).all()
    assert (projects.loc[projects["phase"] == "Initiation", "percent_complete"] <= 10).all()
    assert (projects["forecast_end_date"] > projects["start_date"]).all()
    late = projects["forecast_end_date"] >= projects["baseline_end_date"]
    assert late.mean() > 0.6


def test_financials(frames):
    fin = frames["financials"]
    projects = frames["projects"].set_index("project_id")
    budget = fin.groupby("project_id")["budget"].sum()
    assert np.allclose(budget, projects.loc[budget.index, "approved_budget"], rtol=0.001)
    month = TODAY.to_period("M").to_timestamp()
    assert fin.loc[fin["period"] > month, "actual"].isna().all()
    assert fin.loc[fin["period"] < month, "forecast"].isna().all()
    assert (fin["period"].dt.day == 1).all()
    assert fin["committed"].notna().any()
    per_project = fin.groupby("project_id")["category"].nunique()
    assert per_project.between(3, 5).all()


def test_milestones(frames):
    ms = frames["milestones"]
    counts = ms.groupby("project_id").size()
    assert counts.between(4, 8).all()
    assert ms["is_gate"].any()
    assert (ms["actual_date"].dropna() < TODAY).all()
    window = pd.Timedelta(days=30)
    open_ = ms["actual_date"].isna()
    overdue = open_ & ms["forecast_date"].between(TODAY - window, TODAY, inclusive="left")
    upcoming = open_ & ms["forecast_date"].between(TODAY, TODAY + window)
    assert overdue.sum() >= 2
    assert upcoming.sum() >= 2


def test_raid(frames):
    raid = frames["raid"]
    closed = raid["status"] == "Closed"
    assert raid.loc[~closed, "closed_date"].isna().all()
    assert raid.loc[closed, "closed_date"].notna().all()
    assert (raid.loc[closed, "closed_date"] >= raid.loc[closed, "raised_date"]).all()
    assert 0.05 <= raid["project_id"].isna().mean() <= 0.15
    assert 0.04 <= raid["for_committee"].mean() <= 0.12
    score = raid["probability"] * raid["impact"]
    open_risks = (raid["type"] == "Risk") & ~closed
    assert (open_risks & (score >= 15)).sum() >= 3
    assert (open_risks & (score >= 20)).sum() >= 2
    assert ((raid["type"] == "Action") & ~closed & (raid["due_date"] < TODAY)).any()
    assert raid["type"].value_counts().index[0] == "Risk"


def test_tickets(frames):
    tickets = frames["tickets"]
    resolved = tickets["resolved_at"].notna()
    assert (tickets.loc[resolved, "resolved_at"] >= tickets.loc[resolved, "opened_at"]).all()
    responded = tickets["first_response_at"].notna()
    assert (
        tickets.loc[responded, "first_response_at"] >= tickets.loc[responded, "opened_at"]
    ).all()
    closed = tickets["closed_at"].notna() & resolved
    assert (tickets.loc[closed, "closed_at"] >= tickets.loc[closed, "resolved_at"]).all()
    open_ = tickets["status"].isin(["New", "In progress", "On hold"])
    assert 0.02 <= open_.mean() <= 0.04
    assert tickets.loc[open_, "resolved_at"].isna().all()
    assert tickets.loc[~open_ & (tickets["status"] != "Cancelled"), "resolved_at"].notna().all()
    share = tickets["service"].value_counts(normalize=True)
    assert share["Service Desk"] == pytest.approx(0.45, abs=0.03)
    prio = tickets["priority"].value_counts(normalize=True)
    assert prio["P1"] < prio["P2"] < prio["P4"] < prio["P3"]
    assert 0.04 <= tickets["escalated"].mean() <= 0.08
    assert tickets.loc[~resolved, "root_cause"].isna().all()
    assert 0.2 <= tickets["satisfaction"].notna().mean() <= 0.4


def test_sla_targets_and_compliance(frames):
    sla = frames["sla_targets"]
    assert sla["target_pct"].between(90, 95).all()
    tickets = frames["tickets"].merge(sla, on=["service", "priority"])
    tickets = tickets[tickets["resolved_at"].notna()]
    hours = (tickets["resolved_at"] - tickets["opened_at"]).dt.total_seconds() / 3600
    within = (hours <= tickets["resolution_hours"]).mean()
    assert 0.75 <= within < 1.0  # most within SLA, some not


def test_changes(frames):
    changes = frames["changes"]
    cancelled = changes["outcome"] == "Cancelled"
    assert changes.loc[cancelled, "implemented_at"].isna().all()
    share = changes["type"].value_counts(normalize=True)
    assert share["Standard"] > share["Normal"] > share["Emergency"]
    assert changes["outcome"].value_counts().index[0] == "Successful"
    assert 0.01 <= changes["caused_incident"].mean() <= 0.08
    assert changes["project_id"].notna().any()


def test_capacity_and_over_allocation(frames):
    capacity = frames["capacity"]
    allocations = frames["allocations"]
    assert capacity["resource"].nunique() == sample_data.SCALES["demo"].resources
    assert set(capacity["sourcing"]) == {"Internal", "External"}
    rates = capacity.groupby("sourcing")["day_rate"]
    assert rates.max()["Internal"] <= 700 and rates.min()["External"] >= 800
    planned = allocations.groupby(["resource", "month"])["planned_days"].sum()
    available = capacity.set_index(["resource", "month"])["capacity_days"]
    over = planned > available.reindex(planned.index)
    assert 1 <= over.sum() <= 0.05 * len(over)
    month = TODAY.to_period("M").to_timestamp()
    assert allocations.loc[allocations["month"] >= month, "actual_days"].isna().all()


def test_contracts_and_demand(frames):
    contracts = frames["contracts"]
    soon = contracts["renewal_notice_date"].between(TODAY, TODAY + pd.Timedelta(days=90))
    assert soon.sum() >= 2
    assert contracts["sla_performance_pct"].between(85, 100).all()
    assert contracts["project_id"].notna().any() and contracts["service"].notna().any()
    demand = frames["demand"]
    assert set(demand["status"]) == set(schema.DEMAND_STATUSES)
    converted = demand["status"] == "Converted"
    assert demand.loc[converted, "project_id"].notna().all()
    assert demand.loc[~converted, "project_id"].isna().all()


# --------------------------------------------------------------------------- workbook


def test_write_workbook_round_trips(frames, tmp_path):
    subset = {name: frames[name] for name in ("projects", "raid", "milestones", "meetings")}
    path = tmp_path / "sample.xlsx"
    sample_data.write_workbook(subset, path)
    back = pd.read_excel(path, sheet_name=None, engine="calamine")
    assert sorted(back) == sorted(subset)
    for name, frame in subset.items():
        assert len(back[name]) == len(frame), name
        assert list(back[name].columns) == list(frame.columns), name
    assert pd.api.types.is_datetime64_any_dtype(back["projects"]["start_date"])
    assert (
        back["projects"]["start_date"].dt.normalize().tolist()
        == frames["projects"]["start_date"].tolist()
    )
