"""AppTest of the Export page: the pack is built with progress and offered for download;
without Chromium the page says how to install it instead of failing."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from steerco.exports import images, pack, pptx_parts
from steerco.ui.text import literal
from tests.support import apptest, hostile
from tests.support.apptest import user_key_from_element_id

EXPORT = "pages/export.py"
TIMEOUT_S = 180
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def _export_page() -> AppTest:
    at = apptest.open_page(EXPORT, timeout=TIMEOUT_S)
    assert not at.exception, [e.value for e in at.exception]  # an error box may be expected
    return at


@pytest.mark.skipif(images.chromium_path() is None, reason="needs Chromium for the charts")
def test_building_the_pack_offers_a_pptx(app_env):
    at = _export_page()
    assert at.title[0].value == "Export"
    at.button(key="pack_build").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success[0].value.startswith("Pack built at ")
    content, _ = at.session_state["pack_file"]
    deck = Presentation(io.BytesIO(content))
    assert len(deck.slides) > 10
    assert at.get("download_button"), "the pack can be downloaded"


def test_without_chromium_the_page_says_how_to_install_it(app_env, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chrome")
    at = _export_page()
    assert "pack_build" not in [b.key for b in at.button], "no build button that would fail"
    (error,) = at.error
    assert "Chromium" in error.value and "apt-get install -y chromium" in error.value


def _ticked_only(at: AppTest, *sections: str) -> AppTest:
    """Untick every section of the pack but ``sections``."""
    for name in pack.SECTIONS:
        at.checkbox(key=f"pack_section_{name}").set_value(name in sections)
    return at.run()


def _deck(at: AppTest) -> Presentation:
    content, _ = at.session_state["pack_file"]
    return Presentation(io.BytesIO(content))


@pytest.mark.skipif(images.chromium_path() is None, reason="needs Chromium for the charts")
def test_no_section_ticked_means_no_build_button_to_press(app_env):
    at = _ticked_only(_export_page())
    assert at.warning[0].value == "Choose at least one section."
    assert at.button(key="pack_build").disabled


@pytest.mark.skipif(images.chromium_path() is None, reason="needs Chromium for the charts")
def test_the_pack_holds_only_the_ticked_sections(app_env):
    at = _ticked_only(_export_page(), "next_meeting", "risks")
    at.button(key="pack_build").click().run()
    assert not at.exception, [e.value for e in at.exception]
    titles = [pptx_parts.slide_title(s) for s in _deck(at).slides]
    assert titles[1:] == ["Agenda", "Top risks", "RAID summary", "Next meeting"]


@pytest.mark.skipif(images.chromium_path() is None, reason="needs Chromium for the charts")
def test_a_company_template_is_named_and_the_pack_built_on_it(app_env):
    template = pptx_parts.new_presentation()
    pptx_parts.titled_slide(template, "Old slide of the template")
    at = _ticked_only(_export_page(), "next_meeting")
    at.file_uploader(key="pack_template").set_value(
        ("Acme <b>2026</b>.pptx", pptx_parts.save(template), PPTX)
    ).run()
    assert not at.error, [e.value for e in at.error]
    assert literal("Template: Acme <b>2026</b>.pptx") in [c.value for c in at.caption]
    at.button(key="pack_build").click().run()
    titles = [pptx_parts.slide_title(s) for s in _deck(at).slides]
    assert "Old slide of the template" not in titles and titles[1:] == ["Agenda", "Next meeting"]


@pytest.mark.skipif(images.chromium_path() is None, reason="needs Chromium for the charts")
@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"MZ\x90\x00 an executable renamed", "not a PowerPoint"),
        (hostile.xml_bomb_pptx(), "XML declarations"),
    ],
    ids=["executable", "xml-bomb"],
)
def test_a_hostile_template_is_refused_with_the_reason_and_not_used(app_env, content, reason):
    at = _ticked_only(_export_page(), "next_meeting")
    at.file_uploader(key="pack_template").set_value(("evil.pptx", content, PPTX)).run()
    (error,) = at.error
    assert error.value.startswith("Template refused: ") and reason in error.value
    assert error.value.endswith("The pack is built on Steerco's own design.")
    at.button(key="pack_build").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [pptx_parts.slide_title(s) for s in _deck(at).slides][1:] == ["Agenda", "Next meeting"]


@pytest.mark.skipif(images.chromium_path() is None, reason="needs Chromium for the charts")
def test_the_pdf_button_says_why_it_is_off_without_libreoffice(app_env, monkeypatch):
    monkeypatch.setattr(pack, "pdf_unavailable", lambda: "LibreOffice Impress is not installed")
    at = _ticked_only(_export_page(), "next_meeting")
    at.button(key="pack_build").click().run()
    assert at.button(key="pack_make_pdf").disabled
    assert "LibreOffice Impress is not installed" in [c.value for c in at.caption]


@pytest.mark.skipif(
    images.chromium_path() is None or pack.pdf_unavailable() is not None,
    reason="needs Chromium and LibreOffice Impress",
)
def test_the_built_pack_is_also_offered_as_pdf(app_env):
    at = _ticked_only(_export_page(), "next_meeting")
    at.button(key="pack_build").click().run()
    at.button(key="pack_make_pdf").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.session_state["pack_pdf"].startswith(b"%PDF")
    downloads = [user_key_from_element_id(d.proto.id) for d in at.get("download_button")]
    assert "pack_pdf_download" in downloads
