"""The table helpers every page shares: money in one unit per column, empty cells marked,
a click on a cell or a row's box opening the row."""

import pandas as pd

from steerco import fmt
from steerco.ui import components


def test_a_money_column_takes_the_unit_of_its_largest_amount():
    # hand-written: the largest amount decides the unit, as fmt.money would show it
    assert components.money_unit(pd.Series([54_800_000, -221_316])) == (1_000_000, "%,.1fM")
    assert components.money_unit(pd.Series([221_316, None])) == (1_000, "%,.0fk")
    assert components.money_unit(pd.Series([8_460])) == (1_000, "%,.1fk")
    assert components.money_unit(pd.Series([950, 12])) == (1, "%,.0f")
    assert components.money_unit(pd.Series([None, None], dtype=float)) == (1, "%,.0f")


def test_the_drawn_table_marks_empty_words_and_scales_money_but_not_the_download():
    frame = pd.DataFrame({"Project": ["Alpha", ""], "EAC": [54_800_000.0, -221_316.0]})
    shown, config = components.shown_table(frame, {"Project": "text", "EAC": "money"}, "EUR")
    assert shown["Project"].iloc[0] == "Alpha"
    assert pd.isna(shown["Project"].iloc[1])  # drawn as the placeholder "–"
    assert shown["EAC"].tolist() == [54.8, -0.221316]
    assert config["EAC"]["type_config"]["format"] == "€%,.1fM"  # €54.8M, €-0.2M
    assert frame["EAC"].tolist() == [54_800_000.0, -221_316.0]  # the download keeps it all
    assert fmt.MISSING == "–"


class _Event:
    def __init__(self, rows=(), cells=()):
        self.selection = {"rows": list(rows), "cells": list(cells)}


def test_a_click_on_a_cell_or_a_row_box_picks_that_row():
    assert components.picked_row(None) is None
    assert components.picked_row(_Event()) is None
    assert components.picked_row(_Event(rows=[3])) == 3
    assert components.picked_row(_Event(cells=[(2, "Project")])) == 2


def _long_table_app():
    import pandas as pd

    from steerco.ui import components

    frame = pd.DataFrame({"Project": [f"P-{i:04d}" for i in range(600)], "Score": range(600)})
    components.table(frame, {"Score": "int"}, name="Long", key="long")
    components.table(frame.head(40), {"Score": "int"}, name="Short", key="short")


def test_a_long_table_sends_its_first_rows_and_the_rest_on_show_all():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_long_table_app, default_timeout=60).run()
    assert not at.exception
    long, short = at.dataframe
    assert len(long.value) == components.TABLE_FIRST_ROWS
    assert list(long.value["Project"][:2]) == ["P-0000", "P-0001"]  # the first rows, in order
    assert len(short.value) == 40  # a short table: no switch, every row
    (switch,) = at.toggle
    assert switch.label == "Show all (600)"
    switch.set_value(True).run()
    assert len(at.dataframe[0].value) == 600
