"""Figures built once per input, for the app.

A page model comes out of the page-data cache (``steerco.ui.data.page``) unchanged between
reruns, yet every rerun built its figures again: on the large store, Plotly's validation of
a figure costs 50-150 ms, more than anything else a warm page does on the server. A builder
wearing :func:`memoised` returns the figure it built before for the same inputs: every
argument (a DataFrame by its columns, types and a hash of its values), the language and
today's date (the texts, number formats and the "today" marks a figure draws).

Off until :func:`enable` (the app turns it on in ``steerco.ui.shell.configure``): the pack,
the command line and the tests build every figure afresh. A memoised figure is shared by
every session of the server, so its callers must not change it — ``slides.slide_figure``
restyles a copy; a caller that needs another size or margin asks for a copy
(``go.Figure(fig)``).
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date, datetime
from typing import Any, ParamSpec, TypeVar

import numpy as np
import pandas as pd

from data_access import filters
from steerco import i18n

#: Figures kept (every page, language and filter together), least recently used out first.
MAX_FIGURES = 256

P = ParamSpec("P")
R = TypeVar("R")

_enabled = False
_lock = threading.Lock()
_figures: OrderedDict[Hashable, Any] = OrderedDict()
#: Set while a memoised builder runs in this thread: a builder that starts from another's
#: figure and changes it (``finance.s_curve`` from ``project.budget_s_curve``) gets its own.
_building = threading.local()


class Unkeyable(Exception):
    """An argument the memo cannot fingerprint: the figure is built afresh."""


def enable(on: bool = True) -> None:
    """Turn the memo on (the app) or off."""
    global _enabled
    _enabled = on


def enabled() -> bool:
    return _enabled


def clear() -> None:
    with _lock:
        _figures.clear()


def size() -> int:
    return len(_figures)


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _frame_key(frame: pd.DataFrame | pd.Series) -> Hashable:
    try:
        hashed = pd.util.hash_pandas_object(frame, index=True).to_numpy()
    except TypeError as exc:  # unhashable cells (lists): no key
        raise Unkeyable(str(exc)) from exc
    if isinstance(frame, pd.Series):
        layout: Hashable = (str(frame.name), str(frame.dtype))
    else:
        layout = (tuple(map(str, frame.columns)), tuple(map(str, frame.dtypes)))
    return (type(frame).__name__, layout, str(frame.index.dtype), frame.shape,
            _digest(hashed.tobytes()))  # fmt: skip


def fingerprint(value: Any) -> Hashable:
    """A hashable key standing for ``value``'s content; :class:`Unkeyable` if there is none."""
    if value is None or isinstance(value, str | bool | int | date | datetime | pd.Timestamp):
        return (type(value).__name__, value)
    if isinstance(value, float | np.floating):
        return ("float", repr(float(value)))  # NaN equals itself as a text
    if isinstance(value, np.generic):
        return (type(value).__name__, value.item())
    if isinstance(value, pd.DataFrame | pd.Series):
        return _frame_key(value)
    if isinstance(value, list | tuple):
        return (type(value).__name__, tuple(fingerprint(v) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple((fingerprint(k), fingerprint(v)) for k, v in value.items()))
    try:
        hash(value)  # frozen dataclasses (score bands, marks)
    except TypeError as exc:
        raise Unkeyable(type(value).__name__) from exc
    return (type(value).__module__, type(value).__qualname__, value)


def memoised(builder: Callable[P, R]) -> Callable[P, R]:
    """``builder`` returning, while the memo is on, the figure it built before for the same
    inputs (see the module's docstring)."""
    name = (builder.__module__, builder.__qualname__)

    @functools.wraps(builder)
    def build(*args: P.args, **kwargs: P.kwargs) -> R:
        if not _enabled or getattr(_building, "active", False):
            return builder(*args, **kwargs)
        try:
            key = (name, i18n.language(), filters.today(), fingerprint(args),
                   fingerprint(kwargs))  # fmt: skip
        except Unkeyable:
            return builder(*args, **kwargs)
        with _lock:
            if key in _figures:
                _figures.move_to_end(key)
                return _figures[key]
        _building.active = True
        try:
            figure = builder(*args, **kwargs)
        finally:
            _building.active = False
        with _lock:
            _figures[key] = figure
            while len(_figures) > MAX_FIGURES:
                _figures.popitem(last=False)
        return figure

    build.uncached = builder  # type: ignore[attr-defined]
    return build
