"""Vendors page widgets: the scorecard with its slide menu, and the contracts of the vendors
clicked on it (a row opens the project the contract serves)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from data_access.filters import Filters
from steerco.i18n import t
from steerco.ui import components, export
from steerco.ui.text import literal
from steerco.views import display
from steerco.views import vendors as views

SCORECARD_KEY = "vn_scorecard"
DRILL_TABLE_KEY = "vn_drill_contracts"
RENEWALS_TABLE_KEY = "vn_renewals"
CONTRACTS_TABLE_KEY = "vn_contracts"
VENDORS_TABLE_KEY = "vn_vendors"


def scorecard(fig, filters: Filters) -> list[str]:
    """The vendor scorecard with its slide-picture menu; returns the vendors clicked, in click
    order. The slide takes a shorter title: the chart's own runs into its legend at slide
    size."""
    event = export.chart(
        fig,
        key=SCORECARD_KEY,
        filters=filters,
        title=t("Vendor scorecard: SLA, satisfaction and spend"),
        on_select="rerun",
    )
    return views.clicked_vendors(components.clicked_marks(event))


def vendor_contracts(view: views.VendorsView, vendors: list[str]) -> None:
    """The contracts of the clicked vendors, or how to get them; a row opens its project."""
    if not vendors:
        st.info(
            t("Click a vendor's mark in the scorecard to list its contracts here."),
            icon=":material/touch_app:",
        )
        return
    mine = view.contracts_of(vendors)
    st.subheader(literal(views.contracts_heading(len(mine), vendors)))
    picked = components.selectable_table(
        views.contracts_table(mine),
        key=DRILL_TABLE_KEY,
        kinds=display.kinds(views.CONTRACT_COLUMNS),
        name=t("Contracts of {vendors}", vendors=", ".join(vendors)),
    )
    _open_project_of(mine, picked)
    if mine["project_id"].notna().any():
        st.caption(t("Click a row to open the project the contract serves."))


def _open_project_of(contracts: pd.DataFrame, row: int | None) -> None:
    """Open the project of the clicked contract row (service contracts have none)."""
    if row is None or row >= len(contracts):
        return
    project_id = contracts.iloc[row]["project_id"]
    if isinstance(project_id, str) and project_id:
        components.open_project(project_id)
