"""Row history: what an upload would change, committing it, the store as of a date, rollback.

Every dataset table holds the current version of each row, stamped with the import that wrote
it (``_import_id``) and when that version became valid (``_valid_from``). When an import
changes or removes a row, the old version moves to the dataset's history table with the
import that ended it and when. So:

* the store *as of* a moment D is the current rows valid from before D plus the history rows
  valid over D;
* rolling back import X restores the versions X ended and ends the versions X wrote; it is
  itself recorded as an import, so history is never rewritten.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from data_access import frames, schema, store, summaries
from data_access.engine import write_transaction
from data_access.ingest.coerce import canonical_frame

#: Keys per IN (...) query when reading the stored rows an upload touches. SQLite accepts
#: 32,766 bound parameters per statement; a smaller batch keeps each statement cheap.
KEY_BATCH = 10_000
#: Below this many stored rows a dataset is read whole instead of by key batches: one scan
#: of a small table is faster than many IN queries.
FULL_READ_ROWS = 100_000
#: Relative and absolute tolerance when comparing stored and uploaded numbers, so that a
#: float written and read back (or 0.1 + 0.2) is not reported as a change.
FLOAT_RTOL = 1e-9
FLOAT_ATOL = 1e-9
_OLD = "__old"


class CommitRefused(RuntimeError):
    """The commit cannot go ahead; the message is for the user."""


class RollbackRefused(RuntimeError):
    """The rollback cannot go ahead; the message is for the user."""


@dataclass
class DatasetChanges:
    """What one upload changes in one dataset."""

    dataset: str
    added: pd.DataFrame
    changed: pd.DataFrame  # the new versions of changed rows
    previous: pd.DataFrame  # the stored versions they replace (with system columns)
    removed: pd.DataFrame  # stored rows the upload's scope no longer contains
    unchanged: int = 0
    scope_column: str | None = None
    field_changes: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "changed": len(self.changed),
            "removed": len(self.removed),
            "unchanged": self.unchanged,
        }

    @property
    def is_empty(self) -> bool:
        return not (len(self.added) or len(self.changed) or len(self.removed))


@dataclass
class ChangeSet:
    """What one upload changes, per dataset."""

    datasets: dict[str, DatasetChanges]

    @property
    def is_empty(self) -> bool:
        return all(c.is_empty for c in self.datasets.values())

    def total(self, what: str) -> int:
        return sum(c.counts[what] for c in self.datasets.values())

    def summary(self) -> dict[str, dict[str, int]]:
        return {name: c.counts for name, c in self.datasets.items()}


@dataclass(frozen=True)
class CommitResult:
    import_id: int
    outcome: str
    changes: ChangeSet


# --------------------------------------------------------------------------- reading stored rows


def _stored_frame(conn: Connection, table: sa.Table, stmt: sa.Select) -> pd.DataFrame:
    result = conn.execute(stmt)
    return frames.frame(result)


def _stored_rows(
    conn: Connection, name: str, column: str, values: Sequence, include_null: bool
) -> pd.DataFrame:
    """Stored rows (with system columns) whose ``column`` is one of ``values`` (or NULL)."""
    table = schema.TABLES[name]
    total = conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
    if total == 0:
        return _stored_frame(conn, table, sa.select(table).where(sa.false()))
    if total <= FULL_READ_ROWS or len(values) * 2 > total:
        frame = _stored_frame(conn, table, sa.select(table))
        # Compared in canonical types: a stored date is text on SQLite, a Timestamp upstream.
        stored_values = _canonical_stored(schema.dataset(name), frame)[column]
        # A Series, not a list: pandas then matches arrow strings without a Python loop.
        wanted = stored_values.isin(pd.Series(values, dtype=stored_values.dtype))
        wanted = wanted.to_numpy(dtype=bool)
        if include_null:
            wanted = wanted | stored_values.isna().to_numpy(dtype=bool)
        return frame[wanted].reset_index(drop=True)
    bound = [_bind_value(table.c[column].type, v) for v in values]
    parts = []
    for start in range(0, len(bound), KEY_BATCH):
        batch = bound[start : start + KEY_BATCH]
        parts.append(_stored_frame(conn, table, sa.select(table).where(table.c[column].in_(batch))))
    if include_null:
        parts.append(_stored_frame(conn, table, sa.select(table).where(table.c[column].is_(None))))
    return (
        pd.concat(parts, ignore_index=True)
        if parts
        else _stored_frame(conn, table, sa.select(table).where(sa.false()))
    )


def _bind_value(sql_type: sa.types.TypeEngine, value: object) -> object:
    """A canonical value as the column's bound parameter (a Timestamp for a DATE → date)."""
    value = store.python_value(value)
    if isinstance(sql_type, sa.Date) and isinstance(value, datetime):
        return value.date()
    return value


def _canonical_stored(ds: schema.Dataset, stored: pd.DataFrame) -> pd.DataFrame:
    out = canonical_frame(ds, stored.reindex(columns=list(ds.column_names)))
    for col in schema.SYSTEM_COLUMNS:
        out[col] = stored[col].to_numpy() if col in stored else None
    return out


# --------------------------------------------------------------------------- computing changes


def _equal(new: pd.Series, old: pd.Series) -> np.ndarray:
    both_missing = (new.isna() & old.isna()).to_numpy()
    if pd.api.types.is_float_dtype(new) and pd.api.types.is_float_dtype(old):
        close = np.isclose(
            new.to_numpy(dtype=float, na_value=np.nan),
            old.to_numpy(dtype=float, na_value=np.nan),
            rtol=FLOAT_RTOL,
            atol=FLOAT_ATOL,
        )
        return close | both_missing
    same = (new == old).fillna(False).to_numpy(dtype=bool)
    return same | both_missing


def _field_changes(
    keys: Sequence[str], merged: pd.DataFrame, differs: dict[str, np.ndarray]
) -> pd.DataFrame:
    """One row per changed field: the row's keys, the column, the old and the new value."""
    parts = []
    for column, mask in differs.items():
        if not mask.any():
            continue
        rows = merged.loc[mask, list(keys)].copy()
        rows["column"] = column
        rows["old"] = merged.loc[mask, column + _OLD].astype(object).to_numpy()
        rows["new"] = merged.loc[mask, column].astype(object).to_numpy()
        parts.append(rows)
    if not parts:
        return pd.DataFrame(columns=[*keys, "column", "old", "new"])
    return pd.concat(parts, ignore_index=True).sort_values(list(keys), kind="stable")


def _workflow_state(
    merged: pd.DataFrame, column: str, default: str, same_content: np.ndarray
) -> pd.Series:
    """The workflow column (a status report's state) where the upload leaves it empty: an
    unchanged row keeps its stored state; a new or changed one takes ``default`` (Submitted:
    the PMO checks what changed)."""
    given = merged[column].astype(object)
    blank = given.isna().to_numpy()
    keep = blank & same_content
    stored = merged[column + _OLD].astype(object)
    out = given.where(~keep, stored)
    out = out.where(~(blank & ~same_content), default)
    return out.where(out.notna(), default).astype(merged[column].dtype)


def dataset_changes(
    conn: Connection, name: str, frame: pd.DataFrame, *, replace_scope: bool = True
) -> DatasetChanges:
    """Compare an uploaded dataset (canonical types, unique keys) with the store."""
    ds = schema.dataset(name)
    keys = list(ds.keys)
    data_cols = list(ds.column_names)
    new = canonical_frame(ds, frame.reindex(columns=data_cols))
    scope = schema.REPLACE_SCOPES.get(name) if replace_scope else None
    look_up = scope or keys[0]
    values = new[look_up].dropna().unique().tolist()
    include_null = bool(scope) and bool(new[look_up].isna().any())
    stored = _canonical_stored(ds, _stored_rows(conn, name, look_up, values, include_null))

    merged = new.merge(stored, on=keys, how="left", suffixes=("", _OLD), indicator=True)
    present = (merged["_merge"] == "both").to_numpy()
    differs: dict[str, np.ndarray] = {}
    any_diff = np.zeros(len(merged), dtype=bool)
    workflow = schema.WORKFLOW_COLUMNS.get(name)
    for column in data_cols:
        if column in keys or (workflow and column == workflow[0]):
            continue
        mask = present & ~_equal(merged[column], merged[column + _OLD])
        differs[column] = mask
        any_diff |= mask
    if workflow:
        column = workflow[0]
        merged[column] = _workflow_state(merged, column, workflow[1], present & ~any_diff)
        mask = present & ~_equal(merged[column], merged[column + _OLD])
        differs[column] = mask
        any_diff |= mask
    added = merged.loc[~present, data_cols].reset_index(drop=True)
    changed = merged.loc[any_diff, data_cols].reset_index(drop=True)
    previous_keys = merged.loc[any_diff, keys]
    previous = stored.merge(previous_keys, on=keys, how="inner")
    if scope:
        in_upload = stored.merge(new[keys], on=keys, how="left", indicator=True)["_merge"]
        removed = stored[(in_upload == "left_only").to_numpy()].reset_index(drop=True)
    else:
        removed = stored.iloc[0:0]
    return DatasetChanges(
        dataset=name,
        added=added,
        changed=changed,
        previous=previous.reset_index(drop=True),
        removed=removed,
        unchanged=int(present.sum() - any_diff.sum()),
        scope_column=scope,
        field_changes=_field_changes(keys, merged, differs),
    )


def compute_changes(
    conn: Connection, frames: Mapping[str, pd.DataFrame], *, replace_scope: bool = True
) -> ChangeSet:
    return ChangeSet(
        {
            name: dataset_changes(conn, name, frame, replace_scope=replace_scope)
            for name, frame in frames.items()
        }
    )


def preview(
    engine: Engine, frames: Mapping[str, pd.DataFrame], *, replace_scope: bool = True
) -> ChangeSet:
    """What committing these frames would change, computed without writing anything."""
    with engine.connect() as conn:
        return compute_changes(conn, frames, replace_scope=replace_scope)


# --------------------------------------------------------------------------- writing changes


def _delete_keys(conn: Connection, name: str, rows: pd.DataFrame) -> None:
    if rows.empty:
        return
    table = schema.TABLES[name]
    keys = schema.dataset(name).keys
    condition = sa.and_(*(table.c[k] == sa.bindparam(f"k_{k}") for k in keys))
    params = [
        {f"k_{k}": store.python_value(v) for k, v in zip(keys, row, strict=True)}
        for row in rows[list(keys)].itertuples(index=False, name=None)
    ]
    conn.execute(table.delete().where(condition), params)


def apply_changes(conn: Connection, changes: ChangeSet, *, import_id: int, at: datetime) -> None:
    """Write a change set: old versions to history, then the new versions (one transaction).
    The Operations summaries of the touched days follow before the transaction commits."""
    summaries.note_changes(conn, changes)
    for name, change in changes.datasets.items():
        data_cols = list(schema.dataset(name).column_names)
        ended = pd.concat([change.previous, change.removed], ignore_index=True)
        if not ended.empty:
            ended = ended.reindex(columns=[*data_cols, *schema.SYSTEM_COLUMNS])
            ended[schema.ENDED_BY] = import_id
            ended[schema.VALID_TO] = at
            store.bulk_insert(conn, schema.HISTORY_TABLES[name], ended)
            _delete_keys(conn, name, ended)
        written = pd.concat([change.added, change.changed], ignore_index=True)
        if not written.empty:
            # A rollback restores versions under the import that first wrote them.
            owner = written.get(schema.IMPORT_ID)
            written = written.reindex(columns=data_cols)
            written[schema.IMPORT_ID] = (
                import_id if owner is None else owner.astype("Int64").fillna(import_id).to_numpy()
            )
            written[schema.VALID_FROM] = at
            store.bulk_insert(conn, schema.TABLES[name], written)


def _summary_json(changes: ChangeSet) -> str:
    return json.dumps(changes.summary(), sort_keys=True)


def commit(
    engine: Engine,
    frames: Mapping[str, pd.DataFrame],
    *,
    source: str,
    sha256: str | None = None,
    user_name: str | None = None,
    replace_scope: bool = True,
    expected: ChangeSet | None = None,
    authorise: Callable[[Connection, ChangeSet], None] | None = None,
) -> CommitResult:
    """Compute and write the changes in one transaction, and record the import.

    Writers queue (BEGIN IMMEDIATE on SQLite, an advisory lock on PostgreSQL), so the changes
    are computed on the state they are written to. With ``expected`` (the preview the user
    confirmed), a store that changed since the preview refuses the commit. ``authorise``
    (the service layer's role check) sees the changes inside the transaction and raises to
    refuse them: what is checked is exactly what would be written.
    """
    at = datetime.now()
    with write_transaction(engine) as conn:
        changes = compute_changes(conn, frames, replace_scope=replace_scope)
        if authorise is not None:
            authorise(conn, changes)
        if expected is not None and changes.summary() != expected.summary():
            raise CommitRefused(
                "The data changed since your preview (another import was committed). "
                "Nothing was written; check the new preview and confirm again."
            )
        outcome = schema.OUTCOME_UNCHANGED if changes.is_empty else schema.OUTCOME_COMMITTED
        import_id = store.record_import(
            conn,
            source=source,
            sha256=sha256,
            datasets=frames,
            outcome=outcome,
            rows_added=changes.total("added"),
            rows_changed=changes.total("changed"),
            rows_removed=changes.total("removed"),
            user_name=user_name,
            started_at=at,
            summary=_summary_json(changes),
            message="Identical to the stored data: nothing changed." if changes.is_empty else None,
        )
        if not changes.is_empty:
            apply_changes(conn, changes, import_id=import_id, at=at)
    return CommitResult(import_id=import_id, outcome=outcome, changes=changes)


def record_outcome(
    engine: Engine,
    *,
    source: str,
    outcome: str,
    message: str,
    datasets: Sequence[str] = (),
    sha256: str | None = None,
    user_name: str | None = None,
) -> int:
    """Record an import that wrote nothing (refused, or failed and rolled back)."""
    with write_transaction(engine) as conn:
        return store.record_import(
            conn,
            source=source,
            sha256=sha256,
            datasets=datasets,
            outcome=outcome,
            message=message,
            user_name=user_name,
        )


# --------------------------------------------------------------------------- history


def import_log(conn: Connection, limit: int = 500) -> pd.DataFrame:
    """The latest imports, newest first."""
    imp = schema.imports
    stmt = sa.select(imp).order_by(imp.c.import_id.desc()).limit(limit)
    frame = _stored_frame(conn, imp, stmt)
    frame["started_at"] = pd.to_datetime(frame["started_at"])
    return frame


def import_record(conn: Connection, import_id: int) -> dict | None:
    row = (
        conn.execute(sa.select(schema.imports).where(schema.imports.c.import_id == import_id))
        .mappings()
        .first()
    )
    return dict(row) if row else None


def _valid_at(table: sa.Table, at: datetime) -> sa.ColumnElement[bool]:
    return sa.or_(table.c[schema.VALID_FROM].is_(None), table.c[schema.VALID_FROM] <= at)


def as_of(conn: Connection, name: str, at: datetime) -> pd.DataFrame:
    """The dataset as it stood at moment ``at`` (canonical types, schema columns)."""
    ds = schema.dataset(name)
    current = schema.TABLES[name]
    history = schema.HISTORY_TABLES[name]
    cols = list(ds.column_names)
    stmt = sa.union_all(
        sa.select(*(current.c[c] for c in cols)).where(_valid_at(current, at)),
        sa.select(*(history.c[c] for c in cols)).where(
            _valid_at(history, at), history.c[schema.VALID_TO] > at
        ),
    )
    result = conn.execute(stmt)
    frame = frames.frame(result, cols)
    return canonical_frame(ds, frame).sort_values(list(ds.keys), ignore_index=True)


def versions(conn: Connection, name: str, **equals) -> pd.DataFrame:
    """Every version (current and past) of the rows matching ``column=value`` filters.

    Columns: the dataset's, plus ``_import_id``, ``_valid_from`` and ``_valid_to`` (NaT for the
    current version). This is how a milestone's forecast is traced over time.
    """
    ds = schema.dataset(name)
    current = schema.TABLES[name]
    history = schema.HISTORY_TABLES[name]
    cols = [*ds.column_names, *schema.SYSTEM_COLUMNS]

    def where(table: sa.Table) -> list:
        return [table.c[c] == v for c, v in equals.items()]

    stmt = sa.union_all(
        sa.select(*(current.c[c] for c in cols), sa.null().label(schema.VALID_TO)).where(
            *where(current)
        ),
        sa.select(*(history.c[c] for c in cols), history.c[schema.VALID_TO]).where(*where(history)),
    )
    result = conn.execute(stmt)
    frame = frames.frame(result, [*cols, schema.VALID_TO])
    out = canonical_frame(ds, frame[list(ds.column_names)])
    out[schema.IMPORT_ID] = frame[schema.IMPORT_ID].astype("Int64")
    for col in (schema.VALID_FROM, schema.VALID_TO):
        out[col] = pd.to_datetime(frame[col])
    return out.sort_values([*ds.keys, schema.VALID_FROM], ignore_index=True)


# --------------------------------------------------------------------------- rollback


def _rows_where(conn: Connection, table: sa.Table, condition) -> pd.DataFrame:
    return _stored_frame(conn, table, sa.select(table).where(condition))


def _rollback_changes(conn: Connection, name: str, import_id: int) -> DatasetChanges:
    ds = schema.dataset(name)
    keys = list(ds.keys)
    current = schema.TABLES[name]
    history = schema.HISTORY_TABLES[name]
    undone = sa.select(schema.imports.c.import_id).where(
        schema.imports.c.outcome == schema.OUTCOME_ROLLED_BACK
    )
    later = _rows_where(
        conn,
        history,
        sa.and_(
            history.c[schema.IMPORT_ID] == import_id,
            history.c[schema.ENDED_BY] != import_id,
            history.c[schema.ENDED_BY].not_in(undone),
        ),
    )
    if not later.empty:
        by = ", ".join(f"#{i}" for i in sorted(later[schema.ENDED_BY].unique()))
        raise RollbackRefused(
            f"Import {by} changed {name} rows that import #{import_id} wrote. Roll back {by} first."
        )
    written = _canonical_stored(
        ds, _rows_where(conn, current, current.c[schema.IMPORT_ID] == import_id)
    )
    ended = _rows_where(conn, history, history.c[schema.ENDED_BY] == import_id)
    ended = _canonical_stored(ds, ended)
    # A row X removed may have been added again by a later import: restoring would clash.
    if not ended.empty:
        now = _canonical_stored(
            ds, _stored_rows(conn, name, keys[0], ended[keys[0]].dropna().unique().tolist(), False)
        )
        clash = now.merge(ended[keys], on=keys)
        clash = clash[clash[schema.IMPORT_ID] != import_id]
        if not clash.empty:
            by = ", ".join(f"#{int(i)}" for i in sorted(clash[schema.IMPORT_ID].dropna().unique()))
            raise RollbackRefused(
                f"Import {by} wrote {name} rows that import #{import_id} had removed or changed. "
                f"Roll back {by} first."
            )
    back = written.merge(ended[keys], on=keys, how="left", indicator=True)["_merge"]
    restored = ended.merge(written[keys], on=keys, how="left", indicator=True)["_merge"]
    owned = [*ds.column_names, schema.IMPORT_ID]
    return DatasetChanges(
        dataset=name,
        added=ended[(restored == "left_only").to_numpy()][owned].reset_index(drop=True),
        changed=ended[(restored == "both").to_numpy()][owned].reset_index(drop=True),
        previous=written[(back == "both").to_numpy()].reset_index(drop=True),
        removed=written[(back == "left_only").to_numpy()].reset_index(drop=True),
    )


def rollback(engine: Engine, import_id: int, *, user_name: str | None = None) -> CommitResult:
    """Undo a committed import, recorded as a new import; refuses if later imports built on it."""
    at = datetime.now()
    with write_transaction(engine) as conn:
        record = import_record(conn, import_id)
        if record is None:
            raise RollbackRefused(f"There is no import #{import_id}.")
        if record["outcome"] == schema.OUTCOME_ROLLED_BACK:
            raise RollbackRefused(
                f"Import #{import_id} was already rolled back "
                f"by import #{record['rolled_back_by']}."
            )
        if record["outcome"] not in (schema.OUTCOME_COMMITTED, schema.OUTCOME_ROLLBACK):
            raise RollbackRefused(
                f"Import #{import_id} is '{record['outcome']}': it wrote nothing to roll back."
                if record["outcome"] != schema.OUTCOME_SEEDED
                else f"Import #{import_id} loaded the whole store (seed); load another instead."
            )
        names = [n for n in (record["datasets"] or "").split(",") if n]
        changes = ChangeSet({n: _rollback_changes(conn, n, import_id) for n in names})
        new_id = store.record_import(
            conn,
            source=f"rollback of import #{import_id} ({record['source']})",
            datasets=names,
            outcome=schema.OUTCOME_ROLLBACK,
            rows_added=changes.total("added"),
            rows_changed=changes.total("changed"),
            rows_removed=changes.total("removed"),
            user_name=user_name,
            started_at=at,
            summary=_summary_json(changes),
            rollback_of=import_id,
        )
        apply_changes(conn, changes, import_id=new_id, at=at)
        conn.execute(
            schema.imports.update()
            .where(schema.imports.c.import_id == import_id)
            .values(outcome=schema.OUTCOME_ROLLED_BACK, rolled_back_by=new_id)
        )
    return CommitResult(import_id=new_id, outcome=schema.OUTCOME_ROLLBACK, changes=changes)
