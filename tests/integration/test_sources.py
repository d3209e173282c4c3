"""SQL sources: `steerco sync` pulls a ticketing tool's tables into the store.

The "ticketing tool" is a separate PostgreSQL database shaped like ServiceNow's: an incident
table holding several audit rows per incident (the latest update wins) and a change table with
its own column names, mapped by a saved mapping. The store is the seeded writable store, on
SQLite and on PostgreSQL.
"""

from __future__ import annotations

import itertools
import socket
import time
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from data_access import schema, summaries, versioning
from data_access.ingest import sources
from data_access.ingest.mapping import Flag, Mapping, save_mapping
from steerco import cli
from tests.support.store_state import current, import_log

_foreign_databases = itertools.count(1)

TICKETS_QUERY = (
    "SELECT number, incident_state, priority, opened_at, resolved_at, closed_at, category, "
    "assignment_group, reassignment_count, reopen_count, sys_mod_count, sys_updated_at, "
    "made_sla, closed_code FROM incident"
)
CHANGES_QUERY = (
    "SELECT chg_no, svc_name, proj_code, chg_kind, window_start, done_at, result_code, "
    "incident_count FROM cmdb_change"
)
INCIDENT_DDL = """
CREATE TABLE incident (
    sys_id serial PRIMARY KEY,
    number varchar(40) NOT NULL,
    incident_state varchar(40),
    priority varchar(40),
    opened_at timestamp,
    resolved_at timestamp,
    closed_at timestamp,
    category varchar(80),
    assignment_group varchar(80),
    reassignment_count integer,
    reopen_count integer,
    sys_mod_count integer,
    sys_updated_at timestamp,
    made_sla boolean,
    closed_code varchar(80)
)
"""
CHANGE_DDL = """
CREATE TABLE cmdb_change (
    chg_no varchar(40) PRIMARY KEY,
    svc_name varchar(80),
    proj_code varchar(40),
    chg_kind varchar(10),
    window_start timestamp,
    done_at timestamp,
    result_code varchar(10),
    incident_count integer
)
"""
INCIDENT_COLUMNS = (
    "number",
    "incident_state",
    "priority",
    "opened_at",
    "resolved_at",
    "closed_at",
    "category",
    "assignment_group",
    "reassignment_count",
    "reopen_count",
    "sys_mod_count",
    "sys_updated_at",
    "made_sla",
    "closed_code",
)


def ts(text: str) -> datetime:
    return datetime.fromisoformat(text)


# The audit log, deliberately not in update order: the latest row of INC9000001 comes first.
# fmt: off
INCIDENT_ROWS = [
    ("INC9000001", "Resolved", "1 - Critical", ts("2026-10-01 08:00"), ts("2026-10-01 11:30"),
     None, "Network", "Network Ops", 1, 0, 2, ts("2026-10-01 11:30"), True, "Configuration"),
    ("INC9000001", "New", "1 - Critical", ts("2026-10-01 08:00"), None, None, "Network",
     "Service Desk L1", 0, 0, 0, ts("2026-10-01 08:00"), None, None),
    ("INC9000001", "In Progress", "1 - Critical", ts("2026-10-01 08:00"), None, None, "Network",
     "Network Ops", 1, 0, 1, ts("2026-10-01 08:20"), None, None),
    ("INC9000002", "New", "2 - High", ts("2026-10-02 09:15"), None, None, "Email",
     "Messaging", 0, 0, 0, ts("2026-10-02 09:15"), None, None),
    ("INC9000002", "Resolved", "2 - High", ts("2026-10-02 09:15"), ts("2026-10-03 10:00"), None,
     "Email", "Messaging", 0, 0, 1, ts("2026-10-03 10:00"), False, "Software defect"),
    ("INC9000002", "Closed", "2 - High", ts("2026-10-02 09:15"), ts("2026-10-03 10:00"),
     ts("2026-10-06 10:00"), "Email", "Messaging", 0, 1, 2, ts("2026-10-06 10:00"), False,
     "Software defect"),
    ("INC9000003", "New", "3 - Moderate", ts("2026-10-05 14:00"), None, None, "Laptop",
     "Desktop Deployment", 0, 0, 0, ts("2026-10-05 14:00"), None, None),
    ("INC9000003", "Awaiting User Info", "3 - Moderate", ts("2026-10-05 14:00"), None, None,
     "Laptop", "Desktop Deployment", 0, 0, 1, ts("2026-10-06 09:00"), None, None),
    ("INC9000004", "Active", "4 - Low", ts("2026-10-07 16:45"), None, None, "Printing",
     "Service Desk L1", 0, 0, 0, ts("2026-10-07 16:45"), None, None),
    ("INC9000005", "New", "5 - Planning", ts("2026-10-08 07:30"), None, None, "Access",
     "IAM", 0, 0, 0, ts("2026-10-08 07:30"), None, None),
    ("INC9000005", "Canceled", "5 - Planning", ts("2026-10-08 07:30"), None,
     ts("2026-10-08 08:00"), "Access", "IAM", 2, 0, 1, ts("2026-10-08 08:00"), None, None),
]

#: What the store must hold after a sync: one ticket per incident, its latest state.
EXPECTED_TICKETS = pd.DataFrame(
    [
        ("INC9000001", "Service Desk", "Network", "P1", ts("2026-10-01 08:00"),
         ts("2026-10-01 11:30"), None, "Resolved", True, 0, "Network Ops", "Configuration",
         True),
        ("INC9000002", "Service Desk", "Email", "P2", ts("2026-10-02 09:15"),
         ts("2026-10-03 10:00"), ts("2026-10-06 10:00"), "Closed", False, 1, "Messaging",
         "Software defect", False),
        ("INC9000003", "Service Desk", "Laptop", "P3", ts("2026-10-05 14:00"), None, None,
         "On hold", False, 0, "Desktop Deployment", None, None),
        ("INC9000004", "Service Desk", "Printing", "P4", ts("2026-10-07 16:45"), None, None,
         "In progress", False, 0, "Service Desk L1", None, None),
        ("INC9000005", "Service Desk", "Access", "P4", ts("2026-10-08 07:30"), None,
         ts("2026-10-08 08:00"), "Cancelled", True, 0, "IAM", None, None),
    ],
    columns=["ticket_id", "service", "category", "priority", "opened_at", "resolved_at",
             "closed_at", "status", "escalated", "reopened_count", "assignment_group",
             "root_cause", "made_sla"],
)

#: The query reads the audit log, so every incident gets its time on hold: none here
#: (INC9000003 still awaits the user at its latest update: no hours counted yet).
EXPECTED_TICKETS["on_hold_hours"] = 0.0

CHANGE_ROWS = [
    ("CHG9000001", "Infrastructure", "PRJ-001", "nrm", ts("2026-10-03 20:00"),
     ts("2026-10-03 21:10"), "ok", 0),
    ("CHG9000002", "Applications", None, "emg", ts("2026-10-04 02:00"),
     ts("2026-10-04 02:30"), "ko", 2),
    ("CHG9000003", "Service Desk", None, "std", ts("2026-10-09 09:00"), None, "cxl", None),
]
EXPECTED_CHANGES = pd.DataFrame(
    [
        ("CHG9000001", "Infrastructure", "PRJ-001", "Normal", ts("2026-10-03 20:00"),
         ts("2026-10-03 21:10"), "Successful", False),
        ("CHG9000002", "Applications", None, "Emergency", ts("2026-10-04 02:00"),
         ts("2026-10-04 02:30"), "Failed", True),
        ("CHG9000003", "Service Desk", None, "Standard", ts("2026-10-09 09:00"), None,
         "Cancelled", None),
    ],
    columns=["change_id", "service", "project_id", "type", "planned_start", "implemented_at",
             "outcome", "caused_incident"],
)
# fmt: on

CHANGE_MAPPING = Mapping(
    dataset="changes",
    name="cmdb-changes",
    description="The CMDB's change table",
    columns={
        "change_id": "chg_no",
        "service": "svc_name",
        "project_id": "proj_code",
        "type": "chg_kind",
        "planned_start": "window_start",
        "implemented_at": "done_at",
        "outcome": "result_code",
    },
    values={
        "type": {"std": "Standard", "nrm": "Normal", "emg": "Emergency"},
        "outcome": {"ok": "Successful", "ko": "Failed", "rbk": "Rolled back", "cxl": "Cancelled"},
    },
    flags={"caused_incident": Flag(source="incident_count", above=0)},
)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture
def itsm_url(pg_server) -> str:
    """A fresh foreign database per test, shaped like a ticketing tool's."""
    url = pg_server.create_database(f"itsm_{next(_foreign_databases)}")
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text(INCIDENT_DDL))
        conn.execute(sa.text(CHANGE_DDL))
        placeholders = ", ".join(f":{c}" for c in INCIDENT_COLUMNS)
        conn.execute(
            sa.text(
                f"INSERT INTO incident ({', '.join(INCIDENT_COLUMNS)}) VALUES ({placeholders})"
            ),
            [dict(zip(INCIDENT_COLUMNS, row, strict=True)) for row in INCIDENT_ROWS],
        )
        conn.execute(
            sa.text(
                "INSERT INTO cmdb_change VALUES (:a, :b, :c, :d, :e, :f, :g, :h)",
            ),
            [dict(zip("abcdefgh", row, strict=True)) for row in CHANGE_ROWS],
        )
    engine.dispose()
    return url


@pytest.fixture
def itsm(itsm_url):
    engine = sa.create_engine(itsm_url)
    yield engine
    engine.dispose()


@pytest.fixture
def store(writable_engine):
    """The store, with the change table's mapping saved in it."""
    save_mapping(writable_engine, CHANGE_MAPPING, user_name="ops")
    return writable_engine


def write_sources(tmp_path: Path, text: str, name: str = "sources.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def sources_file(tmp_path, itsm_url, monkeypatch) -> Path:
    """Two sources: the incidents by url_env (ServiceNow mapping), the changes by url."""
    monkeypatch.setenv("ITSM_DB_URL", itsm_url)
    return write_sources(
        tmp_path,
        f'''
[[source]]
name = "ITSM incidents"
url_env = "ITSM_DB_URL"
dataset = "tickets"
mapping = "servicenow-incidents"
query = """{TICKETS_QUERY}"""

[[source]]
name = "CMDB changes"
url = "{itsm_url}"
dataset = "changes"
mapping = "cmdb-changes"
query = "{CHANGES_QUERY}"
''',
    )


# --------------------------------------------------------------------------- helpers


def imported(engine, name: str, prefix: str) -> pd.DataFrame:
    """The stored rows of a dataset whose key starts with ``prefix`` (the synced ones)."""
    frame = current(engine, name)
    key = schema.dataset(name).keys[0]
    return frame[frame[key].str.startswith(prefix)].reset_index(drop=True)


def snapshot(engine) -> dict[str, pd.DataFrame]:
    """Everything a sync could touch: tickets, changes, and the import log."""
    return {
        "tickets": current(engine, "tickets"),
        "changes": current(engine, "changes"),
        "log": import_log(engine),
    }


def assert_unchanged(engine, before: dict[str, pd.DataFrame], *, log_grew_by: int = 0) -> None:
    after = snapshot(engine)
    pd.testing.assert_frame_equal(after["tickets"], before["tickets"])
    pd.testing.assert_frame_equal(after["changes"], before["changes"])
    assert len(after["log"]) == len(before["log"]) + log_grew_by


def run_sync(engine, path: Path, **kw) -> dict[str, sources.SyncOutcome]:
    return {o.label: o for o in sources.sync(engine, sources.load_sources(path), **kw)}


def errors_of(report) -> str:
    return "\n".join(str(p) for p in report.problems.errors)


def expected_frame(name: str, rows: pd.DataFrame) -> pd.DataFrame:
    from data_access.ingest.coerce import canonical_frame

    ds = schema.dataset(name)
    return canonical_frame(ds, rows.reindex(columns=list(ds.column_names)))


# --------------------------------------------------------------------------- a good sync


def test_sync_brings_the_latest_state_of_each_ticket_and_the_mapped_changes(store, sources_file):
    outcomes = run_sync(store, sources_file, user_name="ops")

    assert list(outcomes) == ["ITSM incidents", "CMDB changes"]
    for outcome in outcomes.values():
        assert not outcome.report.refused, errors_of(outcome.report)
        assert outcome.report.result.outcome == schema.OUTCOME_COMMITTED
    assert outcomes["ITSM incidents"].report.changes.summary() == {
        "tickets": {"added": 5, "changed": 0, "removed": 0, "unchanged": 0}
    }
    assert outcomes["CMDB changes"].report.changes.summary() == {
        "changes": {"added": 3, "changed": 0, "removed": 0, "unchanged": 0}
    }

    pd.testing.assert_frame_equal(
        imported(store, "tickets", "INC9"), expected_frame("tickets", EXPECTED_TICKETS)
    )
    pd.testing.assert_frame_equal(
        imported(store, "changes", "CHG9"), expected_frame("changes", EXPECTED_CHANGES)
    )
    with store.connect() as conn:  # the synced tickets and changes are in the summaries
        assert summaries.differences(conn) == {}

    entries = import_log(store).head(2)
    assert entries["source"].tolist() == ["sync: CMDB changes", "sync: ITSM incidents"]
    assert entries["outcome"].tolist() == [schema.OUTCOME_COMMITTED] * 2
    assert entries["datasets"].tolist() == ["changes", "tickets"]
    assert entries["rows_added"].tolist() == [3, 5]
    assert entries["user_name"].tolist() == ["ops", "ops"]


def test_sync_leaves_the_other_tickets_alone(store, sources_file):
    before = current(store, "tickets")
    run_sync(store, sources_file)
    after = current(store, "tickets")
    assert len(after) == len(before) + 5
    kept = after[~after["ticket_id"].str.startswith("INC9")].reset_index(drop=True)
    pd.testing.assert_frame_equal(kept, before)


def test_a_second_sync_without_source_change_is_unchanged(store, sources_file):
    run_sync(store, sources_file)
    stored = snapshot(store)

    outcomes = run_sync(store, sources_file)

    for outcome in outcomes.values():
        assert outcome.report.result.outcome == schema.OUTCOME_UNCHANGED
        assert outcome.report.changes.is_empty
    assert outcomes["ITSM incidents"].report.changes.datasets["tickets"].unchanged == 5
    assert_unchanged(store, stored, log_grew_by=2)
    entries = import_log(store).head(2)
    assert entries["outcome"].tolist() == [schema.OUTCOME_UNCHANGED] * 2
    assert entries["source"].tolist() == ["sync: CMDB changes", "sync: ITSM incidents"]


def test_a_row_updated_in_the_source_shows_as_one_changed_ticket(store, sources_file, itsm):
    run_sync(store, sources_file)
    with itsm.begin() as conn:
        conn.execute(
            sa.text(
                "UPDATE incident SET incident_state = 'Closed', "
                "closed_at = '2026-10-04 09:00', sys_updated_at = '2026-10-04 09:00' "
                "WHERE number = 'INC9000001' AND sys_mod_count = 2"
            )
        )

    outcomes = run_sync(store, sources_file)

    tickets = outcomes["ITSM incidents"].report
    assert tickets.result.outcome == schema.OUTCOME_COMMITTED
    assert tickets.changes.summary() == {
        "tickets": {"added": 0, "changed": 1, "removed": 0, "unchanged": 4}
    }
    assert tickets.changes.datasets["tickets"].changed["ticket_id"].tolist() == ["INC9000001"]
    assert outcomes["CMDB changes"].report.result.outcome == schema.OUTCOME_UNCHANGED
    row = imported(store, "tickets", "INC9000001").iloc[0]
    assert row["status"] == "Closed"
    assert row["closed_at"] == pd.Timestamp("2026-10-04 09:00")
    entry = import_log(store).iloc[1]  # the incidents come first, then the changes
    assert (entry["source"], entry["outcome"], entry["rows_changed"]) == (
        "sync: ITSM incidents",
        schema.OUTCOME_COMMITTED,
        1,
    )


def test_a_new_audit_row_in_the_source_moves_the_ticket_on(store, sources_file, itsm):
    run_sync(store, sources_file)
    with itsm.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO incident (number, incident_state, priority, opened_at, resolved_at,"
                " category, assignment_group, reassignment_count, reopen_count, sys_mod_count,"
                " sys_updated_at, made_sla, closed_code) VALUES ('INC9000004', 'Resolved',"
                " '4 - Low', '2026-10-07 16:45', '2026-10-08 10:00', 'Printing', 'Print Ops',"
                " 1, 0, 1, '2026-10-08 10:00', true, 'User error')"
            )
        )
    outcomes = run_sync(store, sources_file)
    assert outcomes["ITSM incidents"].report.changes.total("changed") == 1
    row = imported(store, "tickets", "INC9000004").iloc[0]
    assert (row["status"], row["assignment_group"], row["escalated"], row["made_sla"]) == (
        "Resolved",
        "Print Ops",
        True,
        True,
    )


def test_dry_run_shows_the_changes_and_writes_nothing(store, sources_file, itsm):
    before = snapshot(store)

    outcomes = run_sync(store, sources_file, dry_run=True)

    for outcome in outcomes.values():
        assert outcome.report.dry_run and not outcome.report.refused
        assert outcome.report.result is None
    assert outcomes["ITSM incidents"].report.changes.total("added") == 5
    assert outcomes["CMDB changes"].report.changes.total("added") == 3
    assert_unchanged(store, before)

    run_sync(store, sources_file)
    with itsm.begin() as conn:
        conn.execute(
            sa.text("UPDATE cmdb_change SET result_code = 'rbk' WHERE chg_no = 'CHG9000001'")
        )
    committed = snapshot(store)
    outcomes = run_sync(store, sources_file, dry_run=True)
    assert outcomes["CMDB changes"].report.changes.summary() == {
        "changes": {"added": 0, "changed": 1, "removed": 0, "unchanged": 2}
    }
    assert_unchanged(store, committed)


def test_a_synced_import_can_be_rolled_back(store, sources_file):
    before = snapshot(store)
    outcomes = run_sync(store, sources_file)
    tickets_import = outcomes["ITSM incidents"].report.result.import_id
    changes_import = outcomes["CMDB changes"].report.result.import_id

    result = versioning.rollback(store, tickets_import, user_name="ops")

    assert result.changes.total("removed") == 5
    pd.testing.assert_frame_equal(current(store, "tickets"), before["tickets"])
    assert len(imported(store, "changes", "CHG9")) == 3  # the other source's import stays
    with store.connect() as conn:
        record = versioning.import_record(conn, tickets_import)
    assert record["outcome"] == schema.OUTCOME_ROLLED_BACK
    assert record["rolled_back_by"] == result.import_id

    with store.connect() as conn:  # the sync and its rollback kept the summaries true
        assert summaries.differences(conn) == {}
    versioning.rollback(store, changes_import)
    assert_unchanged(store, before, log_grew_by=4)

    # After the rollback the source is still there: the next sync brings the tickets back.
    again = run_sync(store, sources_file)
    assert again["ITSM incidents"].report.changes.total("added") == 5


def test_a_source_without_mapping_whose_query_speaks_steerco(store, tmp_path, itsm_url):
    """Columns aliased to Steerco's names need no mapping; replace_scope is passed on."""
    query = (
        "SELECT chg_no AS change_id, svc_name AS service, 'Standard' AS type, "
        "window_start AS planned_start FROM cmdb_change"
    )
    path = write_sources(
        tmp_path,
        f'[[source]]\nname = "plain"\nurl = "{itsm_url}"\ndataset = "changes"\n'
        f'query = "{query}"\nreplace_scope = false\n',
    )
    (config,) = sources.load_sources(path)
    assert config.replace_scope is False and config.mapping is None
    outcome = run_sync(store, path)["plain"]
    assert not outcome.report.refused, errors_of(outcome.report)
    rows = imported(store, "changes", "CHG9")
    assert rows["type"].tolist() == ["Standard"] * 3
    assert rows["service"].tolist() == ["Infrastructure", "Applications", "Service Desk"]


# --------------------------------------------------------------------------- a bad sources file


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[source]\nname = 'x'\n", "is not valid TOML"),
        ("title = 'no sources here'\n", "lists no [[source]]"),
        (
            "[[source]]\nname = 'ITSM'\nurl = 'postgresql://x/y'\ndataset = 'tickets'\n",
            "('ITSM'): missing query",
        ),
        (
            "[[source]]\nname = 'ITSM'\ndataset = 'tickets'\nquery = 'SELECT 1'\n",
            "missing url or url_env",
        ),
        (
            "[[source]]\nname = 'ITSM'\nurl = 'postgresql://x/y'\nquery = 'SELECT 1'\n",
            "missing dataset",
        ),
        (
            "[[source]]\nname = 'ITSM'\nurl = 'postgresql://x/y'\ndataset = 'incidents'\n"
            "query = 'SELECT 1'\n",
            "no dataset 'incidents'",
        ),
        (
            "[[source]]\nname = 'ITSM'\nurl = 'postgresql://x/y'\ndataset = 'tickets'\n"
            "query = 'DELETE FROM incident'\n",
            "('ITSM'): the query must be a SELECT",
        ),
        (
            "[[source]]\nname = 'ITSM'\nurl = 'postgresql://x/y'\ndataset = 'tickets'\n"
            "query = 'DROP TABLE incident'\n",
            "('ITSM'): the query must be a SELECT",
        ),
        (
            "[[source]]\nname = 'ITSM'\nurl = 'postgresql://x/y'\ndataset = 'tickets'\n"
            "query = 'SELECT 1'\ntable = 'incident'\n",
            "unknown key(s) table",
        ),
    ],
    ids=[
        "invalid-toml",
        "no-source",
        "no-query",
        "no-url",
        "no-dataset",
        "unknown-dataset",
        "delete",
        "drop",
        "unknown-key",
    ],
)
def test_a_bad_sources_file_is_refused_with_a_clear_message(tmp_path, text, message):
    path = write_sources(tmp_path, text)
    with pytest.raises(sources.SourceError) as caught:
        sources.load_sources(path)
    assert message in str(caught.value)
    assert "sources.toml" in str(caught.value)  # the user is told which file


def test_a_missing_sources_file_is_named(tmp_path):
    with pytest.raises(sources.SourceError, match=r"No sources file at .*nowhere\.toml"):
        sources.load_sources(tmp_path / "nowhere.toml")


def test_a_bad_source_later_in_the_file_refuses_the_whole_file(tmp_path, itsm_url):
    path = write_sources(
        tmp_path,
        f"[[source]]\nname = 'good'\nurl = '{itsm_url}'\ndataset = 'tickets'\n"
        f"query = 'SELECT 1'\n\n[[source]]\nname = 'bad'\nurl = '{itsm_url}'\n"
        "dataset = 'tickets'\nquery = 'TRUNCATE incident'\n",
    )
    with pytest.raises(sources.SourceError, match=r"source 2 \('bad'\)"):
        sources.load_sources(path)


# --------------------------------------------------------------------------- a bad source


def one_source(tmp_path: Path, *, url: str | None = None, **fields) -> Path:
    entry = {"name": "ITSM incidents", "dataset": "tickets", "query": TICKETS_QUERY, **fields}
    if url is not None:
        entry["url"] = url
    lines = ["[[source]]", *(f'{k} = """{v}"""' for k, v in entry.items())]
    return write_sources(tmp_path, "\n".join(lines) + "\n")


def assert_refused_and_recorded(store, before, report, *fragments: str) -> None:
    assert report.refused and report.result is None
    message = errors_of(report)
    for fragment in fragments:
        assert fragment in message
    assert "Traceback" not in message
    assert_unchanged(store, before, log_grew_by=1)
    entry = import_log(store).iloc[0]
    assert entry["source"] == "sync: ITSM incidents"
    assert entry["outcome"] == schema.OUTCOME_REFUSED
    assert entry["datasets"] == "tickets"
    for fragment in fragments:
        assert fragment in entry["message"]


def test_a_source_database_that_is_down_fails_quickly_naming_the_source(store, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nobody listens there once the socket is closed
    url = f"postgresql+psycopg://reader:secret@127.0.0.1:{port}/itsm"
    path = one_source(tmp_path, url=url, mapping="servicenow-incidents")
    before = snapshot(store)

    started = time.perf_counter()
    report = run_sync(store, path)["ITSM incidents"].report
    elapsed = time.perf_counter() - started

    assert elapsed < 10
    assert_refused_and_recorded(
        store, before, report, "source 'ITSM incidents'", f"127.0.0.1:{port}", "could not be read"
    )
    assert "secret" not in errors_of(report)  # the password is not shown


def test_a_url_that_is_no_database_url_is_refused(store, tmp_path):
    path = one_source(tmp_path, url="itsm.example.com:5432", mapping="servicenow-incidents")
    before = snapshot(store)
    report = run_sync(store, path)["ITSM incidents"].report
    assert_refused_and_recorded(
        store, before, report, "source 'ITSM incidents' (<invalid database URL>)"
    )


def test_a_query_error_is_reported_with_the_database_reason(store, tmp_path, itsm_url):
    path = one_source(
        tmp_path, url=itsm_url, query="SELECT number FROM incidnt", mapping="servicenow-incidents"
    )
    before = snapshot(store)
    report = run_sync(store, path)["ITSM incidents"].report
    assert_refused_and_recorded(
        store, before, report, "source 'ITSM incidents'", 'relation "incidnt" does not exist'
    )


def test_rows_that_fail_validation_are_refused_and_nothing_is_written(
    store, tmp_path, itsm_url, itsm
):
    with itsm.begin() as conn:
        conn.execute(
            sa.text(
                "UPDATE incident SET priority = '9 - Whenever' WHERE number = 'INC9000004';"
                "UPDATE incident SET resolved_at = '2026-09-01 00:00' "
                "WHERE number = 'INC9000001' AND sys_mod_count = 2"
            )
        )
    path = one_source(tmp_path, url=itsm_url, mapping="servicenow-incidents")
    before = snapshot(store)

    report = run_sync(store, path)["ITSM incidents"].report

    assert_refused_and_recorded(store, before, report, "9 - Whenever", "is before opened_at")
    assert "source 'ITSM incidents'" in errors_of(report)  # where: the source, not a file


def test_an_unset_url_env_is_named(store, tmp_path, monkeypatch):
    monkeypatch.delenv("ITSM_NOT_SET", raising=False)
    path = one_source(tmp_path, url_env="ITSM_NOT_SET", mapping="servicenow-incidents")
    before = snapshot(store)
    report = run_sync(store, path)["ITSM incidents"].report
    assert_refused_and_recorded(
        store, before, report, "source 'ITSM incidents'", "ITSM_NOT_SET is not set"
    )


def test_an_unknown_mapping_is_named(store, tmp_path, itsm_url):
    path = one_source(tmp_path, url=itsm_url, mapping="servicenow-incidnets")
    before = snapshot(store)
    report = run_sync(store, path)["ITSM incidents"].report
    assert_refused_and_recorded(store, before, report, "no mapping called 'servicenow-incidnets'")


def test_a_mapping_for_another_dataset_is_refused(store, tmp_path, itsm_url):
    path = one_source(tmp_path, url=itsm_url, dataset="changes", mapping="servicenow-incidents")
    before = snapshot(store)
    report = run_sync(store, path)["ITSM incidents"].report
    assert report.refused
    assert "tickets" in errors_of(report) and "changes" in errors_of(report)
    assert_unchanged(store, before, log_grew_by=1)


def test_a_failing_source_does_not_stop_the_others(store, tmp_path, itsm_url):
    path = write_sources(
        tmp_path,
        f"[[source]]\nname = 'broken'\nurl = '{itsm_url}'\ndataset = 'tickets'\n"
        "query = 'SELECT * FROM nowhere'\n\n"
        f"[[source]]\nname = 'CMDB changes'\nurl = '{itsm_url}'\ndataset = 'changes'\n"
        f"mapping = 'cmdb-changes'\nquery = '{CHANGES_QUERY}'\n",
    )
    outcomes = run_sync(store, path)
    assert outcomes["broken"].report.refused
    assert outcomes["CMDB changes"].report.committed
    assert import_log(store).head(2)["outcome"].tolist() == [
        schema.OUTCOME_COMMITTED,
        schema.OUTCOME_REFUSED,
    ]


def test_a_refused_dry_run_records_nothing(store, tmp_path, itsm_url):
    path = one_source(tmp_path, url=itsm_url, query="SELECT * FROM nowhere")
    before = snapshot(store)
    report = run_sync(store, path, dry_run=True)["ITSM incidents"].report
    assert report.refused
    assert_unchanged(store, before)


def test_a_data_modifying_cte_fails_and_leaves_the_source_intact(store, tmp_path, itsm_url, itsm):
    query = "WITH gone AS (DELETE FROM incident RETURNING number) SELECT number FROM gone"
    path = one_source(tmp_path, url=itsm_url, query=query)
    before = snapshot(store)
    report = run_sync(store, path)["ITSM incidents"].report
    assert_refused_and_recorded(store, before, report, "source 'ITSM incidents'", "read-only")
    with itsm.connect() as conn:
        count = conn.execute(sa.text("SELECT count(*) FROM incident")).scalar()
    assert count == len(INCIDENT_ROWS)


@pytest.mark.parametrize(
    "query",
    ["SELECT 1 AS number; DELETE FROM incident", "SELECT 1; COMMIT; DELETE FROM incident"],
    ids=["second-statement", "commit-then-delete"],
)
def test_a_query_of_several_statements_is_refused(tmp_path, itsm_url, query):
    path = one_source(tmp_path, url=itsm_url, query=query)
    with pytest.raises(sources.SourceError, match="must be one statement"):
        sources.load_sources(path)


def test_a_semicolon_in_a_string_or_at_the_end_is_fine(tmp_path, itsm_url):
    query = "SELECT number FROM incident WHERE category <> 'a;b' -- not; a statement\n;"
    (config,) = sources.load_sources(one_source(tmp_path, url=itsm_url, query=query))
    assert config.query.endswith("-- not; a statement")


# --------------------------------------------------------------------------- the command line


def test_cli_sync_prints_a_line_per_source(store, sources_file, writable_url, capsys):
    code = cli.main(["sync", "--config", str(sources_file), "--db", writable_url])
    out = capsys.readouterr().out
    assert code == cli.EXIT_OK, out
    assert "ITSM incidents: committed" in out
    assert "CMDB changes: committed" in out
    assert "tickets" in out and "added       5" in out

    code = cli.main(["sync", "--config", str(sources_file), "--db", writable_url])
    out = capsys.readouterr().out
    assert code == cli.EXIT_OK
    assert "ITSM incidents: unchanged" in out
    assert "CMDB changes: unchanged" in out


def test_cli_sync_dry_run(store, sources_file, writable_url, capsys):
    before = snapshot(store)
    code = cli.main(["sync", "--config", str(sources_file), "--db", writable_url, "--dry-run"])
    out = capsys.readouterr().out
    assert code == cli.EXIT_OK
    assert "ITSM incidents: checked (dry run)" in out
    assert_unchanged(store, before)


def test_cli_sync_refusal_exits_non_zero_with_the_message(store, tmp_path, writable_url, capsys):
    path = one_source(tmp_path, url="postgresql+psycopg://reader@127.0.0.1:1/itsm")
    before = snapshot(store)
    code = cli.main(["sync", "--config", str(path), "--db", writable_url])
    captured = capsys.readouterr()
    assert code == cli.EXIT_FAILED
    assert "ITSM incidents: refused" in captured.out
    assert "source 'ITSM incidents' (postgresql+psycopg://reader@127.0.0.1:1/itsm)" in captured.out
    assert "Traceback" not in captured.out + captured.err
    assert_unchanged(store, before, log_grew_by=1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (None, "No sources file at"),
        ("[[source]\n", "is not valid TOML"),
        (
            "[[source]]\nname = 'ITSM'\nurl = 'postgresql://x/y'\ndataset = 'tickets'\n"
            "query = 'DROP TABLE incident'\n",
            "the query must be a SELECT",
        ),
    ],
    ids=["missing", "invalid-toml", "drop"],
)
def test_cli_sync_bad_sources_file(store, tmp_path, writable_url, capsys, text, message):
    path = tmp_path / "sources.toml"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    before = snapshot(store)
    code = cli.main(["sync", "--config", str(path), "--db", writable_url])
    captured = capsys.readouterr()
    assert code == cli.EXIT_FAILED
    assert message in captured.err
    assert captured.err.startswith("steerco: ")
    assert_unchanged(store, before)
