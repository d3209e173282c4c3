"""Vendors page: cached page data, the contract tables and reading a click on the scorecard."""

from __future__ import annotations

import pandas as pd
from sqlalchemy.engine import Engine

from data_access.queries import Filters
from steerco.i18n import t
from steerco.ui import components, data, export
from steerco.views import vendors as views

SCORECARD_KEY = "vn_scorecard"
DRILL_TABLE_KEY = "vn_drill_contracts"
RENEWALS_TABLE_KEY = "vn_renewals"
CONTRACTS_TABLE_KEY = "vn_contracts"
VENDORS_TABLE_KEY = "vn_vendors"


@data.cached
def _page(_engine: Engine, url: str, version: int, filters: Filters) -> views.VendorsView:
    with _engine.connect() as conn:
        return views.vendors_page(conn, filters, data.settings())


def page_data(filters: Filters) -> views.VendorsView:
    return data.call(_page, filters)


def scorecard(fig, filters: Filters):
    """The vendor scorecard with its slide-picture menu; returns the click event. The slide
    takes a shorter title: the chart's own runs into its legend at slide size."""
    return export.chart(
        fig,
        key=SCORECARD_KEY,
        filters=filters,
        title=t("Vendor scorecard: SLA, satisfaction and spend"),
        on_select="rerun",
    )


def table(
    frame: pd.DataFrame, kinds: dict[str, str], *, key: str, name: str, selectable=False
) -> int | None:
    """A read-only table with its .xlsx/CSV menu (file ``name``); with ``selectable`` returns
    the clicked row."""
    if selectable:
        return components.selectable_table(frame, key=key, kinds=kinds, name=name)
    components.table(frame, kinds, name=name, key=key)
    return None


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
