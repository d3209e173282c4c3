"""Vendors page: cached page data, the contract tables and reading a click on the scorecard."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from data_access.queries import Filters
from steerco.ui import components, data
from steerco.views import vendors as views

SCORECARD_KEY = "vn_scorecard"
DRILL_TABLE_KEY = "vn_drill_contracts"


@data.cached
def _page(_engine: Engine, url: str, version: int, filters: Filters) -> views.VendorsView:
    with _engine.connect() as conn:
        return views.vendors_page(conn, filters, data.settings())


def page_data(filters: Filters) -> views.VendorsView:
    return data.call(_page, filters)


def table(
    frame: pd.DataFrame, kinds: dict[str, str], *, key: str | None = None, selectable=False
) -> int | None:
    """A read-only, downloadable table; with ``selectable`` returns the clicked row."""
    options = {"on_select": "rerun", "selection_mode": "single-row"} if selectable else {}
    event = st.dataframe(
        frame,
        key=key,
        hide_index=True,
        width="stretch",
        height=components.table_height(len(frame)),
        column_config=components.column_config(kinds),
        **options,
    )
    if not selectable or event is None:
        return None
    rows = event.selection.rows
    return rows[0] if rows else None


def selected_vendors(event) -> list[str]:
    """Vendors behind the clicked scorecard marks (their ``customdata``), in click order."""
    points = (event or {}).get("selection", {}).get("points", []) if event else []
    vendors: list[str] = []
    for point in points:
        value = point.get("customdata")
        if isinstance(value, list | tuple):
            value = value[0] if value else None
        if isinstance(value, str) and value not in vendors:
            vendors.append(value)
    return vendors


def open_project_of(contracts: pd.DataFrame, row: int | None) -> None:
    """Open the project of the clicked contract row (service contracts have none)."""
    if row is None or row >= len(contracts):
        return
    project_id = contracts.iloc[row]["project_id"]
    if isinstance(project_id, str) and project_id:
        components.open_project(project_id)


def serves_projects(contracts: pd.DataFrame) -> bool:
    """True when some of these contracts serve a project (their rows open it)."""
    return bool(contracts["project_id"].notna().any())
