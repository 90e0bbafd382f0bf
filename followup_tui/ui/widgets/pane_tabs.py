"""The tab strip of a narrow main screen: which pane is shown, and that tab cycles them."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

#: The main screen's panes, in tab order.
PANE_NAMES = ("Contacts", "Timeline", "Reachability")


def tabs_text(shown: int) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    for i, name in enumerate(PANE_NAMES):
        text.append(f" {name} ", "bold reverse" if i == shown else "dim")
        text.append(" ")
    text.append("tab ▸", "dim")
    return text


class PaneTabs(Static):
    """``Contacts  Timeline  Reachability  tab ▸`` with the shown pane lit."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(tabs_text(0), id=id, markup=False)

    def show(self, shown: int) -> None:
        self.update(tabs_text(shown))
