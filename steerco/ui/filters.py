"""The sidebar filters every page shares, kept in the session and in the URL
(``steerco.ui.url_state``): a copied link (``?programme=ERP&rag=R&as_of=2026-10-01``) opens the
same view; switching pages keeps them.

The as-of date is resolved here, once: an empty date widget means today
(:func:`data_access.filters.today`), a date after today or before the store's first data is
moved into that span with a note on the page (:func:`data_access.filters.clamp_as_of`), and
the :class:`Filters` handed to every view carries the date itself. Only a date other than today
goes into the URL.

A drill-down (the Overview's "Show red projects", a bar of its RAG chart) opens its page with
the filters plus its own values marked as that page's (``?rag=R&drill=rag``,
:func:`link_params` with overrides): the Overview and the other pages keep the filters they had.
Any filter in force is said in one line at the top of the page, with a ✕ that clears them
(:func:`filtered_line`).
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from data_access.filters import Filters, clamp_as_of, today
from steerco import fmt
from steerco.i18n import N_, rag_label, t
from steerco.ui import auth, data, url_state
from steerco.ui.text import literal
from steerco.views import display

#: Filter field → URL parameter name (short, readable in a pasted link).
URL_PARAMS = {
    "programme": "programme",
    "portfolio": "portfolio",
    "sponsor": "sponsor",
    "project_manager": "pm",
    "phase": "phase",
    "rag": "rag",
}
AS_OF_PARAM = "as_of"
#: How a filter's choices are shown: RAG codes and phases as words of the user's language.
_FORMATS = {"rag": rag_label, "phase": display.word}
#: URL parameter naming a drill-down's own filters (those that apply on its page only).
DRILL_PARAM = "drill"
LABELS = {
    "programme": N_("Programme"),
    "portfolio": N_("Portfolio"),
    "sponsor": N_("Sponsor"),
    "project_manager": N_("Project manager"),
    "phase": N_("Phase"),
    "rag": N_("Reported status"),
}
RAG_OPTIONS = ("R", "A", "G")
DEFAULT_KEY = "flt"


def _key(name: str, key: str = DEFAULT_KEY) -> str:
    return f"{key}_{name}"


def _params(key: str = DEFAULT_KEY) -> list[url_state.Param]:
    return [
        *(url_state.Param(param, _key(name, key), many=True) for name, param in URL_PARAMS.items()),
        url_state.Param(
            AS_OF_PARAM, _key("as_of", key), parse=date.fromisoformat, hint=t("Use YYYY-MM-DD.")
        ),
    ]


def request_filters(key: str = DEFAULT_KEY, **values) -> None:
    """Ask the next run to set these filters (used before switching page)."""
    url_state.request(**{_key(name, key): value for name, value in values.items()})


def link_params(filters: Filters, **overrides) -> dict[str, list[str] | str]:
    """URL parameters for a link to another page with these filters; ``overrides`` are a
    drill-down's own values: they apply on the linked page only, other pages keep theirs."""
    chosen = filters.with_(**overrides)
    values = {_key(name): getattr(chosen, name) for name in URL_PARAMS}
    values[_key("as_of")] = None if chosen.is_today else chosen.as_of
    params = url_state.link_params(_params(), values)
    drilled = [URL_PARAMS.get(name, name) for name in overrides]
    if drilled:
        params[DRILL_PARAM] = drilled
    return params


def drill_down(page: str, filters: Filters, **overrides) -> None:
    """Open ``page`` with these filters and a drill-down's own values (see
    :func:`link_params`); the switch is a browser history entry, so Back returns."""
    st.switch_page(page, query_params=link_params(filters, **overrides))


def _clear(key: str = DEFAULT_KEY) -> None:
    request_filters(key, **{name: () for name in URL_PARAMS}, as_of=None)


def project_filter(options: dict[str, list[str]] | None = None, key: str = DEFAULT_KEY) -> Filters:
    """Draw the sidebar filters and return what they select, the as-of date resolved."""
    options = data.filter_options(auth.scope()) if options is None else options
    params = _params(key)
    allowed = {_key(name, key): options.get(name, []) for name in URL_PARAMS}
    allowed[_key("rag", key)] = RAG_OPTIONS
    url_state.seed(params, group=key, options=allowed, scope=DRILL_PARAM)
    with st.sidebar:
        st.subheader(t("Filters"))
        chosen: dict[str, object] = {}
        for name in URL_PARAMS:
            widget_key = _key(name, key)
            chosen[name] = tuple(
                st.multiselect(
                    t(LABELS[name]),
                    allowed[widget_key],
                    key=widget_key,
                    format_func=_FORMATS.get(name, str),
                    placeholder=t("All"),
                    on_change=url_state.remember,
                    args=(widget_key,),
                )
            )
        chosen["as_of"] = st.date_input(
            t("As of"),
            key=_key("as_of", key),
            format="YYYY-MM-DD",
            help=t("Show the portfolio as it stood on this date. Empty = today."),
            on_change=url_state.remember,
            args=(_key("as_of", key),),
        )
        st.button(
            t("Reset filters"), key=f"{key}_reset", width="stretch", on_click=_clear, args=(key,)
        )
    url_state.write(params, group=key, scope=DRILL_PARAM)
    filtered_line(chosen, key)
    chosen["as_of"] = _answerable(chosen["as_of"])
    who = auth.identity()  # a scoped user's filters carry their scope to every view
    return Filters(**chosen).within(who.portfolios, who.programmes)


def filtered_text(chosen: dict[str, object]) -> str | None:
    """ "Filtered: Programme = ERP · Reported status = Red" for the filters in force (a date
    other than today included), ``None`` when none is. Values are data: shown as text."""
    parts = []
    for name in URL_PARAMS:
        values = chosen.get(name) or ()
        if values:
            shown = (rag_label(v) if name == "rag" else literal(str(v)) for v in values)
            parts.append(f"{t(LABELS[name])} = {', '.join(shown)}")
    as_of = chosen.get("as_of")
    if isinstance(as_of, date) and as_of != today():
        parts.append(f"{t('As of')} = {fmt.day(as_of)}")
    return t("Filtered: {filters}", filters=" · ".join(parts)) if parts else None


def filtered_line(chosen: dict[str, object], key: str = DEFAULT_KEY) -> None:
    """The filters in force, said at the top of the page, with a ✕ that clears them."""
    text = filtered_text(chosen)
    if text is None:
        return
    with st.container(horizontal=True, vertical_alignment="center", key=f"{key}_filtered"):
        st.markdown(f":material/filter_alt: {text}", width="content")
        st.button(
            "✕",
            key=f"{key}_clear",
            type="tertiary",
            help=t("Clear the filters"),
            on_click=_clear,
            args=(key,),
        )


def _answerable(picked: date | None) -> date:
    """The picked date (today when empty), moved into what the store can answer; a moved date
    is said at the top of the page."""
    wanted = picked or today()
    first = data.first_data_day()
    shown = clamp_as_of(wanted, first)
    if shown != wanted:
        message = (
            t(
                "{day} is after today: the figures are today's, {shown}.",
                day=fmt.day(wanted),
                shown=fmt.day(shown),
            )
            if wanted > shown
            else t(
                "The store has no data before {first}: the figures are as of {shown}, not {day}.",
                first=fmt.day(first),
                shown=fmt.day(shown),
                day=fmt.day(wanted),
            )
        )
        st.info(message, icon=":material/event_busy:")
    return shown
