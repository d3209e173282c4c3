"""Status reports for the workflow tests: a form's values from a project's last report, the
counted latest report recomputed with plain pandas on the raw table, the steps recorded."""

from __future__ import annotations

from datetime import date

import pandas as pd
import sqlalchemy as sa

from data_access import schema

#: A day after the test sample's last reports (conftest.TEST_AS_OF is 2026-11-16).
REPORT_DAY = date(2026, 11, 20)
#: Claire Martin manages PRJ-005 in the sample; Emma Thompson PRJ-002.
CLAIRE_PROJECT = "PRJ-005"
OTHER_PROJECT = "PRJ-002"


def raw_reports(engine) -> pd.DataFrame:
    """The status_reports table as stored."""
    with engine.connect() as conn:
        return pd.read_sql(sa.select(schema.TABLES["status_reports"]), conn)


def values_from_last(engine, project_id: str, **changes) -> dict:
    """A report form's values: the project's last stored report, dated :data:`REPORT_DAY`,
    with a reason for every amber or red dimension, then ``changes``."""
    frame = raw_reports(engine)
    frame = frame.loc[frame["project_id"] == project_id].sort_values("report_date")
    last = frame.iloc[-1]
    values = {c: last[c] for c in schema.dataset("status_reports").column_names}
    values = {k: (None if not isinstance(v, str) and pd.isna(v) else v) for k, v in values.items()}
    values["report_date"] = REPORT_DAY
    values["state"] = None
    for dim in schema.RAG_DIMENSIONS:
        if values.get(f"{dim}_rag") in ("A", "R"):
            values[f"{dim}_reason"] = f"{dim} reason given"
    values.update(changes)
    return values


def counted_latest(engine, project_id: str, states=("Submitted", "Approved")) -> pd.Series:
    """The project's latest report in ``states`` (what the dashboards must show), in plain
    pandas on the raw table."""
    frame = raw_reports(engine)
    frame = frame.loc[(frame["project_id"] == project_id) & frame["state"].isin(states)]
    return frame.sort_values("report_date").iloc[-1]


def steps(engine, project_id: str) -> pd.DataFrame:
    """The report events of one project, oldest first."""
    table = schema.report_events
    with engine.connect() as conn:
        return pd.read_sql(
            sa.select(table).where(table.c.project_id == project_id).order_by(table.c.event_id),
            conn,
        )
