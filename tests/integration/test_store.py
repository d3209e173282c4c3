"""Schema, seed and every query on SQLite and on a real PostgreSQL server.

Expected values are computed independently with pandas from the same generated frames.
"""

from __future__ import annotations

import os
import re
import shutil
from datetime import datetime, time, timedelta

import pandas as pd
import pytest
import sqlalchemy as sa

from data_access import engine as store_engine
from data_access import queries, roadmap_queries, sample_history, schema, store, versioning
from data_access.filters import Filters
from data_access.ingest import mapping, service
from tests.support import recompute
from tests.support.store_state import current, snapshot

HIGH = 15


def test_every_dataset_is_loaded_with_its_row_count(engine, sample_frames):
    with engine.connect() as conn:
        counts = store.row_counts(conn)
        assert store.schema_version(conn) == schema.SCHEMA_VERSION
    assert counts == {name: len(frame) for name, frame in sample_frames.items()}
    assert counts["tickets"] == 25_000


def test_tables_have_the_schema_columns_and_keys(engine):
    inspector = sa.inspect(engine)
    for ds in schema.DATASETS:
        columns = [c["name"] for c in inspector.get_columns(ds.name)]
        assert columns == [*ds.column_names, *schema.SYSTEM_COLUMNS]
        pk = inspector.get_pk_constraint(ds.name)["constrained_columns"]
        assert sorted(pk) == sorted(ds.keys)


def test_duplicate_key_is_refused_by_the_database(engine, sample_frames):
    row = sample_frames["projects"].iloc[[0]]
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
        store.bulk_insert(conn, schema.TABLES["projects"], row)


def test_filter_options_list_distinct_values(engine, sample_frames):
    with engine.connect() as conn:
        options = queries.filter_options(conn)
    projects = sample_frames["projects"]
    assert options["programme"] == sorted(projects["programme"].dropna().unique())
    assert set(options["phase"]) == set(projects["phase"].unique())
    assert options["phase"][0] == "Initiation"  # lifecycle order, not alphabetical


def _expected_money(frames, as_of):
    fin = frames["financials"]
    past = fin["period"] <= pd.Timestamp(as_of)
    remaining = fin["period"] >= pd.Timestamp(as_of.replace(day=1))
    return pd.DataFrame(
        {
            "pv": fin["budget"].where(past, 0).fillna(0).groupby(fin["project_id"]).sum(),
            "ac": fin["actual"].where(past, 0).fillna(0).groupby(fin["project_id"]).sum(),
            "remaining_forecast": fin["forecast"]
            .where(remaining, 0)
            .fillna(0)
            .groupby(fin["project_id"])
            .sum(),
        }
    )


def test_portfolio_aggregates_finance_to_date_in_sql(engine, sample_frames, as_of):
    with engine.connect() as conn:
        frame = queries.portfolio(conn, Filters(as_of=as_of), HIGH).set_index("project_id")
    expected = _expected_money(sample_frames, as_of)
    assert len(frame) == len(sample_frames["projects"])
    for col in ("pv", "ac", "remaining_forecast"):
        got = frame[col].reindex(expected.index)
        assert got.to_numpy() == pytest.approx(expected[col].to_numpy(), rel=1e-9, abs=0.01), col


def test_portfolio_joins_the_latest_report_on_or_before_as_of(engine, sample_frames, as_of):
    reports = sample_frames["status_reports"]
    when = as_of - timedelta(days=60)
    with engine.connect() as conn:
        frame = queries.portfolio(conn, Filters(as_of=when), HIGH).set_index("project_id")
    earlier = reports[reports["report_date"] <= pd.Timestamp(when)]
    latest = (
        earlier.sort_values("report_date").groupby("project_id").tail(1).set_index("project_id")
    )
    assert frame.loc[latest.index, "report_date"].tolist() == latest["report_date"].tolist()
    assert frame.loc[latest.index, "overall_rag"].tolist() == latest["overall_rag"].tolist()
    no_report = frame.index.difference(latest.index)
    assert frame.loc[no_report, "overall_rag"].isna().all()


@pytest.mark.parametrize("days_back", [0, 60, 180])
def test_portfolio_counts_the_high_risks_open_on_the_as_of_date(
    engine, sample_frames, as_of, days_back
):
    """Raised by the date and not closed by it: a risk raised later or closed before does not
    count, the same rule as the top-risks list (the computed risk RAG rests on this count)."""
    day = as_of - timedelta(days=days_back)
    raid = sample_frames["raid"]
    open_risks = raid[
        (raid["type"] == "Risk") & recompute.open_on(raid, day) & raid["project_id"].notna()
    ]
    score = open_risks["probability"] * open_risks["impact"]
    expected = (score >= HIGH).groupby(open_risks["project_id"]).sum()
    with engine.connect() as conn:
        frame = queries.portfolio(conn, Filters(as_of=day), HIGH).set_index("project_id")
    assert frame.loc[expected.index, "open_high_risks"].tolist() == expected.astype(int).tolist()
    assert frame["open_high_risks"].sum() == int((score >= HIGH).sum())
    assert frame["open_risks"].sum() == len(open_risks)


@pytest.mark.parametrize(
    "column", ["programme", "portfolio", "sponsor", "project_manager", "phase"]
)
def test_each_project_filter_narrows_in_sql(engine, sample_frames, as_of, column):
    projects = sample_frames["projects"]
    value = projects[column].dropna().iloc[0]
    with engine.connect() as conn:
        frame = queries.portfolio(conn, Filters(as_of=as_of, **{column: (value,)}), HIGH)
    assert sorted(frame["project_id"]) == sorted(
        projects.loc[projects[column] == value, "project_id"]
    )


def test_rag_filter_uses_latest_reported_overall_status(engine, sample_frames, as_of):
    reports = sample_frames["status_reports"]
    latest = (
        reports[reports["report_date"] <= pd.Timestamp(as_of)]
        .sort_values("report_date")
        .groupby("project_id")
        .tail(1)
    )
    expected = sorted(latest.loc[latest["overall_rag"] == "R", "project_id"])
    with engine.connect() as conn:
        frame = queries.portfolio(conn, Filters(as_of=as_of, rag=("R",)), HIGH)
    assert expected and sorted(frame["project_id"]) == expected


def test_filters_combine_and_can_match_nothing(engine, as_of):
    with engine.connect() as conn:
        frame = queries.portfolio(
            conn, Filters(as_of=as_of, programme=("No such programme",)), HIGH
        )
        assert frame.empty
        assert "eac" not in frame.columns or frame.empty


def test_filter_values_are_bound_not_spliced(engine, as_of):
    hostile = "x') OR 1=1 --"
    with engine.connect() as conn:
        assert queries.portfolio(conn, Filters(as_of=as_of, sponsor=(hostile,)), HIGH).empty
        assert queries.project(conn, hostile).empty


def test_reports_as_of_and_meetings(engine, sample_frames, as_of):
    with engine.connect() as conn:
        snap = queries.reports_as_of(conn, Filters(), as_of)
        meetings = queries.meetings(conn)
    assert snap["project_id"].is_unique
    assert (snap["report_date"] <= pd.Timestamp(as_of)).all()
    assert len(meetings) == len(sample_frames["meetings"])
    assert meetings["meeting_date"].is_monotonic_increasing


def test_milestones_due_soon_or_overdue(engine, sample_frames, as_of):
    horizon = as_of + timedelta(days=30)
    ms = sample_frames["milestones"]
    expected = ms[ms["actual_date"].isna() & (ms["forecast_date"] <= pd.Timestamp(horizon))]
    with engine.connect() as conn:
        due = queries.milestones(conn, Filters(as_of=as_of), open_due_before=horizon)
    assert sorted(due["milestone_id"]) == sorted(expected["milestone_id"])
    assert due["project_name"].notna().all()


def test_raid_sorted_by_score_with_portfolio_level_items(engine, sample_frames):
    with engine.connect() as conn:
        risks = queries.raid(conn, Filters(), types=("Risk",), open_only=True, limit=10)
        one = queries.raid(conn, Filters(), project_id="PRJ-001")
    assert len(risks) == 10
    assert risks["score"].is_monotonic_decreasing
    raid = sample_frames["raid"]
    assert sorted(one["raid_id"]) == sorted(raid.loc[raid["project_id"] == "PRJ-001", "raid_id"])


def test_raid_as_of_a_past_date_shows_the_state_of_that_day(engine, sample_frames, as_of):
    """Items raised later are left out, items closed later were open then (status "Open"),
    exactly as the Risks page computes it, so Overview and Risks agree on any as-of date."""
    from data_access import risks_queries

    past = as_of - timedelta(days=120)
    raid = sample_frames["raid"].copy()
    raised = pd.to_datetime(raid["raised_date"])
    closed = pd.to_datetime(raid["closed_date"])
    day = pd.Timestamp(past)
    raised_by = raised.isna() | (raised <= day)
    closed_by = (closed.notna() & (closed <= day)) | (closed.isna() & (raid["status"] == "Closed"))
    expected_open = raid.loc[raised_by & ~closed_by, "raid_id"]
    closed_later = raid.loc[raised_by & ~closed_by & (raid["status"] == "Closed"), "raid_id"]
    assert len(closed_later) > 0, "the sample must have items closed after the past date"
    with engine.connect() as conn:
        open_then = queries.raid(conn, Filters(as_of=past), open_only=True)
        everything = queries.raid(conn, Filters(as_of=past))
        top = queries.raid(conn, Filters(as_of=past), types=("Risk",), open_only=True, limit=10)
        risks_page = risks_queries.open_items(conn, Filters(as_of=past))
    assert sorted(open_then["raid_id"]) == sorted(expected_open)
    assert sorted(everything["raid_id"]) == sorted(raid.loc[raised_by, "raid_id"])
    statuses = open_then.set_index("raid_id").loc[list(closed_later), "status"]
    assert set(statuses) == {"Open"}
    page_top = risks_page.loc[risks_page["type"] == "Risk", "raid_id"].head(10)
    assert list(top["raid_id"]) == list(page_top), "Overview's top risks = the Risks page's"


def test_project_reports_and_monthly_financials(engine, sample_frames, as_of):
    pid = "PRJ-001"
    with engine.connect() as conn:
        reports = queries.project_reports(conn, pid, as_of, ("Submitted", "Approved"))
        monthly = queries.project_financials_monthly(conn, pid)
    fin = sample_frames["financials"]
    mine = fin[fin["project_id"] == pid]
    assert monthly["budget"].sum() == pytest.approx(mine["budget"].sum())
    assert monthly["period"].is_monotonic_increasing
    assert reports["report_date"].is_monotonic_increasing and (reports["project_id"] == pid).all()


def test_freshness_and_data_version(engine, sample_frames, as_of):
    with engine.connect() as conn:
        info = queries.freshness(conn)
        version = queries.data_version(conn)
    reports = sample_frames["status_reports"]
    assert info["latest_report"] == reports["report_date"].max().date()
    assert info["projects"] == len(sample_frames["projects"])
    assert version >= 1


def test_first_data_day_is_the_earliest_start_report_month_or_raid_item(engine, sample_frames):
    earliest = min(
        sample_frames["projects"]["start_date"].min(),
        sample_frames["status_reports"]["report_date"].min(),
        sample_frames["financials"]["period"].min(),
        sample_frames["raid"]["raised_date"].min(),
    )
    assert queries.first_data_day(engine) == pd.Timestamp(earliest).date()


def test_an_empty_store_has_no_first_data_day(empty_sqlite_url):
    eng = store_engine.create_engine(empty_sqlite_url)
    store.ensure_store(eng, seed_if_empty=False)
    assert queries.first_data_day(eng) is None
    eng.dispose()


def test_the_embedded_store_is_created_and_seeded_once(tmp_path, monkeypatch):
    monkeypatch.setattr(store_engine, "DEFAULT_DB_PATH", tmp_path / "data" / "steerco.sqlite")
    engine = store_engine.create_engine(store_engine.default_url())
    assert store.ensure_store(engine) is True
    assert store.ensure_store(engine) is False  # second start: nothing reloaded
    with engine.connect() as conn:
        assert store.row_counts(conn)["projects"] == 40
        # the sample's loads (one per committee cycle, then today's) are one write
        assert len(versioning.import_log(conn)) == sample_history.CYCLES + 1
        assert queries.data_version(conn) == 1
    engine.dispose()


def test_newer_schema_version_is_refused(empty_sqlite_url):
    engine = store_engine.create_engine(empty_sqlite_url)
    store.create_schema(engine)
    with engine.begin() as conn:
        conn.execute(schema.schema_info.update().values(version=schema.SCHEMA_VERSION + 1))
    with pytest.raises(store.SchemaVersionError, match="Upgrade Steerco"):
        store.create_schema(engine)


def test_unreachable_database_gives_a_readable_error():
    engine = store_engine.create_engine("postgresql+psycopg://steerco:secret@127.0.0.1:9/none")
    with pytest.raises(store_engine.StoreUnavailable) as info:
        store_engine.check_connection(engine)
    message = str(info.value)
    assert "cannot be reached" in message and "secret" not in message


def test_invalid_url_gives_a_readable_error():
    with pytest.raises(store_engine.StoreUnavailable, match="not valid"):
        store_engine.create_engine("not a url at all")


# --------------------------------------------------------------------------- the sample's history


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def history_engine(request, tmp_path_factory, as_of):
    """A store seeded by ``load_sample`` at the test anchor: the sample with its history."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('history') / 'steerco.sqlite'}"
    else:
        url = request.getfixturevalue("pg_server").create_database("sample_history")
    eng = store_engine.create_engine(url)
    store.load_sample(eng, as_of=as_of, source="test sample")
    yield eng
    eng.dispose()


def _loads(engine) -> pd.DataFrame:
    with engine.connect() as conn:
        return versioning.import_log(conn).sort_values("import_id", ignore_index=True)


def _eac(financials: pd.DataFrame) -> pd.Series:
    spend = financials["actual"].fillna(0) + financials["forecast"].fillna(0)
    return spend.groupby(financials["project_id"]).sum()


def _running(projects: pd.DataFrame, when: datetime) -> pd.Index:
    """Projects started before ``when`` and running today (not closed, not on hold)."""
    ok = (projects["start_date"] < pd.Timestamp(when)) & projects["phase"].isin(
        ("Execution", "Closing")
    )
    return pd.Index(projects.loc[ok, "project_id"])


def test_the_sample_is_seeded_as_one_load_per_committee_cycle(history_engine, as_of):
    log = _loads(history_engine)
    assert len(log) == 13
    assert set(log["outcome"]) == {schema.OUTCOME_SEEDED}
    assert log["started_at"].is_monotonic_increasing and log["started_at"].is_unique
    assert log["started_at"].iloc[-1] == datetime.combine(as_of, time.min)
    assert (log["started_at"].iloc[:-1].dt.time == time(6)).all()
    first = log.iloc[0]
    assert first["source"] == f"test sample (demo): load of {first['started_at']:%Y-%m-%d}"
    assert "tickets" not in first["datasets"] and "tickets" in log["datasets"].iloc[-1]
    with history_engine.connect() as conn:
        assert queries.data_version(conn) == 1  # the whole history is written at once


def test_the_current_tables_are_the_generated_sample(history_engine, sample_frames):
    for name, frame in sample_frames.items():
        keys = list(schema.dataset(name).keys)
        expected = frame.sort_values(keys, ignore_index=True)
        pd.testing.assert_frame_equal(
            current(history_engine, name), expected, check_dtype=False, obj=name
        )


def test_an_older_load_shows_what_was_known_then(history_engine, sample_frames):
    older = _loads(history_engine)["started_at"].iloc[3].to_pydatetime()
    with history_engine.connect() as conn:
        then = versioning.as_of(conn, "projects", older).set_index("project_id")
        raid = versioning.as_of(conn, "raid", older)
    today = sample_frames["projects"].set_index("project_id")
    assert len(then) < len(today)  # projects starting months later were not known yet
    in_flight = _running(sample_frames["projects"], older)
    assert len(in_flight) >= 10
    assert (
        then.loc[in_flight, "percent_complete"] < today.loc[in_flight, "percent_complete"]
    ).all()
    slip = today["forecast_end_date"] - today["baseline_end_date"]
    late = today.index[slip > pd.Timedelta(days=60)].intersection(in_flight)
    earlier = then.loc[late, "forecast_end_date"] < today.loc[late, "forecast_end_date"]
    assert earlier.sum() >= 2, "late projects were forecast less late before"
    items = sample_frames["raid"]
    raised_later = items.loc[items["raised_date"] > pd.Timestamp(older), "raid_id"]
    assert len(raised_later) > 50
    assert not set(raid["raid_id"]) & set(raised_later)


@pytest.mark.parametrize("meetings_back", [1, 5, 9])
def test_the_estimate_at_completion_at_a_past_meeting(
    history_engine, sample_frames, as_of, meetings_back
):
    """What the committee saw at a past meeting: the load of that cycle (its report due day).
    The actuals of the months before it are today's; the estimates of several projects
    differ from today's."""
    meetings = sample_frames["meetings"]["meeting_date"]
    meeting = meetings[meetings < pd.Timestamp(as_of)].iloc[-meetings_back]
    end_of_day = meeting.to_pydatetime() + timedelta(days=1) - timedelta(microseconds=1)
    loads = _loads(history_engine)["started_at"]
    load = loads[loads <= end_of_day].iloc[-1]
    assert load.date() == (meeting - timedelta(days=7)).date()
    with history_engine.connect() as conn:
        then = versioning.as_of(conn, "financials", end_of_day)
    fin = sample_frames["financials"]
    keys = ["project_id", "period", "category"]
    merged = then.merge(fin, on=keys, suffixes=("", "_today"), validate="1:1")
    before = merged["period"] < load.to_period("M").to_timestamp()
    assert merged.loc[before, "actual"].tolist() == merged.loc[before, "actual_today"].tolist()
    assert merged.loc[~before, "actual"].fillna(0).sum() < merged.loc[~before, "actual_today"].sum()
    eac_then, eac_today = _eac(then), _eac(fin)
    differs = (eac_then - eac_today[eac_then.index]).abs() > 1_000
    assert differs.sum() >= 5


def test_a_slipping_milestone_has_several_versions(history_engine, sample_frames, as_of):
    projects = sample_frames["projects"]
    slip = projects["forecast_end_date"] - projects["baseline_end_date"]
    pid = projects.loc[slip.idxmax(), "project_id"]
    with history_engine.connect() as conn:
        versions = roadmap_queries.milestone_versions(conn, pid, as_of)
    closure = versions[versions["milestone_id"] == versions["milestone_id"].max()]
    assert len(closure) >= 3
    assert closure["forecast_date"].is_monotonic_increasing  # the end kept slipping
    assert closure["forecast_date"].iloc[-1] == projects.loc[slip.idxmax(), "forecast_end_date"]
    assert closure["_valid_to"].iloc[:-1].tolist() == closure["_valid_from"].iloc[1:].tolist()


def test_seeding_the_same_day_twice_gives_the_same_tables(
    history_engine, tmp_path, sample_frames, as_of
):
    again = store_engine.create_engine(f"sqlite:///{tmp_path / 'again.sqlite'}")
    store.load_sample_frames(again, sample_frames, as_of, source="test sample (demo)")
    assert snapshot(again) == snapshot(history_engine)
    assert _loads(again)["source"].tolist() == _loads(history_engine)["source"].tolist()
    again.dispose()


# --------------------------------------------------------------------------- store safety
# An empty configured store stays empty; a store file deleted or replaced while Steerco runs,
# or a read-only store, refuses writes with the reason and writes nothing.

#: A file a project manager could upload: one new project.
ONE_PROJECT_CSV = b"project_id,name,phase\nPRJ-970,Alpha,Execution\n"
_databases = iter(range(1, 1_000_000))


@pytest.fixture(params=["sqlite", "postgres"])
def empty_store_url(request, tmp_path) -> str:
    """A configured store that has never been loaded: a new SQLite file, a new database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'pmo.sqlite'}"
    return request.getfixturevalue("pg_server").create_database(f"fresh_{next(_databases)}")


def test_a_configured_empty_store_is_not_filled_with_the_sample(empty_store_url):
    engine = store_engine.create_engine(empty_store_url)
    assert store.ensure_store(engine) is False
    assert store.ensure_store(engine) is False  # nor on the next start
    with engine.connect() as conn:
        assert set(store.row_counts(conn).values()) == {0}
        assert queries.data_version(conn) == 0
    engine.dispose()


def test_an_explicit_request_seeds_an_empty_store(empty_sqlite_url):
    engine = store_engine.create_engine(empty_sqlite_url)
    assert store.ensure_store(engine, seed_if_empty=True) is True
    with engine.connect() as conn:
        assert store.row_counts(conn)["projects"] == 40
    engine.dispose()


@pytest.fixture
def sqlite_store(tmp_path, small_frames):
    """A SQLite file with the small sample, its engine, and one committed import (#id)."""
    path = tmp_path / "store" / "steerco.sqlite"
    engine = store_engine.create_engine(f"sqlite:///{path}")
    store.load_frames(engine, small_frames, source="test sample")
    report = service.run_import(engine, ONE_PROJECT_CSV, "projects.csv")
    assert report.committed, [str(p) for p in report.problems]
    yield path, engine, report.result.import_id
    engine.dispose()


def _every_write_is_refused(engine, import_id: int, says: str) -> None:
    report = service.run_import(engine, ONE_PROJECT_CSV.replace(b"Alpha", b"Beta"), "p.csv")
    assert report.refused and not report.committed
    (message,) = [str(p) for p in report.problems.errors]
    assert says in message and "nothing was written" in message
    with pytest.raises(store_engine.WriteRefused, match=re.escape(says)):
        versioning.rollback(engine, import_id)
    builtin = mapping.BUILTIN_MAPPINGS["servicenow-incidents"]
    own = mapping.Mapping(**{**builtin.__dict__, "name": "our incidents"})
    with pytest.raises(store_engine.WriteRefused, match=re.escape(says)):
        mapping.save_mapping(engine, own)
    refused = service.run_import(engine, b"not,a\nfile", "bad.xlsx")  # a refusal to record
    assert refused.refused
    assert any(says in str(p) for p in refused.problems.errors)


def test_a_deleted_store_file_refuses_writes_and_is_not_created_again(sqlite_store):
    path, engine, import_id = sqlite_store
    path.unlink()
    _every_write_is_refused(engine, import_id, "is gone (deleted or moved while Steerco ran)")
    assert not path.exists()  # never re-created empty (nor seeded) behind the user's back
    engine.dispose()  # no open connection left: a new one is not made on an empty new file
    with pytest.raises(store_engine.WriteRefused, match="Restore it or restart Steerco"):
        engine.connect()
    assert not path.exists()


def test_a_store_file_deleted_during_a_write_rolls_it_back(sqlite_store):
    path, engine, _ = sqlite_store
    with (
        pytest.raises(store_engine.WriteRefused, match="is gone"),
        store_engine.write_transaction(engine) as conn,
    ):
        conn.execute(schema.mappings.delete())
        path.unlink()


def test_a_replaced_store_file_refuses_writes(sqlite_store, tmp_path):
    path, engine, import_id = sqlite_store
    copy = tmp_path / "copy.sqlite"
    shutil.copy(path, copy)
    copy.replace(path)  # a backup restored over it: another file at the same place
    _every_write_is_refused(engine, import_id, "was replaced by another file")


_readers = iter(range(1, 1_000_000))


def _select_only_role(url: str) -> str:
    """A role of the store's database that may read every table and write none; its URL."""
    role = f"reader_{next(_readers)}"
    owner = sa.create_engine(url)
    with owner.begin() as conn:
        conn.exec_driver_sql(f"CREATE ROLE {role} LOGIN")
        conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA public TO {role}")
        conn.exec_driver_sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
    owner.dispose()
    return sa.make_url(url).set(username=role).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite-read-only-open", "sqlite-file-permissions", "postgres-select"])
def read_only_store(request, tmp_path, small_frames):
    """(read-only URL, writable URL) of one store with the small sample and one import.

    Tests run as root in CI and root ignores file permissions: there the chmod variant is
    skipped, and SQLite's read-only open (``mode=ro``) stands for a file Steerco may not write.
    """
    if request.param == "postgres-select":
        url = request.getfixturevalue("pg_server").create_database(f"ro_{next(_databases)}")
    else:
        url = f"sqlite:///{tmp_path / 'ro' / 'steerco.sqlite'}"
    engine = store_engine.create_engine(url)
    store.load_frames(engine, small_frames, source="test sample")
    assert service.run_import(engine, ONE_PROJECT_CSV, "projects.csv").committed
    engine.dispose()
    if request.param == "postgres-select":
        yield _select_only_role(url), url
        return
    path = tmp_path / "ro" / "steerco.sqlite"
    if request.param == "sqlite-read-only-open":
        yield f"sqlite:///file:{path}?mode=ro&uri=true", url
        return
    if os.geteuid() == 0:
        pytest.skip("running as root, which ignores file permissions (mode=ro covers it)")
    path.chmod(0o444)
    path.parent.chmod(0o555)  # nor a journal or WAL file beside it
    try:
        yield f"sqlite:///{path}", url
    finally:
        path.parent.chmod(0o755)
        path.chmod(0o644)


def test_a_read_only_store_opens_and_reads(read_only_store, small_frames):
    url, _ = read_only_store
    engine = store_engine.create_engine(url)
    store_engine.check_connection(engine)
    assert store.ensure_store(engine) is False  # the app's start: nothing to write
    with engine.connect() as conn:
        assert queries.freshness(conn)["projects"] == len(small_frames["projects"]) + 1
        assert queries.data_version(conn) == 2
    engine.dispose()


def test_a_read_only_store_refuses_writes_saying_why(read_only_store):
    url, writable = read_only_store
    owner = store_engine.create_engine(writable)
    before = snapshot(owner)
    engine = store_engine.create_engine(url)
    _every_write_is_refused(engine, 2, "The store is read-only: ")
    engine.dispose()
    assert snapshot(owner) == before
    owner.dispose()
