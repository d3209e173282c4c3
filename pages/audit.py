"""Audit: every write (imports, rollbacks, mappings, sign-ins) and who made it."""

import streamlit as st

from data_access.access import AccessRefused
from steerco.i18n import t
from steerco.ui import auth, components, data
from steerco.ui.shell import page_entry
from steerco.ui.text import literal
from steerco.views import audit as views
from steerco.views.display import kinds

page_entry()

st.title(t("Audit trail"))
who = auth.identity()
left, middle, right = st.columns(3)
since = left.date_input(t("Since"), value=None, key="audit_since", format="YYYY-MM-DD")
actor = middle.text_input(t("Who (exact)"), key="audit_actor").strip() or None
action = right.selectbox(
    t("What"),
    [None, *views.KNOWN_ACTIONS],
    format_func=lambda a: t("Everything") if a is None else a,
    key="audit_action",
)
try:
    view = data.page(views.build, who, since=since, actor=actor, action=action)
except AccessRefused as refused:
    st.info(literal(refused), icon=":material/lock:")
    st.stop()

st.caption(view.summary)
if view.is_empty:
    st.info(t("Nothing recorded for these filters."))
    st.stop()
components.table(view.table, kinds(views.COLUMNS), name=t("Audit trail"), key="audit_table")
