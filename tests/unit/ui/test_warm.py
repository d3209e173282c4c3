"""The warm-up (steerco/ui/warm.py): after a write moves the store's data version, the page
models this server's users asked for are rebuilt in the background, most asked first; each
page model is computed once, even when several sessions (and the warmer) ask for it together.
Plain Python: the warmer's parts with stand-ins, then the adapter's real cache on a real store.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import date, datetime

import pandas as pd
import pytest

from data_access import access, queries, writes
from data_access import engine as store_engine
from data_access.filters import Filters
from steerco.config import Settings
from steerco.ui import data, warm
from tests.support.roles import checked_upload, raid_csv

BUILDS: list[tuple[str, int]] = []
ADMIN = access.Identity(email="ada@example.org", name="Ada Admin", role=access.ADMIN)


def slow_projects(conn, filters: Filters, settings: Settings) -> int:
    """A page model that takes a while: the committee's page, asked for by everyone at once."""
    BUILDS.append(("projects", threading.get_ident()))
    time.sleep(0.3)
    return int(pd.read_sql("SELECT COUNT(*) AS n FROM raid", conn)["n"].iloc[0])


def named(conn, name: str) -> str:
    return name


def _call(name: str, language: str = "en") -> warm.Call:
    return warm.Call(named, (name,), (), language, ((), ()))


# ------------------------------------------------------------------------- the parts


def test_the_hot_set_lists_the_most_asked_first_and_forgets_the_least_recent():
    hot = warm.HotSet(size=3)
    a, b, c, d = (_call(n) for n in "abcd")
    for call in (a, b, b, c, b, c):
        hot.record(call)
    assert hot.calls() == [b, c, a]
    hot.record(d)  # a fourth: the least recently asked for (a) goes
    assert hot.calls() == [b, c, d]


def test_one_computation_per_key_however_many_ask_at_once():
    flights, built, cache = warm.SingleFlight(), [], {}

    def ask(key: str) -> str:
        with flights.only_one(key):
            if key not in cache:
                built.append(key)
                time.sleep(0.2)
                cache[key] = key.upper()
            return cache[key]

    threads = [threading.Thread(target=ask, args=(k,)) for k in ["x"] * 6 + ["y"] * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(built) == ["x", "y"]
    assert cache == {"x": "X", "y": "Y"}


def test_the_warmer_builds_the_hot_set_for_each_new_version_only():
    versions, computed = iter([4, 4, 5, 5, 6]), []
    hot = warm.HotSet()
    warmer = warm.Warmer(lambda: next(versions), lambda c, v: computed.append((c.args, v)), hot)
    assert warmer.check() is None  # a fresh start, nobody asked yet: nothing to warm
    hot.record(_call("overview"))
    hot.record(_call("finance"))
    hot.record(_call("finance"))
    assert warmer.check() is None  # the same version: nothing
    assert warmer.check() == 5
    assert computed == [(("finance",), 5), (("overview",), 5)]  # the most asked first
    assert warmer.warmed == (5, 2)
    assert warmer.check() is None
    assert warmer.check() == 6 and len(computed) == 4


def test_a_failing_page_model_or_a_store_that_is_down_stops_nothing(caplog):
    def version() -> int:
        raise store_engine.StoreUnavailable("down")

    def compute(call: warm.Call, version: int) -> None:
        if call.args == ("broken",):
            raise ValueError("no such column")

    hot = warm.HotSet()
    for name in ("broken", "fine"):
        hot.record(_call(name))
    assert warm.Warmer(version, compute, hot).check() is None
    warmer = warm.Warmer(lambda: 7, compute, hot)
    assert warmer.warm(7) == 1
    assert "warm-up of" in caplog.text and "failed" in caplog.text


def test_the_warm_up_is_on_unless_turned_off(monkeypatch):
    monkeypatch.setenv(warm.WARM_UP_ENV, "on")
    assert warm.enabled()
    for off in ("off", "0", "No", "false"):
        monkeypatch.setenv(warm.WARM_UP_ENV, off)
        assert not warm.enabled()
    monkeypatch.delenv(warm.WARM_UP_ENV)
    assert warm.enabled()


# ---------------------------------------------------------- the adapter, a real store


@pytest.fixture
def warm_store(adapter_url) -> str:
    BUILDS.clear()
    yield adapter_url
    data._HOT.clear()


def _asked_together(sessions: int, filters: Filters) -> list[int]:
    """``sessions`` threads asking the adapter for the same page model at once."""
    results: list[int] = []

    def session() -> None:
        results.append(data.page(slow_projects, filters))

    threads = [threading.Thread(target=session) for _ in range(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_sessions_arriving_together_get_one_computation(warm_store):
    filters = Filters(as_of=date(2026, 11, 16))
    results = _asked_together(6, filters)
    assert len(set(results)) == 1 and len(results) == 6
    assert len(BUILDS) == 1


def test_after_an_import_the_warmer_builds_each_page_model_once_before_anyone_asks(warm_store):
    filters = Filters(as_of=date(2026, 11, 16))
    before = data.page(slow_projects, filters)  # a user opened the page: it is in the hot set
    assert len(BUILDS) == 1
    engine = store_engine.create_engine(warm_store)
    warmer = warm.Warmer(lambda: queries.data_version(engine), _compute(warm_store), data._HOT)
    assert warmer.check() == queries.data_version(engine)  # its first look
    assert len(BUILDS) == 1, "what is in the cache is not built again"

    prepared = checked_upload(engine, raid_csv(("RAID-W-1", "PRJ-002", "Warm")))
    writes.commit_import(engine, ADMIN, prepared, replace_scope=False)  # another server's write
    version = queries.data_version(engine)

    # the warmer and a committee of five arrive at the same time: one computation
    warming = threading.Thread(target=warmer.check)
    warming.start()
    results = _asked_together(5, filters)
    warming.join()
    assert warmer.warmed == (version, 1)
    assert results == [before + 1] * 5
    assert len(BUILDS) == 2, "once before the import, once after it"

    assert data.page(slow_projects, filters) == before + 1  # a later visit: from the cache
    assert len(BUILDS) == 2
    engine.dispose()


def _compute(url: str):
    """What the app's warmer does for one call (``data._warmer``), on this store."""
    engine = data._engine_for(url)
    masked = engine.url.render_as_string(hide_password=True)
    return lambda call, version: data._cached(engine, masked, version, call)


# ------------------------------------------------------------------- across restarts


def test_the_hot_set_is_kept_across_a_restart_with_todays_date_and_settings(tmp_path):
    from steerco.views import overview

    today, yesterday = date(2026, 12, 5), date(2026, 12, 4)
    old, new = Settings(), Settings(stale_report_days=99)
    asked = [
        warm.Call(overview.build, (Filters(as_of=today, rag=("R",)),), (("settings", old),),
                  "fr", (("Infra",), ())),
        warm.Call(overview.build, (Filters(as_of=yesterday),), (("settings", old),), "en",
                  ((), ())),
    ]  # fmt: skip
    path = tmp_path / "warm-up.json"
    assert warm.save(path, asked, Settings, today) == 2
    tomorrow = date(2026, 12, 6)
    back = warm.load(path, new, tomorrow)
    assert back == [
        warm.Call(
            overview.build,
            (Filters(as_of=tomorrow, rag=("R",)),),
            (("settings", new),),
            "fr",
            (("Infra",), ()),
        ),
        warm.Call(
            overview.build, (Filters(as_of=yesterday),), (("settings", new),), "en", ((), ())
        ),
    ]  # fmt: skip  — "today" stays today; a date chosen in the past stays that date


def test_what_is_not_worth_keeping_is_left_out(tmp_path):
    from steerco.views import meeting

    moment = warm.Call(meeting.meeting_list, (datetime(2026, 12, 5, 9, 30),), (), "en", ((), ()))
    own = _call("a test's own builder")  # not a page model of Steerco's
    assert warm.encode_call(moment, Settings, date(2026, 12, 5)) is None
    assert warm.encode_call(own, Settings, date(2026, 12, 5)) is None
    assert warm.save(tmp_path / "w.json", [moment, own], Settings, date(2026, 12, 5)) == 0


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        '{"calls": [{"build": "os:system", "args": [], "kwargs": [], "language": "en",'
        ' "scope": [[], []]}]}',
        '{"calls": [{"build": "steerco.views.overview:build.__globals__", "args": [],'
        ' "kwargs": [], "language": "en", "scope": [[], []]}]}',
        '{"calls": [{"build": "steerco.views.overview:build", "args": [{"dataclass":'
        ' "subprocess:Popen", "fields": {}}], "kwargs": [], "language": "en",'
        ' "scope": [[], []]}]}',
        '{"calls": 5}',
    ],
)
def test_a_tampered_or_broken_file_gives_nothing_and_runs_nothing(tmp_path, content):
    path = tmp_path / "warm-up.json"
    path.write_text(content, encoding="utf-8")
    assert warm.load(path, Settings(), date(2026, 12, 5)) == []


def test_a_missing_file_gives_an_empty_hot_set(tmp_path):
    assert warm.load(tmp_path / "none.json", Settings(), date(2026, 12, 5)) == []


def test_the_warmer_keeps_the_hot_set_when_it_changed_and_warms_it_after_a_restart(tmp_path):
    path, kept = tmp_path / "warm-up.json", []

    def keep(calls):
        kept.append(list(calls))
        return warm.save(path, calls, Settings, date(2026, 12, 5))

    from steerco.views import overview

    call = warm.Call(overview.build, (Filters(as_of=date(2026, 12, 5)),), (), "en", ((), ()))
    hot = warm.HotSet()
    warmer = warm.Warmer(lambda: 3, lambda c, v: None, hot, keep=keep, keep_every=0)
    assert not warmer.keep_hot()  # nothing new
    hot.record(call)
    assert warmer.keep_hot() and kept == [[call]]
    assert not warmer.keep_hot()  # unchanged since

    # the next start: the kept calls are warmed at the first look, before anyone asks again
    restarted, computed = warm.HotSet(), []
    for back in reversed(warm.load(path, Settings(), date(2026, 12, 5))):
        restarted.record(back)
    again = warm.Warmer(lambda: 3, lambda c, v: computed.append(c), restarted)
    assert again.check() == 3 and computed == [call]


def test_a_folder_that_refuses_the_file_is_logged_not_raised(caplog):
    def keep(calls):
        raise PermissionError(13, "Permission denied")

    caplog.set_level(logging.INFO, logger=warm.__name__)
    hot = warm.HotSet()
    warmer = warm.Warmer(lambda: 1, lambda c, v: None, hot, keep=keep, keep_every=0)
    hot.record(_call("a"))
    assert warmer.keep_hot()
    assert "the hot set was not kept: Permission denied" in caplog.text
