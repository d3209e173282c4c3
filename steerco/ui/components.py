"""Widgets every page shares: KPI rows, tables (RAG as pills, formats by kind, downloads),
reading a chart click, opening a project, the freshness line, empty states and tabs."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from data_access import access
from data_access.filters import Filters
from steerco import fmt, i18n
from steerco.charts import labels
from steerco.charts.theme import RAG_COLORS
from steerco.i18n import rag_label, t
from steerco.ui import auth, data, export, url_state
from steerco.ui.text import literal
from steerco.views import known
from steerco.views.display import Kpi, tiles_per_row

PROJECT_PAGE = "pages/project.py"
PORTFOLIO_PAGE = "pages/portfolio.py"
#: Widths of a line made of a short link (a project's id) and the text beside it, which wraps.
LINK_AND_TEXT = (1, 6)
OVERVIEW_PAGE = "pages/overview.py"
#: Height of a table row in pixels, to size short tables without empty space.
ROW_HEIGHT_PX = 35
#: Rows an overview panel shows; the committee reads the top of a list, and thousands of rows
#: would slow the page for everyone. The panel says how many more there are.
PANEL_ROWS = 50
MAX_TABLE_HEIGHT_PX = 560
#: A table in a scroll box (about 15 rows on screen) longer than LONG_TABLE_ROWS sends its
#: first TABLE_FIRST_ROWS rows; its "Show all (n)" switch sends the rest. (A drill-down's
#: list is cut at 500 rows by its query, with its own note, and is drawn whole.)
LONG_TABLE_ROWS = 500
TABLE_FIRST_ROWS = 100
#: Key suffix of a panel's "Show all (n)" switch.
SHOW_ALL_SUFFIX = "_all"


RAG_ORDER = ("R", "A", "G")


def _rag_pills(frame: pd.DataFrame, rag_columns: tuple[str, ...]) -> tuple[pd.DataFrame, dict]:
    """RAG word columns as coloured pills with their word (colour-blind safe: the word is
    always there): each cell becomes a one-word list shown by a read-only multiselect column
    coloured per word. Unlike a pandas Styler (one CSS rule per cell), this costs nothing per
    row: a 2,000-project table is drawn in a fraction of the time."""
    words = [rag_label(code) for code in RAG_ORDER] + [rag_label(None)]
    colours = [RAG_COLORS[code] for code in RAG_ORDER] + [RAG_COLORS["none"]]
    shown = frame.copy()
    config = {}
    for column in rag_columns:
        if column not in shown:
            continue
        shown[column] = [[v] if isinstance(v, str) and v else [] for v in shown[column]]
        config[column] = st.column_config.MultiselectColumn(
            column, options=words, color=colours, disabled=True
        )
    return shown, config


#: Number formats of the table column kinds every page shares (``kinds`` maps a column label
#: to one of these, or to "money", "date", "month", "datetime" or "bool").
NUMBER_FORMATS = {
    "pct": "%+.1f %%",
    "pct0": "%.0f %%",
    "pct1": "%.1f %%",
    "days": "%+d d",
    "days1": "%.1f d",
    "count_days": "%d d",
    "age": "%.1f d",
    "hours": "%.1f h",
    "int": "%d",
    "ratio": "%.2f",
    "score": "%.1f",
    "score0": "%.0f",
    "score2": "%.2f",
}
DATE_FORMATS = {"date": "DD MMM YYYY", "month": "MMM YYYY"}
DATETIME_FORMAT = "DD MMM YYYY HH:mm"
#: The same in French and Dutch: the table widget names months in English only, so days are
#: written as numbers, the Belgian way (04/12/2026).
NUMERIC_DATE_FORMATS = {"date": "DD/MM/YYYY", "month": "MM/YYYY"}
NUMERIC_DATETIME_FORMAT = "DD/MM/YYYY HH:mm"


def _date_formats() -> tuple[dict[str, str], str]:
    if i18n.language() == i18n.DEFAULT_LANGUAGE:
        return DATE_FORMATS, DATETIME_FORMAT
    return NUMERIC_DATE_FORMATS, NUMERIC_DATETIME_FORMAT


def column_config(kinds: dict[str, str], currency: str | None = None) -> dict:
    """Streamlit column formats for a display table, from each column's kind (money in full
    units; :func:`shown_table` puts each money column in one unit of its magnitude)."""
    symbol = _symbol(currency)
    date_formats, datetime_format = _date_formats()
    config = {}
    for label, kind in kinds.items():
        if kind == "money":
            config[label] = st.column_config.NumberColumn(
                label, format=money_format(symbol, "%,.0f")
            )
        elif kind in NUMBER_FORMATS:
            config[label] = st.column_config.NumberColumn(label, format=NUMBER_FORMATS[kind])
        elif kind in date_formats:
            config[label] = st.column_config.DateColumn(label, format=date_formats[kind])
        elif kind == "datetime":
            config[label] = st.column_config.DatetimeColumn(label, format=datetime_format)
        elif kind == "bool":
            config[label] = st.column_config.CheckboxColumn(label)
    return config


def _symbol(currency: str | None) -> str:
    currency = currency or data.settings().currency
    return fmt.CURRENCY_SYMBOLS.get(currency, currency + " ").strip()


def money_unit(values: pd.Series) -> tuple[float, str]:
    """(divisor, printf format) of a money column: the unit of its largest amount
    (``fmt.money``'s magnitudes), so a column reads "€54.8M", "€0.2M" like the tiles and
    still sorts as numbers."""
    amounts = pd.to_numeric(values, errors="coerce").abs()
    largest = float(amounts.max()) if amounts.notna().any() else 0.0
    divisor, suffix, decimals = fmt.money_step(largest)
    return divisor, f"%,.{decimals}f{suffix}"


def money_format(symbol: str, number_format: str, suffix: str = "") -> str:
    """A money column's printf format with the symbol where the language writes it:
    €54.8M, 54.8 M€ (French), € 54.8 mln (Dutch). The table widget's formats know no
    locale: its decimal sign is always a point, so French and Dutch columns drop the
    grouping comma, which they would read as a decimal comma."""
    spoken = i18n.language()
    units = fmt.COMPACT_UNITS.get(spoken, fmt.COMPACT_UNITS["en"])
    if spoken != i18n.DEFAULT_LANGUAGE:  # a grouping comma would read as a decimal comma
        number_format = number_format.replace("%,", "%")
    if spoken == "fr":
        return f"{number_format}\u00a0{units.get(suffix, suffix)}{symbol}"
    if spoken == "nl":
        return f"{symbol}\u00a0{number_format}{units.get(suffix, suffix)}"
    return f"{symbol}{number_format}{suffix}"


def _split_unit(number_format: str) -> tuple[str, str]:
    """("%,.1f", "M") from "%,.1fM"."""
    head, _, unit = number_format.partition("f")
    return head + "f", unit


def shown_table(
    frame: pd.DataFrame, kinds: dict[str, str], currency: str | None = None
) -> tuple[pd.DataFrame, dict]:
    """(the table as drawn, its column formats): empty words drawn as the missing mark
    (the widget's placeholder, "–"), each money column in the unit of its magnitude. The
    frame offered for download keeps its full amounts."""
    shown = frame.copy()
    for column in shown.columns:
        values = shown[column]
        if pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values):
            shown[column] = values.where(values.ne(""), None)
    config = column_config(kinds, currency)
    symbol = _symbol(currency)
    for label, kind in kinds.items():
        if kind != "money" or label not in shown:
            continue
        divisor, number_format = money_unit(shown[label])
        shown[label] = pd.to_numeric(shown[label], errors="coerce") / divisor
        digits, unit = _split_unit(number_format)
        config[label] = st.column_config.NumberColumn(
            label, format=money_format(symbol, digits, unit)
        )
    return shown, config


def table_height(rows: int) -> int:
    return min(MAX_TABLE_HEIGHT_PX, ROW_HEIGHT_PX * (rows + 1) + 3)


def full_height(rows: int) -> int:
    """The height that shows every row: no scroll box."""
    return ROW_HEIGHT_PX * (rows + 1) + 3


def selectable_table(
    frame: pd.DataFrame,
    *,
    key: str,
    kinds: dict[str, str] | None = None,
    rag_columns: tuple[str, ...] = (),
    height: int | None = None,
    name: str | None = None,
    layout: dict[str, dict] | None = None,
    download: pd.DataFrame | None = None,
) -> int | None:
    """A read-only table whose rows open on a click (on any cell, or on the row's box);
    returns the clicked row position. With ``name`` it offers the table as .xlsx and CSV
    under that name; ``layout`` sets columns' width, pinning or help (label → settings of
    ``st.column_config``, e.g. ``{"width": 240, "pinned": True}``); ``download`` is the
    table offered for download when it holds more than the rows drawn."""
    shown, config = shown_table(frame, kinds or {})
    shown, pills = _rag_pills(shown, rag_columns) if rag_columns else (shown, {})
    event = st.dataframe(
        shown,
        key=key,
        on_select="rerun",
        selection_mode=["single-row", "single-cell"],
        hide_index=True,
        width="stretch",
        height=height or table_height(len(frame)),
        column_config=_laid_out({**config, **pills}, layout),
        placeholder=fmt.MISSING,
    )
    if name:
        offered = frame if download is None else download
        export.table_downloads(offered, key=key + export.MENU_SUFFIX, name=name)
    return picked_row(event)


def picked_row(event) -> int | None:
    """The row of a table's selection: a selected row, else the row of a selected cell."""
    if event is None:
        return None
    selection = event.selection
    rows = selection.get("rows", []) if isinstance(selection, dict) else selection.rows
    if rows:
        return rows[0]
    cells = selection.get("cells", []) if isinstance(selection, dict) else selection.cells
    return cells[0][0] if cells else None


def _laid_out(config: dict, layout: dict[str, dict] | None) -> dict:
    """Column formats with the given widths, pinning or help (a column without a format
    gets a plain one)."""
    out = dict(config)
    for label, settings in (layout or {}).items():
        out[label] = {**(out.get(label) or st.column_config.Column(label)), **settings}
    return out


def open_project(project_id: str) -> None:
    st.switch_page(PROJECT_PAGE, query_params={"project": project_id})


def first_rows(display: pd.DataFrame, top: int, *, key: str) -> pd.DataFrame:
    """The first ``top`` rows of a long table, or all of them once its "Show all (n)" switch
    (drawn here, under the table's slot) is on. A table sends the browser every row it is
    given: thousands of rows cost every view of the page, though a few are on screen."""
    rows = len(display)
    if rows <= top or st.toggle(t("Show all ({n})", n=rows), key=key + SHOW_ALL_SUFFIX):
        return display
    return display.head(top)


def project_drill_table(
    title: str,
    source: pd.DataFrame,
    display: pd.DataFrame,
    *,
    key: str,
    empty_message: str,
    kinds: dict[str, str] | None = None,
    rag_columns: tuple[str, ...] = (),
    height: int | None = None,
    top: int | None = None,
    layout: dict[str, dict] | None = None,
) -> None:
    """A titled table whose rows open their project (``source`` holds ``project_id``).

    With ``top``, the first ``top`` rows are drawn whole (no scroll box) and a "Show all (n)"
    switch draws the rest: a committee reads the top of a list on a projector. The download
    always holds every row."""
    st.subheader(literal(title))
    if source.empty:
        st.caption(literal(empty_message))
        return
    options = {"kinds": kinds, "rag_columns": rag_columns, "layout": layout}
    if top is None and len(display) > LONG_TABLE_ROWS:  # a long list in its scroll box
        slot = st.container()
        shown = first_rows(display, TABLE_FIRST_ROWS, key=key)
        with slot:
            picked = selectable_table(
                shown, key=key, height=height, name=title, download=display, **options
            )
    elif top is None:
        picked = selectable_table(display, key=key, height=height, name=title, **options)
    else:
        slot = st.container()  # the table above its switch
        shown = first_rows(display, top, key=key)
        height = full_height(len(shown)) if len(shown) <= PANEL_ROWS else MAX_TABLE_HEIGHT_PX
        with slot:
            picked = selectable_table(
                shown, key=key, height=height, name=title, download=display, **options
            )
    if picked is not None:
        project_id = source.iloc[picked]["project_id"]
        if isinstance(project_id, str):  # portfolio-level items have no project to open
            open_project(project_id)


def kpi(
    label: str,
    value: str,
    help: str | None = None,
    delta: str | None = None,
    delta_color: str = "normal",
    arrow: bool = True,
) -> None:
    """A KPI tile; its label, value and help may name data (a project, a programme), so they
    are shown as text (``literal``), never as Markdown. The delta is a figure the code
    formats, passed as it is: Streamlit reads its leading sign for the arrow."""
    st.metric(
        literal(label),
        literal(value),
        delta=delta,
        delta_color=delta_color,
        help=None if help is None else literal(help),
        border=True,
        delta_arrow="auto" if arrow else "off",
    )


#: Below this width of the page's column (CSS px), charts and tables drawn side by side go one
#: per row: on a 1280×720 projector with the sidebar the page is 820 px wide, and two charts
#: of 400 px overlap their labels; at 1600×900 (1140 px) they stay side by side.
STACK_BELOW_PX = 1000
SIDE_BY_SIDE_PREFIX = "side_by_side_"
#: A CSS container query (the page's own width, not the window's: the sidebar may be open or
#: closed) that makes the columns of a ``side_by_side`` group one per row.
SIDE_BY_SIDE_CSS = f"""<style>
[class*="st-key-{SIDE_BY_SIDE_PREFIX}"] {{container-type: inline-size;}}
@container (max-width: {STACK_BELOW_PX}px) {{
  [class*="st-key-{SIDE_BY_SIDE_PREFIX}"] [data-testid="stHorizontalBlock"] {{flex-wrap: wrap;}}
  [class*="st-key-{SIDE_BY_SIDE_PREFIX}"] [data-testid="stColumn"] {{
    flex: 1 1 100% !important; width: 100% !important; min-width: 100% !important;}}
}}
</style>"""


def side_by_side(spec: int | list[float], *, key: str) -> list:
    """Columns (``st.columns(spec)``) that stand side by side on a wide page and one per row
    on a narrow one (below :data:`STACK_BELOW_PX`): for charts and tables that need width."""
    with st.container(key=SIDE_BY_SIDE_PREFIX + key):
        return st.columns(spec)


def kpi_row(
    kpis: list[Kpi], *, per_row: int | None = None, widths: list[float] | None = None
) -> list:
    """A view's KPI tiles side by side, in rows of at most ``per_row`` (default: as many as
    fit a 1280-pixel projector uncut, rows as even as can be: ``tiles_per_row``);
    ``widths`` gives one row's relative column widths. Returns the columns of the tiles, in
    tile order (to put a link under a tile)."""
    per_row = len(widths) if widths else per_row or tiles_per_row(kpis)
    drawn: list = []
    for start in range(0, len(kpis), per_row):
        columns = st.columns(widths or per_row)
        for column, tile in zip(columns, kpis[start : start + per_row], strict=False):
            with column:
                kpi(tile.label, tile.value, tile.help, tile.delta, tile.delta_color, tile.arrow)
            drawn.append(column)
    return drawn


def clicked(event, *, last: bool = False) -> list | None:
    """The ``customdata`` of a clicked chart mark as a list (the first mark clicked, or the
    last with ``last``), or None when nothing with customdata was clicked.

    Works for the event Streamlit returns and for the state AppTest injects."""
    if not event:
        return None
    try:
        points = event["selection"]["points"] or []
    except (KeyError, TypeError):
        return None
    for point in reversed(points) if last else points:
        custom = point.get("customdata") if isinstance(point, dict) else None
        if custom is None or (isinstance(custom, list | tuple) and not custom):
            continue
        return _raw(custom)
    return None


def _raw(custom) -> list:
    """A mark's customdata as a list of the values it stands for: chart builders escape its
    strings for the hover label (``steerco.charts.labels``)."""
    return [labels.raw(v) for v in (custom if isinstance(custom, list | tuple) else [custom])]


def clicked_marks(event) -> list[list]:
    """The ``customdata`` of every clicked mark (a box or lasso selects several)."""
    points = []
    try:
        points = event["selection"]["points"] or [] if event else []
    except (KeyError, TypeError):
        return []
    found = []
    for point in points:
        custom = point.get("customdata") if isinstance(point, dict) else None
        if custom is None or (isinstance(custom, list | tuple) and not custom):
            continue
        found.append(_raw(custom))
    return found


def table(
    frame: pd.DataFrame,
    kinds: dict[str, str] | None = None,
    *,
    name: str | None = None,
    key: str | None = None,
    whole: bool = False,
) -> None:
    """A read-only table with the column formats of its kinds (dates, money, percent…).
    With ``name`` it offers the table as .xlsx and CSV under that name; ``whole`` draws every
    row (no scroll box: a short table the committee reads in full). A long table in a scroll
    box (more than :data:`LONG_TABLE_ROWS` rows) sends its first :data:`TABLE_FIRST_ROWS`, the
    rest behind a "Show all (n)" switch (with a ``key``); the download has every row."""
    drawn, slot = frame, st
    if not whole and key and len(frame) > LONG_TABLE_ROWS:
        slot = st.container()  # the table above its switch
        drawn = first_rows(frame, TABLE_FIRST_ROWS, key=key)
    shown, config = shown_table(drawn, kinds or {})
    slot.dataframe(
        shown,
        key=key,
        hide_index=True,
        width="stretch",
        height=full_height(len(drawn)) if whole else table_height(len(drawn)),
        column_config=config,
        placeholder=fmt.MISSING,
    )
    if name:
        menu_key = (key or "table_" + export.file_stem(name)) + export.MENU_SUFFIX
        export.table_downloads(frame, key=menu_key, name=name)


def freshness_line() -> None:
    """Data freshness in the sidebar: latest report, last load, source; the store's name only
    to an administrator (viewers have no use for where the data lives)."""
    info = data.freshness()
    values = {
        "report": fmt.day(info["latest_report"]),
        "load": fmt.day(info["last_load_at"]),
        "source": literal(info["last_load_source"] or "–"),
    }
    with st.sidebar:
        st.divider()
        if auth.identity().role == access.ADMIN:
            st.caption(
                t(
                    "Latest status report: {report} · Last load: {load} ({source}) · "
                    "Store: {store}",
                    store=literal(data.source_label()),
                    **values,
                )
            )
        else:
            st.caption(t("Latest status report: {report} · Last load: {load} ({source})", **values))


def empty_state(message: str) -> None:
    st.info(literal(message), icon=":material/filter_alt_off:")
    st.caption(t("Change or reset the filters in the sidebar to see projects again."))


def sections(labels: list[str], *, key: str) -> list:
    """Tabs for a page's parts, of which only the open one runs (``tab.open``) and the open
    one is kept in the URL (``?key=label``), so a link opens the same part and a tab change
    is a step of the browser's Back and Forward.

    A full page of charts costs the browser seconds to draw on a projector laptop; the first
    tab answers the page's question and the others are drawn when asked for.
    """
    return url_state.tabs(labels, key=key)


def not_known_note(filters: Filters, project_id: str | None = None) -> None:
    """Say, next to the figures, which projects' facts on a past as-of date were first loaded
    later and are shown as first loaded (nothing when all were known on that date)."""
    found = data.page(known.not_known, filters, project_id=project_id)
    if found.note:
        st.caption(":material/history: " + literal(found.note))
