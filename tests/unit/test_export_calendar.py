"""The calendar export line by line: what a calendar app shows for each kind of contact (due
with a suggested slot, overdue by e-mail only, a next step set for a later day, answered and
waiting for a next step, closed, with a follow-up day that cannot be worked out) and for the
thank-you e-mails owed after interviews. The clock has microseconds, as a real one has.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from followup_tui.domain.models import Attempt, Contact, Interview
from followup_tui.domain.snapshot import Snapshot
from followup_tui.io.export import build_export, export_ics, ics_calendar

#: Thursday 26 November 2026, 14:05 UTC (09:05 in New York), with microseconds.
NOW = datetime(2026, 11, 26, 14, 5, 0, 654_321, tzinfo=UTC)
NY = "America/New_York"


def at(day: int, hour: int, minute: int = 0, micro: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, 0, micro, tzinfo=UTC)


def _tables() -> dict[str, dict[str, object]]:
    contacts = {
        1: Contact(
            "Ann Lee",
            company="Acme",
            phones=("+12125550134",),
            emails=("ann@acme.example",),
            timezone=NY,
            created_at=at(2, 9),
        ),
        2: Contact("Bo Chen", emails=("bo@chen.example",), created_at=at(2, 9)),
        # Paused with no day to come back: nothing scheduled, no event.
        3: Contact("Cy Diaz", company="Initrode", status="paused", created_at=at(2, 9)),
        4: Contact(
            "Di Ek", company="Globex", phones=("+12125550177",), timezone=NY, created_at=at(2, 9)
        ),
        5: Contact(
            "Ed Fu",
            company="Hooli",
            phones=("+12125550199",),
            timezone=NY,
            status="in_talks",
            next_step="Send the portfolio",
            next_step_on=NOW.date() + timedelta(days=4),
            created_at=at(2, 9),
        ),
        6: Contact("Flo Gee", company="Umbrella", status="keep_warm", created_at=at(2, 9)),
        # A next step on Saturday: no slot that day, an all-day event.
        7: Contact(
            "Gil Ho",
            phones=("+12125550142",),
            timezone=NY,
            next_step_on=NOW.date() + timedelta(days=2),
            created_at=at(2, 9),
        ),
        # Hired, no zone: his calls count for everyone's hours in the user's zone (10:xx in New
        # York, not 15:xx), and so Ann's untried slot stays the morning one.
        8: Contact("Hal Ito", status="closed", created_at=at(2, 9)),
        9: Contact("Ida Jo", created_at=at(2, 9)),
    }
    docs = {str(cid): c.to_doc() for cid, c in contacts.items()}
    # Cannot be read: no day to put in a calendar.
    docs["6"].update(cadence_days="monthly", paused_until="soon")
    attempts = [
        # Ann: voicemail on Tuesday, due two business days later (today), called before.
        Attempt(1, at(20, 15, 10), "phone", "no_answer"),
        Attempt(1, at(24, 15, 30, 250_000), "phone", "voicemail"),
        # Bo: one e-mail three weeks ago, never answered: overdue.
        Attempt(2, at(5, 16), "email", "sent"),
        Attempt(3, at(10, 16), "phone", "reached"),
        # Di replied yesterday: nobody drops out, a reminder to set a next step.
        Attempt(4, at(25, 16), "email", "replied"),
        # Ed answers on Monday mornings: his Monday's event is in that hour.
        Attempt(5, at(9, 15, 20), "phone", "reached"),
        Attempt(5, at(16, 15, 10), "phone", "reached"),
        Attempt(5, at(23, 17), "phone", "reached"),
        Attempt(6, at(3, 12), "email", "sent"),
        *(Attempt(8, at(day, 15, 20), "phone", "reached") for day in (5, 12, 19, 19)),
    ]
    interviews = [
        Interview("Initech", at(25, 15, 0, 999), (1, 2)),
        Interview("", at(24, 18), (2, 4)),
        Interview("Later Inc", NOW + timedelta(days=2), (1,)),  # not met yet: owes nothing
    ]
    attempt_docs = {str(i): a.to_doc() for i, a in enumerate(attempts, start=1)}
    # Ida's only attempt has a time that cannot be read: when is she due?
    attempt_docs["40"] = {"contact_id": 9, "at": "last week", "channel": "phone", "outcome": "busy"}
    return {
        "contacts": docs,
        "attempts": attempt_docs,
        "interviews": {str(i): v.to_doc() for i, v in enumerate(interviews, start=1)},
    }


def _lines(data: bytes) -> list[str]:
    """The calendar's content lines, unfolded (RFC 5545 folds lines longer than 75 octets);
    each line of a description (``\\n`` in the file) on a line of its own, indented."""
    text = data.decode("utf-8").replace("\r\n ", "")
    return text.replace("\\n", "\r\n  ").split("\r\n")


def test_calendar_of_every_kind_of_contact_and_thank_you_task():
    skipped: list[str] = []
    cal = ics_calendar(Snapshot.from_tables(_tables()), NY, NOW, skipped)
    assert skipped == SKIPPED
    assert _lines(cal.to_ical()) == EXPECTED


def test_build_export_of_the_calendar_counts_events_and_to_dos():
    exported = build_export(Snapshot.from_tables(_tables()), "ics", NY, NOW)
    assert exported.counts == "5 events, 4 to-dos"
    assert _lines(exported.data) == EXPECTED
    assert exported.skipped == tuple(SKIPPED)


def test_export_ics_writes_the_calendar_in_the_zone_asked_for():
    # Not the machine's zone (the tests run in New York's): 00:05 on Friday in Tokyo, still
    # Thursday in New York, where the contacts are.
    skipped: list[str] = []
    data = export_ics(
        Snapshot.from_tables(_tables()), "Asia/Tokyo", NOW + timedelta(hours=1), skipped
    )
    assert skipped == SKIPPED
    assert [line for line in _lines(data) if line.startswith(("SUMMARY:", "DTSTART", "  try"))][
        :12
    ] == [
        "SUMMARY:Follow up: Ann Lee (Acme)",
        "DTSTART:20261126T220000Z",
        "  try late in the day: never tried (Thu 17:00–18:00 ET)",
        "SUMMARY:Follow up: Bo Chen",
        "DTSTART;VALUE=DATE:20261127",
        "SUMMARY:Set a next step: Di Ek (Globex)",
        "DTSTART;VALUE=DATE:20261127",
        "SUMMARY:Follow up: Ed Fu (Hooli)",
        "DTSTART;VALUE=DATE:20261130",
        "SUMMARY:Follow up: Gil Ho",
        "DTSTART:20261127T220000Z",
        "  try late in the day: never tried (Fri 17:00–18:00 ET)",
    ]


SKIPPED = [
    "contact 6 (Flo Gee): no calendar event; its follow-up day depends on cadence_days, "
    "paused_until, which cannot be read",
    "contact 9 (Ida Jo): no calendar event; its follow-up day depends on attempt 40 at, "
    "which cannot be read",
]


EXPECTED: list[str] = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//followup-tui//follow-ups//EN",
    "CALSCALE:GREGORIAN",
    "X-WR-CALNAME:followup-tui follow-ups",
    "BEGIN:VEVENT",
    "SUMMARY:Follow up: Ann Lee (Acme)",
    "DTSTART:20261126T140500Z",
    "DTEND:20261126T150000Z",
    "DTSTAMP:20261126T140500Z",
    "UID:followup-1@followup-tui",
    "SEQUENCE:2",
    "CATEGORIES:followup-tui",
    "DESCRIPTION:2 attempts · 6 days silent",
    "  Due today.",
    "  try Thu 09:00–10:00 ET: never tried",
    "  Next: phone",
    "  Phone: +1 212-555-0134",
    "  E-mail: ann@acme.example",
    "LAST-MODIFIED:20261124T153000Z",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "SUMMARY:Follow up: Bo Chen",
    "DTSTART;VALUE=DATE:20261126",
    "DTEND;VALUE=DATE:20261127",
    "DTSTAMP:20261126T140500Z",
    "UID:followup-2@followup-tui",
    "SEQUENCE:1",
    "CATEGORIES:followup-tui",
    "DESCRIPTION:1 attempt · 21 days silent",
    "  12 business days overdue.",
    "  Next: e-mail",
    "  E-mail: bo@chen.example",
    "LAST-MODIFIED:20261105T160000Z",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "SUMMARY:Set a next step: Di Ek (Globex)",
    "DTSTART;VALUE=DATE:20261126",
    "DTEND;VALUE=DATE:20261127",
    "DTSTAMP:20261126T140500Z",
    "UID:followup-4@followup-tui",
    "SEQUENCE:1",
    "CATEGORIES:followup-tui",
    "DESCRIPTION:1 attempt · replied 1 day ago · needs a next step",
    "  Needs a next step.",
    "  Next: phone",
    "  Phone: +1 212-555-0177",
    "LAST-MODIFIED:20261125T160000Z",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "SUMMARY:Follow up: Ed Fu (Hooli)",
    "DTSTART:20261130T150000Z",
    "DTEND:20261130T160000Z",
    "DTSTAMP:20261126T140500Z",
    "UID:followup-5@followup-tui",
    "SEQUENCE:3",
    "CATEGORIES:followup-tui",
    "DESCRIPTION:3 attempts · reached 3 days ago",
    "  Due Mon 30 Nov.",
    "  Next step: Send the portfolio",
    "  try Mon 10:00–11:00 ET (reached 2 of 2)",
    "  Next: phone",
    "  Phone: +1 212-555-0199",
    "LAST-MODIFIED:20261123T170000Z",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "SUMMARY:Follow up: Gil Ho",
    "DTSTART;VALUE=DATE:20261128",
    "DTEND;VALUE=DATE:20261129",
    "DTSTAMP:20261126T140500Z",
    "UID:followup-7@followup-tui",
    "SEQUENCE:0",
    "CATEGORIES:followup-tui",
    "DESCRIPTION:no attempts yet",
    "  Due Sat 28 Nov.",
    "  Next: phone",
    "  Phone: +1 212-555-0142",
    "END:VEVENT",
    "BEGIN:VTODO",
    "CATEGORIES:followup-tui",
    "DESCRIPTION:Interview",
    "  E-mail: bo@chen.example",
    "DTSTAMP:20261126T140500Z",
    "DTSTART:20261124T180000Z",
    "DUE:20261125T180000Z",
    "STATUS:NEEDS-ACTION",
    "SUMMARY:Thank-you e-mail: Bo Chen",
    "UID:thank-you-2-2@followup-tui",
    "END:VTODO",
    "BEGIN:VTODO",
    "CATEGORIES:followup-tui",
    "DESCRIPTION:Interview at Globex",
    "DTSTAMP:20261126T140500Z",
    "DTSTART:20261124T180000Z",
    "DUE:20261125T180000Z",
    "STATUS:NEEDS-ACTION",
    "SUMMARY:Thank-you e-mail: Di Ek (Globex)",
    "UID:thank-you-2-4@followup-tui",
    "END:VTODO",
    "BEGIN:VTODO",
    "CATEGORIES:followup-tui",
    "DESCRIPTION:Interview at Initech",
    "  E-mail: ann@acme.example",
    "DTSTAMP:20261126T140500Z",
    "DTSTART:20261125T150000Z",
    "DUE:20261126T150000Z",
    "STATUS:NEEDS-ACTION",
    "SUMMARY:Thank-you e-mail: Ann Lee (Initech)",
    "UID:thank-you-1-1@followup-tui",
    "END:VTODO",
    "BEGIN:VTODO",
    "CATEGORIES:followup-tui",
    "DESCRIPTION:Interview at Initech",
    "  E-mail: bo@chen.example",
    "DTSTAMP:20261126T140500Z",
    "DTSTART:20261125T150000Z",
    "DUE:20261126T150000Z",
    "STATUS:NEEDS-ACTION",
    "SUMMARY:Thank-you e-mail: Bo Chen (Initech)",
    "UID:thank-you-1-2@followup-tui",
    "END:VTODO",
    "END:VCALENDAR",
    "",
]
