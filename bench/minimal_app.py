"""The floor for the first frame: the smallest Textual app, a ``Static`` in an ``App``.

``make bench`` starts it in a pseudo-terminal exactly as it starts followup-tui, and times both
to their first frame (issue #17: ours within 1.3 times this).
"""

from textual.app import App, ComposeResult
from textual.widgets import Static

MARKER = "minimal app ready"


class Minimal(App[None]):
    def compose(self) -> ComposeResult:
        yield Static(MARKER)


if __name__ == "__main__":
    Minimal().run()
