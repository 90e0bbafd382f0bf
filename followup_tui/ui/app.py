"""The followup-tui application and its factory.

``make_app`` builds the real app from a data file path and a clock, so tests and the screenshot
script run exactly what users run. The clock is the only source of "now"; the data file is
only ever touched by the data worker thread (``ui.data``).
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input

from followup_tui.domain.clock import Clock, system_clock
from followup_tui.storage.datafile import Tables
from followup_tui.ui.collector import YOUNG_AFTER_S, QuietCollector
from followup_tui.ui.data import DataService
from followup_tui.ui.early_keys import EarlyKeys
from followup_tui.ui.lazy import PAUSE_LIMIT_S, resume_collection
from followup_tui.ui.screens.main import MainScreen

#: Seconds between two looks at whether the garbage collector may run (``ui.collector``).
COLLECT_CHECK_S = 0.5
#: The app's one stylesheet.
STYLESHEET = Path(__file__).with_name("followup.tcss")
#: The line of the stylesheet after which come the rules of the other screens (forms, dialogs,
#: lists): they are parsed when the first of them opens, not before the first frame.
LATER_MARK = "/* == LATER:"
#: The palette's prefix for Textual's own commands.
SYSTEM_NAMESPACE = "textual: "


def _takes_text(widget: object) -> bool:
    """A text field: a one-line Input, or a TextArea (a form's notes) once one was loaded."""
    if isinstance(widget, Input):
        return True
    area = sys.modules.get("textual.widgets._text_area")
    return area is not None and isinstance(widget, area.TextArea)


class FollowupApp(App[None]):
    """Follow up with the people you are chasing, by phone and e-mail, persistently."""

    TITLE = "followup-tui"
    BINDINGS = [
        Binding("f1", "help", "Help", show=False, tooltip="Keys of the current screen"),
    ]

    def __init__(
        self,
        db_path: Path,
        *,
        clock: Clock = system_clock,
        user_tz: str | None = None,
        head: Tables | None = None,
    ):
        super().__init__()
        # The main screen's rules now, the other screens' when the first of them opens.
        main_css, self._later_css = stylesheet_parts(STYLESHEET.read_text(encoding="utf-8"))
        self.stylesheet.add_source(main_css, read_from=(str(STYLESHEET), ""))
        self.db_path = Path(db_path)
        self.clock = clock
        self.user_tz = user_tz
        self.data = DataService(self.db_path, clock, user_tz, head=head)
        self.data.list_early()  # while Textual starts (the main screen's first frame)
        self.load_error: str | None = None
        """Why the data file could not be opened, when the app exited for that reason."""
        self.load_error_damaged = False
        self.collector = QuietCollector()
        """Runs the garbage collector's full passes between keys, not during them."""
        self.early_keys = EarlyKeys(self)
        """Keys typed with the one that opened a screen, held until its field has the focus."""

    def _load_screen_css(self, screen: Screen[Any]) -> None:
        # Textual's hook for each screen pushed or switched to (never the main screen).
        self.add_later_css()
        super()._load_screen_css(screen)

    def add_later_css(self) -> None:
        """The stylesheet's rules for the other screens, parsed with their first use (about
        two thirds of the file); then nothing."""
        if self._later_css:
            css, self._later_css = self._later_css, ""
            self.stylesheet.add_source(css, read_from=(str(STYLESHEET), "later"))

    def exit_unusable(self, error: str, *, damaged: bool) -> None:
        """The data file cannot be used: leave (status 2); the command line prints why."""
        self.load_error = error
        self.load_error_damaged = damaged
        self.exit(return_code=2)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's own palette entries (theme, keys, maximize, screenshot) under their own
        namespace, apart from followup-tui's; its Quit is ``app: Quit`` already (which asks
        first when attempts are unsaved)."""
        for command in super().get_system_commands(screen):
            if command.title == "Quit":
                continue
            yield command._replace(title=f"{SYSTEM_NAMESPACE}{command.title}")

    def on_mount(self) -> None:
        # Collection resumes after the first frame (ui.workflows.loading), at the latest when
        # this timer fires; from then on its full passes run between keys (ui.collector).
        self.set_timer(PAUSE_LIMIT_S, resume_collection)
        self.collector.start()
        self.set_interval(COLLECT_CHECK_S, self.collector.tick)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self.collector.input_seen()
            if isinstance(event, events.Key | events.MouseDown):
                self.data.keys_first.key_pressed()
                # What the key leaves behind is collected once its frame is drawn.
                self.set_timer(YOUNG_AFTER_S, self.collector.after_key)
            if isinstance(event, events.Key) and not event.is_forwarded:
                if self.early_keys.hold(event):
                    return  # handed on once it can go (ui.early_keys)
                focused = self.focused
                if event.is_printable and focused is not None and _takes_text(focused):
                    # A character for the field, never a key binding (the main screen's typed
                    # keys are priority bindings: ui.commands.bindings); a key after it waits
                    # until it is typed (ui.early_keys).
                    self.early_keys.typing(focused, event)
                    return
        await super().on_event(event)

    def get_default_screen(self) -> Screen[None]:
        return MainScreen()

    @property
    def main_screen(self) -> MainScreen:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        raise LookupError("the main screen is not running")

    def action_help(self) -> None:
        """Help for whatever screen is in front (``?`` on the main screen, F1 anywhere)."""
        from followup_tui.ui.screens.help import HelpScreen, bindings_of  # with its first use

        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        if isinstance(screen, MainScreen):
            screen.action_help()
            return
        title = f"Keys of this screen ({type(screen).__name__})"
        self.push_screen(HelpScreen(title, bindings_of(screen)))

    async def action_quit(self) -> None:
        """ctrl+q (and any other ``app.quit``): the main screen's quit, which asks first when
        attempts could not be saved yet."""
        try:
            main = self.main_screen
        except LookupError:
            self.exit()
            return
        main.action_request_quit()

    async def on_unmount(self) -> None:
        self.collector.stop()
        # Let queued saves finish (nothing logged is dropped), then close the file.
        await asyncio.to_thread(self.data.close)


def stylesheet_parts(text: str) -> tuple[str, str]:
    """``text`` cut at ``LATER_MARK``: the main screen's rules, then the others' (empty when
    there is no mark), led by as many empty lines as come before it, so that an error in the
    later rules names its line in the file."""
    head, mark, tail = text.partition(LATER_MARK)
    if not mark:
        return text, ""
    return head, "\n" * head.count("\n") + mark + tail


def make_app(
    db_path: Path,
    clock: Clock = system_clock,
    user_tz: str | None = None,
    *,
    head: Tables | None = None,
) -> FollowupApp:
    """The app on the data file ``db_path``; ``clock`` gives "now"; ``user_tz`` overrides the
    user's zone (else the settings' zone, else the machine's). ``head``: the file's tables
    before its attempts, already read and checked (``storage.peek``), to list contacts first."""
    return FollowupApp(Path(db_path), clock=clock, user_tz=user_tz, head=head)
