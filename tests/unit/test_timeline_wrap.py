"""Timeline lines that do not fit: notes indent under their entry, headers break between their
parts (``3 attempts · reached today``) before inside one, and nothing is lost."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from followup_tui.ui.widgets.attempt_timeline import wrap_line

CONSOLE = Console(width=200)


def _plain(lines: list[Text]) -> list[str]:
    return [line.plain for line in lines]


def test_a_long_note_wraps_under_its_entry() -> None:
    note = Text("  " + "word " * 20, "italic")
    lines = _plain(wrap_line(note, CONSOLE, 30))
    assert all(line.startswith("  word") for line in lines), lines
    assert all(len(line) <= 30 for line in lines)
    assert " ".join(line.strip() for line in lines).split() == ["word"] * 20


def test_a_header_breaks_between_parts_not_inside_reached_today() -> None:
    state = Text("their time Wed 02:04 ET · 3 attempts · reached today · needs a next step")
    lines = _plain(wrap_line(state, CONSOLE, 40))
    assert lines == [
        "their time Wed 02:04 ET · 3 attempts",
        "  reached today · needs a next step",
    ]
    lines = _plain(wrap_line(state, CONSOLE, 30))
    assert lines == [
        "their time Wed 02:04 ET",
        "  3 attempts · reached today",
        "  needs a next step",
    ]


def test_styles_survive_the_wrap() -> None:
    line = Text("  ")
    line.append("reached", "bold green")
    line.append(" · phone · caller ID hidden · 1m 35s")
    first = wrap_line(line, CONSOLE, 24)[0]
    assert first.plain == "  reached · phone"
    assert any(span.style == "bold green" for span in first.spans)


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ab ·x"), min_size=1, max_size=200),
    st.integers(min_value=1, max_value=80),
    st.integers(min_value=0, max_value=4),
)
def test_every_line_fits_and_no_letter_is_lost(body: str, width: int, indent: int) -> None:
    line = Text(" " * indent + body.strip() or "a")
    lines = wrap_line(line, CONSOLE, width)
    assert all(piece.cell_len <= width for piece in lines)
    kept = "".join(piece.plain for piece in lines).replace(" ", "").replace("·", "")
    assert kept == line.plain.replace(" ", "").replace("·", "")
