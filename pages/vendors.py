"""Vendors: contracts, spend against the contracted pace, SLA and satisfaction, renewals."""

import streamlit as st

from steerco import fmt
from steerco.analytics import vendors as rules
from steerco.charts import vendors as vendor_charts
from steerco.i18n import t
from steerco.ui import components, data
from steerco.ui import vendors as page
from steerco.ui.filters import project_filter
from steerco.ui.shell import page_entry
from steerco.views import vendors as views

page_entry()

st.title(t("Vendors"))
filters = project_filter(data.filter_options())
view = page.page_data(filters)
components.freshness_line()

if view.is_empty:
    components.empty_state(
        t("No contract in force on {day} matches the filters.", day=fmt.day(view.as_of))
    )
    st.stop()

currency = data.settings().currency
st.caption(views.summary_line(view))

cols = st.columns(5)
with cols[0]:
    components.kpi(t("Contracts in force"), fmt.number(len(view.contracts)))
with cols[1]:
    components.kpi(
        t("Annual value"),
        fmt.money(view.annual_value, currency),
        help=t("Sum of the annual value of the contracts in force"),
    )
with cols[2]:
    components.kpi(
        t("Spend vs contracted pace"),
        fmt.pct(view.spend_pct),
        help=t(
            "Spend to date ÷ (annual value × contract years elapsed), all contracts together. "
            "100 % = spending exactly at the contracted annual value."
        ),
    )
with cols[3]:
    components.kpi(
        t("Renewals due in {d} days", d=view.window_days),
        fmt.number(len(view.renewals)),
        delta=t("{value} a year", value=fmt.money(view.renewals_value, currency)),
        delta_color="off",
        arrow=False,
        help=t(
            "Contracts whose renewal notice date or end date falls within {d} days of the "
            "as-of date (day {d} included)",
            d=view.window_days,
        ),
    )
with cols[4]:
    components.kpi(
        t("Vendors below SLA target"),
        fmt.number(view.below_sla_target),
        help=t(
            "Vendors whose mean SLA performance is below {target} %",
            target=fmt.number(rules.SLA_TARGET_PCT),
        ),
    )

st.subheader(t("Renewals due within {d} days", d=view.window_days))
if view.renewals.empty:
    st.caption(t("No notice or end date in the next {d} days.", d=view.window_days))
else:
    page.table(
        views.renewals_table(view.renewals),
        views.column_kinds(views.RENEWAL_COLUMNS),
        key=page.RENEWALS_TABLE_KEY,
        name=t("Renewals due within {d} days", d=view.window_days),
    )

event = page.scorecard(vendor_charts.scorecard(view.vendors, currency), filters)
if len(view.vendors) > vendor_charts.SCORECARD_MAX_VENDORS:
    st.caption(
        t(
            "The {n} vendors with the largest annual value; the per-vendor table lists all {all}.",
            n=vendor_charts.SCORECARD_MAX_VENDORS,
            all=len(view.vendors),
        )
    )
chosen = page.selected_vendors(event)
if not chosen:
    st.info(
        t("Click a vendor's mark in the scorecard to list its contracts here."),
        icon=":material/touch_app:",
    )
else:
    mine = view.contracts_of(chosen)
    st.subheader(views.contracts_heading(len(mine), chosen))
    picked = page.table(
        views.contracts_table(mine),
        views.column_kinds(views.CONTRACT_COLUMNS),
        key=page.DRILL_TABLE_KEY,
        name=t("Contracts of {vendors}", vendors=", ".join(chosen)),
        selectable=True,
    )
    page.open_project_of(mine, picked)
    if page.serves_projects(mine):
        st.caption(t("Click a row to open the project the contract serves."))

st.subheader(t("Contracts in force"))
page.table(
    views.contracts_table(view.contracts),
    views.column_kinds(views.CONTRACT_COLUMNS),
    key=page.CONTRACTS_TABLE_KEY,
    name=t("Contracts in force"),
)

st.subheader(t("Per vendor"))
page.table(
    views.vendors_table(view.vendors),
    views.column_kinds(views.VENDOR_COLUMNS),
    key=page.VENDORS_TABLE_KEY,
    name=t("Per vendor"),
)

st.caption(
    t(
        "Spend vs contracted pace = spend to date ÷ (annual value × contract years elapsed "
        "since the start date); 100 % is on pace, above {amber} % is Amber, above {red} % Red. "
        "SLA: Green from {sla} %, Red below {sla_floor} %. Satisfaction: Green from {sat}, "
        "Red below {sat_floor}. Vendor figures are means over their contracts; spend vs pace "
        "per vendor is Σ spend ÷ Σ value at pace. A renewal is due when the notice or end "
        "date falls within {d} days of the as-of date.",
        amber=fmt.number(rules.SPEND_PACE_AMBER_PCT),
        red=fmt.number(rules.SPEND_PACE_RED_PCT),
        sla=fmt.number(rules.SLA_TARGET_PCT),
        sla_floor=fmt.number(rules.SLA_FLOOR_PCT),
        sat=fmt.number(rules.SATISFACTION_TARGET, 1),
        sat_floor=fmt.number(rules.SATISFACTION_FLOOR, 1),
        d=view.window_days,
    )
)
