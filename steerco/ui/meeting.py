"""The Meeting page's widgets: the meeting picker (``?meeting=YYYY-MM-DD``), the session
buttons, the agenda with its "record the decision" forms, the decision and action forms, and a
closed meeting's frozen record. Every write goes through ``data_access.writes`` (PMO, admin).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from data_access import access, schema, writes
from steerco import fmt
from steerco.analytics.meetings import AgendaItem
from steerco.exports import freeze, images, minutes
from steerco.i18n import t
from steerco.ui import auth, components, data, url_state
from steerco.ui.export import PPTX_MIME
from steerco.ui.text import literal
from steerco.views import display
from steerco.views import meeting as views

PICK_KEY = "mtg_day"
DONE_KEY = "mtg_done"
#: The decision form opened from an agenda item (its prefill), kept across reruns.
PREFILL_KEY = "mtg_prefill"


def _parse_day(text: str) -> date:
    return date.fromisoformat(text)


def pick(listing: pd.DataFrame, today: date) -> date | None:
    """The meeting shown: the link's ``?meeting=``, else the next one (on or after today),
    else the latest. Its choice is kept in the URL."""
    days = list(listing["meeting_date"])
    if not days:
        return None
    coming = [d for d in days if d >= today]
    default = min(coming) if coming else max(days)
    spec = [
        url_state.Param(
            "meeting", PICK_KEY, default=default, parse=_parse_day, hint=t("a meeting date")
        )
    ]
    url_state.seed(spec, group=PICK_KEY, options={PICK_KEY: days})
    if st.session_state.get(PICK_KEY) not in days:
        st.session_state[PICK_KEY] = default
    states = dict(zip(listing["meeting_date"], listing["state"], strict=True))
    chosen = st.selectbox(
        t("Meeting"),
        days,
        key=PICK_KEY,
        format_func=lambda d: f"{fmt.day(d)} — {states.get(d, '')}",
        on_change=url_state.remember,
        args=(PICK_KEY,),
    )
    url_state.write(spec, group=PICK_KEY)
    return chosen


def all_meetings(listing: pd.DataFrame) -> None:
    """Every meeting with its state and how many decisions and actions it recorded."""
    with st.expander(t("All meetings ({n})", n=len(listing)), icon=":material/list:"):
        components.table(
            views.meetings_table(listing),
            display.kinds(views.MEETING_COLUMNS),
            name=t("Meetings"),
            key="mtg_all",
        )


def may_record() -> bool:
    return writes.may(auth.identity(), access.MEETINGS)


def _done(message: str) -> None:
    st.session_state[DONE_KEY] = message
    st.rerun()


def announce() -> None:
    message = st.session_state.pop(DONE_KEY, None)
    if message:
        st.success(message, icon=":material/check_circle:")


def header(view: views.MeetingView) -> None:
    """Date, committee, chair, attendees and the state."""
    st.subheader(t("{committee} — {day}", committee=literal(view.committee), day=fmt.day(view.day)))
    line = t("State: **{state}**", state=view.status_name)
    if view.chair:
        line += " · " + t("Chair: {chair}", chair=literal(view.chair))
    st.markdown(line)
    if view.attendees:
        st.caption(t("Attendees: {names}", names=literal("; ".join(view.attendees))))
    if view.closed:
        st.info(
            t(
                "Closed on {at} by {who}: what follows is what the committee saw, frozen. "
                "Later imports do not change it; a change to its decisions or actions is an "
                "amendment, kept with who and when.",
                at=view.record.closed_at.strftime("%Y-%m-%d %H:%M"),
                who=literal(view.record.closed_by or ""),
            ),
            icon=":material/lock:",
        )


def toolbar(view: views.MeetingView, filters) -> None:
    """One row: the session button, the minutes and, once closed, the pack."""
    session, *files = st.columns(4)
    with session:
        session_buttons(view, filters)
    downloads(view, filters, files)


def session_buttons(view: views.MeetingView, filters) -> None:
    """Open the session (planned → in session) and close the meeting (freeze it)."""
    if view.closed or not may_record():
        return
    if view.status != schema.MEETING_IN_SESSION:
        if st.button(
            t("Open the session"), key="mtg_open", icon=":material/play_circle:", type="primary"
        ):
            with data.user_errors():
                writes.open_meeting(data.engine(), auth.identity(), view.day)
            _done(t("The session is open."))
        return
    with st.popover(t("Close the meeting"), icon=":material/lock:"):
        st.write(
            t(
                "Closing freezes what the committee saw: the figures, the agenda, the "
                "decisions and actions, and the pack. It cannot be reopened."
            )
        )
        if st.button(t("Close and freeze"), type="primary", key="mtg_close"):
            with st.spinner(t("Freezing the figures and building the pack…")):
                try:
                    with data.user_errors(), data.engine().connect() as conn:
                        frozen, pack = freeze.freeze_meeting(
                            conn, filters, data.settings(), day=view.day, today=filters.as_of,
                            source=data.source_label(),
                        )  # fmt: skip
                except images.RenderFailed as exc:  # nothing frozen: the meeting stays open
                    st.error(literal(exc), icon=":material/error:")
                    st.caption(t("The meeting is still open: close it again."))
                    return
                try:
                    with data.user_errors():
                        writes.close_meeting(
                            data.engine(), auth.identity(), view.day, frozen=frozen, pack=pack
                        )
                except writes.FormRefused as exc:  # nothing written: the meeting stays open
                    st.error(literal(exc), icon=":material/error:")
                    st.caption(t("The meeting is still open: close it again."))
                    return
            _done(t("The meeting is closed and frozen."))


def schedule(view: views.MeetingView | None) -> None:
    """Add a meeting, or change this one's details (committee, chair, attendees, notes)."""
    if not may_record() or (view is not None and view.closed):
        return
    with st.expander(t("Add a meeting or change this one's details"), icon=":material/event:"):
        with st.form("mtg_schedule", border=False):
            left, right = st.columns(2)
            day = left.date_input(
                t("Date *"), value=view.day if view else None, format="YYYY-MM-DD"
            )
            committee = right.text_input(t("Committee *"), value=view.committee if view else "")
            chair = left.text_input(t("Chair"), value=view.chair if view else "")
            attendees = right.text_input(
                t("Attendees (separated by semicolons)"),
                value="; ".join(view.attendees) if view else "",
            )
            notes = st.text_area(t("Notes"), value=view.notes if view else "")
            saved = st.form_submit_button(t("Save the meeting"), icon=":material/save:")
        if not saved:
            return
        values = {
            "meeting_date": day,
            "committee": committee,
            "chair": chair,
            "attendees": attendees,
            "notes": notes,
        }
        try:
            with data.user_errors():
                writes.schedule_meeting(data.engine(), auth.identity(), values)
        except writes.FormRefused as exc:
            _form_errors(exc)
            return
        if day is not None:
            url_state.request(**{PICK_KEY: day})
        _done(t("Meeting of {day} saved.", day=fmt.day(day)))


def _prefill_from(item: AgendaItem) -> None:
    st.session_state[PREFILL_KEY] = item.prefill
    st.session_state["mtg_sections"] = t("Decisions")


#: Items of one agenda section listed one by one; the others in a table below them (a large
#: portfolio's agenda would otherwise be hundreds of lines on the projector).
AGENDA_ITEMS_SHOWN = 12


def _more_items(key: str, items: list[AgendaItem]) -> None:
    with st.expander(t("{n} more", n=len(items))):
        components.table(views.items_table(items), key=f"mtg_more_{key}")


def agenda(view: views.MeetingView) -> None:
    """The agenda, section by section; a decision asked opens the decision form pre-filled."""
    recording = may_record() and not view.closed
    for key, title in views.SECTION_TITLES.items():
        items = view.agenda.section(key)
        st.markdown(f"**{t(title)}**")
        if not items:
            st.caption(t("Nothing on the agenda here."))
            continue
        for item in items[:AGENDA_ITEMS_SHOWN]:
            left, right = st.columns([5, 1]) if recording and item.prefill else (st, None)
            text = literal(item.title)
            if item.detail:
                text += " — " + literal(item.detail)
            left.markdown(f"- {text}")
            if right is not None:
                right.button(
                    t("Record"),
                    key=f"mtg_rec_{item.ref}",
                    on_click=_prefill_from,
                    args=(item,),
                    help=t("Record the committee's decision on this item"),
                    icon=":material/gavel:",
                )
        if len(items) > AGENDA_ITEMS_SHOWN:
            _more_items(key, items[AGENDA_ITEMS_SHOWN:])
    if view.agenda.left_out:
        st.caption(
            t(
                "Left out of the agenda: {items}",
                items=literal("; ".join(i.title for i in view.agenda.left_out)),
            )
        )


def agenda_editor(view: views.MeetingView) -> None:
    """Leave items out and add any other business (before the meeting closes)."""
    if view.closed or not may_record():
        return
    with st.expander(t("Edit the agenda"), icon=":material/edit_note:"):
        choices = {i.ref: f"{t(views.SECTION_TITLES[i.section])}: {i.title}" for i in [
            *view.agenda.items, *view.agenda.left_out] if i.section != "aob"}  # fmt: skip
        left = st.multiselect(
            t("Leave out"),
            list(choices),
            default=[i.ref for i in view.agenda.left_out],
            format_func=lambda ref: choices[ref],
            key="mtg_leave_out",
        )
        aob = st.text_area(
            t("Any other business (one item per line)"),
            value="\n".join(i.title for i in view.agenda.section("aob")),
            key="mtg_aob",
        )
        if st.button(t("Save the agenda"), key="mtg_save_agenda", icon=":material/save:"):
            edits = {"left_out": left, "aob": [line for line in aob.splitlines() if line.strip()]}
            with data.user_errors():
                writes.save_agenda(data.engine(), auth.identity(), view.day, edits)
            _done(t("Agenda saved."))


def _form_errors(exc: writes.FormRefused) -> None:
    st.error(
        t("Not recorded:") + "\n" + "\n".join(f"- {literal(p)}" for p in exc.problems),
        icon=":material/error:",
    )


def decision_form(view: views.MeetingView, projects: dict[str, str]) -> None:
    """Record a decision in this meeting (pre-filled from an agenda item when asked)."""
    if not may_record():
        return
    prefill = st.session_state.get(PREFILL_KEY) or {}
    amending = view.closed
    title = t("Record an amendment") if amending else t("Record a decision")
    with st.form("mtg_decision", clear_on_submit=False, border=True):
        st.markdown(f"**{title}**")
        question = st.text_area(t("Question *"), value=prefill.get("question") or "")
        ids = ["", *projects]
        pid = prefill.get("project_id") or ""
        project = st.selectbox(
            t("Project"),
            ids,
            index=ids.index(pid) if pid in ids else 0,
            format_func=lambda p: projects.get(p, t("Portfolio")),
        )
        left, right = st.columns(2)
        context = left.text_area(t("Context"), value=prefill.get("context") or "")
        options = right.text_area(t("Options"), value=prefill.get("options") or "")
        recommendation = left.text_area(
            t("Recommendation"), value=prefill.get("recommendation") or ""
        )
        rationale = right.text_area(t("Rationale"))
        outcome = left.selectbox(
            t("Outcome *"),
            [None, *schema.DECISION_OUTCOMES],
            format_func=lambda o: t("— choose —") if o is None else t(o),
        )
        decided_by = right.text_input(t("Decided by"), value=view.chair)
        reason = st.text_input(t("Reason for the amendment *")) if amending else None
        submitted = st.form_submit_button(t("Record the decision"), type="primary")
    if not submitted:
        return
    values = {
        "meeting_date": view.day,
        "project_id": project or None,
        "question": question,
        "context": context,
        "options": options,
        "recommendation": recommendation,
        "outcome": outcome,
        "rationale": rationale,
        "decided_by": decided_by,
        "source": prefill.get("source") or None,
    }
    try:
        with data.user_errors():
            recorded = writes.record_decision(
                data.engine(), auth.identity(), values, amendment=reason
            )
    except writes.FormRefused as exc:
        _form_errors(exc)
        return
    st.session_state.pop(PREFILL_KEY, None)
    _done(t("Decision {id} recorded.", id=recorded))


def action_form(view: views.MeetingView, projects: dict[str, str]) -> None:
    """Record an action raised in this meeting."""
    if not may_record():
        return
    decisions = list(view.decisions["decision_id"]) if not view.decisions.empty else []
    with st.form("mtg_action", clear_on_submit=False, border=True):
        st.markdown(f"**{t('Record an amendment') if view.closed else t('Add an action')}**")
        what = st.text_area(t("What *"))
        left, right = st.columns(2)
        owner = left.text_input(t("Owner *"))
        due = right.date_input(t("Due date *"), value=None, format="YYYY-MM-DD")
        project = left.selectbox(
            t("Project"), ["", *projects], format_func=lambda p: projects.get(p, t("Portfolio"))
        )
        decision = right.selectbox(
            t("Follows from decision"), ["", *decisions], format_func=lambda d: d or t("none")
        )
        reason = st.text_input(t("Reason for the amendment *")) if view.closed else None
        submitted = st.form_submit_button(t("Add the action"), type="primary")
    if not submitted:
        return
    values = {
        "action": what,
        "owner": owner,
        "due_date": due,
        "status": "Open",
        "project_id": project or None,
        "decision_id": decision or None,
        "raised_meeting": view.day,
    }
    try:
        with data.user_errors():
            recorded = writes.record_action(
                data.engine(), auth.identity(), values, amendment=reason
            )
    except writes.FormRefused as exc:
        _form_errors(exc)
        return
    _done(t("Action {id} added.", id=recorded))


def open_actions(view: views.MeetingView, today: date) -> None:
    """The actions still open from earlier meetings; done or dropped in a click."""
    if view.open_actions.empty:
        st.caption(t("No open action from earlier meetings."))
        return
    components.table(
        views.actions_table(view.open_actions, views.OPEN_ACTION_COLUMNS),
        display.kinds(views.OPEN_ACTION_COLUMNS),
        name=t("Open actions"),
        key="mtg_open_actions",
    )
    if not may_record() or view.closed:
        return
    left, middle, right = st.columns([3, 1, 1])
    chosen = left.selectbox(
        t("Action"),
        list(view.open_actions["action_id"]),
        format_func=lambda a: (
            f"{a} · " + str(view.open_actions.set_index("action_id").loc[a, "action"])
        ),
        key="mtg_action_pick",
    )
    for column, status, label in ((middle, "Done", t("Done")), (right, "Dropped", t("Drop"))):
        if column.button(label, key=f"mtg_action_{status}", width="stretch"):
            with data.user_errors():
                writes.close_action(
                    data.engine(), auth.identity(), chosen, status=status, on=today,
                    meeting=view.day if view.status == schema.MEETING_IN_SESSION else None,
                )  # fmt: skip
            _done(t("Action {id}: {status}.", id=chosen, status=t(status).lower()))


def decisions_tab(view: views.MeetingView, projects: dict[str, str]) -> None:
    """The decisions taken and the form; the form first when an agenda item opened it."""
    if st.session_state.get(PREFILL_KEY):
        decision_form(view, projects)
        recorded(view)
    else:
        recorded(view)
        decision_form(view, projects)


def recorded(view: views.MeetingView) -> None:
    """This meeting's decisions and actions."""
    st.markdown(f"**{t('Decisions taken')}**")
    if view.decisions.empty:
        st.caption(t("No decision recorded yet."))
    else:
        components.table(
            views.decisions_table(view.decisions),
            display.kinds(views.DECISION_COLUMNS),
            name=t("Decisions"),
            key="mtg_decisions",
        )
    st.markdown(f"**{t('Actions raised')}**")
    if view.actions.empty:
        st.caption(t("No action raised yet."))
    else:
        components.table(
            views.actions_table(view.actions),
            display.kinds(views.ACTION_COLUMNS),
            name=t("Actions"),
            key="mtg_actions",
        )


def downloads(view: views.MeetingView, filters, columns: list) -> None:
    """The minutes (.docx, and PDF where LibreOffice is installed) and, once closed, the pack
    as the committee had it — the whole committee's record, so not for a scoped viewer."""
    if any(data.session_scope()):
        return
    stem = f"steerco-minutes-{view.day:%Y-%m-%d}"
    # built once per data version and meeting state (a write empties the cache): the minutes
    # of a large portfolio take seconds to write
    document = data.page(minutes.for_meeting, filters, day=view.day, today=filters.as_of)
    left, middle, right = columns
    left.download_button(
        t("Minutes (.docx)") if view.closed else t("Draft minutes (.docx)"),
        data=document,
        file_name=f"{stem}.docx",
        mime=minutes.DOCX_MIME,
        key="mtg_minutes_docx",
        icon=":material/description:",
        on_click="ignore",
    )
    if middle.button(t("Minutes as PDF"), key="mtg_minutes_pdf", icon=":material/picture_as_pdf:"):
        try:
            pdf = minutes.minutes_pdf(document)
        except minutes.MinutesPdfFailed as exc:
            pdf = None
            st.error(literal(exc), icon=":material/error:")
        if pdf is None:
            st.caption(t("PDF needs LibreOffice (Writer) on the server; the .docx is ready."))
        else:
            middle.download_button(
                t("Download the PDF"), data=pdf, file_name=f"{stem}.pdf",
                mime=minutes.PDF_MIME, key="mtg_minutes_pdf_dl", on_click="ignore",
            )  # fmt: skip
    if view.closed:
        pack = data.page(views.frozen_pack, view.day)
        if pack:
            right.download_button(
                t("The pack as presented (.pptx)"), data=pack,
                file_name=f"steerco-pack-{view.day:%Y-%m-%d}.pptx",
                mime=PPTX_MIME, key="mtg_frozen_pack", icon=":material/slideshow:",
                on_click="ignore",
            )  # fmt: skip


def _visible_row(row: dict, visible: set[str] | None) -> bool:
    """A frozen row a scoped viewer may see: of one of their projects, or of no project."""
    if visible is None:
        return True
    label = str(row.get("Project") or "")
    if " · " not in label:  # "Portfolio": an item of no project
        return True
    return label.split(" · ")[0] in visible


def frozen(view: views.MeetingView, visible: set[str] | None = None) -> None:
    """What the committee saw, as frozen when the meeting closed. ``visible``: the projects of
    a scoped viewer, who sees the items of their projects only and not the portfolio's
    figures (the frozen record is the whole committee's)."""
    content = view.record.frozen or {}
    tiles = [display.Kpi(**k) for k in content.get("kpis", [])]
    if visible is not None:
        st.caption(
            t(
                "The frozen record covers the whole portfolio; you see the items of your "
                "projects only, without the portfolio's figures."
            )
        )
    elif tiles:
        components.kpi_row(tiles)
    st.markdown(f"**{t('Agenda')}**")
    for item in content.get("agenda", []):
        if visible is not None and item.get("project_id") and item["project_id"] not in visible:
            continue
        if visible is not None and item.get("section") == "summary":
            continue
        section = t(views.SECTION_TITLES.get(item.get("section"), ""))
        detail = f" — {literal(item['detail'])}" if item.get("detail") else ""
        st.markdown(f"- {section}: {literal(item.get('title', ''))}{detail}")
    for key, title in (
        ("decisions", t("Decisions taken")),
        ("actions", t("Actions raised")),
        ("open_actions", t("Open actions from earlier meetings")),
        ("portfolio", t("The portfolio as the committee saw it")),
    ):
        rows = pd.DataFrame([r for r in content.get(key, []) if _visible_row(r, visible)])
        if key == "portfolio" and visible is not None:
            rows = pd.DataFrame([r for r in content.get(key, []) if r.get("ID") in visible])
        st.markdown(f"**{title}**")
        if rows.empty:
            st.caption(t("None."))
        elif key == "portfolio":
            components.table(
                rows, display.kinds(views.PORTFOLIO_COLUMNS), name=title, key="mtg_frozen_pf"
            )
        else:
            components.table(rows, name=title, key=f"mtg_frozen_{key}")
