"""The Present page (AppTest): every screen of the next meeting renders without an error,
Next and Previous step through them and write ?screen=N, and hostile ?screen= and ?meeting=
values are ignored with a message."""

from __future__ import annotations

import pytest

from tests.support import apptest

PAGE = "pages/present.py"


def _count(at) -> int:
    (where,) = [m.value for m in at.markdown if m.value.startswith("**") and " / " in m.value]
    return int(where.strip("*").split(" / ")[1])


def test_every_screen_renders_and_next_previous_step(app_env):
    at = apptest.open_page(PAGE)
    apptest.no_error(at)
    assert at.subheader[0].value.startswith("IT Steering Committee")
    count = _count(at)
    assert count > 5
    assert at.button(key="present_prev").disabled
    for number in range(2, count + 1):
        at = at.button(key="present_next").click().run()
        apptest.no_error(at)
        assert at.query_params["screen"] == str(number)
        assert not at.warning
    assert at.button(key="present_next").disabled
    at = at.button(key="present_prev").click().run()
    assert at.query_params["screen"] == str(count - 1)


def test_a_project_screen_shows_why_decision_and_charts(app_env):
    at = apptest.open_page(PAGE, params={"screen": "3"})
    apptest.no_error(at)
    texts = [m.value for m in at.markdown]
    assert any(t.startswith("**Why**") for t in texts)
    assert any(t.startswith("**Decision asked**") for t in texts)
    assert apptest.chart_titles(at) == [
        "Budget S-curve: planned, actual, forecast",
        "Reported RAG over time",
    ]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"screen": "999"}, "Ignored screen=999 in the link."),
        ({"screen": "-1"}, "Ignored screen=-1 in the link."),
        ({"screen": "[x](https://evil.example)"}, "Ignored screen="),
        ({"meeting": "1999-01-01"}, "Ignored meeting=1999-01-01 in the link."),
        ({"meeting": "not a date"}, "Ignored meeting=not a date in the link."),
    ],
)
def test_hostile_links_are_ignored_with_a_message(app_env, params, message):
    at = apptest.open_page(PAGE, params=params)
    assert not at.exception
    (warning,) = [w.value for w in at.warning]
    assert warning.startswith(message)
    assert "](https" not in " ".join(apptest.markdown_texts(at)).replace("\\]", "")
    assert _count(at) > 5  # the first screen of the next meeting is shown
