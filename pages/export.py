"""Export: the steering-committee pack as one .pptx for the filtered portfolio."""

import streamlit as st

from steerco.i18n import t
from steerco.ui import components, export
from steerco.ui.filters import project_filter
from steerco.ui.shell import page_entry

page_entry()

st.title(t("Export"))
filters = project_filter()
components.not_known_note(filters)
st.markdown(
    t(
        "The pack for the committee, from the same figures as the pages, ready to send: a "
        "one-pager per red, watermelon and amber project (why, the decision asked, milestones, "
        "RAG trend, S-curve), a slide per decision asked (options, recommendation, impact, "
        "owner, deadline), the actions of the last meeting, a RAID summary, the next meeting "
        "and the portfolio tables in an appendix. Tables and text are native PowerPoint (16:9) "
        "and never cut; charts are pictures. The sidebar filters and the as-of date apply."
    )
)
st.caption(t("Command line: steerco pack --out pack.pptx [--as-of DATE] [--programme NAME]"))
export.pack_builder(filters, key="pack")
