"""Meeting: one committee meeting — agenda, decisions, actions, freeze (?meeting=YYYY-MM-DD)."""

import streamlit as st

from data_access.filters import Filters, today
from steerco.i18n import t
from steerco.ui import compare as compare_ui
from steerco.ui import components, data
from steerco.ui import meeting as ui
from steerco.ui.shell import page_entry
from steerco.views import compare as compare_views
from steerco.views import meeting as views
from steerco.views import project

page_entry()

st.title(t("Meeting"))
now = today()
listing = data.page(views.meeting_list, now)
day = ui.pick(listing, now)
if day is None:
    components.empty_state(t("No meeting yet: add one below, or import the meetings sheet."))
    ui.schedule(None)
    st.stop()
st.page_link(
    "pages/present.py", label=t("Present"), icon=":material/co_present:",
    query_params={"meeting": str(day)},
)  # fmt: skip
filters = Filters(as_of=now).within(*data.session_scope())
view = data.page(views.build, filters, day=day, today=now)
if view is None:
    st.error(t("There is no meeting on that date."), icon=":material/event_busy:")
    st.stop()

projects = {
    pid: f"{pid} · {name}" for pid, name in data.page(project.choices, filters.only_scope()).items()
}
ui.announce()
ui.header(view)
ui.toolbar(view, filters)
if view.closed:
    ui.frozen(view, set(projects) if any(data.session_scope()) else None)
    if ui.may_record():
        with st.expander(t("Amend the record"), icon=":material/history_edu:"):
            ui.decision_form(view, projects)
            ui.action_form(view, projects)
    ui.all_meetings(listing)
    st.stop()

agenda, decisions, actions, compare = components.sections(
    [t("Agenda"), t("Decisions"), t("Actions"), t("Compare")], key="mtg_sections"
)
with agenda:
    if agenda.open:
        components.kpi_row(view.kpis)
        ui.agenda(view)
        ui.agenda_editor(view)
with decisions:
    if decisions.open:
        ui.decisions_tab(view, projects)
with actions:
    if actions.open:
        ui.open_actions(view, now)
        ui.action_form(view, projects)
with compare:
    if compare.open:
        picked = compare_ui.pick_dates(list(listing["meeting_date"]), today=now)
        if picked is not None:
            start, end = picked
            compare_ui.section(data.page(compare_views.build, filters, start=start, end=end))
ui.schedule(view)
ui.all_meetings(listing)
