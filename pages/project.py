"""Project: everything about one project (deep link ?project=ID)."""

import streamlit as st

from steerco import fmt, pagedata, tables
from steerco.charts import project as project_charts
from steerco.i18n import rag_label, t
from steerco.ui import components, data, export
from steerco.ui.filters import project_filter
from steerco.ui.shell import page_entry

#: Longest slide title that fits on one line of a 16:9 slide; longer ones drop the name.
SLIDE_TITLE_CHARS = 75


def slide_title(row, fig) -> str:
    """A chart's slide title names the project, which the chart's own title does not."""
    chart = export.figure_title(fig)
    title = t("{pid} · {name} — {chart}", pid=row["project_id"], name=row["name"], chart=chart)
    if len(title) > SLIDE_TITLE_CHARS:
        title = t("{pid} — {chart}", pid=row["project_id"], chart=chart)
    return title


page_entry()

filters = project_filter(data.filter_options())
project_id = st.query_params.get("project")
components.freshness_line()

if not project_id:
    st.title(t("Project"))
    choices = data.project_choices()
    labels = dict(zip(choices["project_id"], choices["name"], strict=True))
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
    st.stop()

detail = data.project(project_id, filters)
if detail is None:
    st.title(t("Project"))
    st.error(
        t("There is no project with the id {pid}.", pid=project_id), icon=":material/search_off:"
    )
    st.page_link(
        components.PORTFOLIO_PAGE, label=t("Back to the portfolio"), icon=":material/arrow_back:"
    )
    st.stop()

row, currency = detail.row, data.settings().currency
st.title(f"{row['project_id']} · {row['name']}")
st.caption(tables.project_header(row))

if row["watermelon"]:
    st.error(
        f"{tables.WATERMELON_FLAG} "
        + t(
            "Reported {reported}, but the figures say Red: {figures}.",
            reported=rag_label(row["overall_rag"]),
            figures=pagedata.red_figures(row),
        ),
        icon=":material/warning:",
    )
if row["stale"]:
    st.warning(
        f"{tables.STALE_FLAG} "
        + t(
            "The latest status report is {days} days old.",
            days=fmt.number(row["report_age_days"]),
        ),
        icon=":material/schedule:",
    )

dims = pagedata.dimension_summary(row)
cols = st.columns(len(dims))
for col, dim in zip(cols, dims.itertuples(), strict=True):
    with col:
        components.kpi(
            t(dim.dimension.capitalize()),
            rag_label(dim.reported),
            delta=(
                t("Computed: {rag}", rag=rag_label(dim.computed))
                if isinstance(dim.computed, str)
                else None
            ),
            delta_color="off",
            arrow=False,
            help=dim.basis,
        )

cols = st.columns([1, 1, 1, 1, 1, 1.4])
with cols[0]:
    components.kpi(t("Budget (BAC)"), fmt.money(row["bac"], currency))
with cols[1]:
    components.kpi(
        t("EAC"),
        fmt.money(row["eac"], currency),
        delta=t("VAC {vac}", vac=fmt.money(row["vac"], currency)),
        delta_color="normal" if row["vac"] >= 0 else "inverse",
        arrow=False,
        help=t(
            "Actuals to date plus remaining forecast. BAC / CPI = {eac_cpi}",
            eac_cpi=fmt.money(row["eac_cpi"], currency),
        ),
    )
with cols[2]:
    components.kpi(
        t("CPI"),
        fmt.ratio(row["cpi"]),
        help=t("Cost performance index: earned value / actual cost"),
    )
with cols[3]:
    components.kpi(
        t("SPI"),
        fmt.ratio(row["spi"]),
        help=t("Schedule performance index: earned value / planned value"),
    )
with cols[4]:
    components.kpi(t("Complete"), fmt.pct(row["percent_complete"]))
with cols[5]:
    components.kpi(
        t("Forecast end"),
        fmt.day(row["forecast_end_date"]),
        delta=t("{slip} vs baseline", slip=fmt.days(row["schedule_slip_days"])),
        delta_color="off",
        arrow=False,
    )

report = detail.latest_report
st.subheader(
    t("Latest status report")
    + (f" · {fmt.day(report['report_date'])}" if report is not None else "")
)
if report is None:
    st.caption(t("No status report yet."))
else:
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('Summary')}**  \n{report['summary'] or '–'}")
        st.markdown(f"**{t('Achievements')}**  \n{report['achievements'] or '–'}")
    with right:
        st.markdown(f"**{t('Next steps')}**  \n{report['next_steps'] or '–'}")
        decision = (
            report["decisions_required"] if isinstance(report["decisions_required"], str) else ""
        )
        if decision.strip():
            st.warning(f"**{t('Decision required')}**: {decision}", icon=":material/gavel:")
        else:
            st.markdown(f"**{t('Decision required')}**  \n{t('None')}")
    rag_history = project_charts.rag_history(detail.reports)
    export.chart(
        rag_history, key="pj_rag_history", filters=filters, title=slide_title(row, rag_history)
    )

left, right = st.columns([3, 2])
with left:
    if detail.financials.empty:
        st.caption(t("No financial data."))
    else:
        s_curve = project_charts.budget_s_curve(
            detail.financials, detail.as_of, row["bac"], currency
        )
        export.chart(s_curve, key="pj_s_curve", filters=filters, title=slide_title(row, s_curve))
with right:
    if detail.milestones.empty:
        st.caption(t("No milestones."))
    else:
        slip = project_charts.milestone_slip(detail.milestones, detail.as_of)
        export.chart(slip, key="pj_milestones", filters=filters, title=slide_title(row, slip))

st.subheader(t("Milestones"))
if not detail.milestones.empty:
    components.table(
        tables.milestones_table(detail.milestones, with_project=False),
        tables.milestone_kinds(),
        name=t("{pid} milestones", pid=row["project_id"]),
        key="pj_milestones_table",
    )
st.subheader(t("RAID log"))
if detail.raid.empty:
    st.caption(t("No RAID items."))
else:
    components.table(
        tables.raid_table(detail.raid),
        tables.column_kinds(tables.RAID_COLUMNS),
        name=t("{pid} RAID log", pid=row["project_id"]),
        key="pj_raid_table",
    )
