"""Steerco: the dashboard for IT steering committees. Run with `streamlit run app.py`."""

import streamlit as st

from steerco.i18n import t
from steerco.ui import data

st.set_page_config(page_title="Steerco", page_icon=":material/monitoring:", layout="wide")

data.settings()
data.engine()  # creates and seeds the store on first start; a clear message if it fails

pages = [
    st.Page("pages/overview.py", title=t("Overview"), icon=":material/dashboard:", default=True),
    st.Page("pages/portfolio.py", title=t("Portfolio"), icon=":material/table_view:"),
    st.Page("pages/project.py", title=t("Project"), icon=":material/folder_open:"),
    st.Page("pages/data.py", title=t("Data"), icon=":material/upload_file:"),
]
st.navigation(pages).run()
