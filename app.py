"""Steerco: the dashboard for IT steering committees. Run with `streamlit run app.py`."""

import streamlit as st

from steerco.i18n import t
from steerco.ui import shell

shell.configure()
pages = [
    st.Page("pages/overview.py", title=t("Overview"), icon=":material/dashboard:", default=True),
    st.Page("pages/portfolio.py", title=t("Portfolio"), icon=":material/table_view:"),
    st.Page("pages/project.py", title=t("Project"), icon=":material/folder_open:"),
    st.Page("pages/finance.py", title=t("Finance"), icon=":material/payments:"),
    st.Page("pages/risks.py", title=t("Risks & RAID"), icon=":material/warning:"),
    st.Page("pages/roadmap.py", title=t("Roadmap"), icon=":material/timeline:"),
    st.Page("pages/operations.py", title=t("Operations"), icon=":material/support_agent:"),
    st.Page("pages/resources.py", title=t("Resources"), icon=":material/groups:"),
    st.Page("pages/vendors.py", title=t("Vendors"), icon=":material/handshake:"),
    st.Page("pages/demand.py", title=t("Demand"), icon=":material/inbox:"),
    st.Page("pages/report.py", title=t("Status reports"), icon=":material/edit_note:"),
    st.Page("pages/meeting.py", title=t("Meeting"), icon=":material/groups_3:"),
    st.Page("pages/present.py", title=t("Present"), icon=":material/co_present:"),
    st.Page("pages/export.py", title=t("Export"), icon=":material/slideshow:"),
    st.Page("pages/data.py", title=t("Data"), icon=":material/upload_file:"),
]
if shell.may_read_audit():  # the PMO and admins (a forged link is refused by the view too)
    pages.append(st.Page("pages/audit.py", title=t("Audit"), icon=":material/policy:"))
if shell.may_manage_users():  # admins
    pages.append(st.Page("pages/users.py", title=t("Users"), icon=":material/manage_accounts:"))
# every page listed: the Data, Export and Audit pages must not hide behind "View more"
shell.run(st.navigation(pages, expanded=True))
