"""Downloads on the pages: every chart as a slide picture (PNG/SVG), every table as .xlsx and
CSV, and the steering pack with its progress (the Export page).

Pictures are made only when the user clicks (the download's data is a function), by one
browser kept for the whole app process.
"""

from __future__ import annotations

import re
from datetime import datetime

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from data_access.filters import Filters
from steerco import fmt
from steerco.charts.slides import slide_figure
from steerco.exports import images, pack, spreadsheet
from steerco.i18n import t
from steerco.ui import data
from steerco.ui.text import literal

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
IMAGE_MIMES = {"png": "image/png", "svg": "image/svg+xml"}


def file_stem(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "chart"


def slide_subtitle(filters: Filters) -> str:
    return t(
        "Data as of {day} · {filters}",
        day=fmt.day(filters.as_of),
        filters=pack.describe_filters(filters),
    )


#: Widget-key suffix of a chart's or table's download menu.
MENU_SUFFIX = "_dl"


def _menu(key: str, label: str, help: str):
    """A closed-by-default download menu. Its buttons are built only while it is open
    (``on_change="rerun"``): a page with ten charts sends ten small buttons, not forty."""
    return st.popover(
        label,
        icon=":material/download:",
        type="tertiary",
        help=help,
        key=key,
        on_change="rerun",
    )


def chart_downloads(
    fig: go.Figure, *, key: str, title: str, filters: Filters, subtitle: str | None = None
) -> None:
    """A "Slide picture" menu with PNG and SVG of one chart, drawn for a 16:9 slide on click.
    The slide's subtitle names the data date and the filters, unless ``subtitle`` is given."""
    menu = _menu(
        key, t("Slide picture"), t("This chart as a 16:9 picture (PNG or SVG) for a slide")
    )
    with menu:
        if not menu.open:
            return
        if images.chromium_path() is None:
            st.caption(
                t("Chart pictures need Chromium on the server: {hint}", hint=images.INSTALL_HINT)
            )
            return
        images.warm_up()  # the browser starts while the user picks a format
        subtitle = subtitle or slide_subtitle(filters)
        st.caption(literal(t("{title} · {subtitle}", title=title, subtitle=subtitle)))
        for fmt_name, label in (("png", t("PNG, 3200×1800")), ("svg", t("SVG, scalable"))):
            st.download_button(
                label,
                data=lambda f=fmt_name: images.render(slide_figure(fig, title, subtitle), f).data,
                file_name=f"{file_stem(title)}.{fmt_name}",
                mime=IMAGE_MIMES[fmt_name],
                key=f"{key}_{fmt_name}",
                icon=":material/image:",
                on_click="ignore",
                width="stretch",
            )


def figure_title(fig: go.Figure) -> str:
    """The chart's own title (without markup), for file names and slide titles."""
    text = fig.layout.title.text if fig.layout.title else None
    return re.sub(r"<[^>]+>", " ", text or "").strip() or t("Chart")


def chart(
    fig: go.Figure,
    *,
    key: str,
    filters: Filters,
    title: str | None = None,
    subtitle: str | None = None,
    on_select: str = "ignore",
    selection_mode=("points",),
):
    """A page chart with its slide-picture downloads; returns the selection event when
    ``on_select="rerun"`` (else None). ``title`` defaults to the figure's title, ``subtitle``
    to the data date and the active filters."""
    event = st.plotly_chart(
        fig,
        key=key,
        width="stretch",
        on_select=on_select,
        selection_mode=selection_mode,
        config={"displaylogo": False},
    )
    chart_downloads(
        fig,
        key=key + MENU_SUFFIX,
        title=title or figure_title(fig),
        filters=filters,
        subtitle=subtitle,
    )
    return event if on_select != "ignore" else None


def table_downloads(frame: pd.DataFrame, *, key: str, name: str) -> None:
    """A "Download" menu with the table as .xlsx and CSV (formula injection neutralised)."""
    menu = _menu(key, t("Download"), t("This table as an Excel sheet or CSV"))
    with menu:
        if not menu.open:
            return
        st.download_button(
            t("Excel (.xlsx)"),
            data=lambda: spreadsheet.frame_to_xlsx(frame, sheet=name),
            file_name=f"{file_stem(name)}.xlsx",
            mime=spreadsheet.XLSX_MIME,
            key=f"{key}_xlsx",
            icon=":material/table_view:",
            on_click="ignore",
            width="stretch",
        )
        st.download_button(
            t("CSV"),
            data=lambda: spreadsheet.frame_to_csv(frame),
            file_name=f"{file_stem(name)}.csv",
            mime="text/csv",
            key=f"{key}_csv",
            icon=":material/description:",
            on_click="ignore",
            width="stretch",
        )


def pack_builder(filters: Filters, key: str = "pack") -> None:
    """Build the steering pack with a progress bar, then offer it for download."""
    if images.chromium_path() is None:
        st.error(
            t(
                "The pack's charts need Chromium, which is not installed on the server. "
                "Install it with: {hint}",
                hint=images.INSTALL_HINT,
            ),
            icon=":material/error:",
        )
        return
    images.warm_up()  # one browser for the app, started before the button is pressed
    if st.button(
        t("Build the steering pack (.pptx)"),
        type="primary",
        key=f"{key}_build",
        icon=":material/slideshow:",
    ):
        bar = st.progress(0.0, text=t("Starting…"))
        try:
            with data.user_errors(), data.engine().connect() as conn:
                content = pack.build_pack(
                    conn,
                    filters,
                    data.settings(),
                    source=data.source_label(),
                    progress=lambda share, text: bar.progress(min(share, 1.0), text=text),
                    renderer=images.shared_renderer(wait=False),
                )
        except (images.ChromiumMissing, images.RenderFailed) as exc:
            bar.empty()
            st.error(literal(exc), icon=":material/error:")
            return
        st.session_state[f"{key}_file"] = (content, datetime.now())
    built = st.session_state.get(f"{key}_file")
    if built is None:
        return
    content, when = built
    st.success(
        t(
            "Pack built at {at} ({size} MB).",
            at=when.strftime("%H:%M"),
            size=f"{len(content) / 1_000_000:.1f}",
        ),
        icon=":material/task_alt:",
    )
    st.download_button(
        t("Download the pack"),
        data=content,
        file_name=f"steerco-pack-{when:%Y-%m-%d}.pptx",
        mime=PPTX_MIME,
        key=f"{key}_download",
        icon=":material/download:",
        on_click="ignore",
    )
