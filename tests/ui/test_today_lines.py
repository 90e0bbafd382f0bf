"""Today's lines on a narrow list: each line too wide is broken between words and goes on
indented as far as it began (``screens.today.hanging``)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.text import Text

from followup_tui.ui.screens.today import MIN_HANGING, hanging


def _victor() -> Text:
    line = Text("  ")
    line.append("Victor Alvarez", "bold")
    line.append(" · Golden Gate Cloud · 6 business days overdue", "red")
    line.append("\n    16 attempts · 6 since last reply · 70 days silent", "dim")
    line.append("\n    call Mon 10:00–11:00 PT · your Mon 18:00–19:00 UTC", "green")
    line.append(" (at 10:00 any day: reached 2 of 4)", "dim")
    return line


def _styles(text: Text) -> list[tuple[str, tuple[str, ...]]]:
    """Each character but spaces and line breaks, with the styles on it (each once)."""
    on: list[list[str]] = [[str(text.style)] for _ in text.plain]
    for span in text.spans:
        for index in range(span.start, min(span.end, len(on))):
            on[index].append(str(span.style))
    return [
        (char, tuple(sorted(set(on[index]))))
        for index, char in enumerate(text.plain)
        if char not in " \n"
    ]


def test_a_long_line_goes_on_under_its_first_word() -> None:
    assert hanging(_victor(), 76).plain.split("\n") == [
        "  Victor Alvarez · Golden Gate Cloud · 6 business days overdue",
        "    16 attempts · 6 since last reply · 70 days silent",
        "    call Mon 10:00–11:00 PT · your Mon 18:00–19:00 UTC (at 10:00 any day:",
        "    reached 2 of 4)",
    ]
    assert hanging(_victor(), 56).plain.split("\n") == [
        "  Victor Alvarez · Golden Gate Cloud · 6 business days",
        "  overdue",
        "    16 attempts · 6 since last reply · 70 days silent",
        "    call Mon 10:00–11:00 PT · your Mon 18:00–19:00 UTC",
        "    (at 10:00 any day: reached 2 of 4)",
    ]


def test_the_styles_stay_on_their_words() -> None:
    wrapped = hanging(_victor(), 56)
    assert _styles(wrapped) == _styles(_victor())
    overdue = wrapped.plain.index("overdue")
    assert _styles(wrapped[overdue:])[0] == ("o", ("", "red"))


def test_lines_that_fit_and_widths_too_small_leave_the_text_as_it_is() -> None:
    text = _victor()
    assert hanging(text, 120) is text
    assert hanging(text, 0) is text
    deep = Text("    " + "word " * 10)
    assert hanging(deep, MIN_HANGING + 3) is deep  # no room after the indent
    assert hanging(deep, MIN_HANGING + 4).plain.startswith("    word word word word\n    word")


def test_a_word_longer_than_the_line_is_cut_and_wide_characters_count_twice() -> None:
    text = Text("    " + "x" * 42 + " yy " + "中文字" * 5)
    assert hanging(text, 25).plain.split("\n") == [
        "    " + "x" * 21,
        "    " + "x" * 21,
        "    yy",
        "    中文字中文字中文字中",
        "    文字中文字",
    ]


words = st.text(alphabet=st.sampled_from("ab·–中é"), min_size=1, max_size=12)


@settings(max_examples=200, deadline=None)
@given(
    lines=st.lists(
        st.tuples(st.integers(0, 6), st.lists(words, min_size=1, max_size=12)),
        min_size=1,
        max_size=4,
    ),
    width=st.integers(MIN_HANGING + 6, 90),
)
def test_nothing_is_lost_and_every_line_fits(
    lines: list[tuple[int, list[str]]], width: int
) -> None:
    text = Text("\n".join(" " * indent + " ".join(ws) for indent, ws in lines), style="bold")
    wrapped = hanging(text, width)
    assert "".join(wrapped.plain.split()) == "".join(text.plain.split())
    assert _styles(wrapped) == _styles(text)
    assert all(cell_len(line) <= width for line in wrapped.plain.split("\n"))
    assert len(wrapped.plain.split("\n")) >= len(lines)
