"""The Export page in a real browser, as the PMO uses it the night before: leave sections out,
upload the company template (a hostile one is refused with its reason), build the pack, and
download it as .pptx and as PDF."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation

from steerco.exports import images, pack, pptx_parts
from tests.support import hostile
from tests.support.browser import Shots, assert_no_exception, upload_file, wait_for_app

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(images.chromium_path() is None, reason="the pack's charts need Chromium"),
]
#: Sections the test keeps (quick to build: no charts).
KEPT = ("Top risks and RAID summary", "Next meeting")
BUILD_WAIT_MS = 180_000


def _open_export(page, running_app) -> None:
    page.goto(running_app.url("/export"))
    wait_for_app(page)
    page.get_by_role("button", name="Build the steering pack (.pptx)").wait_for()
    assert_no_exception(page)


def _keep_only(page, kept: tuple[str, ...]) -> None:
    for title in pack.SECTIONS.values():
        box = page.get_by_role("checkbox", name=title, exact=True)
        if box.is_checked() != (title in kept):
            page.get_by_test_id("stCheckbox").filter(has_text=title).locator("label").click()
            wait_for_app(page)


def _download(page, name: str) -> bytes:
    with page.expect_download(timeout=BUILD_WAIT_MS) as info:
        page.get_by_role("button", name=name).click()
    with open(info.value.path(), "rb") as f:
        return f.read()


def test_the_pmo_builds_a_chosen_pack_on_the_company_template(page, running_app, tmp_path):
    shots = Shots(page, "export")
    _open_export(page, running_app)
    build = page.get_by_role("button", name="Build the steering pack (.pptx)")
    _keep_only(page, ())
    page.get_by_text("Choose at least one section.").wait_for()
    assert build.is_disabled()
    _keep_only(page, KEPT)
    assert build.is_enabled()

    evil = tmp_path / "evil.pptx"
    evil.write_bytes(hostile.xml_bomb_pptx())
    upload_file(page, evil)
    page.get_by_text("Template refused:").wait_for()
    assert (
        "XML declarations"
        in page.get_by_test_id("stAlert").filter(has_text="Template refused").inner_text()
    )
    shots("hostile-template", sizes=((1280, 720),), focus=build)

    template = pptx_parts.new_presentation()
    pptx_parts.titled_slide(template, "Old slide of the template")
    good = tmp_path / "Acme template.pptx"
    good.write_bytes(pptx_parts.save(template))
    upload_file(page, good)  # a second file takes the first one's place
    page.get_by_text("Template: Acme template.pptx").wait_for()
    assert page.get_by_text("Template refused:").count() == 0

    build.click()
    page.get_by_text("Pack built at").wait_for(timeout=BUILD_WAIT_MS)
    assert_no_exception(page)
    deck = Presentation(io.BytesIO(_download(page, "Download the pack")))
    titles = [pptx_parts.slide_title(s) for s in deck.slides]
    assert titles[1:] == ["Agenda", "Top risks", "RAID summary", "Next meeting"]
    shots(
        "built",
        sizes=((1280, 720), (1600, 900)),
        focus=page.get_by_role("button", name="Make a PDF of the pack"),
    )

    if pack.pdf_unavailable() is not None:
        assert page.get_by_role("button", name="Make a PDF of the pack").is_disabled()
        return
    page.get_by_role("button", name="Make a PDF of the pack").click()
    pdf = _download(page, "Download the PDF")
    assert pdf.startswith(b"%PDF")
    assert_no_exception(page)
