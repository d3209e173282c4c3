"""The Data page's proposed mapping: for a file not shaped like the template, what Steerco
proposes — per sheet, which header feeds each column and why (the evidence), the values set
for every row (from the sheet's name or given by the user), the sheets left out and why — in
one editable table per sheet. Nothing is applied until the user presses "Use this mapping";
the import then goes through the usual check, preview and commit.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from data_access import access, schema, writes
from data_access.ingest import mapping as mappings
from data_access.ingest import propose, service, table
from data_access.ingest.reader import RawWorkbook
from steerco import fmt
from steerco.i18n import N_, said, t
from steerco.ui import auth, data, upload_limit
from steerco.ui.text import literal

#: The editor's choice for "no header feeds this column".
NONE = ""
#: Prefix of the choice "a code made from this header" (an id derived from a name).
CODE_FROM = "code from: "
#: Reasons for leaving a sheet out where reading it across cannot help.
NOT_TABLES = ("instructions", "lookup", "the sheet name")
COLUMNS = (
    N_("Column"),
    N_("Required"),
    N_("From the file"),
    N_("Value for every row"),
    N_("Why"),
    N_("First values"),
)


def _workbook(payload: bytes, file_name: str, file_id: str, key: str) -> RawWorkbook | None:
    """The uploaded file as read (kept for the file: the editor reruns on every click)."""
    kept = st.session_state.get(f"{key}_workbook")
    if kept is not None and kept[0] == file_id:
        return kept[1]
    workbook, _ = service.read_upload(
        payload, file_name, max_bytes=upload_limit.limit_mb() * 1_000_000
    )
    st.session_state[f"{key}_workbook"] = (file_id, workbook)
    return workbook


def _turned(key: str) -> dict[str, bool]:
    """The sheets the user said to read across or down (sheet → across)."""
    return st.session_state.setdefault(f"{key}_turned", {})


def _proposal(workbook: RawWorkbook, dataset: str, file_id: str, key: str) -> propose.Proposal:
    """The proposal for this file, dataset and reading of each sheet, made once (each edit
    reruns the page)."""
    turned = _turned(key)
    made_for = (file_id, dataset, tuple(sorted(turned.items())))
    kept = st.session_state.get(f"{key}_proposal")
    if kept is not None and kept[0] == made_for:
        return kept[1]
    made = propose.propose(workbook, dataset, turned=dict(turned))
    st.session_state[f"{key}_proposal"] = (made_for, made)
    return made


def _across_switch(sheet: propose.SheetProposal, key: str) -> None:
    """A switch to read the sheet across (one column per record) or down; a change makes a
    new proposal for it."""

    def flip() -> None:
        _turned(key)[sheet.sheet] = st.session_state[f"{key}_across_{sheet.sheet}"]

    st.toggle(
        t("Read across: one column per record, field names down the first column"),
        value=sheet.transposed,
        key=f"{key}_across_{sheet.sheet}",
        on_change=flip,
        help=t("Steerco reads a table that runs across when its layout says so; change it here."),
    )


def _samples(sheet: propose.SheetProposal, workbook: RawWorkbook) -> dict[str, str]:
    """Header → its first three values, as the sheet shows them."""
    raw = next((s for s in workbook.sheets if s.name == sheet.sheet), None)
    if raw is None:
        return {}
    rows = (table.transpose(raw.rows) if sheet.transposed else raw.rows)[sheet.header_row :]
    if not rows:
        return {}
    header, body = rows[0], rows[1:4]
    out = {}
    for position, name in enumerate(header):
        if name is None or not str(name).strip():
            continue
        values = [str(r[position]) for r in body if position < len(r) and r[position] is not None]
        out[str(name).strip()] = ", ".join(values)
    return out


def _frame(sheet: propose.SheetProposal, samples: dict[str, str]) -> pd.DataFrame:
    rows = []
    for choice in sheet.choices:
        source = choice.source or (CODE_FROM + choice.slug_of if choice.slug_of else NONE)
        chosen = next((c for c in choice.candidates if c.header == choice.source), None)
        why = said(choice.note) or ("; ".join(said(r) for r in chosen.reasons) if chosen else "")
        rows.append(
            {
                COLUMNS[0]: choice.column,
                COLUMNS[1]: choice.required,
                COLUMNS[2]: source,
                COLUMNS[3]: choice.constant or "",
                COLUMNS[4]: why,
                COLUMNS[5]: samples.get(choice.source or choice.slug_of or "", ""),
            }
        )
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _options(sheet: propose.SheetProposal) -> list[str]:
    headers = [*sheet.unused, *(c.source for c in sheet.choices if c.source)]
    headers = sorted(dict.fromkeys(h for h in headers if h), key=str.casefold)
    return [NONE, *headers, *(CODE_FROM + h for h in headers)]


def _sheet_editor(sheet: propose.SheetProposal, workbook: RawWorkbook, base: str, index: int):
    """One sheet's proposal as an editable table; returns the edited frame and the value
    translations as edited."""
    key = f"{base}_sheet_{index}"
    where = t("header on row {n}", n=sheet.header_row + 1)
    if sheet.transposed:
        where = t(
            "read across: one column per record, field names in column {n}",
            n=table.column_letter(sheet.header_row),
        )
    st.markdown(
        t("**Sheet '{sheet}'** → {dataset} · {where}", sheet=literal(sheet.sheet),
          dataset=t(schema.dataset(sheet.dataset).title), where=where)
    )  # fmt: skip
    _across_switch(sheet, base)
    edited = st.data_editor(
        _frame(sheet, _samples(sheet, workbook)),
        key=key,
        hide_index=True,
        width="stretch",
        disabled=[COLUMNS[0], COLUMNS[1], COLUMNS[4], COLUMNS[5]],
        column_config={
            COLUMNS[0]: st.column_config.TextColumn(t(COLUMNS[0]), width=130),
            COLUMNS[1]: st.column_config.CheckboxColumn(t(COLUMNS[1]), width=80),
            COLUMNS[2]: st.column_config.SelectboxColumn(
                t(COLUMNS[2]), options=_options(sheet), width="medium"
            ),
            COLUMNS[3]: st.column_config.TextColumn(t(COLUMNS[3]), width=150),
            COLUMNS[4]: st.column_config.TextColumn(t(COLUMNS[4]), width="large"),
        },
        height=35 * (len(sheet.choices) + 1) + 3,
        placeholder=fmt.MISSING,
    )
    translations = {
        choice.column: _values_editor(sheet, choice, f"{key}_values_{choice.column}")
        for choice in sheet.choices
        if choice.source and choice.values
    }
    if sheet.latest is not None:
        st.caption(
            t(
                "An event log: several rows per {key}; the latest row of each (by {order}) "
                "is kept.",
                key=literal(sheet.latest.key),
                order=literal(", ".join(sheet.latest.order)),
            )
        )
    return edited, translations


#: Columns of a column's value translations.
VALUE_COLUMNS = (N_("In the file"), N_("Read as"))


def _values_editor(
    sheet: propose.SheetProposal, choice: propose.ColumnChoice, key: str
) -> dict[str, str]:
    """The values of a source column that are not the column's allowed values, each with the
    allowed value it is read as (proposed from its words; the user can change it). A value
    left blank is refused by the check, with its rows."""
    allowed = schema.dataset(sheet.dataset).column(choice.column).allowed
    open_ = bool(choice.untranslated)
    title = t(
        "Values of '{header}' read as {column} ({n})",
        header=literal(choice.source),
        column=choice.column,
        n=len(choice.values),
    )
    with st.expander(title, expanded=open_, icon=":material/translate:"):
        if open_:
            st.caption(
                t(
                    "Some values are not one of {allowed}: choose what each means, or leave "
                    "it blank and the check will list its rows.",
                    allowed=", ".join(allowed),
                )
            )
        frame = pd.DataFrame(
            {VALUE_COLUMNS[0]: list(choice.values), VALUE_COLUMNS[1]: list(choice.values.values())}
        )
        edited = st.data_editor(
            frame,
            key=key,
            hide_index=True,
            width="stretch",
            disabled=[VALUE_COLUMNS[0]],
            column_config={
                VALUE_COLUMNS[0]: st.column_config.TextColumn(t(VALUE_COLUMNS[0])),
                VALUE_COLUMNS[1]: st.column_config.SelectboxColumn(
                    t(VALUE_COLUMNS[1]), options=[NONE, *allowed]
                ),
            },
            placeholder=fmt.MISSING,
        )
    return {
        str(row[VALUE_COLUMNS[0]]): str(row[VALUE_COLUMNS[1]] or "") for _, row in edited.iterrows()
    }


def _edited(
    sheet: propose.SheetProposal, frame: pd.DataFrame, translations: dict[str, dict[str, str]]
) -> propose.SheetProposal:
    """The sheet's proposal with the user's choices (a column whose header the user changed
    loses the proposed value translations: they were for the other header's values)."""
    choices = []
    for choice, (_, row) in zip(sheet.choices, frame.iterrows(), strict=True):
        picked = str(row[COLUMNS[2]] or "")
        constant = str(row[COLUMNS[3]] or "").strip() or None
        slug_of = picked.removeprefix(CODE_FROM) if picked.startswith(CODE_FROM) else None
        source = picked if picked and slug_of is None else None
        values = translations.get(choice.column, choice.values) if source == choice.source else {}
        choices.append(
            replace(choice, source=source, constant=constant, slug_of=slug_of, values=values)
        )
    return replace(sheet, choices=tuple(choices))


def _missing(sheet: propose.SheetProposal) -> list[str]:
    return [c.column for c in sheet.choices if c.required and not c.filled]


def proposal_editor(
    payload: bytes, file_name: str, file_id: str, dataset: str | None, key: str
) -> mappings.Mapping | None:
    """The proposed mapping for the uploaded file, editable; the mapping once the user
    presses "Use this mapping" (None before, or when something required is still missing)."""
    if dataset is None:
        dataset = st.selectbox(
            t("Which data does this file hold?"),
            list(schema.DATASETS_BY_NAME),
            index=None,
            format_func=lambda n: t(schema.dataset(n).title),
            placeholder=t("Choose the dataset"),
            key=f"{key}_dataset",
        )
        if dataset is None:
            return None
    workbook = _workbook(payload, file_name, file_id, key)
    if workbook is None:
        return None
    proposal = _proposal(workbook, dataset, file_id, key)
    for sheet in proposal.sheets:
        if sheet.ignored:
            st.caption(
                t("Sheet '{sheet}' is left out: {why}", sheet=literal(sheet.sheet),
                  why=literal(said(sheet.ignored)))
            )  # fmt: skip
            if sheet.sheet in _turned(key) or not sheet.ignored.startswith(NOT_TABLES):
                _across_switch(sheet, key)  # read the other way round, it may be a table
    used = proposal.used()
    if not used:
        st.warning(
            t("No sheet of this file holds a table Steerco can read as {dataset}.",
              dataset=t(schema.dataset(dataset).title)),
            icon=":material/search_off:",
        )  # fmt: skip
        return None
    st.caption(
        t(
            "Steerco proposes these columns from the file's headers and values. Change a "
            "choice in the table, or give a value for every row; nothing is imported before "
            "you press the button, then check the preview."
        )
    )
    edited = [
        _edited(sheet, *_sheet_editor(sheet, workbook, key, index))
        for index, sheet in enumerate(used)
    ]
    missing = {s.sheet: _missing(s) for s in edited if _missing(s)}
    for sheet, columns in missing.items():
        st.warning(
            t("Sheet '{sheet}' still needs: {columns}.", sheet=literal(sheet),
              columns=", ".join(columns)),
            icon=":material/rule:",
        )  # fmt: skip
    who = auth.identity()
    name = ""
    if writes.may(who, access.MAPPINGS):
        name = st.text_input(
            t("Save this mapping as (optional, reusable by anyone)"), key=f"{key}_save_as"
        ).strip()
    if not st.button(
        t("Use this mapping"),
        key=f"{key}_use",
        type="primary",
        icon=":material/sync_alt:",
        disabled=bool(missing),
    ):
        return None
    left_out = tuple(s for s in proposal.sheets if s.ignored)
    chosen = replace(proposal, sheets=(*edited, *left_out)).mapping(name=name)
    if name:
        try:
            with data.user_errors():
                writes.save_mapping(data.engine(), who, chosen)
            st.toast(t("Mapping '{name}' saved.", name=literal(name)))
        except mappings.MappingError as exc:
            st.error(literal(exc))
            return None
    return chosen
