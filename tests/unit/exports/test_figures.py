"""JSON values of the figures: what a spreadsheet or another tool can read back."""

from __future__ import annotations

import json
import math
from datetime import date

import numpy as np
import pandas as pd

from steerco.exports.figures import plain, records


def test_values_become_json_values():
    assert plain(pd.Timestamp("2026-12-04")) == "2026-12-04"
    assert plain(pd.Timestamp("2026-12-04 09:30")) == "2026-12-04T09:30:00"
    assert plain(date(2026, 1, 31)) == "2026-01-31"
    assert plain(np.int64(7)) == 7 and isinstance(plain(np.int64(7)), int)
    assert plain(np.float64(1.5)) == 1.5
    assert plain(math.nan) is None and plain(pd.NaT) is None and plain(pd.NA) is None
    assert plain(math.inf) is None
    assert plain({"a": np.nan, 1: [np.int64(2), None]}) == {"a": None, "1": [2, None]}


def test_records_keep_the_declared_keys_and_skip_missing_columns():
    frame = pd.DataFrame({"id": ["P1"], "cpi": [np.nan], "day": [pd.Timestamp("2026-03-01")]})
    rows = records(frame, {"project_id": "id", "cpi": "cpi", "when": "day", "absent": "nope"})
    assert rows == [{"project_id": "P1", "cpi": None, "when": "2026-03-01"}]
    json.dumps(rows, allow_nan=False)  # strict JSON
