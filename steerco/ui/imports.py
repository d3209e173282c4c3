"""The Data page's widgets: upload → check → preview → commit, history and rollback,
saved mappings and SQL sources. Each step keeps its state in ``st.session_state`` under
the widget key, so a rerun (any click) never loses the user's place.

What the page reads comes from ``steerco.views.data`` through ``data.page`` (cached per data
version: an import, a rollback or a source pull changes it); writes go through the ingest
service.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path

import streamlit as st

from data_access import access, schema, versioning, writes
from data_access import engine as store_engine
from data_access.filters import Filters, today
from data_access.ingest import service
from data_access.ingest.pipeline import Prepared, SheetResult
from data_access.ingest.problems import Problems
from steerco import fmt
from steerco.exports import spreadsheet
from steerco.i18n import N_, t
from steerco.ui import auth, data, export, proposal, upload_limit
from steerco.ui.filters import project_filter
from steerco.ui.text import literal
from steerco.views import data as views

#: File types offered by the uploader. Macro and old binary workbooks are accepted by the
#: widget on purpose, so that the reader can say *why* they are refused.
UPLOAD_TYPES = ["xlsx", "csv", "txt", "zip", "xlsm", "xlsb", "xls"]
AUTOMATIC = "automatic"
TEMPLATE_FILE_NAME = "steerco_template.xlsx"
STEPS = (N_("Read"), N_("Check"), N_("Preview"), N_("Commit"))
#: Above this many projects "Download my projects" is built on request: 2,000 projects take
#: about 4 s (large sample store), too long to hold up every first view of the page.
PREPARE_ABOVE = 200


@dataclass
class UploadState:
    """One uploaded file going through the steps (kept in the session)."""

    key: tuple
    file_name: str
    problems: Problems = field(default_factory=Problems)
    prepared: Prepared | None = None
    changes: versioning.ChangeSet | None = None
    refusal_recorded: bool = False
    committed: versioning.CommitResult | None = None
    failure: str | None = None
    replace_scope: bool = False
    #: The preview with "Remove stored rows…" on: what the switch would remove, said before
    #: it is switched on.
    scoped: versioning.ChangeSet | None = None


def introduction() -> None:
    """What the page is for, as this user's role allows."""
    if writes.may(auth.identity(), access.IMPORT):
        st.caption(
            t(
                "Update the dashboard: download the template, fill it (or export from your "
                "tool), upload it, check what will change, and confirm. Every import is "
                "recorded and can be rolled back."
            )
        )
    else:
        st.caption(
            t(
                "The data behind the dashboard: every import and who made it, and any dataset "
                "as it stood at a date. Uploads are made by project managers and the PMO."
            )
        )


def recorded_as() -> access.Identity:
    """Says under which name the import history records this user's changes (and, for a
    project manager, for which projects they may import); returns the identity."""
    who = auth.identity()
    st.caption(t("Recorded in the import history as {who}.", who=literal(who.label)))
    if who.role == access.PROJECT_MANAGER:
        own = data.page(views.own_projects, who)
        st.caption(
            t("You may import for your projects: {ids}.", ids=literal(", ".join(own)))
            if own
            else t("No project names you as its manager yet: ask the PMO to map your projects.")
        )
    return who


def not_allowed(action: str) -> bool:
    """True (after saying so, discreetly) when this user's role may not take ``action``."""
    who = auth.identity()
    if writes.may(who, action):
        return False
    st.caption(
        t(
            "Your role ({role}) does not include this: {action}.",
            role=t(access.ROLE_NAMES.get(who.role, who.role)),
            action=t(access.ACTION_NAMES.get(action, action)),
        )
    )
    return True


def template_download() -> None:
    """The template and "Download my projects", for those who may upload."""
    who = auth.identity()
    if not writes.may(who, access.IMPORT):
        return
    left, right = st.columns(2)
    with left:
        st.download_button(
            t("Download the template (.xlsx)"),
            data=data.page(views.template, auth.scope()),
            file_name=TEMPLATE_FILE_NAME,
            mime=spreadsheet.XLSX_MIME,
            icon=":material/download:",
            key="template_download",
        )
        st.caption(t("Empty sheets, to add data of any kind."))
    with right:
        if who.role == access.PROJECT_MANAGER:
            filters = auth.scope()
            ids = tuple(data.page(views.own_projects, who))
            said = t("Your projects ({n}), filled with their current data.", n=len(ids))
        else:
            filters = project_filter()
            ids = data.page(views.filtered_project_ids, filters)
            said = t(
                "The projects the sidebar filters select ({n}), filled with their current data.",
                n=fmt.number(len(ids)),
            )
        download_my_projects(filters, ids, key="my_projects")
        if ids:
            st.caption(said)


def download_my_projects(filters: Filters, project_ids: tuple[str, ...], *, key: str) -> None:
    """ "Download my projects (.xlsx)": the template filled with the current data of these
    projects (projects, latest status reports, milestones, open RAID items) to edit in Excel
    and upload back; the preview then lists only what changed."""
    if not project_ids:
        st.caption(t("No project to download: none is yours or none matches the filters."))
        return
    asked = f"{key}_prepared"
    if len(project_ids) > PREPARE_ABOVE and st.session_state.get(asked) != project_ids:
        if not st.button(
            t("Prepare my projects (.xlsx): {n} projects", n=fmt.number(len(project_ids))),
            key=f"{key}_prepare",
            icon=":material/build:",
        ):
            return
        st.session_state[asked] = project_ids
    st.download_button(
        t("Download my projects (.xlsx)"),
        data=data.page(views.my_projects_workbook, filters, project_ids=tuple(project_ids)),
        file_name=views.my_projects_file_name(today()),
        mime=spreadsheet.XLSX_MIME,
        icon=":material/download:",
        key=key,
        help=t(
            "The template filled with these projects' current data: edit what changed and "
            "upload it back here; the preview lists only what you changed."
        ),
    )


def _replace_choice(state: UploadState, key: str, file_id: str) -> bool:
    """ "Remove stored rows that the file no longer lists": off for every new file; what it
    would remove is said in words before it can be switched on. True when switched on."""
    if state.scoped is None:
        with st.spinner(t("Comparing with the stored data…")), data.user_errors():
            state.scoped = versioning.preview(
                data.engine(), state.prepared.frames, replace_scope=True
            )
    scope = views.removal_scope(state.prepared.frames, state.scoped)
    if scope is None:
        st.caption(t("Rows are only added and updated: no dataset of this file removes rows."))
        return False
    replace = st.toggle(
        t("Remove stored rows that the file no longer lists (within the file's scope)"),
        value=False,
        key=f"{key}_replace_{file_id}",
        help=t(
            "On: the file is the new truth for its scope, for example all RAID items of the "
            "projects it contains. Off: rows are only added and updated."
        ),
    )
    if replace:
        st.warning(scope, icon=":material/delete_sweep:")
    else:
        st.caption(t("Off: rows are only added and updated.") + " " + scope)
    return replace


def step_line(reached: int, failed: bool = False) -> None:
    """Read → Check → Preview → Commit, with the steps done ticked and a failed one crossed."""
    parts = []
    for index, name in enumerate(STEPS):
        if index < reached:
            part = f":green[:material/check_circle: {t(name)}]"
        elif index == reached and failed:
            part = f":red[:material/cancel: **{t(name)}: {t('stopped')}**]"
        elif index == reached:
            part = f":blue[:material/play_circle: **{t(name)}**]"
        else:
            part = f":gray[:material/radio_button_unchecked: {t(name)}]"
        parts.append(part)
    st.markdown(" &nbsp;→&nbsp; ".join(parts))


def _prepare(state: UploadState, payload: bytes, dataset: str | None, chosen) -> None:
    engine = data.engine()
    workbook, problems = service.read_upload(
        payload, state.file_name, max_bytes=upload_limit.limit_mb() * 1_000_000
    )
    state.problems = problems
    if workbook is None:
        return
    state.prepared = service.check_workbook(
        engine, workbook, dataset=dataset, mapping=chosen, currency=data.settings().currency
    )
    state.problems = state.prepared.problems


def _record_refusal(state: UploadState, who: access.Identity) -> None:
    if state.refusal_recorded:
        return
    with data.user_errors():
        writes.record_refused_import(
            data.engine(),
            who,
            state.file_name,
            state.problems,
            sha256=state.prepared.sha256 if state.prepared else None,
            datasets=state.prepared.datasets if state.prepared else [],
        )
    state.refusal_recorded = True


def _problems_panel(state: UploadState, can_map: bool = False) -> None:
    problems = state.problems
    errors, warnings = len(problems.errors), len(problems.warnings)
    if errors:
        advice = (
            t("Check the proposed mapping above, or fix the file and upload it again.")
            if can_map
            else t("Fix the file and upload it again.")
        )
        st.error(
            t(
                "{file}: {e} error(s), {w} warning(s). Nothing was changed. {advice}",
                file=literal(state.file_name),
                e=errors,
                w=warnings,
                advice=advice,
            ),
            icon=":material/block:",
        )
    elif warnings:
        st.warning(
            t(
                "{file}: {w} warning(s); the file can still be imported.",
                file=literal(state.file_name),
                w=warnings,
            ),
            icon=":material/warning:",
        )
    if not len(problems):
        return
    st.dataframe(
        views.problems_frame(problems),
        hide_index=True,
        width="stretch",
        key="problems_table",
        height=min(35 * (len(problems) + 1) + 3, 420),
    )
    st.download_button(
        t("Download the list of problems (.xlsx)"),
        data=spreadsheet.problems_workbook(problems, state.file_name),
        file_name=f"problems-{state.file_name.rsplit('.', 1)[0]}.xlsx",
        mime=spreadsheet.XLSX_MIME,
        icon=":material/download:",
        key="problems_download",
    )


def _sheet_needing_mapping(prepared: Prepared | None) -> SheetResult | None:
    if prepared is None:
        return None
    for sheet in prepared.sheets:
        if sheet.dataset and sheet.headers:
            ds = schema.dataset(sheet.dataset)
            missing = [
                c
                for c in ds.columns
                if (c.required or c.key)
                and c.name not in sheet.columns
                and c.name not in sheet.filled
            ]
            if missing or sheet.unused_headers:
                return sheet
    return None


def _preview_panel(state: UploadState, key: str) -> None:
    changes = state.changes
    st.subheader(t("What will change"))
    summary = views.changes_summary(changes)
    st.dataframe(summary, hide_index=True, width="stretch")
    export.table_downloads(summary, key=f"{key}_summary_dl", name=t("What will change"))
    for name, change in changes.datasets.items():
        title = t(schema.dataset(name).title)
        c = change.counts
        if change.is_empty:
            continue
        with st.expander(
            t(
                "{title}: {a} added, {c} changed, {r} removed",
                title=title,
                a=c["added"],
                c=c["changed"],
                r=c["removed"],
            ),
            expanded=len(changes.datasets) == 1,
        ):
            if c["changed"]:
                st.markdown(t("**Changed fields** (before → after)"))
                fields = views.field_changes_table(change)
                st.dataframe(fields, hide_index=True, width="stretch", key=f"{key}_chg_{name}")
                export.table_downloads(
                    fields, key=f"{key}_chg_{name}_dl", name=t("{t} changed", t=title)
                )
            if c["added"]:
                st.markdown(t("**Added rows**"))
                added = views.rows_table(change.added, name)
                st.dataframe(added, hide_index=True, width="stretch", key=f"{key}_add_{name}")
                export.table_downloads(
                    added, key=f"{key}_add_{name}_dl", name=t("{t} added", t=title)
                )
            if c["removed"]:
                st.markdown(
                    t(
                        "**Removed rows** (stored, but missing from the file for the same {col})",
                        col=change.scope_column,
                    )
                )
                removed = views.rows_table(change.removed, name)
                st.dataframe(removed, hide_index=True, width="stretch", key=f"{key}_rem_{name}")
                export.table_downloads(
                    removed, key=f"{key}_rem_{name}_dl", name=t("{t} removed", t=title)
                )
            shown = views.PREVIEW_ROWS
            if max(c["added"], c["changed"], c["removed"]) > shown:
                st.caption(t("Each table shows its first {n} rows.", n=shown))


def upload_flow(key: str = "upload") -> None:
    """The whole upload flow for one file at a time (for those who may import)."""
    if not_allowed(access.IMPORT):
        return
    who = recorded_as()
    names = data.page(views.mappings).names
    left, right = st.columns(2)
    with left:
        dataset_label = st.selectbox(
            t("Dataset"),
            [AUTOMATIC, *schema.DATASETS_BY_NAME],
            format_func=lambda n: (
                t("Recognise from sheet names and headers")
                if n == AUTOMATIC
                else t(schema.dataset(n).title)
            ),
            key=f"{key}_dataset",
        )
    with right:
        mapping_name = st.selectbox(
            t("Column mapping"),
            [AUTOMATIC, *names],
            format_func=lambda n: t("Automatic (headers and aliases)") if n == AUTOMATIC else n,
            key=f"{key}_mapping",
        )
    uploaded = st.file_uploader(
        t("Upload a filled template or an export (.xlsx or .csv)"),
        type=UPLOAD_TYPES,
        key=f"{key}_file",
        max_upload_size=upload_limit.limit_mb(),
        help=t(
            "At most {mb} MB per file: {types}.",
            mb=upload_limit.limit_mb(),
            types=", ".join(f".{kind}" for kind in UPLOAD_TYPES),
        ),
    )
    if uploaded is None:
        st.caption(
            t(
                "Nothing changes until you confirm: the file is read and checked, then you see "
                "what it would add, change and remove."
            )
        )
        return
    payload = uploaded.getvalue()
    dataset = None if dataset_label == AUTOMATIC else dataset_label
    # A mapping made in the editor belongs to the file it was made for.
    edited_for, edited = st.session_state.get(f"{key}_edited", (None, None))
    if edited_for != uploaded.file_id:
        edited = None
    state_key = (
        uploaded.file_id,
        uploaded.name,
        dataset,
        mapping_name,
        edited.to_json() if edited else None,
    )
    state: UploadState | None = st.session_state.get(f"{key}_state")
    if state is None or state.key != state_key:
        state = UploadState(key=state_key, file_name=uploaded.name)
        with (
            st.spinner(t("Reading and checking {file}…", file=uploaded.name)),
            data.user_errors(),
        ):
            if edited is not None:
                chosen = edited
            elif mapping_name == AUTOMATIC:
                chosen = None
            else:
                chosen = service.resolve_mapping(data.engine(), mapping_name)
            _prepare(state, payload, dataset, chosen)
        st.session_state[f"{key}_state"] = state

    if state.committed is not None:
        _committed_panel(state)
        return
    read_ok = state.prepared is not None
    checked_ok = read_ok and state.prepared.ok
    if read_ok:
        recognised = views.sheets_frame(state.prepared.sheets)
        if not recognised.empty:
            st.dataframe(
                recognised,
                hide_index=True,
                width="stretch",
                key=f"{key}_sheets",
                placeholder=fmt.MISSING,
            )
            export.table_downloads(recognised, key=f"{key}_sheets_dl", name=t("Sheets read"))
        skipped = views.empty_sheets(state.prepared.sheets)
        if skipped:
            st.caption(
                t(
                    "Sheets with headers only are skipped and their stored data stays as it "
                    "is: {sheets}.",
                    sheets=", ".join(skipped),
                )
            )
    step_line(0 if not read_ok else 1 if not checked_ok else 2, failed=not checked_ok)
    needing = _sheet_needing_mapping(state.prepared)
    can_map = read_ok and (needing is not None or not checked_ok)
    if can_map:  # the proposal first: it answers most of the problems listed below it
        with st.expander(
            t("Proposed mapping"), expanded=not checked_ok, icon=":material/sync_alt:"
        ):
            applied = proposal.proposal_editor(
                payload,
                uploaded.name,
                uploaded.file_id,
                dataset or (needing.dataset if needing else None),
                key=f"{key}_map",
            )
            if applied is not None:
                st.session_state[f"{key}_edited"] = (uploaded.file_id, applied)
                st.rerun()
    _problems_panel(state, can_map=can_map)
    if not checked_ok:
        _record_refusal(state, who)
        return
    replace = _replace_choice(state, key, uploaded.file_id)
    if state.changes is None or state.replace_scope != replace:
        if replace:
            state.changes = state.scoped
        else:
            with st.spinner(t("Comparing with the stored data…")), data.user_errors():
                state.changes = versioning.preview(
                    data.engine(), state.prepared.frames, replace_scope=False
                )
        state.replace_scope = replace
    try:  # a project manager sees first that the file touches others' projects
        with data.user_errors():
            writes.check_preview(data.engine(), who, state.changes)
    except access.AccessRefused as exc:
        st.error(literal(exc), icon=":material/lock:")
        _preview_panel(state, key)  # which rows: the preview, without a commit button
        return
    _preview_panel(state, key)
    if state.changes.is_empty:
        st.info(
            t("The file is identical to the stored data: there is nothing to commit."),
            icon=":material/check_circle:",
        )
        return
    total = sum(state.changes.total(w) for w in ("added", "changed", "removed"))
    if state.failure:
        st.error(literal(state.failure), icon=":material/error:")
    confirmed = edited is None or _confirm_large_change(state, key)
    if st.button(
        t("Commit {n} change(s)", n=fmt.number(total)),
        type="primary",
        key=f"{key}_commit",
        icon=":material/task_alt:",
        disabled=not confirmed,
    ):
        try:
            with st.spinner(t("Committing…")), data.user_errors():
                state.committed = writes.commit_import(
                    data.engine(),
                    who,
                    state.prepared,
                    replace_scope=state.replace_scope,
                    expected=state.changes,
                )
            state.failure = None
        except versioning.CommitRefused as exc:
            state.failure = str(exc)
            state.changes = state.scoped = None
        st.rerun()


def _confirm_large_change(state: UploadState, key: str) -> bool:
    """With a proposed mapping, a commit that changes or removes much of the stored data
    waits for a tick that says the preview was checked."""
    share = data.settings().auto_map_confirm_pct / 100
    with data.user_errors():
        large = service.too_many_changes(data.engine(), state.changes, share, state.file_name)
    if not large:
        return True
    for problem in large:
        st.warning(literal(problem.message), icon=":material/warning:")
    return st.checkbox(
        t("I have checked the changes above: commit them with this mapping"),
        key=f"{key}_confirm_large",
    )


def _committed_panel(state: UploadState) -> None:
    result = state.committed
    step_line(len(STEPS))
    st.success(
        t(
            "Import #{id} committed: {a} added, {c} changed, {r} removed. It is listed in the "
            "History tab, where it can be rolled back.",
            id=result.import_id,
            a=result.changes.total("added"),
            c=result.changes.total("changed"),
            r=result.changes.total("removed"),
        ),
        icon=":material/task_alt:",
    )


# --------------------------------------------------------------------------- history


def history_view(key: str = "history") -> None:
    history = data.page(views.history)
    message = st.session_state.pop(f"{key}_done", None)
    if message:
        st.success(message, icon=":material/undo:")
    if history.is_empty:
        st.info(t("No import yet."))
        return
    st.caption(t("Every import, refused ones included, newest first. Click a row for details."))
    event = st.dataframe(
        history.table,
        hide_index=True,
        width="stretch",
        key=f"{key}_table",
        on_select="rerun",
        selection_mode="single-row",
        height=min(35 * (len(history.table) + 1) + 3, 420),
    )
    export.table_downloads(history.table, key=f"{key}_table_dl", name=t("Import history"))
    rows = event.selection.rows if event is not None else []
    if rows:
        _import_details(history.record(rows[0]), key)


def _import_details(record: dict, key: str) -> None:
    import_id = int(record["import_id"])
    st.subheader(t("Import #{id}", id=import_id))
    st.markdown(views.import_line(record, escape=literal))
    if isinstance(record.get("message"), str) and record["message"]:
        st.caption(literal(record["message"]))
    summary = views.import_summary(record)
    if not summary.empty:
        st.dataframe(summary, hide_index=True, key=f"{key}_summary")
    if not views.can_roll_back(record) or not writes.may(auth.identity(), access.ROLLBACK):
        return
    confirm = st.checkbox(
        t(
            "I want to undo import #{id} (the rows it added are removed, the rows it changed or "
            "removed come back)",
            id=import_id,
        ),
        key=f"{key}_confirm_{import_id}",
    )
    if st.button(
        t("Roll back import #{id}", id=import_id),
        disabled=not confirm,
        key=f"{key}_rollback_{import_id}",
        icon=":material/undo:",
    ):
        try:
            with data.user_errors():
                result = writes.rollback(data.engine(), auth.identity(), import_id)
            st.session_state[f"{key}_done"] = t(
                "Import #{id} rolled back (recorded as import #{new}).",
                id=import_id,
                new=result.import_id,
            )
            st.rerun()
        except versioning.RollbackRefused as exc:
            st.error(literal(exc), icon=":material/block:")


def as_of_view(key: str = "asof") -> None:
    """Any dataset as it stood at a chosen moment."""
    left, middle, right = st.columns(3)
    with left:
        name = st.selectbox(
            t("Dataset"),
            list(schema.DATASETS_BY_NAME),
            format_func=lambda n: t(schema.dataset(n).title),
            key=f"{key}_ds",
        )
    with middle:
        day = st.date_input(t("As of date"), key=f"{key}_day", format="YYYY-MM-DD")
    with right:
        moment = st.time_input(t("Time"), value=time(23, 59), key=f"{key}_time")
    at = datetime.combine(day, moment)
    found = data.page(views.as_of, name, at, auth.scope())
    st.caption(
        t(
            "{n} rows of {ds} as of {at}.",
            n=fmt.number(found.rows),
            ds=t(schema.dataset(name).title),
            at=at.strftime("%Y-%m-%d %H:%M"),
        )
    )
    if not found.rows:
        return
    st.dataframe(found.table, hide_index=True, width="stretch", key=f"{key}_table")
    export.table_downloads(
        found.export,  # every row, typed
        key=f"{key}_table_dl",
        name=t(
            "{dataset} as of {day}", dataset=t(schema.dataset(name).title), day=fmt.day(at.date())
        ),
    )
    if found.rows > views.AS_OF_ROWS:
        st.caption(t("Showing the first {n} rows.", n=fmt.number(views.AS_OF_ROWS)))


# --------------------------------------------------------------------------- mappings, sources


def mappings_view(key: str = "mappings") -> None:
    found = data.page(views.mappings)
    st.dataframe(found.table, hide_index=True, width="stretch", key=f"{key}_table")
    export.table_downloads(found.table, key=f"{key}_table_dl", name=t("Mappings"))
    if not found.saved:
        st.caption(t("Save a mapping from the column mapping step of an upload."))
        return
    if not writes.may(auth.identity(), access.MAPPINGS):
        return
    name = st.selectbox(t("Saved mapping"), found.saved, key=f"{key}_pick")
    if st.button(
        t("Delete mapping '{name}'", name=literal(name)),
        key=f"{key}_delete",
        icon=":material/delete:",
    ):
        with data.user_errors():
            writes.delete_mapping(data.engine(), auth.identity(), name)
        st.rerun()


def _modified(path: str) -> float | None:
    """When the sources file last changed (None when there is none): a key of its read."""
    try:
        return Path(path).stat().st_mtime
    except OSError:
        return None


def store_location() -> None:
    """Where the store is, for admins only, every secret masked (others see its label)."""
    if not writes.may(auth.identity(), access.SOURCES):
        return
    st.caption(
        t(
            "Store: {where} (shown to admins only; secrets masked).",
            where=literal(store_engine.describe_url(data.engine().url)),
        )
    )


def sources_view(key: str = "sources") -> None:
    store_location()
    found = data.page(views.sources, modified=_modified(data.settings().sources_file))
    if found.table is None:
        st.info(literal(found.problem), icon=":material/info:")
        return
    st.dataframe(found.table, hide_index=True, width="stretch", key=f"{key}_table")
    export.table_downloads(found.table, key=f"{key}_table_dl", name=t("SQL sources"))
    if not_allowed(access.SYNC):
        return
    if st.button(t("Refresh from sources"), key=f"{key}_refresh", icon=":material/refresh:"):
        with st.spinner(t("Pulling the sources…")), data.user_errors():
            outcomes = list(
                writes.sync(
                    data.engine(),
                    auth.identity(),
                    found.configured,
                    currency=data.settings().currency,
                )
            )
        for outcome in outcomes:
            report = outcome.report
            if report.refused:
                st.error(t("{source}: refused.", source=literal(outcome.label)))
                problems = views.problems_frame(report.problems)
                st.dataframe(problems, hide_index=True, key=f"{key}_problems_{outcome.label}")
                export.table_downloads(
                    problems,
                    key=f"{key}_problems_{outcome.label}_dl",
                    name=t("{source} problems", source=outcome.label),
                )
            else:
                st.success(
                    t(
                        "{source}: {outcome} ({a} added, {c} changed, {r} removed).",
                        source=literal(outcome.label),
                        outcome=report.result.outcome,
                        a=report.changes.total("added"),
                        c=report.changes.total("changed"),
                        r=report.changes.total("removed"),
                    )
                )
