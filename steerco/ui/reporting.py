"""The Report page's "Completeness" tab: who has reported for the next meeting, the late
project managers' names to copy and, where a mail server is configured, reminders to them
(PMO and admin; every sending goes through ``data_access.writes.send_reminders``)."""

from __future__ import annotations

import os

import streamlit as st

from data_access import access, mail, writes
from steerco import fmt
from steerco.config import SMTP_PASSWORD_VAR
from steerco.i18n import t
from steerco.ui import auth, components, data
from steerco.ui.text import literal
from steerco.views import reporting as views
from steerco.views.display import kinds


def no_meeting() -> None:
    """What the tab says when no meeting is scheduled on or after the as-of date."""
    st.info(
        t(
            "No steering committee is scheduled on or after this date: schedule the next "
            "meeting on the Meeting page, and the completeness list for it appears here."
        ),
        icon=":material/event_busy:",
    )


def _late(view: views.ReportingView, key: str) -> None:
    st.subheader(t("Late project managers"))
    if not view.late_names:
        st.caption(t("Nobody is late."))
        return
    st.caption(t("Copy the late project managers' names (the copy button of the box below)."))
    st.code(view.late_text, language=None)  # data as text: a code block renders no Markdown
    if view.without_address:
        st.caption(
            t(
                "No address for: {names} (neither an e-mail as project manager nor a name in "
                "the role table).",
                names=literal(", ".join(view.without_address)),
            )
        )


def _outcomes(outcomes: list[mail.Outcome]) -> None:
    for outcome in outcomes:
        if outcome.ok:
            st.success(t("Sent to {to}.", to=literal(outcome.recipient)), icon=":material/mail:")
        else:
            st.error(
                t(
                    "Not sent to {to}: {error}",
                    to=literal(outcome.recipient),
                    error=literal(outcome.error or ""),
                ),
                icon=":material/error:",
            )


def _reminders(view: views.ReportingView, key: str) -> None:
    server = views.smtp_server(data.settings())
    if server is None:
        st.caption(
            t(
                "No mail server is configured (setting [smtp]): copy the names above into "
                "your own e-mail."
            )
        )
        return
    who = auth.identity()
    if not access.allowed(who, access.REMIND) or not view.messages:
        return
    if st.button(
        t("Send reminders ({n})", n=len(view.messages)),
        key=f"{key}_send",
        icon=":material/forward_to_inbox:",
        help=t(
            "One e-mail to each late project manager with an address, naming their projects, "
            "the meeting ({meeting}) and the deadline ({deadline})",
            meeting=fmt.day(view.meeting),
            deadline=fmt.day(view.deadline),
        ),
    ):
        with st.spinner(t("Sending…")), data.user_errors():
            outcomes = writes.send_reminders(
                data.engine(),
                who,
                server,
                os.environ.get(SMTP_PASSWORD_VAR) or None,
                view.messages,
                meeting=view.meeting,
            )
        _outcomes(outcomes)


def completeness(view: views.ReportingView | None, key: str = "completeness") -> None:
    """The tab: the summary, one tile per status and stale, the list, the late names to copy
    and the reminders."""
    if view is None:
        no_meeting()
        return
    st.caption(view.summary)
    components.kpi_row(view.kpis)
    components.table(
        view.table,
        kinds(views.COLUMNS),
        name=t("Reporting completeness"),
        key=f"{key}_table",
    )
    _late(view, key)
    _reminders(view, key)
