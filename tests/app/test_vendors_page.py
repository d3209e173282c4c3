"""AppTest of the Vendors page: figures, filters in the URL, click on a vendor, empty state."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from data_access import engine as store_engine
from data_access import queries
from data_access.filters import Filters
from steerco import fmt
from steerco.config import load_settings
from steerco.exports import images
from steerco.views import vendors as views
from tests.support import apptest

PAGE = "pages/vendors.py"


def _open(**query) -> AppTest:
    return apptest.open_page(PAGE, link=query)


_metric = apptest.metric


_no_error = apptest.no_error


def _select_vendor(at: AppTest, vendor: str) -> None:
    at.session_state["vn_scorecard"] = {
        "selection": {"points": [{"customdata": vendor}], "point_indices": [0], "box": [],
                      "lasso": []}
    }  # fmt: skip
    at.run()


@pytest.fixture
def expected(app_env):
    """The page as the plain-Python layer computes it for the app's store (as of today)."""
    eng = store_engine.create_engine(app_env)
    with eng.connect() as conn:
        view = views.build(conn, Filters(), load_settings())
        options = queries.filter_options(conn)
    eng.dispose()
    return view, options


def test_vendors_page_shows_kpis_renewals_scorecard_and_contracts(app_env, expected):
    view, _ = expected
    at = _open()
    _no_error(at)
    assert at.title[0].value == "Vendors"
    assert _metric(at, "Contracts in force") == str(len(view.contracts))
    assert _metric(at, "Renewals due in 90 days") == str(len(view.renewals))
    assert _metric(at, "Spend vs contracted pace") == fmt.pct(view.spend_pct)
    assert len(at.get("plotly_chart")) == 1
    assert apptest.chart_titles(at) == [
        "Vendor scorecard: SLA, satisfaction and spend (largest vendors on top)"
    ]
    assert apptest.chart_keys(at) == ["vn_scorecard"]
    subheaders = [s.value for s in at.subheader]
    assert "Renewals due within 90 days" in subheaders and "Contracts in force" in subheaders
    renewals, contracts = at.dataframe[0].value, at.dataframe[1].value
    assert renewals["Contract"].tolist() == view.renewals["contract_id"].tolist()
    assert set(renewals["What"]) <= {"Notice date", "Contract ends",
                                     "Contract ends · notice date passed"}  # fmt: skip
    assert len(contracts) == len(view.contracts)
    assert {"Spend vs pace (%)", "SLA (%)", "Satisfaction (1–5)", "Renewal due"} <= set(
        contracts.columns
    )
    assert any("Click a vendor's mark" in i.value for i in at.info)
    apptest.assert_every_chart_and_table_downloads(at)
    menus = apptest.download_menus(at)
    assert {"vn_renewals_dl", "vn_contracts_dl", "vn_vendors_dl"} <= set(menus)


def test_a_table_menu_offers_spreadsheets(app_env):
    at = _open()
    assert not at.get("download_button"), "menus are closed: nothing is built up front"
    at.session_state["vn_vendors_dl"] = True
    at.run()
    _no_error(at)
    assert [b.proto.label for b in at.get("download_button")] == ["Excel (.xlsx)", "CSV"]


@pytest.mark.skipif(images.chromium_path() is None, reason="slide pictures need Chromium")
def test_the_scorecard_slide_has_a_title_that_clears_its_legend(app_env):
    at = _open()
    at.session_state["vn_scorecard_dl"] = True
    at.run()
    _no_error(at)
    assert [b.proto.label for b in at.get("download_button")] == ["PNG, 3200×1800", "SVG, scalable"]
    captions = [c.value for c in at.caption]
    assert any(
        c.startswith("Vendor scorecard: SLA, satisfaction and spend · Data") for c in captions
    )


def test_programme_filter_narrows_the_contracts_and_goes_into_the_url(app_env, expected):
    view, _ = expected
    eng = store_engine.create_engine(app_env)
    with eng.connect() as conn:
        narrowed = views.build(conn, Filters(programme=("ERP",)), load_settings())
    eng.dispose()
    at = _open()
    at.multiselect(key="flt_programme").set_value(["ERP"]).run()
    _no_error(at)
    assert _metric(at, "Contracts in force") == str(len(narrowed.contracts))
    assert len(narrowed.contracts) < len(view.contracts)
    assert at.query_params["programme"] in ("ERP", ["ERP"])
    assert any("contracts that serve no project" in c.value for c in at.caption)


def test_clicking_a_vendor_mark_lists_its_contracts(app_env, expected):
    view, _ = expected
    vendor = view.vendors.sort_values("annual_value", ascending=False)["vendor"].iloc[0]
    mine = view.contracts[view.contracts["vendor"] == vendor]
    at = _open()
    _select_vendor(at, vendor)
    _no_error(at)
    heading = f"{len(mine)} contract{'s' if len(mine) > 1 else ''} of {vendor}"
    assert heading in [s.value for s in at.subheader]
    drill = at.dataframe[1].value  # renewals, then the vendor's contracts
    assert drill["Contract"].tolist() == sorted(mine["contract_id"])
    assert set(drill["Vendor"]) == {vendor}
    # the drill-down table has its own download menu too
    assert apptest.download_menus(at)["vn_drill_contracts_dl"] == "Download"
    apptest.assert_every_chart_and_table_downloads(at)


def test_clicking_a_contract_row_of_the_vendor_opens_its_project(app_env, expected):
    view, _ = expected
    row = view.contracts[view.contracts["project_id"].notna()].iloc[0]
    at = _open()
    _select_vendor(at, row["vendor"])
    position = view.contracts_of(row["vendor"])["contract_id"].tolist().index(row["contract_id"])
    at.session_state["vn_drill_contracts"] = {
        "selection": {"rows": [position], "columns": [], "cells": []}
    }
    at.run()
    assert not at.exception
    assert at.title[0].value.startswith(f"{row['project_id']} · ")


def test_as_of_before_the_data_shows_the_first_day_instead(app_env):
    """A date before the store's first data is moved to that day (the page says so); the
    contracts in force then are shown. (Before any contract the view is empty:
    tests/unit/views/test_vendors.py.)"""
    at = _open(as_of="2001-01-01")
    _no_error(at)
    assert any("The store has no data before" in i.value for i in at.info)
    assert at.get("plotly_chart")
