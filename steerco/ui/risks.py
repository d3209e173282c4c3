"""Risks & RAID: cached page data and the page's own filters, kept in the URL.

The register filters (``?raid_type=Risk&raid_status=Open&raid_owner=…&raid_project=…
&committee=1``) and the period of the open-over-time chart (``?trend=week``) live in the
URL beside the global filters, so a copied link shows the same view. As with the global
filters, each value is remembered in a shadow key that outlives page switches. The page's
tabs keep the open one in the URL too (``?rk_tab=RAID register``); a filter's widget is drawn
only in its own tab, and its value holds while another tab is open.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from data_access.queries import Filters
from data_access.risks_queries import RaidFilter
from data_access.schema import RAID_STATUSES, RAID_TYPES
from steerco.analytics.risks import PERIODS
from steerco.i18n import t
from steerco.ui import components, data, export
from steerco.views import risks as views

#: Page filter → URL parameter (the global filters own programme, portfolio, sponsor, pm,
#: phase, rag and as_of; the project page owns project).
URL_PARAMS = {
    "types": "raid_type",
    "statuses": "raid_status",
    "owners": "raid_owner",
    "projects": "raid_project",
    "committee_only": "committee",
    "period": "trend",
}
DEFAULT_PERIOD = "month"
DEFAULTS: dict[str, object] = {
    "types": (),
    "statuses": (),
    "owners": (),
    "projects": (),
    "committee_only": False,
    "period": DEFAULT_PERIOD,
}
PERIOD_LABELS = {"week": "Weekly", "month": "Monthly"}
TRUE_WORDS = ("1", "true", "yes")
KEY = "rk"
HEATMAP_KEY = "rk_heatmap"
AGEING_KEY = "rk_ageing"
TREND_KEY = "rk_trend"
#: The page's tabs (the open one is in the URL as ``?rk_tab=…``).
SECTIONS_KEY = "rk_tab"
#: Tab labels (English source texts; the URL holds the translated label of the open tab).
HEAT_TAB = "Heat map and decisions"
ACTIONS_TAB = "Overdue actions and ageing"
TREND_TAB = "Risks over time"
REGISTER_TAB = "RAID register"
TABS = (HEAT_TAB, ACTIONS_TAB, TREND_TAB, REGISTER_TAB)
_WRITTEN = "_rk_url_written"


def _widget_key(name: str) -> str:
    return f"{KEY}_{name}"


def _shadow_key(name: str) -> str:
    return f"_{KEY}_{name}_value"


@data.cached
def _choices(_engine, url: str, version: int, filters: Filters) -> views.RegisterChoices:
    with _engine.connect() as conn:
        return views.register_choices(conn, filters)


@data.cached
def _page(
    _engine, url: str, version: int, filters: Filters, raid_filter: RaidFilter, period: str
) -> views.RisksPage:
    with _engine.connect() as conn:
        return views.risks_page(conn, filters, raid_filter, period, data.settings())


def register_choices(filters: Filters) -> views.RegisterChoices:
    return data.call(_choices, filters)


def page_data(filters: Filters, raid_filter: RaidFilter, period: str) -> views.RisksPage:
    return data.call(_page, filters, raid_filter, period)


# ------------------------------------------------------------------ page filters and the URL


def _url_values() -> dict[str, object]:
    """The page filters present in the URL (only the parameters that are there)."""
    found: dict[str, object] = {}
    for name, param in URL_PARAMS.items():
        values = st.query_params.get_all(param)
        if not values:
            continue
        if name == "committee_only":
            found[name] = values[0].strip().lower() in TRUE_WORDS
        elif name == "period":
            found[name] = values[0]
        else:
            found[name] = tuple(v for v in values if v)
    return found


def _allowed(name: str, choices: views.RegisterChoices) -> Mapping[str, str] | tuple[str, ...]:
    return {
        "types": RAID_TYPES,
        "statuses": RAID_STATUSES,
        "owners": tuple(choices.owners),
        "projects": choices.projects,
        "period": PERIODS,
    }.get(name, ())


def _remember(name: str) -> None:
    """on_change: copy the widget's value to its shadow key, which outlives page switches."""
    st.session_state[_shadow_key(name)] = st.session_state[_widget_key(name)]


def _seed(choices: views.RegisterChoices) -> dict[str, object]:
    """Put URL or remembered values into the widgets before they are drawn, and return them.

    A URL that differs from what this page last wrote is a link: it sets every page filter
    (those it does not name go back to their defaults). Values the options no longer offer
    (e.g. an owner outside the filtered projects) are dropped.
    """
    url = _url_values()
    if url and url != st.session_state.get(_WRITTEN):
        for name, value in (DEFAULTS | url).items():
            st.session_state[_shadow_key(name)] = value
    values: dict[str, object] = {}
    for name, default in DEFAULTS.items():
        value = st.session_state.get(_shadow_key(name), default)
        if name == "committee_only":
            value = bool(value)
        elif name == "period":
            value = value if value in PERIODS else DEFAULT_PERIOD
        else:
            allowed = _allowed(name, choices)
            value = [v for v in (value or ()) if v in allowed]
        st.session_state[_widget_key(name)] = value
        values[name] = tuple(value) if isinstance(value, list) else value
    return values


def _write_url(values: dict[str, object]) -> None:
    for name, param in URL_PARAMS.items():
        value = values[name]
        if value == DEFAULTS[name] or value in ((), []):
            if param in st.query_params:
                del st.query_params[param]
            continue
        if name == "committee_only":
            wanted = ["1"]
        elif name == "period":
            wanted = [str(value)]
        else:
            wanted = list(value)
        if st.query_params.get_all(param) != wanted:
            st.query_params[param] = wanted if len(wanted) > 1 else wanted[0]
    st.session_state[_WRITTEN] = _url_values() or None


def _multiselect(name: str, label: str, options, format_func=str) -> tuple[str, ...]:
    return tuple(
        st.multiselect(
            label,
            list(options),
            key=_widget_key(name),
            format_func=format_func,
            placeholder=t("All"),
            on_change=_remember,
            args=(name,),
        )
    )


def page_filters(choices: views.RegisterChoices, register_area=None, trend_area=None) -> tuple:
    """Draw the register filters in ``register_area`` and the period choice in ``trend_area``
    (each only when given: the tab it lives in is open); return ``(RaidFilter, period)`` and
    keep them in the URL. A filter whose tab is closed keeps its remembered value."""
    values = _seed(choices)
    if register_area is not None:
        with register_area:
            cols = st.columns([1.1, 1.0, 1.3, 1.7, 1.0], vertical_alignment="bottom")
            with cols[0]:
                values["types"] = _multiselect("types", t("Type"), RAID_TYPES, t)
            with cols[1]:
                values["statuses"] = _multiselect(
                    "statuses", t("Status on the as-of date"), RAID_STATUSES, t
                )
            with cols[2]:
                values["owners"] = _multiselect("owners", t("Owner"), choices.owners)
            with cols[3]:
                values["projects"] = _multiselect(
                    "projects",
                    t("Project"),
                    choices.projects,
                    lambda v: choices.projects.get(v, v),
                )
            with cols[4]:
                values["committee_only"] = bool(
                    st.toggle(
                        t("Committee only"),
                        key=_widget_key("committee_only"),
                        on_change=_remember,
                        args=("committee_only",),
                        help=t("Only the items flagged to be escalated to the steering committee."),
                    )
                )
    if trend_area is not None:
        with trend_area:
            values["period"] = st.radio(
                t("Period"),
                PERIODS,
                key=_widget_key("period"),
                format_func=lambda p: t(PERIOD_LABELS[p]),
                horizontal=True,
                on_change=_remember,
                args=("period",),
            )
    raid_filter = RaidFilter(
        types=tuple(values["types"]),
        statuses=tuple(values["statuses"]),
        owners=tuple(values["owners"]),
        projects=tuple(values["projects"]),
        committee_only=bool(values["committee_only"]),
    )
    _write_url(values)
    return raid_filter, str(values["period"])


# ------------------------------------------------------------------ chart selections


def selected_customdata(event) -> list | None:
    """The customdata of the first selected point of a plotly chart event, or None."""
    points = (event or {}).get("selection", {}).get("points", []) if event else []
    if not points:
        return None
    custom = points[0].get("customdata")
    return list(custom) if isinstance(custom, list | tuple) else None


def picked_cell(event) -> tuple[int, int] | None:
    """(probability, impact) of the clicked heat-map cell, or None."""
    custom = selected_customdata(event)
    if not custom or len(custom) < 2:
        return None
    try:
        return int(custom[0]), int(custom[1])
    except (TypeError, ValueError):
        return None


def picked_bar(event) -> tuple[str, str] | None:
    """(age bucket, type) of the clicked ageing segment, or None."""
    custom = selected_customdata(event)
    if not custom or len(custom) < 2:
        return None
    return str(custom[0]), str(custom[1])


# ------------------------------------------------------------------ charts and the register


def sections() -> list:
    """The page's tabs; only the open one is drawn, and it is kept in the URL."""
    return components.sections([t(label) for label in TABS], key=SECTIONS_KEY)


def chart(fig, key: str, filters: Filters, *, clickable: bool = False):
    """A chart with its slide-picture menu; returns the selection event when ``clickable``."""
    return export.chart(fig, key=key, filters=filters, on_select="rerun" if clickable else "ignore")


def register_table(view: views.RisksPage) -> None:
    """The filtered RAID register (downloadable); a click on a row opens its project."""
    picked = components.selectable_table(
        views.display(view.register, views.REGISTER_COLUMNS, view.bands),
        key="rk_register",
        kinds=views.kinds(views.REGISTER_COLUMNS),
        height=components.MAX_TABLE_HEIGHT_PX,
        name=t("RAID register"),
    )
    if picked is not None:
        pid = view.register.iloc[picked]["project_id"]
        if isinstance(pid, str):  # portfolio-level items have no project to open
            components.open_project(pid)
