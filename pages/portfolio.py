"""Portfolio: one row per project, reported and computed RAG side by side."""

import streamlit as st

from steerco import fmt, tables
from steerco.i18n import t
from steerco.ui import components, data
from steerco.ui.filters import project_filter
from steerco.ui.shell import page_entry

page_entry()

st.title(t("Portfolio"))
filters = project_filter(data.filter_options())
frame = data.portfolio(filters)
components.freshness_line()

if frame.empty:
    components.empty_state(t("No project matches the filters."))
    st.stop()

currency = data.settings().currency
st.caption(
    t(
        "{n} projects · approved budget {bac} · estimate at completion {eac} · as of {as_of}. "
        "Click a row to open the project; click a column header to sort.",
        n=len(frame),
        bac=fmt.money(frame["approved_budget"].sum(), currency),
        eac=fmt.money(frame["eac"].sum(), currency),
        as_of=fmt.day(filters.as_of_date),
    )
)
display = tables.portfolio_table(frame)
rag_columns = tuple(
    t(label) for label, (_, kind) in tables.PORTFOLIO_COLUMNS.items() if kind == "rag"
)
picked = components.selectable_table(
    display,
    key="portfolio_table",
    kinds=tables.column_kinds(tables.PORTFOLIO_COLUMNS),
    rag_columns=rag_columns,
    height=components.MAX_TABLE_HEIGHT_PX + 200,
    name=t("Portfolio"),
)
if picked is not None:
    components.open_project(frame.iloc[picked]["project_id"])
st.caption(
    t(
        "Computed status comes from the figures: budget from EAC against BAC, schedule from "
        "the forecast end date and SPI, risk from open high-scoring risks. "
        "{w} watermelon: reported green or amber, figures red. {s} stale: no report for more "
        "than {days} days.",
        w=tables.WATERMELON_FLAG,
        s=tables.STALE_FLAG,
        days=data.settings().stale_report_days,
    )
)
