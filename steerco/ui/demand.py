"""Demand page: cached page data, the department filter (kept in the URL), tables and
reading a click on the value-vs-effort chart."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from data_access.queries import Filters
from steerco.i18n import t
from steerco.ui import components, data, export
from steerco.views import demand as views

BUBBLES_KEY = "dm_bubbles"
PIPELINE_KEY = "dm_pipeline"
WAITING_TABLE_KEY = "dm_waiting"
BACKLOG_TABLE_KEY = "dm_backlog"
DEPARTMENT_KEY = "dm_department"
#: URL parameter of the department filter: ``?dept=Finance&dept=HR`` (or ``dept=Finance,HR``).
DEPARTMENT_PARAM = "dept"
#: No department chosen = every department.
DEFAULT_DEPARTMENTS: tuple[str, ...] = ()
_SHADOW = "_dm_department_value"
_WRITTEN = "_dm_department_url"


@data.cached
def _page(
    _engine: Engine, url: str, version: int, filters: Filters, departments: tuple[str, ...]
) -> views.DemandView:
    with _engine.connect() as conn:
        return views.demand_page(conn, filters, data.settings(), departments)


def page_data(filters: Filters, departments: tuple[str, ...] = DEFAULT_DEPARTMENTS):
    return data.call(_page, filters, departments)


@data.cached
def _departments(_engine: Engine, url: str, version: int) -> list[str]:
    with _engine.connect() as conn:
        return views.department_options(conn)


def department_options() -> list[str]:
    return data.call(_departments)


def _url_departments() -> tuple[str, ...]:
    values = st.query_params.get_all(DEPARTMENT_PARAM)
    return tuple(v for part in values for v in part.split(",") if v)


def _remember() -> None:
    st.session_state[_SHADOW] = list(st.session_state[DEPARTMENT_KEY])


def department_filter(options: list[str]) -> tuple[str, ...]:
    """Multiselect of requesting departments, seeded from and written to the URL."""
    url = _url_departments()
    if url and url != st.session_state.get(_WRITTEN):  # a pasted link, not our own echo
        st.session_state[_SHADOW] = list(url)
    remembered = st.session_state.get(_SHADOW, list(DEFAULT_DEPARTMENTS))
    st.session_state[DEPARTMENT_KEY] = [v for v in remembered if v in options]
    chosen = tuple(
        st.multiselect(
            t("Requesting department"),
            options,
            key=DEPARTMENT_KEY,
            placeholder=t("All departments"),
            on_change=_remember,
        )
    )
    if chosen:
        if st.query_params.get_all(DEPARTMENT_PARAM) != list(chosen):
            st.query_params[DEPARTMENT_PARAM] = list(chosen)
    elif DEPARTMENT_PARAM in st.query_params:
        del st.query_params[DEPARTMENT_PARAM]
    st.session_state[_WRITTEN] = chosen or None
    return chosen


def table(frame: pd.DataFrame, kinds: dict[str, str], *, key: str, name: str) -> None:
    """A read-only table with its .xlsx/CSV menu (file ``name``)."""
    components.table(frame, kinds, name=name, key=key)


def slide_title(fig, departments: tuple[str, ...]) -> str:
    """The chart's title for its slide, naming the departments chosen (the page's own filter,
    which the slide's filter line does not know)."""
    title = export.figure_title(fig)
    return f"{title} · {', '.join(departments)}" if departments else title


def bubbles(fig, filters: Filters, departments: tuple[str, ...]):
    """The value-vs-effort chart with its slide-picture menu; returns the click event."""
    return export.chart(
        fig,
        key=BUBBLES_KEY,
        filters=filters,
        title=slide_title(fig, departments),
        on_select="rerun",
    )


def pipeline(fig, filters: Filters, departments: tuple[str, ...]) -> None:
    """The intake pipeline with its slide-picture menu."""
    export.chart(fig, key=PIPELINE_KEY, filters=filters, title=slide_title(fig, departments))


def selected_request(event) -> str | None:
    """The request id behind the clicked bubble (its ``customdata``); the last one clicked."""
    points = (event or {}).get("selection", {}).get("points", []) if event else []
    for point in reversed(points):
        value = point.get("customdata")
        if isinstance(value, list | tuple):
            value = value[0] if value else None
        if isinstance(value, str):
            return value
    return None
