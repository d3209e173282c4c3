"""Vendor scorecard: one row per vendor, values written beside the marks, clickable vendors."""

from __future__ import annotations

import pandas as pd

from steerco.analytics import vendors as analytics
from steerco.charts import theme
from steerco.charts import vendors as charts


def _vendors(n: int = 3) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "vendor": ["Acme", "Bolt", "Core"],
            "contracts": [2, 1, 1],
            "annual_value": [500_000.0, 900_000.0, 100_000.0],
            "sla_pct": [96.0, 88.5, 93.0],
            "satisfaction": [4.0, 2.0, None],
            "spend_pct": [101.0, 112.0, 95.0],
        }
    ).head(n)
    frame["sla_band"] = analytics.sla_band(frame["sla_pct"])
    frame["satisfaction_band"] = analytics.satisfaction_band(frame["satisfaction"])
    frame["spend_band"] = analytics.spend_band(frame["spend_pct"])
    return frame


def _points(fig, axis: str) -> dict[str, tuple]:
    """vendor → (value, text, band colour, symbol) for the traces of one panel."""
    out = {}
    for trace in fig.data:
        if trace.xaxis != axis:
            continue
        for x, y, text, vendor in zip(trace.x, trace.y, trace.text, trace.customdata, strict=True):
            assert y == vendor  # the mark's customdata is its vendor: a click maps back
            out[vendor] = (x, text, trace.marker.color, trace.marker.symbol)
    return out


def test_scorecard_has_three_panels_with_values_as_text_and_vendors_as_customdata():
    fig = charts.scorecard(_vendors())
    sla = _points(fig, "x")
    assert sla["Acme"] == (96.0, "96.0 %", theme.RAG_COLORS["G"], "circle")
    assert sla["Bolt"] == (88.5, "88.5 %", theme.RAG_COLORS["R"], "x")
    assert sla["Core"][1:] == ("93.0 %", theme.RAG_COLORS["A"], "diamond")
    satisfaction = _points(fig, "x2")
    assert set(satisfaction) == {"Acme", "Bolt"}  # Core has no satisfaction figure: no mark
    assert satisfaction["Bolt"][1] == "2.0"
    spend = _points(fig, "x3")
    assert spend["Bolt"][1:3] == ("112 %", theme.RAG_COLORS["R"])
    titles = [a.text for a in fig.layout.annotations]
    assert "SLA performance (%)" in titles and "Satisfaction (1–5)" in titles
    assert fig.layout.xaxis.title.text.startswith("% met")


def test_scorecard_puts_the_largest_vendor_on_top_and_names_the_bands_in_the_legend():
    fig = charts.scorecard(_vendors())
    # category arrays run bottom-up: Bolt (900k) is on top, then Acme, then Core
    assert list(fig.layout.yaxis.categoryarray) == ["Core", "Acme", "Bolt"]
    legend = sorted((t.legendrank, t.name) for t in fig.data if t.showlegend)
    assert [name for _, name in legend] == ["Green: on target", "Amber: watch", "Red: act"]
    assert fig.layout.title.text.startswith("Vendor scorecard")


def test_scorecard_shows_at_most_the_largest_vendors():
    many = pd.concat([_vendors()] * 10, ignore_index=True)
    many["vendor"] = [f"V{i:02d}" for i in range(len(many))]
    many["annual_value"] = range(len(many))
    shown = charts.scorecard_vendors(many)
    assert len(shown) == charts.SCORECARD_MAX_VENDORS
    assert shown["vendor"].iloc[0] == "V29"  # largest annual value first
    fig = charts.scorecard(many)
    assert len(fig.layout.yaxis.categoryarray) == charts.SCORECARD_MAX_VENDORS
