"""KPI tiles laid out so none is cut on a 1280-pixel projector."""

from steerco.views.display import Kpi, tile_width, tiles_per_row


def test_kpi_tiles_per_row_fit_a_projector():
    # hand-computed with the constants: a 2-character value needs 2 × 20.5 + 36 = 77 px, so
    # six fit in 816 px; a 24-character label with help needs 24 × 8 + 26 + 36 = 254 px:
    # (816 + 16) // 270 = 3 side by side
    short = [Kpi("Red", "10") for _ in range(7)]
    assert tile_width(short[0]) == 77
    assert tiles_per_row(short) == 4  # 6 fit: two rows as even as can be, 4 + 3
    assert tiles_per_row(short[:5]) == 5
    wide = Kpi("First-contact resolution", "89.5 %", help="why")
    assert tile_width(wide) == 254
    assert tiles_per_row([wide] * 12) == 3
    assert tiles_per_row([wide] * 4) == 2  # 3 fit: two rows of 2, not 3 + 1
    assert tiles_per_row([]) == 1
