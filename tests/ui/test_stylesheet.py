"""The one stylesheet parses: a missing brace would otherwise stop every screen from starting."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.css.stylesheet import Stylesheet

import followup_tui.ui

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
