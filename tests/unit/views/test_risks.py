"""The Risks & RAID view on the seeded sample: the KPI tiles, the scope line, the register
and its filter options, against plain pandas on the raw RAID table."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import pytest

from data_access.filters import Filters
from data_access.risks_queries import RaidFilter
from steerco.views import display
from steerco.views import risks as views
from tests.support import recompute


@pytest.fixture
def raid(sample_frames, as_of):
    """The RAID items with what the page reads from them on the as-of date."""
    raid = sample_frames["raid"]
    day = pd.Timestamp(as_of)
    raised = raid["raised_date"].isna() | (raid["raised_date"] <= day)
    closed = raid["closed_date"].le(day) | (
        raid["closed_date"].isna() & (raid["status"] == "Closed")
    )
    return raid.assign(
        raised=raised, open=raised & ~closed, score=raid["probability"] * raid["impact"]
    )


def test_kpis_count_the_open_items(conn, filters, settings, raid, as_of, sample_frames):
    view = views.build(conn, filters, settings)
    is_open = raid[raid["open"]]
    risks = is_open[is_open["type"] == "Risk"]
    overdue = is_open[(is_open["type"] == "Action") & (is_open["due_date"] < pd.Timestamp(as_of))]
    high = (risks["score"] >= settings.rag.high_risk_score).sum()
    critical = (risks["score"] >= settings.rag.critical_risk_score).sum()
    tiles = {k.label: k for k in view.kpis}
    assert {label: k.value for label, k in tiles.items()} == {
        "Open risks": str(len(risks)),
        "High or critical risks": str(high),
        "Total open risk score": f"{int(risks['score'].sum()):,} points",
        "Overdue actions": str(len(overdue)),
        "Awaiting the committee": str(
            recompute.decisions_asked(sample_frames, as_of, settings.stale_report_days)
        ),
    }
    assert tiles["High or critical risks"].delta == f"{critical} critical"
    assert "portfolio-level items (no project) included" in view.summary


def test_register_filter_and_weekly_trend(conn, filters, settings, raid):
    view = views.build(
        conn, filters, settings, raid_filter=RaidFilter(types=("Action",)), period="week"
    )
    actions = raid[raid["raised"] & (raid["type"] == "Action")]
    assert sorted(view.register["raid_id"]) == sorted(actions["raid_id"])
    assert len(view.trend) == 26 and view.period == "week"
    table = views.items_table(view.register, views.REGISTER_COLUMNS, view.bands)
    assert list(table.columns) == list(display.kinds(views.REGISTER_COLUMNS))
    no_project = actions["project_id"].isna().sum()
    assert (table["Project"] == "Portfolio level").sum() == no_project


def test_a_project_filter_leaves_portfolio_level_items_out(conn, settings, sample_frames, raid):
    phase = sample_frames["projects"]["phase"].iloc[0]
    narrowed = Filters(phase=(phase,), as_of=pd.Timestamp(raid["raised_date"].max()).date())
    choices = views.register_choices(conn, narrowed)
    in_phase = sample_frames["projects"].query("phase == @phase")["project_id"]
    assert choices.items == raid["project_id"].isin(in_phase).sum()
    view = views.build(conn, narrowed, settings)
    assert view.summary.startswith(f"Open on {narrowed.as_of:%d %b %Y}")
    assert "left out while a project filter is active" in view.summary
    assert view.register["project_id"].notna().all()


@pytest.mark.parametrize("days_back", [0, 40, 120])
def test_overview_and_risks_ask_the_same_decisions(conn, settings, as_of, days_back, sample_frames):
    """One definition: the Overview's "Decisions required" is the Risks page's "Awaiting the
    committee", on today and on past dates, and both equal the plain-pandas recount."""
    from steerco.views import overview

    day = as_of - timedelta(days=days_back)
    at_day = Filters(as_of=day)
    risks = views.build(conn, at_day, settings)
    front = overview.build(conn, at_day, settings)
    assert front.totals.decisions == risks.counts.awaiting_committee == len(risks.awaiting)
    assert front.totals.decisions == recompute.decisions_asked(
        sample_frames, day, settings.stale_report_days
    )
