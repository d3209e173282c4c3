"""Column mappings: how a file that is not shaped like the template becomes a dataset.

Headers that match a column name or alias are mapped automatically. A mapping says what
to do with the rest: which header feeds which column, constant values for columns the file
does not have, translations of values ("Awaiting User Info" → "On hold"), a flag derived from
a count, and — for event logs such as ServiceNow's — which row is the latest state of each
item. Mappings are saved in the store under a name so that anyone can reuse them; one is
built in for the ServiceNow incident export.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from data_access import schema
from data_access.engine import write_transaction
from data_access.ingest.headers import match_headers, normalise

#: Longest accepted mapping name (it is a primary key in the store).
MAX_NAME_LENGTH = 80


@dataclass(frozen=True)
class Flag:
    """A boolean column set when a numeric source column is above a threshold."""

    source: str
    above: float = 0


@dataclass(frozen=True)
class Latest:
    """Keep one row per ``key``: the one with the highest ``order`` values (an event log)."""

    key: str
    order: tuple[str, ...]


@dataclass(frozen=True)
class Mapping:
    dataset: str
    columns: dict[str, str] = field(default_factory=dict)  # column → source header
    constants: dict[str, str] = field(default_factory=dict)  # column → value for every row
    values: dict[str, dict[str, str | None]] = field(default_factory=dict)  # column → {src: val}
    flags: dict[str, Flag] = field(default_factory=dict)
    latest: Latest | None = None
    day_first: bool = True
    name: str = ""
    description: str = ""
    builtin: bool = False

    def to_json(self) -> str:
        data = asdict(self)
        data.pop("builtin")
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Mapping:
        data = json.loads(text)
        flags = {k: Flag(**v) for k, v in (data.get("flags") or {}).items()}
        latest = data.get("latest")
        return cls(
            dataset=data["dataset"],
            columns=dict(data.get("columns") or {}),
            constants=dict(data.get("constants") or {}),
            values={k: dict(v) for k, v in (data.get("values") or {}).items()},
            flags=flags,
            latest=Latest(latest["key"], tuple(latest["order"])) if latest else None,
            day_first=bool(data.get("day_first", True)),
            name=data.get("name", ""),
            description=data.get("description", ""),
        )

    def targets(self) -> set[str]:
        return set(self.columns) | set(self.constants) | set(self.flags)


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
    wanted = [*mapping.columns.values(), *(f.source for f in mapping.flags.values())]
    if mapping.latest:
        wanted += [mapping.latest.key, *mapping.latest.order]
    return [h for h in wanted if normalise(h) not in present]


def translate_values(raw: pd.Series, table: dict[str, str | None]) -> pd.Series:
    """Replace source values by the mapping's translation (compared normalised)."""
    lookup = {normalise(k): v for k, v in table.items()}
    uniques = pd.unique(raw.dropna())
    replacements = {u: lookup[normalise(u)] for u in uniques if normalise(u) in lookup}
    if not replacements:
        return raw
    return raw.map(lambda v: replacements.get(v, v) if v is not None else v)


# --------------------------------------------------------------------------- built-in mappings

#: The incident export of ServiceNow (incident table or its audit log). The export has no
#: service, so every incident is filed under the Service Desk; a reassignment to another
#: group counts as a (functional) escalation; the close code stands in for the root cause.
SERVICENOW_INCIDENTS = Mapping(
    dataset="tickets",
    name="servicenow-incidents",
    description=(
        "ServiceNow incident export or incident event log: one ticket per incident number "
        "(the latest update wins), priorities '1 - Critical'…'4 - Low' → P1–P4, states → "
        "Steerco statuses, service = Service Desk, escalated = reassigned at least once."
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
        "status": {
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
        },
    },
    flags={"escalated": Flag(source="reassignment_count", above=0)},
    latest=Latest(key="number", order=("sys_mod_count", "sys_updated_at")),
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


class MappingError(ValueError):
    """A mapping cannot be saved or found; the message is for the user."""


def validate_mapping(mapping: Mapping) -> None:
    name = mapping.name.strip()
    if not name:
        raise MappingError("Give the mapping a name.")
    if len(name) > MAX_NAME_LENGTH:
        raise MappingError(f"A mapping name has at most {MAX_NAME_LENGTH} characters.")
    if name in BUILTIN_MAPPINGS:
        raise MappingError(f"'{name}' is a built-in mapping; choose another name.")
    ds = schema.dataset(mapping.dataset)
    unknown = sorted(mapping.targets() - set(ds.column_names))
    if unknown:
        raise MappingError(f"{ds.name} has no column {', '.join(unknown)}.")


def save_mapping(engine: Engine, mapping: Mapping, *, user_name: str | None = None) -> None:
    """Save (or replace) a named mapping in the store."""
    validate_mapping(mapping)
    table = schema.mappings
    with write_transaction(engine) as conn:
        conn.execute(table.delete().where(table.c.name == mapping.name.strip()))
        conn.execute(
            table.insert().values(
                name=mapping.name.strip(),
                dataset=mapping.dataset,
                spec=mapping.to_json(),
                saved_by=user_name,
                saved_at=datetime.now(),
            )
        )


def delete_mapping(engine: Engine, name: str) -> bool:
    with write_transaction(engine) as conn:
        result = conn.execute(schema.mappings.delete().where(schema.mappings.c.name == name))
    return result.rowcount > 0


def load_mapping(conn: Connection, name: str) -> Mapping:
    """A built-in or saved mapping by name; MappingError when there is none."""
    if name in BUILTIN_MAPPINGS:
        return BUILTIN_MAPPINGS[name]
    spec = conn.execute(
        sa.select(schema.mappings.c.spec).where(schema.mappings.c.name == name)
    ).scalar_one_or_none()
    if spec is None:
        known = ", ".join(m.name for m in list_mappings(conn))
        raise MappingError(f"There is no mapping called '{name}'. Known mappings: {known}.")
    return Mapping.from_json(spec)


def list_mappings(conn: Connection, dataset: str | None = None) -> list[Mapping]:
    """Built-in mappings first, then the saved ones by name."""
    stmt = sa.select(schema.mappings.c.spec).order_by(schema.mappings.c.name)
    saved = [Mapping.from_json(spec) for spec in conn.execute(stmt).scalars()]
    every = [*BUILTIN_MAPPINGS.values(), *saved]
    return [m for m in every if dataset is None or m.dataset == dataset]
