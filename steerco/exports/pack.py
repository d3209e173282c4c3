"""The steering-committee pack: one 16:9 .pptx from the same data and chart builders as the
pages (``steerco pack`` and the Export page).

Order (``SECTIONS``; the Export page lets the user leave sections out): title, agenda, executive
summary, actions from the last meeting (with the overdue ones of earlier meetings and the
deferred decisions that come back), a one-pager per red, watermelon and amber project (why,
the decision asked, milestones and slip, RAG trend, S-curve), the decisions asked (an overview,
then one slide each: question, options, recommendation, impact, owner, deadline), top risks and
a RAID summary, finance, operations, milestones due or slipped, the next meeting, and the
portfolio tables in an appendix.
Tables and text are native PowerPoint and never cut: a long text is shrunk to fit its box or
wraps, and a long table goes on to the next slide. Charts are pictures rendered by one browser
for the whole pack. Every slide's speaker notes name the data source by its label and when it
was taken, never a path or URL.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from pptx.util import Inches, Pt
from sqlalchemy.engine import Connection

from data_access import queries
from data_access.engine import scrub, store_label
from data_access.filters import PROJECT_FILTER_COLUMNS, Filters
from steerco import fmt
from steerco.charts import finance as finance_charts
from steerco.charts import operations as operations_charts
from steerco.charts import portfolio as portfolio_charts
from steerco.charts import project as project_charts
from steerco.charts import risks as risk_charts
from steerco.charts.slides import SLIDE_HEIGHT_PX, SLIDE_WIDTH_PX, slide_figure
from steerco.config import Settings
from steerco.exports import minutes
from steerco.exports import pptx_parts as pp
from steerco.exports.images import ChartRenderer
from steerco.i18n import N_, rag_label, t, tn
from steerco.views import display, known
from steerco.views import finance as finance_view
from steerco.views import operations as operations_view
from steerco.views import overview as overview_view
from steerco.views import project as project_view
from steerco.views import risks as risks_view

#: Projects given a slide of their own: red first, then amber (by budget variance); the
#: watermelons (reported better than the figures say) come after the red ones, whatever they
#: report.
PROJECT_SLIDE_RAGS = ("R", "A")
#: Rows of the "what changed" table on the executive summary (fewer when names wrap).
SUMMARY_CHANGES_ROWS = 8
CHANGE_WIDTHS = (4, 1.2, 1.2)
#: A project's one-pager: reports in the RAG trend, their date's format, the trend table's
#: row height, the S-curve's layout (CSS pixels, the shape of its space), column shares.
TREND_REPORTS = 5
TREND_ROW = Inches(0.27)
S_CURVE_LAYOUT = (1000, 480)
MILESTONE_WIDTHS = (2.6, 1.25, 1.25, 0.8)
#: Column shares of the decisions' overview, the top risks, the RAID summary's tables and the
#: next meeting's actions.
DECISION_WIDTHS = (2.6, 5.2, 1.9, 2.3)
RISK_WIDTHS = (3.6, 1.9, 0.85, 1.45, 1.3)
ISSUE_WIDTHS = (3.4, 1.6, 1.4)
OVERDUE_WIDTHS = (3.8, 0.9, 1.4)
NEXT_ACTION_WIDTHS = (1.7, 6.5, 2.2, 1.6)
#: A list mark at the start of an option's line ("- ", "• ", "1. ", "a) ").
_LIST_MARK = re.compile(r"^\s*(?:[-*•–]|\d+[.)]|[a-zA-Z][.)])\s+")
#: Width of a chart in one half of the slide body, and where the right half starts.
HALF_WIDTH = Inches(6.05)
RIGHT_HALF_LEFT = Inches(6.78)
#: Top risks listed beside the heat map.
RISKS_ON_SLIDE = 10
#: Period of the risk trend the risks view computes for the pack (not drawn).
RISK_TREND_PERIOD = "month"
#: Layout of a chart that fills half the slide body (CSS pixels, 4:3-ish like the space).
HALF_LAYOUT = (1000, 760)
#: Font size of the line on a section's slide when there is nothing to show.
EMPTY_SIZE = Pt(20)
#: The risk heat map beside the top-risks table: a near-square layout, as tall as the body,
#: so the grid and its words fill the picture beside the ten-row table.
HEATMAP_LAYOUT = (720, 760)
HEATMAP_SLIDE_HEIGHT = Inches(4.85)
HEATMAP_LEFT = Inches(8.25)

#: The carried-forward slides: the height of a block's heading, the body's bottom margin, a
#: line of table text and a cell's margins, and the characters per line of an action's and a
#: deferred question's column (a longer text wraps: its row is counted taller so that no table
#: runs into the next block or off the slide).
BLOCK_HEADING = Inches(0.45)
BODY_BOTTOM_MARGIN = Inches(0.35)
TABLE_LINE = Inches(0.2)
CELL_PADDING = Inches(0.08)
ACTION_LINE_CHARS = 42
DEFERRED_LINE_CHARS = 80
#: Column widths (shares) of the carried-forward tables.
ACTION_WIDTHS = (1.65, 4.35, 1.9, 1.25, 1.25, 1.9)
DEFERRED_WIDTHS = (1.35, 3.4, 7.55)

Progress = Callable[[float, str], None]
#: Share of the progress bar for building the slides; the charts are drawn after them.
SLIDES_SHARE = 0.6


@dataclass
class PackContext:
    prs: object
    overview: overview_view.OverviewView
    settings: Settings
    filters: Filters
    renderer: ChartRenderer
    source: str
    generated_at: datetime
    subtitle: str
    progress: Progress
    agenda: list[str] = field(default_factory=list)
    #: What the as-of date cannot show as known then (views.known), "" when everything.
    not_known: str = ""
    #: The committee the pack is for (its date), when the store knows its meetings.
    meeting: date | None = None
    _risks: risks_view.RisksView | None = None
    #: Charts placed on slides, drawn all at once by ``draw_charts`` once every slide is built
    #: (the browser starts meanwhile): (slide, styled figure, layout size, left, top, w, h).
    pending: list[tuple] = field(default_factory=list)

    def risks(self, conn: Connection) -> risks_view.RisksView:
        """The Risks page's model, built once for the pack's risk slides and decisions."""
        if self._risks is None:
            self._risks = risks_view.build(
                conn, self.filters, self.settings, period=RISK_TREND_PERIOD
            )
        return self._risks

    @property
    def charts(self) -> int:
        return len(self.pending)

    @property
    def notes(self) -> str:
        source = t(
            "Source: {source}. Data as of {as_of}; pack generated {at}. Filters: {filters}.",
            source=self.source,
            as_of=fmt.day(self.overview.as_of),
            at=self.generated_at.strftime("%Y-%m-%d %H:%M"),
            filters=describe_filters(self.filters),
        )
        return f"{source} {self.not_known}" if self.not_known else source

    def slide(self, title: str, subtitle: str | None = None):
        return pp.titled_slide(
            self.prs, title, self.subtitle if subtitle is None else subtitle, notes=self.notes
        )

    def table_slides(
        self,
        title: str,
        frame: pd.DataFrame,
        widths: tuple[float, ...],
        *,
        rag_columns: tuple[str, ...] | list[str] = (),
        subtitle: str | None = None,
    ) -> list:
        """``frame`` as native tables on as many slides as its wrapped rows need (the title
        numbered "(1/2)" then), never cut; returns the slides."""
        width = pp.body_width(self.prs)
        room = pp.SLIDE_HEIGHT - pp.BODY_TOP - BODY_BOTTOM_MARGIN
        pieces = pp.pieces_by_height(frame, width, room, widths)
        slides = []
        for index, piece in enumerate(pieces, start=1):
            suffix = f" ({index}/{len(pieces)})" if len(pieces) > 1 else ""
            slide = self.slide(title + suffix, subtitle)
            pp.add_table(
                slide,
                piece,
                pp.MARGIN,
                pp.BODY_TOP,
                width,
                rag_columns=rag_columns,
                col_widths=widths,
            )
            slides.append(slide)
        return slides

    def place_chart(
        self,
        slide,
        fig: go.Figure,
        title: str,
        left,
        top,
        *,
        w=None,
        h=None,
        half=False,
        layout: tuple[int, int] | None = None,
    ) -> None:
        """Put a chart on ``slide``: for the whole slide body, or (``half``) for half of it,
        with a smaller layout so that its fonts stay as large as a full-width chart's
        (``layout`` gives another size in CSS pixels, e.g. for a square chart)."""
        size = layout or (HALF_LAYOUT if half else (SLIDE_WIDTH_PX, SLIDE_HEIGHT_PX))
        styled = slide_figure(fig, title, "" if half else self.subtitle)
        self.pending.append((slide, styled, size, left, top, w, h))

    def draw_charts(self, share: float) -> None:
        """Render the placed charts with the one browser and add them to their slides."""
        for index, (slide, fig, (width, height), left, top, w, h) in enumerate(self.pending):
            self.progress(
                share + (1 - share) * index / len(self.pending),
                t("Chart {i} of {n}", i=index + 1, n=len(self.pending)),
            )
            png = self.renderer.render(fig, "png", width=width, height=height).data
            pp.add_picture(slide, png, left, top, w=w, h=h)


def nothing_to_show(ctx: PackContext, slide, text: str) -> None:
    """The one line a section's slide carries when the data has nothing for it."""
    pp.add_text(
        slide, text, pp.MARGIN, pp.BODY_TOP, pp.body_width(ctx.prs), Inches(0.6), size=EMPTY_SIZE
    )


def describe_filters(filters: Filters) -> str:
    parts = []
    for name in (*PROJECT_FILTER_COLUMNS, "rag"):
        values = getattr(filters, name)
        if values:
            label = t(name.replace("_", " ").capitalize())
            shown = [rag_label(v) for v in values] if name == "rag" else list(values)
            parts.append(f"{label}: {', '.join(shown)}")
    return "; ".join(parts) or t("whole portfolio")


def _text(value: object) -> str:
    """A value as one line of text (whitespace runs made one space), "" when missing; never
    cut: the slide shrinks or wraps it."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return ""
    return " ".join(str(value).split())


def _paragraphs(value: object) -> str:
    """A long text with its line breaks kept (each line's whitespace made one space)."""
    if not _text(value):
        return ""
    lines = (" ".join(line.split()) for line in str(value).splitlines())
    return "\n".join(line for line in lines if line)


#: Characters of a path or address that may not reach the speaker notes.
_LOCATION = re.compile(r"[a-z][a-z0-9+.-]*://\S*|[\\/]")
_FILE_SUFFIX = re.compile(r"\.(sqlite3?|db|duckdb)\b", re.IGNORECASE)


def note_source(source: str) -> str:
    """The store's name for the speaker notes: its label (``data_access.engine.store_label``)
    with anything that reads as an address or a path taken out: a URL becomes its label, a
    path its file name, a file name its stem. Credentials are masked first."""
    text = scrub(source).strip()
    if "://" in text:
        text = store_label(text)
    if "/" in text or "\\" in text:
        text = re.split(r"[\\/]", text)[-1] or t("the configured store")
    text = _FILE_SUFFIX.sub("", _LOCATION.sub("", text)).strip()
    return text or t("the configured store")


def _committee(conn: Connection, as_of: date) -> tuple[str, date]:
    meetings = queries.meetings(conn)
    if meetings.empty:
        return t("Steering committee"), as_of
    days = pd.to_datetime(meetings["meeting_date"]).dt.date
    upcoming = meetings[days >= as_of]
    row = upcoming.iloc[0] if not upcoming.empty else meetings.iloc[-1]
    return str(row["committee"]), pd.Timestamp(row["meeting_date"]).date()


# --------------------------------------------------------------------------- slides


def title_slide(ctx: PackContext, committee: str, meeting: date) -> None:
    slide = ctx.prs.slides.add_slide(pp._blank_layout(ctx.prs))
    pp._clear_placeholders(slide)
    w = pp.body_width(ctx.prs)
    pp.add_text(slide, committee, pp.MARGIN, Inches(2.4), w, Inches(1.0), size=Pt(44), bold=True)
    pp.add_text(
        slide,
        t("Steering committee pack · {day}", day=fmt.day(meeting)),
        pp.MARGIN,
        Inches(3.5),
        w,
        Inches(0.6),
        size=Pt(24),
        colour=pp.MUTED,
    )
    pp.add_text(
        slide, ctx.subtitle, pp.MARGIN, Inches(4.2), w, Inches(0.5), size=Pt(16), colour=pp.MUTED
    )
    slide.notes_slide.notes_text_frame.text = ctx.notes


def agenda_slide(ctx: PackContext, sections: list[str]) -> None:
    slide = ctx.slide(t("Agenda"))
    pp.add_bullets(
        slide, sections, pp.MARGIN, pp.BODY_TOP, pp.body_width(ctx.prs), Inches(5.5), size=Pt(22)
    )


def summary_slide(ctx: PackContext) -> None:
    view, kpis = ctx.overview, ctx.overview.totals
    currency = ctx.settings.currency
    slide = ctx.slide(t("Executive summary"))
    tiles = [
        (fmt.number(kpis.projects), t("Projects"), None),
        (fmt.number(kpis.red), t("Red projects"), pp.RAG_FILLS["R"] if kpis.red else None),
        (
            fmt.money(kpis.eac, currency),
            t("EAC (budget {b})", b=fmt.money(kpis.approved_budget, currency)),
            None,
        ),
        (
            fmt.number(kpis.watermelons),
            t("Watermelons"),
            pp.RAG_FILLS["A"] if kpis.watermelons else None,
        ),
        (fmt.number(kpis.stale), t("Stale reports"), None),
        (fmt.number(kpis.decisions), t("Decisions required"), None),
    ]
    gap = Inches(0.2)
    tile_w = int((pp.body_width(ctx.prs) - gap * (len(tiles) - 1)) / len(tiles))
    for index, (value, label, accent) in enumerate(tiles):
        left = pp.MARGIN + index * (tile_w + gap)
        pp.add_tile(slide, left, pp.BODY_TOP, tile_w, Inches(1.25), value, label, accent=accent)
    ctx.place_chart(
        slide,
        portfolio_charts.rag_distribution(kpis.by_rag),
        t("Reported status"),
        pp.MARGIN,
        Inches(2.95),
        h=Inches(4.3),
        half=True,
    )
    since = fmt.day(view.last_meeting) if view.last_meeting else t("the last meeting")
    pp.add_text(
        slide,
        t("What changed since {since}", since=since),
        Inches(7.0),
        Inches(3.0),
        Inches(5.8),
        Inches(0.4),
        size=Pt(16),
        bold=True,
    )
    changes = view.changes
    if changes.empty:
        pp.add_text(
            slide,
            t("No status moved since the last meeting."),
            Inches(7.0),
            Inches(3.5),
            Inches(5.8),
            Inches(0.5),
        )
        return
    table = pd.DataFrame(
        {
            t("Project"): [
                _text(f"{p} · {n}")
                for p, n in zip(changes["project_id"], changes["name"], strict=True)
            ],
            t("Was"): changes["previous_rag"].tolist(),
            t("Now"): changes["current_rag"].tolist(),
        }
    )
    room = pp.SLIDE_HEIGHT - Inches(3.45) - BODY_BOTTOM_MARGIN - Inches(0.35)
    shown = pp.pieces_by_height(table.head(SUMMARY_CHANGES_ROWS), Inches(5.8), room, CHANGE_WIDTHS)
    pp.add_table(
        slide,
        shown[0],
        Inches(7.0),
        Inches(3.45),
        Inches(5.8),
        rag_columns=(t("Was"), t("Now")),
        col_widths=CHANGE_WIDTHS,
    )
    more = len(table) - len(shown[0])
    if more:
        top = Inches(3.45) + sum(pp.row_heights(shown[0], Inches(5.8), CHANGE_WIDTHS))
        pp.add_text(
            slide,
            t("and {n} more: see the portfolio status in the appendix", n=more),
            Inches(7.0),
            top + pp.TABLE_ROW_HEIGHT,
            Inches(5.8),
            Inches(0.35),
            size=Pt(12),
            colour=pp.MUTED,
        )


PORTFOLIO_PACK_COLUMNS = {
    "ID": "project_id",
    N_("Project"): "name",
    N_("Phase"): "phase",
    N_("Overall"): "overall_rag",
    N_("Computed"): "overall_rag_computed",
    N_("Schedule"): "schedule_rag",
    N_("Budget"): "budget_rag",
    N_("Scope"): "scope_rag",
    N_("Resources"): "resources_rag",
    N_("Risk"): "risk_rag",
}


PORTFOLIO_WIDTHS = (0.95, 2.75, 1.0, 1.0, 1.05, 1.0, 0.95, 0.9, 1.05, 0.85, 0.95)


def portfolio_table_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The portfolio as pack rows: reported overall first, red projects at the top."""
    rank = frame["overall_rag"].map({"R": 0, "A": 1, "G": 2}).fillna(3)
    ordered = frame.assign(_rank=rank).sort_values(["_rank", "project_id"], kind="stable")
    out = pd.DataFrame(
        {t(label): ordered[col].tolist() for label, col in PORTFOLIO_PACK_COLUMNS.items()}
    )
    out[t("Project")] = out[t("Project")].map(_text)
    out[t("Phase")] = out[t("Phase")].map(display.word)
    out[t("EAC vs BAC")] = [fmt.pct(v, 0, signed=True) for v in ordered["budget_variance_pct"]]
    return out


def portfolio_slides(ctx: PackContext) -> None:
    """The appendix: a divider, then every project's reported and computed RAG."""
    slide = ctx.slide(t("Appendix"), "")
    nothing_to_show(ctx, slide, t("Portfolio status: every project's reported and computed RAG."))
    rag_cols = [
        t(c) for c in ("Overall", "Computed", "Schedule", "Budget", "Scope", "Resources", "Risk")
    ]
    ctx.table_slides(
        t("Appendix: portfolio status"),
        portfolio_table_frame(ctx.overview.portfolio),
        PORTFOLIO_WIDTHS,
        rag_columns=rag_cols,
    )


def _project_label(project_id: object, name: object) -> str:
    """ "PRJ-007 · name", or "Portfolio level" for an item of no project."""
    if not _text(project_id):
        return t("Portfolio level")
    return f"{_text(project_id)} · {_text(name)}" if _text(name) else _text(project_id)


def _deadline(ctx: PackContext, due: object) -> str:
    """A decision's deadline: its due date, else the committee it is asked of."""
    if _text(due) and not pd.isna(due):
        return fmt.day(due)
    return t("This committee ({day})", day=fmt.day(ctx.meeting)) if ctx.meeting else "–"


def decisions_slides(ctx: PackContext, conn: Connection) -> None:
    """An overview of the decisions asked, then one slide per decision."""
    decisions = ctx.overview.decisions
    if decisions.empty:
        slide = ctx.slide(t("Decisions required"))
        nothing_to_show(ctx, slide, t("No decision is asked of the committee."))
        return
    table = pd.DataFrame(
        {
            t("Project"): [
                _project_label(i, n)
                for i, n in zip(decisions["project_id"], decisions["project_name"], strict=True)
            ],
            t("Decision asked"): decisions["decision"].map(_text),
            t("Owner"): decisions["owner"].map(lambda v: _text(v) or "–"),
            t("Deadline"): [_deadline(ctx, d) for d in decisions["due_date"]],
        }
    )
    ctx.table_slides(t("Decisions required"), table, DECISION_WIDTHS)
    total = len(decisions)
    for index, row in enumerate(decisions.itertuples(index=False), start=1):
        decision_slide(ctx, conn, row, index, total)


def _options(value: object) -> list[str]:
    """The options of a report's decision, one per line, without their list marks."""
    lines = [_LIST_MARK.sub("", line).strip() for line in _paragraphs(value).split("\n")]
    return [line for line in lines if line]


def _impact(ctx: PackContext, conn: Connection, row) -> str:
    """What rides on the decision: the RAID item's impact and probability, the project's
    status and figures."""
    parts = []
    if _text(row.raid_id):
        item = ctx.risks(conn).open_items
        item = item.loc[item["raid_id"] == row.raid_id]
        if not item.empty and pd.notna(item.iloc[0]["impact"]):
            line = t("Impact {i}/5", i=fmt.number(item.iloc[0]["impact"]))
            if pd.notna(item.iloc[0]["probability"]):
                line += ", " + t("probability {p}/5", p=fmt.number(item.iloc[0]["probability"]))
            parts.append(line + " " + t("in the RAID log."))
    projects = ctx.overview.portfolio
    project = projects.loc[projects["project_id"] == row.project_id]
    if not project.empty:
        facts = project.iloc[0]
        parts.append(
            t(
                "The project reports {rag}; EAC {eac} against a budget of {bac} ({variance}); "
                "forecast end {slip} against the baseline.",
                rag=rag_label(facts["overall_rag"]),
                eac=fmt.money(facts.get("eac"), ctx.settings.currency),
                bac=fmt.money(facts.get("approved_budget"), ctx.settings.currency),
                variance=fmt.pct(facts.get("budget_variance_pct"), 0, signed=True),
                slip=fmt.days(facts.get("schedule_slip_days")),
            )
        )
    return " ".join(parts) or t("Not stated.")


def decision_slide(ctx: PackContext, conn: Connection, row, index: int, total: int) -> None:
    """One decision: the question, its options and the recommendation, then impact, owner and
    deadline along the bottom."""
    source = t(row.source) + (f" {row.raid_id}" if _text(row.raid_id) else "")
    slide = ctx.slide(
        t(
            "Decision {i} of {n}: {project}",
            i=index,
            n=total,
            project=_project_label(row.project_id, row.project_name),
        ),
        t("{source} · asked since {day}", source=source, day=fmt.day(row.date)),
    )
    width, half = pp.body_width(ctx.prs), HALF_WIDTH
    heading = {"size": Pt(14), "bold": True, "colour": pp.MUTED}
    pp.add_text(slide, t("Question"), pp.MARGIN, pp.BODY_TOP, width, Inches(0.35), **heading)
    pp.add_text(
        slide, _paragraphs(row.decision), pp.MARGIN, Inches(1.8), width, Inches(1.3),
        size=Pt(26), bold=True, fit=True,
    )  # fmt: skip
    options = _options(row.options)
    pp.add_text(slide, t("Options"), pp.MARGIN, Inches(3.2), half, Inches(0.35), **heading)
    if options:
        pp.add_bullets(slide, options, pp.MARGIN, Inches(3.55), half, Inches(2.0), fit=True)
    else:
        pp.add_text(
            slide, t("No options given."), pp.MARGIN, Inches(3.55), half, Inches(0.5),
            size=Pt(18), colour=pp.MUTED,
        )  # fmt: skip
    pp.add_text(
        slide, t("Recommendation"), RIGHT_HALF_LEFT, Inches(3.2), half, Inches(0.35), **heading
    )
    recommendation = _paragraphs(row.recommendation)
    pp.add_text(
        slide, recommendation or t("No recommendation given."), RIGHT_HALF_LEFT, Inches(3.55),
        half, Inches(2.0), size=Pt(20), colour=pp.INK if recommendation else pp.MUTED, fit=True,
    )  # fmt: skip
    facts = [
        (t("Impact"), _impact(ctx, conn, row), Inches(6.3)),
        (t("Owner"), _text(row.owner) or "–", Inches(2.7)),
        (t("Deadline"), _deadline(ctx, row.due_date), Inches(2.9)),
    ]
    left = pp.MARGIN
    for label, text, w in facts:
        pp.add_text(slide, label, left, Inches(5.7), w, Inches(0.35), **heading)
        pp.add_text(slide, text, left, Inches(6.05), w, Inches(1.1), size=Pt(16), fit=True)
        left += w + Inches(0.2)


# --------------------------------------------------------------------------- carried forward


@dataclass
class Block:
    """A heading and its table on the carried-forward slides (one line, ``empty``, when there
    is nothing to list). ``lines``: each row's lines of text (a long text wraps);
    ``flagged``: the rows shown as overdue, in ``flag_column``."""

    heading: str
    table: pd.DataFrame
    empty: str
    widths: tuple[float, ...]
    lines: list[int] = field(default_factory=list)
    flagged: list[int] = field(default_factory=list)
    flag_column: str | None = None

    def height(self, start: int = 0, rows: int = 0) -> int:
        """Height of the heading and the table's header and rows ``start``…``start+rows``
        (of the heading and the one line when the table is empty)."""
        if self.table.empty:
            return BLOCK_HEADING + pp.TABLE_ROW_HEIGHT
        body = sum(_row_height(n) for n in self.lines[start : start + rows])
        return BLOCK_HEADING + pp.TABLE_ROW_HEIGHT + body


#: A block's piece on a slide: (block, first row, rows); rows 0 for an empty block.
Piece = tuple[Block, int, int]


def _row_height(lines: int) -> int:
    """A table row's height: the usual one, or taller for text wrapped on more lines."""
    return max(pp.TABLE_ROW_HEIGHT, TABLE_LINE * lines + CELL_PADDING)


def _wrapped(texts: pd.Series, chars: int) -> list[int]:
    return [max(1, math.ceil(len(text) / chars)) for text in texts]


def _action_status(row) -> str:
    """The status on the as-of date; an overdue action says so, with its days late."""
    if row.overdue:
        return "⚠ " + t("Overdue {days}", days=fmt.days(row.days_overdue, signed=False))
    return t(row.status_on)


def _actions_block(actions: pd.DataFrame, heading: str, empty: str) -> Block:
    ordered = actions.sort_values(["due_date", "action_id"], kind="stable")
    texts = ordered["action"].map(_text)
    table = pd.DataFrame(
        {
            t("ID"): ordered["action_id"].tolist(),
            t("Action"): texts.tolist(),
            t("Owner"): ordered["owner"].map(_text).tolist(),
            t("Raised"): ordered["raised_meeting"].map(fmt.day).tolist(),
            t("Due"): ordered["due_date"].map(fmt.day).tolist(),
            t("Status"): [_action_status(r) for r in ordered.itertuples()],
        }
    )
    return Block(
        heading,
        table,
        empty,
        ACTION_WIDTHS,
        lines=_wrapped(texts, ACTION_LINE_CHARS),
        flagged=[i for i, late in enumerate(ordered["overdue"]) if late],
        flag_column=t("Status"),
    )


def _deferred_block(deferred: pd.DataFrame) -> Block:
    ids, names = deferred["project_id"].fillna(""), deferred["project_name"].fillna("")
    projects = [
        _text(f"{i} · {n}") if i else t("Portfolio level") for i, n in zip(ids, names, strict=True)
    ]
    questions = deferred["question"].map(_text)
    table = pd.DataFrame(
        {
            t("Deferred on"): deferred["meeting_date"].map(fmt.day).tolist(),
            t("Project"): projects,
            t("Decision deferred"): questions.tolist(),
        }
    )
    return Block(
        t("Deferred decisions back on the agenda"),
        table,
        t("No deferred decision is waiting."),
        DEFERRED_WIDTHS,
        lines=_wrapped(questions, DEFERRED_LINE_CHARS),
    )


def carried_blocks(view: overview_view.OverviewView) -> list[Block]:
    """What the committee carries forward: the actions raised in the last meeting before the
    as-of date with their status on it (overdue flagged), the actions of earlier meetings
    still open and overdue, and the decisions deferred and not taken since."""
    last, actions = view.last_meeting, view.actions
    raised = pd.to_datetime(actions["raised_meeting"])
    if last is None:
        first = Block(
            t("Actions from the last meeting"),
            actions.iloc[0:0],
            t("No committee meeting before this date."),
            ACTION_WIDTHS,
        )
        earlier = actions.loc[actions["overdue"]]
    else:
        first = _actions_block(
            actions.loc[raised == pd.Timestamp(last)],
            t("Raised at the committee of {day}", day=fmt.day(last)),
            t("No action was raised at that meeting."),
        )
        earlier = actions.loc[actions["overdue"] & (raised < pd.Timestamp(last))]
    return [
        first,
        _actions_block(
            earlier,
            t("Still open and overdue from earlier meetings"),
            t("No action of an earlier meeting is overdue."),
        ),
        _deferred_block(view.deferred),
    ]


def layout_blocks(blocks: list[Block], room: int) -> list[list[Piece]]:
    """The blocks on as many slides as they need, in order, each slide at most ``room``
    high: a table is split where a slide is full (its heading repeated), and a block starts
    on the next slide when not even its first row fits."""
    pages: list[list[Piece]] = [[]]
    left = room
    for block in blocks:
        start, total = 0, len(block.table)
        while True:
            rows = 0
            while start + rows < total and block.height(start, rows + 1) <= left:
                rows += 1
            fits = rows > 0 or (total == 0 and block.height() <= left)
            if not fits and pages[-1]:
                pages.append([])
                left = room
                continue
            rows = rows or min(1, total)  # a row taller than a slide is shown anyway
            pages[-1].append((block, start, rows))
            left -= block.height(start, rows)
            start += rows
            if start >= total:
                break
    return pages


def _flag(table, row: int, column: int) -> None:
    """An overdue action's status cell: on the red of a Red RAG cell, in bold."""
    cell = table.cell(row, column)
    cell.fill.solid()
    cell.fill.fore_color.rgb = pp.RAG_FILLS["R"]
    for run in cell.text_frame.paragraphs[0].runs:
        run.font.bold, run.font.color.rgb = True, pp.RAG_INKS["R"]


def _draw_piece(ctx: PackContext, slide, top: int, piece: Piece) -> None:
    block, start, rows = piece
    width = pp.body_width(ctx.prs)
    heading = block.heading if start == 0 else t("{heading} (continued)", heading=block.heading)
    pp.add_text(slide, heading, pp.MARGIN, top, width, BLOCK_HEADING, size=Pt(16), bold=True)
    top += BLOCK_HEADING
    if block.table.empty:
        pp.add_text(slide, block.empty, pp.MARGIN, top, width, pp.TABLE_ROW_HEIGHT)
        return
    part = block.table.iloc[start : start + rows]
    table = pp.add_table(slide, part, pp.MARGIN, top, width, col_widths=block.widths)
    column = list(block.table.columns).index(block.flag_column) if block.flag_column else None
    for index in block.flagged:
        if column is not None and start <= index < start + rows:
            _flag(table, index - start + 1, column)


def carried_forward_slides(ctx: PackContext) -> None:
    """ "Actions from the last meeting": its actions, the overdue ones of earlier meetings and
    the deferred decisions coming back (continued on more slides when they are many)."""
    room = pp.SLIDE_HEIGHT - pp.BODY_TOP - BODY_BOTTOM_MARGIN
    pages = layout_blocks(carried_blocks(ctx.overview), room)
    for index, page in enumerate(pages, start=1):
        suffix = f" ({index}/{len(pages)})" if len(pages) > 1 else ""
        slide = ctx.slide(t("Actions from the last meeting") + suffix)
        top = pp.BODY_TOP
        for piece in page:
            _draw_piece(ctx, slide, top, piece)
            block, start, rows = piece
            top += block.height(start, rows)


def risks_slide(ctx: PackContext, conn: Connection) -> None:
    risks = ctx.overview.top_risks
    slide = ctx.slide(t("Top risks"))
    if risks.empty:
        nothing_to_show(ctx, slide, t("No open risk."))
        return
    view = ctx.risks(conn)
    ctx.place_chart(
        slide,
        risk_charts.heatmap(view.heatmap, view.bands),
        t("Open risks: probability × impact"),
        HEATMAP_LEFT,
        pp.BODY_TOP,
        h=HEATMAP_SLIDE_HEIGHT,
        half=True,
        layout=HEATMAP_LAYOUT,
    )
    risks = risks.head(RISKS_ON_SLIDE)
    table = pd.DataFrame(
        {
            t("Risk"): [
                _text(f"{i} · {title}")
                for i, title in zip(risks["raid_id"], risks["title"], strict=True)
            ],
            t("Project"): risks["project_name"].fillna(t("Portfolio level")).map(_text),
            t("Score"): risks["score"].map(lambda v: fmt.number(v)),
            t("Owner"): risks["owner"].map(_text),
            t("Due"): risks["due_date"].map(fmt.day),
        }
    )
    width = HEATMAP_LEFT - pp.MARGIN - Inches(0.2)
    _table_that_fits(slide, table, pp.MARGIN, pp.BODY_TOP, width, RISK_WIDTHS)


def _table_that_fits(
    slide, table: pd.DataFrame, left, top, w, widths, *, bottom=None, more: str | None = None
) -> None:
    """The rows of ``table`` that fit between ``top`` and ``bottom`` (the slide's body end),
    then a line ``more`` (with ``{n}``) saying how many more the app lists."""
    bottom = bottom or pp.SLIDE_HEIGHT - BODY_BOTTOM_MARGIN
    room = bottom - top - Inches(0.35)
    shown = pp.pieces_by_height(table, w, room, widths)[0]
    pp.add_table(slide, shown, left, top, w, col_widths=widths)
    hidden = len(table) - len(shown)
    if hidden:
        below = top + pp.TABLE_ROW_HEIGHT + sum(pp.row_heights(shown, w, widths))
        line = (more or t("and {n} more on the Risks & RAID page")).format(n=hidden)
        pp.add_text(slide, line, left, below, w, Inches(0.35), size=Pt(12), colour=pp.MUTED)


def raid_summary_slide(ctx: PackContext, conn: Connection) -> None:
    """The RAID log at a glance: counts, the open issues and the overdue actions."""
    view = ctx.risks(conn)
    slide = ctx.slide(t("RAID summary"))
    items = view.open_items
    issues = items.loc[items["type"] == "Issue"].sort_values(
        ["score", "raised_date"], ascending=[False, True], na_position="last"
    )
    counts = view.counts
    tiles = [
        (fmt.number(counts.open_risks), t("Open risks"), None),
        (fmt.number(counts.high_risks), t("High risks"), None),
        (fmt.number(len(issues)), t("Open issues"), None),
        (
            fmt.number(counts.overdue_actions),
            t("Overdue actions"),
            pp.RAG_FILLS["R"] if counts.overdue_actions else None,
        ),
        (fmt.number(counts.awaiting_committee), t("Awaiting the committee"), None),
    ]
    gap = Inches(0.2)
    tile_w = int((pp.body_width(ctx.prs) - gap * (len(tiles) - 1)) / len(tiles))
    for index, (value, label, accent) in enumerate(tiles):
        left = pp.MARGIN + index * (tile_w + gap)
        pp.add_tile(slide, left, pp.BODY_TOP, tile_w, Inches(1.05), value, label, accent=accent)
    top = pp.BODY_TOP + Inches(1.3)
    heading = {"size": Pt(16), "bold": True}
    blocks = [
        (
            t("Open issues"),
            pd.DataFrame(
                {
                    t("Issue"): [
                        f"{i} · {_text(x)}"
                        for i, x in zip(issues["raid_id"], issues["title"], strict=True)
                    ],
                    t("Project"): issues["project_name"].map(_text).replace("", t("Portfolio")),
                    t("Owner"): issues["owner"].map(lambda v: _text(v) or "–"),
                }
            ),
            t("No open issue."),
            pp.MARGIN,
            ISSUE_WIDTHS,
        ),
        (
            t("Overdue actions"),
            pd.DataFrame(
                {
                    t("Action"): [
                        f"{i} · {_text(x)}"
                        for i, x in zip(view.overdue["raid_id"], view.overdue["title"], strict=True)
                    ],
                    t("Late"): view.overdue["days_overdue"].map(
                        lambda d: fmt.days(d, signed=False)
                    ),
                    t("Owner"): view.overdue["owner"].map(lambda v: _text(v) or "–"),
                }
            ),
            t("No action is overdue."),
            RIGHT_HALF_LEFT,
            OVERDUE_WIDTHS,
        ),
    ]
    for title, table, empty, left, widths in blocks:
        pp.add_text(slide, title, left, top, HALF_WIDTH, Inches(0.4), **heading)
        if table.empty:
            pp.add_text(slide, empty, left, top + Inches(0.45), HALF_WIDTH, Inches(0.4))
        else:
            _table_that_fits(slide, table, left, top + Inches(0.45), HALF_WIDTH, widths)


def finance_slide(ctx: PackContext, conn: Connection) -> None:
    currency = ctx.settings.currency
    slide = ctx.slide(t("Finance: budget against estimate at completion"))
    fig = portfolio_charts.budget_vs_eac(ctx.overview.portfolio, currency=currency)
    ctx.place_chart(
        slide, fig, t("Budget vs EAC by programme"), pp.MARGIN, pp.BODY_TOP, w=HALF_WIDTH, half=True
    )
    view = finance_view.build(conn, ctx.filters, ctx.settings)
    if view.has_financials:
        ctx.place_chart(
            slide,
            finance_charts.expense_split(view.expense_split, currency),
            t("CAPEX / OPEX"),
            RIGHT_HALF_LEFT,
            pp.BODY_TOP,
            w=HALF_WIDTH,
            half=True,
        )


def operations_slide(ctx: PackContext, conn: Connection) -> None:
    view = operations_view.build(conn, ctx.filters, ctx.settings)
    weeks = view.period.weeks
    slide = ctx.slide(
        t("Operations: service levels, backlog and changes"),
        t("Last {n} weeks to {day} · all services", n=weeks, day=fmt.day(view.as_of)),
    )
    kpis, changes = view.tickets, view.changes
    tiles = [
        (fmt.pct(kpis.compliance_pct, 1), t("SLA compliance")),
        (fmt.number(kpis.backlog), t("Open tickets at the end")),
        (
            f"{fmt.pct(changes.success_pct, 1)} · {fmt.number(changes.implemented)}",
            t("Change success · changes implemented"),
        ),
    ]
    for index, (value, label) in enumerate(tiles):
        left = pp.MARGIN + index * Inches(4.15)
        pp.add_tile(slide, left, pp.BODY_TOP, Inches(3.95), Inches(1.05), value, label)
    top = pp.BODY_TOP + Inches(1.25)
    pictures = [
        (operations_charts.sla_chart(view.sla), t("SLA compliance by service and priority")),
        (operations_charts.backlog_chart(view.backlog), t("Backlog by age")),
    ]
    for index, (fig, title) in enumerate(pictures):
        left = pp.MARGIN if index == 0 else RIGHT_HALF_LEFT
        ctx.place_chart(slide, fig, title, left, top, h=Inches(4.55), half=True)


def milestones_slide(ctx: PackContext) -> None:
    due = ctx.overview.milestones_due
    if due.empty:
        slide = ctx.slide(t("Milestones due or slipped"))
        nothing_to_show(ctx, slide, t("No milestone is due or overdue."))
        return
    ordered = due.sort_values("forecast_date")
    slip = (ordered["forecast_date"] - ordered["baseline_date"]).dt.days
    table = pd.DataFrame(
        {
            t("When"): [t("Overdue") if o else t("Due soon") for o in ordered["overdue"]],
            t("Milestone"): ordered["name"].map(_text),
            t("Project"): ordered["project_name"].map(_text),
            t("Baseline"): ordered["baseline_date"].map(fmt.day),
            t("Forecast"): ordered["forecast_date"].map(fmt.day),
            t("Slip"): slip.map(fmt.days),
        }
    )
    ctx.table_slides(t("Milestones due or slipped"), table, (1.2, 3.6, 3.0, 1.4, 1.4, 1.0))


def projects_for_slides(frame: pd.DataFrame) -> pd.DataFrame:
    """Red projects, then the watermelons (reported green or amber while the figures say
    red), then the other amber ones (reported overall); the biggest budget overrun first."""
    watermelon = frame["watermelon"].astype("boolean").fillna(False).astype(bool)
    rank = frame["overall_rag"].map({"R": 0, "A": 2}).where(~watermelon, 1)
    rank = rank.where(frame["overall_rag"] != "R", 0)
    chosen = frame.assign(_rank=rank).loc[rank.notna()]
    return chosen.sort_values(
        ["_rank", "budget_variance_pct", "project_id"],
        ascending=[True, False, True],
        na_position="last",
    )


def _why(row: pd.Series, report: pd.Series | None) -> str:
    """Why the project is where it is: the figures behind a watermelon, the reported summary,
    and the reason given for each amber or red dimension."""
    lines = []
    if bool(row.get("watermelon")):
        lines.append(
            t(
                "Reported {reported}; the figures say Red: {figures}.",
                reported=rag_label(row.get("overall_rag")),
                figures=project_view.red_figures(row),
            )
        )
    if report is None:
        return "\n".join([*lines, t("No status report.")])
    lines.append(_paragraphs(report.get("summary")) or t("No summary reported."))
    for dim in ("overall", *project_view.RAG_DIMENSIONS):
        reason = _text(report.get(f"{dim}_reason"))
        if reason and report.get(f"{dim}_rag") in ("A", "R"):
            lines.append(f"{t(dim.capitalize())} ({rag_label(report.get(f'{dim}_rag'))}): {reason}")
    return "\n".join(lines)


def _asked_of(ctx: PackContext, project_id: str) -> str:
    """The decisions the project asks of the committee (as on the decision slides)."""
    decisions = ctx.overview.decisions
    mine = decisions.loc[decisions["project_id"] == project_id]
    lines = []
    for row in mine.itertuples(index=False):
        line = _text(row.decision)
        if _text(row.recommendation):
            line += " " + t("Recommended: {r}", r=_text(row.recommendation))
        lines.append(line)
    return "\n".join(lines) or t("No decision asked of the committee.")


def _rag_trend(reports: pd.DataFrame) -> pd.DataFrame:
    """The reported RAG per dimension over the last reports, oldest first (RAG codes)."""
    recent = reports.sort_values("report_date").tail(TREND_REPORTS)
    table = {t("Reported"): [t(d.capitalize()) for d in ("overall", *project_view.RAG_DIMENSIONS)]}
    for report in recent.itertuples(index=False):
        reported = pd.Timestamp(report.report_date)
        day = f"{reported.day:02d} {fmt.month_short(reported)}"
        table[day] = [
            getattr(report, f"{d}_rag") for d in ("overall", *project_view.RAG_DIMENSIONS)
        ]
    return pd.DataFrame(table)


def _open_milestones(milestones: pd.DataFrame) -> pd.DataFrame:
    """The milestones not reached yet, the next first, with their slip against the baseline."""
    ahead = milestones.loc[milestones["actual_date"].isna()].sort_values("forecast_date")
    slip = (pd.to_datetime(ahead["forecast_date"]) - pd.to_datetime(ahead["baseline_date"])).dt.days
    return pd.DataFrame(
        {
            t("Milestone"): ahead["name"].map(_text),
            t("Baseline"): ahead["baseline_date"].map(fmt.day),
            t("Forecast"): ahead["forecast_date"].map(fmt.day),
            t("Slip"): slip.map(fmt.days),
        }
    )


def project_title(row: pd.Series) -> str:
    """ "PRJ-007 · name — Red", a watermelon marked as one."""
    title = f"{row['project_id']} · {_text(row['name'])} — {rag_label(row['overall_rag'])}"
    return title + " · " + t("watermelon") if bool(row.get("watermelon")) else title


def project_slide(ctx: PackContext, conn: Connection, row: pd.Series) -> None:
    """A project's one-pager: why (reported summary and reasons), the decision asked and the
    milestones on the left; key figures, the RAG trend and the S-curve on the right."""
    currency = ctx.settings.currency
    detail = project_view.build(conn, ctx.filters, ctx.settings, project_id=row["project_id"])
    slide = ctx.slide(
        project_title(row),
        " · ".join(
            _text(display.word(row.get(k)))
            for k in ("project_manager", "phase", "programme")
            if _text(row.get(k))
        ),
    )
    half, right = HALF_WIDTH, RIGHT_HALF_LEFT
    heading = {"size": Pt(15), "bold": True}
    report = detail.latest_report if detail is not None else None
    pp.add_text(slide, t("Why"), pp.MARGIN, pp.BODY_TOP, half, Inches(0.35), **heading)
    pp.add_text(
        slide, _why(row, report), pp.MARGIN, Inches(1.8), half, Inches(1.6), size=Pt(18),
        fit=True,
    )  # fmt: skip
    pp.add_text(slide, t("Decision asked"), pp.MARGIN, Inches(3.45), half, Inches(0.35), **heading)
    pp.add_text(
        slide, _asked_of(ctx, row["project_id"]), pp.MARGIN, Inches(3.8), half, Inches(1.0),
        size=Pt(18), fit=True,
    )  # fmt: skip
    pp.add_text(
        slide, t("Milestones ahead"), pp.MARGIN, Inches(4.85), half, Inches(0.35), **heading
    )
    milestones = _open_milestones(detail.milestones) if detail is not None else pd.DataFrame()
    if milestones.empty:
        pp.add_text(slide, t("No milestone ahead."), pp.MARGIN, Inches(5.2), half, Inches(0.4))
    else:
        _table_that_fits(
            slide, milestones, pp.MARGIN, Inches(5.2), half, MILESTONE_WIDTHS,
            more=t("and {n} more on the project page"),
        )  # fmt: skip
    figures = t(
        "Budget {bac} · EAC {eac} ({variance}) · CPI {cpi} · SPI {spi} · forecast end {end} "
        "({slip})",
        bac=fmt.money(row.get("approved_budget"), currency),
        eac=fmt.money(row.get("eac"), currency),
        variance=fmt.pct(row.get("budget_variance_pct"), 0, signed=True),
        cpi=fmt.ratio(row.get("cpi")),
        spi=fmt.ratio(row.get("spi")),
        end=fmt.day(row.get("forecast_end_date")),
        slip=fmt.days(row.get("schedule_slip_days")),
    )
    pp.add_text(slide, figures, right, pp.BODY_TOP, half, Inches(0.6), size=Pt(16), fit=True)
    reports = detail.reports if detail is not None else pd.DataFrame()
    pp.add_text(slide, t("Reported RAG trend"), right, Inches(2.05), half, Inches(0.35), **heading)
    if reports.empty:
        pp.add_text(slide, t("No status report."), right, Inches(2.4), half, Inches(0.4))
    else:
        trend = _rag_trend(reports)
        pp.add_table(
            slide, trend, right, Inches(2.4), half, rag_columns=list(trend.columns[1:]),
            col_widths=(1.3, *([1] * (len(trend.columns) - 1))), row_height=TREND_ROW,
        )  # fmt: skip
    if detail is None or detail.financials.empty:
        pp.add_text(slide, t("No financial data."), right, Inches(4.5), half, Inches(0.4))
        return
    ctx.place_chart(
        slide,
        project_charts.budget_s_curve(detail.financials, detail.as_of, row.get("bac"), currency),
        t("Budget S-curve"),
        right,
        Inches(4.45),
        w=half,
        half=True,
        layout=S_CURVE_LAYOUT,
    )


def next_meeting_slide(ctx: PackContext, conn: Connection) -> None:
    """The next committee: its date (or the usual interval's proposal) and what is due by
    then: the open actions and the decisions deferred to it."""
    day, proposed = next_meeting(queries.meetings(conn), ctx.meeting)
    slide = ctx.slide(t("Next meeting"))
    if day is None:
        line = t("No next meeting is scheduled.")
    elif proposed:
        line = t("Not scheduled yet; at the usual interval: {day}", day=fmt.day(day))
    else:
        line = t("Next committee: {day}", day=fmt.day(day))
    width = pp.body_width(ctx.prs)
    pp.add_text(slide, line, pp.MARGIN, pp.BODY_TOP, width, Inches(0.6), size=Pt(24), bold=True)
    actions = ctx.overview.actions
    due = actions.loc[actions["open"]]
    if day is not None:
        due = due.loc[pd.to_datetime(due["due_date"]) <= pd.Timestamp(day)]
    due = due.sort_values(["due_date", "action_id"])
    heading = t("Actions due by then") if day is not None else t("Open actions")
    top = pp.BODY_TOP + Inches(0.85)
    pp.add_text(slide, heading, pp.MARGIN, top, width, Inches(0.4), size=Pt(16), bold=True)
    if due.empty:
        pp.add_text(slide, t("No open action is due."), pp.MARGIN, top + Inches(0.45), width,
                    Inches(0.4))  # fmt: skip
    else:
        table = pd.DataFrame(
            {
                t("ID"): due["action_id"].tolist(),
                t("Action"): due["action"].map(_text).tolist(),
                t("Owner"): due["owner"].map(lambda v: _text(v) or "–").tolist(),
                t("Due"): due["due_date"].map(fmt.day).tolist(),
            }
        )
        _table_that_fits(
            slide, table, pp.MARGIN, top + Inches(0.45), width, NEXT_ACTION_WIDTHS,
            bottom=pp.SLIDE_HEIGHT - Inches(1.1), more=t("and {n} more on the Meeting page"),
        )  # fmt: skip
    deferred = len(ctx.overview.deferred)
    pp.add_text(
        slide,
        t("Decisions deferred and not yet taken: {n}.", n=deferred),
        pp.MARGIN,
        pp.SLIDE_HEIGHT - Inches(0.95),
        width,
        Inches(0.5),
        size=Pt(16),
        colour=pp.MUTED,
    )


def next_meeting(meetings: pd.DataFrame, meeting: date | None) -> tuple[date | None, bool]:
    """(the meeting after ``meeting``, False), else (``meeting`` plus the committee's usual
    interval, True: a proposal), else (None, False) when there is nothing to go by."""
    if meeting is None or meetings.empty:
        return None, False
    days = pd.to_datetime(meetings["meeting_date"]).sort_values()
    later = days[days > pd.Timestamp(meeting)]
    if not later.empty:
        return later.iloc[0].date(), False
    gaps = days.diff().dropna()
    if gaps.empty:
        return None, False
    return (pd.Timestamp(meeting) + gaps.median()).date(), True


# --------------------------------------------------------------------------- the pack


#: The pack's sections in their order (key → title); the Export page lets the user choose.
SECTIONS = {
    "summary": N_("Executive summary"),
    "actions": N_("Actions from the last meeting"),
    "projects": N_("Red, watermelon and amber projects"),
    "decisions": N_("Decisions required"),
    "risks": N_("Top risks and RAID summary"),
    "finance": N_("Finance"),
    "operations": N_("Operations"),
    "milestones": N_("Milestones due or slipped"),
    "next_meeting": N_("Next meeting"),
    "appendix": N_("Appendix: portfolio status"),
}


def _section_steps(
    ctx: PackContext, conn: Connection, key: str
) -> list[tuple[str, Callable[[], None]]]:
    """The slides of one section, each a (progress label, builder) step."""
    if key == "projects":
        rows = projects_for_slides(ctx.overview.portfolio).itertuples(index=False)
        return [
            (str(row.project_id), partial(project_slide, ctx, conn, pd.Series(row._asdict())))
            for row in rows
        ]
    makers: dict[str, Callable[[], None]] = {
        "summary": lambda: summary_slide(ctx),
        "actions": lambda: carried_forward_slides(ctx),
        "decisions": lambda: decisions_slides(ctx, conn),
        "risks": lambda: (risks_slide(ctx, conn), raid_summary_slide(ctx, conn)),
        "finance": lambda: finance_slide(ctx, conn),
        "operations": lambda: operations_slide(ctx, conn),
        "milestones": lambda: milestones_slide(ctx),
        "next_meeting": lambda: next_meeting_slide(ctx, conn),
        "appendix": lambda: portfolio_slides(ctx),
    }
    return [(t(SECTIONS[key]), makers[key])]


def build_pack(
    conn: Connection,
    filters: Filters,
    settings: Settings,
    *,
    source: str,
    template: str | Path | bytes | None = None,
    sections: Collection[str] | None = None,
    progress: Progress | None = None,
    renderer: ChartRenderer | None = None,
) -> bytes:
    """The whole pack as .pptx bytes. Raises ``ChromiumMissing`` when charts cannot be drawn.

    ``source`` names the store in every slide's notes: its label
    (``data_access.engine.store_label``), never its URL or path (:func:`note_source`).
    ``sections``: the keys of ``SECTIONS`` to include (default: all); the title and the
    agenda always come first. ``template``: a company .pptx (path or bytes) checked by
    ``pptx_parts.template_problem``.
    """
    chosen = [key for key in SECTIONS if sections is None or key in sections]
    source = note_source(source)
    report = progress or (lambda _share, _text: None)
    generated_at = datetime.now()
    report(0.0, t("Reading the portfolio…"))
    view = overview_view.build(conn, filters, settings)
    committee, meeting = _committee(conn, view.as_of)
    prs = pp.new_presentation(template)
    subtitle = t(
        "Data as of {day} · {filters}", day=fmt.day(view.as_of), filters=describe_filters(filters)
    )
    own_renderer = renderer is None
    renderer = renderer or ChartRenderer()
    renderer.start_in_background()  # starts while the slides are built
    try:
        ctx = PackContext(
            prs, view, settings, filters, renderer, source, generated_at, subtitle, report
        )
        ctx.not_known = known.not_known(conn, filters).note
        ctx.meeting = meeting
        steps: list[tuple[str, Callable[[], None]]] = [
            (t("Title"), lambda: title_slide(ctx, committee, meeting)),
            (t("Agenda"), lambda: agenda_slide(ctx, [t(SECTIONS[k]) for k in chosen])),
        ]
        for key in chosen:
            steps += _section_steps(ctx, conn, key)
        for index, (label, make) in enumerate(steps):
            report(SLIDES_SHARE * index / len(steps), t("Slide: {what}", what=label))
            make()
        if ctx.pending:
            ctx.draw_charts(SLIDES_SHARE)
        slides = tn(len(prs.slides), "{n} slide", "{n} slides")
        report(
            1.0,
            t(
                "Done: {slides}, {charts}",
                slides=slides,
                charts=tn(ctx.charts, "{n} chart", "{n} charts"),
            ),
        )
        return pp.save(prs)
    finally:
        if own_renderer:
            renderer.stop()


# --------------------------------------------------------------------------- PDF

#: Raised when LibreOffice is there but cannot write the pack's PDF.
PdfFailed = minutes.MinutesPdfFailed


def pdf_unavailable() -> str | None:
    """Why the pack cannot be had as PDF on this machine (no LibreOffice, or one without
    Impress), in words for the user; None when it can."""
    soffice = minutes.soffice_path()
    if soffice is None or minutes.lacks_module(soffice, "sdlo"):
        return t(
            "The PDF needs LibreOffice Impress on the server: "
            "apt-get install -y --no-install-recommends libreoffice-impress"
        )
    return None


def pack_pdf(pptx: bytes) -> bytes:
    """The pack as PDF, converted by LibreOffice (check :func:`pdf_unavailable` first).
    Raises :data:`PdfFailed` when the conversion fails."""
    soffice = minutes.soffice_path()
    if soffice is None:
        raise PdfFailed(pdf_unavailable())
    return minutes.office_pdf(soffice, pptx, "pack.pptx")
