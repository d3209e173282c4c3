"""The chart renderer (kaleido with Debian's Chromium): one browser started in the
background, reused, and never stopped by a renderer that did not start it."""

from __future__ import annotations

import io

import plotly.graph_objects as go
import pytest
from PIL import Image

from steerco.exports import images

pytestmark = pytest.mark.skipif(
    images.chromium_path() is None, reason="needs Chromium: apt-get install -y chromium"
)


@pytest.fixture(autouse=True)
def no_shared_browser():
    """Earlier app tests in this process may have started the app's shared browser."""
    images.stop_shared_renderer()
    yield
    images.stop_shared_renderer()


def _bar() -> go.Figure:
    return go.Figure(go.Bar(x=["a", "b"], y=[1, 2]))


def test_a_background_start_returns_at_once_and_the_first_render_waits_for_it():
    renderer = images.ChartRenderer()
    try:
        renderer.start_in_background()
        assert renderer.start_s == 0.0, "start_in_background must not block on the browser"
        picture = renderer.render(_bar(), "png", width=400, height=225, scale=1)
        assert renderer.start_s > 0, "the browser was really started (a first picture drawn)"
        assert Image.open(io.BytesIO(picture.data)).size == (400, 225)
    finally:
        renderer.stop()


def test_a_second_renderer_shares_the_browser_and_does_not_stop_it():
    first = images.ChartRenderer()
    first.start()
    try:
        second = images.ChartRenderer()
        second.start()
        second.stop()
        assert images._server_running(), "the first renderer's browser is still up"
        picture = first.render(_bar(), "svg", width=400, height=225)
        assert picture.data.lstrip().startswith(b"<svg")
    finally:
        first.stop()
    assert not images._server_running()


def test_without_chromium_a_background_start_says_how_to_install_it(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chrome")
    with pytest.raises(images.ChromiumMissing, match="apt-get install -y chromium"):
        images.ChartRenderer().start_in_background()
