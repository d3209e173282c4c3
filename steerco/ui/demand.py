"""Demand page widgets: the department filter (kept in the URL), the charts with their slide
menus, and the details of the request clicked on the value-vs-effort chart."""

from __future__ import annotations

import streamlit as st

from data_access.filters import Filters
from steerco.i18n import t
from steerco.ui import components, data, export, url_state
from steerco.ui.text import literal
from steerco.views import demand as views

BUBBLES_KEY = "dm_bubbles"
PIPELINE_KEY = "dm_pipeline"
WAITING_TABLE_KEY = "dm_waiting"
BACKLOG_TABLE_KEY = "dm_backlog"
DEPARTMENT_KEY = "dm_department"
#: URL parameter of the department filter: ``?dept=Finance&dept=HR`` (or ``dept=Finance,HR``).
DEPARTMENT_PARAM = "dept"


def department_filter() -> tuple[str, ...]:
    """Multiselect of requesting departments, kept in the URL; none chosen = every one."""
    return url_state.multiselect(
        t("Requesting department"),
        data.page(views.department_options),
        param=DEPARTMENT_PARAM,
        key=DEPARTMENT_KEY,
        placeholder=t("All departments"),
    )


def slide_title(fig, departments: tuple[str, ...]) -> str:
    """The chart's title for its slide, naming the departments chosen (the page's own filter,
    which the slide's filter line does not know)."""
    title = export.figure_title(fig)
    return f"{title} · {', '.join(departments)}" if departments else title


def bubbles(fig, filters: Filters, departments: tuple[str, ...]) -> str | None:
    """The value-vs-effort chart with its slide-picture menu; returns the request id of the
    bubble clicked last (its ``customdata``)."""
    event = export.chart(
        fig,
        key=BUBBLES_KEY,
        filters=filters,
        title=slide_title(fig, departments),
        on_select="rerun",
    )
    mark = components.clicked(event, last=True)
    return mark[0] if mark and isinstance(mark[0], str) else None


def pipeline(fig, filters: Filters, departments: tuple[str, ...]) -> None:
    """The intake pipeline with its slide-picture menu."""
    export.chart(fig, key=PIPELINE_KEY, filters=filters, title=slide_title(fig, departments))


def request_details(view: views.DemandView, request_id: str | None, currency: str) -> None:
    """The clicked request: how its score is worked out, its facts, the other requests at the
    same point of the chart and a link to its project; or how to pick one."""
    row = view.request(request_id) if request_id else None
    if row is None:
        st.subheader(t("Request details"))
        st.info(t("Click a bubble to see that request's details."), icon=":material/touch_app:")
        return
    with st.container(border=True):
        st.subheader(literal(f"{row['request_id']} · {row['title']}"))
        st.markdown(f"**{t('Priority score')}**: {literal(views.score_working(row))}")
        facts = views.detail_facts(row, currency)
        st.markdown("  \n".join(f"**{label}**: {literal(value)}" for label, value in facts))
        others = view.same_point(row["request_id"])
        if not others.empty:
            names = literal(views.names(others))
            st.caption(t("Also at this point of the chart: {others}", others=names))
        if isinstance(row.get("project_id"), str):
            st.page_link(
                components.PROJECT_PAGE,
                label=t("Open project {pid}", pid=literal(row["project_id"])),
                query_params={"project": row["project_id"]},
                icon=":material/arrow_forward:",
            )
