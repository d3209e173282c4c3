"""Operations SQL on SQLite and on a real PostgreSQL server, against an independent pandas
computation on the same generated frames; and the boundary cases (a ticket resolved exactly
at its SLA target or at the end of the period, midnight stamps) on a store of hand-made
tickets, on both backends.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from data_access import engine as store_engine
from data_access import operations_queries as q
from data_access import schema, store
from data_access.filters import ChangeMark, Filters, Period, TicketMark
from data_access.zones import Zones
from steerco.config import Settings
from steerco.views import operations as views
from tests.support import recompute
from tests.support.summaries import READ_FROM, read_from

SERVICES = tuple(schema.SERVICES)
AGE_LIMITS = [(label, lo, hi) for label, (lo, hi) in q.AGE_BUCKETS.items()]


@pytest.fixture(scope="module", params=[13, 52])
def weeks(request) -> int:
    return request.param


@pytest.fixture
def period(as_of, weeks) -> Period:
    return Period.ending(as_of, weeks)


def _week(series: pd.Series, period: Period) -> pd.Series:
    """Week index 0… of a timestamp in (start, end]: weeks are (start + 7k, start + 7k + 7]."""
    days = (series - pd.Timestamp(period.start)) / pd.Timedelta(days=7)
    return np.ceil(days).astype(int) - 1


def _expected_tickets(frames, period: Period, services=SERVICES) -> dict[str, pd.DataFrame]:
    tickets = frames["tickets"][frames["tickets"]["service"].isin(services)]
    targets = frames["sla_targets"][["service", "priority", "resolution_hours", "target_pct"]]
    opened = tickets[recompute.in_window(tickets["opened_at"], period.start, period.end)]
    resolved = tickets[recompute.in_window(tickets["resolved_at"], period.start, period.end)].merge(
        targets, on=["service", "priority"], how="left"
    )
    resolved = resolved.assign(
        hours=(resolved["resolved_at"] - resolved["opened_at"]).dt.total_seconds() / 3600
    )
    resolved = resolved.assign(met=resolved["hours"] <= resolved["resolution_hours"])
    return {"opened": opened, "resolved": resolved}


def _page(engine, as_of, weeks, services=()):
    with engine.connect() as conn:
        ops = views.OpsFilters(services=services, weeks=weeks)
        return views.build(conn, Filters(as_of=as_of), Settings(), ops)


def test_service_options_are_the_services_of_the_store(engine):
    with engine.connect() as conn:
        assert q.service_options(conn) == list(SERVICES)


def test_weekly_and_monthly_counts_match_pandas(engine, sample_frames, as_of, weeks, period):
    view = _page(engine, as_of, weeks)
    expected = _expected_tickets(sample_frames, period)
    opened = expected["opened"]["opened_at"]
    resolved = expected["resolved"]["resolved_at"]
    by_week = _week(opened, period).value_counts().reindex(range(weeks), fill_value=0)
    assert view.weekly["opened"].tolist() == by_week.tolist()
    by_week = _week(resolved, period).value_counts().reindex(range(weeks), fill_value=0)
    assert view.weekly["resolved"].tolist() == by_week.tolist()
    assert view.tickets.opened == len(opened) and view.tickets.resolved == len(resolved)
    # months: the month of the day that ends at or after each stamp (a stamp at midnight
    # closes the day before)
    by_month = (opened - pd.Timedelta(microseconds=1)).dt.to_period("M").value_counts()
    months = pd.PeriodIndex(pd.to_datetime(view.monthly["month"]), freq="M")
    assert view.monthly["opened"].tolist() == by_month.reindex(months, fill_value=0).tolist()
    assert view.monthly["opened"].sum() == len(opened)


def test_backlog_with_age_buckets_matches_pandas(engine, sample_frames, as_of, weeks, period):
    view = _page(engine, as_of, weeks)
    t = sample_frames["tickets"]
    end = pd.Timestamp(period.end)
    never = t["resolved_at"].isna() & (
        (t["closed_at"] > end) | (t["closed_at"].isna() & (t["status"] != "Cancelled"))
    )
    open_ = t[(t["opened_at"] <= end) & ((t["resolved_at"] > end) | never)]
    assert len(open_) > 100
    age = (end - open_["opened_at"]) / pd.Timedelta(days=1)
    expected = {}
    for label, lo, hi in AGE_LIMITS:
        inside = (age >= lo) & (age < hi) if hi is not None else age >= lo
        expected[label] = open_[inside].groupby("priority").size()
    got = view.backlog.set_index(["age_bucket", "priority"])["tickets"]
    for label, counts in expected.items():
        for priority in ("P1", "P2", "P3", "P4"):
            assert got[(label, priority)] == counts.get(priority, 0), (label, priority)
    assert view.tickets.backlog == len(open_)


def test_sla_mttr_and_rates_match_pandas(engine, sample_frames, as_of, weeks, period):
    view = _page(engine, as_of, weeks)
    resolved = _expected_tickets(sample_frames, period)["resolved"]
    keys = ["service", "priority"]
    grouped = resolved.groupby(keys).agg(
        resolved=("ticket_id", "size"),
        met=("met", "sum"),
        median=("hours", "median"),
        mean=("hours", "mean"),
    )
    sla = view.sla.set_index(keys)
    assert len(grouped) == 16
    for key, row in grouped.iterrows():
        got = sla.loc[key]
        assert got["resolved"] == row["resolved"] and got["met"] == row["met"], key
        assert got["compliance_pct"] == pytest.approx(100 * row["met"] / row["resolved"])
        assert got["median_hours"] == pytest.approx(row["median"], abs=1e-6), key
        assert got["mean_hours"] == pytest.approx(row["mean"], rel=1e-9), key
        target = sample_frames["sla_targets"].set_index(keys).loc[key, "target_pct"]
        assert got["below_target"] == (100 * row["met"] / row["resolved"] < target)
    k = view.tickets
    assert k.median_hours == pytest.approx(resolved["hours"].median(), abs=1e-6)
    assert k.mean_hours == pytest.approx(resolved["hours"].mean(), rel=1e-9)
    assert k.compliance_pct == pytest.approx(100 * resolved["met"].mean())
    escalated = resolved["escalated"].astype(bool)
    reopened = resolved["reopened_count"] > 0
    assert k.escalation_pct == pytest.approx(100 * escalated.mean())
    assert k.reopen_pct == pytest.approx(100 * reopened.mean())
    assert k.first_contact_pct == pytest.approx(100 * (~escalated & ~reopened).mean())
    assert k.satisfaction == pytest.approx(resolved["satisfaction"].mean())
    assert k.satisfaction_n == resolved["satisfaction"].notna().sum()


def test_pareto_and_p1_counts_match_pandas(engine, sample_frames, as_of, weeks, period):
    view = _page(engine, as_of, weeks)
    expected = _expected_tickets(sample_frames, period)
    opened, resolved = expected["opened"], expected["resolved"]
    categories = opened["category"].value_counts()
    top = view.categories[~view.categories["other"]]
    assert top["count"].tolist() == categories.iloc[: len(top)].tolist()
    assert view.categories["count"].sum() == len(opened)
    causes = resolved["root_cause"].fillna(q.BLANK).value_counts()
    assert dict(zip(view.root_causes["label"], view.root_causes["count"], strict=True)) == dict(
        causes
    )
    p1 = opened[opened["priority"] == "P1"].sort_values("opened_at", ascending=False)
    assert view.tickets.major == len(p1)
    assert view.major["ticket_id"].tolist() == p1["ticket_id"].head(q.ROW_CAP).tolist()


def test_change_figures_match_pandas(engine, sample_frames, as_of, weeks, period):
    view = _page(engine, as_of, weeks)
    ch = sample_frames["changes"]
    in_period = ch[recompute.in_window(ch["implemented_at"], period.start, period.end)]
    done = in_period[in_period["outcome"].fillna("") != "Cancelled"]
    k = view.changes
    assert k.implemented == len(done) > 0
    assert k.success_pct == pytest.approx(100 * (done["outcome"] == "Successful").mean())
    assert k.emergency == (done["type"] == "Emergency").sum()
    assert k.caused_incident == done["caused_incident"].astype(bool).sum()
    weekly = view.changes_weekly.groupby("week")["changes"].sum()
    expected = _week(done["implemented_at"], period).value_counts()
    assert weekly.tolist() == expected.reindex(range(period.weeks), fill_value=0).tolist()


def test_one_service_narrows_every_figure(engine, sample_frames, as_of):
    period = Period.ending(as_of, 13)
    service = "Infrastructure"
    view = _page(engine, as_of, 13, services=(service,))
    expected = _expected_tickets(sample_frames, period, services=(service,))
    assert view.services == (service,) and not view.all_services
    assert view.tickets.opened == len(expected["opened"])
    assert view.tickets.resolved == len(expected["resolved"])
    assert set(view.sla["service"]) == {service}
    ch = sample_frames["changes"]
    done = ch[
        recompute.in_window(ch["implemented_at"], period.start, period.end)
        & (ch["service"] == service)
        & (ch["outcome"] != "Cancelled")
    ]
    assert view.changes.implemented == len(done)


def test_drill_down_lists_exactly_the_tickets_of_a_week(engine, sample_frames, as_of):
    period = Period.ending(as_of, 13)
    lo, hi = period.week_window(10)
    mark = TicketMark(event="opened", lo=lo, hi=hi, services=SERVICES, all_services=True)
    with engine.connect() as conn:
        rows, total = q.tickets_behind(conn, mark, limit=50)
    t = sample_frames["tickets"]
    week = t[recompute.in_window(t["opened_at"], lo, hi)].sort_values(["opened_at", "ticket_id"])
    assert total == len(week) > 50
    assert len(rows) == 50  # the cap
    newest = week.sort_values("opened_at", ascending=False, kind="stable")["ticket_id"]
    assert set(rows["ticket_id"]) == set(newest.head(50))


def test_drill_down_of_a_backlog_bucket_and_of_a_change_week(engine, sample_frames, as_of):
    period = Period.ending(as_of, 13)
    view = _page(engine, as_of, 13)
    mark = views.ticket_mark(view, ["open", "8–30 d", "P3"])
    with engine.connect() as conn:
        rows, total = q.tickets_behind(conn, mark)
        expected = view.backlog.set_index(["age_bucket", "priority"]).loc[("8–30 d", "P3")]
        assert total == expected["tickets"] == len(rows)
        assert rows["age_days"].between(8, 31).all() and set(rows["priority"]) == {"P3"}
        lo, hi = period.week_window(12)
        mark = ChangeMark(lo=lo, hi=hi, all_services=True, outcome="Successful")
        changes, n = q.changes_behind(conn, mark)
    ch = sample_frames["changes"]
    week = ch[recompute.in_window(ch["implemented_at"], lo, hi) & (ch["outcome"] == "Successful")]
    assert n == len(week) and set(changes["change_id"]) == set(week["change_id"])


@pytest.fixture(params=["sqlite", "postgres"])
def empty_engine(request, tmp_path):
    """A store with the tables and no data, on each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    else:
        url = request.getfixturevalue("pg_server").create_database("operations_empty")
    eng = store_engine.create_engine(url)
    store.create_schema(eng)
    yield eng
    eng.dispose()


def test_a_store_without_tickets_gives_an_empty_view(empty_engine):
    with empty_engine.connect() as conn:
        view = views.build(conn, Filters(as_of=EDGE_AS_OF), Settings())
    assert view.is_empty and view.services == ()
    assert view.tickets.opened == 0 and math.isnan(view.tickets.median_hours)
    assert view.weekly["opened"].sum() == 0 and len(view.weekly) == views.DEFAULT_WEEKS


# --------------------------------------------------------------------------- boundaries

EDGE = "Edge Service"
EDGE_AS_OF = date(2026, 3, 10)
EDGE_END = datetime(2026, 3, 11)  # the period ends at the midnight after the as-of day


def _edge_rows() -> pd.DataFrame:
    h, s = timedelta(hours=1), timedelta(seconds=1)
    opened = datetime(2026, 3, 9, 8, 0, 0)
    rows = [
        # id, priority, opened, resolved, closed, status, made_sla
        ("E01", "P2", opened, opened + 8 * h, None, "Resolved", None),  # exactly at target
        ("E02", "P2", opened, opened + 8 * h + s, None, "Resolved", None),  # one second over
        ("E03", "P2", opened, opened + 2 * h, None, "Resolved", False),  # recorded breach
        ("E04", "P3", datetime(2026, 3, 1), EDGE_END, None, "Resolved", None),  # at the end
        ("E05", "P3", datetime(2026, 3, 1), EDGE_END + s, None, "Resolved", None),  # after
        ("E06", "P3", datetime(2026, 3, 8), None, None, "In progress", None),  # open, 3 d old
        ("E07", "P3", datetime(2026, 3, 8) + s, None, None, "New", None),  # open, 2 d 23:59:59
        ("E08", "P3", datetime(2026, 2, 1), None, datetime(2026, 3, 2), "Cancelled", None),
        ("E09", "P4", datetime(2026, 3, 4), None, None, "New", None),  # opened on a week edge
        ("E10", "P4", datetime(2026, 3, 4) + s, None, None, "New", None),
    ]
    columns = ["ticket_id", "priority", "opened_at", "resolved_at", "closed_at", "status"]
    frame = pd.DataFrame(rows, columns=[*columns, "made_sla"])
    frame["service"] = EDGE
    frame["made_sla"] = frame["made_sla"].astype("boolean")
    frame["escalated"] = False
    frame["reopened_count"] = 0
    return frame


@pytest.fixture(params=READ_FROM)
def edge_engine(writable_engine, request):
    targets = pd.DataFrame(
        {
            "service": [EDGE] * 3,
            "priority": ["P2", "P3", "P4"],
            "resolution_hours": [8.0, 24.0, 72.0],
            "target_pct": [90.0, 90.0, 90.0],
        }
    )
    with writable_engine.begin() as conn:
        store.bulk_insert(conn, schema.TABLES["tickets"], _edge_rows())
        store.bulk_insert(conn, schema.TABLES["sla_targets"], targets)
        read_from(conn, request.param)
    return writable_engine


def test_boundaries_on_both_backends(edge_engine):
    with edge_engine.connect() as conn:
        ops = views.OpsFilters(services=(EDGE,), weeks=4)
        view = views.build(conn, Filters(as_of=EDGE_AS_OF), Settings(), ops)
        sla = view.sla.set_index("priority")
        # E01 exactly at the 8 h target is met, E02 one second over is not, E03 recorded breach
        assert sla.loc["P2", "met"] == 1 and sla.loc["P2", "judged"] == 3
        met, _ = q.tickets_behind(
            conn,
            TicketMark(event="resolved", lo=view.period.start, hi=EDGE_END, services=(EDGE,)),
        )
        words = dict(zip(met["ticket_id"], met["sla_met"], strict=True))
        assert (words["E01"], words["E02"], words["E03"]) == (True, False, False)
        # E04 resolved exactly at the end: resolved in the period, not in the backlog
        assert "E04" in words and "E05" not in words
        open_, total = q.tickets_behind(
            conn, TicketMark(event="open", hi=EDGE_END, services=(EDGE,))
        )
        assert sorted(open_["ticket_id"]) == ["E05", "E06", "E07", "E09", "E10"] and total == 5
        buckets = view.backlog.set_index(["age_bucket", "priority"])["tickets"]
        assert buckets[("3–7 d", "P3")] == 1 and buckets[("0–2 d", "P3")] == 1  # E06 / E07
        assert buckets[(">30 d", "P3")] == 0  # the cancelled E08 is not backlog
        assert buckets[("8–30 d", "P3")] == 1  # E05, 10 days old
    # E09 opened exactly at midnight 4 Mar closes the week 25 Feb–3 Mar (the window is
    # (lo, hi]); E10 one second later is in the week of 4–10 Mar.
    weekly = view.weekly.set_index("first_day")["opened"]
    assert weekly[date(2026, 2, 25)] == 1 + 2  # E09, E04/E05 opened 1 Mar
    assert weekly[date(2026, 3, 4)] == 1 + 3 + 2  # E10, E01–E03, E06–E07
    # by month, a midnight stamp closes the day before too: E04/E05 (1 Mar 00:00) count in
    # February, E09 (4 Mar 00:00) in March
    monthly = view.monthly.set_index("month")["opened"]
    assert monthly[date(2026, 2, 1)] == 2 and monthly[date(2026, 3, 1)] == view.tickets.opened - 2


# --------------------------------------------------------------------------- time zones, hold

ZONE = "Zone Service"
BRUSSELS = Settings(timezone="Europe/Brussels")  # stored stamps in UTC (the default)
ZONE_AS_OF = date(2026, 12, 13)  # a Sunday: 52 weeks of Monday–Sunday from 15 Dec 2025


BRUSSELS_UTC = Zones(local="Europe/Brussels", source="UTC")
UTC_FROM_BRUSSELS = Zones(local="UTC", source="Europe/Brussels")
#: Kiribati (UTC+14) reading stamps of Hawaii (UTC−10): 24 hours ahead.
KIRIBATI_HAWAII = Zones(local="Pacific/Kiritimati", source="Pacific/Honolulu")


def _zone_rows() -> pd.DataFrame:
    """Stamps in UTC around local midnights in Brussels (UTC+1 in winter, +2 in summer; the
    clocks go forward on Sunday 29 March 2026 at 01:00 UTC)."""
    rows = [
        # id, priority, opened (UTC), resolved (UTC), on hold (h)
        ("Z01", "P3", datetime(2026, 11, 30, 22, 30), None, None),  # 23:30 on 30 Nov
        ("Z02", "P3", datetime(2026, 11, 30, 23, 30), None, None),  # 00:30 on 1 Dec
        ("Z03", "P3", datetime(2026, 11, 30, 23, 0), None, None),  # midnight: closes 30 Nov
        ("D1", "P3", datetime(2026, 3, 22, 22, 30), None, None),  # Sun 22 Mar 23:30 CET
        ("D2", "P3", datetime(2026, 3, 22, 23, 30), None, None),  # Mon 23 Mar 00:30 CET
        ("D6", "P3", datetime(2026, 3, 28, 23, 30), None, None),  # Sun 29 Mar 00:30 CET
        ("D5", "P3", datetime(2026, 3, 29, 1, 30), None, None),  # Sun 29 Mar 03:30 CEST
        ("D3", "P3", datetime(2026, 3, 29, 21, 30), None, None),  # Sun 29 Mar 23:30 CEST
        ("D4", "P3", datetime(2026, 3, 29, 22, 30), None, None),  # Mon 30 Mar 00:30 CEST
        ("E1", "P3", datetime(2026, 12, 13, 22, 30), "open", None),  # 23:30 on the as-of day
        ("E2", "P3", datetime(2026, 12, 13, 23, 30), "open", None),  # 00:30 the day after
        # on hold 48 h across the end of the period; resolved after 76 h, 28 h without the
        # hold: within its 30 h target
        ("H1", "P2", datetime(2026, 12, 12, 10), datetime(2026, 12, 15, 14), 48.0),
    ]
    frame = pd.DataFrame(
        rows, columns=["ticket_id", "priority", "opened_at", "resolved_at", "on_hold_hours"]
    )
    quick = frame["resolved_at"].isna()  # every other ticket is resolved an hour later
    frame.loc[quick, "resolved_at"] = frame.loc[quick, "opened_at"] + timedelta(hours=1)
    frame.loc[frame["resolved_at"].eq("open"), "resolved_at"] = None
    frame["resolved_at"] = pd.to_datetime(frame["resolved_at"])
    frame["status"] = frame["resolved_at"].notna().map({True: "Resolved", False: "New"})
    frame["service"] = ZONE
    frame["category"] = frame["ticket_id"]  # the daily cube then names each ticket's day
    return frame


@pytest.fixture(params=READ_FROM)
def zone_engine(writable_engine, request):
    targets = pd.DataFrame(
        {
            "service": [ZONE, ZONE],
            "priority": ["P2", "P3"],
            "resolution_hours": [30.0, 24.0],
            "target_pct": [90.0, 90.0],
        }
    )
    change = pd.DataFrame(
        {
            "change_id": ["CHG-Z1"],
            "service": [ZONE],
            "implemented_at": [datetime(2026, 11, 30, 23, 30)],
            "outcome": ["Successful"],
        }
    )
    with writable_engine.begin() as conn:
        store.bulk_insert(conn, schema.TABLES["tickets"], _zone_rows())
        store.bulk_insert(conn, schema.TABLES["sla_targets"], targets)
        store.bulk_insert(conn, schema.TABLES["changes"], change)
        read_from(conn, request.param, BRUSSELS_UTC)  # the Brussels view reads them, UTC not
    return writable_engine


def _zone_view(conn, settings: Settings, as_of=ZONE_AS_OF, weeks=52) -> views.OperationsView:
    ops = views.OpsFilters(services=(ZONE,), weeks=weeks)
    return views.build(conn, Filters(as_of=as_of), settings, ops)


def test_days_weeks_and_months_are_cut_in_the_organisations_time_zone(zone_engine):
    with zone_engine.connect() as conn:
        view = _zone_view(conn, BRUSSELS)
        period = view.period
        cube = q.opened_cube(conn, period, (ZONE,), view.zones)
        changes = q.change_cube(conn, period, (ZONE,), False, view.zones)
        utc = _zone_view(conn, Settings())
    day = dict(zip(cube["category"], cube["day"].dt.date, strict=True))
    assert day == {
        "Z01": date(2026, 11, 30),  # 23:30 local on the last day of November
        "Z02": date(2026, 12, 1),  # 23:30 UTC on 30 November is 00:30 on 1 December
        "Z03": date(2026, 11, 30),  # local midnight closes the day before
        "D1": date(2026, 3, 22),
        "D2": date(2026, 3, 23),
        "D6": date(2026, 3, 29),
        "D5": date(2026, 3, 29),  # the 23-hour day of the clock change
        "D3": date(2026, 3, 29),
        "D4": date(2026, 3, 30),
        "E1": date(2026, 12, 13),
        "H1": date(2026, 12, 12),
    }  # E2, opened after the local midnight that ends the as-of day, is not in the period
    assert changes["day"].dt.date.tolist() == [date(2026, 12, 1)]
    months = view.monthly.set_index("month")["opened"]
    assert (months[date(2026, 11, 1)], months[date(2026, 12, 1)]) == (2, 3)  # Z01 Z03 | Z02 E1 H1
    weeks = view.weekly.set_index("first_day")["opened"]
    assert weeks[date(2026, 3, 16)] == 1  # D1
    assert weeks[date(2026, 3, 23)] == 4  # D2 D6 D5 D3: the week of the clock change
    assert weeks[date(2026, 3, 30)] == 1  # D4
    assert view.tickets.backlog == 2  # E1 and H1 (on hold, resolved after the end)
    # The same stamps cut in UTC: Z02 in November, D2 and D4 a week earlier, E2 in the period.
    months = utc.monthly.set_index("month")["opened"]
    assert (months[date(2026, 11, 1)], months[date(2026, 12, 1)]) == (3, 3)
    weeks = utc.weekly.set_index("first_day")["opened"]
    assert (weeks[date(2026, 3, 16)], weeks[date(2026, 3, 23)], weeks[date(2026, 3, 30)]) == (
        2,
        4,
        0,
    )
    assert utc.tickets.backlog == 3


@pytest.mark.parametrize(
    ("zones", "stamp", "day"),
    [
        (Zones(), datetime(2026, 12, 1), date(2026, 11, 30)),  # midnight closes the day
        (Zones(), datetime(2026, 12, 1, 0, 0, 0, 1), date(2026, 12, 1)),
        (BRUSSELS_UTC, datetime(2026, 11, 30, 23), date(2026, 11, 30)),  # local midnight
        (BRUSSELS_UTC, datetime(2026, 11, 30, 23, 0, 1), date(2026, 12, 1)),
        (BRUSSELS_UTC, datetime(2026, 11, 30, 0, 0), date(2026, 11, 30)),  # 01:00 local
        (UTC_FROM_BRUSSELS, datetime(2026, 12, 1, 1), date(2026, 11, 30)),  # UTC midnight
        (UTC_FROM_BRUSSELS, datetime(2026, 12, 1, 1, 0, 1), date(2026, 12, 1)),
        (UTC_FROM_BRUSSELS, datetime(2026, 12, 1, 0, 30), date(2026, 11, 30)),
        (KIRIBATI_HAWAII, datetime(2026, 11, 30), date(2026, 11, 30)),  # local midnight
        (KIRIBATI_HAWAII, datetime(2026, 11, 30, 0, 0, 1), date(2026, 12, 1)),  # a day ahead
    ],
)
def test_the_local_day_of_a_stored_stamp_on_both_backends(engine, zones, stamp, day):
    runs = zones.day_runs(date(2026, 11, 1), date(2026, 12, 31))
    with engine.connect() as conn:
        key = q.local_day(conn, sa.literal(stamp, sa.DateTime), runs)
        got = conn.execute(sa.select(key)).scalar_one()
    assert pd.Timestamp(got).date() == day


def test_drill_down_of_the_clock_change_week_lists_its_tickets_in_local_time(zone_engine):
    mark = TicketMark(
        event="opened", lo=datetime(2026, 3, 23), hi=datetime(2026, 3, 30), services=(ZONE,)
    )
    with zone_engine.connect() as conn:
        drill = views.ticket_drill(conn, mark, BRUSSELS)
        backlog = views.ticket_drill(
            conn, TicketMark(event="open", hi=datetime(2026, 12, 14), services=(ZONE,)), BRUSSELS
        )
        changes = views.change_drill(
            conn,
            ChangeMark(lo=datetime(2026, 12, 1), hi=datetime(2026, 12, 2), services=(ZONE,)),
            BRUSSELS,
        )
    opened = dict(zip(drill.rows["ticket_id"], drill.rows["opened_at"], strict=True))
    assert drill.total == 4
    assert opened == {
        "D2": pd.Timestamp("2026-03-23 00:30"),
        "D6": pd.Timestamp("2026-03-29 00:30"),
        "D5": pd.Timestamp("2026-03-29 03:30"),
        "D3": pd.Timestamp("2026-03-29 23:30"),
    }
    assert sorted(backlog.rows["ticket_id"]) == ["E1", "H1"]
    e1 = backlog.rows.set_index("ticket_id").loc["E1"]
    assert e1["opened_at"] == pd.Timestamp("2026-12-13 23:30")
    assert e1["age_days"] == pytest.approx(0.5 / 24)  # half an hour before the end
    assert changes.rows["implemented_at"].tolist() == [pd.Timestamp("2026-12-01 00:30")]


def test_on_hold_time_is_left_out_of_mttr_and_the_computed_sla(zone_engine):
    """H1 is resolved in the week after the as-of day: 76 h after its opening, 48 h of them
    on hold, so 28 h, within its 30 h target (76 h would miss it)."""
    with zone_engine.connect() as conn:
        view = _zone_view(conn, BRUSSELS, as_of=date(2026, 12, 20), weeks=4)
        rows, _ = q.tickets_behind(
            conn,
            TicketMark(
                event="resolved",
                lo=view.period.start,
                hi=view.period.end,
                services=(ZONE,),
                priority="P2",
            ),
            zones=view.zones,
        )
    p2 = view.sla.set_index("priority").loc["P2"]
    assert (p2["resolved"], p2["met"]) == (1, 1)
    assert p2["median_hours"] == pytest.approx(28.0) and p2["mean_hours"] == pytest.approx(28.0)
    (h1,) = rows.to_dict("records")
    assert (h1["ticket_id"], h1["sla_met"]) == ("H1", True)
    assert (h1["hours_to_resolve"], h1["on_hold_hours"]) == (pytest.approx(28.0), 48.0)
