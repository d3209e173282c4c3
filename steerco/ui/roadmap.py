"""Roadmap page: cached page data and the page's own widgets (Gantt order, trend project).

Both widgets keep their value in the URL (``?sort=end&project=PRJ-007``) and in the session,
so a copied link shows the same view and a visit to another page does not lose them. The
page's tabs keep the open one in the URL too (``?rm_tab=Slipped milestones``); each widget is
drawn in its own tab only, and its value holds while another tab is open.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from data_access.queries import Filters
from steerco import fmt
from steerco.analytics import roadmap as rm
from steerco.i18n import t
from steerco.ui import components, data, export
from steerco.views import roadmap as views

SORT_PARAM = "sort"
PROJECT_PARAM = "project"
SORT_KEY = "rm_sort"
PROJECT_KEY = "rm_project"
GANTT_KEY = "rm_gantt"
SLIPPED_KEY = "rm_slipped"
GATES_KEY = "rm_gates"
MILESTONES_KEY = "rm_milestones"
TREND_KEY = "rm_trend"
#: The page's tabs (the open one is in the URL as ``?rm_tab=…``).
SECTIONS_KEY = "rm_tab"
#: Tab labels (English source texts; the URL holds the translated label of the open tab).
GANTT_TAB = "Baseline vs forecast"
GATES_TAB = "Gates due"
SLIPPED_TAB = "Slipped milestones"
TREND_TAB = "Milestone trend"
TABS = (GANTT_TAB, GATES_TAB, SLIPPED_TAB, TREND_TAB)
#: Height of the slipped-milestones table: about 12 rows, the rest scroll (and download).
SLIPPED_TABLE_PX = 460
#: Rows drawn in a milestone table; its download menu has them all (a styled table of
#: thousands of rows takes seconds to send, and a committee reads the top of the list).
TABLE_MAX_ROWS = 200
#: Gantt orders as the user reads them.
SORT_LABELS = {"slip": "Largest slip first", "end": "Next to finish first"}


@data.cached
def _portfolio_roadmap(
    _engine: Engine, url: str, version: int, filters: Filters, sort: str
) -> views.Roadmap:
    with _engine.connect() as conn:
        return views.portfolio_roadmap(conn, filters, data.settings(), sort=sort)


@data.cached
def _roadmap(
    _engine: Engine, url: str, version: int, filters: Filters, sort: str, project: str | None
) -> views.Roadmap:
    # The portfolio part is cached on its own: picking another trend project reads only
    # that project's milestones.
    base = _portfolio_roadmap(_engine, url, version, filters, sort)
    with _engine.connect() as conn:
        return views.with_trend(conn, base, project)


def roadmap(filters: Filters, sort: str, project: str | None) -> views.Roadmap:
    """The page data (cached per store, data version, filters, order and project)."""
    return data.call(_roadmap, filters, sort, project)


def _shadow(key: str) -> str:
    return f"_{key}_value"


def _echo(key: str) -> str:
    return f"_{key}_url"


def _from_link(key: str, param: str) -> str | None:
    """The URL's value when it came from a link (not the value this page wrote itself)."""
    value = st.query_params.get(param)
    if value and value != st.session_state.get(_echo(key)):
        return value
    return None


def _write(key: str, param: str, value: str | None) -> None:
    if value is None:
        if param in st.query_params:
            del st.query_params[param]
    elif st.query_params.get(param) != value:
        st.query_params[param] = value
    st.session_state[_echo(key)] = value


def _remember(key: str) -> None:
    st.session_state[_shadow(key)] = st.session_state[key]


def sections() -> list:
    """The page's tabs; only the open one is drawn, and it is kept in the URL."""
    return components.sections([t(label) for label in TABS], key=SECTIONS_KEY)


def wanted_sort() -> str:
    """The Gantt order asked for by a link or chosen earlier in the session (or the default),
    read before the page data; the radio itself sits in the Gantt's tab."""
    linked = _from_link(SORT_KEY, SORT_PARAM)
    if linked in rm.GANTT_SORTS:
        st.session_state[_shadow(SORT_KEY)] = linked
    value = st.session_state.get(_shadow(SORT_KEY), rm.DEFAULT_GANTT_SORT)
    return value if value in rm.GANTT_SORTS else rm.DEFAULT_GANTT_SORT


def sort_choice(sort: str) -> None:
    """Radio for the Gantt's order (``sort`` from :func:`wanted_sort`), in sync with
    ``?sort=``; a change reruns the page with the new order."""
    st.session_state[SORT_KEY] = sort
    chosen = st.radio(
        t("Order"),
        rm.GANTT_SORTS,
        key=SORT_KEY,
        format_func=lambda s: t(SORT_LABELS[s]),
        horizontal=True,
        on_change=_remember,
        args=(SORT_KEY,),
        help=t(
            "Largest slip: forecast end minus baseline end, biggest first. Next to finish: "
            "soonest forecast end from the as-of date on; finished projects last."
        ),
    )
    _write(SORT_KEY, SORT_PARAM, None if chosen == rm.DEFAULT_GANTT_SORT else chosen)


def wanted_project() -> str | None:
    """The trend project asked for by a link or chosen earlier in the session (or None)."""
    linked = _from_link(PROJECT_KEY, PROJECT_PARAM)
    if linked:
        st.session_state[_shadow(PROJECT_KEY)] = linked
    return st.session_state.get(_shadow(PROJECT_KEY))


def project_picker(view: views.Roadmap) -> None:
    """Select box of the filtered projects for the trend section, in sync with ``?project=``."""
    projects = view.projects
    names = dict(zip(projects["project_id"], projects["name"], strict=True))
    wanted = st.session_state.get(_shadow(PROJECT_KEY))
    st.session_state[PROJECT_KEY] = view.project_id
    st.selectbox(
        t("Project"),
        list(names),
        key=PROJECT_KEY,
        format_func=lambda p: f"{p} · {names.get(p, '')}",
        on_change=_remember,
        args=(PROJECT_KEY,),
        help=t("The milestones and their trend below are this project's."),
    )
    if wanted and wanted != view.project_id:
        st.caption(
            t(
                "{wanted} is not among the filtered projects; showing {shown}, the first row "
                "of the roadmap.",
                wanted=wanted,
                shown=view.project_id,
            )
        )
    _write(PROJECT_KEY, PROJECT_PARAM, wanted or None)


def clicked_project(event) -> str | None:
    """The project id behind a clicked Gantt mark (``customdata[0]``), if any."""
    try:
        points = event["selection"]["points"]
    except (KeyError, TypeError):
        return None
    for point in points or ():
        custom = point.get("customdata") if isinstance(point, dict) else None
        if isinstance(custom, list | tuple) and custom:
            custom = custom[0]
        if isinstance(custom, str) and custom:
            return custom
    return None


def gantt_summary(view: views.Roadmap) -> str:
    """'50 of 2,000 projects shown (largest slip first). 1,950 more are hidden: …'"""
    notes = [
        t(
            "{shown} of {total} projects shown ({order}).",
            shown=fmt.number(len(view.gantt)),
            total=fmt.number(len(view.projects)),
            order=t(SORT_LABELS[view.sort]).lower(),
        )
    ]
    if view.hidden:
        notes.append(
            t(
                "{n} more are hidden: the roadmap draws at most {cap} rows; narrow the "
                "filters or change the order to see them.",
                n=fmt.number(view.hidden),
                cap=fmt.number(view.cap),
            )
        )
    if view.undated:
        notes.append(t("{n} have no start or end date.", n=fmt.number(view.undated)))
    return " ".join(notes)


def gantt_chart(fig, filters: Filters) -> None:
    """The Gantt with its slide-picture menu; a click on a bar or gate opens that project."""
    picked = clicked_project(export.chart(fig, key=GANTT_KEY, filters=filters, on_select="rerun"))
    if picked:
        components.open_project(picked)


def project_chart(fig, key: str, view: views.Roadmap, filters: Filters) -> None:
    """A chart of the trend project, with a slide-picture menu whose slide names the project."""
    row = view.project_row
    name = "" if row is None else str(row["name"])
    title = t(
        "{project} · {name}: {chart}",
        project=view.project_id,
        name=name,
        chart=export.figure_title(fig),
    )
    export.chart(fig, key=key, filters=filters, title=title)


def milestone_table(
    source: pd.DataFrame,
    display: pd.DataFrame,
    *,
    key: str,
    name: str,
    what: str,
    height: int | None = None,
) -> None:
    """A table of milestones whose rows open their project; at most ``TABLE_MAX_ROWS`` rows
    are drawn and its download menu (.xlsx, CSV under ``name``) has all of them, so thousands
    of rows do not slow the page."""
    cap = TABLE_MAX_ROWS
    picked = components.selectable_table(
        display.head(cap),
        key=key,
        kinds=views.table_kinds(),
        rag_columns=(t("Project status"),),
        height=height,
    )
    export.table_downloads(display, key=key + export.MENU_SUFFIX, name=name)
    if len(display) > cap:
        st.caption(
            t(
                "The first {cap} of {n} {what} are shown; the download has them all.",
                cap=fmt.number(cap),
                n=fmt.number(len(display)),
                what=what,
            )
        )
    if picked is not None:
        components.open_project(source.iloc[picked]["project_id"])
