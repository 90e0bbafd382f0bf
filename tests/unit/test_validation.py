"""Validation of contact fields: names, phones (E.164 via phonenumbers), e-mails, zones."""

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup_tui.domain.models import Contact
from followup_tui.domain.validation import (
    FieldError,
    FormErrors,
    parse_phone,
    strip_dial_prefix,
    timezone_for_phone,
    valid_email,
    valid_timezone,
    validate_contact,
)

NOW = datetime(2026, 11, 26, 14, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "region", "e164"),
    [
        ("(212) 555-0123", "US", "+12125550123"),
        ("212.555.0123", "US", "+12125550123"),
        ("+1 312 555 0199", "GB", "+13125550199"),
        ("020 7946 0958", "GB", "+442079460958"),
        ("+44 20 7946 0958", "US", "+442079460958"),
        ("*67 (212) 555-0123", "US", "+12125550123"),
        ("*82 212 555 0123", "US", "+12125550123"),
        ("#31#+442079460958", "US", "+442079460958"),
        ("141 020 7946 0958", "GB", "+442079460958"),
        ("1470 020 7946 0958", "GB", "+442079460958"),
    ],
)
def test_phone_numbers_are_stored_as_e164(typed, region, e164):
    assert parse_phone(typed, region) == e164


@pytest.mark.parametrize("typed", ["12345", "*67", "", "call me", "+1 000 000 0000", "555-0123"])
def test_invalid_phone_numbers_are_errors_not_guesses(typed):
    with pytest.raises(FieldError) as info:
        parse_phone(typed, "US")
    assert info.value.field == "phones"


def test_dial_prefix_only_stripped_at_the_start():
    assert strip_dial_prefix("212 *67") == "212 *67"
    assert strip_dial_prefix("*67 212-555-0123") == "2125550123"


def test_time_zone_inferred_from_phone_when_unique():
    assert timezone_for_phone("+12125550123") == "America/New_York"
    assert timezone_for_phone("+13125550199") == "America/Chicago"
    assert timezone_for_phone("+442079460958") == "Europe/London"
    assert timezone_for_phone("+14155550100") == "America/Los_Angeles"


def test_time_zone_must_be_iana():
    assert valid_timezone("Europe/London") == "Europe/London"
    for bad in ("EST5", "Mars/Olympus", "New York", "../etc/passwd"):
        with pytest.raises(FieldError):
            valid_timezone(bad)


@pytest.mark.parametrize("good", ["dana@example.com", "Dana.Smith+jobs@mail.example.co.uk"])
def test_email_shape_accepted(good):
    assert valid_email(good) == good.lower()


@pytest.mark.parametrize(
    "bad", ["dana", "dana@", "@example.com", "a b@example.com", "a@b", "a@b.c"]
)
def test_email_shape_rejected(bad):
    with pytest.raises(FieldError):
        valid_email(bad)


def test_validate_contact_collects_every_error_by_field():
    with pytest.raises(FormErrors) as info:
        validate_contact(
            {"name": "  ", "phones": "12345", "emails": "nope", "timezone": "Nowhere/Land"},
            now=NOW,
        )
    assert set(info.value.errors) == {"name", "phones", "emails", "timezone"}
    assert info.value.errors["name"] == "a name is required"


def test_validate_contact_builds_clean_record():
    contact = validate_contact(
        {
            "name": "  Dana \x1b[31mSmith\x07 ",
            "company": "Acme Capital",
            "phones": "*67 (212) 555-0123, 212-555-0123; +44 20 7946 0958",
            "emails": "Dana@Example.com",
            "tags": "hedge fund, nyc, hedge fund",
        },
        now=NOW,
    )
    assert contact.name == "Dana Smith"
    assert contact.phones == ("+12125550123", "+442079460958")
    assert contact.emails == ("dana@example.com",)
    assert contact.timezone == "America/New_York"
    assert contact.tags == ("hedge fund", "nyc")
    assert contact.status == "pursuing"
    assert contact.created_at == NOW


def test_closing_needs_a_reason():
    with pytest.raises(FormErrors) as info:
        validate_contact({"name": "Ann", "status": "closed"}, now=NOW)
    assert "closed_reason" in info.value.errors
    closed = validate_contact(
        {"name": "Ann", "status": "closed", "closed_reason": "hired"}, now=NOW
    )
    assert closed.closed_reason == "hired"


def test_editing_keeps_id_and_creation_time():
    base = Contact(name="Ann", id=7, created_at=datetime(2025, 1, 2, tzinfo=UTC))
    edited = validate_contact({"name": "Ann Lee"}, now=NOW, base=base)
    assert edited.id == 7
    assert edited.created_at == base.created_at
    assert edited.name == "Ann Lee"


def test_markup_in_names_is_kept_verbatim():
    contact = validate_contact({"name": "[@click=app.quit]x[/]"}, now=NOW)
    assert contact.name == "[@click=app.quit]x[/]"


@given(st.text(max_size=40), st.sampled_from(["US", "GB", "DE"]))
def test_parse_phone_only_ever_raises_field_error(text, region):
    try:
        result = parse_phone(text, region)
    except FieldError:
        return
    assert result.startswith("+") and result[1:].isdigit()


# -- the messages a form shows, and what an edit keeps -------------------------------------------


def form_errors(fields: dict[str, object], **kwargs: object) -> dict[str, str]:
    with pytest.raises(FormErrors) as info:
        validate_contact(fields, now=NOW, **kwargs)  # type: ignore[arg-type]
    return info.value.errors


def test_form_errors_read_as_one_line_per_field():
    errors = FormErrors({"name": "a name is required", "phones": "empty phone number"})
    assert str(errors) == "name: a name is required; phones: empty phone number"


def test_uk_prefixes_are_stripped_only_before_a_uk_or_international_number():
    # 1 470 and 1 415 are US area codes typed with the leading 1: nothing to strip
    assert strip_dial_prefix("1 470 555 0123") == "1 470 555 0123"
    assert strip_dial_prefix("1415 555 0100") == "1415 555 0100"
    assert parse_phone("1415 555 0100") == "+14155550100"
    assert strip_dial_prefix("141 +44 20 7946 0958") == "+442079460958"
    assert strip_dial_prefix("1470+12125550123") == "+12125550123"


def test_phone_numbers_default_to_the_us_plan():
    assert parse_phone("(212) 555-0123") == "+12125550123"
    assert parse_phone("(212) 555-0123", "") == "+12125550123"
    assert parse_phone("020 7946 0958", "gb") == "+442079460958"
    contact = validate_contact({"name": "Ann", "phones": "020 7946 0958"}, home_region="GB")
    assert contact.phones == ("+442079460958",)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "empty phone number"),
        ("*67", "'*67' is only a caller-ID prefix: add the number after it"),
        (" #31# ", "'#31#' is only a caller-ID prefix: add the number after it"),
        (" call me ", "'call me' is not a phone number"),
        ("+1 000 000 0000", "'+1 000 000 0000' is not a valid phone number"),
    ],
)
def test_phone_messages(typed, message):
    with pytest.raises(FieldError) as info:
        parse_phone(typed)
    assert (info.value.field, info.value.message) == ("phones", message)
    if typed.strip():
        assert form_errors({"name": "Ann", "phones": typed})["phones"] == message


def test_no_zone_guessed_from_numbers_without_one_place():
    assert timezone_for_phone("+80012345678") is None  # international freephone: no zone
    assert timezone_for_phone("+18002345678") is None  # US toll-free: many zones
    assert timezone_for_phone("+61412345678") is None  # Australian mobile: many zones
    assert validate_contact({"name": "Ann", "phones": "+80012345678"}).timezone is None


def test_time_zone_messages(monkeypatch):
    from followup_tui.domain import validation

    for typed, message in [
        ("", "empty time zone"),
        (" Mars/Base ", "'Mars/Base' is not an IANA time zone (e.g. America/New_York)"),
    ]:
        with pytest.raises(FieldError) as info:
            valid_timezone(typed)
        assert (info.value.field, info.value.message) == ("timezone", message)
    assert form_errors({"name": "Ann", "timezone": "Mars/Base"}) == {
        "timezone": "'Mars/Base' is not an IANA time zone (e.g. America/New_York)"
    }
    monkeypatch.setattr(validation, "_ZONES", None)  # the list of zones is read on first use
    assert valid_timezone("Europe/Paris") == "Europe/Paris"
    assert valid_timezone("Asia/Kolkata") == "Asia/Kolkata"


def test_email_message():
    with pytest.raises(FieldError) as info:
        valid_email(" ann at acme ")
    assert (info.value.field, info.value.message) == (
        "emails",
        "'ann at acme' is not an e-mail address",
    )
    assert form_errors({"name": "Ann", "emails": "x@y.test, nope"}) == {
        "emails": "'nope' is not an e-mail address"
    }


def test_blank_list_items_are_skipped():
    contact = validate_contact(
        {"name": "Ann", "phones": "+12125550123, ,  ;", "emails": " ;a@b.test; ", "tags": "x,  ,y"}
    )
    assert contact.phones == ("+12125550123",)
    assert contact.emails == ("a@b.test",)
    assert contact.tags == ("x", "y")
    assert contact.timezone == "America/New_York"
    assert validate_contact({"name": "Ann"}).timezone is None


def test_name_length_limit():
    assert validate_contact({"name": "n" * 200}).name == "n" * 200
    assert form_errors({"name": "n" * 201}) == {"name": "a name is at most 200 characters"}


def test_status_reason_and_cadence_messages():
    assert form_errors({"name": "Ann", "status": "gone"}) == {
        "status": "status must be one of pursuing, in_talks, keep_warm, paused, closed"
    }
    assert form_errors({"name": "Ann", "status": "closed"}) == {
        "closed_reason": "closing a contact needs a reason"
    }
    assert form_errors({"name": "Ann", "status": "closed", "closed_reason": "bored"}) == {
        "closed_reason": "reason must be one of hired, declined, not_interested, other"
    }
    for cadence in ("0", "3651", "abc", "2.5"):
        assert form_errors({"name": "Ann", "cadence_days": cadence}) == {
            "cadence_days": "cadence is a whole number of days from 1 to 3650"
        }


def test_cadence_from_1_to_3650_days():
    for typed, days in [("1", 1), ("3650", 3650), (" 14 ", 14)]:
        assert validate_contact({"name": "Ann", "cadence_days": typed}).cadence_days == days
    assert validate_contact({"name": "Ann"}).cadence_days == Contact(name="x").cadence_days


def test_a_new_contact_gets_the_fields_typed():
    contact = validate_contact(
        {"name": "Ann", "status": "paused", "notes": "line 1\nline 2", "timezone": "Europe/Paris"}
    )
    assert contact.status == "paused"
    assert contact.closed_reason is None
    assert contact.notes == "line 1\nline 2"
    assert contact.timezone == "Europe/Paris"


def test_editing_keeps_what_the_form_left_blank():
    base = Contact(
        name="Ann",
        status="closed",
        closed_reason="hired",
        cadence_days=21,
        next_step_on=datetime(2026, 12, 1, tzinfo=UTC).date(),
        paused_until=datetime(2026, 12, 5, tzinfo=UTC).date(),
        id=7,
    )
    kept = validate_contact({"name": "Ann Lee"}, base=base)
    assert (kept.status, kept.closed_reason, kept.cadence_days) == ("closed", "hired", 21)
    assert (kept.next_step_on, kept.paused_until) == (base.next_step_on, base.paused_until)
    reopened = validate_contact({"name": "Ann", "status": "in_talks"}, base=base)
    assert reopened.status == "in_talks"
    assert reopened.closed_reason is None
