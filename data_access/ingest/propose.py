"""Proposing a mapping for a file nobody prepared for Steerco.

A project manager's RAID log, a government project list or another tool's ticket log has its
own headers, its own sheets and leaves out what its sheet names say. :func:`propose` looks at
each sheet of a workbook and proposes, for every column of the chosen dataset, the source
column that feeds it, with the evidence (each text a :class:`~data_access.said.Said`: English,
with its template and values, so that the page shows it in the user's language):

* the header: a column name or alias of the schema (1.0), a usual name listed here (0.95),
  or a similar text (difflib ratio, shared words, abbreviations such as "Prob");
* the content: unique codes for an id, dates, amounts, values of an allowed list, 1–5 scores
  or High/Medium/Low, Green/Amber/Red; a header whose content does not fit scores lower, and
  content alone chooses a column only when no header claims it and it fits no other column;
* what the sheet says: a "Risk Register" sheet's rows are risks, an id can be made from the
  name, an event log keeps the latest row per key.

Each source header feeds one column at most (the best pairs first; a required column may take
a header from an optional one). The proposal becomes a :class:`~data_access.ingest.mapping.
Mapping` that the import applies as any saved mapping; nothing here reads or writes the store.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import cache

import pandas as pd

from data_access import schema
from data_access.ingest import coerce
from data_access.ingest.headers import dataset_for_sheet_name, header_index, match_headers
from data_access.ingest.headers import normalise as _normalise
from data_access.ingest.mapping import Latest, Mapping, SheetRule, builtin_for_headers
from data_access.ingest.reader import RawSheet, RawWorkbook
from data_access.ingest.table import cell_kind, find_table, transpose
from data_access.marks import N_
from data_access.said import Said
from data_access.schema import ColumnType

#: A candidate needs this score to be chosen.
CHOOSE_AT = 0.6
#: Candidates below this score are not shown.
SHOW_AT = 0.3
#: How many data rows the content checks read.
SAMPLE_ROWS = 500
#: A header this similar to a spelling, letter by letter, is taken as a typo of it; less
#: similar texts share endings by chance ("location", "application").
TYPO_RATIO = 0.85
#: Candidates kept per column.
MAX_CANDIDATES = 3

#: Header spellings beyond the schema's aliases, per dataset ("*": any dataset) and column.
SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "*": {
        "owner": ("assigned to", "assignee", "responsible", "action owner", "risk owner",
                  "issue owner", "accountable", "owned by", "ownership"),
        "due_date": ("target date", "due by", "target completion date", "date due"),
        "start_date": ("planned start", "begin date", "start date"),
        "closed_date": ("date closed", "closure date", "closed on"),
        "notes": ("comments", "comment", "remarks"),
    },
    "projects": {
        "project_id": ("project number", "project no", "project ref", "project reference",
                       "unique id", "project code"),
        "name": ("project title", "project name", "title", "titel", "titre", "naam", "nom",
                 "projectnaam", "nom du projet"),
        "portfolio": ("department", "organisation", "organization", "agency", "ministry",
                      "division", "business area", "agency name", "department name"),
        "programme": ("investment title", "investment", "investment name", "program name",
                      "programme name"),
        "sponsor": ("senior responsible owner", "sro", "business sponsor"),
        "project_manager": ("project lead", "project leader", "delivery manager"),
        "phase": ("project status", "estimated status", "project stage", "delivery stage",
                  "lifecycle stage", "stage", "stadium", "fase", "etape"),
        "approved_budget": ("latest budget", "current budget", "total budget", "revised budget",
                            "whole life cost", "total cost"),
        "baseline_end_date": ("completion date b1", "baseline end date",
                              "original completion date", "original estimated completion date",
                              "planned completion date", "baseline completion date",
                              "planned end date", "original end date"),
        "forecast_end_date": ("latest estimated completion date", "latest completion date",
                              "estimated completion date", "forecast completion date",
                              "revised end date", "current end date", "end date"),
        "percent_complete": ("percent complete", "percentage complete", "completion %"),
        "description": ("latest description", "project description", "summary"),
    },
    "raid": {
        "raid_id": ("risk id", "issue id", "action id", "risk number", "issue number",
                    "risk no", "issue no", "risk ref", "issue ref", "item id", "log id"),
        "title": ("description", "risk description", "issue description", "action description",
                  "action", "risk name", "issue name",
                  "summary", "subject", "risk title", "issue title", "short description",
                  "risk", "issue", "item"),
        "description": ("details", "detailed description", "risk detail", "issue detail"),
        "probability": ("prob", "probability score", "likelihood score", "chance"),
        "impact": ("severity", "impact rating", "consequence", "impact level"),
        "response": ("mitigation plan", "mitigating actions", "mitigation actions",
                     "action plan", "response plan", "countermeasures", "contingency",
                     "resolution"),
        "raised_date": ("date raised", "date identified", "identified", "date logged",
                        "logged", "date opened", "opened", "created", "date added"),
        "due_date": ("target resolution date", "review date"),
        "for_committee": ("escalated", "escalation", "escalate to board", "steerco"),
    },
    "tickets": {
        "ticket_id": ("sr number", "sr", "ticket number", "ticket id", "incident number",
                      "incident id", "request number", "case number", "case id", "call id",
                      "case concept name"),  # process-mining (XES) exports
        "opened_at": ("created at", "created date", "creation date", "open date",
                      "opened date", "opened on", "date opened", "logged", "reported",
                      "time timestamp", "timestamp"),  # a log's event time: its first event
        "resolved_at": ("resolved date", "resolution date", "resolved on", "date resolved"),
        "closed_at": ("closed date", "close date", "closed on", "date closed"),
        "status": ("ticket status", "incident state", "incident status", "sr status",
                   "activity", "state"),  # an event log's activity: its latest is the state
        "priority": ("prio", "priority level"),
        "assignment_group": ("assigned group", "support group", "resolver group", "queue"),
        "service": ("service name", "business service", "application"),
        "first_response_at": ("first response", "responded at", "response date"),
        "category": ("classification",),
    },
    "changes": {
        "change_id": ("change number", "change id", "rfc", "rfc number", "change ref"),
        "implemented_at": ("implementation date", "actual end", "completed"),
        "planned_start": ("planned start date", "scheduled start", "start date"),
    },
    "milestones": {
        "milestone_id": ("milestone no", "milestone number", "milestone ref"),
        "baseline_date": ("baseline date", "original date"),
        "forecast_date": ("forecast date", "expected date", "revised date"),
    },
}  # fmt: skip

#: Words people write for an allowed value, whatever the column ("on schedule" is a project
#: in execution, "resolved" a closed risk): value → spellings, compared normalised. A value
#: is proposed only when the column allows it.
VALUE_WORDS: dict[str, tuple[str, ...]] = {
    "Initiation": ("proposed", "idea", "concept", "initiating", "initiated", "pre project",
                   "opportunity", "not started", "new"),
    "Planning": ("plan", "planned", "design", "analysis", "definition", "scoping"),
    "Execution": ("on schedule", "on track", "behind schedule", "ahead of schedule",
                  "delayed", "at risk",
                  "in progress", "ongoing", "active", "delivery", "build", "running",
                  "in execution", "underway", "implementation", "execution"),
    "Closing": ("closing", "closure", "handover", "close out"),
    "Closed": ("completed", "complete", "done", "finished", "closed", "delivered"),
    "On hold": ("on hold", "paused", "suspended", "hold", "postponed", "cancelled",
                "canceled", "stopped"),
    "Open": ("open", "new", "identified", "raised", "active", "live", "to do", "todo"),
    "In progress": ("in progress", "ongoing", "mitigating", "being worked", "wip", "assigned",
                    "work in progress", "in hand"),
    "Resolved": ("resolved", "fixed", "solved", "resolve ticket"),
    "Cancelled": ("cancelled", "canceled", "withdrawn", "rejected"),
    "Done": ("done", "complete", "completed", "closed", "finished"),
    "Dropped": ("dropped", "cancelled", "canceled", "withdrawn"),
}  # fmt: skip

#: Words of a header that name an identifier: "Risk No", "Project Number", "Issue Ref", "#".
KEY_WORDS = frozenset({"id", "no", "nr", "num", "number", "ref", "reference", "key", "code",
                       "identifier", "nummer", "numero"})  # fmt: skip
#: Words of a header that say when a row of an event log was written.
UPDATE_WORDS = frozenset({"updated", "update", "modified", "changed", "change", "timestamp",
                          "event", "mod", "logged", "time"})  # fmt: skip
#: Words that carry no meaning in a header.
_STOP_WORDS = frozenset({"the", "of", "de", "du", "des", "la", "le", "van", "het", "een", "an"})

#: Sheet (or file) name words that say which value a column has for every row: a "Risk
#: Register" holds risks. EN/FR/NL, compared normalised.
SHEET_WORDS: dict[str, tuple[str, ...]] = {
    "Risk": ("risk", "risks", "risque", "risques", "risico", "risicos", "risico s"),
    "Issue": ("issue", "issues", "probleme", "problemes", "probleem", "problemen"),
    "Action": ("action", "actions", "actie", "acties"),
    "Decision": ("decision", "decisions", "besluit", "besluiten", "beslissing", "beslissingen"),
    "Dependency": ("dependency", "dependencies", "dependance", "dependances",
                   "afhankelijkheid", "afhankelijkheden"),
    "Assumption": ("assumption", "assumptions", "hypothese", "hypotheses", "aanname",
                   "aannames"),
}  # fmt: skip

#: Sheet names of instructions, lookup lists and the like (whole name, normalised).
NOT_DATA_SHEETS: dict[str, str] = {
    **dict.fromkeys(
        ("instructions", "instruction", "readme", "read me", "guidance", "guide", "help",
         "how to use", "how to", "about", "cover", "cover sheet", "contents", "introduction",
         "mode d emploi", "lisez moi", "aide", "handleiding", "uitleg", "notes", "changelog",
         "version history", "versions"),
        N_("instructions sheet"),
    ),
    **dict.fromkeys(
        ("lists", "list", "lookup", "lookups", "lookup lists", "dropdowns", "drop downs",
         "dropdown lists", "validation", "data validation", "legend", "key", "settings",
         "config", "parameters", "reference data", "listes", "lijsten", "matrix",
         "risk matrix", "scoring", "heat map", "heatmap", "dashboard", "summary", "chart"),
        N_("lookup lists, a legend or a summary, not a register"),
    ),
}  # fmt: skip

#: High/Medium/Low (and their translations) on a 1–5 scale.
LEVELS: dict[str, int] = {
    "very high": 5, "vh": 5, "critical": 5, "tres eleve": 5, "zeer hoog": 5,
    "high": 4, "h": 4, "haut": 4, "haute": 4, "eleve": 4, "elevee": 4, "hoog": 4,
    "medium": 3, "m": 3, "med": 3, "moderate": 3, "moyen": 3, "moyenne": 3, "gemiddeld": 3,
    "middel": 3,
    "low": 2, "l": 2, "bas": 2, "basse": 2, "faible": 2, "laag": 2,
    "very low": 1, "vl": 1, "negligible": 1, "tres faible": 1, "zeer laag": 1,
}  # fmt: skip

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_CODE = re.compile(r"^[\w./#:\-]{1,40}$")


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Candidate:
    """A source header for a column, with its score (0–1) and the evidence (each a
    :class:`~data_access.said.Said`)."""

    header: str
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ColumnChoice:
    """What feeds one schema column: a source header, a constant, or a slug of a header;
    ``note`` says why when no candidate's evidence does (a :class:`~data_access.said.Said`
    where it is made here)."""

    column: str
    required: bool
    source: str | None
    candidates: tuple[Candidate, ...]
    constant: str | None = None
    slug_of: str | None = None
    note: str = ""
    #: Translations of the source's values ("High" → "4" for a 1–5 score, "on schedule" →
    #: "Execution"); "" where no translation was found (the user gives one).
    values: dict[str, str] = field(default_factory=dict)

    @property
    def filled(self) -> bool:
        return bool(self.source or self.constant is not None or self.slug_of)

    @property
    def translations(self) -> dict[str, str]:
        """The value translations a mapping applies: those with an allowed value (a value
        left untranslated is refused by the check, with its row, as any wrong value)."""
        return {k: v for k, v in self.values.items() if v} if self.source else {}

    @property
    def untranslated(self) -> tuple[str, ...]:
        """Source values that are not allowed and that no translation turns into one."""
        return tuple(k for k, v in self.values.items() if not v) if self.source else ()


@dataclass(frozen=True)
class SheetProposal:
    sheet: str
    dataset: str
    header_row: int  # index in the sheet's rows (of the transposed grid when ``transposed``)
    transposed: bool
    choices: tuple[ColumnChoice, ...]  # one per schema column, in schema order
    latest: Latest | None
    unused: tuple[str, ...]
    #: Why the sheet is left out (a :class:`~data_access.said.Said`); None when it is read.
    ignored: str | None = None
    missing: tuple[str, ...] = ()
    #: How the table was found (``TableGuess.reason``).
    table: str = ""
    #: The built-in mapping that reads this sheet (a ServiceNow export), if any.
    builtin: Mapping | None = None

    def choice(self, column: str) -> ColumnChoice:
        return next(c for c in self.choices if c.column == column)

    def rule(self) -> SheetRule:
        """This sheet's columns and constants, for a mapping of several sheets."""
        return SheetRule(
            constants={c.column: c.constant for c in self.choices if c.constant is not None},
            columns={c.column: c.source for c in self.choices if c.source},
            transposed=self.transposed,
        )

    def mapping(self) -> Mapping:
        """The mapping that reads this sheet alone."""
        if self.builtin is not None:
            return self.builtin
        rule = self.rule()
        return Mapping(
            dataset=self.dataset,
            columns=rule.columns,
            constants=rule.constants,
            values={c.column: c.translations for c in self.choices if c.translations},
            latest=self.latest,
            transposed=self.transposed,
            slugs={c.column: c.slug_of for c in self.choices if c.slug_of},
            only_listed=True,
        )


@dataclass(frozen=True)
class Proposal:
    file_name: str
    dataset: str
    sheets: tuple[SheetProposal, ...]
    day_first: bool = True

    def used(self) -> tuple[SheetProposal, ...]:
        return tuple(s for s in self.sheets if s.ignored is None)

    def mapping(self, name: str = "", description: str = "") -> Mapping:
        """The mapping for the whole file. One used sheet: its mapping (naming the sheet when
        the file has others, so that they are left out); several: one rule per sheet, the
        constants all sheets share, value translations, slugs and the event log in common."""
        used = self.used()
        named = {"name": name, "description": description, "day_first": self.day_first}
        if not used:
            return Mapping(dataset=self.dataset, **named)
        if len(used) == 1:
            one = replace(used[0].mapping(), builtin=False, **named)
            if len(self.sheets) > 1:
                one = replace(one, sheets={used[0].sheet: SheetRule(transposed=one.transposed)})
            return one
        rules = {s.sheet: s.rule() for s in used}
        shared = _shared_constants(list(rules.values()))
        for rule in rules.values():
            for column in shared:
                rule.constants.pop(column)
        mappings = [s.mapping() for s in used]
        values: dict[str, dict[str, str | None]] = {}
        slugs: dict[str, str] = {}
        for m in mappings:
            for column, table in m.values.items():
                values.setdefault(column, {}).update(table)
            for column, header in m.slugs.items():
                slugs.setdefault(column, header)
        latest = next((m.latest for m in mappings if m.latest), None)
        return Mapping(
            dataset=self.dataset,
            constants=shared,
            values=values,
            latest=latest,
            slugs=slugs,
            sheets=rules,
            only_listed=True,
            **named,
        )

    def lines(self) -> list[str]:
        """The proposal as text for the command line: what feeds each column and why."""
        out = [f"Proposed mapping of {self.file_name} to {self.dataset}:"]
        for sheet in self.used():
            out += _sheet_lines(sheet)
        ignored = [s for s in self.sheets if s.ignored is not None]
        if ignored:
            out.append("Ignored sheets:")
            out += [f"  '{s.sheet}': {s.ignored}" for s in ignored]
        if not self.used():
            out.append(f"No sheet of {self.file_name} can be read as {self.dataset}.")
        return out


def _shared_constants(rules: list[SheetRule]) -> dict[str, str]:
    first = rules[0].constants
    return {k: v for k, v in first.items() if all(r.constants.get(k) == v for r in rules[1:])}


def _sheet_lines(sheet: SheetProposal) -> list[str]:
    where = f"; {sheet.table}" if sheet.table else ""
    out = [f"Sheet '{sheet.sheet}'{' (transposed)' if sheet.transposed else ''}{where}"]
    if sheet.builtin is not None:
        out.append(f"  read with the built-in mapping '{sheet.builtin.name}'")
    shown = [c.column for c in sheet.choices if c.filled] + list(sheet.missing)
    width = max((len(c) for c in shown), default=0)
    for c in sheet.choices:
        name = c.column.ljust(width)
        if c.constant is not None:
            out.append(f"  {name} = {c.constant}" + (f" ({c.note})" if c.note else ""))
        elif c.slug_of:
            out.append(f"  {name} ← slug of '{c.slug_of}'" + (f" ({c.note})" if c.note else ""))
        elif c.source:
            chosen = next((k for k in c.candidates if k.header == c.source), None)
            why = "; ".join(chosen.reasons) if chosen else c.note
            out.append(f"  {name} ← '{c.source}'" + (f" ({why})" if why else ""))
        if c.translations:
            pairs = ", ".join(f"'{k}' → {v}" for k, v in c.translations.items())
            out.append(f"  {' ' * width}   values read as: {pairs}")
        if c.untranslated:
            out.append(
                f"  {' ' * width}   not allowed and not translated: "
                + ", ".join(f"'{v}'" for v in c.untranslated)
                + f" (allowed: {', '.join(_allowed_of(sheet.dataset, c.column))})"
            )
    for column in sheet.missing:
        out.append(f"  {column.ljust(width)} — missing (required): give it with --set {column}=…")
    if sheet.latest is not None:
        order = ", ".join(f"'{h}'" for h in sheet.latest.order)
        state = f", state in '{sheet.latest.state}'" if sheet.latest.state else ""
        out.append(f"  event log: the latest row per '{sheet.latest.key}' by {order}{state}")
    if sheet.unused:
        out.append("  not used: " + ", ".join(f"'{h}'" for h in sheet.unused))
    return out


def _allowed_of(dataset: str, column: str) -> tuple[str, ...]:
    return schema.dataset(dataset).column(column).allowed


# --------------------------------------------------------------------------- entry point


def propose(
    workbook: RawWorkbook,
    dataset: str,
    *,
    constants: dict[str, str] | None = None,
    day_first: bool = True,
    turned: dict[str, bool] | None = None,
) -> Proposal:
    """Propose how each sheet of ``workbook`` is read as ``dataset``.

    ``constants`` (``--set COLUMN=VALUE``) fill a column for every row of every sheet; a name
    that is not a column of the dataset raises ValueError. ``turned`` (sheet → bool) reads a
    sheet across or down as the user says, instead of as its layout suggests.
    """
    ds = schema.dataset(dataset)
    given = dict(constants or {})
    unknown = [c for c in given if c not in ds.column_names]
    if unknown:
        raise ValueError(
            f"{dataset} has no column {', '.join(unknown)}; "
            f"its columns are {', '.join(ds.column_names)}."
        )
    stem = workbook.file_name.rsplit(".", 1)[0]
    several = len(workbook.sheets) > 1
    turned = turned or {}
    sheets = [
        _propose_sheet(
            sheet, ds, given, stem if not several else "", day_first, turned.get(sheet.name)
        )
        for sheet in workbook.sheets
    ]
    sheets = _ignore_unnamed_registers(sheets, ds)
    return Proposal(workbook.file_name, dataset, tuple(sheets), day_first)


def _ignored(sheet: str, dataset: str, why: Said, header_row: int = 0) -> SheetProposal:
    return SheetProposal(sheet, dataset, header_row, False, (), None, (), ignored=why)


def _propose_sheet(
    sheet: RawSheet,
    ds: schema.Dataset,
    given: dict[str, str],
    file_stem: str,
    day_first: bool,
    turned: bool | None = None,
) -> SheetProposal:
    kind = NOT_DATA_SHEETS.get(_normalise(sheet.name))
    if kind and dataset_for_sheet_name(sheet.name) != ds.name:
        return _ignored(sheet.name, ds.name, Said.of(kind))
    guess = find_table(sheet.rows, ds.name, turned)
    if guess is None:
        return _ignored(sheet.name, ds.name, Said.of(N_("no table found")))
    rows = transpose(sheet.rows) if guess.transposed else sheet.rows
    headers = [_header_text(v) for v in rows[guess.header_row]]
    body = [r for r in rows[guess.header_row + 1 :] if any(cell_kind(v) != "blank" for v in r)]
    table = Table(headers, body, day_first)
    builtin = builtin_for_headers(rows[guess.header_row])
    if builtin is not None and builtin.dataset == ds.name:
        return _builtin_proposal(sheet.name, ds, guess.header_row, table, builtin, guess.reason)
    other = None if _named_value(sheet.name, ds) else _fits_another(sheet.name, ds, headers)
    if other:
        return _ignored(sheet.name, ds.name, other, guess.header_row)
    choices = _choose(ds, table, given)
    choices = _infer_constants(choices, ds, sheet.name, file_stem)
    choices = _derive_keys(choices, ds, table)
    choices = [_translated(c, ds.column(c.column), table) for c in choices]
    recognised = sum(1 for c in choices if c.source and _by_header(c))
    if recognised < 2:
        named = len([h for h in headers if h])
        why = Said.of(
            N_("its headers fit {dataset} poorly: {n} of {total} headers recognised"),
            dataset=_title(ds),
            n=recognised,
            total=named,
        )
        return _ignored(sheet.name, ds.name, why, guess.header_row)
    used = {c.source for c in choices if c.source} | {c.slug_of for c in choices if c.slug_of}
    latest = _event_log(choices, ds, table)
    if latest is not None:
        used |= {latest.key, *latest.order}
    return SheetProposal(
        sheet=sheet.name,
        dataset=ds.name,
        header_row=guess.header_row,
        transposed=guess.transposed,
        choices=tuple(choices),
        latest=latest,
        unused=tuple(h for h in dict.fromkeys(headers) if h and h not in used),
        missing=tuple(c.column for c in choices if c.required and not c.filled),
        table=guess.reason,
    )


def _header_text(value: object) -> str:
    if value is None or cell_kind(value) == "blank":
        return ""
    return str(value).strip()


def _by_header(choice: ColumnChoice) -> bool:
    """Whether the chosen source was found by its header (not by its content alone)."""
    chosen = next((k for k in choice.candidates if k.header == choice.source), None)
    return bool(chosen and chosen.reasons and chosen.reasons[0].startswith("header"))


def _named_value(sheet: str, ds: schema.Dataset) -> bool:
    """Whether the sheet's name gives a value of one of the dataset's enumerated columns
    ("Actions" in a RAID workbook: items of type Action), so it is one of its registers."""
    return any(value_in_name(sheet, c.allowed) for c in ds.columns if c.allowed)


def _title(ds: schema.Dataset) -> Said:
    """A dataset's title in the middle of a text: lowercase in English ("raid log"); its
    template is the title, which the catalogue translates."""
    return Said(ds.title.lower(), ds.title)


def _fits_another(sheet: str, ds: schema.Dataset, headers: list[str]) -> Said | None:
    """Why the sheet belongs to another dataset (named after it, or clearly its headers)."""
    ours = len(match_headers(ds.name, headers))
    named = dataset_for_sheet_name(sheet)
    if named and named != ds.name and len(match_headers(named, headers)) >= ours:
        template = N_("the sheet name and headers fit {dataset}")
        return Said.of(template, dataset=_title(schema.dataset(named)))
    for other in schema.DATASETS:
        theirs = len(match_headers(other.name, headers))
        if other.name != ds.name and theirs >= 3 and theirs > 2 * ours + 1:
            return Said.of(
                N_("its headers fit {dataset} ({theirs} known headers, {ours} here)"),
                dataset=_title(other),
                theirs=theirs,
                ours=ours,
            )
    return None


def _ignore_unnamed_registers(
    sheets: list[SheetProposal], ds: schema.Dataset
) -> list[SheetProposal]:
    """A sheet of a workbook whose other registers are named after their type ("Risk
    Register", "Issue Log") but whose own name says none ("Change Requests") is left out:
    reading its rows as risks or issues would be a guess."""
    named = {
        c.column
        for s in sheets
        if s.ignored is None
        for c in s.choices
        if c.constant is not None and c.note.startswith("from the sheet name")
    }
    out = []
    for s in sheets:
        lacking = [c for c in s.choices if c.column in named and not c.filled and c.required]
        if s.ignored is None and lacking:
            column = ds.column(lacking[0].column)
            why = Said.of(
                N_(
                    "its name says no {column} ({allowed}) as the other sheets' names do; "
                    "give one with --set {column}=… to read it"
                ),
                column=column.name,
                allowed=", ".join(column.allowed),
            )
            s = replace(s, ignored=why)
        out.append(s)
    return out


def _builtin_proposal(
    sheet: str, ds: schema.Dataset, header_row: int, table: Table, builtin: Mapping, reason: str
) -> SheetProposal:
    why = (Said.of(N_("built-in mapping '{name}'"), name=builtin.name),)
    choices = []
    for column in ds.columns:
        source = builtin.columns.get(column.name)
        flag = builtin.flags.get(column.name)
        hours = builtin.hours.get(column.name)
        header = source or (flag.source if flag else None) or (hours.state if hours else None)
        choices.append(
            ColumnChoice(
                column=column.name,
                required=column.required,
                source=source,
                candidates=(Candidate(header, 1.0, why),) if header else (),
                constant=builtin.constants.get(column.name),
                note=(
                    Said.of(N_("from the {why}"), why=why[0])
                    if header or column.name in builtin.constants
                    else ""
                ),
            )
        )
    used = set(builtin.columns.values()) | {f.source for f in builtin.flags.values()}
    if builtin.latest:
        used |= {builtin.latest.key, *builtin.latest.order}
    return SheetProposal(
        sheet=sheet,
        dataset=ds.name,
        header_row=header_row,
        transposed=False,
        choices=tuple(choices),
        latest=builtin.latest,
        unused=tuple(h for h in dict.fromkeys(table.headers) if h and h not in used),
        table=reason,
        builtin=builtin,
    )


# --------------------------------------------------------------------------- the table


class Table:
    """The headers and data rows of a sheet's table, with each column's content read once."""

    def __init__(self, headers: list[str], body: list[list[object]], day_first: bool) -> None:
        self.headers = headers
        self.body = body
        self.day_first = day_first
        self._raw: dict[int, pd.Series] = {}
        self._coerced: dict[tuple, coerce.Coerced] = {}

    def positions(self) -> list[int]:
        """Positions of the named headers (the first of repeated names)."""
        seen: set[str] = set()
        out = []
        for i, h in enumerate(self.headers):
            if h and _normalise(h) not in seen:
                seen.add(_normalise(h))
                out.append(i)
        return out

    def raw(self, position: int, *, whole: bool = False) -> pd.Series:
        """The column's non-empty cells (the first ``SAMPLE_ROWS`` rows unless ``whole``)."""
        if whole:
            rows = self.body
        elif position in self._raw:
            return self._raw[position]
        else:
            rows = self.body[:SAMPLE_ROWS]
        cells = [r[position] if position < len(r) else None for r in rows]
        series = pd.Series([v for v in cells if cell_kind(v) != "blank"], dtype=object)
        if not whole:
            self._raw[position] = series
        return series

    def coerced(self, position: int, column: schema.Column) -> tuple[coerce.Coerced, int]:
        """The sample read as ``column`` (its type and allowed values), and how many cells
        it read (not placeholders such as "?")."""
        key = (position, column.type, column.allowed)
        if key not in self._coerced:
            self._coerced[key] = coerce.coerce_column(
                self.raw(position).reset_index(drop=True), column, day_first=self.day_first
            )
        result = self._coerced[key]
        return result, int(result.values.notna().sum())


# --------------------------------------------------------------------------- header evidence


def _words(text: str) -> list[str]:
    """A header as words: camelCase split, "#" and "Nº" read as number, normalised."""
    text = _CAMEL.sub(" ", str(text)).replace("#", " number ")
    text = re.sub(r"\bn[º°o]\.?(?=\s|$)", " number ", text, flags=re.IGNORECASE)
    return [w for w in _normalise(text).split() if w not in _STOP_WORDS]


@cache
def _spellings(dataset: str, column: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(schema spellings, usual spellings) of a column, as normalised word strings."""
    col = schema.dataset(dataset).column(column)
    own = tuple(
        dict.fromkeys(" ".join(_words(s)) for s in (col.name.replace("_", " "), *col.aliases))
    )
    extra = (*SYNONYMS["*"].get(column, ()), *SYNONYMS.get(dataset, {}).get(column, ()))
    usual = tuple(" ".join(_words(s)) for s in extra if " ".join(_words(s)) not in own)
    return own, usual


def _main_key(ds: schema.Dataset) -> str | None:
    """The identifier column of a dataset keyed by one code (project_id, raid_id…)."""
    keys = ds.keys
    if len(keys) == 1 and keys[0].endswith("_id"):
        return keys[0]
    return None


def header_score(dataset: str, column: str, header: str) -> tuple[float, str]:
    """How well a header names a column (0–1) and why."""
    words = _words(header)
    text = " ".join(words)
    if not text:
        return 0.0, ""
    own, usual = _spellings(dataset, column)
    named = {"header": header, "column": column}
    if header_index(dataset).get(_normalise(header)) == column or text in own:
        if text == own[0]:
            return 1.0, Said.of(N_("header '{header}' is the name of {column}"), **named)
        return 1.0, Said.of(N_("header '{header}' is an alias of {column}"), **named)
    if text in usual:
        return 0.95, Said.of(N_("header '{header}' is a usual name for {column}"), **named)
    best, like = 0.0, ""
    for spelling in (*own, *usual):
        ratio = SequenceMatcher(None, text, spelling).ratio()
        score = max(ratio if ratio >= TYPO_RATIO else 0.0, _word_overlap(words, spelling.split()))
        if score > best:
            best, like = score, spelling
    if column == _main_key(schema.dataset(dataset)) and words[-1] in KEY_WORDS and best < 0.7:
        return 0.7, Said.of(N_("header '{header}' names an identifier"), header=header)
    why = Said.of(N_("header similar to '{like}' ({score})"), like=like, score=f"{best:.2f}")
    return round(best, 2), why


def _word_overlap(header: list[str], spelling: list[str]) -> float:
    """Shared words, counting abbreviations ("prob" for "probability"): how much of the
    spelling the header covers, less when the header says much else ("completion" is one word
    of "original estimated completion date source")."""
    if not header or not spelling:
        return 0.0
    matched = 0.0
    for word in spelling:
        matched += max((_word_match(h, word) for h in header), default=0.0)
    return matched / len(spelling) * (matched / len(header)) ** 0.5


def _word_match(header: str, word: str) -> float:
    if header == word:
        return 1.0
    if len(header) >= 3 and word.startswith(header):
        return 0.8  # an abbreviation in the header
    if len(word) >= 4 and header in (f"{word}s", f"{word}es"):
        return 0.9  # a plural
    return 0.0


# --------------------------------------------------------------------------- content evidence


def content_fit(
    ds: schema.Dataset, column: schema.Column, table: Table, position: int
) -> tuple[float | None, str, dict[str, str]]:
    """How well a source column's values fit ``column`` (0–1; None: nothing to check), why,
    and the value translations that make them fit (High/Medium/Low on a 1–5 score)."""
    raw = table.raw(position)
    if raw.empty:
        return 0.0, Said.of(N_("no values")), {}
    if column.name == _main_key(ds):
        return (*_fit_key(raw), {})
    kind = column.type
    if kind in (ColumnType.DATE, ColumnType.DATETIME):
        share = _share(table, position, column)
        return share, Said.of(N_("dates in {percent}% of rows"), percent=_percent(share)), {}
    if kind in (ColumnType.INTEGER, ColumnType.NUMBER) and column.maximum == 5:
        return _fit_score(table, position, column, raw)
    if kind in (ColumnType.MONEY, ColumnType.NUMBER, ColumnType.INTEGER, ColumnType.PERCENT):
        return (*_fit_number(table, position, column), {})
    if kind is ColumnType.BOOLEAN:
        share = _share(table, position, column)
        why = Said.of(N_("yes/no values in {percent}% of rows"), percent=_percent(share))
        return share, why, {}
    if kind is ColumnType.RAG:
        share = _share(table, position, column)
        why = Said.of(N_("G/A/R words in {percent}% of rows"), percent=_percent(share))
        return share, why, {}
    if column.allowed:
        share = _share(table, position, column)
        if share >= 0.8:
            template = N_("values {values} fit {column}")
        else:
            template = N_("values {values} mostly do not fit {column}")
        return share, Said.of(template, values=_examples(raw), column=column.name), {}
    return (*_fit_text(column, raw), {})


def _share(table: Table, position: int, column: schema.Column) -> float:
    """The share of the sample's non-empty cells read as ``column`` without error."""
    result, read = table.coerced(position, column)
    bad = int(result.bad.sum())
    return read / (read + bad) if read + bad else 0.0


def _percent(share: float) -> str:
    """A share as a whole percentage, without the sign (0.5 → "50"), as ``{share:.0%}``."""
    return f"{share * 100:.0f}"


def _examples(raw: pd.Series) -> str:
    top = [str(v).strip() for v, _ in Counter(str(v).strip() for v in raw).most_common(3)]
    return "/".join(top)


def _fit_key(raw: pd.Series) -> tuple[float, Said]:
    texts = raw.map(lambda v: str(v).strip())
    codes = texts.map(lambda t: bool(_CODE.match(t))).mean()
    distinct = texts.nunique()
    unique = distinct / len(texts)
    counts = {"distinct": distinct, "total": len(texts)}
    if codes < 0.5:
        why = Said.of(N_("texts, not codes ({distinct} distinct in {total} rows)"), **counts)
    elif unique == 1:
        why = Said.of(N_("unique codes in {n}/{total} rows"), n=len(texts), total=len(texts))
    else:
        why = Said.of(N_("codes, {distinct} distinct in {total} rows"), **counts)
    return round(float(codes) * (0.5 + 0.5 * unique), 2), why


def _fit_score(
    table: Table, position: int, column: schema.Column, raw: pd.Series
) -> tuple[float, Said, dict[str, str]]:
    """A 1–5 score: numbers from 1 to 5, or levels (High/Medium/Low) read as numbers."""
    levels = {str(v).strip(): LEVELS.get(_normalise(v)) for v in pd.unique(raw)}
    if levels and all(levels.values()):
        values = {k: str(v) for k, v in levels.items()}
        shown = ", ".join(
            f"{k} = {v}" for k, v in sorted(values.items(), key=lambda kv: -int(kv[1]))
        )
        why = Said.of(
            N_("values {values} fit {column} (read as {levels})"),
            values=_examples(raw),
            column=column.name,
            levels=shown,
        )
        return 1.0, why, values
    numbers = table.coerced(position, column)[0].values.dropna()
    share = float(((numbers >= 1) & (numbers <= 5)).sum()) / len(raw)
    return share, Said.of(N_("values 1–5 in {percent}% of rows"), percent=_percent(share)), {}


def _fit_number(table: Table, position: int, column: schema.Column) -> tuple[float, Said]:
    plain = schema.Column(column.name, column.type, "")  # no range: checked here
    result = table.coerced(position, plain)[0]
    values = result.values.dropna()
    low = column.minimum if column.minimum is not None else -float("inf")
    high = column.maximum if column.maximum is not None else float("inf")
    share = float(((values >= low) & (values <= high)).sum()) / len(table.raw(position))
    marks = result.currencies.dropna().unique() if result.currencies is not None else []
    percent = _percent(share)
    if column.type is ColumnType.MONEY and len(marks):
        currencies = ", ".join(map(str, marks[:3]))
        template = N_("amounts ({currencies}) in {percent}% of rows")
        return share, Said.of(template, currencies=currencies, percent=percent)
    if column.type is ColumnType.MONEY:
        return share, Said.of(N_("amounts in {percent}% of rows"), percent=percent)
    return share, Said.of(N_("numbers in {percent}% of rows"), percent=percent)


def _fit_text(column: schema.Column, raw: pd.Series) -> tuple[float | None, Said | str]:
    kinds = raw.map(cell_kind)
    text_share = float((kinds == "text").mean())
    if text_share < 0.5:
        return 0.2, Said.of(N_("mostly numbers or dates, not text"))
    if column.long_text:
        length = raw.map(lambda v: len(str(v))).mean()
        if length >= 30:
            return 1.0, Said.of(N_("long texts"))
    return None, ""


# --------------------------------------------------------------------------- choosing


@dataclass
class _Pair:
    column: str
    position: int
    score: float
    reasons: tuple[str, ...]
    values: dict[str, str]


#: Kinds of content distinctive enough to choose a column without its header.
_DISTINCTIVE = (ColumnType.RAG,)


def _pairs(ds: schema.Dataset, table: Table, skip: set[str]) -> list[_Pair]:
    """Every (column, header) pair worth showing, scored from header and content."""
    positions = table.positions()
    heard = {
        p: {c.name: header_score(ds.name, c.name, table.headers[p]) for c in ds.columns}
        for p in positions
    }
    pairs: list[_Pair] = []
    fits: dict[tuple[str, int], tuple[float | None, str, dict[str, str]]] = {}
    for column in ds.columns:
        if column.name in skip:
            continue
        for p in positions:
            h, why = heard[p][column.name]
            fits[(column.name, p)] = fit = content_fit(ds, column, table, p)
            pair = _pair(column, p, h, why, fit, heard[p], ds, table, fits)
            if pair is not None and pair.score >= SHOW_AT:
                pairs.append(pair)
    return pairs


def _pair(
    column: schema.Column,
    position: int,
    h: float,
    why: str,
    fit: tuple[float | None, str, dict[str, str]],
    heard: dict[str, tuple[float, str]],
    ds: schema.Dataset,
    table: Table,
    fits: dict,
) -> _Pair | None:
    share, content, values = fit
    if h >= 0.5:
        if share is None:
            return _Pair(column.name, position, round(h * 0.95, 2), (why,), values)
        score = h * (0.7 + 0.3 * share)
        reasons = (why, content) if content else (why,)
        return _Pair(column.name, position, round(score, 2), reasons, values)
    if share is None or share < 0.9 or not _content_only(column):
        return None
    if column.maximum == 5 and not values:
        return None  # small numbers (counts) are no score; levels (High/Low) are
    if max(s for s, _ in heard.values()) >= CHOOSE_AT:
        return None  # the header is clearly something else
    if _fits_others(column, ds, table, position):
        return None
    return _Pair(column.name, position, round(0.6 + 0.05 * share, 2), (content,), values)


def _content_only(column: schema.Column) -> bool:
    """Columns whose content is telling enough to be chosen without a header: RAG words, an
    allowed list of values, levels of a 1–5 score."""
    return column.type in _DISTINCTIVE or bool(column.allowed) or column.maximum == 5


def _fits_others(column: schema.Column, ds: schema.Dataset, table: Table, position: int) -> bool:
    """Whether the content fits another column of the dataset as well (levels that could be
    probability or impact): then content alone does not say which. A dataset's first RAG
    column (the overall status) takes a lone column of G/A/R words."""
    rags = [c.name for c in ds.columns if c.type is ColumnType.RAG]
    for other in ds.columns:
        if rags and column.name == rags[0] and other.type is ColumnType.RAG:
            continue
        if other.name != column.name and _content_only(other):
            share = content_fit(ds, other, table, position)[0]
            if share is not None and share >= 0.9:
                return True
    return False


def _choose(ds: schema.Dataset, table: Table, given: dict[str, str]) -> list[ColumnChoice]:
    pairs = _pairs(ds, table, set(given))
    chosen: dict[str, _Pair] = {}
    taken: set[int] = set()
    required = {c.name for c in ds.columns if c.required}
    order = {c.name: i for i, c in enumerate(ds.columns)}
    for pair in sorted(
        pairs, key=lambda p: (-p.score, p.column not in required, order[p.column], p.position)
    ):
        if pair.score >= CHOOSE_AT and pair.column not in chosen and pair.position not in taken:
            chosen[pair.column] = pair
            taken.add(pair.position)
    _give_to_required(chosen, pairs, required)
    by_column: dict[str, list[_Pair]] = {}
    for pair in pairs:
        by_column.setdefault(pair.column, []).append(pair)
    choices = []
    for column in ds.columns:
        ranked = sorted(by_column.get(column.name, []), key=lambda p: (-p.score, p.position))
        candidates = tuple(
            Candidate(table.headers[p.position], p.score, p.reasons)
            for p in ranked[:MAX_CANDIDATES]
        )
        pick = chosen.get(column.name)
        if column.name in given:
            choice = ColumnChoice(
                column.name, column.required, None, candidates, given[column.name],
                note=Said.of(N_("set by you")),
            )  # fmt: skip
        else:
            choice = ColumnChoice(
                column=column.name,
                required=column.required,
                source=table.headers[pick.position] if pick else None,
                candidates=candidates,
                values=pick.values if pick else {},
            )
            if pick and candidates and candidates[0].header != choice.source:
                pick_candidate = Candidate(choice.source, pick.score, pick.reasons)
                choice = replace(choice, candidates=(pick_candidate, *candidates)[:MAX_CANDIDATES])
        choices.append(choice)
    return choices


def _give_to_required(chosen: dict[str, _Pair], pairs: list[_Pair], required: set[str]) -> None:
    """A required column left without a source takes a header an optional column holds
    ("Description" is the title of a RAID log that has no other title); the optional column
    then takes its next free header."""
    for column in sorted(required - set(chosen)):
        options = sorted(
            (p for p in pairs if p.column == column and p.score >= CHOOSE_AT),
            key=lambda p: -p.score,
        )
        for pair in options:
            holder = next((c for c, p in chosen.items() if p.position == pair.position), None)
            if holder is None or holder in required:
                continue
            del chosen[holder]
            chosen[column] = pair
            taken = {p.position for p in chosen.values()}
            spare = sorted(
                (p for p in pairs if p.column == holder and p.position not in taken),
                key=lambda p: -p.score,
            )
            if spare and spare[0].score >= CHOOSE_AT:
                chosen[holder] = spare[0]
            break


# --------------------------------------------------------------------------- what the sheet says


def _infer_constants(
    choices: list[ColumnChoice], ds: schema.Dataset, sheet: str, file_stem: str
) -> list[ColumnChoice]:
    """Enumerated columns without a source take the value the sheet (or file) name says."""
    out = []
    for choice in choices:
        column = ds.column(choice.column)
        if column.allowed and not choice.filled:
            for template, name in (
                (N_("from the sheet name '{name}'"), sheet),
                (N_("from the file name '{name}'"), file_stem),
            ):
                value = value_in_name(name, column.allowed)
                if value is not None:
                    note = Said.of(template, name=name)
                    choice = replace(choice, constant=value, note=note)
                    break
        out.append(choice)
    return out


def value_in_name(name: str, allowed: tuple[str, ...]) -> str | None:
    """The allowed value a sheet or file name says ("Risk Register" → Risk), if exactly one."""
    text = f" {_normalise(name)} "
    found = {
        value
        for value, words in SHEET_WORDS.items()
        if value in allowed and any(f" {w} " in text for w in words)
    }
    return found.pop() if len(found) == 1 else None


def _derive_keys(
    choices: list[ColumnChoice], ds: schema.Dataset, table: Table
) -> list[ColumnChoice]:
    """A missing identifier: a column no other choice took that holds unique codes ("#119",
    "CO_0033"), else a slug of the name (or title) column's text."""
    key = _main_key(ds)
    if key is None:
        return choices
    by_name = {c.column: c for c in choices}
    if by_name[key].filled:
        return choices
    codes = _unused_codes(choices, table)
    if codes is not None:
        header, why = codes
        note = Said.of(N_("'{header}' holds {why}"), header=header, why=why)
        return [replace(c, source=header, note=note) if c.column == key else c for c in choices]
    named = next(
        (by_name[n] for n in ("name", "title") if n in by_name and by_name[n].source), None
    )
    if named is None:
        return choices
    note = Said.of(N_("derived from a slug of '{header}'"), header=named.source)
    return [replace(c, slug_of=named.source, note=note) if c.column == key else c for c in choices]


def _translated(choice: ColumnChoice, column: schema.Column, table: Table) -> ColumnChoice:
    """The value translations a column of allowed values needs: each source value that is
    not one of them, with the allowed value its words say ("" when none does)."""
    if not (choice.source and column.allowed) or column.type is ColumnType.RAG:
        return choice
    if column.maximum == 5 or choice.values:
        return choice  # 1–5 scores: their levels are translated already
    position = table.headers.index(choice.source)
    texts = table.raw(position, whole=True).map(lambda v: str(v).strip())
    allowed = {_normalise(a): a for a in column.allowed}
    values = {}
    for text in dict.fromkeys(texts):
        if _normalise(text) in allowed:
            continue
        values[text] = _allowed_value(text, column.allowed)
    return replace(choice, values=values) if values else choice


def _allowed_value(text: str, allowed: tuple[str, ...]) -> str:
    """The allowed value a source value says: its spelling, or the one whose usual words it
    holds ("Behind schedule" → Execution), else ""."""
    plain = f" {_normalise(text)} "
    # the word said first wins: "completed (behind schedule)" is Closed
    found = sorted(
        (plain.find(f" {w} "), value)
        for value in allowed
        for w in VALUE_WORDS.get(value, ())
        if f" {w} " in plain
    )
    if found:
        return found[0][1]
    close = [
        (SequenceMatcher(None, _normalise(text), _normalise(value)).ratio(), value)
        for value in allowed
    ]
    ratio, value = max(close)
    return value if ratio >= TYPO_RATIO else ""


def _unused_codes(choices: list[ColumnChoice], table: Table) -> tuple[str, Said] | None:
    """The first header no choice took whose values are all distinct short codes."""
    taken = {c.source for c in choices if c.source}
    for position in table.positions():
        header = table.headers[position]
        if not header or header in taken:
            continue
        raw = table.raw(position, whole=True)
        if len(raw) < 2:
            continue
        score, why = _fit_key(raw)
        if score >= 1.0:
            return header, why
    return None


#: Columns an event log's times fill, per dataset: the first event's time ...
FIRST_EVENT: dict[str, tuple[str, ...]] = {"tickets": ("opened_at",)}
#: ... and the time of the first event whose state starts with one of these words.
REACHED: dict[str, dict[str, tuple[str, ...]]] = {
    "tickets": {
        "resolved_at": ("resolv", "solved", "fixed", "opgelost", "resolu"),
        "closed_at": ("clos", "gesloten", "ferme"),
    },
}


def _reached_states(dataset: str, table: Table, state: str | None) -> dict[str, tuple[str, ...]]:
    """Per column, the log's state values that say it was reached ("Resolve ticket")."""
    if state is None:
        return {}
    values = sorted({str(v).strip() for v in table.raw(table.headers.index(state), whole=True)})
    out = {}
    for column, stems in REACHED.get(dataset, {}).items():
        hits = tuple(v for v in values if any(w.startswith(stems) for w in _words(v)))
        if hits:
            out[column] = hits
    return out


def _event_log(choices: list[ColumnChoice], ds: schema.Dataset, table: Table) -> Latest | None:
    """The latest row per key of an event log: the key repeats and a column says when each
    row was written ("Change Date+Time", "Updated")."""
    key = next((c for c in choices if c.column == _main_key(ds) and c.source), None)
    if key is None:
        return None
    position = table.headers.index(key.source)
    keys = table.raw(position, whole=True).map(lambda v: str(v).strip())
    if len(keys) < 2 or keys.nunique() > 0.9 * len(keys):
        return None
    stamp = _timestamp_header(choices, table, position)
    if stamp is None:
        return None
    state = next((c.source for c in choices if c.column == "status" and c.source), None)
    # only columns the file does not give itself ("Created" beats the first event's time)
    free = {c.column for c in choices if c.source in (None, stamp)}
    reached = _reached_states(ds.name, table, state)
    return Latest(
        key=key.source,
        order=(stamp,),
        state=state,
        first=tuple(c for c in FIRST_EVENT.get(ds.name, ()) if c in free),
        reached={c: states for c, states in reached.items() if c in free},
    )


def _timestamp_header(choices: list[ColumnChoice], table: Table, key: int) -> str | None:
    """The header whose dates say when each event was written: update-like words first, not
    a column already chosen for something else."""
    chosen = {c.source for c in choices if c.source}
    stamp = schema.Column("event time", ColumnType.DATETIME, "")
    best, best_rank = None, None
    for p in table.positions():
        header = table.headers[p]
        words = set(_words(header))
        if p == key or not words & UPDATE_WORDS:
            continue
        if _share(table, p, stamp) < 0.8:
            continue
        rank = (header in chosen, -len(words & UPDATE_WORDS), p)
        if best_rank is None or rank < best_rank:
            best, best_rank = header, rank
    return best
