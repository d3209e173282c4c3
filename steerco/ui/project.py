"""Project page widgets: the project picker, the latest status report and the project's
charts, each with a slide picture whose title names the project."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from data_access.filters import Filters
from steerco import fmt
from steerco.charts import project as project_charts
from steerco.i18n import t
from steerco.ui import export
from steerco.ui.text import literal
from steerco.views.project import ProjectView

#: Longest slide title that fits on one line of a 16:9 slide; longer ones drop the name.
SLIDE_TITLE_CHARS = 75


def slide_title(row, fig: go.Figure) -> str:
    """A chart's slide title names the project, which the chart's own title does not."""
    chart = export.figure_title(fig)
    title = t("{pid} · {name} — {chart}", pid=row["project_id"], name=row["name"], chart=chart)
    if len(title) > SLIDE_TITLE_CHARS:
        title = t("{pid} — {chart}", pid=row["project_id"], chart=chart)
    return title


def chart(view: ProjectView, fig: go.Figure, *, key: str, filters: Filters) -> None:
    export.chart(fig, key=key, filters=filters, title=slide_title(view.row, fig))


def picker(labels: dict[str, str]) -> None:
    """Choose a project by id or name; the choice goes into the URL (``?project=ID``)."""
    chosen = st.selectbox(
        t("Choose a project"),
        list(labels),
        index=None,
        format_func=lambda p: f"{p} · {labels[p]}",
        placeholder=t("Type to search"),
    )
    if chosen:
        st.query_params["project"] = chosen
        st.rerun()


def _report_text(label: str, text: str | None) -> None:
    """A report's text under its label, line by line as written, shown as text."""
    st.markdown(f"**{label}**  \n{literal(text, lines=True) if text else '–'}")


def latest_report(view: ProjectView, filters: Filters) -> None:
    """The latest status report's text, the decision it asks for and the RAG history."""
    report = view.latest_report
    st.subheader(
        t("Latest status report")
        + (f" · {fmt.day(report['report_date'])}" if report is not None else "")
    )
    if report is None:
        st.caption(t("No status report yet."))
        return
    left, right = st.columns(2)
    with left:
        _report_text(t("Summary"), report["summary"])
        _report_text(t("Achievements"), report["achievements"])
    with right:
        _report_text(t("Next steps"), report["next_steps"])
        if view.decision:
            decision = literal(view.decision)
            st.warning(f"**{t('Decision required')}**: {decision}", icon=":material/gavel:")
        else:
            st.markdown(f"**{t('Decision required')}**  \n{t('None')}")
    chart(view, project_charts.rag_history(view.reports), key="pj_rag_history", filters=filters)
