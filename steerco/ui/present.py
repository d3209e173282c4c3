"""Presentation mode: the meeting's screens one at a time, in large type, without the sidebar,
the header or Streamlit's toolbar (``?present=1`` hides them on any page too).

The screen shown is the link's ``?screen=N`` and nothing else: a Next or Previous click writes
it into the URL (Streamlit then adds a browser history entry), so Back, Forward, a copied link
and a return from a drill-down all show the same screen. A presenter's clicker sends
ArrowRight/PageDown/Space and ArrowLeft/PageUp: a small script in the page clicks the Next
and Previous buttons for them.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from steerco import fmt
from steerco.charts import project as project_charts
from steerco.i18n import t
from steerco.ui import components, data
from steerco.ui.text import literal
from steerco.views import present as views
from steerco.views.display import kinds

#: The URL parameter that turns presentation chrome on for any page (``?present=1``).
PRESENT_PARAM = "present"
SCREEN_PARAM = "screen"
MEETING_PARAM = "meeting"
PRESENT_PAGE = "pages/present.py"
NEXT_KEY = "present_next"
PREVIOUS_KEY = "present_prev"
KEYS_KEY = "present_keys"
TITLE_KEY = "present_title"
CHROME_KEY = "present_chrome"
#: Chart heights on a project screen (px): both charts and the text beside them fit a
#: 1280×720 projector; a 1920×1080 one shows them with room to spare.
S_CURVE_PX = 265
TREND_PX = 250
CHART_MARGIN = {"l": 8, "r": 8, "t": 44, "b": 8}

#: No sidebar, header, toolbar or Deploy button; little padding; larger type, larger still
#: on a 1920×1080 screen (Streamlit sizes its text and spacing in rem).
CHROME_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], [data-testid="stHeader"], [data-testid="stToolbar"],
[data-testid="stDecoration"], [data-testid="stStatusWidget"] {display: none !important;}
[data-testid="stMainBlockContainer"] {padding: 0.9rem 2.2rem 0.6rem; max-width: none;}
html {font-size: 19px;}
@media (min-width: 1800px) and (min-height: 1000px) {html {font-size: 26px;}}
.st-key-present_title [data-testid="stPageLink"] p {font-size: 1.6rem; font-weight: 700;}
[data-testid="stMain"] [data-testid="stPageLink"] p {font-size: 1.05rem;}
[data-testid="stMain"] [data-testid="stCaptionContainer"] {font-size: 0.9rem;}
.st-key-present_keys, .st-key-present_chrome {display: none;}
</style>"""

#: Clicks the Next/Previous button for the keys of a keyboard or presenter clicker. It runs
#: in a component's frame and listens on the app's document; a new run replaces the listener.
KEYS_SCRIPT = """<script>
const doc = window.parent.document;
const NEXT = ["ArrowRight", "PageDown", " "], PREVIOUS = ["ArrowLeft", "PageUp"];
function onKey(e) {
  const tag = (e.target && e.target.tagName) || "";
  if (["INPUT", "TEXTAREA", "SELECT"].includes(tag) || e.altKey || e.ctrlKey || e.metaKey) return;
  const key = NEXT.includes(e.key) ? "%(next)s" : PREVIOUS.includes(e.key) ? "%(previous)s" : null;
  if (!key) return;
  const button = doc.querySelector(".st-key-" + key + " button");
  if (!button) return;
  e.preventDefault();
  if (doc.activeElement) doc.activeElement.blur();  // Space must not click a focused button too
  if (!button.disabled) button.click();
}
if (window.parent.__steercoPresentKeys) {
  doc.removeEventListener("keydown", window.parent.__steercoPresentKeys);
}
window.parent.__steercoPresentKeys = onKey;
doc.addEventListener("keydown", onKey);
window.addEventListener("pagehide", () => doc.removeEventListener("keydown", onKey));
</script>"""


def chrome() -> None:
    """Hide the app's chrome for the room (sidebar, header, toolbar) and enlarge the type."""
    st.set_page_config(initial_sidebar_state="collapsed")
    with st.container(key=CHROME_KEY):  # hidden: no gap above the screen
        st.html(CHROME_CSS)


def chrome_if_asked() -> None:
    """``?present=1`` on any page: the same chrome as presentation mode (a drill-down from a
    screen keeps it, so the room never sees the sidebar)."""
    if st.query_params.get(PRESENT_PARAM) == "1":
        chrome()


def _ignored(param: str, raw: str, hint: str) -> None:
    st.warning(
        t("Ignored {param}={value} in the link.", param=param, value=literal(raw)) + " " + hint,
        icon=":material/link_off:",
    )


def meeting_day(days: list[date], today: date) -> date | None:
    """The link's ``?meeting=`` when it names a meeting, else the next one (on or after
    today), else the latest; a value that names no meeting is said to be ignored."""
    if not days:
        return None
    coming = [d for d in days if d >= today]
    default = min(coming) if coming else max(days)
    raw = st.query_params.get(MEETING_PARAM)
    if raw is None:
        return default
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        day = None
    if day not in days:
        _ignored(MEETING_PARAM, raw, t("a meeting date"))
        return default
    return day


def screen_number(count: int) -> int:
    """The link's ``?screen=N`` (1 to ``count``), else 1; another value is said to be ignored."""
    raw = st.query_params.get(SCREEN_PARAM)
    if raw is None:
        return 1
    number = int(raw) if raw.isdigit() and len(raw) < 6 else 0
    if not 1 <= number <= count:
        _ignored(SCREEN_PARAM, raw, t("a screen from 1 to {n}", n=count))
        return 1
    return number


def _go(number: int) -> None:
    st.query_params[SCREEN_PARAM] = str(number)


def _keys() -> None:
    with st.container(key=KEYS_KEY):
        # a fixed script of ours, no data in it: st.iframe runs it with access to the app
        st.iframe(KEYS_SCRIPT % {"next": NEXT_KEY, "previous": PREVIOUS_KEY}, height=1)


def top_row(title: str, number: int, count: int, project_id: str | None = None) -> None:
    """The screen's title (a project's opens the project) with Previous, N / count, Next."""
    head, previous, where, following = st.columns([10, 2.6, 1.5, 2.6], vertical_alignment="center")
    with head, st.container(key=TITLE_KEY):
        if project_id:
            st.page_link(
                components.PROJECT_PAGE,
                label=f"**{literal(title)}**",
                icon=":material/open_in_new:",
                query_params={"project": project_id, PRESENT_PARAM: "1"},
            )
        else:
            st.subheader(literal(title), anchor=False)
    with previous:
        st.button(
            t("Previous"), key=PREVIOUS_KEY, icon=":material/chevron_left:",
            disabled=number <= 1, on_click=_go, args=(number - 1,), width="stretch",
        )  # fmt: skip
    with where:
        st.markdown(f"**{number} / {count}**")
    with following:
        st.button(
            t("Next"), key=NEXT_KEY, icon=":material/chevron_right:",
            disabled=number >= count, on_click=_go, args=(number + 1,), width="stretch",
        )  # fmt: skip
    _keys()


def _line(line: views.Line) -> None:
    """A line's title (a project's opens it) and its detail: on the same line when short."""
    inline = line.detail and "\n" not in line.detail
    label = f"**{literal(line.title)}**" + (f" — {literal(line.detail)}" if inline else "")
    if line.project_id:
        st.page_link(
            components.PROJECT_PAGE,
            label=label,
            query_params={"project": line.project_id, PRESENT_PARAM: "1"},
        )
    else:
        st.markdown(label)
    if line.detail and not inline:
        st.caption(literal(line.detail, lines=True))


def _lines(screen: views.Screen) -> None:
    if not screen.lines:
        st.info(literal(screen.empty), icon=":material/check_circle:")
        return
    for line in screen.lines:
        _line(line)
    if screen.more:
        st.caption(t("+{n} more on the Meeting page", n=screen.more))


def _summary(view: views.PresentView, screen: views.Screen) -> None:
    st.caption(literal(view.caption))
    components.kpi_row(list(screen.kpis))
    st.markdown(
        "  \n".join(f"**{literal(line.title)}** — {literal(line.detail)}" for line in screen.lines)
    )


def _chart(fig: go.Figure, height: int, key: str) -> None:
    fig = go.Figure(fig)  # a copy: the built figure is shared (steerco.charts.memo)
    fig.update_layout(height=height, margin=CHART_MARGIN)
    st.plotly_chart(fig, key=key, config={"displayModeBar": False}, width="stretch")


def _project(screen: views.Screen) -> None:
    shown = screen.project
    if shown.alert:  # a watermelon: the warning says what was reported and what the figures say
        st.markdown(f":red[:material/warning: {literal(shown.alert)}]")
    else:
        st.markdown(literal(shown.status))
    left, right = st.columns([1, 1.15])
    with left:
        if shown.why:
            st.markdown(
                f"**{t('Why')}** ({t('report of {day}', day=shown.report_day)})  \n"
                + literal(shown.why)
            )
        else:
            st.markdown(f"**{t('Why')}**  \n{t('No status report yet.')}")
        st.markdown(
            f"**{t('Decision asked')}**  \n"
            + (literal(shown.decision) if shown.decision else t("None"))
        )
        _milestones(shown)
    with right:
        if shown.financials.empty:
            st.caption(t("No financial data."))
        else:
            fig = project_charts.budget_s_curve(
                shown.financials, shown.as_of, shown.bac, data.settings().currency
            )
            _chart(fig, S_CURVE_PX, "present_s_curve")
        if not shown.reports.empty:
            _chart(project_charts.rag_history(shown.reports), TREND_PX, "present_trend")


def _milestones(shown: views.ProjectScreen) -> None:
    if shown.milestones.empty:
        st.caption(t("No milestones."))
        return
    st.table(_as_text(shown.milestones, kinds(views.MILESTONE_COLUMNS)), hide_index=True)
    if shown.milestones_more:
        st.caption(t("+{n} more on the Project page", n=shown.milestones_more))


#: How a static table writes a cell of each kind (its text grows with the screen's type,
#: where a data grid keeps its pixel size and would scroll).
CELL_TEXT = {"date": fmt.day, "days": fmt.days}


def _as_text(frame: pd.DataFrame, kinds_of: dict[str, str]) -> pd.DataFrame:
    return frame.apply(lambda column: column.map(CELL_TEXT.get(kinds_of[column.name], str)))


def show(view: views.PresentView, number: int) -> None:
    """Screen ``number`` (1-based) of the meeting."""
    screen = view.screens[number - 1]
    project_id = screen.project.project_id if screen.project else None
    title = view.title if screen.kind == views.SUMMARY else screen.title
    top_row(title, number, len(view.screens), project_id)
    if screen.kind == views.SUMMARY:
        _summary(view, screen)
    elif screen.project is not None:
        _project(screen)
    else:
        _lines(screen)
