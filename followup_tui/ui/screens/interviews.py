"""The interviews list (``I``): every interview, newest first, with the thank-you e-mails still
owed under it. ``enter``/``e`` edits the interview, ``delete`` deletes it after asking; on a
task line ``y`` copies its draft and ``m`` opens it in the mail client."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from followup_tui.domain.interviews import ThankYouTask
from followup_tui.domain.models import Interview
from followup_tui.domain.text import clean_line
from followup_tui.domain.zones import zone
from followup_tui.ui.screens.record_list import RecordListScreen


class InterviewsScreen(RecordListScreen):
    TITLE_TEXT = "Interviews · newest first, with the thank-you e-mails still owed"
    HINT_TEXT = (
        "enter or e edit · delete removes (asks first) · "
        "on a ✉ line: y copy the draft · m open in mail · esc back"
    )
    EMPTY_TEXT = "No interviews yet. Press i on the main screen to record one."
    BINDINGS = [
        Binding("e", "edit", "Edit"),
        Binding("delete", "delete", "Delete"),
        Binding("y", "copy_draft", "Copy draft"),
        Binding("m", "mail_draft", "Mail draft"),
    ]

    def options(self) -> list[Option]:
        ws = self.ws
        now = ws.now()
        tz = zone(ws.user_zone)
        tasks: dict[int, list[ThankYouTask]] = {}
        for task in ws.thank_you_tasks():
            tasks.setdefault(task.interview_id, []).append(task)
        options: list[Option] = []
        for interview in ws.interviews_newest_first():
            iid = interview.id or 0
            local = interview.at.astimezone(tz)
            people = [ws.contact(c) for c in interview.contact_ids]
            names = ", ".join(clean_line(p.name) for p in people if p is not None)
            line = Content.assemble(
                (f"{local:%a %d %b %Y %H:%M}  ", "dim"),
                (clean_line(interview.company) or "(no company)", "bold"),
                f" · {names}" if names else " · nobody (their contacts were deleted)",
            )
            options.append(Option(line, id=f"i{iid}"))
            for task in tasks.get(iid, []):
                style = "bold red" if task.overdue(now) else "bold yellow"
                label = Content.assemble(
                    "    ✉ ", clean_line(task.contact.name), " · ", (task.label(now), style)
                )
                options.append(Option(label, id=f"t{iid}-{task.contact_id}"))
        return options

    @property
    def selected_interview(self) -> Interview | None:
        key = self.highlighted_key or ""
        digits = key[1:].split("-")[0]
        return self.ws.snapshot.interviews.get(int(digits)) if digits.isdigit() else None

    @property
    def selected_task(self) -> ThankYouTask | None:
        key = self.highlighted_key or ""
        if not key.startswith("t"):
            return None
        for task in self.ws.thank_you_tasks():
            if key == f"t{task.interview_id}-{task.contact_id}":
                return task
        return None

    def action_edit(self) -> None:
        interview = self.selected_interview
        if interview is not None:
            self.flow.edit_interview(interview)

    def action_delete(self) -> None:
        interview = self.selected_interview
        if interview is not None:
            self.flow.delete_interview(interview)

    def action_copy_draft(self) -> None:
        task = self.selected_task
        if task is None:
            self.notify("Move to a ✉ line (a thank-you e-mail) to copy its draft.", timeout=4)
            return
        self.flow.copy_draft(task)

    def action_mail_draft(self) -> None:
        task = self.selected_task
        if task is None:
            self.notify("Move to a ✉ line (a thank-you e-mail) to open its draft.", timeout=4)
            return
        self.flow.mail_draft(task)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()
