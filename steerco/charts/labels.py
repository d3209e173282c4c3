"""Text from data in a chart, shown as text.

Plotly draws a subset of HTML in every text it shows: mark texts, hover labels (the values a
``hovertemplate`` inserts too), axis tick labels, legend names and annotations. A milestone
named ``<a href="https://…">m</a>`` would be a live link in the chart, ``<b>`` bold. Every
string that comes from data goes through :func:`text` (``<``, ``>`` and ``&`` as entities,
which Plotly shows as the characters themselves) before it reaches a figure: category values
of an axis, trace names, texts and the ``customdata`` a hover template shows.

A chart click hands back the clicked mark's ``customdata``; the page reads it with
``steerco.ui.components.clicked``, which turns the entities back into the raw values
(:func:`raw`), so a drill-down filters on the value as stored.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any


def text(value: Any) -> Any:
    """A data value as chart text (strings escaped; numbers, dates and None as they are)."""
    return html.escape(value, quote=False) if isinstance(value, str) else value


def texts(values: Iterable[Any]) -> list[Any]:
    """:func:`text` of each value (a category axis, a list of names)."""
    return [text(v) for v in values]


def rows(custom: Iterable[Iterable[Any]]) -> list[list[Any]]:
    """``customdata`` rows with every string escaped (a hover template shows them)."""
    return [texts(row) for row in custom]


def raw(value: Any) -> Any:
    """The value a chart text stood for (the inverse of :func:`text`)."""
    return html.unescape(value) if isinstance(value, str) else value
