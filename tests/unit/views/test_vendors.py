"""The Vendors page model (``steerco.views.vendors.build``) on the seeded SQLite sample,
against a plain-pandas recomputation on the raw sample tables."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import pytest

from steerco import fmt
from steerco.views import vendors as views
from tests.support import recompute


@pytest.fixture
def view(conn, filters, settings) -> views.VendorsView:
    return views.build(conn, filters, settings)


def test_kpis_are_the_figures_of_the_contracts_in_force(view, sample_frames, filters):
    contracts = recompute.in_force(sample_frames["contracts"], filters.as_of)
    start, end = pd.Timestamp(filters.as_of), pd.Timestamp(filters.as_of + timedelta(days=90))
    due = contracts["renewal_notice_date"].between(start, end) | contracts["end_date"].between(
        start, end
    )
    years = (start - contracts["start_date"]).dt.days / 365.25
    pace = 100 * contracts["spend_to_date"].sum() / (contracts["annual_value"] * years).sum()
    below_sla = (contracts.groupby("vendor")["sla_performance_pct"].mean() < 95).sum()

    kpis = {k.label: k for k in view.kpis}
    assert list(kpis) == [
        "Contracts in force",
        "Annual value",
        "Spend vs contracted pace",
        "Renewals due in 90 days",
        "Vendors below SLA target",
    ]
    assert kpis["Contracts in force"].value == str(len(contracts))
    assert kpis["Annual value"].value == fmt.money(contracts["annual_value"].sum(), "EUR")
    assert kpis["Spend vs contracted pace"].value == fmt.pct(pace)
    renewals = kpis["Renewals due in 90 days"]
    assert renewals.value == str(int(due.sum())) and due.sum() >= 3
    assert renewals.delta == f"{fmt.money(contracts.loc[due, 'annual_value'].sum())} a year"
    assert (renewals.delta_color, renewals.arrow) == ("off", False)
    assert kpis["Vendors below SLA target"].value == str(below_sla)
    assert "below 95 %" in kpis["Vendors below SLA target"].help


def test_display_tables_list_every_contract_renewal_and_vendor(view, sample_frames, filters):
    contracts = recompute.in_force(sample_frames["contracts"], filters.as_of)
    table = views.contracts_table(view.contracts)
    assert list(table.columns) == list(views.CONTRACT_COLUMNS)
    assert sorted(table["Contract"]) == sorted(contracts["contract_id"])
    served = table[table["Project"] != ""]
    assert served["Project"].str.match(r"PRJ-\d+ · .+").all()
    assert set(table["Spend status"]) <= {"Within pace", "Ahead of pace", "Well ahead of pace", "–"}

    renewals = views.renewals_table(view.renewals)
    assert renewals["Act by"].is_monotonic_increasing
    assert set(renewals["What"]) <= {
        "Notice date",
        "Contract ends",
        "Contract ends · notice date passed",
    }
    vendors = views.vendors_table(view.vendors)
    assert sorted(vendors["Vendor"]) == sorted(contracts["vendor"].unique())
    assert vendors["Contracts"].sum() == len(contracts)
    assert vendors["Renewals due"].sum() == len(renewals)


def test_a_programme_filter_keeps_its_contracts_and_says_what_it_hides(
    conn, filters, settings, sample_frames
):
    projects = sample_frames["projects"]
    contracts = recompute.in_force(sample_frames["contracts"], filters.as_of)
    ids = set(projects.loc[projects["programme"] == "ERP", "project_id"])
    view = views.build(conn, filters.with_(programme=("ERP",)), settings)
    assert sorted(view.contracts["contract_id"]) == sorted(
        contracts.loc[contracts["project_id"].isin(ids), "contract_id"]
    )
    hidden = int(contracts["project_id"].isna().sum())
    assert view.hidden_without_project == hidden > 0
    assert f"{hidden} contracts that serve no project" in views.summary_line(view)


def test_clicked_vendors_and_their_contracts(view):
    first, second = sorted(view.contracts["vendor"].unique())[:2]
    marks = [[second], [first], [second], [None], []]
    assert views.clicked_vendors(marks) == [second, first]
    mine = view.contracts_of([second, first])
    assert set(mine["vendor"]) == {first, second}
    assert mine["contract_id"].is_monotonic_increasing
    assert views.contracts_heading(1, [first]) == f"1 contract of {first}"
    assert views.contracts_heading(3, [first, second]) == f"3 contracts of {first}, {second}"


def test_an_as_of_before_any_contract_is_empty(conn, filters, settings):
    view = views.build(conn, filters.with_(as_of=filters.as_of.replace(year=2001)), settings)
    assert view.is_empty and view.renewals.empty
    assert views.scorecard_note(view) is None
