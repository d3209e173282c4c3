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
        "The committee's pack from the same figures as the pages: a one-pager per red, "
        "watermelon and amber project, a slide per decision asked, the RAID summary and the "
        "next meeting. Native PowerPoint (16:9), no text cut; the sidebar filters and the "
        "as-of date apply."
    )
)
st.caption(t("Command line: steerco pack --out pack.pptx [--as-of DATE] [--programme NAME]"))
export.pack_builder(filters, key="pack")
