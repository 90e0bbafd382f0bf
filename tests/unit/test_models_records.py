"""Attempts, interviews, news items and contacts read from the data file (domain/models): a
record without the value it cannot do without is kept aside with the reason; a bad value
elsewhere is reported and ignored, the record kept."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from followup_tui.domain.models import (
    Attempt,
    Contact,
    Interview,
    NewsItem,
    doc_id_of,
    parse_instant,
)
from followup_tui.domain.problems import Problem, UnusableRecord


def _unusable(read, doc, doc_id=None):  # type: ignore[no-untyped-def]
    with pytest.raises(UnusableRecord) as caught:
        read(doc, doc_id, [])
    return caught.value.problem


def test_an_interview_without_a_time_is_kept_aside_saying_so():
    assert _unusable(Interview.from_doc, {"company": "Acme"}, 5) == Problem(
        "interviews", "5", "at", None, "is missing"
    )
    assert _unusable(Interview.from_doc, {"company": "Acme", "at": "soon"}, 5) == Problem(
        "interviews", "5", "at", "soon", "is not a date-time (ISO 8601)"
    )
    # A record not yet in a table (an import) has no id to name.
    assert _unusable(Interview.from_doc, {"company": "Acme"}).key == ""
    assert str(_unusable(Interview.from_doc, {}, 5)) == "interview 5: at is missing, ignored"


def test_an_interview_with_bad_contact_ids_is_kept_without_them():
    problems: list[Problem] = []
    doc = {"company": "Acme", "at": "2026-11-20T15:00:00+00:00", "contact_ids": [2, 0]}
    interview = Interview.from_doc(doc, 5, problems)
    assert interview == Interview("Acme", datetime(2026, 11, 20, 15, tzinfo=UTC), (), "", id=5)
    assert problems == [
        Problem(
            "interviews",
            "5",
            "contact_ids",
            [2, 0],
            "holds values that are not ids (whole numbers from 1)",
        )
    ]


def test_a_news_item_without_a_day_is_kept_aside_saying_so():
    assert _unusable(NewsItem.from_doc, {"text": "Series B"}, 4) == Problem(
        "news", "4", "on", None, "is missing"
    )
    assert _unusable(NewsItem.from_doc, {"text": "Series B", "on": "someday"}, 4) == Problem(
        "news", "4", "on", "someday", "is not a date (YYYY-MM-DD)"
    )


def test_a_news_item_keeps_its_lines_and_reports_text_that_is_not_text():
    item = NewsItem.from_doc({"text": "Raised\nseries B", "on": "2026-11-20"}, 4)
    assert item == NewsItem("Raised\nseries B", date(2026, 11, 20), id=4)
    problems: list[Problem] = []
    blank = NewsItem.from_doc({"text": 5, "on": "2026-11-20"}, 4, problems)
    assert blank == NewsItem("", date(2026, 11, 20), id=4)
    assert problems == [Problem("news", "4", "text", 5, "is not text")]


def test_an_attempt_whose_contact_is_not_an_id_is_kept_aside_saying_why():
    at = "2026-11-20T15:00:00+00:00"
    assert _unusable(Attempt.from_doc, {"contact_id": "7", "at": at}, 9) == Problem(
        "attempts", "9", "contact_id", "7", "is not an id (a whole number from 1)"
    )
    assert _unusable(Attempt.from_doc, {"at": at}, 9) == Problem(
        "attempts", "9", "contact_id", None, "is missing"
    )


def test_a_record_without_an_id_reports_its_problems_without_one():
    # An imported record is checked before it has an id in the file.
    problems: list[Problem] = []
    contact = Contact.from_doc({"name": "Ann Lee", "tags": 5}, None, problems)
    assert contact.tags == ()
    assert problems == [Problem("contacts", "", "tags", 5, "is not a list")]


def test_a_whole_number_written_with_a_decimal_point_is_read_as_that_number():
    # Another tool may write 45.0 for 45: it is the same number of days.
    problems: list[Problem] = []
    contact = Contact.from_doc({"name": "Ann Lee", "cadence_days": 45.0}, 3, problems)
    assert contact.cadence_days == 45
    assert problems == []


def test_a_float_too_large_to_be_exact_is_not_a_whole_number():
    # From 2**53 on a float no longer holds every whole number: it is not read as one.
    problems: list[Problem] = []
    contact = Contact.from_doc({"name": "Ann Lee", "cadence_days": 2.0**53}, 3, problems)
    assert contact.cadence_days == 30
    assert problems == [
        Problem("contacts", "3", "cadence_days", 2.0**53, "is not a whole number", 3)
    ]
    problems.clear()
    Contact.from_doc({"name": "Ann Lee", "cadence_days": 2.0**53 - 1}, 3, problems)
    assert problems == [Problem("contacts", "3", "cadence_days", 2.0**53 - 1, "is out of range", 3)]


@pytest.mark.parametrize(
    ("key", "doc_id"),
    [
        ("12", 12),
        ("1", 1),
        ("012", None),  # not a plain id: kept aside rather than read as record 12
        ("0", None),
        ("-3", None),
        ("1.5", None),
        ("\uff11\uff12", None),  # full-width digits
        (12, 12),
        (1, 1),
        (0, None),
        (-3, None),
        (2.0, None),
        (True, None),
        (None, None),
    ],
)
def test_only_a_plain_whole_number_from_1_is_a_record_id(key, doc_id):
    assert doc_id_of(key) == doc_id


NOT_A_DATE = "is not a date (YYYY-MM-DD)"
NOT_AN_INSTANT = "is not a date-time (ISO 8601)"
NOV_20_15H_UTC = datetime(2026, 11, 20, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("field", "written", "read", "reason"),
    [
        ("phones", "+12125550123", ("+12125550123",), None),  # one number, not in a list
        ("phones", "  ", (), None),
        ("phones", ["+12125550123", " ", "\x1b[2J"], ("+12125550123",), None),
        ("phones", ["+12125550123", 5], (), "holds values that are not text"),
        ("tags", {"a": 1}, (), "is not a list"),
        ("next_step_on", "2026-12-25T10:00:00", date(2026, 12, 25), None),
        ("next_step_on", date(2026, 12, 25), date(2026, 12, 25), None),
        ("next_step_on", datetime(2026, 12, 25), None, NOT_A_DATE),
        ("next_step_on", "Christmas", None, NOT_A_DATE),
        ("next_step_on", 5, None, NOT_A_DATE),
        ("next_step_on", "1899-12-31", None, "is out of range"),
        ("next_step_on", "1900-01-01", date(1900, 1, 1), None),
        ("next_step_on", "2200-12-31", date(2200, 12, 31), None),
        ("next_step_on", "2201-01-01", None, "is out of range"),
        ("paused_until", "", None, None),
        ("created_at", "2026-11-20T15:00:00Z", NOV_20_15H_UTC, None),
        ("created_at", "2026-11-20T10:00:00-05:00", NOV_20_15H_UTC, None),
        ("created_at", "2026-11-20T15:00:00", NOV_20_15H_UTC, None),  # no offset: UTC
        ("created_at", " 2026-11-20T15:00:00Z ", NOV_20_15H_UTC, None),
        ("created_at", "", None, None),
        ("created_at", 5, None, NOT_AN_INSTANT),
        ("created_at", "yesterday", None, NOT_AN_INSTANT),
        ("created_at", "1899-12-31T23:59:59+00:00", None, "is out of range"),
        ("created_at", "1900-01-01T00:00:00+00:00", datetime(1900, 1, 1, tzinfo=UTC), None),
        (
            "created_at",
            "2200-12-31T23:59:59+00:00",
            datetime(2200, 12, 31, 23, 59, 59, tzinfo=UTC),
            None,
        ),
        ("created_at", "2201-01-01T00:00:00+00:00", None, "is out of range"),
        ("timezone", "  ", None, None),
        ("timezone", " Europe/Paris ", "Europe/Paris", None),
        ("timezone", "Mars/Base", None, "is not a known time zone"),
        ("timezone", 5, None, "is not text"),
        (
            "status",
            "gone",
            "pursuing",
            "is not one of closed, in_talks, keep_warm, paused, pursuing",
        ),
        ("cadence_days", 0, 30, "is out of range"),
        ("cadence_days", 1, 1, None),
        ("cadence_days", 3650, 3650, None),
        ("cadence_days", 3651, 30, "is out of range"),
        ("cadence_days", "30", 30, "is not a whole number"),
        ("name", 5, "(no name)", "is not text"),
        ("closed_reason", "hired", "hired", None),
        ("company", "Acme\nCorp", "Acme Corp", None),  # a one-line field
        ("notes", "Met at\nthe fair", "Met at\nthe fair", None),
        ("closed_reason", "", None, None),
    ],
)
def test_each_value_of_a_contact_is_read_or_ignored_saying_why(field, written, read, reason):
    problems: list[Problem] = []
    contact = Contact.from_doc({"name": "Ann Lee", field: written}, 3, problems)
    assert getattr(contact, field) == read
    expected = [] if reason is None else [Problem("contacts", "3", field, written, reason, 3)]
    assert problems == expected


def test_a_new_contact_is_stored_with_the_documented_fields_only():
    assert Contact("Ann Lee").to_doc() == {
        "name": "Ann Lee",
        "company": "",
        "title": "",
        "phones": [],
        "emails": [],
        "timezone": None,
        "status": "pursuing",
        "cadence_days": 30,
        "tags": [],
        "notes": "",
        "linkedin_url": "",
        "created_at": None,
    }


def test_a_date_time_object_given_by_an_import_is_read_as_the_same_instant_in_utc():
    new_york = timezone(timedelta(hours=-5))
    assert parse_instant(datetime(2026, 11, 20, 10, tzinfo=new_york)) == NOV_20_15H_UTC
    assert parse_instant(datetime(2026, 11, 20, 15)) == NOV_20_15H_UTC  # no zone: UTC
    problems: list[Problem] = []
    doc = {"contact_id": 1, "at": datetime(2026, 11, 20, 10, tzinfo=new_york)}
    assert Attempt.from_doc(doc, 4, problems).at == NOV_20_15H_UTC
    assert problems == []


def test_ids_that_are_not_in_a_list_are_ignored_saying_so():
    problems: list[Problem] = []
    doc = {"company": "Acme", "at": "2026-11-20T15:00:00+00:00", "contact_ids": 2}
    assert Interview.from_doc(doc, 5, problems).contact_ids == ()
    assert problems == [Problem("interviews", "5", "contact_ids", 2, "is not a list")]
    problems.clear()
    doc = {"contact_id": 1, "at": "2026-11-20T15:00:00+00:00", "news_ids": "3"}
    assert Attempt.from_doc(doc, 4, problems).news_ids == ()
    assert problems == [Problem("attempts", "4", "news_ids", "3", "is not a list", 1)]


@pytest.mark.parametrize(
    ("at", "reason"),
    [
        (None, "is missing"),
        ("", "is missing"),
        ("soon", NOT_AN_INSTANT),
        (5, NOT_AN_INSTANT),
        ("1899-12-31T23:59:59+00:00", "is out of range"),
        ("2201-01-01T00:00:00+00:00", "is out of range"),
    ],
)
def test_an_attempt_without_a_usable_time_is_kept_aside_saying_why(at, reason):
    doc = {"contact_id": 1, "at": at} if at is not None else {"contact_id": 1}
    assert _unusable(Attempt.from_doc, doc, 9) == Problem("attempts", "9", "at", at, reason, 1)


@pytest.mark.parametrize(
    ("at", "read"),
    [
        ("2026-11-20T10:00:00-05:00", NOV_20_15H_UTC),
        ("2026-11-20T15:00:00+00:00", NOV_20_15H_UTC),
        ("1900-01-01T00:00:00+00:00", datetime(1900, 1, 1, tzinfo=UTC)),
        ("2200-12-31T23:59:59+00:00", datetime(2200, 12, 31, 23, 59, 59, tzinfo=UTC)),
    ],
)
def test_an_attempts_time_is_read_in_utc(at, read):
    attempt = Attempt.from_doc({"contact_id": 1, "at": at}, 9, [])
    assert attempt.at == read
    assert attempt.at.tzinfo is UTC  # stored and compared as UTC, whatever offset was written
    assert attempt.to_doc()["at"] == read.isoformat()


CHANNEL_CHOICES = "is not one of email, in_person, linkedin, phone, sms"


@pytest.mark.parametrize(
    ("field", "written", "read", "reason"),
    [
        ("channel", "fax", "phone", CHANNEL_CHOICES),
        ("channel", 5, "phone", CHANNEL_CHOICES),
        (
            "outcome",
            "won",
            "no_answer",
            "is not one of busy, gatekeeper, met, no_answer, reached, replied, sent, voicemail,"
            " wrong_number",
        ),
        ("caller_id", "maybe", None, "is not one of hidden, shown"),
        ("caller_id", 1, None, "is not one of hidden, shown"),
        ("caller_id", "shown", "shown", None),
        ("duration_s", -1, None, "is out of range"),
        ("duration_s", 0, 0, None),
        ("duration_s", 86400, 86400, None),  # a whole day, the longest
        ("duration_s", 86401, None, "is out of range"),
        ("duration_s", 12.0, 12, None),
        ("duration_s", 0.0, 0, None),
        ("duration_s", "60", None, "is not a whole number"),
        ("note", 5, "", "is not text"),
        ("note", None, "", None),
        ("note", "left a message\ncall back Friday", "left a message\ncall back Friday", None),
        ("news_ids", [1, 0], (), "holds values that are not ids (whole numbers from 1)"),
        ("news_ids", [3, 1], (3, 1), None),
    ],
)
@pytest.mark.parametrize("complete", [False, True], ids=["sparse", "complete"])
def test_each_value_of_an_attempt_is_read_or_ignored_saying_why(
    field, written, read, reason, complete
):
    # Sparse: only the fields a hand edit must give. Complete: every other field holds a good
    # value, as the app writes them, so the bad one is the first and only problem found.
    problems: list[Problem] = []
    doc = {"contact_id": 2, "at": "2026-11-20T15:00:00+00:00"}
    if complete:
        doc.update(channel="phone", outcome="reached", caller_id="shown", duration_s=60)
        doc.update(note="", news_ids=[])
    doc[field] = written
    attempt = Attempt.from_doc(doc, 7, problems)
    assert getattr(attempt, field) == read
    assert attempt.at == NOV_20_15H_UTC and attempt.contact_id == 2 and attempt.id == 7
    expected = [] if reason is None else [Problem("attempts", "7", field, written, reason, 2)]
    assert problems == expected


def test_every_bad_value_of_one_attempt_is_reported():
    problems: list[Problem] = []
    doc = {
        "contact_id": 2,
        "at": "2026-11-20T15:00:00+00:00",
        "channel": "fax",
        "outcome": "won",
        "caller_id": "maybe",
        "duration_s": -1,
        "note": 5,
        "news_ids": [0],
    }
    attempt = Attempt.from_doc(doc, 7, problems)
    assert attempt == Attempt(2, NOV_20_15H_UTC, "phone", "no_answer", None, None, "", (), 7)
    assert [(p.field, p.contact_id) for p in problems] == [
        ("channel", 2),
        ("outcome", 2),
        ("caller_id", 2),
        ("duration_s", 2),
        ("note", 2),
        ("news_ids", 2),
    ]
