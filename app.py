"""Steerco: the dashboard for IT steering committees. Run with `streamlit run app.py`."""

import streamlit as st

from steerco.i18n import t
from steerco.ui import shell

shell.configure()
pages = [
    st.Page("pages/overview.py", title=t("Overview"), icon=":material/dashboard:", default=True),
    st.Page("pages/portfolio.py", title=t("Portfolio"), icon=":material/table_view:"),
    st.Page("pages/project.py", title=t("Project"), icon=":material/folder_open:"),
    st.Page("pages/data.py", title=t("Data"), icon=":material/upload_file:"),
]
shell.run(st.navigation(pages))
