"""Query results as DataFrames."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy.engine import Result


def frame(result: Result, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """The rows of ``result`` as a DataFrame (columns: the result's keys unless given).

    Rows are turned into plain tuples first: handed SQLAlchemy's ``Row`` objects, pandas asks
    each one for attributes it does not have, which costs more than the query for a few
    thousand rows.
    """
    names = list(result.keys()) if columns is None else list(columns)
    return pd.DataFrame([tuple(row) for row in result.fetchall()], columns=names)
