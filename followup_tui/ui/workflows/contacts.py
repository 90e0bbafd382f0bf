"""Adding, editing, deleting and importing contacts, and the data worker's answers."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from followup_tui.domain.models import Contact
from followup_tui.domain.rules import day_words, local_date
from followup_tui.domain.text import clean_line
from followup_tui.ui.change_state import State
from followup_tui.ui.rows import contact_row
from followup_tui.ui.text import plural

if TYPE_CHECKING:
    from followup_tui.storage.edits import FieldConflict, FieldUpdate
    from followup_tui.ui.changes import Change, ContactEdit
    from followup_tui.ui.screens.main import MainScreen
    from followup_tui.ui.screens.next_step_form import NextStep


class ContactFlow:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    # -- keys ------------------------------------------------------------------------------

    def new(self) -> None:
        from followup_tui.ui.screens.contact_form import ContactForm

        ws = self.screen.ws
        settings = ws.snapshot.settings
        form = ContactForm(
            home_region=settings.home_region,
            now=ws.now(),
            default_cadence=settings.keep_warm_days,
        )
        self.screen.app.push_screen(form, self._form_closed)

    def edit(self) -> None:
        screen = self.screen
        contact = screen.selected
        if contact is None:
            return
        ws = screen.ws
        from followup_tui.ui.screens.contact_form import ContactForm

        form = ContactForm(contact, home_region=ws.snapshot.settings.home_region, now=ws.now())

        def closed(result: Contact | None) -> None:
            # Only what the user changed, against the contact as the form opened: what
            # another copy changed meanwhile (an import adding an e-mail) is kept.
            if result is None:
                screen.contact_list.focus()
                return
            from followup_tui.ui.changes import ContactEdit  # with the first edit

            edit = ContactEdit.of(contact, replace(result, id=contact.id))
            if not edit.changes:
                screen.notify("Nothing changed.", timeout=3)
                screen.contact_list.focus()
                return
            self._form_closed(edit)

        screen.app.push_screen(form, closed)

    def _form_closed(self, record: Contact | ContactEdit | None) -> None:
        screen = self.screen
        if record is not None:
            screen.ws.changes.begin(record)
            screen.saver.write_soon()
        screen.contact_list.focus()

    def next_step(self, contact_id: int | None = None) -> None:
        """Set the next step of a contact (the highlighted one by default) in a small form."""
        screen = self.screen
        contact = screen.ws.contact(contact_id) if contact_id is not None else screen.selected
        if contact is None or contact.id is None:
            return
        ws = screen.ws
        from followup_tui.ui.screens.next_step_form import NextStepForm

        form = NextStepForm(contact, today=local_date(ws.now(), ws.user_zone))

        def closed(result: NextStep | None) -> None:
            if result is not None:
                self.set_next_step(contact, result)
            if screen.is_current:
                screen.contact_list.focus()

        screen.app.push_screen(form, closed)

    def set_next_step(self, contact: Contact, step: NextStep) -> None:
        """Write a next step: only its two fields, through the one change path."""
        edited = step.applied_to(contact)
        if (edited.next_step_on, edited.next_step) == (contact.next_step_on, contact.next_step):
            return
        # A contact edit of two fields: another copy's changes to the rest are kept, and a
        # clash on the step itself is asked about like any other edit.
        said = self._step_words(edited)
        from followup_tui.ui.changes import ContactEdit  # with the first edit

        self.screen.ws.changes.begin(ContactEdit.of(contact, edited, said))
        self.screen.saver.write_soon()

    def delete(self) -> None:
        screen = self.screen
        contact = screen.selected
        if contact is None or contact.id is None:
            return
        cid = contact.id
        count = len(screen.ws.attempts_of(cid))
        question = (
            f"Delete {clean_line(contact.name)} and {plural(count, 'attempt')}?\n"
            "This cannot be undone (a daily backup is kept next to the data file)."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                from followup_tui.ui.changes import ContactDeletion  # with the first deletion

                screen.ws.changes.begin(ContactDeletion(cid))
                screen.saver.write_soon()

        from followup_tui.ui.screens.confirm import ConfirmScreen  # loads with its first use

        screen.app.push_screen(ConfirmScreen(question), answered)

    def import_file(self) -> None:
        screen = self.screen
        app = screen.followup
        from followup_tui.ui.screens.import_contacts import ImportContactsScreen

        importer = ImportContactsScreen(app.data)

        def closed(written: bool | None) -> None:
            if written:
                app.data.reload()  # the file changed: read it now, not at the next poll
            screen.contact_list.focus()

        app.push_screen(importer, closed)

    # -- answers of the data worker --------------------------------------------------------

    def written(self, change: Change) -> None:
        # The data worker that wrote the change has loaded the Store (and the change
        # ui.changes).
        from followup_tui.storage.edits import FieldUpdate
        from followup_tui.ui.changes import ContactDeletion

        screen = self.screen
        ws = screen.ws
        ws.changes.written(change)
        fills = screen.panes.fills
        record = change.written
        if isinstance(record, ContactDeletion):
            contact = ws.contact(record.contact_id)
            ws.contact_deleted(record.contact_id)
            screen.contact_list.remove_row(record.contact_id)
            name = clean_line(contact.name) if contact else "the contact"
            attempts = plural(record.attempts_removed, "attempt")
            screen.notify(f"Deleted {name} and {attempts}", markup=False, timeout=4)
        elif isinstance(record, FieldUpdate):
            self._edited(change, record)
        elif isinstance(record, Contact) and record.id is not None:
            created = isinstance(change.record, Contact) and change.record.id is None
            ws.contact_saved(record)
            screen.contact_list.update_row(contact_row(record, ws.summaries.get(record.id)))
            if created:
                screen.contact_list.select(record.id)
            verb = "Added" if created else "Saved"
            screen.notify(f"{verb} {clean_line(record.name)}", markup=False, timeout=3)
        # A contact added or deleted moves the cursor, which filled the panes from the
        # records as they now are: they are not filled a second time.
        screen.data_changed(force=screen.panes.fills == fills)

    def _edited(self, change: Change, update: FieldUpdate) -> None:
        """A contact edit was written: show the contact as the file now holds it (with what
        another copy changed), and ask about the fields both changed."""
        screen = self.screen
        contact = update.contact
        assert contact.id is not None
        screen.ws.contact_saved(contact)
        screen.contact_list.update_row(contact_row(contact, screen.ws.summaries.get(contact.id)))
        name = clean_line(contact.name)
        if update.conflicts:
            self._ask(contact.id, contact.name, update.conflicts)
        elif update.written:
            from followup_tui.ui.changes import ContactEdit  # loaded with the change

            said = change.record.said if isinstance(change.record, ContactEdit) else ""
            screen.notify(said or f"Saved {name}", markup=False, timeout=3)
        else:
            screen.notify(f"{name}: the file already held these values", markup=False, timeout=4)

    def _ask(self, contact_id: int, name: str, conflicts: tuple[FieldConflict, ...]) -> None:
        """Both this edit and another copy changed these fields: the user chooses, then the
        fields where they keep their own value are written (against the other copy's value, so
        a third change meanwhile is asked about again)."""
        screen = self.screen

        def answered(mine: dict[str, bool] | None) -> None:
            kept = [c for c in conflicts if mine and mine.get(c.field)]
            if not kept:
                screen.notify(
                    f"Kept the other copy's {', '.join(c.field for c in conflicts)}",
                    markup=False,
                    timeout=4,
                )
                return
            from followup_tui.ui.changes import ContactEdit  # loaded with the change

            edit = ContactEdit(
                contact_id,
                name,
                {c.field: c.mine for c in kept},
                {c.field: c.theirs for c in kept},
            )
            self._form_closed(edit)

        from followup_tui.ui.screens.field_conflicts import FieldConflictScreen

        screen.app.push_screen(FieldConflictScreen(name, conflicts), answered)

    def _step_words(self, contact: Contact) -> str:
        name = clean_line(contact.name)
        if contact.next_step_on is None:
            return f"Cleared the next step of {name}"
        ws = self.screen.ws
        when = day_words(contact.next_step_on, local_date(ws.now(), ws.user_zone))
        what = f": {clean_line(contact.next_step)}" if contact.next_step else ""
        return f"Next step for {name} {when}{what}"

    def failed(self, change: Change, error: str, *, first: bool = True) -> None:
        from followup_tui.ui.changes import ContactEdit  # loaded with the change

        record = change.record
        if change.state == State.UNSAVED:  # the data file is replaced or gone: it waits
            if not first:
                return  # told already (a retry while the file is still lost)
            what = clean_line(record.name) if isinstance(record, Contact | ContactEdit) else ""
            self.screen.notify(
                f"Not saved yet: {what or 'the deletion'} waits until you choose what to do "
                "with the data file.",
                severity="warning",
                timeout=8,
                markup=False,
            )
            return
        if isinstance(record, Contact | ContactEdit):
            name = clean_line(record.name)
            text = f"Could not save {name}: {error}. Nothing was changed; try again."
        else:
            text = f"Could not delete: {error}. Nothing was changed."
        self.screen.notify(text, severity="error", timeout=10, markup=False)
