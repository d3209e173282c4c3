"""The comparison of two dates, for the Meeting page's "Compare" tab: a date-pair picker (a
meeting, and a later meeting or today) and the section that shows a ``CompareView`` — the
counts as KPI tiles, then each list as a table.

Usage on a page::

    picked = compare.pick_dates(list(listing["meeting_date"]))
    if picked:
        start, end = picked
        compare.section(data.page(views.compare.build, filters, start=start, end=end))
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from data_access.filters import today as clock
from steerco import fmt
from steerco.i18n import t
from steerco.ui import components
from steerco.ui.text import literal
from steerco.views.compare import CompareView

FROM_KEY = "cmp_from"
TO_KEY = "cmp_to"
#: KPI tiles per row (one per list: twelve make two rows).
TILES_PER_ROW = 6


def _choice(key: str, options: list[date]) -> None:
    """Keep the widget's value among its options (a meeting list can change under it)."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = options[0]


def pick_dates(meetings: list[date], *, today: date | None = None) -> tuple[date, date] | None:
    """Two dates to compare, side by side: a meeting before today (default: the last one)
    and a later meeting or today (default: today). None, with a note, when no meeting was
    held before today."""
    today = today or clock()
    held = sorted({d for d in meetings if d < today}, reverse=True)
    if not held:
        st.caption(t("No committee meeting before today to compare with."))
        return None
    left, right = st.columns(2)
    _choice(FROM_KEY, held)
    with left:
        start = st.selectbox(t("From the meeting of"), held, key=FROM_KEY, format_func=fmt.day)
    later = [today, *sorted((d for d in meetings if start < d < today), reverse=True)]
    _choice(TO_KEY, later)
    with right:
        end = st.selectbox(
            t("To"),
            later,
            key=TO_KEY,
            format_func=lambda d: t("today ({day})", day=fmt.day(d)) if d == today else fmt.day(d),
        )
    return start, end


def section(view: CompareView) -> None:
    """The comparison: its summary, the counts as tiles, then each list that holds rows as a
    table (the empty ones named in one line at the end)."""
    st.caption(literal(view.summary))
    if view.note:
        st.info(literal(view.note))
    components.kpi_row(view.kpis, per_row=TILES_PER_ROW)
    empty = []
    for found in view.lists.values():
        if not found.count:
            empty.append(found.title)
            continue
        st.subheader(literal(f"{found.title} ({found.count})"))
        if found.key == "money_changes":
            st.caption(literal(view.money_threshold))
        components.table(found.table, found.kinds, name=found.title, key=f"cmp_{found.key}")
    if empty:
        st.caption(literal(t("Nothing between these dates: {lists}.", lists=", ".join(empty))))
