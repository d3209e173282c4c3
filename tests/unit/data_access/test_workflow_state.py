"""The state an upload gives a status report when it leaves the column empty: an unchanged
report keeps its stored state, a new or changed one is Submitted, a given state is kept."""

from __future__ import annotations

import numpy as np
import pandas as pd

from data_access.versioning import _workflow_state


def test_an_empty_state_is_inferred_from_the_stored_row_and_the_change():
    merged = pd.DataFrame(
        {
            "state": pd.array([None, None, None, "Draft"], dtype="string"),
            "state__old": ["Approved", "Approved", None, "Submitted"],
        }
    )
    same_content = np.array([True, False, False, False])  # row 3 is new (not stored)
    got = _workflow_state(merged, "state", "Submitted", same_content)
    assert got.tolist() == ["Approved", "Submitted", "Submitted", "Draft"]
