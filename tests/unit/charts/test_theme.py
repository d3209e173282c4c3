"""Chart text is readable on a projector: nothing below the theme's smallest size."""

import plotly.graph_objects as go

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
