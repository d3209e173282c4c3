"""Present: the meeting's agenda as screens for the room (?meeting=YYYY-MM-DD, ?screen=N)."""

import streamlit as st

from data_access.filters import Filters, today
from steerco.i18n import t
from steerco.ui import components, data
from steerco.ui import present as ui
from steerco.ui.shell import page_entry
from steerco.views import meeting
from steerco.views import present as views

page_entry()

ui.chrome()
now = today()
listing = data.page(meeting.meeting_list, now)
day = ui.meeting_day(list(listing["meeting_date"]), now)
if day is None:
    components.empty_state(t("No meeting yet: add one on the Meeting page."))
    st.stop()
filters = Filters(as_of=now).within(*data.session_scope())
view = data.page(views.build, filters, day=day, today=now)
if view is None:  # the meeting was removed since the list was read
    st.error(t("There is no meeting on that date."), icon=":material/event_busy:")
    st.stop()
ui.show(view, ui.screen_number(len(view.screens)))
