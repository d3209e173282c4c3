"""Roadmap page: its own widgets (Gantt order, trend project), clickable Gantt and tables.

Both widgets keep their value in the URL (``?sort=end&project=PRJ-007``) and in the session
(``steerco.ui.url_state``), so a copied link shows the same view and a visit to another page
does not lose them. The page's tabs keep the open one in the URL too (``?rm_tab=Slipped
milestones``); each widget is drawn in its own tab only, and its value holds while another
tab is open.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from data_access.filters import Filters
from steerco import fmt
from steerco.analytics import roadmap as rm
from steerco.i18n import N_, t
from steerco.ui import components, export, url_state
from steerco.ui.text import literal
from steerco.views import display
from steerco.views import roadmap as views

SORT_KEY = "rm_sort"
PROJECT_KEY = "rm_project"
#: The Gantt order and the trend project in the URL; each is a group of its own (a link
#: naming one leaves the other as it was).
SORT = url_state.Param("sort", SORT_KEY, default=rm.DEFAULT_GANTT_SORT)
PROJECT = url_state.Param("project", PROJECT_KEY)
GANTT_KEY = "rm_gantt"
SLIPPED_KEY = "rm_slipped"
GATES_KEY = "rm_gates"
MILESTONES_KEY = "rm_milestones"
TREND_KEY = "rm_trend"
#: The page's tabs (the open one is in the URL as ``?rm_tab=…``).
SECTIONS_KEY = "rm_tab"
#: Tab labels (English source texts; the URL holds the translated label of the open tab).
GANTT_TAB = N_("Baseline vs forecast")
GATES_TAB = N_("Gates due")
SLIPPED_TAB = N_("Slipped milestones")
TREND_TAB = N_("Milestone trend")
TABS = (GANTT_TAB, GATES_TAB, SLIPPED_TAB, TREND_TAB)
#: Height of the slipped-milestones table: about 12 rows, the rest scroll (and download).
SLIPPED_TABLE_PX = 460
#: Rows drawn in a milestone table; its download menu has them all (a table of thousands of
#: rows takes seconds to send, and a committee reads the top of the list).
TABLE_MAX_ROWS = 200


def sections() -> list:
    """The page's tabs; only the open one is drawn, and it is kept in the URL."""
    return components.sections([t(label) for label in TABS], key=SECTIONS_KEY)


def _bound(param: url_state.Param, options=None):
    """The param's value from a link, the session or its default; kept in the URL."""
    url_state.seed([param], group=param.key, options=options and {param.key: options})
    url_state.write([param], group=param.key)
    return st.session_state[param.key]


def wanted_sort() -> str:
    """The Gantt order (read before the page data; the radio sits in the Gantt's tab)."""
    return _bound(SORT, rm.GANTT_SORTS)


def sort_choice() -> None:
    """Radio for the Gantt's order, in sync with ``?sort=``; a change reruns the page."""
    st.radio(
        t("Order"),
        rm.GANTT_SORTS,
        key=SORT_KEY,
        format_func=lambda s: t(views.SORT_LABELS[s]),
        horizontal=True,
        on_change=url_state.remember,
        args=(SORT_KEY,),
        help=t(
            "Largest slip: forecast end minus baseline end, biggest first. Next to finish: "
            "soonest forecast end from the as-of date on; finished projects last."
        ),
    )


def project_picker(view: views.RoadmapView) -> views.TrendProject | None:
    """Select box of the filtered projects for the trend section, in sync with ``?project=``
    (a linked project outside the filters stays in the link; the top row is shown)."""
    wanted = _bound(PROJECT)
    project = view.trend_project(wanted)
    if project is None:
        return None
    names = dict(zip(view.projects["project_id"], view.projects["name"], strict=True))
    st.session_state[PROJECT_KEY] = project.project_id
    st.selectbox(
        t("Project"),
        list(names),
        key=PROJECT_KEY,
        format_func=lambda p: f"{p} · {names.get(p, '')}",
        on_change=url_state.remember,
        args=(PROJECT_KEY,),
        help=t("The milestones and their trend below are this project's."),
    )
    if wanted and wanted != project.project_id:
        st.caption(
            t(
                "{wanted} is not among the filtered projects; showing {shown}, the first row "
                "of the roadmap.",
                wanted=literal(wanted),
                shown=literal(project.project_id),
            )
        )
    return project


def gantt_chart(fig, filters: Filters) -> None:
    """The Gantt with its slide-picture menu; a click on a bar or gate opens that project."""
    custom = components.clicked(
        export.chart(fig, key=GANTT_KEY, filters=filters, on_select="rerun")
    )
    if custom and isinstance(custom[0], str) and custom[0]:
        components.open_project(custom[0])


def project_chart(fig, key: str, trend: views.Trend, filters: Filters) -> None:
    """A chart of the trend project, with a slide-picture menu whose slide names the project."""
    title = t(
        "{project} · {name}: {chart}",
        project=trend.project_id,
        name=trend.name,
        chart=export.figure_title(fig),
    )
    export.chart(fig, key=key, filters=filters, title=title)


def gates_table(view: views.RoadmapView) -> None:
    """The gates due (or overdue); a click on a row opens the project."""
    shown = views.gates_table(view.gates_due)
    _milestone_table(
        view.gates_due,
        shown,
        views.GATES_COLUMNS,
        key=GATES_KEY,
        name=t("Gates due"),
        what=t("gates"),
    )


def slipped_table(view: views.RoadmapView) -> None:
    """The slipped milestones, largest slip first; a click on a row opens the project."""
    shown = views.slipped_table(view.slipped)
    _milestone_table(
        view.slipped,
        shown,
        views.SLIPPED_COLUMNS,
        key=SLIPPED_KEY,
        name=t("Slipped milestones"),
        what=t("slipped milestones"),
        height=SLIPPED_TABLE_PX,
    )


def _milestone_table(
    source: pd.DataFrame,
    shown: pd.DataFrame,
    columns: display.Columns,
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
        shown.head(cap),
        key=key,
        kinds=display.kinds(columns),
        rag_columns=(t(views.STATUS_COLUMN),),
        height=height,
    )
    export.table_downloads(shown, key=key + export.MENU_SUFFIX, name=name)
    if len(shown) > cap:
        st.caption(
            t(
                "The first {cap} of {n} {what} are shown; the download has them all.",
                cap=fmt.number(cap),
                n=fmt.number(len(shown)),
                what=what,
            )
        )
    if picked is not None:
        components.open_project(source.iloc[picked]["project_id"])
