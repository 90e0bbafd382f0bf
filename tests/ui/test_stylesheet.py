"""The one stylesheet parses: a missing brace would otherwise stop every screen from starting.
Its main screen's rules are read at start, the other screens' when the first of them opens."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.app import App
from textual.css.match import match
from textual.css.stylesheet import Stylesheet

import followup_tui.ui
from followup_tui.ui.app import LATER_MARK, stylesheet_parts

from ._app_helpers import SIZE, app_on, wait_for, wait_loaded, write_small_data

TCSS = Path(followup_tui.ui.__file__).parent / "followup.tcss"


def test_the_stylesheet_parses() -> None:
    sheet = Stylesheet(variables=App().get_css_variables())
    sheet.read(TCSS)
    sheet.parse()
    assert sheet.rules, "no rules read from followup.tcss"


def test_every_block_is_closed() -> None:
    depth = 0
    for number, line in enumerate(TCSS.read_text(encoding="utf-8").splitlines(), 1):
        depth += line.count("{") - line.count("}")
        assert 0 <= depth <= 1, f"followup.tcss line {number}: a block opens inside another"
    assert depth == 0


def _parsed(css: str) -> Stylesheet:
    sheet = Stylesheet(variables=App().get_css_variables())
    sheet.add_source(css, read_from=(str(TCSS), ""))
    sheet.parse()
    return sheet


def test_the_main_screens_rules_and_the_others_parse_apart_and_lose_nothing() -> None:
    # The main screen's rules are read at start, the others' when another screen first opens.
    text = TCSS.read_text(encoding="utf-8")
    assert text.count(LATER_MARK) == 1
    main, later = stylesheet_parts(text)
    assert main and later
    lines = main.count("\n")
    # The later rules keep their line numbers in the file (for Textual's error messages).
    assert later[:lines] == "\n" * lines and later[lines:].startswith(LATER_MARK)
    assert main + later[lines:] == text
    main_rules, later_rules = _parsed(main).rules, _parsed(later).rules
    assert len(main_rules) + len(later_rules) == len(_parsed(text).rules)
    assert len(later_rules) > len(main_rules)  # most of the parsing waits
    assert any(rule.css.startswith("ContactList") for rule in main_rules)
    assert any(rule.css.startswith("ModalScreen.form-screen") for rule in later_rules)


@given(st.text(max_size=60), st.text(max_size=60), st.booleans())
def test_cutting_any_text_at_the_mark_keeps_it_whole(head: str, tail: str, marked: bool) -> None:
    text = head + (LATER_MARK if marked else "") + tail
    main, later = stylesheet_parts(text)
    if LATER_MARK not in text:
        assert (main, later) == (text, "")
        return
    lines = main.count("\n")
    assert LATER_MARK not in main
    assert later[:lines] == "\n" * lines and later[lines:].startswith(LATER_MARK)
    assert main + later[lines:] == text


@pytest.mark.parametrize("size", [SIZE, (60, 20)], ids=["wide", "narrow"])
@pytest.mark.parametrize("contacts", [True, False], ids=["contacts", "empty"])
async def test_no_later_rule_styles_a_widget_of_the_main_screen(
    db_path: Path, size: tuple[int, int], contacts: bool
) -> None:
    # Else that widget would change its look once another screen had been opened.
    if contacts:
        write_small_data(db_path)
    later = _parsed(stylesheet_parts(TCSS.read_text(encoding="utf-8"))[1]).rules
    app = app_on(db_path)
    async with app.run_test(size=size) as pilot:
        main = await wait_loaded(pilot)
        nodes = list(main.walk_children(with_self=True))
        assert len(nodes) > 10
        for node in nodes:
            styled = [rule.css.splitlines()[0] for rule in later if match(rule.selector_set, node)]
            assert styled == [], f"{node!r} is styled by {styled}"
        assert not any(place == "later" for _, place in app.stylesheet.source)
        await pilot.press("question_mark")  # the help: the later rules come with it
        await wait_for(pilot, lambda: app.screen is not main, what="the help")
        assert any(place == "later" for _, place in app.stylesheet.source)
