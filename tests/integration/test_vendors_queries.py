"""Vendor queries on SQLite and PostgreSQL against an independent pandas computation.

The stores are seeded with the sample anchored at TEST_AS_OF, so the as-of date of these
tests is that anchor (``as_of`` fixture), not today.
"""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import pytest

from data_access import vendors_queries
from data_access.filters import Filters
from steerco.config import Settings
from steerco.views import vendors as views
from tests.support import recompute


def test_contracts_in_force_with_days_elapsed(engine, sample_frames, as_of):
    expected = recompute.in_force(sample_frames["contracts"], as_of)
    with engine.connect() as conn:
        got = vendors_queries.contracts(conn, Filters(as_of=as_of)).set_index("contract_id")
    assert sorted(got.index) == sorted(expected["contract_id"])
    elapsed = (pd.Timestamp(as_of) - expected.set_index("contract_id")["start_date"]).dt.days
    assert got["elapsed_days"].reindex(elapsed.index).tolist() == elapsed.astype(float).tolist()
    with_project = got[got["project_id"].notna()]
    assert with_project["project_name"].notna().all()


def test_contracts_of_an_earlier_as_of_leave_out_later_starts(engine, sample_frames, as_of):
    when = as_of - timedelta(days=400)
    expected = recompute.in_force(sample_frames["contracts"], when)
    with engine.connect() as conn:
        got = vendors_queries.contracts(conn, Filters(as_of=when))
    assert 0 < len(got) < len(sample_frames["contracts"])
    assert sorted(got["contract_id"]) == sorted(expected["contract_id"])


def test_vendor_summary_aggregates_in_sql(engine, sample_frames, as_of):
    contracts = recompute.in_force(sample_frames["contracts"], as_of)
    years = (pd.Timestamp(as_of) - contracts["start_date"]).dt.days / 365.25
    frame = contracts.assign(paced_value=contracts["annual_value"] * years)
    grouped = frame.groupby("vendor")
    expected = pd.DataFrame(
        {
            "contracts": grouped.size(),
            "annual_value": grouped["annual_value"].sum(),
            "spend_to_date": grouped["spend_to_date"].sum(),
            "paced_value": grouped["paced_value"].sum(),
            "sla_pct": grouped["sla_performance_pct"].mean(),
            "satisfaction": grouped["satisfaction"].mean().astype(float),
        }
    )
    with engine.connect() as conn:
        got = vendors_queries.vendor_summary(conn, Filters(as_of=as_of)).set_index("vendor")
    assert sorted(got.index) == sorted(expected.index)
    for col in expected.columns:
        assert got[col].reindex(expected.index).to_numpy() == pytest.approx(
            expected[col].to_numpy(), rel=1e-9
        ), col


def test_project_filter_keeps_the_programme_contracts_and_counts_the_hidden(
    engine, sample_frames, as_of
):
    projects = sample_frames["projects"]
    contracts = recompute.in_force(sample_frames["contracts"], as_of)
    programme = "ERP"
    ids = set(projects.loc[projects["programme"] == programme, "project_id"])
    expected = contracts[contracts["project_id"].isin(ids)]
    filters = Filters(as_of=as_of, programme=(programme,))
    with engine.connect() as conn:
        got = vendors_queries.contracts(conn, filters)
        summary = vendors_queries.vendor_summary(conn, filters)
        hidden = vendors_queries.without_project_hidden(conn, filters)
        hidden_unfiltered = vendors_queries.without_project_hidden(conn, Filters(as_of=as_of))
    assert len(expected) > 0
    assert sorted(got["contract_id"]) == sorted(expected["contract_id"])
    assert summary["contracts"].sum() == len(expected)
    assert hidden == int(contracts["project_id"].isna().sum()) > 0
    assert hidden_unfiltered == 0  # nothing is hidden without a project filter


def test_hostile_filter_value_is_bound(engine, as_of):
    with engine.connect() as conn:
        got = vendors_queries.contracts(conn, Filters(as_of=as_of, sponsor=("x') OR 1=1 --",)))
    assert got.empty


def test_vendors_page_renewals_match_the_window_in_pandas(engine, sample_frames, as_of):
    contracts = recompute.in_force(sample_frames["contracts"], as_of)
    start, end = pd.Timestamp(as_of), pd.Timestamp(as_of + timedelta(days=90))
    due = contracts["renewal_notice_date"].between(start, end) | contracts["end_date"].between(
        start, end
    )
    with engine.connect() as conn:
        view = views.build(conn, Filters(as_of=as_of), Settings())
    assert sorted(view.renewals["contract_id"]) == sorted(contracts.loc[due, "contract_id"])
    assert len(view.renewals) >= 3  # the sample places renewals in the window
    assert view.renewals["renewal_date"].is_monotonic_increasing
    assert view.vendors["renewals_due"].sum() == len(view.renewals)
    # all vendors together: Σ spend ÷ Σ value at pace
    years = (start - contracts["start_date"]).dt.days / 365.25
    expected = 100 * contracts["spend_to_date"].sum() / (contracts["annual_value"] * years).sum()
    assert view.spend_pct == pytest.approx(expected, rel=1e-9)
