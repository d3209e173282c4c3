"""Widgets of the Status report page: the project picker (``?project=``), the report form
(save a draft, submit), the report's history and the PMO's check (approve, return).

Every write goes through ``data_access.writes``; the form's widgets are keyed by the project
and the version of the report it opened, so a refused save (a conflict, a missing reason)
keeps what the user typed, and a saved one opens fresh from the store.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from data_access import access, schema, writes
from steerco import fmt
from steerco.i18n import rag_label, t
from steerco.ui import auth, components, data, imports, url_state
from steerco.ui.text import literal
from steerco.views import display
from steerco.views import report as views

PICK_KEY = "rpt_project"
DONE_KEY = "rpt_done"
RAGS = list(schema.RAG_VALUES)
DIMENSION_LABELS = schema.RAG_DIMENSION_NAMES


def may_report() -> bool:
    return writes.may(auth.identity(), access.REPORT)


def may_approve() -> bool:
    return writes.may(auth.identity(), access.APPROVE)


def is_pm() -> bool:
    """A project manager reports on their own projects only (others are read-only)."""
    return auth.identity().role == access.PROJECT_MANAGER


def announce() -> None:
    message = st.session_state.pop(DONE_KEY, None)
    if message:
        st.success(message, icon=":material/check_circle:")


def _done(message: str) -> None:
    st.session_state[DONE_KEY] = message
    st.rerun()


def _refused(exc: writes.FormRefused) -> None:
    st.error(
        t("Not saved:") + "\n" + "\n".join(f"- {literal(p)}" for p in exc.problems),
        icon=":material/error:",
    )


# --------------------------------------------------------------------------- picking


def pick(frame: pd.DataFrame) -> str | None:
    """The project reported on: the link's ``?project=``, else the person's first own
    project, else the first. Kept in the URL."""
    ids = list(frame["project_id"])
    if not ids:
        return None
    default = ids[0]
    spec = [url_state.Param("project", PICK_KEY, default=default, hint=t("a project id"))]
    url_state.seed(spec, group=PICK_KEY, options={PICK_KEY: ids})
    if st.session_state.get(PICK_KEY) not in ids:
        st.session_state[PICK_KEY] = default
    rows = frame.set_index("project_id")
    mine, state = t("mine"), rows["state_label"]

    def label(pid: str) -> str:
        own = f" · {mine}" if rows.at[pid, "mine"] else ""
        return f"{rows.at[pid, 'label']} — {state[pid]}{own}"

    chosen = st.selectbox(
        t("Project"),
        ids,
        key=PICK_KEY,
        format_func=label,
        on_change=url_state.remember,
        args=(PICK_KEY,),
        help=t("Your projects first. Type to search by id or name."),
    )
    url_state.write(spec, group=PICK_KEY)
    return chosen


# --------------------------------------------------------------------------- the form


def report_section(filters, own: tuple[str, ...], today: date) -> None:
    """Pick a project, then its report form (editable by its manager and the PMO)."""
    choices = data.page(views.picker, filters, own=own)
    project_id = pick(choices)
    if project_id is None:
        components.empty_state(t("No project yet: import the projects sheet first."))
        return
    view = data.page(views.build, filters, project_id=project_id, today=today)
    if view is None:
        st.error(
            t("There is no project {id}.", id=literal(project_id)), icon=":material/search_off:"
        )
        return
    editable = may_report() and (not is_pm() or project_id in own)
    if own:
        with st.expander(t("Prefer Excel? Download your projects"), icon=":material/download:"):
            st.caption(
                t("The template filled with your projects: edit it and upload it on the Data "
                  "page; the preview lists only what you changed.")
            )  # fmt: skip
            imports.download_my_projects(filters, own, key="rpt_mine")
    header(view, editable)
    form(view, editable=editable, today=today)
    history(view)


def header(form: views.ReportForm, editable: bool) -> None:
    st.subheader(f"{literal(form.project_id)} · {literal(form.name)}")
    line = t("Project manager: {pm} · Phase: {phase}", pm=literal(form.project_manager or "—"),
             phase=literal(t(form.phase) if form.phase else "—"))  # fmt: skip
    if form.continuing and form.state:
        line += " · " + t(
            "Report of {day}: **{state}**",
            day=fmt.day(form.values["report_date"]),
            state=views.state_label(form.state),
        )
    else:
        line += " · " + t("New report, pre-filled from the last one")
    st.markdown(line)
    if form.returned_comment:
        st.warning(
            t(
                "Returned by {who}:",
                who=literal(form.returned_by) if form.returned_by else t("the PMO"),
            )
            + "\n\n"
            + literal(form.returned_comment, lines=True),
            icon=":material/undo:",
        )
    if not editable:
        st.info(
            t("You can read this report; only the project's manager or the PMO can change it."),
            icon=":material/visibility:",
        )


def computed_panel(form: views.ReportForm, overall: str | None) -> None:
    """What Steerco computes, beside the form: a project manager sees a watermelon before
    the committee does."""
    st.markdown("**" + t("What Steerco computes") + "**")
    for tile in form.computed:
        components.kpi(tile.label, tile.value, help=tile.help)
    if overall in ("G", "A") and form.computed and form.computed[0].value == rag_label("R"):
        st.warning(
            t(
                "You report {reported}, but the figures say Red. Explain it in the overall "
                "reason, or the committee sees a watermelon.",
                reported=rag_label(overall),
            ),
            icon=":material/report:",
        )
    if form.last_approved_percent is not None:
        st.caption(t("Last approved % complete: {pct}", pct=fmt.pct(form.last_approved_percent)))


def _key(form: views.ReportForm, name: str) -> str:
    return f"rpt_{name}_{form.project_id}_{form.opened or 0}"


def _text(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _rag_inputs(form: views.ReportForm, disabled: bool) -> dict:
    values: dict = {}
    half = len(views.DIMENSIONS) // 2  # two rows of three: "Amber" fits at 1280 px
    columns = [*st.columns(half), *st.columns(half)]
    for column, dim in zip(columns, views.DIMENSIONS, strict=True):
        current = form.values.get(f"{dim}_rag")
        values[f"{dim}_rag"] = column.selectbox(
            t(DIMENSION_LABELS[dim]),
            RAGS,
            index=RAGS.index(current) if current in RAGS else None,
            format_func=rag_label,
            placeholder=t("choose"),
            key=_key(form, f"{dim}_rag"),
            disabled=disabled,
        )
    for dim in views.DIMENSIONS:
        rag = values[f"{dim}_rag"]
        if rag in ("A", "R"):
            values[f"{dim}_reason"] = st.text_input(
                t("{dim}: why {rag}? *", dim=t(DIMENSION_LABELS[dim]), rag=rag_label(rag)),
                value=_text(form.values.get(f"{dim}_reason")),
                key=_key(form, f"{dim}_reason"),
                disabled=disabled,
            )
        else:
            values[f"{dim}_reason"] = None
    return values


def _milestones(form: views.ReportForm, disabled: bool) -> list[dict]:
    if form.milestones.empty:
        return []
    st.markdown("**" + t("Milestones not yet reached: forecast dates") + "**")
    shown = form.milestones.rename(
        columns={"milestone_id": t("Id"), "name": t("Milestone"),
                 "baseline_date": t("Baseline"), "forecast_date": t("Forecast")}
    )  # fmt: skip
    edited = st.data_editor(
        shown,
        key=_key(form, "milestones"),
        hide_index=True,
        width="stretch",
        disabled=disabled or [t("Id"), t("Milestone"), t("Baseline")],
        column_config={
            t("Baseline"): st.column_config.DateColumn(format="YYYY-MM-DD"),
            t("Forecast"): st.column_config.DateColumn(format="YYYY-MM-DD"),
        },
    )
    return [
        {"milestone_id": mid, "forecast_date": forecast}
        for mid, forecast in zip(
            form.milestones["milestone_id"], edited[t("Forecast")], strict=True
        )
    ]


def _risks(form: views.ReportForm, disabled: bool) -> list[dict]:
    if form.risks.empty:
        return []
    st.markdown("**" + t("Top open risks") + "**")
    names = {"raid_id": t("Id"), "title": t("Risk"), "probability": t("Probability"),
             "impact": t("Impact"), "status": t("Status"), "response": t("Response")}  # fmt: skip
    edited = st.data_editor(
        form.risks.rename(columns=names),
        key=_key(form, "risks"),
        hide_index=True,
        width="stretch",
        disabled=disabled or [t("Id"), t("Risk")],
        column_config={
            t("Id"): st.column_config.TextColumn(width="small"),
            t("Risk"): st.column_config.TextColumn(width="medium"),
            t("Probability"): st.column_config.NumberColumn(
                min_value=1, max_value=5, step=1, width="small"
            ),
            t("Impact"): st.column_config.NumberColumn(
                min_value=1, max_value=5, step=1, width="small"
            ),
            t("Status"): st.column_config.SelectboxColumn(
                options=list(schema.RAID_STATUSES), width="small"
            ),
            t("Response"): st.column_config.TextColumn(width="medium"),
        },
    )
    back = {v: k for k, v in names.items()}
    rows = edited.rename(columns=back).to_dict("records")
    return [
        {k: r[k] for k in ("raid_id", "probability", "impact", "status", "response")} for r in rows
    ]


def form(view: views.ReportForm, *, editable: bool, today: date) -> None:
    """The report, pre-filled; Save draft and Submit (a refusal says what and where, and keeps
    what was typed)."""
    disabled = not editable
    left, right = st.columns([3, 1], gap="large")
    with left:
        values: dict = {"project_id": view.project_id}
        values["report_date"] = st.date_input(
            t("Report date"),
            value=view.values.get("report_date"),
            max_value=today,
            format="YYYY-MM-DD",
            key=_key(view, "date"),
            disabled=disabled,
        )
        values |= _rag_inputs(view, disabled)
        pct = view.values.get("percent_complete")
        values["percent_complete"] = st.number_input(
            t("% complete"),
            min_value=0.0,
            max_value=100.0,
            step=1.0,
            format="%.0f",
            value=None if pct is None else float(pct),
            key=_key(view, "pct"),
            disabled=disabled,
        )
        below = (
            view.last_approved_percent is not None
            and values["percent_complete"] is not None
            and values["percent_complete"] < view.last_approved_percent
        )
        values["progress_note"] = (
            st.text_input(
                t("% complete went down since the last approved report: why? *"),
                value=_text(view.values.get("progress_note")),
                key=_key(view, "note"),
                disabled=disabled,
            )
            if below
            else None
        )
        labels = {"summary": t("Summary"), "achievements": t("Achievements this period"),
                  "next_steps": t("Next steps")}  # fmt: skip
        for name in views.TEXTS:
            values[name] = st.text_area(
                labels[name], value=_text(view.values.get(name)), key=_key(view, name),
                disabled=disabled, height=90,
            )  # fmt: skip
        values["decisions_required"] = st.text_area(
            t("Decision asked of the committee (empty if none)"),
            value=_text(view.values.get("decisions_required")),
            key=_key(view, "decision"),
            disabled=disabled,
            height=70,
        )
        if values["decisions_required"].strip():
            a, b = st.columns(2)
            values["decision_options"] = a.text_area(
                t("Options (one per line)"),
                value=_text(view.values.get("decision_options")),
                key=_key(view, "options"),
                disabled=disabled,
            )
            values["decision_recommendation"] = b.text_area(
                t("Recommendation"),
                value=_text(view.values.get("decision_recommendation")),
                key=_key(view, "recommendation"),
                disabled=disabled,
            )
        milestones = _milestones(view, disabled)
        risks = _risks(view, disabled)
    with right:
        computed_panel(view, values.get("overall_rag"))
    if disabled:
        return
    draft, submit = st.columns(2)[0].columns(2)
    save_draft = draft.button(t("Save draft"), key=_key(view, "save"), width="stretch")
    send = submit.button(
        t("Submit to the PMO"), key=_key(view, "submit"), type="primary", width="stretch"
    )
    if not (save_draft or send):
        st.caption(t("A draft is yours: it never changes a figure. Submit when it is ready."))
        return
    with data.user_errors():  # a refused form is the user's to fix, not a store failure
        try:
            saved = writes.save_report(
                data.engine(), auth.identity(), values, submit=send, opened=view.opened,
                today=today, milestones=milestones, risks=risks,
            )  # fmt: skip
        except writes.FormRefused as exc:
            _refused(exc)
            return
    if not saved.changed:
        _done(t("Nothing changed: the report was already saved like this."))
    elif send:
        _done(t("Report of {day} submitted to the PMO.", day=fmt.day(saved.report_date)))
    else:
        _done(t("Draft of {day} saved.", day=fmt.day(saved.report_date)))


def history(view: views.ReportForm) -> None:
    with st.expander(t("This project's reports and their steps"), icon=":material/history:"):
        if not view.history.empty:
            components.table(
                views.history_table(view), display.kinds(views.HISTORY_COLUMNS), key="rpt_history"
            )
        if not view.events.empty:
            components.table(
                views.events_table(view.events), display.kinds(views.EVENT_COLUMNS),
                key="rpt_events",
            )  # fmt: skip


# --------------------------------------------------------------------------- the PMO's check


def review(queue: pd.DataFrame, filters) -> None:
    """The submitted reports; a click opens one with what it changes; approve or return."""
    if queue.empty:
        st.info(t("No report is waiting for your check."), icon=":material/task_alt:")
        return
    st.caption(
        t("Waiting for your check: {n}, the oldest first. Click one to check it.", n=len(queue))
    )
    picked = components.selectable_table(
        views.queue_table(queue),
        key="rpt_queue",
        kinds=display.kinds(views.QUEUE_COLUMNS),
        rag_columns=display.rag_labels(views.QUEUE_COLUMNS),
    )
    if picked is None:
        return
    row = queue.iloc[picked]
    item = data.page(
        views.submitted, filters, project_id=str(row["project_id"]),
        report_date=pd.Timestamp(row["report_date"]).date(),
    )  # fmt: skip
    if item is None:
        st.info(t("This report is no longer waiting for a check."))
        return
    _check(item)


def _check(item: views.Submitted) -> None:
    st.subheader(
        t("{project} · {name} — report of {day}", project=literal(item.project_id),
          name=literal(item.name), day=fmt.day(item.report_date))
    )  # fmt: skip
    left, right = st.columns([3, 1], gap="large")
    with left:
        st.markdown("**" + t("What it changes since the last approved report") + "**")
        if item.changes.empty:
            st.caption(t("Nothing: the same as the last approved report."))
        else:
            shown = item.changes.rename(
                columns={"field": t("Field"), "before": t("Before"), "after": t("After")}
            )
            components.table(shown, {}, key="rpt_changes")
        for name, label in (("summary", t("Summary")), ("decisions_required", t("Decision asked"))):
            text = item.values.get(name)
            if text:
                st.markdown(f"**{label}**")
                st.markdown(literal(text, lines=True))
    with right:
        st.markdown("**" + t("What Steerco computes") + "**")
        for tile in item.computed:
            components.kpi(tile.label, tile.value, help=tile.help)
        if item.watermelon:
            st.warning(item.watermelon, icon=":material/report:")
    key = f"rpt_comment_{item.project_id}_{item.report_date}"
    comment = st.text_area(t("Comment to the project manager"), key=key)
    approve, give_back = st.columns(2)[0].columns(2)
    if approve.button(t("Approve"), type="primary", key=key + "_ok", width="stretch"):
        _review(writes.approve_report, item, comment, t("approved"))
    if give_back.button(t("Return with comment"), key=key + "_back", width="stretch"):
        _review(writes.return_report, item, comment, t("returned to its project manager"))


def _review(write, item: views.Submitted, comment: str, done: str) -> None:
    with data.user_errors():
        try:
            write(data.engine(), auth.identity(), item.project_id, item.report_date,
                  comment=comment)  # fmt: skip
        except writes.FormRefused as exc:
            _refused(exc)
            return
    _done(t("Report of {project} ({day}) {done}.", project=item.project_id,
            day=fmt.day(item.report_date), done=done))  # fmt: skip
