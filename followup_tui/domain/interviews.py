"""Thank-you tasks after interviews, and talking points from the news bank (PRODUCT.md section 8).

Both are derived, never stored: a task exists for every person met at an interview until an
e-mail ``sent`` to that person is logged at or after the interview; a contact's talking points
are the news items no attempt to that contact has recorded as shared (``news_ids``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import quote

from followup_tui.domain.models import Attempt, Contact, Interview, NewsItem
from followup_tui.domain.settings import DEFAULT_THANK_YOU
from followup_tui.domain.text import clean_line, clean_text

THANK_YOU_WITHIN = timedelta(hours=24)
"""A thank-you e-mail is due within 24 real hours of the interview (not a calendar day)."""

_FIELD = re.compile(r"\{(name|first_name|company|date|note)\}")


@dataclass(frozen=True, slots=True)
class ThankYouTask:
    """An e-mail owed to one person met at one interview."""

    interview: Interview
    contact: Contact
    due: datetime
    """The interview's instant plus 24 hours (UTC)."""

    @property
    def interview_id(self) -> int:
        return self.interview.id or 0

    @property
    def contact_id(self) -> int:
        return self.contact.id or 0

    def hours_left(self, now: datetime) -> float:
        """Hours until the task is due; negative once it is overdue."""
        return (self.due - now).total_seconds() / 3600

    def overdue(self, now: datetime) -> bool:
        return now > self.due

    def label(self, now: datetime) -> str:
        """``thank-you e-mail · 5h left``, ``… · 3h overdue``, from two days ``… · 12d overdue``."""
        hours = self.hours_left(now)
        if hours >= 0:
            whole = int(hours)
            left = f"{whole}h left" if whole >= 1 else f"{max(int(hours * 60), 0)} min left"
            return f"thank-you e-mail · {left}"
        late = int(-hours)
        if late >= 48:
            late_words = f"{late // 24}d overdue"
        else:
            late_words = f"{late}h overdue" if late >= 1 else "overdue"
        return f"thank-you e-mail · {late_words}"


def thanked(contact_id: int, interview: Interview, attempts: Iterable[Attempt]) -> bool:
    """Whether an e-mail ``sent`` to the contact was logged at or after the interview."""
    return any(
        a.contact_id == contact_id
        and a.channel == "email"
        and a.outcome == "sent"
        and a.at >= interview.at
        for a in attempts
    )


def thank_you_tasks(
    interviews: Mapping[int, Interview],
    contacts: Mapping[int, Contact],
    attempts_for: Callable[[int], Iterable[Attempt]],
    now: datetime,
) -> list[ThankYouTask]:
    """Open thank-you tasks, soonest due first.

    An interview still in the future owes nothing yet; a person no longer among the contacts
    (deleted) is skipped, while the interview itself stays. One task per person per interview:
    a contact listed twice in one interview owes one e-mail.
    """
    tasks: list[ThankYouTask] = []
    for interview in interviews.values():
        if interview.at > now:
            continue
        seen: set[int] = set()
        for cid in interview.contact_ids:
            contact = contacts.get(cid)
            if contact is None or cid in seen:
                continue
            seen.add(cid)
            if thanked(cid, interview, attempts_for(cid)):
                continue
            tasks.append(ThankYouTask(interview, contact, interview.at + THANK_YOU_WITHIN))
    tasks.sort(key=lambda t: (t.due, t.contact.name.casefold(), t.contact_id))
    return tasks


def interviews_of(contact_id: int, interviews: Mapping[int, Interview]) -> list[Interview]:
    """The interviews the contact was met at, newest first."""
    found = [i for i in interviews.values() if contact_id in i.contact_ids]
    found.sort(key=lambda i: (i.at, i.id or 0), reverse=True)
    return found


def first_name(name: str) -> str:
    """The first word of a name (``Dana`` of ``Dana K. Whitfield``); the name if it has one word."""
    words = name.split()
    return words[0] if words else name


def thank_you_draft(
    task: ThankYouTask, template: str = DEFAULT_THANK_YOU, zone_date: str = ""
) -> str:
    """The draft e-mail for ``task`` from ``template`` (the settings' ``thank_you_template``).

    ``zone_date`` is the interview's date as the user reads it (e.g. ``Tue 1 Dec``); the UTC date
    is used when it is empty. Only the five known fields are replaced, so a template with other
    braces (``{{``, ``{x}``, a lone ``{``) never fails.
    """
    notes_line = next((line.strip() for line in task.interview.notes.splitlines() if line), "")
    values = {
        "name": task.contact.name,
        "first_name": first_name(task.contact.name),
        "company": task.interview.company or task.contact.company,
        "date": zone_date or _day_words(task.interview.at),
        "note": notes_line,
    }
    return _FIELD.sub(lambda m: values[m.group(1)], template)


def _day_words(at: datetime) -> str:
    """``Tue 1 Dec 2026`` (no platform-specific strftime flags)."""
    return f"{at:%a} {at.day} {at:%b %Y}"


def mailto_link(address: str, draft: str) -> str:
    """A ``mailto:`` link that opens ``draft`` in the mail client.

    A first line ``Subject: …`` becomes the subject; the rest, without the blank line after it,
    is the body.
    """
    subject = ""
    body = draft
    first, _, rest = draft.partition("\n")
    if first.lower().startswith("subject:"):
        subject = first[len("subject:") :].strip()
        body = rest.lstrip("\n")
    query = []
    if subject:
        query.append("subject=" + quote(subject, safe=""))
    if body:
        query.append("body=" + quote(body, safe=""))
    link = "mailto:" + quote(address, safe="@")
    return link + ("?" + "&".join(query) if query else "")


def shared_news_ids(attempts: Iterable[Attempt]) -> set[int]:
    """Every news item recorded as shared in these attempts."""
    shared: set[int] = set()
    for attempt in attempts:
        shared.update(attempt.news_ids)
    return shared


def talking_points(news: Mapping[int, NewsItem], attempts: Iterable[Attempt]) -> list[NewsItem]:
    """The news items not yet shared with the contact whose attempts these are, newest first."""
    shared = shared_news_ids(attempts)
    points = [item for doc_id, item in news.items() if doc_id not in shared]
    points.sort(key=lambda item: (item.on, item.id or 0), reverse=True)
    return points


def nothing_new_line(contact: Contact, points: list[NewsItem], news_count: int) -> str | None:
    """The gentle line for a keep-warm contact who has heard every item in the bank."""
    if contact.status == "keep_warm" and news_count and not points:
        return "nothing new to tell them: add news with w before you call"
    return None


# -- the forms' checks (the interview form and the news bank) ---------------------------------

MAX_COMPANY = 200
MAX_NEWS = 500


def check_interview(
    *,
    company: str,
    at: str,
    contact_ids: Iterable[int],
    new_names: Iterable[str],
    notes: str,
    now: datetime,
    user_zone: str,
    interview_id: int | None = None,
) -> tuple[Interview, tuple[Contact, ...]]:
    """The interview as typed, and the people met who are new contacts (created with the
    company); ``FormErrors`` with one message per field (``company``, ``at``, ``people``,
    ``notes``) when something is wrong."""
    from followup_tui.domain.validation import MAX_NAME, MAX_NOTE, FieldError, FormErrors
    from followup_tui.domain.whentext import parse_when

    errors: dict[str, str] = {}
    company_text = clean_line(company).strip()
    if not company_text:
        errors["company"] = "the company is required"
    elif len(company_text) > MAX_COMPANY:
        errors["company"] = f"at most {MAX_COMPANY} characters"
    instant = now
    try:
        instant = parse_when(at, now, user_zone)
    except FieldError as exc:
        errors["at"] = exc.message
    ids = tuple(dict.fromkeys(contact_ids))
    names = [clean_line(n).strip() for n in new_names]
    names = list(dict.fromkeys(n for n in names if n))
    if not ids and not names:
        errors["people"] = "add the people you met (type a name, then enter)"
    elif any(len(n) > MAX_NAME for n in names):
        errors["people"] = f"a name has at most {MAX_NAME} characters"
    notes_text = clean_text(notes, multiline=True).strip()
    if len(notes_text) > MAX_NOTE:
        errors["notes"] = f"at most {MAX_NOTE} characters"
    if errors:
        raise FormErrors(errors)
    people = tuple(Contact(name=n, company=company_text, created_at=now) for n in names)
    # Whole seconds, as the file keeps it: an e-mail logged in the same second still counts.
    at_second = instant.replace(microsecond=0)
    return Interview(company_text, at_second, ids, notes_text, interview_id), people


def check_news(*, text: str, on: str, today: date, news_id: int | None = None) -> NewsItem:
    """A news item as typed: ``on`` is ``YYYY-MM-DD``, ``today`` or ``yesterday``, not in the
    future; ``FormErrors`` (``text``, ``on``) when something is wrong."""
    from followup_tui.domain.validation import FormErrors

    errors: dict[str, str] = {}
    words = clean_text(text, multiline=True).strip()
    if not words:
        errors["text"] = "write the news (e.g. passed CFA Level II)"
    elif len(words) > MAX_NEWS:
        errors["text"] = f"at most {MAX_NEWS} characters"
    day = today
    typed = clean_line(on).strip().casefold()
    if typed in ("", "today"):
        day = today
    elif typed == "yesterday":
        day = today - timedelta(days=1)
    else:
        try:
            day = date.fromisoformat(typed)
        except ValueError:
            errors["on"] = "a date like 2026-11-20 (or today, yesterday)"
        else:
            if day > today:
                errors["on"] = "news is dated today or earlier"
            elif day.year < 1900:
                errors["on"] = "a date from 1900"
    if errors:
        raise FormErrors(errors)
    return NewsItem(words, day, news_id)
