"""The figure memo: the app builds a page model's figure once; any change of an input, the
language or today's date builds it again; off, every call builds afresh."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np
import pandas as pd
import pytest

from data_access import filters
from steerco import i18n
from steerco.charts import finance, memo
from steerco.charts import project as project_charts


@pytest.fixture
def memo_on():
    memo.clear()
    memo.enable()
    yield
    memo.enable(False)
    memo.clear()


def _curve(actual: float = 90.0) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "period": pd.to_datetime(["2026-01-01", "2026-02-01", "2026-03-01"]),
            "cum_budget": [100.0, 200.0, 300.0],
            "cum_actual": [actual, 150.0, np.nan],
            "cum_forecast": [np.nan, 150.0, 280.0],
        }
    )


AS_OF = date(2026, 2, 15)


def _counted() -> tuple[Callable, list[int]]:
    """``project.budget_s_curve`` memoised again, counting its builds."""
    calls: list[int] = []

    def build(*args, **kwargs):
        calls.append(1)
        return project_charts.budget_s_curve.uncached(*args, **kwargs)

    return memo.memoised(build), calls


def test_off_every_call_builds_a_new_figure():
    assert not memo.enabled()
    first = project_charts.budget_s_curve(_curve(), AS_OF, 300.0)
    assert project_charts.budget_s_curve(_curve(), AS_OF, 300.0) is not first


def test_the_same_inputs_give_the_same_figure_built_once(memo_on):
    build, calls = _counted()
    first = build(_curve(), AS_OF, 300.0)
    assert build(_curve(), AS_OF, 300.0) is first  # an equal copy of the frame
    assert build(_curve(), AS_OF, bac=300.0) is not first  # a keyword is another call
    assert len(calls) == 2


@pytest.mark.parametrize(
    "args",
    [
        (_curve(actual=91.0), AS_OF, 300.0),  # one value of the frame
        (_curve().astype({"cum_budget": "float32"}), AS_OF, 300.0),  # a column's type
        (_curve(), date(2026, 2, 16), 300.0),  # another argument
        (_curve(), AS_OF, 301.0),
        (_curve(), AS_OF, 300.0, "USD"),
    ],
)
def test_any_change_of_an_input_builds_again(memo_on, args):
    build, calls = _counted()
    build(_curve(), AS_OF, 300.0)
    build(*args)
    assert len(calls) == 2


def test_the_language_and_today_are_part_of_the_key(memo_on, monkeypatch):
    build, calls = _counted()
    english = build(_curve(), AS_OF, 300.0)
    with i18n.speaking("fr"):
        french = build(_curve(), AS_OF, 300.0)
    assert french is not english
    assert french.layout.separators != english.layout.separators
    monkeypatch.setattr(filters, "today", lambda: date(2030, 1, 1))
    build(_curve(), AS_OF, 300.0)
    assert len(calls) == 3


def test_a_builder_that_changes_another_builders_figure_leaves_it_as_built(memo_on):
    """finance.s_curve starts from project.budget_s_curve's figure and adds the EAC line."""
    project = project_charts.budget_s_curve(_curve(), AS_OF, 300.0)
    shapes = len(project.layout.shapes)
    portfolio = finance.s_curve(_curve(), AS_OF, 300.0, eac=320.0)
    assert portfolio is not project
    assert len(portfolio.layout.shapes) > shapes
    assert len(project.layout.shapes) == shapes
    assert project_charts.budget_s_curve(_curve(), AS_OF, 300.0) is project


class _Unhashable:
    __hash__ = None  # type: ignore[assignment]


def test_unkeyable_arguments_are_built_afresh(memo_on):
    with pytest.raises(memo.Unkeyable):
        memo.fingerprint(pd.DataFrame({"week": [1], "opened": [[1, 2]]}))  # a list in a cell
    with pytest.raises(memo.Unkeyable):
        memo.fingerprint({"b": _Unhashable()})
    calls: list[int] = []

    @memo.memoised
    def build(value):
        calls.append(1)
        return object()

    assert build(_Unhashable()) is not build(_Unhashable())
    assert len(calls) == 2


def test_the_memo_keeps_at_most_its_size(memo_on, monkeypatch):
    monkeypatch.setattr(memo, "MAX_FIGURES", 2)
    for bac in (1.0, 2.0, 3.0):
        project_charts.budget_s_curve(_curve(), AS_OF, bac)
    assert memo.size() == 2


def test_fingerprints_tell_frames_apart_by_values_columns_and_types():
    frame = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})
    assert memo.fingerprint(frame) == memo.fingerprint(frame.copy())
    assert memo.fingerprint(frame) != memo.fingerprint(frame.assign(a=[1, 3]))
    assert memo.fingerprint(frame) != memo.fingerprint(frame.astype({"a": float}))
    assert memo.fingerprint(frame) != memo.fingerprint(frame.rename(columns={"b": "c"}))
    assert memo.fingerprint(float("nan")) == memo.fingerprint(float("nan"))
    assert memo.fingerprint({"bac": 1.0}) != memo.fingerprint({"bac": 2.0})
