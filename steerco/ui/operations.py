"""Operations page: cached page data and drill-downs, the service and period filters (kept in
the URL), reading a click on a chart, and the drill-down tables."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from data_access import operations_queries
from data_access.operations_queries import ChangeMark, TicketMark
from data_access.queries import Filters
from steerco import fmt
from steerco.i18n import t
from steerco.ui import components, data, export
from steerco.views import operations as views

#: URL parameters of the page's own filters (``?service=Service+Desk&service=Applications
#: &weeks=26``) and the keys of their widgets.
SERVICE_PARAM = "service"
WEEKS_PARAM = "weeks"
SERVICE_KEY = "ops_service"
WEEKS_KEY = "ops_weeks"
_SHADOW = "_ops_filters_value"
_WRITTEN = "_ops_url_written"
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


@data.cached
def _page(
    _engine: Engine, url: str, version: int, filters: Filters, ops: views.OpsFilters
) -> views.OperationsView:
    with _engine.connect() as conn:
        return views.operations_page(conn, filters, ops, data.settings())


@data.cached
def _services(_engine: Engine, url: str, version: int) -> list[str]:
    with _engine.connect() as conn:
        return operations_queries.service_options(conn)


@data.cached
def _ticket_drill(_engine: Engine, url: str, version: int, mark: TicketMark) -> views.Drill:
    with _engine.connect() as conn:
        return views.ticket_drill(conn, mark)


@data.cached
def _change_drill(_engine: Engine, url: str, version: int, mark: ChangeMark) -> views.Drill:
    with _engine.connect() as conn:
        return views.change_drill(conn, mark)


def page_data(filters: Filters, ops: views.OpsFilters) -> views.OperationsView:
    return data.call(_page, filters, ops)


def service_options() -> list[str]:
    return data.call(_services)


# --------------------------------------------------------------------------- filters


def _url_value() -> tuple[tuple[str, ...], int] | None:
    """The page's filters as the URL gives them, or None when the URL has none."""
    services = tuple(st.query_params.get_all(SERVICE_PARAM))
    raw = st.query_params.get(WEEKS_PARAM)
    if not services and raw is None:
        return None
    weeks = views.DEFAULT_WEEKS
    if raw is not None:
        try:
            weeks = int(raw)
            if weeks not in views.WEEK_CHOICES:
                raise ValueError(raw)
        except ValueError:
            st.warning(
                t(
                    "Ignored the period {value} in the link: choose {choices} weeks.",
                    value=raw,
                    choices=", ".join(str(w) for w in views.WEEK_CHOICES),
                )
            )
            weeks = views.DEFAULT_WEEKS
    return services, weeks


def _remember() -> None:
    """on_change: the shadow value outlives the widgets when the user visits other pages."""
    st.session_state[_SHADOW] = (
        tuple(st.session_state.get(SERVICE_KEY) or ()),
        st.session_state.get(WEEKS_KEY) or views.DEFAULT_WEEKS,
    )


def _write_url(ops: views.OpsFilters) -> None:
    if ops.services:
        if st.query_params.get_all(SERVICE_PARAM) != list(ops.services):
            st.query_params[SERVICE_PARAM] = list(ops.services)
    elif SERVICE_PARAM in st.query_params:
        del st.query_params[SERVICE_PARAM]
    if st.query_params.get(WEEKS_PARAM) != str(ops.weeks):
        st.query_params[WEEKS_PARAM] = str(ops.weeks)
    st.session_state[_WRITTEN] = (ops.services, ops.weeks)


def ops_filters(options: list[str]) -> views.OpsFilters:
    """The service pills (none chosen = all services) and the period, kept in the URL.

    A link's values win when they differ from what this page last wrote (a pasted URL);
    otherwise the remembered values stay, also after a visit to another page.
    """
    url = _url_value()
    if url is not None and url != st.session_state.get(_WRITTEN):
        st.session_state[_SHADOW] = url
    services, weeks = st.session_state.get(_SHADOW, ((), views.DEFAULT_WEEKS))
    st.session_state[SERVICE_KEY] = [s for s in services if s in options]
    st.session_state[WEEKS_KEY] = weeks
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    with left:
        chosen = st.pills(
            t("Services"),
            options,
            selection_mode="multi",
            key=SERVICE_KEY,
            on_change=_remember,
            help=t("Choose one or more services; none chosen shows all services."),
        )
    with right:
        weeks = st.segmented_control(
            t("Period (weeks)"),
            views.WEEK_CHOICES,
            required=True,
            key=WEEKS_KEY,
            on_change=_remember,
            help=t("The last weeks ending with the as-of date (sidebar)."),
        )
    ops = views.OpsFilters(services=tuple(chosen or ()), weeks=int(weeks or views.DEFAULT_WEEKS))
    st.session_state[_SHADOW] = (ops.services, ops.weeks)
    _write_url(ops)
    return ops


def period_caption(view: views.OperationsView) -> str:
    services = t("all services") if view.all_services else ", ".join(view.services)
    return t(
        "Last {weeks} weeks: {first} – {last} · {services}. Click a bar to list the tickets "
        "or changes behind it.",
        weeks=view.period.weeks,
        first=fmt.day(view.period.first_day),
        last=fmt.day(view.period.last_day),
        services=services,
    )


# --------------------------------------------------------------------------- charts and drills


def slide_title(fig, view: views.OperationsView) -> str:
    """A chart's slide title: its own title, and the services when they are narrowed."""
    title = export.figure_title(fig)
    return title if view.all_services else f"{title} · {', '.join(view.services)}"


def slide_subtitle(view: views.OperationsView) -> str:
    services = t("all services") if view.all_services else ", ".join(view.services)
    return t(
        "Data as of {day} · last {n} weeks · {services}",
        day=fmt.day(view.as_of),
        n=view.period.weeks,
        services=services,
    )


def chart(
    fig, name: str, view: views.OperationsView, filters: Filters, min_height: int | None = None
):
    """Draw a clickable chart with its slide-picture menu; returns the customdata of the
    clicked mark, or None. ``min_height`` lines it up with a taller chart beside it (the
    slide picture has its own 16:9 size)."""
    if min_height is not None and (fig.layout.height or 0) < min_height:
        fig.update_layout(height=min_height)
    event = export.chart(
        fig,
        key=CHART_KEYS[name],
        filters=filters,
        title=slide_title(fig, view),
        # tickets belong to services: the project filters narrow nothing here, so the slide
        # names the as-of date, the period and the services, not project filters
        subtitle=slide_subtitle(view),
        on_select="rerun",
        selection_mode="points",
    )
    points = (event or {}).get("selection", {}).get("points", []) if event else []
    for point in points:
        custom = point.get("customdata")
        if custom:
            return custom
    return None


def table(frame: pd.DataFrame, kinds: dict[str, str], *, name: str, key: str) -> None:
    """A read-only table with this page's formats and a .xlsx / CSV download menu."""
    components.table(frame, kinds, name=name, key=key)


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


def ticket_drill(view: views.OperationsView, custom, key: str) -> None:
    """The tickets behind a clicked mark, as a table below the chart."""
    mark = views.ticket_mark(view, custom)
    if mark is None:
        st.caption(t("This bar groups several values; click a named bar to list its tickets."))
        return
    drill = data.call(_ticket_drill, mark)
    st.markdown(f"**{drill.title}**")
    if drill.rows.empty:
        st.caption(t("No tickets."))
        return
    open_tickets = mark.event == "open"
    mapping = views.OPEN_TICKET_COLUMNS if open_tickets else views.TICKET_COLUMNS
    table(
        views.ticket_table(drill.rows, open_tickets),
        views.column_kinds(mapping),
        name=drill.title,
        key=key,
    )
    _drill_caption(drill, t("tickets"))


def change_drill(view: views.OperationsView, custom, key: str) -> None:
    mark = views.change_mark(view, custom)
    if mark is None:
        return
    drill = data.call(_change_drill, mark)
    st.markdown(f"**{drill.title}**")
    if drill.rows.empty:
        st.caption(t("No changes."))
        return
    table(
        views.change_table(drill.rows),
        views.column_kinds(views.CHANGE_COLUMNS),
        name=drill.title,
        key=key,
    )
    _drill_caption(drill, t("changes"))
