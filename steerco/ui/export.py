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
from steerco.exports import images, pack, pptx_parts, spreadsheet
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


#: Columns of the Export page's section check boxes.
SECTION_COLUMNS = 2


def section_choice(key: str) -> list[str]:
    """A check box per section of the pack (all ticked at first); the ticked keys."""
    columns = st.columns(SECTION_COLUMNS)
    chosen = []
    for index, (name, title) in enumerate(pack.SECTIONS.items()):
        with columns[index % SECTION_COLUMNS]:
            if st.checkbox(t(title), value=True, key=f"{key}_section_{name}"):
                chosen.append(name)
    return chosen


def template_upload(key: str) -> bytes | None:
    """The company template the user uploads, checked first (size, a real .pptx, no macros
    or XML tricks, a layout to build on, 16:9); None without one or when it is refused (the
    reason shown)."""
    upload = st.file_uploader(
        t("Company template (.pptx, optional)"),
        type=["pptx"],
        key=f"{key}_template",
        help=t(
            "The pack is built on its slide master and fonts; its own slides are left out. "
            "16:9 widescreen, at most {limit} MB.",
            limit=f"{pptx_parts.MAX_TEMPLATE_BYTES / 1_000_000:.0f}",
        ),
    )
    if upload is None:
        return None
    data = b""
    problem = pptx_parts.template_too_large(upload.size)
    if problem is None:
        data = upload.getvalue()
        problem = pptx_parts.template_problem(data)
    if problem:
        st.error(
            literal(
                t(
                    "Template refused: {reason} The pack is built on Steerco's own design.",
                    reason=problem,
                )
            ),
            icon=":material/block:",
        )
        return None
    st.caption(literal(t("Template: {name}", name=upload.name)))
    return data


def pack_builder(filters: Filters, key: str = "pack") -> None:
    """Choose the sections and a company template, build the steering pack with a progress
    bar, then offer it for download as .pptx and, where LibreOffice is, as PDF."""
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
    st.subheader(t("Sections"))
    chosen = section_choice(key)
    template = template_upload(key)
    if not chosen:
        st.warning(t("Choose at least one section."), icon=":material/checklist:")
    if st.button(
        t("Build the steering pack (.pptx)"),
        type="primary",
        key=f"{key}_build",
        icon=":material/slideshow:",
        disabled=not chosen,
    ):
        bar = st.progress(0.0, text=t("Starting…"))
        try:
            with data.user_errors(), data.engine().connect() as conn:
                content = pack.build_pack(
                    conn,
                    filters,
                    data.settings(),
                    source=data.source_label(),
                    template=template,
                    sections=chosen,
                    progress=lambda share, text: bar.progress(min(share, 1.0), text=text),
                    renderer=images.shared_renderer(wait=False),
                )
        except (images.ChromiumMissing, images.RenderFailed) as exc:
            bar.empty()
            st.error(literal(exc), icon=":material/error:")
            return
        st.session_state[f"{key}_file"] = (content, datetime.now())
        st.session_state.pop(f"{key}_pdf", None)
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
    left, right = st.columns(2)
    left.download_button(
        t("Download the pack"),
        data=content,
        file_name=f"steerco-pack-{when:%Y-%m-%d}.pptx",
        mime=PPTX_MIME,
        key=f"{key}_download",
        icon=":material/download:",
        on_click="ignore",
    )
    with right:
        pack_pdf(content, when, key)


def pack_pdf(content: bytes, when: datetime, key: str) -> None:
    """The built pack as PDF: a button that converts it (disabled, with the reason, where
    LibreOffice Impress is missing), then its download."""
    missing = pack.pdf_unavailable()
    if st.button(
        t("Make a PDF of the pack"),
        key=f"{key}_make_pdf",
        icon=":material/picture_as_pdf:",
        disabled=missing is not None,
        help=missing,
    ):
        with st.spinner(t("LibreOffice is writing the PDF…")):
            try:
                st.session_state[f"{key}_pdf"] = pack.pack_pdf(content)
            except pack.PdfFailed as exc:
                st.error(literal(exc), icon=":material/error:")
    if missing:
        st.caption(missing)
    pdf = st.session_state.get(f"{key}_pdf")
    if pdf is not None:
        st.download_button(
            t("Download the PDF"),
            data=pdf,
            file_name=f"steerco-pack-{when:%Y-%m-%d}.pdf",
            mime="application/pdf",
            key=f"{key}_pdf_download",
            icon=":material/download:",
            on_click="ignore",
        )
