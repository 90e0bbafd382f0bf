"""The heatmap's cells: numbers never run together, and hours merge instead of being cut off."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from followup_tui.analytics.reachability import ReachGrid
from followup_tui.ui.widgets.reachability_heatmap import (
    LABEL,
    HeatmapView,
    heatmap_text,
    layout_for,
)


def _grid(cells: dict[tuple[int, int], tuple[int, int]]) -> ReachGrid:
    grid = ReachGrid()
    for (w, h), (attempts, reached) in cells.items():
        grid.attempts[w][h] = attempts
        grid.reached[w][h] = reached
    return grid


def _rows(text: str) -> list[str]:
    """The count lines of the drawn heatmap (two per weekday), without the day labels."""
    lines = text.split("\n")
    return [line[LABEL:] for line in lines[2:16]]


def test_the_reported_case_reads_with_a_space_between_every_count() -> None:
    # Monday of the all-contacts heatmap that read "·1010 4 91012 8 610 6".
    counts = [10, 10, 4, 9, 10, 12, 8, 6, 10, 6]
    grid = _grid({(0, 8 + i): (n, 1) for i, n in enumerate(counts)})
    text = heatmap_text(HeatmapView(grid=grid), width=LABEL + 24 * 3).plain
    monday = text.split("\n")[2]
    assert monday.split() == ["Mon", *["·"] * 8, *map(str, counts), *["·"] * 6]


def test_layouts_by_width() -> None:
    small = _grid({(0, 9): (3, 1)})
    assert (layout_for(small, 52).span, layout_for(small, 52).cell) == (1, 2)
    two_digits = _grid({(0, 9): (12, 1)})
    assert (layout_for(two_digits, 76).span, layout_for(two_digits, 76).cell) == (1, 3)
    # 55 columns (the right pane at 120×36): two-hour cells of three characters.
    assert (layout_for(two_digits, 55).span, layout_for(two_digits, 55).cell) == (2, 3)
    # Merged cells may need another digit: 60 + 60 calls in one two-hour cell.
    busy = _grid({(0, 8): (60, 1), (0, 9): (60, 1)})
    assert (layout_for(busy, 55).span, layout_for(busy, 55).cell) == (2, 4)
    # Three-hour cells split 08:00 from 09:00 again (06-09 and 09-12): 60 each, three wide.
    assert (layout_for(busy, 40).span, layout_for(busy, 40).cell) == (3, 3)
    assert (layout_for(busy, 28).span, layout_for(busy, 28).cell) == (3, 3)
    # Four-hour cells join them (08-12: 120) and need four characters; six-hour cells fit 27.
    assert (layout_for(busy, 27).span, layout_for(busy, 27).cell) == (6, 4)
    # Merged cells are three wide even for one-digit counts, to carry their first hour.
    assert (layout_for(small, 40).span, layout_for(small, 40).cell) == (2, 3)


def test_merged_cells_keep_every_call_and_label_their_first_hour() -> None:
    grid = _grid({(2, 13): (7, 2), (2, 14): (5, 1), (2, 15): (1, 1)})
    text = heatmap_text(HeatmapView(grid=grid), width=LABEL + 12 * 3).plain
    lines = text.split("\n")
    assert lines[1].split() == [f"{h:02d}" for h in range(0, 24, 2)]
    wednesday, reached = lines[6], lines[7]
    # 12:00-14:00 holds the 13:00 calls, 14:00-16:00 the 14:00 and 15:00 calls.
    assert wednesday.split()[7:9] == ["7", "6"]
    assert reached.split() == ["2", "2"]


def test_now_and_suggestion_marks_land_on_the_merged_cell() -> None:
    grid = _grid({(0, 9): (12, 1)})
    view = HeatmapView(grid=grid, now_cell=(0, 17))
    marks = heatmap_text(view, width=LABEL + 12 * 3).plain.split("\n")[0]
    # 17:00 is in the 16:00-18:00 cell, the ninth of twelve.
    assert marks.index("▼") == LABEL + 8 * 3 + 2


counts = st.integers(min_value=0, max_value=1500)


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.tuples(st.integers(0, 6), st.integers(0, 23)),
        st.tuples(counts, counts).map(lambda t: (max(t), min(t))),
        max_size=40,
    ),
    st.integers(min_value=30, max_value=220),
)
def test_any_counts_at_any_width_never_touch_and_all_calls_show(
    cells: dict[tuple[int, int], tuple[int, int]], width: int
) -> None:
    grid = _grid(cells)
    layout = layout_for(grid, width)
    text = heatmap_text(HeatmapView(grid=grid), width=width).plain
    shown_calls = 0
    for i, row in enumerate(_rows(text)):
        assert len(row) == layout.cells * layout.cell
        for c in range(layout.cells):
            piece = row[c * layout.cell : (c + 1) * layout.cell]
            assert piece[0] == " ", f"cell {c} of {row!r} touches its neighbour"
            if i % 2 == 0 and piece.strip() not in ("·", "★"):
                shown_calls += int(piece)
    assert shown_calls == grid.total_attempts
    if any(a for a, _ in cells.values()):
        assert layout.width <= width or layout.span == 24
