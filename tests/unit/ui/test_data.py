"""The one cached adapter ``steerco.ui.data.page``: a page's data is built once per store,
data version, builder, arguments, settings and language, and a change of any of them gives
fresh data. Runs in plain Python (Streamlit's caches work outside a running app)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from data_access import engine as store_engine
from data_access import schema, store
from data_access.filters import Filters
from steerco.config import Settings
from steerco.i18n import set_language
from steerco.ui import data

CALLS: list[tuple] = []


def counted_build(conn, filters: Filters, settings: Settings) -> tuple[int, int]:
    """A page model: the number of projects and the configured stale-report age."""
    CALLS.append((filters, settings))
    projects = pd.read_sql("SELECT COUNT(*) AS n FROM projects", conn)["n"].iloc[0]
    return int(projects), settings.stale_report_days


def options_without_settings(conn) -> list[str]:
    CALLS.append(("options",))
    return ["a"]


@pytest.fixture
def adapter_store(adapter_url) -> str:
    CALLS.clear()
    return adapter_url


def test_the_same_request_is_built_once(adapter_store):
    filters = Filters(as_of=date(2026, 11, 16))
    first = data.page(counted_build, filters)
    second = data.page(counted_build, filters)
    assert first == second
    assert first[0] == 40  # the sample portfolio's projects
    assert len(CALLS) == 1


def test_other_filters_give_fresh_data(adapter_store):
    data.page(counted_build, Filters(as_of=date(2026, 11, 16)))
    data.page(counted_build, Filters(as_of=date(2026, 10, 1)))
    data.page(counted_build, Filters(as_of=date(2026, 11, 16), rag=("R",)))
    assert len(CALLS) == 3


def test_a_new_import_gives_fresh_data(adapter_store):
    filters = Filters(as_of=date(2026, 11, 16))
    data.page(counted_build, filters)
    engine = store_engine.create_engine(adapter_store)
    with store_engine.write_transaction(engine) as conn:  # any write moves the data version
        store.record_import(
            conn, source="test", datasets=["projects"], outcome=schema.OUTCOME_UNCHANGED
        )
    engine.dispose()
    data.page(counted_build, filters)
    assert len(CALLS) == 2


def test_the_app_settings_are_passed_and_part_of_the_key(adapter_store, monkeypatch):
    filters = Filters(as_of=date(2026, 11, 16))
    assert data.page(counted_build, filters)[1] == Settings().stale_report_days
    monkeypatch.setattr(data, "settings", lambda: Settings(stale_report_days=7))
    assert data.page(counted_build, filters)[1] == 7
    assert len(CALLS) == 2


def test_explicit_settings_win_over_the_app_settings(adapter_store):
    filters = Filters(as_of=date(2026, 11, 16))
    assert data.page(counted_build, filters, settings=Settings(stale_report_days=3))[1] == 3


def test_another_language_gives_fresh_data(adapter_store):
    filters = Filters(as_of=date(2026, 11, 16))
    data.page(counted_build, filters)
    set_language("fr")
    data.page(counted_build, filters)
    assert len(CALLS) == 2


def test_a_builder_without_settings_gets_none(adapter_store):
    assert data.page(options_without_settings) == ["a"]
    assert data.page(options_without_settings) == ["a"]
    assert CALLS == [("options",)]


def test_two_builders_with_the_same_arguments_do_not_share_an_entry(adapter_store):
    filters = Filters(as_of=date(2026, 11, 16))

    def other_build(conn, filters: Filters, settings: Settings) -> str:
        return "other"

    data.page(counted_build, filters)
    assert data.page(other_build, filters) == "other"
