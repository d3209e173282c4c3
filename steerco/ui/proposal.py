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
from steerco.i18n import t
from steerco.ui import auth, data, upload_limit
from steerco.ui.text import literal

#: The editor's choice for "no header feeds this column".
NONE = ""
#: Prefix of the choice "a code made from this header" (an id derived from a name).
CODE_FROM = "code from: "
COLUMNS = ("Column", "Required", "From the file", "Value for every row", "Why", "First values")


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


def _proposal(workbook: RawWorkbook, dataset: str, file_id: str, key: str) -> propose.Proposal:
    """The proposal for this file and dataset, made once (each edit reruns the page)."""
    kept = st.session_state.get(f"{key}_proposal")
    if kept is not None and kept[0] == (file_id, dataset):
        return kept[1]
    made = propose.propose(workbook, dataset)
    st.session_state[f"{key}_proposal"] = ((file_id, dataset), made)
    return made


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
        why = choice.note or ("; ".join(chosen.reasons) if chosen else "")
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


def _sheet_editor(sheet: propose.SheetProposal, workbook: RawWorkbook, key: str):
    """One sheet's proposal as an editable table; returns the edited frame."""
    where = t("header on row {n}", n=sheet.header_row + 1)
    if sheet.transposed:
        where = t("read across: one column per record, field names in column {n}", n="A")
    st.markdown(
        t("**Sheet '{sheet}'** → {dataset} · {where}", sheet=literal(sheet.sheet),
          dataset=schema.dataset(sheet.dataset).title, where=where)
    )  # fmt: skip
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
    if sheet.latest is not None:
        st.caption(
            t(
                "An event log: several rows per {key}; the latest row of each (by {order}) "
                "is kept.",
                key=literal(sheet.latest.key),
                order=literal(", ".join(sheet.latest.order)),
            )
        )
    return edited


def _edited(sheet: propose.SheetProposal, frame: pd.DataFrame) -> propose.SheetProposal:
    """The sheet's proposal with the user's choices."""
    choices = []
    for choice, (_, row) in zip(sheet.choices, frame.iterrows(), strict=True):
        picked = str(row[COLUMNS[2]] or "")
        constant = str(row[COLUMNS[3]] or "").strip() or None
        slug_of = picked.removeprefix(CODE_FROM) if picked.startswith(CODE_FROM) else None
        source = picked if picked and slug_of is None else None
        choices.append(replace(choice, source=source, constant=constant, slug_of=slug_of))
    return replace(sheet, choices=tuple(choices))


def _missing(sheet: propose.SheetProposal) -> list[str]:
    return [
        c.column for c in sheet.choices if c.required and not (c.source or c.constant or c.slug_of)
    ]


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
            format_func=lambda n: schema.dataset(n).title,
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
                  why=literal(sheet.ignored))
            )  # fmt: skip
    used = proposal.used()
    if not used:
        st.warning(
            t("No sheet of this file holds a table Steerco can read as {dataset}.",
              dataset=schema.dataset(dataset).title),
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
        _edited(sheet, _sheet_editor(sheet, workbook, key=f"{key}_sheet_{index}"))
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
            data.forget()
            st.toast(t("Mapping '{name}' saved.", name=literal(name)))
        except mappings.MappingError as exc:
            st.error(literal(exc))
            return None
    return chosen
