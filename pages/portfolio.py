"""Portfolio: one row per project, reported and computed RAG side by side."""

import streamlit as st

from steerco.i18n import t
from steerco.ui import components, data
from steerco.ui.filters import project_filter
from steerco.ui.shell import page_entry
from steerco.ui.text import literal
from steerco.views import display, portfolio

page_entry()

st.title(t("Portfolio"))
filters = project_filter()
components.not_known_note(filters)
view = data.page(portfolio.build, filters)
components.freshness_line()

if view.is_empty:
    components.empty_state(t("No project matches the filters."))
    st.stop()

st.caption(literal(view.summary))
picked = components.selectable_table(
    view.table,
    key="portfolio_table",
    kinds=display.kinds(portfolio.COLUMNS),
    rag_columns=display.rag_labels(portfolio.COLUMNS),
    height=min(components.MAX_TABLE_HEIGHT_PX + 200, components.table_height(len(view.table))),
    name=t("Portfolio"),
    layout={
        t(portfolio.NAME_COLUMN): {"help": t("Click a project's name to open it")},
        t("Computed"): {"help": t("Overall status computed from the figures")},
    },
)
if picked is not None:
    components.open_project(view.frame.iloc[picked]["project_id"])
st.caption(literal(view.legend))
