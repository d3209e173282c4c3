"""The steering-committee pack: one 16:9 .pptx from the same data and chart builders as the
pages (``steerco pack`` and the Export page).

Order: title, agenda, executive summary, portfolio RAG table, decisions required, actions from
the last meeting (with the overdue ones of earlier meetings and the deferred decisions that come
back), top risks, finance, operations, milestones due or slipped, then one slide per red and
amber project.
Tables and text are native PowerPoint; charts are pictures rendered by one browser for the
whole pack. Every slide's speaker notes name the data source and when it was taken.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from pptx.util import Inches, Pt
from sqlalchemy.engine import Connection

from data_access import queries
from data_access.engine import scrub
from data_access.filters import PROJECT_FILTER_COLUMNS, Filters
from steerco import fmt
from steerco.charts import finance as finance_charts
from steerco.charts import operations as operations_charts
from steerco.charts import portfolio as portfolio_charts
from steerco.charts import risks as risk_charts
from steerco.charts.slides import SLIDE_HEIGHT_PX, SLIDE_WIDTH_PX, slide_figure
from steerco.config import Settings
from steerco.exports import pptx_parts as pp
from steerco.exports.images import ChartRenderer
from steerco.i18n import rag_label, t
from steerco.views import finance as finance_view
from steerco.views import known
from steerco.views import operations as operations_view
from steerco.views import overview as overview_view
from steerco.views import project as project_view
from steerco.views import risks as risks_view

#: Projects given a slide of their own: red first, then amber (by budget variance).
PROJECT_SLIDE_RAGS = ("R", "A")
#: Rows of the "what changed" table on the executive summary.
SUMMARY_CHANGES_ROWS = 8
#: Top risks listed on a project slide.
PROJECT_TOP_RISKS = 3
#: Longest text kept in a table cell of the pack (the page has the full text).
CELL_TEXT_CHARS = 90
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
    #: Charts placed on slides, drawn all at once by ``draw_charts`` once every slide is built
    #: (the browser starts meanwhile): (slide, styled figure, layout size, left, top, w, h).
    pending: list[tuple] = field(default_factory=list)

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


def _short(value: object, limit: int = CELL_TEXT_CHARS) -> str:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return ""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
    changes = view.changes.head(SUMMARY_CHANGES_ROWS)
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
                _short(f"{p} · {n}", 40)
                for p, n in zip(changes["project_id"], changes["name"], strict=True)
            ],
            t("Was"): changes["previous_rag"].tolist(),
            t("Now"): changes["current_rag"].tolist(),
        }
    )
    pp.add_table(
        slide,
        table,
        Inches(7.0),
        Inches(3.45),
        Inches(5.8),
        rag_columns=(t("Was"), t("Now")),
        col_widths=(4, 1.2, 1.2),
    )


PORTFOLIO_PACK_COLUMNS = {
    "ID": "project_id",
    "Project": "name",
    "Phase": "phase",
    "Overall": "overall_rag",
    "Computed": "overall_rag_computed",
    "Schedule": "schedule_rag",
    "Budget": "budget_rag",
    "Scope": "scope_rag",
    "Resources": "resources_rag",
    "Risk": "risk_rag",
}


def portfolio_table_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The portfolio as pack rows: reported overall first, red projects at the top."""
    rank = frame["overall_rag"].map({"R": 0, "A": 1, "G": 2}).fillna(3)
    ordered = frame.assign(_rank=rank).sort_values(["_rank", "project_id"], kind="stable")
    out = pd.DataFrame(
        {t(label): ordered[col].tolist() for label, col in PORTFOLIO_PACK_COLUMNS.items()}
    )
    out[t("Project")] = out[t("Project")].map(lambda v: _short(v, 42))
    out[t("EAC vs BAC")] = [fmt.pct(v, 0, signed=True) for v in ordered["budget_variance_pct"]]
    return out


def portfolio_slides(ctx: PackContext) -> None:
    table = portfolio_table_frame(ctx.overview.portfolio)
    pieces = pp.chunks(table)
    rag_cols = [
        t(c) for c in ("Overall", "Computed", "Schedule", "Budget", "Scope", "Resources", "Risk")
    ]
    for index, piece in enumerate(pieces, start=1):
        suffix = f" ({index}/{len(pieces)})" if len(pieces) > 1 else ""
        slide = ctx.slide(t("Portfolio status") + suffix)
        pp.add_table(
            slide,
            piece,
            pp.MARGIN,
            pp.BODY_TOP,
            pp.body_width(ctx.prs),
            rag_columns=rag_cols,
            col_widths=(0.95, 2.75, 1.0, 1.0, 1.05, 1.0, 0.95, 0.9, 1.05, 0.85, 0.95),
        )


def decisions_slides(ctx: PackContext) -> None:
    decisions = ctx.overview.decisions
    if decisions.empty:
        slide = ctx.slide(t("Decisions required"))
        nothing_to_show(ctx, slide, t("No decision is asked of the committee."))
        return
    table = pd.DataFrame(
        {
            t("Project"): decisions["project_name"]
            .fillna(t("Portfolio level"))
            .map(lambda v: _short(v, 40)),
            t("Decision asked"): decisions["decision"].map(_short),
            t("Source"): decisions["source"].map(t),
            t("Since"): decisions["date"].map(fmt.day),
        }
    )
    pieces = pp.chunks(table)
    for index, piece in enumerate(pieces, start=1):
        suffix = f" ({index}/{len(pieces)})" if len(pieces) > 1 else ""
        slide = ctx.slide(t("Decisions required") + suffix)
        pp.add_table(
            slide,
            piece,
            pp.MARGIN,
            pp.BODY_TOP,
            pp.body_width(ctx.prs),
            col_widths=(2.6, 6.4, 1.4, 1.4),
        )


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
    texts = ordered["action"].map(_short)
    table = pd.DataFrame(
        {
            t("ID"): ordered["action_id"].tolist(),
            t("Action"): texts.tolist(),
            t("Owner"): ordered["owner"].map(lambda v: _short(v, 24)).tolist(),
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
        _short(f"{i} · {n}", 32) if i else t("Portfolio level")
        for i, n in zip(ids, names, strict=True)
    ]
    questions = deferred["question"].map(_short)
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
    view = risks_view.build(conn, ctx.filters, ctx.settings, period=RISK_TREND_PERIOD)
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
                _short(f"{i} · {title}", 60)
                for i, title in zip(risks["raid_id"], risks["title"], strict=True)
            ],
            t("Project"): risks["project_name"]
            .fillna(t("Portfolio level"))
            .map(lambda v: _short(v, 30)),
            t("Score"): risks["score"].map(lambda v: fmt.number(v)),
            t("Owner"): risks["owner"].map(lambda v: _short(v, 24)),
            t("Due"): risks["due_date"].map(fmt.day),
        }
    )
    pp.add_table(
        slide,
        table,
        pp.MARGIN,
        pp.BODY_TOP,
        HEATMAP_LEFT - pp.MARGIN - Inches(0.2),
        col_widths=(3.6, 1.9, 0.85, 1.45, 1.3),
    )


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
    slide = ctx.slide(t("Milestones due or slipped"))
    if due.empty:
        nothing_to_show(ctx, slide, t("No milestone is due or overdue."))
        return
    ordered = due.sort_values("forecast_date")
    slip = (ordered["forecast_date"] - ordered["baseline_date"]).dt.days
    table = pd.DataFrame(
        {
            t("When"): [t("Overdue") if o else t("Due soon") for o in ordered["overdue"]],
            t("Milestone"): ordered["name"].map(lambda v: _short(v, 44)),
            t("Project"): ordered["project_name"].map(lambda v: _short(v, 34)),
            t("Baseline"): ordered["baseline_date"].map(fmt.day),
            t("Forecast"): ordered["forecast_date"].map(fmt.day),
            t("Slip"): slip.map(fmt.days),
        }
    )
    pp.add_table(
        slide,
        table.head(pp.TABLE_ROWS_PER_SLIDE),
        pp.MARGIN,
        pp.BODY_TOP,
        pp.body_width(ctx.prs),
        col_widths=(1.2, 3.6, 3.0, 1.4, 1.4, 1.0),
    )


def projects_for_slides(frame: pd.DataFrame) -> pd.DataFrame:
    """Red, then amber projects (reported overall), the biggest budget overrun first."""
    chosen = frame[frame["overall_rag"].isin(PROJECT_SLIDE_RAGS)]
    rank = chosen["overall_rag"].map({c: i for i, c in enumerate(PROJECT_SLIDE_RAGS)})
    return chosen.assign(_rank=rank).sort_values(
        ["_rank", "budget_variance_pct", "project_id"],
        ascending=[True, False, True],
        na_position="last",
    )


def project_slide(ctx: PackContext, conn: Connection, row: pd.Series) -> None:
    currency = ctx.settings.currency
    detail = project_view.build(conn, ctx.filters, ctx.settings, project_id=row["project_id"])
    title = f"{row['project_id']} · {_short(row['name'], 50)} — {rag_label(row['overall_rag'])}"
    slide = ctx.slide(
        title,
        t(
            "{pm} · {phase} · {programme}",
            pm=row.get("project_manager") or "",
            phase=row.get("phase") or "",
            programme=row.get("programme") or "",
        ),
    )
    dims = project_view.dimension_summary(detail.row if detail else row)
    dims = dims[dims["dimension"].isin(["overall", *project_view.RAG_DIMENSIONS])]
    table = pd.DataFrame(
        {
            t("Dimension"): dims["dimension"].map(lambda d: t(d.capitalize())),
            t("Reported"): dims["reported"].tolist(),
            t("Computed"): dims["computed"].tolist(),
        }
    )
    pp.add_table(
        slide,
        table,
        pp.MARGIN,
        pp.BODY_TOP,
        Inches(5.2),
        rag_columns=(t("Reported"), t("Computed")),
        col_widths=(2.2, 1.5, 1.5),
    )
    figures = [
        (t("Budget (BAC)"), fmt.money(row.get("approved_budget"), currency)),
        (t("Estimate at completion"), fmt.money(row.get("eac"), currency)),
        (t("Variance"), fmt.pct(row.get("budget_variance_pct"), 1, signed=True)),
        ("CPI / SPI", f"{fmt.ratio(row.get('cpi'))} / {fmt.ratio(row.get('spi'))}"),
        (t("Forecast end"), fmt.day(row.get("forecast_end_date"))),
        (t("Slip vs baseline"), fmt.days(row.get("schedule_slip_days"))),
    ]
    key_figures = pd.DataFrame(figures, columns=[t("Key figure"), t("Value")])
    pp.add_table(slide, key_figures, Inches(6.1), pp.BODY_TOP, Inches(6.7), col_widths=(3.5, 3.2))
    top = Inches(4.45)
    risks = detail.raid if detail is not None else pd.DataFrame()
    if not risks.empty:
        risks = risks[(risks["type"] == "Risk") & (risks["status"] != "Closed")]
        risks = risks.sort_values("score", ascending=False).head(PROJECT_TOP_RISKS)
    lines = (
        [
            f"{r.raid_id} · {_short(r.title, 60)} ({t('score')} {fmt.number(r.score)})"
            for r in risks.itertuples()
        ]
        if not risks.empty
        else [t("No open risk.")]
    )
    pp.add_text(
        slide, t("Top risks"), pp.MARGIN, top, Inches(6.0), Inches(0.4), size=Pt(16), bold=True
    )
    pp.add_bullets(
        slide, lines, pp.MARGIN, top + Inches(0.4), Inches(6.0), Inches(2.4), size=Pt(14)
    )
    report = detail.latest_report if detail is not None else None
    next_steps = _short(report.get("next_steps"), 400) if report is not None else ""
    pp.add_text(
        slide, t("Next steps"), Inches(6.6), top, Inches(6.2), Inches(0.4), size=Pt(16), bold=True
    )
    pp.add_text(
        slide,
        next_steps or t("Not reported."),
        Inches(6.6),
        top + Inches(0.4),
        Inches(6.2),
        Inches(2.4),
        size=Pt(14),
    )


# --------------------------------------------------------------------------- the pack


SECTIONS = (
    "Executive summary",
    "Portfolio status",
    "Decisions required",
    "Actions from the last meeting",
    "Top risks",
    "Finance",
    "Operations",
    "Milestones due or slipped",
    "Red and amber projects",
)


def build_pack(
    conn: Connection,
    filters: Filters,
    settings: Settings,
    *,
    source: str,
    template: str | Path | None = None,
    progress: Progress | None = None,
    renderer: ChartRenderer | None = None,
) -> bytes:
    """The whole pack as .pptx bytes. Raises ``ChromiumMissing`` when charts cannot be drawn.

    ``source`` names the store in every slide's notes: its label
    (``data_access.engine.store_label``), never its URL; any credential in it is masked.
    """
    source = scrub(source)
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
        projects = projects_for_slides(view.portfolio)
        steps: list[tuple[str, Callable[[], None]]] = [
            (t("Title"), lambda: title_slide(ctx, committee, meeting)),
            (t("Agenda"), lambda: agenda_slide(ctx, [t(s) for s in SECTIONS])),
            (t("Executive summary"), lambda: summary_slide(ctx)),
            (t("Portfolio status"), lambda: portfolio_slides(ctx)),
            (t("Decisions required"), lambda: decisions_slides(ctx)),
            (t("Actions from the last meeting"), lambda: carried_forward_slides(ctx)),
            (t("Top risks"), lambda: risks_slide(ctx, conn)),
            (t("Finance"), lambda: finance_slide(ctx, conn)),
            (t("Operations"), lambda: operations_slide(ctx, conn)),
            (t("Milestones"), lambda: milestones_slide(ctx)),
        ]
        for row in projects.itertuples(index=False):
            series = pd.Series(row._asdict())
            steps.append((str(series["project_id"]), lambda s=series: project_slide(ctx, conn, s)))
        for index, (label, make) in enumerate(steps):
            report(SLIDES_SHARE * index / len(steps), t("Slide: {what}", what=label))
            make()
        ctx.draw_charts(SLIDES_SHARE)
        report(1.0, t("Done: {n} slides, {c} charts", n=len(prs.slides), c=ctx.charts))
        return pp.save(prs)
    finally:
        if own_renderer:
            renderer.stop()
