"""The export dialog: a format and a file, checked as ``followup-tui export -o`` checks them.

The dialog only asks; the export itself is built and written by the data worker (see
``ui.workflows.exporting``). An existing file is replaced only after the user said yes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Select, Static

from followup_tui.io.export import FORMATS, default_export_name, output_error
from followup_tui.ui.screens.confirm import ConfirmScreen
from followup_tui.ui.screens.form_base import FormInvalid, FormScreen, field_row
from followup_tui.ui.screens.import_contacts import path_from_input
from followup_tui.ui.text import tilde
from followup_tui.ui.widgets.key_legend import form_keys

#: What each format holds, as the format list shows it.
FORMAT_LABELS: dict[str, str] = {
    "json": "JSON: everything, re-importable",
    "csv": "CSV: the attempt history",
    "ics": "ICS: the follow-ups calendar",
}
#: One key per format while the focus is not in the path.
FORMAT_KEYS: dict[str, str] = {"j": "json", "c": "csv", "i": "ics"}


@dataclass(frozen=True, slots=True)
class ExportRequest:
    """What to export, and where."""

    fmt: str
    path: Path


class ExportForm(FormScreen[ExportRequest]):
    """Choose a format and a file; dismisses with the ``ExportRequest``, or None (escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(key, f"pick_format('{fmt}')", f"{fmt.upper()}", show=False)
            for key, fmt in FORMAT_KEYS.items()
        ),
    ]

    FIELDS: tuple[str, ...] = ("format", "path")

    def __init__(self, *, data_file: Path, today: date, folder: Path | None = None) -> None:
        super().__init__(classes="form-screen")
        self.data_file = data_file
        self.today = today
        self.folder = folder if folder is not None else Path.home()
        self._offered = self.default_path("json")
        """The path the dialog filled in; while it stands, it follows the format."""

    def default_path(self, fmt: str) -> str:
        return tilde(self.folder / default_export_name(fmt, self.today))

    def compose(self) -> ComposeResult:
        with Vertical(id="export-form", classes="form"):
            yield Static("Export", classes="form-title", markup=False)
            yield from field_row(
                "Format",
                Select(
                    [(FORMAT_LABELS[f], f) for f in FORMATS],
                    value="json",
                    allow_blank=False,
                    compact=True,
                    id="format",
                ),
                "format",
            )
            yield form_keys(("j", "JSON"), ("c", "CSV"), ("i", "ICS"), id="format-keys")
            yield from field_row("File", Input(self._offered, id="path", compact=True), "path")
            with Horizontal(classes="form-buttons"):
                yield Button("Export", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
                yield form_keys(("enter", "export"), ("esc", "cancel"))

    def on_mount(self) -> None:
        # enter exports at once; a format key first picks the format; tab reaches the fields.
        self.query_one("#save", Button).focus()

    @property
    def fmt(self) -> str:
        value = self.query_one("#format", Select).value
        return value if isinstance(value, str) and value in FORMATS else "json"

    @on(Select.Changed, "#format")
    def _format_changed(self, event: Select.Changed) -> None:
        field = self.query_one("#path", Input)
        if field.value == self._offered:
            self._offered = self.default_path(self.fmt)
            field.value = self._offered
        self.clear_error("path")

    def action_pick_format(self, fmt: str) -> None:
        self.query_one("#format", Select).value = fmt

    def build(self) -> ExportRequest:
        path = path_from_input(self.query_one("#path", Input).value)
        if path is None:
            raise FormInvalid({"path": "Type the path of the file to export to."})
        error = output_error(path, self.data_file)
        if error is not None:
            raise FormInvalid({"path": error})
        return ExportRequest(self.fmt, path)

    def valid(self, request: ExportRequest) -> None:
        """Export; a file already there is replaced only when the user says so."""
        if not request.path.exists():
            self.dismiss(request)
            return

        def answered(replace: bool | None) -> None:
            if replace:
                self.dismiss(request)
            else:
                self.query_one("#path", Input).focus()

        question = f"{tilde(request.path)} exists.\nReplace it with this export?"
        self.app.push_screen(ConfirmScreen(question), answered)

    def action_cancel(self) -> None:
        """Nothing is written and nothing typed is worth keeping: leave at once."""
        self.dismiss(None)
