"""Data: upload spreadsheets (template, check, preview, commit), history and rollback."""

import streamlit as st

from steerco.i18n import t
from steerco.ui import imports, upload_limit
from steerco.ui.shell import page_entry

page_entry()

st.title(t("Data"))
imports.introduction()
upload, history, mapping, sources = st.tabs(
    [t("Upload"), t("History"), t("Mappings"), t("SQL sources")]
)
with upload:
    upload_limit.warn_if_above_server()
    imports.template_download()
    imports.upload_flow(key="upload")
with history:
    imports.history_view(key="history")
    st.divider()
    st.subheader(t("The data as it stood at a date"))
    imports.as_of_view(key="asof")
with mapping:
    imports.mappings_view(key="mappings")
with sources:
    imports.sources_view(key="sources")
