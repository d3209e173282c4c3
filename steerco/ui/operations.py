"""Operations page widgets: the service and period filters (kept in the URL), clickable charts
with their slide-picture menu, and the tickets or changes behind a clicked mark."""

from __future__ import annotations

import streamlit as st

from data_access.filters import Filters
from steerco import fmt
from steerco.i18n import t
from steerco.ui import components, data, export, url_state
from steerco.ui.text import literal
from steerco.views import display
from steerco.views import operations as views

#: URL parameters of the page's own filters (``?service=Service+Desk&service=Applications
#: &weeks=26``) and the keys of their widgets.
SERVICE_PARAM = "service"
WEEKS_PARAM = "weeks"
SERVICE_KEY = "ops_service"
WEEKS_KEY = "ops_weeks"
_GROUP = "ops"
#: Chart keys: a chart's selection is read from its key (AppTest injects it there).
CHART_KEYS = {
    "weekly": "ops_weekly",
    "monthly": "ops_monthly",
    "backlog": "ops_backlog",
    "sla": "ops_sla",
    "categories": "ops_categories",
    "root_causes": "ops_root_causes",
    "changes": "ops_changes",
}
#: Table keys (each table's download menu is its key + ``export.MENU_SUFFIX``).
SLA_TABLE_KEY = "ops_sla_table"
P1_TABLE_KEY = "ops_p1_table"
#: The page's tabs (the open one is in the URL as ``?ops_tab=…``).
SECTIONS_KEY = "ops_tab"


def _weeks(raw: str) -> int:
    weeks = int(raw)
    if weeks not in views.WEEK_CHOICES:
        raise ValueError(raw)
    return weeks


def _params() -> list[url_state.Param]:
    choices = ", ".join(str(w) for w in views.WEEK_CHOICES)
    return [
        url_state.Param(SERVICE_PARAM, SERVICE_KEY, many=True),
        url_state.Param(
            WEEKS_PARAM,
            WEEKS_KEY,
            default=views.DEFAULT_WEEKS,
            parse=_weeks,
            hint=t("Choose {choices} weeks.", choices=choices),
        ),
    ]


def ops_filters(options: list[str]) -> views.OpsFilters:
    """The service pills (none chosen = all services) and the period, kept in the URL."""
    params = _params()
    url_state.seed(
        params, group=_GROUP, options={SERVICE_KEY: options, WEEKS_KEY: views.WEEK_CHOICES}
    )
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    with left:
        chosen = st.pills(
            t("Services"),
            options,
            selection_mode="multi",
            format_func=literal,  # service names come from data; pills render Markdown
            key=SERVICE_KEY,
            on_change=url_state.remember,
            args=(SERVICE_KEY,),
            help=t("Choose one or more services; none chosen shows all services."),
        )
    with right:
        weeks = st.segmented_control(
            t("Period (weeks)"),
            views.WEEK_CHOICES,
            required=True,
            key=WEEKS_KEY,
            on_change=url_state.remember,
            args=(WEEKS_KEY,),
            help=t("The last weeks ending with the as-of date (sidebar)."),
        )
    url_state.write(params, group=_GROUP)
    return views.OpsFilters(services=tuple(chosen or ()), weeks=int(weeks or views.DEFAULT_WEEKS))


def chart(fig, name: str, view: views.OperationsView, filters: Filters) -> list | None:
    """Draw a clickable chart with its slide-picture menu; returns the customdata of the
    clicked mark, or None."""
    event = export.chart(
        fig,
        key=CHART_KEYS[name],
        filters=filters,
        title=view.slide_title(export.figure_title(fig)),
        subtitle=view.slide_subtitle,
        on_select="rerun",
        selection_mode="points",
    )
    return components.clicked(event)


def _drill_caption(drill: views.Drill, noun: str) -> None:
    if drill.capped:
        st.caption(
            t(
                "Showing the first {shown} of {total} {noun}, and so does the download. "
                "Narrow the selection for the rest.",
                shown=fmt.number(len(drill.rows)),
                total=fmt.number(drill.total),
                noun=noun,
            )
        )


def ticket_drill(view: views.OperationsView, custom: list | None, key: str) -> None:
    """The tickets behind a clicked mark (if any), as a table below the chart."""
    if custom is None:
        return
    mark = views.ticket_mark(view, custom)
    if mark is None:
        st.caption(t("This bar groups several values; click a named bar to list its tickets."))
        return
    drill = data.page(views.ticket_drill, mark)
    st.markdown(f"**{literal(drill.title)}**")
    if drill.rows.empty:
        st.caption(t("No tickets."))
        return
    open_tickets = mark.event == "open"
    columns = views.OPEN_TICKET_COLUMNS if open_tickets else views.TICKET_COLUMNS
    frame = views.ticket_table(drill.rows, open_tickets)
    components.table(frame, display.kinds(columns), name=drill.title, key=key)
    _drill_caption(drill, t("tickets"))


def change_drill(view: views.OperationsView, custom: list | None, key: str) -> None:
    """The changes behind a clicked bar (if any), as a table below the chart."""
    mark = views.change_mark(view, custom) if custom is not None else None
    if mark is None:
        return
    drill = data.page(views.change_drill, mark)
    st.markdown(f"**{literal(drill.title)}**")
    if drill.rows.empty:
        st.caption(t("No changes."))
        return
    frame = views.change_table(drill.rows)
    components.table(frame, display.kinds(views.CHANGE_COLUMNS), name=drill.title, key=key)
    _drill_caption(drill, t("changes"))
