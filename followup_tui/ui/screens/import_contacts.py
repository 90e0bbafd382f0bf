"""Import contacts from inside the app: a file path in, the import's summary out.

The import runs in a thread worker with its own ``Store`` on the data file (one locked write,
like ``followup-tui import``); the UI thread never touches the file. The screen is dismissed
with True when anything was written, so the app knows to reload.
"""

from __future__ import annotations

import threading
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static
from textual.worker import Worker, WorkerState

from followup_tui.domain.clock import Clock, system_clock
from followup_tui.domain.text import clean_line, clean_text

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

    def __init__(self, db_path: Path, *, clock: Clock = system_clock) -> None:
        super().__init__(classes="form-screen")
        self.db_path = Path(db_path)
        self.clock = clock
        self.written = False
        self.running = False
        self.worker_thread: threading.Thread | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="import-contacts", classes="form"):
            yield Static("Import contacts", classes="form-title", markup=False)
            with Horizontal(classes="form-row"):
                yield Label("File", classes="form-label", markup=False)
                yield Input(placeholder="~/Downloads/Connections.csv", id="import-path")
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
        self.run_import(path, dry_run)

    def _set_running(self, running: bool) -> None:
        self.running = running
        for selector in ("#import-path", "#import-run", "#import-dry"):
            self.query_one(selector).disabled = running
        if not running:
            self.query_one("#import-path", Input).focus()

    # -- the worker (never on the UI thread) -------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="import-contacts")
    def run_import(self, path: Path, dry_run: bool) -> None:
        from followup_tui.io import importer
        from followup_tui.io.readers import ImportFileError
        from followup_tui.storage import DataFileError, SaveError, Store

        self.worker_thread = threading.current_thread()

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(self._set_report, f"Importing… {done}/{total} rows")

        try:
            # Read the file first: if it is unusable, the data file is not even created.
            fmt, source = importer.load_source(path)
            store = None
            if not dry_run:
                store = Store.open(self.db_path, clock=self.clock)
            elif self.db_path.exists():
                store = Store(self.db_path, clock=self.clock)  # read only: no create, no migrate
            try:
                report = importer.import_source(
                    str(path), fmt, source, store, dry_run=dry_run, progress=progress
                )
            finally:
                if store is not None:
                    store.close()
            lines = report.lines(verbose=dry_run)
        except (ImportFileError, DataFileError, SaveError, OSError) as exc:
            self.app.call_from_thread(self._finished_with_error, str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - every outcome must end the running state
            self.app.call_from_thread(self._finished_with_error, _unexpected(exc))
            return
        self.app.call_from_thread(self._finished, lines, report.written)

    # -- back on the UI thread ---------------------------------------------------------------

    def _finished(self, lines: list[str], written: bool) -> None:
        self.written = self.written or written
        self._set_report("\n".join(lines))
        self._set_running(False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that ended without reporting (cancelled, or failed outside the import
        itself) still ends the running state, so the screen can be closed."""
        if event.worker.group != "import-contacts" or not self.running:
            return
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self._finished_with_error(
                _unexpected(error) if error is not None else "The import failed."
            )
        elif event.state == WorkerState.CANCELLED:
            self._finished_with_error("The import was stopped.")

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
