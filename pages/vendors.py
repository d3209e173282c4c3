"""Vendors: contracts, spend against the contracted pace, SLA and satisfaction, renewals."""

import streamlit as st

from steerco import fmt
from steerco.charts import vendors as vendor_charts
from steerco.i18n import t
from steerco.ui import components, data
from steerco.ui import vendors as page
from steerco.ui.filters import project_filter
from steerco.ui.shell import page_entry
from steerco.ui.text import literal
from steerco.views import vendors as views
from steerco.views.display import kinds

page_entry()

st.title(t("Vendors"))
filters = project_filter()
view = data.page(views.build, filters)
components.freshness_line()

if view.is_empty:
    components.empty_state(
        t("No contract in force on {day} matches the filters.", day=fmt.day(view.as_of))
    )
    st.stop()

st.caption(literal(views.summary_line(view)))
components.kpi_row(view.kpis)

renewals = t("Renewals due within {d} days", d=view.window_days)
st.subheader(renewals)
if view.renewals.empty:
    st.caption(t("No notice or end date in the next {d} days.", d=view.window_days))
else:
    components.table(
        views.renewals_table(view.renewals),
        kinds(views.RENEWAL_COLUMNS),
        key=page.RENEWALS_TABLE_KEY,
        name=renewals,
    )

chosen = page.scorecard(vendor_charts.scorecard(view.vendors, data.settings().currency), filters)
if note := views.scorecard_note(view):
    st.caption(literal(note))
page.vendor_contracts(view, chosen)

st.subheader(t("Contracts in force"))
components.table(
    views.contracts_table(view.contracts),
    kinds(views.CONTRACT_COLUMNS),
    key=page.CONTRACTS_TABLE_KEY,
    name=t("Contracts in force"),
)

st.subheader(t("Per vendor"))
components.table(
    views.vendors_table(view.vendors),
    kinds(views.VENDOR_COLUMNS),
    key=page.VENDORS_TABLE_KEY,
    name=t("Per vendor"),
)

st.caption(literal(views.rules_note(view)))
