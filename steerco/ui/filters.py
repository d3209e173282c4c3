"""The sidebar filters every page shares, kept in session state and in the URL.

A copied link carries the filters (``?programme=ERP&rag=R``); opening it shows the same view.
Navigating between pages keeps them in the session even when the URL is emptied.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from data_access.queries import Filters
from steerco.i18n import rag_label, t

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
LABELS = {
    "programme": "Programme",
    "portfolio": "Portfolio",
    "sponsor": "Sponsor",
    "project_manager": "Project manager",
    "phase": "Phase",
    "rag": "Reported status",
}
RAG_OPTIONS = ("R", "A", "G")
DEFAULT_KEY = "flt"
_PENDING = "_steerco_pending_filters"
_WRITTEN = "_steerco_url_written"


def _widget_key(key: str, name: str) -> str:
    return f"{key}_{name}"


def _shadow_key(key: str, name: str) -> str:
    return f"_{key}_{name}_value"


def _url_filters() -> dict[str, object]:
    """Filter values present in the current URL (only the parameters that are there)."""
    found: dict[str, object] = {}
    for name, param in URL_PARAMS.items():
        values = st.query_params.get_all(param)
        if values:
            found[name] = tuple(v for part in values for v in part.split(",") if v)
    raw = st.query_params.get(AS_OF_PARAM)
    if raw:
        try:
            found["as_of"] = date.fromisoformat(raw)
        except ValueError:
            st.warning(t("Ignored the date {value} in the link: use YYYY-MM-DD.", value=raw))
    return found


def _url_values(filters: Filters) -> dict[str, list[str] | str]:
    values: dict[str, list[str] | str] = {
        URL_PARAMS[name]: list(getattr(filters, name))
        for name in URL_PARAMS
        if getattr(filters, name)
    }
    if filters.as_of:
        values[AS_OF_PARAM] = filters.as_of.isoformat()
    return values


def request_filters(**values) -> None:
    """Ask the next run to set these filters (used before switching page)."""
    st.session_state[_PENDING] = values


def link_params(filters: Filters, **overrides) -> dict[str, list[str] | str]:
    """URL parameters for a link to another page with these filters (and overrides)."""
    return _url_values(filters.with_(**overrides))


def _remember(key: str, name: str) -> None:
    """on_change: copy the widget's value to its shadow key, which outlives page switches."""
    st.session_state[_shadow_key(key, name)] = st.session_state[_widget_key(key, name)]


def _seed_state(key: str, options: dict[str, list[str]]) -> None:
    """Put URL, pending or remembered values into the widgets before they are drawn.

    The shadow keys hold the truth: Streamlit forgets a widget's state when the page changes,
    so every run writes the remembered value back into the widget key.
    """
    url = _url_filters()
    incoming: dict[str, object] = {}
    if url and url != st.session_state.get(_WRITTEN):  # a link or pasted URL, not our echo
        incoming = {name: () for name in URL_PARAMS} | {"as_of": None} | url
    incoming |= st.session_state.pop(_PENDING, {})
    for name in (*URL_PARAMS, "as_of"):
        skey = _shadow_key(key, name)
        if name in incoming:
            st.session_state[skey] = incoming[name]
        value = st.session_state.get(skey)
        if name != "as_of":
            allowed = RAG_OPTIONS if name == "rag" else options.get(name, [])
            value = [v for v in (value or ()) if v in allowed]
        st.session_state[_widget_key(key, name)] = value


def project_filter(options: dict[str, list[str]], key: str = DEFAULT_KEY) -> Filters:
    """Draw the sidebar filters and return what they select."""
    _seed_state(key, options)
    with st.sidebar:
        st.subheader(t("Filters"))
        chosen: dict[str, object] = {}
        for name in URL_PARAMS:
            if name == "rag":
                choices: list[str] | tuple[str, ...] = RAG_OPTIONS
                format_func = rag_label
            else:
                choices, format_func = options.get(name, []), str
            chosen[name] = tuple(
                st.multiselect(
                    t(LABELS[name]),
                    choices,
                    key=_widget_key(key, name),
                    format_func=format_func,
                    placeholder=t("All"),
                    on_change=_remember,
                    args=(key, name),
                )
            )
        chosen["as_of"] = st.date_input(
            t("As of"),
            key=_widget_key(key, "as_of"),
            format="YYYY-MM-DD",
            help=t("Show the portfolio as it stood on this date. Empty = today."),
            on_change=_remember,
            args=(key, "as_of"),
        )
        if st.button(t("Reset filters"), key=f"{key}_reset", width="stretch"):
            request_filters(**{name: () for name in URL_PARAMS}, as_of=None)
            st.rerun()
    filters = Filters(**chosen)
    _write_url(filters)
    return filters


def _write_url(filters: Filters) -> None:
    wanted = _url_values(filters)
    for param in (*URL_PARAMS.values(), AS_OF_PARAM):
        if param not in wanted and param in st.query_params:
            del st.query_params[param]
    for param, value in wanted.items():
        if st.query_params.get_all(param) != (value if isinstance(value, list) else [value]):
            st.query_params[param] = value
    st.session_state[_WRITTEN] = _url_filters() or None
