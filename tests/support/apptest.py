"""Reading AppTest trees: charts, tabs and download menus the pages draw."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from streamlit.elements.lib.utils import user_key_from_element_id
from streamlit.testing.v1 import AppTest

#: The app as a user starts it (``streamlit run app.py``).
APP = str(Path(__file__).resolve().parents[2] / "app.py")
#: Seconds an AppTest run may take (the default 3 s is too short on a busy CI machine).
TIMEOUT_S = 60

#: Widget-key suffix of a chart's or table's download menu (``steerco.ui.export``).
MENU_SUFFIX = "_dl"


def _walk(node: Any) -> Iterator[Any]:
    for child in getattr(node, "children", {}).values():
        yield child
        yield from _walk(child)


def chart_titles(at: Any) -> list[str]:
    """The titles of the Plotly charts the run drew, in page order."""
    titles = []
    for chart in at.get("plotly_chart"):
        title = json.loads(chart.proto.spec)["layout"].get("title") or {}
        titles.append(title.get("text", ""))
    return titles


def download_menus(at: Any) -> dict[str, str]:
    """The download menus (popovers) of the run: user key → label ("Slide picture" for a
    chart, "Download" for a table)."""
    menus = {}
    for node in _walk(at._tree):
        proto = getattr(node, "proto", None)
        if type(node).__name__ == "Block" and proto.WhichOneof("type") == "popover":
            menus[user_key_from_element_id(proto.popover.id)] = proto.popover.label
    return menus


def chart_keys(at: Any) -> list[str]:
    """The user keys of the Plotly charts of the run."""
    return [user_key_from_element_id(chart.proto.id) for chart in at.get("plotly_chart")]


def click_first_mark(at: Any, key: str) -> AppTest:
    """Click the first mark of the chart ``key`` that carries ``customdata``, as a user does:
    the chart's selection holds that mark's customdata as the chart has it; the page reruns."""
    (chart,) = [c for c in at.get("plotly_chart") if user_key_from_element_id(c.proto.id) == key]
    marks = [
        m for trace in json.loads(chart.proto.spec)["data"] for m in trace.get("customdata", [])
    ]
    custom = next(m for m in marks if m is not None)
    point = {"customdata": custom, "point_index": 0}
    at.session_state[key] = {
        "selection": {"points": [point], "point_indices": [0], "box": [], "lasso": []}
    }
    return at.run()


def assert_every_chart_and_table_downloads(at: Any) -> None:
    """Each chart has a "Slide picture" menu and each table a "Download" menu."""
    menus = download_menus(at)
    for key in chart_keys(at):
        assert menus.get(key + MENU_SUFFIX) == "Slide picture", f"chart {key!r} has no menu"
    tables = len(at.dataframe)
    table_menus = sum(1 for label in menus.values() if label == "Download")
    assert table_menus == tables, f"{tables} tables but {table_menus} table download menus"


def open_tab(at: Any, key: str, label: str) -> Any:
    """Switch a page's tabs (``components.sections(key=...)``) as a click does: the tabs'
    state and the URL change, then the page reruns. (The URL alone does not switch back to
    a tab the session has left.)"""
    at.session_state[key] = label
    at.query_params[key] = label
    return at.run()


def rag_words(column: Any) -> list[str]:
    """The words of a RAG column drawn as pills (each cell a one-word list; "" when empty)."""
    return [str(cell[0]) if len(cell) else "" for cell in column]


def no_error(at: Any) -> None:
    """The run showed no exception and no error box."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def metric(at: Any, label: str, *, prefix: bool = False) -> str:
    """The value of the KPI tile labelled ``label`` (or whose label starts with it)."""
    for tile in at.metric:
        if tile.label == label or (prefix and tile.label.startswith(label)):
            return tile.value
    raise AssertionError(f"no metric {label!r}; have {[m.label for m in at.metric]}")


def open_page(
    page: str | None = None,
    *,
    link: dict[str, Any] | None = None,
    params: dict[str, Any] | None = None,
    timeout: float = TIMEOUT_S,
) -> AppTest:
    """The app opened on ``page`` (a path like ``"pages/finance.py"``; None = the default page)
    as a user does, after one run of ``app.py``.

    ``link``: query parameters of the URL the app is opened with (a pasted link, set before
    the first run). ``params``: query parameters set after switching to the page (a link
    followed inside the app)."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in (link or {}).items():
        at.query_params[key] = value
    at.run()
    if page is None and not params:
        return at
    if page is not None:
        at.switch_page(page)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


#: Element types whose texts Streamlit shows as plain text (options of select boxes, cells of
#: tables, chart specs): left out of :func:`markdown_texts`.
PLAIN_TEXT_TYPES = {"selectbox", "multiselect", "arrow_data_frame", "plotly_chart", "html"}
#: Proto fields that Streamlit renders as Markdown (bodies, labels, tooltips, options).
MARKDOWN_FIELDS = ("body", "label", "help", "value", "options", "content")


def _markdown_fields(proto: Any) -> Iterator[str]:
    for field, value in proto.ListFields():
        # a repeated field (options of pills or radio buttons) is a sequence without __iter__
        items = list(value) if field.is_repeated else [value]
        for item in items:
            if hasattr(item, "ListFields"):  # a block's tab or expander, a widget's options
                yield from _markdown_fields(item)
            elif field.name in MARKDOWN_FIELDS and isinstance(item, str):
                yield item


def markdown_texts(at: Any) -> list[str]:
    """Every text of the run that Streamlit renders as Markdown: titles, captions, messages,
    KPI tiles, tab, expander, button, link and radio labels, tooltips."""
    found: list[str] = []
    for node in _walk(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None or getattr(node, "type", None) in PLAIN_TEXT_TYPES:
            continue
        found += _markdown_fields(proto)
    return found


def act_as(monkeypatch: Any, who: Any) -> None:
    """Run the app's sessions as ``who`` (an ``access.Identity``), as sign-in would make them:
    the identity is what ``auth.identity()`` returns and what the session keeps (the page cache
    reads the scope from there). The browser tests sign in through a real provider instead."""
    import streamlit as st

    from steerco.ui import auth

    def identity(*, refresh: bool = False) -> Any:
        st.session_state[auth.IDENTITY_KEY] = who
        return who

    monkeypatch.setattr(auth, "identity", identity)


def select_row(at: Any, key: str, row: int) -> Any:
    """Click row ``row`` of the selectable table ``key``, as a user does; the page reruns."""
    at.session_state[key] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    return at.run()
