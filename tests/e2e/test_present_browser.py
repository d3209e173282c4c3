"""Presentation mode in Chromium at 1280×720 and 1920×1080: no sidebar or header; every
screen stepped through with the keyboard (ArrowRight, PageDown, Space) and none scrolls; a
click on a project opens it and Back returns to the same screen."""

from __future__ import annotations

import re

import pytest

from tests.support.browser import Shots, assert_no_exception, wait_for_app

pytestmark = pytest.mark.browser

SIZES = ((1280, 720), (1920, 1080))
#: Elements that scroll (the page, Streamlit's main area, any box) and by how much.
OVERFLOW = """() => [document.scrollingElement, ...document.querySelectorAll('*')]
  .filter(e => e === document.scrollingElement
     || ['auto', 'scroll'].includes(getComputedStyle(e).overflowY))
  .filter(e => e.scrollHeight > e.clientHeight + 1)
  .map(e => (e.dataset && e.dataset.testid || e.tagName) + ' ' + e.scrollHeight + '>'
     + e.clientHeight)"""
NEXT_KEYS = ("ArrowRight", "PageDown", "Space")


def _screen(page) -> tuple[int, int]:
    text = page.get_by_text(re.compile(r"^\d+ / \d+$")).inner_text()
    number, count = text.split(" / ")
    return int(number), int(count)


def _wait_screen(page, number: int) -> None:
    page.get_by_text(re.compile(rf"^{number} / \d+$")).wait_for()
    wait_for_app(page)


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_every_screen_fits_and_the_keyboard_steps_through(page, running_app, width, height):
    page.set_viewport_size({"width": width, "height": height})
    shot = Shots(page, f"present-{width}x{height}")
    page.goto(running_app.url("/present"))
    wait_for_app(page)
    assert page.get_by_test_id("stSidebar").is_hidden()
    assert page.get_by_test_id("stHeader").is_hidden()
    number, count = _screen(page)
    assert number == 1 and count > 5
    while True:
        page.wait_for_timeout(300)  # charts laid out
        assert_no_exception(page)
        assert page.evaluate(OVERFLOW) == [], f"screen {number} scrolls at {width}×{height}"
        shot(f"screen-{number:02d}")
        if number == count:
            break
        page.keyboard.press(NEXT_KEYS[number % len(NEXT_KEYS)])
        number += 1
        _wait_screen(page, number)
        assert f"screen={number}" in page.url
    page.keyboard.press("PageUp")
    _wait_screen(page, count - 1)
    page.keyboard.press("ArrowLeft")
    _wait_screen(page, count - 2)


def test_a_drill_down_and_back_return_to_the_same_screen(page, running_app):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(running_app.url("/present?screen=3"))
    wait_for_app(page)
    _wait_screen(page, 3)
    title = page.get_by_test_id("stPageLink").first
    project = re.search(r"PRJ-\d+", title.inner_text()).group()
    title.click()
    page.wait_for_url(re.compile(rf"/project\?project={project}"), wait_until="commit")
    wait_for_app(page)
    page.get_by_role("heading", name=re.compile(project)).wait_for()
    assert page.get_by_test_id("stSidebar").is_hidden()  # still in presentation mode
    page.go_back(wait_until="commit")
    page.wait_for_url(re.compile(r"/present\?screen=3"), wait_until="commit")
    _wait_screen(page, 3)
    page.keyboard.press("ArrowRight")
    _wait_screen(page, 4)
    page.go_back(wait_until="commit")
    _wait_screen(page, 3)
