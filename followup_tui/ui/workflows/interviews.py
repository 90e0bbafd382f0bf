"""Interviews, the news bank and thank-you e-mails: their forms, their changes (through the one
change path, ``ui.changes``) and the data worker's answers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from followup_tui.domain.interviews import ThankYouTask, mailto_link, thank_you_draft
from followup_tui.domain.models import Interview, NewsItem
from followup_tui.domain.rules import local_date
from followup_tui.domain.text import clean_line
from followup_tui.domain.zones import zone
from followup_tui.ui.lazy import open_screens
from followup_tui.ui.rows import contact_row
from followup_tui.ui.text import plural

if TYPE_CHECKING:
    from followup_tui.ui.changes import Change, Record, Written
    from followup_tui.ui.screens.main import MainScreen


def is_ours(record: Record | Written | None) -> bool:
    """A record this workflow writes (the main screen hands its answers here)."""
    # Asked of a change only: ui.changes is loaded by then.
    from followup_tui.ui.changes import InterviewDeletion, InterviewSave, NewsDeletion

    return isinstance(record, InterviewSave | InterviewDeletion | NewsItem | NewsDeletion)


class InterviewFlow:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    # -- keys ------------------------------------------------------------------------------

    def record(self) -> None:
        """``i``: a new interview, with the highlighted contact already among the people met."""
        self._open_form(None)

    def edit_interview(self, interview: Interview) -> None:
        self._open_form(interview)

    def _open_form(self, interview: Interview | None) -> None:
        screen = self.screen
        ws = screen.ws
        from followup_tui.ui.screens.interview_form import InterviewForm

        form = InterviewForm(
            ws.snapshot.contacts,
            now=ws.now(),
            user_zone=ws.user_zone,
            interview=interview,
            preset=screen.selected if interview is None else None,
        )
        screen.app.push_screen(form, self._begin)

    def delete_interview(self, interview: Interview) -> None:
        iid = interview.id
        if iid is None:
            return
        people = len(interview.contact_ids)
        met = "1 person" if people == 1 else f"{people} people"
        question = (
            f"Delete the interview at {clean_line(interview.company) or 'an unnamed company'} "
            f"({met} met)?\n"
            "Its thank-you e-mails go with it; the contacts stay."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                from followup_tui.ui.changes import InterviewDeletion  # with the first one

                self._begin(InterviewDeletion(iid))

        from followup_tui.ui.screens.confirm import ConfirmScreen  # loads with its first use

        self.screen.app.push_screen(ConfirmScreen(question), answered)

    def interviews(self) -> None:
        from followup_tui.ui.screens.interviews import InterviewsScreen

        self.screen.app.push_screen(InterviewsScreen())

    def news_bank(self) -> None:
        from followup_tui.ui.screens.news_bank import NewsBankScreen

        self.screen.app.push_screen(NewsBankScreen())

    def edit_news(self, item: NewsItem | None) -> None:
        ws = self.screen.ws
        today = local_date(ws.now(), ws.user_zone)
        from followup_tui.ui.screens.news_form import NewsForm

        self.screen.app.push_screen(NewsForm(today=today, item=item), self._begin)

    def delete_news(self, item: NewsItem) -> None:
        nid = item.id
        if nid is None:
            return
        question = (
            f"Delete the news item “{clean_line(item.text)}”?\n"
            "Attempts that recorded it as shared keep their record."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                from followup_tui.ui.changes import NewsDeletion  # with the first one

                self._begin(NewsDeletion(nid))

        from followup_tui.ui.screens.confirm import ConfirmScreen  # loads with its first use

        self.screen.app.push_screen(ConfirmScreen(question), answered)

    def _begin(self, record: Record | None) -> None:
        if record is None:
            return
        self.screen.ws.changes.begin(record)
        self.screen.saver.write_soon()

    # -- thank-you drafts ------------------------------------------------------------------

    def draft(self, task: ThankYouTask) -> str:
        ws = self.screen.ws
        local = task.interview.at.astimezone(zone(ws.user_zone))
        day = f"{local:%a} {local.day} {local:%b}"
        return thank_you_draft(task, ws.snapshot.settings.thank_you_template, day)

    def copy_draft(self, task: ThankYouTask | None) -> None:
        if task is None:
            return
        self.screen.app.copy_to_clipboard(self.draft(task))
        name = clean_line(task.contact.name)
        self.screen.app.notify(f"Copied the thank-you draft for {name}", markup=False, timeout=3)

    def mail_draft(self, task: ThankYouTask | None) -> None:
        if task is None:
            return
        address = task.contact.emails[0] if task.contact.emails else ""
        self.screen.app.open_url(mailto_link(address, self.draft(task)))
        name = clean_line(task.contact.name)
        if address:
            text = f"Opened the thank-you draft to {name} in your mail client"
        else:
            text = f"{name} has no e-mail address: the draft opened without a recipient"
        self.screen.app.notify(text, markup=False, timeout=4)

    def selected_task(self) -> ThankYouTask | None:
        """The highlighted contact's soonest open thank-you e-mail (``y`` and ``m``)."""
        contact = self.screen.selected
        if contact is None or contact.id is None:
            return None
        tasks = self.screen.ws.tasks_of(contact.id)
        if not tasks:
            name = clean_line(contact.name)
            self.screen.notify(f"No thank-you e-mail is owed to {name}.", markup=False, timeout=4)
            return None
        return tasks[0]

    # -- answers of the data worker --------------------------------------------------------

    def written(self, change: Change) -> None:
        from followup_tui.ui.changes import InterviewDeletion, InterviewSave, NewsDeletion

        screen = self.screen
        ws = screen.ws
        ws.changes.written(change)
        record = change.written
        select: str | None = None
        if isinstance(record, InterviewSave) and record.interview.id is not None:
            select = f"i{record.interview.id}"
            ws.interview_saved(record.interview, record.added)
            for contact in record.added:
                screen.contact_list.update_row(
                    contact_row(contact, ws.summaries.get(contact.id or 0))
                )
            created = (
                isinstance(change.record, InterviewSave) and change.record.interview.id is None
            )
            people = plural(len(record.interview.contact_ids), "thank-you e-mail")
            company = clean_line(record.interview.company)
            if created:
                text = f"Recorded the interview at {company}: {people} to send within 24 hours"
            else:
                text = f"Saved the interview at {company}"
            screen.notify(text, markup=False, timeout=4)
        elif isinstance(record, InterviewDeletion):
            ws.interview_deleted(record.interview_id)
            screen.notify("Deleted the interview", timeout=3)
        elif isinstance(record, NewsItem) and record.id is not None:
            select = str(record.id)
            ws.news_saved(record)
            screen.notify(f"Saved “{clean_line(record.text)}”", markup=False, timeout=3)
        elif isinstance(record, NewsDeletion):
            ws.news_deleted(record.news_id)
            screen.notify("Deleted the news item", timeout=3)
        self.records_changed(select)
        screen.data_changed(force=True)

    def failed(self, change: Change, error: str) -> None:
        text = f"Could not save: {error}. Nothing was changed; try again."
        self.screen.notify(text, severity="error", timeout=10, markup=False)

    def records_changed(self, select: str | None = None) -> None:
        """Redraw the news bank and the interviews list if they are open."""
        stack = self.screen.app.screen_stack
        for open_screen in open_screens(
            stack, "followup_tui.ui.screens.record_list", "RecordListScreen"
        ):
            open_screen.records_changed(select)
