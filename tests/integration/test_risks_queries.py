"""Risks & RAID queries on SQLite and on a real PostgreSQL server, each compared with an
independent pandas computation on the same generated frames (anchored at TEST_AS_OF)."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import pytest

from data_access import risks_queries as rq
from data_access.filters import Filters
from data_access.risks_queries import PORTFOLIO_LEVEL, RaidFilter
from steerco.analytics import risks as ra
from steerco.config import Settings
from steerco.views import risks as views
from tests.support import recompute

#: A date in the past where many of today's closed items were still open.
EARLIER_DAYS = 120


def _status_on(raid: pd.DataFrame, day) -> pd.Series:
    d = pd.Timestamp(day)
    closed = raid["closed_date"].le(d) | (raid["closed_date"].isna() & (raid["status"] == "Closed"))
    return (
        raid["status"].where(~closed, "Closed").where(closed | (raid["status"] != "Closed"), "Open")
    )


def _ids(frame: pd.DataFrame) -> list[str]:
    return sorted(frame["raid_id"])


@pytest.mark.parametrize("days_back", [0, EARLIER_DAYS])
def test_open_items_are_the_items_open_on_the_as_of_date(engine, sample_frames, as_of, days_back):
    day = as_of - timedelta(days=days_back)
    raid = sample_frames["raid"]
    expected = raid[recompute.open_on(raid, day)]
    with engine.connect() as conn:
        got = rq.open_items(conn, Filters(as_of=day))
    assert _ids(got) == _ids(expected)
    assert len(got) > 0 and got["project_id"].isna().any()  # portfolio level included
    by_id = expected.set_index("raid_id")
    got = got.set_index("raid_id")
    score = (by_id["probability"] * by_id["impact"]).reindex(got.index)
    assert got["score"].astype("Float64").tolist() == score.astype("Float64").tolist()
    # highest score first, unscored last
    scores = got["score"].astype(float)
    assert scores.dropna().is_monotonic_decreasing and scores.isna().sum() == score.isna().sum()
    if days_back:
        # closed today but open then: shown as Open on that day, never as Closed
        assert set(got["status"]) <= {"Open", "In progress"}
        reopened = by_id.loc[got.index, "status"] == "Closed"
        assert reopened.any() and (got.loc[reopened, "status"] == "Open").all()


def test_a_project_filter_keeps_its_projects_items_and_drops_portfolio_level(
    engine, sample_frames, as_of
):
    projects, raid = sample_frames["projects"], sample_frames["raid"]
    programme = projects["programme"].value_counts().index[0]
    ids = set(projects.loc[projects["programme"] == programme, "project_id"])
    expected = raid[recompute.open_on(raid, as_of) & raid["project_id"].isin(ids)]
    with engine.connect() as conn:
        got = rq.open_items(conn, Filters(as_of=as_of, programme=(programme,)))
    assert _ids(got) == _ids(expected) and len(got) > 0
    assert got["project_id"].notna().all()


def test_risk_history_gives_the_open_over_time_figures(engine, sample_frames, as_of):
    raid = sample_frames["raid"]
    risks = raid[raid["type"] == "Risk"]
    days = ra.period_ends(as_of, "week", 26)
    with engine.connect() as conn:
        history = rq.risk_history(conn, Filters(as_of=as_of), days[0])
    # only risks open on some day of the window travel
    in_window = risks[
        (risks["raised_date"].isna() | (risks["raised_date"] <= pd.Timestamp(as_of)))
        & (
            (risks["closed_date"].isna() & (risks["status"] != "Closed"))
            | (risks["closed_date"] > pd.Timestamp(days[0]))
        )
    ]
    assert _ids(history) == _ids(in_window)
    assert list(history.columns) == ["raid_id", "score", "status", "raised_date", "closed_date"]
    trend = ra.open_over_time(history, days)
    for day, count, score in zip(days, trend["open_risks"], trend["open_score"], strict=True):
        open_then = risks[recompute.open_on(risks, day)]
        assert count == len(open_then), day
        assert score == int((open_then["probability"] * open_then["impact"]).fillna(0).sum())
    assert trend["open_risks"].iloc[-1] == int(recompute.open_on(risks, as_of).sum())


def test_register_is_every_item_raised_by_the_as_of_date(engine, sample_frames, as_of):
    raid = sample_frames["raid"]
    day = as_of - timedelta(days=EARLIER_DAYS)
    raised = raid[raid["raised_date"].isna() | (raid["raised_date"] <= pd.Timestamp(day))]
    with engine.connect() as conn:
        got = rq.register(conn, Filters(as_of=day), RaidFilter())
    assert _ids(got) == _ids(raised)
    expected_status = _status_on(raised, day).set_axis(raised["raid_id"])
    assert got.set_index("raid_id")["status"].to_dict() == expected_status.to_dict()
    closed = (got["status"] == "Closed").astype(int)
    assert closed.is_monotonic_increasing and 0 < closed.sum() < len(got)  # open items first


@pytest.mark.parametrize(
    "which", ["types", "statuses", "owners", "projects", "portfolio", "committee", "all"]
)
def test_register_filters_narrow_in_sql(engine, sample_frames, as_of, which):
    raid = sample_frames["raid"]
    raised = raid[raid["raised_date"] <= pd.Timestamp(as_of)]
    owner = raised["owner"].value_counts().index[0]
    project = raised["project_id"].value_counts().index[0]
    status = _status_on(raised, as_of)
    cases = {
        "types": (
            RaidFilter(types=("Action", "Decision")),
            raised["type"].isin(["Action", "Decision"]),
        ),
        "statuses": (RaidFilter(statuses=("In progress",)), status == "In progress"),
        "owners": (RaidFilter(owners=(owner,)), raised["owner"] == owner),
        "projects": (RaidFilter(projects=(project,)), raised["project_id"] == project),
        "portfolio": (
            RaidFilter(projects=(PORTFOLIO_LEVEL, project)),
            raised["project_id"].isna() | (raised["project_id"] == project),
        ),
        "committee": (RaidFilter(committee_only=True), raised["for_committee"].fillna(False)),
        "all": (
            RaidFilter(types=("Risk",), statuses=("Open",), committee_only=True),
            (raised["type"] == "Risk") & (status == "Open") & raised["for_committee"].fillna(False),
        ),
    }
    raid_filter, keep = cases[which]
    with engine.connect() as conn:
        got = rq.register(conn, Filters(as_of=as_of), raid_filter)
    assert _ids(got) == _ids(raised[keep.astype(bool)])
    assert len(got) > 0


def test_register_choices_offer_the_scope_owners_and_projects(engine, sample_frames, as_of):
    raid, projects = sample_frames["raid"], sample_frames["projects"]
    raised = raid[raid["raised_date"] <= pd.Timestamp(as_of)]
    with engine.connect() as conn:
        choices = views.register_choices(conn, Filters(as_of=as_of))
        phase = projects["phase"].iloc[0]
        narrowed = views.register_choices(conn, Filters(as_of=as_of, phase=(phase,)))
    assert choices.owners == sorted(raised["owner"].dropna().unique())
    assert choices.items == len(raised)
    assert next(iter(choices.projects)) == PORTFOLIO_LEVEL
    assert sorted(list(choices.projects)[1:]) == sorted(raised["project_id"].dropna().unique())
    in_phase = set(projects.loc[projects["phase"] == phase, "project_id"])
    assert PORTFOLIO_LEVEL not in narrowed.projects
    assert set(narrowed.projects) == set(raised["project_id"]) & in_phase
    assert narrowed.items == int(raised["project_id"].isin(in_phase).sum())


def test_page_data_adds_up(engine, sample_frames, as_of):
    raid = sample_frames["raid"]
    settings = Settings()
    with engine.connect() as conn:
        view = views.build(conn, Filters(as_of=as_of), settings)
    open_risks = raid[recompute.open_on(raid, as_of) & (raid["type"] == "Risk")]
    score = open_risks["probability"] * open_risks["impact"]
    assert view.counts.open_risks == len(open_risks)
    assert view.counts.open_score == int(score.sum())
    assert view.counts.high_risks == int((score >= settings.rag.high_risk_score).sum()) > 0
    assert view.heatmap["count"].sum() + view.unplaced == len(open_risks)
    cell = view.heatmap.sort_values("count").iloc[-1]
    in_cell = open_risks[
        (open_risks["probability"] == cell["probability"])
        & (open_risks["impact"] == cell["impact"])
    ]
    assert _ids(view.cell(cell["probability"], cell["impact"])) == _ids(in_cell)
    assert len(view.top_risks) == settings.top_risks
    assert view.top_risks["score"].iloc[0] == score.max()
    open_all = raid[recompute.open_on(raid, as_of)]
    late = open_all[(open_all["type"] == "Action") & (open_all["due_date"] < pd.Timestamp(as_of))]
    assert _ids(view.overdue) == _ids(late) and len(late) > 0
    waiting = open_all[(open_all["type"] == "Decision") | open_all["for_committee"].fillna(False)]
    from_raid = view.awaiting[view.awaiting["source"] == "RAID log"]
    assert _ids(from_raid) == _ids(waiting)
    asked = recompute.decisions_asked(sample_frames, as_of, settings.stale_report_days)
    assert len(view.awaiting) == asked > len(waiting)  # the reports' decisions are there too
    assert view.ageing["count"].sum() == len(open_all)
    assert view.trend["date"].iloc[-1] == pd.Timestamp(as_of)
