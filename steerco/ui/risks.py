"""Risks & RAID: the page's own filters (kept in the URL), its tabs, clickable charts and
tables of items.

The register filters (``?raid_type=Risk&raid_status=Open&raid_owner=…&raid_project=…
&committee=1``) and the period of the open-over-time chart (``?trend=week``) live in the
URL beside the global filters (``steerco.ui.url_state``), so a copied link shows the same
view. The page's tabs keep the open one in the URL too (``?rk_tab=RAID register``); a
filter's widget is drawn only in its own tab, and its value holds while another tab is open.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from data_access.filters import Filters
from data_access.risks_queries import RaidFilter
from data_access.schema import RAID_STATUSES, RAID_TYPES
from steerco import fmt
from steerco.analytics.risks import PERIODS
from steerco.charts import risks as risk_charts
from steerco.i18n import N_, t, tn
from steerco.ui import components, export, url_state
from steerco.ui.text import literal
from steerco.views import display
from steerco.views import risks as views

PERIOD_LABELS = {"week": N_("Weekly"), "month": N_("Monthly")}
TRUE_WORDS = ("1", "true", "yes")
#: URL-state group of the page's filters; their widget keys start with it.
KEY = "rk"
HEATMAP_KEY = "rk_heatmap"
CELL_PARAM = "cell"  # the clicked heat-map cell in the URL: ?cell=probability-impact
CELL_KEY = "rk_cell_pick"
AGEING_KEY = "rk_ageing"
TREND_KEY = "rk_trend"
REGISTER_KEY = "rk_register"
#: The page's tabs (the open one is in the URL as ``?rk_tab=…``).
SECTIONS_KEY = "rk_tab"
#: Tab labels (English source texts; the URL holds the translated label of the open tab).
HEAT_TAB = N_("Heat map and decisions")
ACTIONS_TAB = N_("Overdue actions and ageing")
TREND_TAB = N_("Risks over time")
REGISTER_TAB = N_("RAID register")
TABS = (HEAT_TAB, ACTIONS_TAB, TREND_TAB, REGISTER_TAB)


def _true(word: str) -> bool:
    return word.strip().lower() in TRUE_WORDS


#: The page's filters: URL parameter (the global filters own programme, portfolio, sponsor,
#: pm, phase, rag and as_of; the project page owns project) and widget key.
PARAMS = [
    url_state.Param("raid_type", "rk_types", many=True),
    url_state.Param("raid_status", "rk_statuses", many=True),
    url_state.Param("raid_owner", "rk_owners", many=True, split=False),
    url_state.Param("raid_project", "rk_projects", many=True, split=False),
    url_state.Param("committee", "rk_committee_only", default=False, parse=_true),
    url_state.Param("trend", "rk_period", default=views.DEFAULT_PERIOD),
]


def sections() -> list:
    """The page's tabs; only the open one is drawn, and it is kept in the URL."""
    return components.sections([t(label) for label in TABS], key=SECTIONS_KEY)


def _multiselect(key: str, label: str, options, format_func=str) -> None:
    st.multiselect(
        label,
        list(options),
        key=key,
        format_func=format_func,
        placeholder=t("All"),
        on_change=url_state.remember,
        args=(key,),
    )


def _register_filters(choices: views.RegisterChoices) -> None:
    cols = st.columns([1.1, 1.0, 1.3, 1.7, 1.0], vertical_alignment="bottom")
    with cols[0]:
        _multiselect("rk_types", t("Type"), RAID_TYPES, t)
    with cols[1]:
        _multiselect("rk_statuses", t("Status on the as-of date"), RAID_STATUSES, t)
    with cols[2]:
        _multiselect("rk_owners", t("Owner"), choices.owners)
    with cols[3]:
        projects = choices.projects
        _multiselect("rk_projects", t("Project"), projects, lambda v: projects.get(v, v))
    with cols[4]:
        st.toggle(
            t("Committee only"),
            key="rk_committee_only",
            on_change=url_state.remember,
            args=("rk_committee_only",),
            help=t("Only the items flagged to be escalated to the steering committee."),
        )


def page_filters(
    choices: views.RegisterChoices, register_area=None, trend_area=None
) -> tuple[RaidFilter, str]:
    """Draw the register filters in ``register_area`` and the period choice in ``trend_area``
    (each only when given: the tab it lives in is open); return ``(RaidFilter, period)`` and
    keep them in the URL. A filter whose tab is closed keeps its remembered value; values
    the options no longer offer (an owner outside the filtered projects) are dropped."""
    options = {
        "rk_types": RAID_TYPES,
        "rk_statuses": RAID_STATUSES,
        "rk_owners": choices.owners,
        "rk_projects": list(choices.projects),
        "rk_period": PERIODS,
    }
    url_state.seed(PARAMS, group=KEY, options=options)
    if register_area is not None:
        with register_area:
            _register_filters(choices)
    if trend_area is not None:
        with trend_area:
            st.radio(
                t("Period"),
                PERIODS,
                key="rk_period",
                format_func=lambda p: t(PERIOD_LABELS[p]),
                horizontal=True,
                on_change=url_state.remember,
                args=("rk_period",),
            )
    url_state.write(PARAMS, group=KEY)
    state = st.session_state
    raid_filter = RaidFilter(
        types=tuple(state["rk_types"]),
        statuses=tuple(state["rk_statuses"]),
        owners=tuple(state["rk_owners"]),
        projects=tuple(state["rk_projects"]),
        committee_only=bool(state["rk_committee_only"]),
    )
    return raid_filter, str(state["rk_period"])


# ------------------------------------------------------------------ charts and tables


def chart(fig, key: str, filters: Filters, *, clickable: bool = False) -> list | None:
    """A chart with its slide-picture menu; with ``clickable``, the customdata of the clicked
    mark (or None)."""
    event = export.chart(
        fig, key=key, filters=filters, on_select="rerun" if clickable else "ignore"
    )
    return components.clicked(event) if clickable else None


def _items(
    view: views.RisksView,
    title: str,
    rows: pd.DataFrame,
    columns: display.Columns,
    *,
    key: str,
    empty: str,
) -> None:
    """A titled table of RAID items whose rows open their project."""
    components.project_drill_table(
        title,
        rows,
        views.items_table(rows, columns, view.bands),
        key=key,
        empty_message=empty,
        kinds=display.kinds(columns),
    )


def heatmap(view: views.RisksView, filters: Filters) -> tuple[int, int] | None:
    """The heat map of open risks; returns (probability, impact) of a clicked cell."""
    fig = risk_charts.heatmap(view.heatmap, view.bands)
    custom = chart(fig, HEATMAP_KEY, filters, clickable=True)
    st.caption(literal(views.heatmap_caption(view)))
    try:
        cell = (int(custom[0]), int(custom[1])) if custom and len(custom) >= 2 else None
    except (TypeError, ValueError):
        cell = None
    # the clicked cell lives in the URL (?cell=4-5): Back and Forward step through clicks
    picked = url_state.clicked(
        f"{cell[0]}-{cell[1]}" if cell else None,
        param=CELL_PARAM,
        key=CELL_KEY,
        parse=_cell_text,
        hint=t("Use probability-impact, e.g. 4-5."),
    )
    return tuple(int(part) for part in picked.split("-")) if picked else None


def _cell_text(text: str) -> str:
    """A heat-map cell in a link, "probability-impact" ("4-5"); ValueError otherwise."""
    parts = text.split("-")
    if len(parts) != 2 or not all(part.isdigit() for part in parts):
        raise ValueError(text)
    return text


def top_risks(view: views.RisksView) -> None:
    title = t("Top {n} risks by score", n=view.top_count)
    _items(view, title, view.top_risks, views.CELL_COLUMNS, key="rk_top", empty=t("No open risk."))


def cell_risks(view: views.RisksView, cell: tuple[int, int]) -> None:
    """The open risks of a clicked heat-map cell."""
    rows = view.cell(*cell)
    title = views.cell_title(*cell, len(rows), view.bands)
    empty = t("No open risk in this cell.")
    _items(view, title, rows, views.CELL_COLUMNS, key="rk_cell", empty=empty)


def awaiting(view: views.RisksView) -> None:
    """The decisions asked of the committee (the Overview's "Decisions required", the same
    rule); a click on a row opens the project."""
    title = t(
        "Awaiting the committee: decisions asked in reports, open decisions and escalated "
        "items ({n})",
        n=len(view.awaiting),
    )
    components.project_drill_table(
        title,
        view.awaiting,
        views.awaiting_table(view.awaiting),
        key="rk_awaiting",
        empty_message=t("Nothing awaits the committee."),
        kinds=display.kinds(views.AWAITING_COLUMNS),
    )


def overdue(view: views.RisksView) -> None:
    title = t("Overdue actions ({n})", n=len(view.overdue))
    empty = t("No action is overdue.")
    _items(view, title, view.overdue, views.OVERDUE_COLUMNS, key="rk_overdue", empty=empty)


def ageing(view: views.RisksView, filters: Filters) -> tuple[str, str] | None:
    """Ageing of the open items; returns (age bucket, type) of a clicked segment."""
    st.subheader(t("Ageing of open items"))
    if view.ageing.empty:
        st.caption(t("No item is open on {as_of}.", as_of=fmt.day(view.as_of)))
        return None
    custom = chart(risk_charts.ageing(view.ageing), AGEING_KEY, filters, clickable=True)
    st.caption(t("Click a bar to list its items."))
    return (str(custom[0]), str(custom[1])) if custom and len(custom) >= 2 else None


def aged_items(view: views.RisksView, bar: tuple[str, str]) -> None:
    """The open items of a clicked ageing segment, oldest first."""
    bucket, kind = bar
    rows = view.aged(bucket, kind)
    title = tn(
        len(rows),
        "{n} open {type} item open {bucket}",
        "{n} open {type} items open {bucket}",
        type=t(kind),
        bucket=t(bucket),
    )
    empty = t("No open item in this bucket.")
    _items(view, title, rows, views.AGED_COLUMNS, key="rk_aged", empty=empty)


def trend(view: views.RisksView, filters: Filters) -> None:
    chart(risk_charts.open_trend(view.trend, view.period), TREND_KEY, filters)


def register(view: views.RisksView, choices: views.RegisterChoices) -> None:
    """The filtered RAID register (downloadable); a click on a row opens its project."""
    st.caption(
        t(
            "{n} of {total} RAID items raised by {as_of}. Click a row to open its project.",
            n=len(view.register),
            total=choices.items,
            as_of=fmt.day(view.as_of),
        )
    )
    if view.register.empty:
        st.info(t("No RAID item matches the register filters."), icon=":material/filter_alt_off:")
        return
    picked = components.selectable_table(
        views.items_table(view.register, views.REGISTER_COLUMNS, view.bands),
        key=REGISTER_KEY,
        kinds=display.kinds(views.REGISTER_COLUMNS),
        height=components.MAX_TABLE_HEIGHT_PX,
        name=t("RAID register"),
    )
    if picked is not None:
        pid = view.register.iloc[picked]["project_id"]
        if isinstance(pid, str):  # portfolio-level items have no project to open
            components.open_project(pid)
