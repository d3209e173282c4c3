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

from data_access import schema
from steerco import i18n
from steerco.i18n import N_, rag_label, t

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
    N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
    N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
)  # fmt: skip


#: Fields whose values come from an allowed list (a phase, a status, a priority): their words
#: are shown in the user's language; free text (a name, a note) never is.
ENUMERATED_FIELDS = frozenset(
    c.name
    for d in schema.DATASETS
    for c in d.columns
    if c.allowed and c.type != schema.ColumnType.RAG
)
#: Endings of a view's own column for a field's value at another time (phase_was, status_now).
_TIME_SUFFIXES = ("_was", "_now", "_then")


def is_enumerated(source: str) -> bool:
    """Whether a view's column ``source`` holds the allowed words of a schema field."""
    for suffix in _TIME_SUFFIXES:
        source = source.removesuffix(suffix)
    return source in ENUMERATED_FIELDS


#: An allowed value in the user's language (``i18n.word``), for the views and pages.
word = i18n.word


def select(frame: pd.DataFrame, columns: Columns) -> pd.DataFrame:
    """The display table: the declared columns in order under their translated labels.

    Numbers stay numbers (so the table sorts right; the widget formats them); words that are
    missing show blank; RAG codes become their words, and so do the allowed values of a
    field (a phase, a status) in the user's language; indices are rounded to
    :data:`INDEX_DECIMALS`.
    """
    out = {}
    for label, (source, kind) in columns.items():
        values = frame[source]
        if kind in TEXT_KINDS:
            values = values.astype(object).where(values.notna(), "")
            if is_enumerated(source) and i18n.language() != i18n.DEFAULT_LANGUAGE:
                values = values.map(word)
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


# --------------------------------------------------------------------------- KPI rows

#: Width of the page's content beside the sidebar on a 1280-pixel projector, and the gap
#: between two tiles: the narrowest screen the tiles must fit uncut.
PROJECTOR_CONTENT_PX = 816
TILE_GAP_PX = 16
#: Most tiles side by side, whatever their width.
KPI_ROW_MAX = 6
#: Average widths of a tile's characters (value at 36 px, label and delta at 14 px) and its
#: fixed parts (padding and border; the help icon; the delta's arrow and pill), measured in
#: Chromium on Source Sans, with a margin.
VALUE_CHAR_PX = 20.5
LABEL_CHAR_PX = 8.0
TILE_PADDING_PX = 36
HELP_ICON_PX = 26
DELTA_EXTRA_PX = 36


def tile_width(tile: Kpi) -> float:
    """The width in pixels a tile needs to show its label, value and delta uncut."""
    label = len(tile.label) * LABEL_CHAR_PX + (HELP_ICON_PX if tile.help else 0)
    value = len(tile.value) * VALUE_CHAR_PX
    delta = len(tile.delta) * LABEL_CHAR_PX + DELTA_EXTRA_PX if tile.delta else 0
    return max(label, value, delta) + TILE_PADDING_PX


def tiles_per_row(kpis: list[Kpi], content_px: float = PROJECTOR_CONTENT_PX) -> int:
    """How many tiles side by side so none is cut on a projector: as many as fit (at most
    :data:`KPI_ROW_MAX`), then rows as even as can be (7 tiles are 4 + 3, not 6 + 1)."""
    if not kpis:
        return 1
    widest = max(tile_width(tile) for tile in kpis)
    fit = int((content_px + TILE_GAP_PX) // (widest + TILE_GAP_PX))
    fit = max(1, min(fit, KPI_ROW_MAX, len(kpis)))
    rows = -(-len(kpis) // fit)
    return -(-len(kpis) // rows)
