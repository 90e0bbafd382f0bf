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
