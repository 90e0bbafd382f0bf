"""Import contacts from inside the app: a file path in, the import's summary out.

The import runs on the data worker, the one writer of the data file (one locked write, like
``followup-tui import``), and reports back with messages; the UI thread never touches the file.
The screen is dismissed with True when anything was written, so the app knows to reload.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from followup_tui.domain.text import clean_line, clean_text
from followup_tui.ui.data import DataService
from followup_tui.ui.messages import ImportFailed, ImportFinished, ImportProgressed

FORMATS_HINT = "LinkedIn Connections.csv, CSV with a header line, vCard (.vcf) or followup-tui JSON"


def path_from_input(text: str) -> Path | None:
    """The path typed or pasted: quotes (from drag and drop) and ``file://`` removed."""
    value = clean_line(text)
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1].strip()
    if value.startswith("file://"):
        from urllib.parse import unquote, urlparse

        value = unquote(urlparse(value).path)
    if not value:
        return None
    return Path(value).expanduser()


def _unexpected(exc: BaseException) -> str:
    """One line for a failure nobody planned for: its type and its message."""
    return f"The import failed: {type(exc).__name__}: {exc}"


class ImportContactsScreen(ModalScreen[bool]):
    """Ask for a file, import it (or preview the import), show what happened."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="import-close"),
        Binding("ctrl+t", "preview", "Preview (dry run)", id="import-preview"),
    ]

    def __init__(self, data: DataService) -> None:
        super().__init__(classes="form-screen")
        self.data = data
        self.written = False
        self.running = False

    def compose(self) -> ComposeResult:
        with Vertical(id="import-contacts", classes="form"):
            yield Static("Import contacts", classes="form-title", markup=False)
            with Horizontal(classes="form-row"):
                yield Label("File", classes="form-label", markup=False)
                yield Input(
                    placeholder="~/Downloads/Connections.csv", id="import-path", compact=True
                )
            yield Static(FORMATS_HINT, classes="form-hint", markup=False)
            yield Static("", id="import-error", classes="form-error", markup=False)
            with VerticalScroll(id="import-report-box", classes="form-body"):
                yield Static("", id="import-report", markup=False)
            with Horizontal(classes="form-buttons"):
                yield Button("Import (enter)", variant="primary", id="import-run", compact=True)
                yield Button("Preview (ctrl+t)", id="import-dry", compact=True)
                yield Button("Close (esc)", id="import-done", compact=True)

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()

    # -- starting ----------------------------------------------------------------------------

    @on(Input.Submitted, "#import-path")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.start(dry_run=False)

    @on(Button.Pressed, "#import-run")
    def _run_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.start(dry_run=False)

    @on(Button.Pressed, "#import-dry")
    def _dry_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.start(dry_run=True)

    @on(Button.Pressed, "#import-done")
    def _done_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_close()

    def action_preview(self) -> None:
        self.start(dry_run=True)

    def start(self, *, dry_run: bool) -> None:
        if self.running:
            return
        path = path_from_input(self.query_one("#import-path", Input).value)
        if path is None:
            self._show_error("Type the path of the file to import.")
            return
        self._show_error("")
        self._set_running(True)
        self._set_report("Reading the file…")
        if not self.data.import_file(path, dry_run=dry_run, reply=self.post_message):
            self._finished_with_error("The data file is closed; nothing was imported.")

    def _set_running(self, running: bool) -> None:
        self.running = running
        for selector in ("#import-path", "#import-run", "#import-dry"):
            self.query_one(selector).disabled = running
        if not running:
            self.query_one("#import-path", Input).focus()

    # -- answers of the data worker ----------------------------------------------------------

    def on_import_progressed(self, message: ImportProgressed) -> None:
        if self.running:
            self._set_report(f"Importing… {message.done}/{message.total} rows")

    def on_import_finished(self, message: ImportFinished) -> None:
        try:
            self._finished(message.lines, message.written)
        except Exception as exc:  # noqa: BLE001 - every outcome must end the running state
            self.written = self.written or message.written
            self._finished_with_error(_unexpected(exc))

    def on_import_failed(self, message: ImportFailed) -> None:
        self._finished_with_error(message.error)

    def _finished(self, lines: list[str], written: bool) -> None:
        self.written = self.written or written
        self._set_report("\n".join(lines))
        self._set_running(False)

    def _finished_with_error(self, message: str) -> None:
        self._set_report("Nothing was imported.")
        self._show_error(message)
        self._set_running(False)

    def _set_report(self, text: str) -> None:
        self.query_one("#import-report", Static).update(Content(clean_text(text, multiline=True)))

    def _show_error(self, message: str) -> None:
        error = self.query_one("#import-error", Static)
        error.update(Content(clean_line(message)))
        error.set_class(bool(message), "-shown")

    def action_close(self) -> None:
        if self.running:
            self._show_error("The import is still running; it is one write, so wait for it.")
            return
        self.dismiss(self.written)
