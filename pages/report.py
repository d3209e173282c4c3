"""Status reports: a project manager's report, pre-filled from the last one (draft → submit),
the PMO's check (approve or return) and who has not reported for the next meeting
(?project=ID)."""

import streamlit as st

from data_access.filters import Filters, today
from steerco.i18n import t
from steerco.ui import auth, components, data
from steerco.ui import report as ui
from steerco.ui import reporting as completeness
from steerco.ui.shell import page_entry
from steerco.views import report as views
from steerco.views import reporting

page_entry()

st.title(t("Status reports"))
now = today()
filters = Filters(as_of=now).within(*data.session_scope())
own = data.page(views.own_projects, auth.identity())
ui.announce()

if ui.may_approve():
    report, check, complete = components.sections(
        [t("Report"), t("PMO check"), t("Completeness")], key="rpt_sections"
    )
else:
    report, check, complete = st.container(), None, None
with report:
    if check is None or report.open:
        ui.report_section(filters, own, now)
if check is not None:
    with check:
        if check.open:
            ui.review(data.page(views.queue, filters), filters)
    with complete:
        if complete.open:
            completeness.completeness(data.page(reporting.build, filters, today=now))
