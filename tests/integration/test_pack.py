"""The steering pack for the sample portfolio, opened with python-pptx and rendered by
LibreOffice: a one-pager per red, watermelon and amber project, a slide per decision asked, no
text cut, notes without paths; sections, company templates, PDF; chart pictures from the same
builders; `steerco pack` on the command line."""

from __future__ import annotations

import io
import itertools
import shutil
import sqlite3
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image
from pptx import Presentation
from pptx.util import Emu

from data_access import engine as store_engine
from data_access.filters import Filters
from steerco import fmt, i18n
from steerco.charts.portfolio import rag_distribution
from steerco.charts.slides import slide_figure
from steerco.cli import main
from steerco.config import load_settings
from steerco.exports import images, pack, pptx_parts
from steerco.exports.pack import HALF_LAYOUT, SECTIONS, build_pack
from steerco.views import overview as overview_view
from tests.support import hostile, recompute

pytestmark = pytest.mark.skipif(
    images.chromium_path() is None,
    reason="chart pictures need Chromium: apt-get install -y chromium",
)


@pytest.fixture(scope="module")
def renderer():
    with images.ChartRenderer() as r:
        yield r


@pytest.fixture(scope="module")
def sample_url(sqlite_url) -> str:
    return sqlite_url


@pytest.fixture(scope="module")
def overview(sample_url):
    eng = store_engine.create_engine(sample_url)
    with eng.connect() as conn:
        view = overview_view.build(conn, Filters(), load_settings())
    eng.dispose()
    return view


def _build(url: str, renderer, filters: Filters | None = None, **options) -> bytes:
    eng = store_engine.create_engine(url)
    with eng.connect() as conn:
        data = build_pack(conn, filters or Filters(), load_settings(), renderer=renderer, **options)
    eng.dispose()
    return data


@pytest.fixture(scope="module")
def deck_bytes(sample_url, renderer) -> bytes:
    """The whole pack, its store named by the URL of a file (the notes must not show it)."""
    steps = []
    with pytest.MonkeyPatch.context() as env:
        env.delenv(store_engine.STORE_LABEL_ENV, raising=False)
        data = _build(
            sample_url,
            renderer,
            source=sample_url,
            progress=lambda share, text: steps.append((share, text)),
        )
    assert steps[0][0] == 0.0 and steps[-1][0] == 1.0
    assert all(a[0] <= b[0] for a, b in itertools.pairwise(steps)), "progress only grows"
    return data


@pytest.fixture(scope="module")
def deck(deck_bytes):
    return Presentation(io.BytesIO(deck_bytes))


def _titles(deck) -> list[str]:
    return [pptx_parts.slide_title(s) for s in deck.slides]


def _tables(slide):
    return [s.table for s in slide.shapes if s.has_table]


def _rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_deck_is_16_9(deck):
    assert (deck.slide_width, deck.slide_height) == (
        pptx_parts.SLIDE_WIDTH,
        pptx_parts.SLIDE_HEIGHT,
    )
    assert abs(deck.slide_width / deck.slide_height - 16 / 9) < 0.001


def _count(titles: list[str], prefix: str) -> int:
    return sum(title.startswith(prefix) for title in titles)


def test_slides_come_in_the_committee_order(deck, overview):
    portfolio, decisions = overview.portfolio, overview.decisions
    watermelon = portfolio["watermelon"].astype(bool)
    reds = portfolio[portfolio["overall_rag"] == "R"]
    melons = portfolio[watermelon & (portfolio["overall_rag"] != "R")]
    ambers = portfolio[~watermelon & (portfolio["overall_rag"] == "A")]
    titles = _titles(deck)
    assert titles[1:4] == ["Agenda", "Executive summary", "Actions from the last meeting"]
    projects = titles[4 : 4 + len(reds) + len(melons) + len(ambers)]
    ids = [title.split(" · ")[0] for title in projects]
    assert set(ids[: len(reds)]) == set(reds["project_id"])
    assert set(ids[len(reds) : len(reds) + len(melons)]) == set(melons["project_id"])
    assert set(ids[len(reds) + len(melons) :]) == set(ambers["project_id"])
    assert all(t.endswith("— Red") for t in projects[: len(reds)])
    assert all(t.endswith("· watermelon") for t in projects[len(reds) : len(reds) + len(melons)])
    rest = titles[4 + len(projects) :]
    overview_pages = _count(rest, "Decisions required")
    assert rest[0].startswith("Decisions required") and overview_pages >= 1
    singles = rest[overview_pages : overview_pages + len(decisions)]
    assert singles == [
        f"Decision {i} of {len(decisions)}: " + title.split(": ", 1)[1]
        for i, title in enumerate(singles, start=1)
    ]
    after = rest[overview_pages + len(decisions) :]
    milestone_pages = _count(after, "Milestones due or slipped")
    assert after[:4] == [
        "Top risks",
        "RAID summary",
        "Finance: budget against estimate at completion",
        "Operations: service levels, backlog and changes",
    ]
    assert after[4 + milestone_pages :][:2] == ["Next meeting", "Appendix"]
    appendix = after[6 + milestone_pages :]
    assert appendix and all(t.startswith("Appendix: portfolio status") for t in appendix)
    agenda = " ".join(s.text_frame.text for s in deck.slides[1].shapes if s.has_text_frame)
    assert all(title in agenda for title in SECTIONS.values())


def test_title_slide_names_the_committee_and_meeting(deck):
    text = " ".join(s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame)
    assert "IT Steering Committee" in text and "Steering committee pack" in text


def test_portfolio_table_lists_every_project_with_rag_words(deck, overview):
    rows = []
    for slide in deck.slides:
        if pptx_parts.slide_title(slide).startswith("Appendix: portfolio status"):
            (table,) = _tables(slide)
            header, *body = _rows(table)
            rows += body
    assert header[:5] == ["ID", "Project", "Phase", "Overall", "Computed"]
    assert sorted(r[0] for r in rows) == sorted(overview.portfolio["project_id"])
    words = {"R": "Red", "A": "Amber", "G": "Green"}
    expected = {
        pid: words.get(rag, "")
        for pid, rag in zip(
            overview.portfolio["project_id"], overview.portfolio["overall_rag"], strict=True
        )
    }
    assert {r[0]: r[3] for r in rows} == expected
    assert [r[3] for r in rows] == sorted(
        (r[3] for r in rows), key=["Red", "Amber", "Green", ""].index
    )


def test_rag_cells_carry_the_word_on_its_colour(deck):
    slide = next(
        s for s in deck.slides if pptx_parts.slide_title(s).startswith("Appendix: portfolio")
    )
    (table,) = _tables(slide)
    cell = table.cell(1, 3)
    assert cell.text in pptx_parts.RAG_FILLS or cell.text in ("Red", "Amber", "Green")
    code = {"Red": "R", "Amber": "A", "Green": "G"}[cell.text]
    assert cell.fill.fore_color.rgb == pptx_parts.RAG_FILLS[code]


def test_text_is_native_and_charts_are_16_9_pictures(deck):
    pictures = [s for slide in deck.slides for s in slide.shapes if s.shape_type == 13]
    assert len(pictures) >= 2
    finance = next(s for s in deck.slides if pptx_parts.slide_title(s).startswith("Finance"))
    charts = [s for s in finance.shapes if s.shape_type == 13]
    assert len(charts) == 2, "budget vs EAC and CAPEX/OPEX"
    for chart in charts:
        image = Image.open(io.BytesIO(chart.image.blob))
        assert image.size == tuple(n * images.SCALE for n in HALF_LAYOUT)
        assert chart.width / chart.height == pytest.approx(image.width / image.height, rel=0.01)
        assert chart.left + chart.width <= deck.slide_width, "inside the slide"
    risks = next(s for s in deck.slides if pptx_parts.slide_title(s) == "Top risks")
    assert [s for s in risks.shapes if s.shape_type == 13], "the heat map"
    ops = next(s for s in deck.slides if pptx_parts.slide_title(s).startswith("Operations"))
    assert len([s for s in ops.shapes if s.shape_type == 13]) == 2, "SLA and backlog"
    decisions = next(s for s in deck.slides if pptx_parts.slide_title(s).startswith("Decisions"))
    assert _tables(decisions), "decisions are a native table, not a picture"


def test_actions_from_the_last_meeting_with_the_overdue_ones_flagged(deck, overview, sample_frames):
    day = pd.Timestamp(overview.as_of)
    meetings = pd.to_datetime(sample_frames["meetings"]["meeting_date"])
    last = meetings[meetings < day].max()
    actions = recompute.committee_actions_on(sample_frames["actions"], day)
    of_last = actions[actions["raised_meeting"] == last]
    earlier = actions[actions["overdue"] & (actions["raised_meeting"] < last)]
    assert len(earlier) >= 3, "the sample keeps actions of earlier meetings overdue"
    slide = next(
        s for s in deck.slides if pptx_parts.slide_title(s) == "Actions from the last meeting"
    )
    text = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    assert f"Raised at the committee of {fmt.day(last)}" in text
    assert "Still open and overdue from earlier meetings" in text
    if of_last.empty:
        assert "No action was raised at that meeting." in text
    rows = {}
    for table in _tables(slide):
        header, *body = _rows(table)
        assert header == ["ID", "Action", "Owner", "Raised", "Due", "Status"]
        for index, row in enumerate(body, start=1):
            rows[row[0]] = (row, table.cell(index, 5))
    assert set(rows) == set(of_last["action_id"]) | set(earlier["action_id"])
    for action in pd.concat([of_last, earlier]).itertuples():
        (_, what, owner, raised, due, status), cell = rows[action.action_id]
        assert what == " ".join(action.action.split()), "the whole text, never cut"
        assert (owner, raised, due) == (
            action.owner,
            fmt.day(action.raised_meeting),
            fmt.day(action.due_date),
        )
        if action.overdue:
            assert status == f"⚠ Overdue {action.days_overdue} d"
            assert cell.fill.fore_color.rgb == pptx_parts.RAG_FILLS["R"]
        else:
            assert status == action.status_on
    back = recompute.deferred_back(sample_frames["decisions"], day)
    assert "Deferred decisions back on the agenda" in text
    assert ("No deferred decision is waiting." in text) == (not back.any())


def test_every_slide_has_notes_naming_the_store_by_its_label_never_its_path(deck):
    for slide in deck.slides:
        notes = slide.notes_slide.notes_text_frame.text
        title = pptx_parts.slide_title(slide)
        assert notes.startswith("Source: steerco (sqlite). Data as of "), title
        assert "pack generated 20" in notes
        assert "://" not in notes and "/" not in notes and ".sqlite" not in notes, title


def test_a_path_or_url_never_reaches_the_notes():
    assert pack.note_source("PMO database") == "PMO database"
    assert pack.note_source("/srv/pmo/steerco.sqlite") == "steerco"
    assert pack.note_source("postgresql://u:secret@db.example:5432/pmo") == "pmo (postgresql)"
    assert pack.note_source("C:\\data\\steerco.db") == "steerco"


def _runs(deck):
    """Every run of text in the deck: text boxes, tiles and table cells."""
    for slide in deck.slides:
        for shape in slide.shapes:
            frames = [shape.text_frame] if shape.has_text_frame else []
            if shape.has_table:
                frames += [cell.text_frame for row in shape.table.rows for cell in row.cells]
            for frame in frames:
                for paragraph in frame.paragraphs:
                    yield from (run.text for run in paragraph.runs)


def test_no_text_is_cut_with_an_ellipsis(deck, sample_frames):
    sources = {
        " ".join(str(v).split())
        for frame in sample_frames.values()
        for column in frame.columns
        if frame[column].dtype == object
        for v in frame[column].dropna()
        if str(v).rstrip().endswith("…")
    }
    cut = [run for run in _runs(deck) if run.rstrip().endswith("…")]
    assert all(any(source.endswith(run.strip()) for source in sources) for run in cut), cut


def test_watermelons_get_a_one_pager_with_their_summary_and_decision(deck, overview, sample_frames):
    melons = overview.portfolio[overview.portfolio["watermelon"].astype(bool)]
    assert len(melons) >= 3, "the sample has watermelons"
    latest = recompute.latest_reports(sample_frames["status_reports"], overview.as_of)
    latest = latest.set_index("project_id")
    for project_id in melons["project_id"]:
        slide = next(s for s in deck.slides if pptx_parts.slide_title(s).startswith(project_id))
        assert pptx_parts.slide_title(slide).endswith("· watermelon")
        text = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        flat = " ".join(text.split())
        report = latest.loc[project_id]
        assert "Why" in text and "Decision asked" in text and "Milestones ahead" in text
        assert " ".join(str(report["summary"]).split()) in flat, project_id
        assert "the figures say Red" in flat
        asked = report["decisions_required"]
        from_report = overview.decisions[
            (overview.decisions["project_id"] == project_id)
            & (overview.decisions["source"] == "Status report")
        ]
        if isinstance(asked, str) and asked.strip() and not from_report.empty:
            assert " ".join(asked.split()) in flat, project_id
        if overview.decisions["project_id"].eq(project_id).any():
            assert "No decision asked of the committee." not in flat
        else:
            assert "No decision asked of the committee." in flat
        (trend,) = [x for x in _tables(slide) if x.cell(0, 0).text == "Reported"]
        _header, *rows = _rows(trend)
        assert [r[0] for r in rows] == [
            "Overall",
            "Schedule",
            "Budget",
            "Scope",
            "Resources",
            "Risk",
        ]
        assert rows[0][-1] == {"R": "Red", "A": "Amber", "G": "Green"}[report["overall_rag"]]
        pictures = [s for s in slide.shapes if s.shape_type == 13]
        assert len(pictures) == 1, "the S-curve"
        assert pictures[0].top + pictures[0].height <= deck.slide_height


def test_a_project_one_pager_uses_its_bottom_third(deck, overview):
    red = overview.portfolio[overview.portfolio["overall_rag"] == "R"].iloc[0]
    slide = next(s for s in deck.slides if pptx_parts.slide_title(s).startswith(red["project_id"]))
    bottom_third = deck.slide_height * 2 // 3
    lower = [s for s in slide.shapes if s.top + s.height > bottom_third]
    assert any(s.shape_type == 13 for s in lower), "the S-curve reaches the bottom third"
    assert any(s.has_table or "Milestone" in getattr(s, "text", "") for s in lower)


def test_a_filter_narrows_the_pack(sample_url, renderer, overview):
    programme = overview.portfolio["programme"].value_counts().index[0]
    data = _build(
        sample_url, renderer, Filters(programme=(programme,)), source="t", sections=["appendix"]
    )
    deck = Presentation(io.BytesIO(data))
    assert f"Programme: {programme}" in deck.slides[1].shapes[1].text_frame.text
    rows = []
    for slide in deck.slides:
        if pptx_parts.slide_title(slide).startswith("Appendix: portfolio status"):
            rows += _rows(_tables(slide)[0])[1:]
    mine = overview.portfolio[overview.portfolio["programme"] == programme]
    assert sorted(r[0] for r in rows) == sorted(mine["project_id"])


def test_only_the_chosen_sections_are_in_the_pack(sample_url, renderer, overview):
    deck = Presentation(
        io.BytesIO(_build(sample_url, renderer, source="t", sections=["next_meeting", "risks"]))
    )
    titles = _titles(deck)
    assert titles[1:] == ["Agenda", "Top risks", "RAID summary", "Next meeting"]
    agenda = " ".join(s.text_frame.text for s in deck.slides[1].shapes if s.has_text_frame)
    assert "Top risks and RAID summary" in agenda and "Next meeting" in agenda
    assert "Finance" not in agenda and "Executive summary" not in agenda


def test_a_company_template_is_used(sample_url, renderer):
    template = pptx_parts.new_presentation()
    pptx_parts.titled_slide(template, "Old slide to drop")
    content = pptx_parts.save(template)
    assert pptx_parts.template_problem(content) is None
    data = _build(sample_url, renderer, source="t", template=content, sections=["next_meeting"])
    titles = _titles(Presentation(io.BytesIO(data)))
    assert "Old slide to drop" not in titles and titles[1:] == ["Agenda", "Next meeting"]


def test_a_hostile_template_is_refused_before_the_pack_is_built(tmp_path):
    assert "XML declarations" in pptx_parts.template_problem(hostile.xml_bomb_pptx())
    assert "not a PowerPoint" in pptx_parts.template_problem(b"MZ\x90\x00 an executable")


@pytest.fixture(scope="module")
def decided_url(sample_url, tmp_path_factory, overview) -> tuple[str, str]:
    """A copy of the sample whose first decision asked in a report carries options and a
    recommendation, and whose first red project reports a summary far too long for its box."""
    path = tmp_path_factory.mktemp("decided") / "steerco.sqlite"
    shutil.copy(sample_url.removeprefix("sqlite:///"), path)
    asked = overview.decisions[overview.decisions["source"] == "Status report"].iloc[0]
    red = overview.portfolio[overview.portfolio["overall_rag"] == "R"].iloc[0]
    with sqlite3.connect(path) as db:
        db.execute(
            "UPDATE status_reports SET decision_options = ?, decision_recommendation = ? "
            "WHERE project_id = ? AND report_date = ?",
            (
                "- Extend by six months\n- Stop and re-plan\n- Hand over to run",
                "Extend by six months: the vendor has committed the team.",
                asked["project_id"],
                pd.Timestamp(asked["date"]).strftime("%Y-%m-%d"),
            ),
        )
        db.execute(
            "UPDATE status_reports SET summary = ? WHERE project_id = ? AND report_date = ?",
            (
                LONG_SUMMARY,
                red["project_id"],
                pd.Timestamp(red["report_date"]).strftime("%Y-%m-%d"),
            ),
        )
    return f"sqlite:///{path}", str(asked["project_id"])


LONG_SUMMARY = " ".join(f"Sentence {i} of a summary that goes on and on." for i in range(40))


def test_a_decision_slide_carries_question_options_recommendation_and_facts(
    decided_url, renderer, overview
):
    url, project_id = decided_url
    deck = Presentation(io.BytesIO(_build(url, renderer, source="t", sections=["decisions"])))
    slides = [s for s in deck.slides if pptx_parts.slide_title(s).startswith("Decision ")]
    assert len(slides) == len(overview.decisions)
    mine = next(s for s in slides if f": {project_id} · " in pptx_parts.slide_title(s))
    text = "\n".join(s.text_frame.text for s in mine.shapes if s.has_text_frame)
    asked = overview.decisions[overview.decisions["project_id"] == project_id].iloc[0]
    for label in ("Question", "Options", "Recommendation", "Impact", "Owner", "Deadline"):
        assert label in text
    assert asked["decision"] in text and asked["owner"] in text
    assert "•  Extend by six months" in text and "•  Stop and re-plan" in text
    assert "Extend by six months: the vendor has committed the team." in text
    assert "This committee (" in text, "a report's decision is asked of this meeting"
    raid = overview.decisions[overview.decisions["raid_id"].notna()].iloc[0]
    theirs = next(
        s
        for s in slides
        if any(raid["raid_id"] in sh.text_frame.text for sh in s.shapes if sh.has_text_frame)
    )
    words = " ".join(s.text_frame.text for s in theirs.shapes if s.has_text_frame)
    assert "No options given." in words and "in the RAID log" in words


def test_a_long_summary_is_shrunk_to_fit_never_cut(decided_url, renderer, overview):
    url, _ = decided_url
    red = overview.portfolio[overview.portfolio["overall_rag"] == "R"].iloc[0]
    data = _build(
        url, renderer, Filters(programme=(red["programme"],)), source="t", sections=["projects"]
    )
    deck = Presentation(io.BytesIO(data))
    slide = next(s for s in deck.slides if pptx_parts.slide_title(s).startswith(red["project_id"]))
    box = next(s for s in slide.shapes if s.has_text_frame and LONG_SUMMARY in s.text_frame.text)
    sizes = {r.font.size.pt for p in box.text_frame.paragraphs for r in p.runs}
    assert max(sizes) < 18 and min(sizes) >= pptx_parts.MIN_TEXT_SIZE.pt, "shrunk, readable"


# --------------------------------------------------------------------------- pictures


def test_png_download_has_the_promised_pixel_size(renderer):
    fig = slide_figure(rag_distribution({"R": 1, "A": 2, "G": 3}), "Status", "as of today")
    picture = renderer.render(fig, "png")
    image = Image.open(io.BytesIO(picture.data))
    assert image.size == (3200, 1800) == (picture.width_px, picture.height_px)


def test_svg_download_is_valid_xml_with_the_title(renderer):
    fig = slide_figure(rag_distribution({"R": 1}), "Status & RAG")
    picture = renderer.render(fig, "svg")
    root = ET.fromstring(picture.data)
    assert root.tag.endswith("svg")
    assert "Status &amp; RAG" in picture.data.decode() or "Status & RAG" in "".join(root.itertext())


def test_missing_chromium_is_said_clearly(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chrome")
    assert images.chromium_path() is None
    with pytest.raises(images.ChromiumMissing, match="apt-get install -y chromium"):
        images.require_chromium()


# --------------------------------------------------------------------------- command line


def test_cli_writes_the_pack(tmp_path, sample_url, capsys):
    out = tmp_path / "pack.pptx"
    assert main(["pack", "--out", str(out), "--db", sample_url, "--quiet"]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    assert len(Presentation(out).slides) > 10


def test_cli_without_chromium_says_how_to_install_it(tmp_path, sample_url, capsys, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chrome")
    out = tmp_path / "pack.pptx"
    assert main(["pack", "--out", str(out), "--db", sample_url, "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "Chromium" in err and "apt-get install -y chromium" in err and "Traceback" not in err
    assert not out.exists()


def test_cli_refuses_a_wrong_extension(tmp_path, sample_url, capsys):
    assert main(["pack", "--out", str(tmp_path / "pack.pdf"), "--db", sample_url]) == 2
    assert "is a .pptx file" in capsys.readouterr().err


# --------------------------------------------------------------------------- LibreOffice


def test_libreoffice_renders_every_slide_to_a_pdf_page(deck_bytes, deck, tmp_path):
    pdftoppm = shutil.which("pdftoppm")
    if pack.pdf_unavailable() or pdftoppm is None:
        pytest.skip(
            "LibreOffice or poppler missing: apt-get install -y --no-install-recommends "
            "libreoffice-impress poppler-utils"
        )
    pdf = tmp_path / "pack.pdf"
    pdf.write_bytes(pack.pack_pdf(deck_bytes))
    assert pdf.stat().st_size > 10_000
    subprocess.run(
        [pdftoppm, "-png", "-r", "20", str(pdf), str(tmp_path / "p")], check=True, timeout=300
    )
    pages = sorted(Path(tmp_path).glob("p-*.png"))
    assert len(pages) == len(deck.slides)
    width, height = Image.open(pages[0]).size
    assert abs(width / height - 16 / 9) < 0.02
    assert Emu(deck.slide_width).inches == pytest.approx(13.333, abs=0.01)


# --------------------------------------------------------------------------- languages


def test_cli_writes_the_pack_in_french(tmp_path, sample_url, capsys):
    out = tmp_path / "dossier.pptx"
    assert main(["pack", "--out", str(out), "--db", sample_url, "--lang", "fr"]) == 0
    said = capsys.readouterr().out
    assert "Terminé :" in said and "diapositives" in said  # the progress lines too
    titles = _titles(Presentation(out))
    for expected in ("Ordre du jour", "Synthèse générale", "Actions de la dernière réunion",
                     "Prochaine réunion", "Annexe"):  # fmt: skip
        assert expected in titles, (expected, titles[:12])
    assert any(title.startswith("Décision 1 sur ") for title in titles)
    assert "Agenda" not in titles and "Executive summary" not in titles


def test_the_pack_in_dutch_and_the_language_spoken_before_after(sample_url, renderer):
    with i18n.speaking("nl"):
        data = _build(sample_url, renderer, source="t", sections=["risks", "next_meeting"])
    titles = _titles(Presentation(io.BytesIO(data)))
    assert titles[1:] == ["Agenda", "Grootste risico's", "RAID-overzicht", "Volgende vergadering"]
    assert i18n.language() == "en"
