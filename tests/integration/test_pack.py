"""The steering pack for the sample portfolio, opened with python-pptx and rendered by
LibreOffice; chart pictures from the same builders; `steerco pack` on the command line."""

from __future__ import annotations

import io
import itertools
import math
import shutil
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
from steerco import fmt
from steerco.charts.portfolio import rag_distribution
from steerco.charts.slides import slide_figure
from steerco.cli import main
from steerco.config import load_settings
from steerco.exports import images, pptx_parts
from steerco.exports.pack import HALF_LAYOUT, PROJECT_SLIDE_RAGS, build_pack
from steerco.views import overview as overview_view
from tests.support import recompute

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


@pytest.fixture(scope="module")
def deck_bytes(sample_url, renderer) -> bytes:
    eng = store_engine.create_engine(sample_url)
    steps = []
    with eng.connect() as conn:
        data = build_pack(
            conn,
            Filters(),
            load_settings(),
            source="test store",
            renderer=renderer,
            progress=lambda share, text: steps.append((share, text)),
        )
    eng.dispose()
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


def test_slides_come_in_the_committee_order(deck, overview):
    per_slide = pptx_parts.TABLE_ROWS_PER_SLIDE
    portfolio_pages = math.ceil(len(overview.portfolio) / per_slide)
    decision_pages = max(1, math.ceil(len(overview.decisions) / per_slide))
    projects = overview.portfolio[overview.portfolio["overall_rag"].isin(PROJECT_SLIDE_RAGS)]
    titles = _titles(deck)
    # the sample's carried-forward actions and decisions fit one slide
    assert len(titles) == 3 + portfolio_pages + decision_pages + 1 + 4 + len(projects)
    assert titles[1:3] == ["Agenda", "Executive summary"]
    assert titles[3].startswith("Portfolio status")
    assert titles[3 + portfolio_pages].startswith("Decisions required")
    assert titles[3 + portfolio_pages + decision_pages] == "Actions from the last meeting"
    after = 3 + portfolio_pages + decision_pages + 1
    assert titles[after] == "Top risks"
    assert titles[after + 1].startswith("Finance")
    assert titles[after + 2].startswith("Operations")
    assert titles[after + 3] == "Milestones due or slipped"
    project_titles = titles[after + 4 :]
    reds = (projects["overall_rag"] == "R").sum()
    assert all(t.endswith("— Red") for t in project_titles[:reds])
    assert all(t.endswith("— Amber") for t in project_titles[reds:])
    assert {t.split(" · ")[0] for t in project_titles} == set(projects["project_id"])


def test_title_slide_names_the_committee_and_meeting(deck):
    text = " ".join(s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame)
    assert "IT Steering Committee" in text and "Steering committee pack" in text


def test_portfolio_table_lists_every_project_with_rag_words(deck, overview):
    rows = []
    for slide in deck.slides:
        if pptx_parts.slide_title(slide).startswith("Portfolio status"):
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
    slide = next(s for s in deck.slides if pptx_parts.slide_title(s).startswith("Portfolio"))
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
        assert action.action.startswith(what.rstrip("…"))
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


def test_every_slide_has_notes_with_source_and_timestamp(deck):
    for slide in deck.slides:
        notes = slide.notes_slide.notes_text_frame.text
        assert notes.startswith("Source: test store. Data as of "), pptx_parts.slide_title(slide)
        assert "pack generated 20" in notes


def test_project_slide_shows_dimensions_figures_risks_and_next_steps(deck, overview):
    red = overview.portfolio[overview.portfolio["overall_rag"] == "R"].iloc[0]
    slide = next(s for s in deck.slides if pptx_parts.slide_title(s).startswith(red["project_id"]))
    dims, figures = _tables(slide)
    header, *rows = _rows(dims)
    assert header == ["Dimension", "Reported", "Computed"]
    assert [r[0] for r in rows] == ["Overall", "Schedule", "Budget", "Scope", "Resources", "Risk"]
    assert rows[0][1] == "Red"
    assert _rows(figures)[1][0] == "Budget (BAC)"
    text = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    assert "Top risks" in text and "Next steps" in text


def test_a_filter_narrows_the_pack(sample_url, renderer, overview):
    programme = overview.portfolio["programme"].value_counts().index[0]
    eng = store_engine.create_engine(sample_url)
    with eng.connect() as conn:
        data = build_pack(
            conn, Filters(programme=(programme,)), load_settings(), source="t", renderer=renderer
        )
    eng.dispose()
    deck = Presentation(io.BytesIO(data))
    assert f"Programme: {programme}" in deck.slides[1].shapes[1].text_frame.text
    rows = []
    for slide in deck.slides:
        if pptx_parts.slide_title(slide).startswith("Portfolio status"):
            rows += _rows(_tables(slide)[0])[1:]
    mine = overview.portfolio[overview.portfolio["programme"] == programme]
    assert sorted(r[0] for r in rows) == sorted(mine["project_id"])


def test_a_company_template_is_used(tmp_path, sample_url, renderer):
    template = pptx_parts.new_presentation()
    pptx_parts.titled_slide(template, "Old slide to drop")
    path = tmp_path / "company.pptx"
    template.save(path)
    eng = store_engine.create_engine(sample_url)
    with eng.connect() as conn:
        data = build_pack(
            conn, Filters(), load_settings(), source="t", template=path, renderer=renderer
        )
    eng.dispose()
    titles = _titles(Presentation(io.BytesIO(data)))
    assert "Old slide to drop" not in titles and titles[1] == "Agenda"


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
    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    if soffice is None or pdftoppm is None:
        pytest.skip(
            "LibreOffice or poppler missing: apt-get install -y --no-install-recommends "
            "libreoffice-impress poppler-utils"
        )
    source = tmp_path / "pack.pptx"
    source.write_bytes(deck_bytes)
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
        env=env,
    )
    pdf = tmp_path / "pack.pdf"
    assert pdf.stat().st_size > 10_000
    subprocess.run(
        [pdftoppm, "-png", "-r", "20", str(pdf), str(tmp_path / "p")], check=True, timeout=300
    )
    pages = sorted(Path(tmp_path).glob("p-*.png"))
    assert len(pages) == len(deck.slides)
    width, height = Image.open(pages[0]).size
    assert abs(width / height - 16 / 9) < 0.02
    assert Emu(deck.slide_width).inches == pytest.approx(13.333, abs=0.01)
