"""The Portfolio page's row order on a running app's store, for browser tests that click a
row: the documented severity order (unit-tested by hand in tests/unit/views)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import create_engine

from data_access import engine as store_engine
from data_access.filters import Filters
from steerco.config import Settings
from steerco.views import portfolio


def portfolio_rows(server) -> list[tuple[str, str]]:
    """(id, name) of every project as the Portfolio lists them today, most severe first."""
    engine = create_engine(server.extra_env[store_engine.DB_URL_ENV])
    try:
        with engine.connect() as conn:
            rows = portfolio.frame(conn, Filters(as_of=date.today()), Settings())
    finally:
        engine.dispose()
    ordered = portfolio.by_severity(rows)
    return list(zip(ordered["project_id"], ordered["name"], strict=True))
