"""Column mappings: how a file that is not shaped like the template becomes a dataset.

Headers that match a column name or alias are mapped automatically. A mapping says what
to do with the rest: which header feeds which column, constant values for columns the file
does not have, translations of values ("Awaiting User Info" → "On hold"), a flag derived from
a count, and — for event logs such as ServiceNow's — which row is the latest state of each
item, which latest states mean the item is open again (a reopened incident), and the hours an
item spent in some states (on hold). Mappings are saved in the store under a name so that
anyone can reuse them; one is built in for the ServiceNow incident export.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from data_access import audit, schema
from data_access.engine import write_transaction
from data_access.ingest import coerce
from data_access.ingest.headers import match_headers, normalise
from data_access.ingest.problems import TranslatableError
from data_access.marks import N_

#: Longest accepted mapping name (it is a primary key in the store).
MAX_NAME_LENGTH = 80


@dataclass(frozen=True)
class Flag:
    """A boolean column set when a numeric source column is above a threshold."""

    source: str
    above: float = 0


@dataclass(frozen=True)
class Latest:
    """Keep one row per ``key``: the one with the highest ``order`` values (an event log).

    An item whose latest ``state`` is one of ``open_states`` is open (again): its ``cleared``
    columns are emptied. A reopened incident whose export still carries its earlier
    resolution is not resolved until it is resolved again.

    Any log, not only ServiceNow's: ``first`` columns take the time of the item's first event
    (when it was opened), and each ``reached`` column the time of its first event in one of
    the given states (resolved when "Resolve ticket" first happened). Times are read from the
    first ``order`` header.
    """

    key: str
    order: tuple[str, ...]
    state: str | None = None
    open_states: tuple[str, ...] = ()
    cleared: tuple[str, ...] = ()
    first: tuple[str, ...] = ()
    reached: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def targets(self) -> set[str]:
        """The columns the log's times fill."""
        return set(self.first) | set(self.reached)


@dataclass(frozen=True)
class StateHours:
    """A numeric column: the hours each item of an event log spent in one of ``states`` (of
    the ``state`` header): from each event in one of them to the item's next event, in the
    log's order (``Latest.order``), timed by the ``at`` header."""

    state: str
    at: str
    states: tuple[str, ...]


@dataclass(frozen=True)
class SheetRule:
    """What a mapping does with one sheet of a workbook: its own constants (a "Risk Register"
    sheet's rows are of type Risk), its own headers, and whether its table is transposed."""

    constants: dict[str, str] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)
    transposed: bool = False


@dataclass(frozen=True)
class Mapping:
    dataset: str
    columns: dict[str, str] = field(default_factory=dict)  # column → source header
    constants: dict[str, str] = field(default_factory=dict)  # column → value for every row
    values: dict[str, dict[str, str | None]] = field(default_factory=dict)  # column → {src: val}
    flags: dict[str, Flag] = field(default_factory=dict)
    latest: Latest | None = None
    hours: dict[str, StateHours] = field(default_factory=dict)  # needs ``latest``
    day_first: bool = True
    name: str = ""
    description: str = ""
    builtin: bool = False
    #: The table runs across: one row per field, one column per record.
    transposed: bool = False
    #: column → source header whose text, made a code (``slug``), gives the value (an id
    #: derived from a project's name when the file has none).
    slugs: dict[str, str] = field(default_factory=dict)
    #: The sheets the mapping reads, by name, with their own rules; empty: every sheet. The
    #: sheets of one dataset are imported together (a RAID log's registers).
    sheets: dict[str, SheetRule] = field(default_factory=dict)
    #: The mapping names every column it reads (a proposal the user checked): a header that
    #: is also a column's name is not matched to it automatically when the user cleared it.
    only_listed: bool = False

    def to_json(self) -> str:
        data = asdict(self)
        data.pop("builtin")
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Mapping:
        data = json.loads(text)
        flags = {k: Flag(**v) for k, v in (data.get("flags") or {}).items()}
        hours = {
            k: StateHours(v["state"], v["at"], tuple(v["states"]))
            for k, v in (data.get("hours") or {}).items()
        }
        latest = data.get("latest")
        sheets = {
            str(k): SheetRule(
                constants=dict(v.get("constants") or {}),
                columns=dict(v.get("columns") or {}),
                transposed=bool(v.get("transposed", False)),
            )
            for k, v in (data.get("sheets") or {}).items()
        }
        return cls(
            dataset=data["dataset"],
            columns=dict(data.get("columns") or {}),
            constants=dict(data.get("constants") or {}),
            values={k: dict(v) for k, v in (data.get("values") or {}).items()},
            flags=flags,
            latest=_latest_from(latest) if latest else None,
            hours=hours,
            day_first=bool(data.get("day_first", True)),
            name=data.get("name", ""),
            description=data.get("description", ""),
            transposed=bool(data.get("transposed", False)),
            slugs=dict(data.get("slugs") or {}),
            sheets=sheets,
            only_listed=bool(data.get("only_listed", False)),
        )

    def targets(self) -> set[str]:
        return (
            set(self.columns)
            | set(self.constants)
            | set(self.flags)
            | set(self.hours)
            | set(self.slugs)
            | (self.latest.targets() if self.latest else set())
        )

    def for_sheet(self, sheet: str) -> Mapping | None:
        """The mapping as it applies to one sheet: its rule merged in; None when the mapping
        names its sheets and this is not one of them."""
        if not self.sheets:
            return self
        wanted = normalise(sheet)
        rule = next((r for name, r in self.sheets.items() if normalise(name) == wanted), None)
        if rule is None:
            return None
        return replace(
            self,
            columns=self.columns | rule.columns,
            constants=self.constants | rule.constants,
            transposed=self.transposed or rule.transposed,
            sheets={},
        )


_NOT_CODE = re.compile(r"[^0-9A-Z]+")
#: Longest code made from a text (ids are short).
SLUG_LENGTH = 40


def slug(text: object) -> str | None:
    """A code made of a text: "Master data management" → "MASTER-DATA-MANAGEMENT"."""
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return None
    code = _NOT_CODE.sub("-", normalise(text).upper()).strip("-")
    return code[:SLUG_LENGTH].rstrip("-") or None


def _latest_from(data: dict) -> Latest:
    return Latest(
        key=data["key"],
        order=tuple(data["order"]),
        state=data.get("state"),
        open_states=tuple(data.get("open_states") or ()),
        cleared=tuple(data.get("cleared") or ()),
        first=tuple(data.get("first") or ()),
        reached={k: tuple(v) for k, v in (data.get("reached") or {}).items()},
    )


def resolve_columns(
    dataset: str, headers: list[object], mapping: Mapping | None = None
) -> dict[str, int]:
    """Schema column → position of the header that feeds it.

    A mapping's explicit choices come first; every other column is matched automatically by
    name or alias. Headers are compared normalised (case, accents, spacing).
    """
    positions = {normalise(h): i for i, h in reversed(list(enumerate(headers))) if h is not None}
    resolved: dict[str, int] = {}
    explicit = mapping.columns if mapping else {}
    for column, header in explicit.items():
        position = positions.get(normalise(header))
        if position is not None:
            resolved[column] = position
    if mapping is not None and mapping.only_listed:
        return resolved
    used = set(resolved.values())
    skip = mapping.targets() if mapping else set()
    for position, column in match_headers(dataset, headers).items():
        if column not in resolved and column not in skip and position not in used:
            resolved[column] = position
            used.add(position)
    return resolved


def missing_sources(mapping: Mapping, headers: list[object]) -> list[str]:
    """Headers a mapping names that the file does not have."""
    present = {normalise(h) for h in headers if h is not None}
    wanted = [
        *mapping.columns.values(),
        *(f.source for f in mapping.flags.values()),
        *mapping.slugs.values(),
    ]
    if mapping.latest:
        wanted += [mapping.latest.key, *mapping.latest.order]
        wanted += [mapping.latest.state] if mapping.latest.state else []
        wanted += [h for spec in mapping.hours.values() for h in (spec.state, spec.at)]
    return list(dict.fromkeys(h for h in wanted if normalise(h) not in present))


def translate_values(raw: pd.Series, table: dict[str, str | None]) -> pd.Series:
    """Replace source values by the mapping's translation (compared normalised)."""
    lookup = {normalise(k): v for k, v in table.items()}
    uniques = pd.unique(raw.dropna())
    replacements = {u: lookup[normalise(u)] for u in uniques if normalise(u) in lookup}
    if not replacements:
        return raw
    return raw.map(lambda v: replacements.get(v, v) if v is not None else v)


# --------------------------------------------------------------------------- event logs


@dataclass
class EventLog:
    """An event log reduced to the latest row of each item (cells by header position)."""

    rows: pd.DataFrame
    numbers: np.ndarray  # the kept rows' numbers in the file
    derived: dict[str, np.ndarray]  # column → values for the kept rows (``Mapping.hours``)


def reduce_event_log(
    frame: pd.DataFrame,
    numbers: np.ndarray,
    headers: list[str],
    columns: dict[str, int],
    mapping: Mapping,
) -> EventLog | None:
    """Keep the latest row of each item (highest ``latest.order`` values, then the later
    line), in file order; empty the ``cleared`` cells of an item whose latest state is open;
    and compute each ``hours`` column from the whole log. A file with one row per item (an
    export of the incident table rather than its log) gives no durations: they stay empty.

    None when the mapping reads no event log or the file lacks the key header.
    """
    latest = mapping.latest
    positions = {normalise(h): i for i, h in enumerate(headers)}
    key = positions.get(normalise(latest.key)) if latest else None
    if latest is None or key is None:
        return None
    parsed: dict[tuple[int, bool], pd.Series] = {}

    def values(position: int, times: bool = False) -> pd.Series:
        """A column as order values or (``times``) as date-times, each read once."""
        if (position, times) not in parsed:
            raw = frame[position]
            read = _datetimes if times else _order_values
            parsed[(position, times)] = read(raw, mapping.day_first)
        return parsed[(position, times)]

    order = [positions[normalise(h)] for h in latest.order if normalise(h) in positions]
    sort = pd.DataFrame({f"o{i}": values(p).to_numpy() for i, p in enumerate(order)})
    sort["pos"] = np.arange(len(frame))
    sequence = sort.sort_values(list(sort.columns), kind="stable", na_position="first")
    sequence = sequence["pos"].to_numpy()
    keys = pd.Series(frame[key].to_numpy(dtype=object)[sequence])
    last = np.sort(sequence[~keys.duplicated(keep="last").to_numpy()])
    rows = frame.iloc[last].reset_index(drop=True)
    is_log = len(last) < len(frame)
    derived = {}
    for column, spec in mapping.hours.items():
        at, state = positions.get(normalise(spec.at)), positions.get(normalise(spec.state))
        hours = pd.Series(dtype=float)
        if is_log and at is not None and state is not None:
            events = pd.DataFrame(
                {
                    "key": keys,
                    "state": frame[state].to_numpy(dtype=object)[sequence],
                    "at": values(at, times=True).to_numpy()[sequence],
                }
            )
            hours = _hours_in_states(events, spec.states)
        derived[column] = rows[key].map(hours).to_numpy(dtype=float)
    if order:
        state = positions.get(normalise(latest.state)) if latest.state else None
        states = frame[state] if state is not None else None
        derived |= _event_times(latest, rows[key], keys, sequence, values(order[0], True), states)
    return EventLog(_clear_reopened(rows, positions, columns, latest), numbers[last], derived)


def _event_times(
    latest: Latest,
    kept: pd.Series,
    keys: pd.Series,
    sequence: np.ndarray,
    times: pd.Series,
    states: pd.Series | None,
) -> dict[str, np.ndarray]:
    """The ``first`` and ``reached`` columns for the kept rows (keys in ``kept``): per key the
    earliest time of all its events, or of its events in the given states."""
    at = pd.Series(times.to_numpy()[sequence])
    if getattr(at.dt, "tz", None) is not None:
        at = at.dt.tz_convert("UTC").dt.tz_localize(None)
    out: dict[str, np.ndarray] = {}
    for column in latest.first:
        earliest = at.groupby(keys.to_numpy(), sort=False).min()
        out[column] = kept.map(earliest).to_numpy()
    if latest.reached and states is not None:
        named = pd.Series(states.to_numpy(dtype=object)[sequence]).map(normalise)
        for column, wanted in latest.reached.items():
            hit = named.isin({normalise(w) for w in wanted}).to_numpy()
            earliest = at[hit].groupby(keys.to_numpy()[hit], sort=False).min()
            out[column] = kept.map(earliest).to_numpy()
    return out


def _order_values(raw: pd.Series, day_first: bool) -> pd.Series:
    """An order column as numbers (sys_mod_count) or, when it holds text, as date-times."""
    numeric = pd.to_numeric(raw, errors="coerce")
    if numeric.notna().sum() >= raw.notna().sum():
        return numeric
    return _datetimes(raw, day_first)


def _datetimes(raw: pd.Series, day_first: bool) -> pd.Series:
    as_dt = schema.Column("event time", schema.ColumnType.DATETIME, "")
    return pd.to_datetime(coerce.coerce_column(raw, as_dt, day_first=day_first).values)


def _hours_in_states(events: pd.DataFrame, states: tuple[str, ...]) -> pd.Series:
    """Per key: the hours from each event in one of ``states`` to the key's next event
    (events in log order; a later event stamped earlier counts 0, the last event nothing)."""
    wanted = {normalise(s) for s in states}
    held = events["state"].map(lambda v: normalise(v) in wanted)
    following = events.groupby("key", sort=False, dropna=False)["at"].shift(-1)
    gap = (following - events["at"]).dt.total_seconds().clip(lower=0) / 3600
    return gap.where(held, 0.0).fillna(0.0).groupby(events["key"], sort=False).sum()


def _clear_reopened(
    rows: pd.DataFrame, positions: dict[str, int], columns: dict[str, int], latest: Latest
) -> pd.DataFrame:
    state = positions.get(normalise(latest.state)) if latest.state else None
    if state is None or not latest.open_states:
        return rows
    wanted = {normalise(s) for s in latest.open_states}
    is_open = rows[state].map(lambda v: normalise(v) in wanted).to_numpy(dtype=bool)
    for column in latest.cleared:
        if column in columns and is_open.any():
            rows.loc[is_open, columns[column]] = None
    return rows


# --------------------------------------------------------------------------- built-in mappings

#: ServiceNow incident states → Steerco ticket statuses.
SERVICENOW_STATES: dict[str, str | None] = {
    "New": "New",
    "Active": "In progress",
    "In Progress": "In progress",
    "Awaiting User Info": "On hold",
    "Awaiting Problem": "On hold",
    "Awaiting Vendor": "On hold",
    "Awaiting Evidence": "On hold",
    "On Hold": "On hold",
    "Resolved": "Resolved",
    "Closed": "Closed",
    "Canceled": "Cancelled",
    "Cancelled": "Cancelled",
    # An internal state of the export without meaning for reporting.
    "-100": None,
}
SERVICENOW_ON_HOLD = tuple(k for k, v in SERVICENOW_STATES.items() if v == "On hold")
SERVICENOW_OPEN = tuple(
    k for k, v in SERVICENOW_STATES.items() if v in ("New", "In progress", "On hold")
)

#: The incident export of ServiceNow (incident table or its audit log). The export has no
#: service, so every incident is filed under the Service Desk; a reassignment to another
#: group counts as a (functional) escalation; the close code stands in for the root cause.
#: From the audit log: resolved_at is that of the latest row (the last resolution); an
#: incident whose latest state is open again (reopened) has no resolution or closure yet;
#: on_hold_hours sums the time from each update into an Awaiting…/On Hold state to the next
#: update, in sys_mod_count order.
SERVICENOW_INCIDENTS = Mapping(
    dataset="tickets",
    name="servicenow-incidents",
    description=(
        "ServiceNow incident export or incident event log: one ticket per incident number "
        "(the latest update wins; reopened and not resolved again: open), priorities "
        "'1 - Critical'…'4 - Low' → P1–P4, states → Steerco statuses, service = Service "
        "Desk, escalated = reassigned at least once, on-hold hours from the log's Awaiting… "
        "states."
    ),
    builtin=True,
    columns={
        "ticket_id": "number",
        "category": "category",
        "priority": "priority",
        "opened_at": "opened_at",
        "resolved_at": "resolved_at",
        "closed_at": "closed_at",
        "status": "incident_state",
        "reopened_count": "reopen_count",
        "assignment_group": "assignment_group",
        "root_cause": "closed_code",
        "made_sla": "made_sla",
    },
    constants={"service": "Service Desk"},
    values={
        "priority": {
            "1 - Critical": "P1",
            "2 - High": "P2",
            "3 - Moderate": "P3",
            "4 - Low": "P4",
            "5 - Planning": "P4",
        },
        "status": SERVICENOW_STATES,
    },
    flags={"escalated": Flag(source="reassignment_count", above=0)},
    latest=Latest(
        key="number",
        order=("sys_mod_count", "sys_updated_at"),
        state="incident_state",
        open_states=SERVICENOW_OPEN,
        cleared=("resolved_at", "closed_at"),
    ),
    hours={
        "on_hold_hours": StateHours(
            state="incident_state", at="sys_updated_at", states=SERVICENOW_ON_HOLD
        )
    },
    day_first=True,
)

BUILTIN_MAPPINGS: dict[str, Mapping] = {m.name: m for m in (SERVICENOW_INCIDENTS,)}


def builtin_for_headers(headers: list[object]) -> Mapping | None:
    """A built-in mapping whose every source header the file has (ServiceNow exports)."""
    for mapping in BUILTIN_MAPPINGS.values():
        if not missing_sources(mapping, headers):
            return mapping
    return None


# --------------------------------------------------------------------------- saved mappings


class MappingError(TranslatableError):
    """A mapping cannot be saved or found; the message is for the user."""


def validate_mapping(mapping: Mapping) -> None:
    name = mapping.name.strip()
    if not name:
        raise MappingError.of(N_("Give the mapping a name."))
    if len(name) > MAX_NAME_LENGTH:
        raise MappingError.of(
            N_("A mapping name has at most {limit} characters."), limit=MAX_NAME_LENGTH
        )
    if name in BUILTIN_MAPPINGS:
        raise MappingError.of(N_("'{name}' is a built-in mapping; choose another name."), name=name)
    ds = schema.dataset(mapping.dataset)
    cleared = set(mapping.latest.cleared) if mapping.latest else set()
    per_sheet = {c for rule in mapping.sheets.values() for c in (*rule.columns, *rule.constants)}
    unknown = sorted((mapping.targets() | cleared | per_sheet) - set(ds.column_names))
    if unknown:
        raise MappingError.of(
            N_("{dataset} has no column {columns}."), dataset=ds.name, columns=", ".join(unknown)
        )


def save_mapping(engine: Engine, mapping: Mapping, *, user_name: str | None = None) -> None:
    """Save (or replace) a named mapping in the store."""
    validate_mapping(mapping)
    table = schema.mappings
    name = mapping.name.strip()
    with write_transaction(engine) as conn:
        audit.record(
            conn,
            actor=user_name,
            action=audit.MAPPING_SAVED,
            target=f"mapping '{name}'",
            before=_saved_spec(conn, name),
            after=mapping.to_json(),
        )
        conn.execute(table.delete().where(table.c.name == name))
        conn.execute(
            table.insert().values(
                name=name,
                dataset=mapping.dataset,
                spec=mapping.to_json(),
                saved_by=user_name,
                saved_at=datetime.now(),
            )
        )


def _saved_spec(conn: Connection, name: str) -> str | None:
    """The stored JSON of a saved mapping (None when there is none): the audit's "before"."""
    table = schema.mappings
    return conn.execute(sa.select(table.c.spec).where(table.c.name == name)).scalar()


def delete_mapping(engine: Engine, name: str, *, user_name: str | None = None) -> bool:
    table = schema.mappings
    with write_transaction(engine) as conn:
        before = _saved_spec(conn, name)
        if before is None:
            return False
        conn.execute(table.delete().where(table.c.name == name))
        audit.record(
            conn,
            actor=user_name,
            action=audit.MAPPING_DELETED,
            target=f"mapping '{name}'",
            before=before,
        )
    return True


def load_mapping(conn: Connection, name: str) -> Mapping:
    """A built-in or saved mapping by name; MappingError when there is none."""
    if name in BUILTIN_MAPPINGS:
        return BUILTIN_MAPPINGS[name]
    spec = conn.execute(
        sa.select(schema.mappings.c.spec).where(schema.mappings.c.name == name)
    ).scalar_one_or_none()
    if spec is None:
        known = ", ".join(m.name for m in list_mappings(conn))
        raise MappingError.of(
            N_("There is no mapping called '{name}'. Known mappings: {known}."),
            name=name,
            known=known,
        )
    return Mapping.from_json(spec)


def list_mappings(conn: Connection, dataset: str | None = None) -> list[Mapping]:
    """Built-in mappings first, then the saved ones by name."""
    stmt = sa.select(schema.mappings.c.spec).order_by(schema.mappings.c.name)
    saved = [Mapping.from_json(spec) for spec in conn.execute(stmt).scalars()]
    every = [*BUILTIN_MAPPINGS.values(), *saved]
    return [m for m in every if dataset is None or m.dataset == dataset]
