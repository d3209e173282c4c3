"""Users: who has which role and sees which projects (admins)."""

import streamlit as st

from data_access.access import AccessRefused
from steerco.i18n import t
from steerco.ui import auth, components, data
from steerco.ui import users as ui
from steerco.ui.shell import page_entry
from steerco.ui.text import literal
from steerco.views import users as views
from steerco.views.display import kinds

page_entry()

st.title(t("Users and roles"))
try:
    view = data.page(views.build, auth.identity())
except AccessRefused as refused:
    st.info(literal(refused), icon=":material/lock:")
    st.stop()

ui.announce()
st.caption(view.summary)
if not view.is_empty:
    components.table(view.table, kinds(views.COLUMNS), name=t("Users and roles"), key="users_table")
ui.editor(view)
