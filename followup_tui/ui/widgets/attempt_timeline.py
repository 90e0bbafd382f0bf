"""The timeline of the highlighted contact: attempts and interviews, newest first.

Each entry shows the time in the contact's zone (and the user's, when it differs), the outcome,
the channel, the caller ID, the duration and the note. Attempts not yet confirmed on disk are
marked ``saving…`` or ``unsaved``. Everything is built as ``rich.text.Text`` from plain
strings, so names and notes never act as markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from followup_tui.analytics.reachability import zone_abbreviation
from followup_tui.domain.interviews import ThankYouTask
from followup_tui.domain.models import Attempt, Contact, Interview, NewsItem
from followup_tui.domain.rules import (
    ContactSummary,
    attempt_numbers,
    day_words,
    local_date,
    monthly_adherence,
)
from followup_tui.domain.text import clean_line, clean_text
from followup_tui.domain.vocab import CHANNEL_LABELS, OUTCOME_LABELS, STATUS_LABELS
from followup_tui.domain.zones import zone
from followup_tui.ui.change_state import State
from followup_tui.ui.widgets.line_view import LineStrips, resize_scrollable

OUTCOME_STYLES: dict[str, str] = {
    "reached": "bold green",
    "replied": "bold green",
    "met": "bold green",
    "voicemail": "yellow",
    "sent": "cyan",
    "wrong_number": "red",
}
#: The newest talking points the timeline lists (the rest are counted).
TALKING_POINTS_SHOWN = 3
PENDING_MARKS: dict[str, tuple[str, str]] = {
    State.SAVING: ("saving…", "italic yellow"),
    State.UNSAVED: ("unsaved — retrying (r: retry now)", "bold red"),
}


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One attempt on the timeline, with its save state (None once it is on disk)."""

    attempt: Attempt
    state: str | None = None


def duration_text(seconds: int | None) -> str:
    if not seconds or seconds <= 0:
        return ""
    minutes, secs = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours}h {minutes:02d}m"
    if minutes:
        return f"{minutes}m {secs:02d}s"
    return f"{secs}s"


def when_text(at: datetime, contact_zone: str, user_zone: str, year: int) -> Text:
    """``Thu 26 Nov 09:05 ET`` in the contact's zone, then ``· you 14:05 GMT`` if different.

    The year is shown when it is not ``year`` (the current one).
    """
    theirs_tz = zone(contact_zone)
    theirs = at.astimezone(theirs_tz)
    pattern = "%a %d %b %H:%M" if theirs.year == year else "%a %d %b %Y %H:%M"
    text = Text()
    text.append(f"{theirs.strftime(pattern)} {zone_abbreviation(theirs_tz, at)}", "bold")
    if contact_zone != user_zone:
        mine_tz = zone(user_zone)
        mine = at.astimezone(mine_tz)
        day = "" if mine.date() == theirs.date() else mine.strftime("%a ")
        mine_text = f"{day}{mine.strftime('%H:%M')} {zone_abbreviation(mine_tz, at)}"
        text.append(f" · you {mine_text}", "dim")
    return text


def _note_lines(note: str) -> list[Text]:
    text = clean_text(note, multiline=True)
    return [Text("  " + line, "italic") for line in text.splitlines()] if text else []


@lru_cache(maxsize=8192)
def _attempt_lines(
    attempt: Attempt,
    state: str | None,
    contact_zone: str,
    user_zone: str,
    year: int,
    number: int = 0,
) -> tuple[Text, ...]:
    """The lines of one attempt (``number``: its place in the contact's history, "#18").
    Cached: a contact with hundreds of attempts is redrawn after each new one, and only the
    new one needs building. The Texts are never changed."""
    when = Text(f"#{number} ", "dim") if number else Text()
    when.append_text(when_text(attempt.at, contact_zone, user_zone, year))
    if state in PENDING_MARKS:
        mark, style = PENDING_MARKS[state]
        when.append("  ")
        when.append(mark, style)
    what = Text("  ")
    outcome = OUTCOME_LABELS.get(attempt.outcome, attempt.outcome)
    what.append(outcome, OUTCOME_STYLES.get(attempt.outcome, ""))
    details = [CHANNEL_LABELS.get(attempt.channel, attempt.channel)]
    if attempt.channel == "phone" and attempt.caller_id:
        details.append(f"caller ID {attempt.caller_id}")
    duration = duration_text(attempt.duration_s)
    if duration:
        details.append(duration)
    what.append(" · " + " · ".join(details))
    return (when, what, *_note_lines(attempt.note))


def _interview_lines(
    interview: Interview, contact_zone: str, user_zone: str, year: int
) -> tuple[Text, ...]:
    when = when_text(interview.at, contact_zone, user_zone, year)
    what = Text("  ")
    what.append("interview", "bold magenta")
    company = clean_line(interview.company)
    if company:
        what.append(" · " + company)
    return (when, what, *_note_lines(interview.notes))


def timeline_lines(
    contact: Contact,
    summary: ContactSummary | None,
    entries: Sequence[TimelineEntry],
    interviews: Iterable[Interview],
    *,
    contact_zone: str,
    user_zone: str,
    now: datetime,
    tasks: Sequence[ThankYouTask] = (),
    talking_points: Sequence[NewsItem] = (),
    nothing_new: str | None = None,
) -> list[Text]:
    """The timeline of one contact, one ``Text`` per line (not yet wrapped to a width).

    ``tasks``: the contact's open thank-you e-mails (``y`` copies the draft, ``m`` opens it);
    ``talking_points``: news not yet shared with them, newest first; ``nothing_new``: the
    keep-warm line when they have heard everything."""
    heading = Text()
    heading.append(clean_line(contact.name), "bold")
    about = [clean_line(x) for x in (contact.title, contact.company) if clean_line(x)]
    if about:
        heading.append(" · " + " · ".join(about))
    tz = zone(contact_zone)
    state = Text(
        f"their time {now.astimezone(tz).strftime('%a %H:%M')} {zone_abbreviation(tz, now)}",
        style="dim",
    )
    if contact.status != "pursuing":  # the list may have no room for its status column
        state.append(" · " + STATUS_LABELS.get(contact.status, contact.status), "dim")
    if summary is not None:
        state.append(" · " + summary.label, "dim")
    lines = [heading, state]
    today = local_date(now, user_zone)
    if contact.next_step_on is not None and summary is not None and not summary.needs_next_step:
        step = Text(f"next step {day_words(contact.next_step_on, today)}", "bold")
        if contact.next_step:
            step.append(": " + clean_line(contact.next_step))
        lines.append(step)
    if contact.status == "keep_warm":
        adherence = monthly_adherence((e.attempt.at for e in entries), user_zone, now)
        if adherence is not None:
            lines.append(Text(f"keep warm: {adherence.text}", "dim"))
    for task in tasks:
        style = "bold red" if task.overdue(now) else "bold yellow"
        line = Text("✉ ")
        line.append(task.label(now), style)
        company = clean_line(task.interview.company)
        if company:
            line.append(f" · interview at {company}")
        line.append("  (y copy draft · m open in mail)", "dim")
        lines.append(line)
    if talking_points:
        lines.append(Text("talking points (not yet shared with them):", "bold"))
        for item in talking_points[:TALKING_POINTS_SHOWN]:
            point = Text(f"  • {item.on:%d %b %Y} ", "dim")
            point.append(clean_line(item.text))
            lines.append(point)
        more = len(talking_points) - TALKING_POINTS_SHOWN
        if more > 0:
            lines.append(Text(f"  … and {more} more (w: the news bank)", "dim"))
    elif nothing_new:
        lines.append(Text(nothing_new, "dim italic"))
    year = now.astimezone(zone(user_zone)).year
    dated: list[tuple[datetime, int, tuple[Text, ...]]] = []
    numbers = attempt_numbers([entry.attempt for entry in entries])
    for entry, number in zip(entries, numbers, strict=True):
        body = _attempt_lines(entry.attempt, entry.state, contact_zone, user_zone, year, number)
        dated.append((entry.attempt.at, 1 if entry.state else 0, body))
    for interview in interviews:
        dated.append((interview.at, 0, _interview_lines(interview, contact_zone, user_zone, year)))
    if not dated:
        lines += [Text(), Text("No attempts yet. Press l to log a call or an e-mail.", "italic")]
        return lines
    dated.sort(key=lambda item: (item[0], item[1]), reverse=True)
    blank = Text()
    for _, _, body in dated:
        lines.append(blank)
        lines.extend(body)
    return lines


#: Where a line prefers to break: between its parts ("3 attempts · reached today").
PART = " · "


def wrap_line(line: Text, console: Console, width: int) -> list[Text]:
    """``line`` in lines of at most ``width`` cells: continuation lines indent under their
    entry (a note's lines stay right of its attempt; a header's go two cells in), and a line
    breaks between its `` · `` parts before it breaks inside one, and never inside a word
    that fits on a line of its own."""
    plain = line.plain
    indent = len(plain) - len(plain.lstrip(" "))
    more = indent or 2
    if width - more < 12:  # too narrow to indent usefully
        indent = more = 0
    out: list[Text] = []
    rest = line[indent:]
    first = True
    while rest.plain:
        pad = indent if first else more
        room = width - pad
        if rest.cell_len <= room:
            piece, rest = rest, Text()
        else:
            cut = _part_break(rest.plain, room)
            if cut is None:
                wrapped = rest.wrap(console, room, overflow="fold")
                piece = wrapped[0]
                rest = rest[len(piece.plain) :]
                rest = rest[len(rest.plain) - len(rest.plain.lstrip(" ")) :]
            else:
                piece, rest = rest[:cut], rest[cut + len(PART) :]
        out.append(Text(" " * pad).append_text(piece) if pad else piece)
        first = False
    return out or [Text()]


def _part_break(plain: str, room: int) -> int | None:
    """The last `` · `` at which ``plain`` can break so that its start fits ``room`` cells."""
    best = None
    at = plain.find(PART)
    while at != -1 and cell_len(plain[:at]) <= room:
        best = at
        at = plain.find(PART, at + 1)
    return best if best else None


class AttemptTimeline(ScrollView, can_focus=True):
    """The highlighted contact's attempts and interviews, newest first.

    A line-API widget: a contact with hundreds of attempts costs only the lines on screen.
    """

    BINDINGS = [
        Binding("up,k", "scroll_up", "Scroll up", show=False),
        Binding("down,j", "scroll_down", "Scroll down", show=False),
        Binding("home", "scroll_home", "Newest", show=False),
        Binding("end", "scroll_end", "Oldest", show=False),
    ]

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,  # noqa: A002 - Textual's parameter name
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._logical: list[Text] = []
        self._lines: list[Text] = []
        self._wrapped_for = -1
        self._strips = LineStrips(self)

    def show(self, lines: list[Text]) -> None:
        """Show ``lines`` from the top."""
        self._logical = lines
        self._wrapped_for = -1
        self._layout_lines()
        self.scroll_to(y=0, animate=False, force=True)

    def show_nothing(self, message: str = "Select a contact to see their attempts.") -> None:
        self.show([Text(message, style="italic")])

    @property
    def plain_text(self) -> str:
        """What the timeline shows, as plain text (for tests and screen readers)."""
        return "\n".join(line.plain for line in self._logical)

    def _layout_lines(self) -> None:
        width = max(1, self.scrollable_content_region.width)
        if width == self._wrapped_for:
            return
        console = self.app.console
        lines: list[Text] = []
        for line in self._logical:
            if line.cell_len <= width:
                lines.append(line)
            else:
                lines.extend(wrap_line(line, console, width))
        self._lines = lines
        self._wrapped_for = width
        self._strips.clear()
        # Another contact's timeline is another height: no layout of the whole screen for it.
        resize_scrollable(self, Size(width, len(lines)))
        self.refresh()

    def on_resize(self) -> None:
        self._layout_lines()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.restyle()

    def render_line(self, y: int) -> Strip:
        index = round(self.scroll_y) + y
        return self._strips.strip(self._lines, index, self.scrollable_content_region.width)
