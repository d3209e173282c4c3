"""Chart text is readable on a projector: nothing below the theme's smallest size; and in
French and Dutch, months, decimal signs and currencies as the language writes them."""

import pandas as pd
import plotly.graph_objects as go
import pytest

from steerco import i18n
from steerco.charts import theme


def test_every_text_of_a_chart_is_lifted_to_the_smallest_readable_size():
    fig = go.Figure(
        [
            go.Bar(x=["a", "b"], y=[1, 2], text=["1", "2"], textfont={"size": 11}),
            go.Scatter(x=["a", "b"], y=[2, 1], text=["x", "y"], textfont={"size": [9, 20]}),
        ]
    )
    fig.update_xaxes(tickfont={"size": 11}, title={"text": "When", "font": {"size": 10}})
    fig.add_annotation(text="note", x="a", y=1, font={"size": 12})
    fig.update_layout(uniformtext={"minsize": 11, "mode": "hide"})
    theme.apply(fig, "Title")
    floor = theme.MIN_FONT_SIZE
    assert floor >= 14
    layout = fig.layout
    # set on the figure itself (the page's chart theme overrides the template's fonts)
    assert layout.font.size >= floor and layout.title.font.size >= floor
    assert layout.legend.font.size >= floor and layout.hoverlabel.font.size >= floor
    assert layout.xaxis.tickfont.size == floor and layout.yaxis.tickfont.size == floor
    assert layout.xaxis.title.font.size >= floor
    assert fig.data[0].textfont.size == floor
    assert list(fig.data[1].textfont.size) == [floor, 20]  # a larger size stays
    assert layout.annotations[0].font.size == floor
    assert layout.uniformtext.minsize == floor


def test_a_subplot_axis_is_lifted_too():
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=1, cols=2)
    fig.add_trace(go.Bar(x=[1], y=[1]), row=1, col=2)
    fig.update_xaxes(tickfont={"size": 12}, row=1, col=2)
    theme.apply(fig)
    assert fig.layout.xaxis2.tickfont.size == theme.MIN_FONT_SIZE
    # a bar label too big for its bar is hidden, never shrunk below the floor
    assert fig.layout.uniformtext.minsize == theme.MIN_FONT_SIZE
    assert fig.layout.uniformtext.mode == "hide"


# --------------------------------------------------------------------------- languages


def _monthly_figure() -> go.Figure:
    months = pd.date_range("2026-01-01", "2026-12-01", freq="MS")
    return go.Figure(go.Bar(x=months, y=list(range(12))))


def test_in_english_plotly_places_the_date_ticks_itself():
    fig = theme.apply(_monthly_figure())
    assert fig.layout.xaxis.tickmode is None and fig.layout.separators == ".,"


def test_in_french_the_months_are_french_and_the_decimal_sign_a_comma():
    with i18n.speaking("fr"):
        fig = theme.apply(_monthly_figure())
    axis = fig.layout.xaxis
    assert axis.tickmode == "array"
    assert list(axis.ticktext) == ["janv.<br>2026", "mars", "mai", "juil.", "sept.", "nov."]
    assert [pd.Timestamp(v).month for v in axis.tickvals] == [1, 3, 5, 7, 9, 11]
    assert axis.hoverformat == "%d/%m/%Y"
    assert fig.layout.separators[0] == ","


def test_dutch_week_ticks_within_two_months_and_years_over_a_long_span():
    with i18n.speaking("nl"):
        values, labels = theme.date_ticks("2026-11-02", "2026-12-20")
        _, years = theme.date_ticks("2024-03-01", "2031-06-30")
    assert labels[:3] == ["2 nov", "9 nov", "16 nov"] and labels[-1] == "14 dec"
    assert all(v.weekday() == 0 for v in values)  # weeks start on Monday
    assert years == ["2024", "2025", "2026", "2027", "2028", "2029", "2030", "2031"]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", {"tickprefix": "€", "ticksuffix": ""}),
        ("fr", {"tickprefix": "", "ticksuffix": "\u00a0€"}),
        ("nl", {"tickprefix": "€\u00a0", "ticksuffix": ""}),
    ],
)
def test_an_amount_axis_writes_the_currency_where_the_language_does(language, expected):
    with i18n.speaking(language):
        assert theme.money_ticks("EUR") == expected
