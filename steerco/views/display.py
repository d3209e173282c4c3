"""What every view hands its page besides figures: KPI tiles and display tables.

Plain Python (no Streamlit). A view declares each table once as :data:`Columns` (label →
source column and kind) and turns its frames into display tables with :func:`select`; the
page passes :func:`kinds` to the table widget, which formats each column by its kind
(``steerco.ui.components.column_config``). A view lists its KPI tiles as :class:`Kpi`, and
the page lays them out with ``components.kpi_row``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from steerco.i18n import rag_label, t

#: A display table: column label (English, translated when shown) → (source column, kind).
#: Kinds: text, band, rag, money, date, month, datetime, bool, int, ratio, pct, pct0, pct1,
#: days, days1, count_days, age, hours, score, score0, score2.
Columns = dict[str, tuple[str, str]]
#: Kinds shown as words: an empty cell shows blank, never "None".
TEXT_KINDS = ("text", "band")
#: Decimals of CPI, SPI and other indices in a table.
INDEX_DECIMALS = 2


#: Month names, translated where shown (t(MONTH_NAMES[month - 1])).
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def select(frame: pd.DataFrame, columns: Columns) -> pd.DataFrame:
    """The display table: the declared columns in order under their translated labels.

    Numbers stay numbers (so the table sorts right; the widget formats them); words that are
    missing show blank; RAG codes become their words; indices are rounded to
    :data:`INDEX_DECIMALS`.
    """
    out = {}
    for label, (source, kind) in columns.items():
        values = frame[source]
        if kind in TEXT_KINDS:
            values = values.astype(object).where(values.notna(), "")
        elif kind == "rag":  # codes G/A/R as words; "No report" for none
            values = values.map(rag_label)
        elif kind == "ratio":
            values = pd.to_numeric(values, errors="coerce").round(INDEX_DECIMALS)
        out[t(label)] = values.to_numpy()
    return pd.DataFrame(out, index=pd.RangeIndex(len(frame)))


def rag_labels(columns: Columns) -> tuple[str, ...]:
    """Translated labels of the "rag" columns (the table draws them as coloured pills)."""
    return tuple(t(label) for label, (_, kind) in columns.items() if kind == "rag")


def kinds(columns: Columns) -> dict[str, str]:
    """Translated column label → kind, for the table widget."""
    return {t(label): kind for label, (_, kind) in columns.items()}


@dataclass(frozen=True)
class Kpi:
    """One KPI tile: a label, the value as shown, and what the tile says beside it.

    ``delta`` is a short second line (a comparison); ``delta_color`` is Streamlit's
    ("normal", "inverse", "off"); ``arrow`` False shows the delta without an arrow.
    """

    label: str
    value: str
    help: str | None = None
    delta: str | None = None
    delta_color: str = "normal"
    arrow: bool = True
