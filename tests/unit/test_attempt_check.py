"""One check of a new attempt for the log form and ``followup-tui log`` (domain/attempt_check)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup_tui.domain.attempt_check import check_attempt
from followup_tui.domain.errors import UserError
from followup_tui.domain.validation import FormErrors

NOW = datetime(2026, 11, 26, 14, 5, 7, 123456, tzinfo=UTC)  # 09:05:07 in New York
NY = "America/New_York"


def _check(**fields):  # type: ignore[no-untyped-def]
    base = {"channel": "phone", "outcome": "reached", "now": NOW, "user_zone": NY}
    return check_attempt(7, **{**base, **fields})


def test_defaults_now_to_the_second_and_the_caller_id_setting() -> None:
    attempt = _check()
    assert attempt.at == datetime(2026, 11, 26, 14, 5, 7, tzinfo=UTC)
    assert (attempt.contact_id, attempt.channel, attempt.outcome) == (7, "phone", "reached")
    assert attempt.caller_id == "shown"
    assert _check(hide_caller_id=True).caller_id == "hidden"
    assert _check(caller_id="Hidden").caller_id == "hidden"
    assert attempt.duration_s is None and attempt.note == ""


@pytest.mark.parametrize(
    ("typed", "seconds"),
    [("95", 95), ("95s", 95), ("1:35", 95), ("0:05", 5), ("1:00:05", 3605), ("", None)],
)
def test_every_duration_form(typed: str, seconds: int | None) -> None:
    assert _check(duration=typed).duration_s == seconds


def test_at_in_the_users_zone() -> None:
    # 08:30 in New York on Thu 26 Nov is 13:30 UTC.
    assert _check(at="08:30").at == datetime(2026, 11, 26, 13, 30, tzinfo=UTC)


def test_words_as_typed_on_the_command_line() -> None:
    attempt = _check(channel=" Phone ", outcome="No-Answer")
    assert (attempt.channel, attempt.outcome) == ("phone", "no_answer")
    assert _check(channel="in person", outcome="met").channel == "in_person"


def test_every_wrong_field_is_named_at_once() -> None:
    with pytest.raises(FormErrors) as caught:
        _check(
            channel="email",
            outcome="voicemail",
            at="",
            duration="1:75",
            caller_id="hidden",
            note="x" * 20_001,
        )
    errors = caught.value.errors
    assert set(errors) == {"outcome", "at", "duration_s", "caller_id", "note"}
    assert errors["outcome"] == "'voicemail' does not fit channel email (use one of sent, replied)"
    assert errors["caller_id"] == "only for phone calls"
    assert "not a duration" in errors["duration_s"]
    assert "20,000" in errors["note"]
    assert isinstance(caught.value, UserError)


def test_an_unknown_channel_and_a_blank_outcome() -> None:
    with pytest.raises(FormErrors) as caught:
        _check(channel="fax")
    assert caught.value.errors == {
        "channel": "'fax' is not one of phone, email, linkedin, sms, in_person"
    }
    with pytest.raises(FormErrors) as caught:
        _check(channel="email", outcome="")
    assert caught.value.errors == {"outcome": "pick an outcome for e-mail (sent, replied)"}


def test_a_day_is_the_longest_call() -> None:
    assert _check(duration="86400").duration_s == 86400
    with pytest.raises(FormErrors) as caught:
        _check(duration="86401")
    assert caught.value.errors == {"duration_s": "a call is at most 24 hours long"}


@given(st.text(max_size=30))
def test_any_duration_text_is_a_duration_or_a_field_error(typed: str) -> None:
    try:
        seconds = _check(duration=typed).duration_s
    except FormErrors as exc:
        assert set(exc.errors) == {"duration_s"}
    else:
        assert seconds is None or 0 <= seconds <= 86400


def test_each_message_says_what_to_type() -> None:
    with pytest.raises(FormErrors) as caught:
        _check(at="sometime", caller_id="maybe")
    assert caught.value.errors == {
        "at": "'sometime' is not a time I can read "
        "(e.g. now, 14:30, yesterday 9:15, mon 14:00, 2026-11-20 14:00, -2h)",
        "caller_id": "'maybe' is not one of hidden, shown",
    }


def test_a_note_of_exactly_the_longest_length_is_kept() -> None:
    note = "n" * 20_000
    assert _check(note=note).note == note


def test_a_written_attempt_has_no_caller_id() -> None:
    attempt = _check(channel="email", outcome="sent")
    assert attempt.caller_id is None
    assert attempt.to_doc()["caller_id"] is None
