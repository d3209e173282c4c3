"""Export: the steering-committee pack as one .pptx for the filtered portfolio."""

import streamlit as st

from steerco.exports import pack
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
        "The pack for the committee, from the same figures as the pages: title, agenda, "
        "executive summary, portfolio status, decisions required, top risks, finance, operations, "
        "milestones, then one slide per red and amber project. Tables and text are native "
        "PowerPoint (16:9); charts are pictures. The sidebar filters and the as-of date apply."
    )
)
st.caption(
    t("Sections: {sections}.", sections=", ".join(t(s) for s in pack.SECTIONS))
    + " "
    + t("Command line: steerco pack --out pack.pptx [--as-of DATE] [--programme NAME]")
)
export.pack_builder(filters, key="pack")
