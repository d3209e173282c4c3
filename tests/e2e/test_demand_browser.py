"""Real browser (Playwright driving Debian's Chromium): click a bubble, see that request."""

from __future__ import annotations

import pytest

from data_access import engine as store_engine
from data_access.filters import Filters
from steerco.config import load_settings
from steerco.views import demand as views
from tests.support.browser import (
    assert_no_exception,
    wait_for_app,
    wait_for_charts,
)

pytestmark = pytest.mark.browser

#: Page coordinates of the bubble whose customdata is the wanted request, from plotly's own
#: axes; null when another element (a label box) lies over its centre.
BUBBLE_JS = """([wanted]) => {
  for (const gd of document.querySelectorAll('.js-plotly-plot')) {
    for (const trace of gd._fullData || []) {
      const custom = trace.customdata || [];
      const i = custom.indexOf(wanted);
      if (i < 0) continue;
      const xa = gd._fullLayout[trace.xaxis.replace('x', 'xaxis')];
      const ya = gd._fullLayout[trace.yaxis.replace('y', 'yaxis')];
      const box = gd.getBoundingClientRect();
      const x = box.left + xa._offset + xa.l2p(xa.d2l(trace.x[i]));
      const y = box.top + ya._offset + ya.l2p(ya.d2l(trace.y[i]));
      const top = document.elementFromPoint(x, y);
      const free = top && top.classList.contains('nsewdrag');
      return free ? {x: x, y: y} : null;
    }
  }
  return null;
}"""


@pytest.fixture(scope="module")
def expected(app_db_path) -> views.DemandView:
    """The page as the plain-Python layer computes it for the app's store (as of today)."""
    eng = store_engine.create_engine(f"sqlite:///{app_db_path}")
    with eng.connect() as conn:
        view = views.build(conn, Filters(), load_settings())
    eng.dispose()
    return view


def test_clicking_a_bubble_shows_that_requests_details(page, running_app, expected):
    page.goto(running_app.url("/demand"))
    wait_for_app(page)
    wait_for_charts(page, count=2)
    assert_no_exception(page)
    assert page.get_by_text("Click a bubble to see that request's details.").is_visible()
    # the best-ranked request alone at its spot whose bubble is not under a label box
    for request in expected.backlog.itertuples():
        if not expected.same_point(request.request_id).empty:
            continue
        point = page.evaluate(BUBBLE_JS, [request.request_id])
        if point is not None:
            break
    else:
        pytest.fail("no backlog bubble can be clicked")
    page.mouse.move(point["x"], point["y"])
    page.mouse.click(point["x"], point["y"])
    heading = page.locator("h3", has_text=f"{request.request_id} · {request.title}")
    heading.wait_for()
    panel = page.get_by_test_id("stVerticalBlock").filter(has=heading).last  # innermost
    text = panel.inner_text()
    assert f"Backlog rank: {request.rank}" in text
    assert f"= {request.priority_score:.2f}" in text  # the score worked out in words
    assert request.department in text
    assert_no_exception(page)
    # both charts have their slide-picture menu, both tables their download menu
    menus = page.get_by_test_id("stPopover")
    assert menus.filter(has_text="Slide picture").count() == 2
    tables = menus.filter(has_not_text="Slide picture")  # the icon's name is "download" too
    assert tables.count() == page.get_by_test_id("stDataFrame").count()
