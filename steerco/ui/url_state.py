"""Widgets whose value lives in the URL, written once for every page.

A copied link carries a page's view (``?programme=ERP&rag=R&grain=quarter``); opening it shows
the same view, and a value the user picks is written back to the URL. Navigating between pages
keeps the values in the session even where the URL is emptied by the navigation.

How it works, for a *group* of parameters read together (the sidebar filters are one group;
a page's own switch is a group of one):

1. :func:`seed` runs before the widgets are drawn. When the URL holds values of the group
   that this session did not write itself, it is a link: the group takes the link's values
   (parameters missing from the link fall back to their default). A value asked for by
   :func:`request` (a button on another page) comes next. Each widget then gets its value
   from a *shadow* key, which outlives page switches (Streamlit forgets a widget's own state
   when the page changes).
2. The widget is drawn with ``key=param.key`` and ``on_change=remember, args=(param.key,)``.
3. :func:`write` puts the values that differ from their default into the URL and removes the
   others, and records what it wrote, so the next run can tell our echo from a new link.

Browser history (Streamlit 1.67, read in its frontend): a write to ``st.query_params`` is
*pushed* as a new history entry (replaced while Back/Forward is being answered); a widget bound
with ``bind="query-params"`` only *replaces* the URL; a page change pushes the page's path; and
Back/Forward reruns the page with the entry's URL, the run marked ``is_history_navigation``.
So every change a user makes here (a filter, a tab, a heat-map cell) is one entry, and:

* on Back/Forward the URL wins: a parameter missing from the entry means its default
  (:func:`seed`), so Back undoes the last change instead of keeping the session's value;
* on the first run of a page (switched to from the menu, where the URL is emptied) the
  session's values are put into the URL by *replacing* it (:func:`write`), else the page would
  take two entries and Back would land on the page without its filters;
* a drill-down link can mark some of its values as the target page's own (``scope``, e.g.
  ``?rag=R&drill=rag``): they apply on that page only and leave the values every page shares
  as they were, so the page the drill-down came from keeps its filters.

Streamlit's own ``bind="query-params"`` is not used: it replaces the URL, so a tab change
would not be a history entry (the tabs of a page are a group of one, :func:`tabs`). For the
other widgets it is not enough either (tried with Streamlit 1.67 in a real
browser): ``st.switch_page(..., query_params=...)`` raises as soon as a bound parameter is in
the URL, so "open this project" or "show the red projects" from a filtered page would fail; a
link value that a page cannot show is dropped without a word, where Steerco says what it ignored;
and a deep link that opens a page before ``app.py`` has run skips the bound sidebar altogether.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.state.session_state_proxy import get_session_state

from steerco.i18n import t
from steerco.ui.text import literal

_PENDING = "_steerco_pending_url_state"
_SCOPED = "_steerco_scoped_url_state"  # group → {"page": page id, "values": {key: value}}
_LAST_PAGE = "_steerco_last_page"
_FIRST_RUN = "_steerco_first_run_of_page"


@dataclass(frozen=True)
class Param:
    """One URL-bound widget value: URL name, widget key, default and how to read it."""

    name: str  # URL parameter
    key: str  # widget key (session state)
    default: Any = None
    many: bool = False  # several values: ?p=a&p=b (or ?p=a,b)
    parse: Callable[[str], Any] = str  # raises ValueError for a value it cannot read
    hint: str = ""  # said after "Ignored … in the link." when a value cannot be read
    split: bool = True  # with many: "a,b" in one parameter is two values (off for free text)

    @property
    def empty(self) -> Any:
        return () if self.many else self.default


def shadow_key(key: str) -> str:
    return f"_{key}_value"


def _written_key(group: str) -> str:
    return f"_{group}_url_written"


def _warn(param: Param, raw: str) -> None:
    message = t("Ignored {param}={value} in the link.", param=param.name, value=literal(raw))
    st.warning(f"{message} {param.hint}".strip() if param.hint else message)


def _from_url(
    params: Iterable[Param],
    *,
    warn: bool = False,
    get: Callable[[str], list[str]] | None = None,
) -> dict[str, Any]:
    """Values of the group's parameters present in the URL (or in ``get``'s), by widget key."""
    get = get or st.query_params.get_all
    found: dict[str, Any] = {}
    for param in params:
        raw = get(param.name)
        if not raw:
            continue
        if param.many:
            parts = [v for part in raw for v in (part.split(",") if param.split else [part]) if v]
            values = []
            for part in parts:
                try:
                    values.append(param.parse(part))
                except ValueError:
                    if warn:
                        _warn(param, part)
            found[param.key] = tuple(values)
        else:
            try:
                found[param.key] = param.parse(raw[-1])
            except ValueError:
                if warn:
                    _warn(param, raw[-1])
    return found


def _to_url(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return value.isoformat() if isinstance(value, date) else str(value)


# --------------------------------------------------------------------------- history


def _page() -> str:
    """The page this run shows (as noted by :func:`start_run`)."""
    return st.session_state.get(_LAST_PAGE, "")


def history_navigation() -> bool:
    """Whether this run answers the browser's Back or Forward."""
    ctx = get_script_run_ctx()
    return bool(ctx is not None and ctx.is_history_navigation)


def start_run(page: str) -> None:
    """Called once per run before the page runs (``shell.run``): note the page, and whether
    this is its first run reached other than by Back/Forward, whose URL writes then replace."""
    first = st.session_state.get(_LAST_PAGE) != page and not history_navigation()
    st.session_state[_FIRST_RUN] = first
    st.session_state[_LAST_PAGE] = page


def _replace_url(wanted: dict[str, list[str]]) -> None:
    """Set these URL parameters by replacing the browser's history entry, not pushing one
    (``st.query_params`` would push): the server's copy is set without telling the browser
    (Streamlit's own calls for that), the browser's URL by a script; the browser sends the URL
    it shows with the next run."""
    with get_session_state().query_params() as current:
        for name, values in wanted.items():
            if values:
                current.set_with_no_forward_msg(name, values if len(values) > 1 else values[0])
            else:
                current.discard_param_no_forward_msg(name)
        ctx = get_script_run_ctx()
        if ctx is not None:  # what the run reports as its URL (read by AppTest)
            ctx.query_string = urlencode({k: current.get_all(k) for k in current}, doseq=True)
    body = json.dumps(wanted).replace("</", "<\\/")
    st.sidebar.html(
        "<script>(() => {const u = new URL(window.location.href);"
        f"for (const [k, vs] of Object.entries({body}))"
        "{u.searchParams.delete(k); for (const v of vs) u.searchParams.append(k, v);}"
        "if (u.href !== window.location.href)"
        " window.history.replaceState(window.history.state, '', u.href);})();</script>",
        unsafe_allow_javascript=True,
    )


def request(**values: Any) -> None:
    """Ask the next run to set these widget values (by widget key), e.g. before
    ``st.switch_page``: the target page's :func:`seed` applies them."""
    st.session_state[_PENDING] = st.session_state.get(_PENDING, {}) | values


def remember(key: str) -> None:
    """``on_change`` of a bound widget: keep its value in the shadow key (a value the user
    picks is shared by every page, no longer a drill-down's own)."""
    st.session_state[shadow_key(key)] = st.session_state[key]
    for scoped in st.session_state.get(_SCOPED, {}).values():
        scoped["values"].pop(key, None)


def _allowed(param: Param, value: Any, options: Iterable[Any] | None) -> Any:
    if options is None:
        return value
    options = list(options)
    if param.many:
        return [v for v in (value or ()) if v in options]
    return value if value in options else param.default


def _warn_unknown(param: Param, value: Any, options: Iterable[Any] | None) -> None:
    """Say which values of a link the widget cannot show (they are left out)."""
    if options is None:
        return
    options = list(options)
    for one in value if param.many else (value,):
        if one not in options and one != param.default:
            _warn(param, _to_url(one))


def seed(
    params: list[Param],
    *,
    group: str,
    options: dict[str, Iterable[Any]] | None = None,
    scope: str | None = None,
) -> None:
    """Put link, requested or remembered values into the widgets before they are drawn.

    ``options`` (widget key → allowed values) drops values the widget cannot show. ``scope``
    names the URL parameter listing the link's values that are this page's own (a drill-down).
    """
    options = options or {}
    url = _from_url(params, warn=True)
    incoming: dict[str, Any] = {}
    # a link (not our echo), or Back/Forward, where the entry's URL is the whole state
    if history_navigation() or (url and url != st.session_state.get(_written_key(group))):
        incoming = {p.key: p.empty for p in params} | url
        for param in params:
            if param.key in url:
                _warn_unknown(param, url[param.key], options.get(param.key))
        if scope:
            _scope(params, group, incoming, set(st.query_params.get_all(scope)))
    pending = st.session_state.get(_PENDING, {})
    for param in params:
        if param.key in pending:
            incoming[param.key] = pending[param.key]
            _scoped_values(group).pop(param.key, None)
    if pending:
        st.session_state[_PENDING] = {k: v for k, v in pending.items() if k not in incoming}
    own = _scoped_values(group)
    for param in params:
        shadow = shadow_key(param.key)
        if param.key in incoming:
            st.session_state[shadow] = incoming[param.key]
        value = own[param.key] if param.key in own else st.session_state.get(shadow, param.empty)
        st.session_state[param.key] = _allowed(param, value, options.get(param.key))


def _scope(params: list[Param], group: str, incoming: dict[str, Any], names: set[str]) -> None:
    """Move the link's values named in its scope parameter out of ``incoming`` (the values
    every page shares) into this page's own."""
    own = {p.key: incoming.pop(p.key) for p in params if p.name in names and p.key in incoming}
    scoped = st.session_state.setdefault(_SCOPED, {})
    scoped[group] = {"page": _page(), "values": own}


def _scoped_values(group: str) -> dict[str, Any]:
    """This page's own values of the group (a drill-down's); forgotten on another page."""
    scoped = st.session_state.setdefault(_SCOPED, {})
    entry = scoped.get(group)
    if entry is None or entry["page"] != _page():
        scoped.pop(group, None)
        return {}
    return entry["values"]


def _wanted(params: list[Param], group: str, scope: str | None) -> dict[str, list[str]]:
    """URL parameter → the values the widgets hold (none for a default)."""
    wanted: dict[str, list[str]] = {}
    for param in params:
        value = st.session_state.get(param.key)
        if param.many:
            wanted[param.name] = [_to_url(v) for v in value or ()]
        else:
            wanted[param.name] = [] if value is None or value == param.default else [_to_url(value)]
    if scope:
        own = _scoped_values(group)
        wanted[scope] = [p.name for p in params if p.key in own and wanted[p.name]]
    return wanted


def write(params: list[Param], *, group: str, scope: str | None = None) -> None:
    """Write the widgets' values to the URL: values other than the default are set, the
    others removed; remember what was written. On a page's first run the browser's entry is
    replaced, later a change is a new entry (Back undoes it)."""
    wanted = _wanted(params, group, scope)
    if st.session_state.get(_FIRST_RUN) and not history_navigation():
        if any(st.query_params.get_all(name) != values for name, values in wanted.items()):
            _replace_url(wanted)
        st.session_state[_written_key(group)] = _from_url(params) or None
        return
    for name, values in wanted.items():
        if not values:
            if name in st.query_params:
                del st.query_params[name]
        elif st.query_params.get_all(name) != values:
            st.query_params[name] = values if len(values) > 1 else values[0]
    st.session_state[_written_key(group)] = _from_url(params) or None


def link_params(params: list[Param], values: dict[str, Any]) -> dict[str, list[str] | str]:
    """URL parameters for a link to another page with these values (by widget key)."""
    out: dict[str, list[str] | str] = {}
    for param in params:
        value = values.get(param.key)
        if param.many and value:
            out[param.name] = [_to_url(v) for v in value]
        elif not param.many and value is not None and value != param.default:
            out[param.name] = _to_url(value)
    return out


# --------------------------------------------------------------------------- one-widget groups


def switch(label: str, options: dict[str, str], *, param: str, key: str, default: str) -> str:
    """A segmented control whose value lives in the URL (``?param=value``) and the session;
    ``options`` maps each value to its (English) label. The default is left out of the URL."""
    spec = [Param(param, key, default=default)]
    seed(spec, group=key, options={key: options})
    chosen = st.segmented_control(
        label,
        list(options),
        format_func=lambda v: t(options[v]),
        required=True,
        key=key,
        on_change=remember,
        args=(key,),
    )
    if chosen not in options:
        st.session_state[key] = chosen = default
    write(spec, group=key)
    return chosen


def multiselect(
    label: str, options: list[str], *, param: str, key: str, **widget: Any
) -> tuple[str, ...]:
    """A multiselect whose values live in the URL (``?param=a&param=b``) and the session."""
    spec = [Param(param, key, many=True)]
    seed(spec, group=key, options={key: options})
    chosen = st.multiselect(label, options, key=key, on_change=remember, args=(key,), **widget)
    write(spec, group=key)
    return tuple(chosen)


def tabs(labels: list[str], *, key: str) -> list:
    """Tabs whose open tab lives in the URL (``?key=label``, the first tab left out): a tab
    change is a history entry and only the open tab runs (``tab.open``)."""
    spec = [Param(key, key, default=labels[0])]
    if key in st.session_state and st.session_state[key] != st.session_state.get(shadow_key(key)):
        remember(key)  # a tab opened by code (``st.session_state[key] = label``), as a click
    seed(spec, group=key, options={key: labels})
    chosen = st.tabs(labels, key=key, on_change=remember, args=(key,))
    write(spec, group=key)
    return chosen


def clicked(
    value: Any, *, param: str, key: str, parse: Callable[[str], Any] = str, hint: str = ""
) -> Any:
    """A chart click kept in the URL (``?param=value``): a new click (or its clearing) is a
    history entry, Back returns to the previous one, a copied link opens the same; returns
    the value in force (the chart's own selection outlives Back, so only a change counts)."""
    spec = [Param(param, key, parse=parse, hint=hint)]
    seen = f"_{key}_clicked"
    first = st.session_state.get(_FIRST_RUN) or history_navigation()  # no click: the URL's
    if not first and seen in st.session_state and value != st.session_state[seen]:
        request(**{key: value})
    st.session_state[seen] = value
    seed(spec, group=key)
    write(spec, group=key)
    return st.session_state.get(key)
