"""AppTest of the Export page: the pack is built with progress and offered for download;
without Chromium the page says how to install it instead of failing."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from steerco.exports import images
from tests.support import apptest

EXPORT = "pages/export.py"
TIMEOUT_S = 180


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
