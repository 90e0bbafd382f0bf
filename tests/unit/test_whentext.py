"""Reading the time of an attempt as typed: hand-checked instants, DST gaps and overlaps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup_tui.domain.models import format_instant
from followup_tui.domain.validation import FieldError
from followup_tui.domain.whentext import format_when, parse_duration, parse_when

NY = "America/New_York"
LONDON = "Europe/London"
#: Thursday 26 November 2026, 14:05 UTC = 09:05 in New York (EST, -05:00), 14:05 in London (GMT).
NOW = datetime(2026, 11, 26, 14, 5, tzinfo=UTC)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("now", NY, utc(2026, 11, 26, 14, 5)),
        ("  NOW ", NY, utc(2026, 11, 26, 14, 5)),
        ("9:00", NY, utc(2026, 11, 26, 14, 0)),
        ("08:30", NY, utc(2026, 11, 26, 13, 30)),
        ("8:30", LONDON, utc(2026, 11, 26, 8, 30)),
        ("9am", NY, utc(2026, 11, 26, 14, 0)),
        ("12:10 am", NY, utc(2026, 11, 26, 5, 10)),
        ("today 7:45", NY, utc(2026, 11, 26, 12, 45)),
        ("yesterday 9:15", NY, utc(2026, 11, 25, 14, 15)),
        ("Yesterday 21:00", NY, utc(2026, 11, 26, 2, 0)),
        ("yesterday 4pm", LONDON, utc(2026, 11, 25, 16, 0)),
        # bare day: the time of day of now (09:05 in New York)
        ("yesterday", NY, utc(2026, 11, 25, 14, 5)),
        # Monday 23 Nov 2026, 14:00 EST
        ("mon 14:00", NY, utc(2026, 11, 23, 19, 0)),
        ("Monday 14:00", NY, utc(2026, 11, 23, 19, 0)),
        ("fri 16:00", NY, utc(2026, 11, 20, 21, 0)),
        # today is Thursday: 08:00 has passed (today), 10:00 has not (last week)
        ("thu 8:00", NY, utc(2026, 11, 26, 13, 0)),
        ("thursday 10:00", NY, utc(2026, 11, 19, 15, 0)),
        ("2026-11-20 14:00", NY, utc(2026, 11, 20, 19, 0)),
        ("2026-11-20T14:00", NY, utc(2026, 11, 20, 19, 0)),
        ("2026-11-20T14:00:30", NY, utc(2026, 11, 20, 19, 0, 30)),
        ("2026-11-20T14:00:30Z", NY, utc(2026, 11, 20, 14, 0, 30)),
        ("2026-11-20T14:00+01:00", NY, utc(2026, 11, 20, 13, 0)),
        ("2026-11-20 14:00 -0800", NY, utc(2026, 11, 20, 22, 0)),
        # summer time in New York: EDT, -04:00
        ("2026-07-01 09:00", NY, utc(2026, 7, 1, 13, 0)),
        # summer time in London: BST, +01:00
        ("2026-07-01 09:00", LONDON, utc(2026, 7, 1, 8, 0)),
        ("-2h", NY, utc(2026, 11, 26, 12, 5)),
        ("-30m", NY, utc(2026, 11, 26, 13, 35)),
        ("-1h30m", NY, utc(2026, 11, 26, 12, 35)),
        ("-1d", NY, utc(2026, 11, 25, 14, 5)),
        ("2h ago", NY, utc(2026, 11, 26, 12, 5)),
        ("45 min ago", NY, utc(2026, 11, 26, 13, 20)),
        # within the one-minute tolerance
        ("9:06", NY, utc(2026, 11, 26, 14, 6)),
    ],
)
def test_hand_checked_instants(text: str, zone: str, expected: datetime) -> None:
    result = parse_when(text, NOW, zone)
    assert result == expected
    assert result.tzinfo is UTC


def test_day_before_dst_end_uses_the_offset_of_that_day() -> None:
    # Monday 2 Nov 2026 (day after the clocks went back): 'yesterday 12:00' is Sunday 1 Nov EST.
    now = utc(2026, 11, 2, 15, 0)
    assert parse_when("yesterday 12:00", now, NY) == utc(2026, 11, 1, 17, 0)
    # and Saturday 31 Oct is still EDT
    assert parse_when("sat 12:00", now, NY) == utc(2026, 10, 31, 16, 0)


@pytest.mark.parametrize(
    ("text", "zone", "fragment"),
    [
        ("2024-02-30 10:00", NY, "no such date"),
        ("2026-13-01 10:00", NY, "no such date"),
        ("2025-02-29 10:00", NY, "no such date"),
        ("2026-11-20 24:00", NY, "not a time of day"),
        ("2026-11-20 14:60", NY, "not a time of day"),
        ("25:00", NY, "not a time of day"),
        ("13pm", NY, "1 to 12"),
        ("9", NY, "9:00 or 9am"),
        ("2026-11-20", NY, "add the time of day"),
        ("garbage", NY, "not a time I can read"),
        ("someday 9:00", NY, "not a time I can read"),
        ("", NY, "type when it happened"),
        ("   ", NY, "type when it happened"),
        ("x" * 100, NY, "too long"),
        ("1850-01-01 10:00", NY, "too long ago"),
        ("2026-11-20 14:00 +25:00", NY, "not a UTC offset"),
        # the future, beyond a minute
        ("9:07", NY, "in the future"),
        ("2026-11-27 09:00", NY, "in the future"),
        ("2026-11-26T14:06:01Z", NY, "in the future"),
        ("+2h", NY, "not a time I can read"),
    ],
)
def test_rejected(text: str, zone: str, fragment: str) -> None:
    with pytest.raises(FieldError) as info:
        parse_when(text, NOW, zone)
    assert info.value.field == "at"
    assert fragment in info.value.message


@pytest.mark.parametrize(
    ("text", "zone", "fragment"),
    [
        # 8 March 2026, New York: 02:00 EST -> 03:00 EDT
        ("2026-03-08 02:30", NY, "does not exist in America/New_York"),
        ("2026-03-08 02:00", NY, "does not exist"),
        # 29 March 2026, London: 01:00 GMT -> 02:00 BST
        ("2026-03-29 01:30", LONDON, "does not exist in Europe/London"),
        # 1 November 2026, New York: 02:00 EDT -> 01:00 EST, 01:00-01:59 twice
        ("2026-11-01 01:30", NY, "happened twice in America/New_York"),
        ("2026-11-01 01:00", NY, "happened twice"),
        # 25 October 2026, London: 02:00 BST -> 01:00 GMT
        ("2026-10-25 01:15", LONDON, "happened twice in Europe/London"),
    ],
)
def test_dst_gaps_and_overlaps_are_rejected(text: str, zone: str, fragment: str) -> None:
    with pytest.raises(FieldError) as info:
        parse_when(text, NOW, zone)
    assert fragment in info.value.message


def test_gap_message_offers_both_neighbours() -> None:
    with pytest.raises(FieldError) as info:
        parse_when("2026-03-08 02:30", NOW, NY)
    assert "01:30 or 03:30" in info.value.message


def test_overlap_message_names_both_offsets() -> None:
    with pytest.raises(FieldError) as info:
        parse_when("2026-11-01 01:30", NOW, NY)
    assert "01:30-04:00" in info.value.message
    assert "-05:00" in info.value.message


def test_relative_day_landing_in_a_gap_is_rejected() -> None:
    # Monday 9 March 2026 10:00 EDT; yesterday 02:30 did not exist in New York
    now = utc(2026, 3, 9, 14, 0)
    with pytest.raises(FieldError, match="does not exist"):
        parse_when("yesterday 2:30", now, NY)
    with pytest.raises(FieldError, match="happened twice"):
        parse_when("sun 1:30", utc(2026, 11, 3, 15, 0), NY)


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        # an explicit offset settles an ambiguous time
        ("2026-11-01 01:30-04:00", NY, utc(2026, 11, 1, 5, 30)),
        ("2026-11-01 01:30-05:00", NY, utc(2026, 11, 1, 6, 30)),
        ("2026-11-01T01:30:00-05:00", NY, utc(2026, 11, 1, 6, 30)),
        ("2026-10-25 01:15+01:00", LONDON, utc(2026, 10, 25, 0, 15)),
        ("2026-10-25 01:15Z", LONDON, utc(2026, 10, 25, 1, 15)),
        # times either side of the gap are fine
        ("2026-03-08 01:59", NY, utc(2026, 3, 8, 6, 59)),
        ("2026-03-08 03:00", NY, utc(2026, 3, 8, 7, 0)),
    ],
)
def test_explicit_offsets_and_gap_neighbours(text: str, zone: str, expected: datetime) -> None:
    assert parse_when(text, NOW, zone) == expected


def test_format_when_marks_ambiguous_times_with_their_offset() -> None:
    assert format_when(utc(2026, 11, 1, 5, 30), NY) == "2026-11-01 01:30-04:00"
    assert format_when(utc(2026, 11, 1, 6, 30), NY) == "2026-11-01 01:30-05:00"
    assert format_when(utc(2026, 11, 20, 19, 0), NY) == "2026-11-20 14:00"


ZONES = st.sampled_from([NY, LONDON, "UTC", "Asia/Kolkata", "Australia/Lord_Howe", "Europe/Paris"])
PAST = st.datetimes(
    min_value=datetime(1971, 1, 1), max_value=datetime(2026, 11, 26, 14, 5), timezones=st.just(UTC)
)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=40), zone=ZONES)
def test_any_text_raises_only_field_errors(text: str, zone: str) -> None:
    try:
        result = parse_when(text, NOW, zone)
    except FieldError as exc:
        assert exc.field == "at"
        assert exc.message
    else:
        assert result.tzinfo is UTC
        assert result <= NOW + timedelta(minutes=1)


@settings(max_examples=200, deadline=None)
@given(
    text=st.from_regex(
        r"\A(now|yesterday|today|mon|fri|-?\d{1,3}[hmd]|\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}[ T]"
        r"\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?)( \d{1,2}:\d{2}(am|pm)?)?\Z",
        fullmatch=True,
    ),
    zone=ZONES,
)
def test_time_shaped_text_raises_only_field_errors(text: str, zone: str) -> None:
    try:
        parse_when(text, NOW, zone)
    except FieldError as exc:
        assert exc.field == "at"


@settings(max_examples=300, deadline=None)
@given(instant=PAST, zone=ZONES)
def test_stored_instants_parse_back(instant: datetime, zone: str) -> None:
    instant = instant.replace(microsecond=0)
    assert parse_when(format_instant(instant), NOW, zone) == instant


@settings(max_examples=300, deadline=None)
@given(instant=PAST, zone=ZONES)
def test_local_wall_times_parse_back(instant: datetime, zone: str) -> None:
    instant = instant.replace(microsecond=0)
    assert parse_when(format_when(instant, zone), NOW, zone) == instant


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("", None),
        ("  ", None),
        ("95", 95),
        ("95s", 95),
        ("1:35", 95),
        ("0:05", 5),
        ("1:02:03", 3723),
        ("100:00", 6000),
    ],
)
def test_durations(text: str, seconds: int | None) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["1:60", "abc", "-5", "1:5", "²", "1:75", "25:00:00", "90000"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(FieldError) as info:
        parse_duration(text)
    assert info.value.field == "duration_s"


# -- what the user reads back, boundaries and zone rules ----------------------------------------

TOKYO = "Asia/Tokyo"


def error_of(text: str, now: datetime = NOW, zone: str = NY) -> str:
    with pytest.raises(FieldError) as info:
        parse_when(text, now, zone)
    assert info.value.field == "at"
    return info.value.message


def test_a_naive_now_is_a_programming_error_not_a_form_error() -> None:
    with pytest.raises(ValueError) as info:
        parse_when("now", datetime(2026, 11, 26, 14, 5), NY)
    assert str(info.value) == "parse_when needs an aware now"
    assert not isinstance(info.value, FieldError)


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("Someday 9:00", "'Someday 9:00' is not a time I can read"),
        ("9", "'9': write the time as 9:00"),
        ("Yesterday 25:00", "'Yesterday 25:00' is not a time of day"),
        ("2026-11-20 24:00", "'2026-11-20 24:00' is not a time of day"),
        ("2024-02-30 10:00", "'2024-02-30 10:00': there is no such date"),
        ("1850-01-01 10:00", "'1850-01-01 10:00' is too long ago"),
        ("2026-11-20 14:00 +25:00", "'2026-11-20 14:00 +25:00': +25:00 is not a UTC offset"),
        ("13PM", "'13PM': with am/pm the hour is 1 to 12"),
        ("9:07", "'9:07' is in the future"),
    ],
)
def test_errors_quote_the_text_as_typed(text: str, quoted: str) -> None:
    assert quoted in error_of(text)


def test_the_length_limit_is_64_characters_after_trimming() -> None:
    at_limit = "2026-11-20" + " " * 49 + "14:00"
    assert len(at_limit) == 64
    assert parse_when("  " + at_limit + "  ", NOW, NY) == utc(2026, 11, 20, 19, 0)
    assert "too long" in error_of("2026-11-20" + " " * 50 + "14:00")


@pytest.mark.parametrize(
    ("text", "zone"),
    [("9999-12-31 23:59-18:00", NY), ("9999-12-31 23:59", NY), ("9999-12-31 23:59-05:00", TOKYO)],
)
def test_instants_beyond_the_calendar_are_out_of_range(text: str, zone: str) -> None:
    message = error_of(text, zone=zone)
    assert message == f"{text!r} is out of range"


def test_year_1900_is_the_earliest_accepted() -> None:
    assert parse_when("1900-06-01 12:00", NOW, "UTC") == utc(1900, 6, 1, 12, 0)
    assert parse_when("1900-01-01 00:30Z", NOW, NY) == utc(1900, 1, 1, 0, 30)
    # written in 1900, but in UTC still 1899
    assert error_of("1900-01-01 00:30+01:00") == "'1900-01-01 00:30+01:00' is too long ago"
    assert error_of("-99999d") == "'-99999d' is too long ago"


@pytest.mark.parametrize("text", ["just now", "Right now", "NOW"])
def test_now_in_words(text: str) -> None:
    assert parse_when(text, NOW, NY) == NOW


@pytest.mark.parametrize(
    ("text", "now", "zone", "expected"),
    [
        # 03:00 UTC on the 26th is still the 25th in New York: "21:00" is that evening.
        ("21:00", utc(2026, 11, 26, 3, 0), NY, utc(2026, 11, 26, 2, 0)),
        # 20:00 UTC on the 26th is already the 27th in Tokyo: "4:30" is that morning.
        ("4:30", utc(2026, 11, 26, 20, 0), TOKYO, utc(2026, 11, 26, 19, 30)),
        ("today 4:30", utc(2026, 11, 26, 20, 0), TOKYO, utc(2026, 11, 26, 19, 30)),
        ("today 7:45", NOW, LONDON, utc(2026, 11, 26, 7, 45)),
        ("yesterday 4:30", utc(2026, 11, 26, 20, 0), TOKYO, utc(2026, 11, 25, 19, 30)),
        # a bare day keeps the time of day in the user's zone, seconds included (non-round now)
        ("yesterday", utc(2026, 11, 26, 14, 5, 30, 123456), LONDON, utc(2026, 11, 25, 14, 5, 30)),
        ("today", utc(2026, 11, 26, 20, 0, 7, 5), TOKYO, utc(2026, 11, 26, 20, 0, 7)),
        # Thursday in London: 12:00 has passed there (it is 14:05), though not in New York
        ("thu 12:00", NOW, LONDON, utc(2026, 11, 26, 12, 0)),
        # a minute ahead is still today (the tolerance), not last week
        ("thu 9:06", NOW, NY, utc(2026, 11, 26, 14, 6)),
        ("thu 9:05", NOW, NY, utc(2026, 11, 26, 14, 5)),
        ("thu 9:07", NOW, NY, utc(2026, 11, 19, 14, 7)),
    ],
)
def test_the_day_is_the_users_day(text: str, now: datetime, zone: str, expected: datetime) -> None:
    assert parse_when(text, now, zone) == expected


def test_gaps_name_the_zone_and_the_time_typed() -> None:
    # Sunday 8 March 2026, 08:00 in New York (EDT): 02:30 did not exist that night.
    now = utc(2026, 3, 8, 12, 0)
    for text in ("2:30", "today 2:30", "2026-03-08 2:30"):
        message = error_of(text, now)
        assert message.startswith("2026-03-08 02:30 does not exist in America/New_York")
        assert "did you mean 01:30 or 03:30?" in message
    monday = utc(2026, 3, 9, 14, 0)
    assert "does not exist in America/New_York" in error_of("yesterday 2:30", monday)
    assert "does not exist in America/New_York" in error_of("sun 2:30", monday)
    overlap = error_of("sun 1:30", utc(2026, 11, 3, 15, 0))
    assert overlap.startswith("2026-11-01 01:30 happened twice in America/New_York")


def test_gap_in_london_offers_the_london_neighbours() -> None:
    message = error_of("2026-03-29 01:30", zone=LONDON)
    assert "did you mean 00:30 or 02:30?" in message


def test_overlap_in_london_offers_both_offsets_with_their_signs() -> None:
    message = error_of("2026-10-25 01:15", zone=LONDON)
    assert message.endswith(
        "add the offset: 2026-10-25 01:15+01:00 for the first, +00:00 for the second"
    )
    assert format_when(utc(2026, 10, 25, 0, 15), LONDON) == "2026-10-25 01:15+01:00"
    assert format_when(utc(2026, 10, 25, 1, 15), LONDON) == "2026-10-25 01:15+00:00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 22:00 UTC = 17:00 in New York
        ("1pm", utc(2026, 11, 26, 18, 0)),
        ("1:30 am", utc(2026, 11, 26, 6, 30)),
        ("12pm", utc(2026, 11, 26, 17, 0)),
        ("12:15am", utc(2026, 11, 26, 5, 15)),
        ("2 hours ago", utc(2026, 11, 26, 20, 0)),
        ("2hago", utc(2026, 11, 26, 20, 0)),
    ],
)
def test_twelve_hour_clock_and_ago(text: str, expected: datetime) -> None:
    assert parse_when(text, utc(2026, 11, 26, 22, 0), NY) == expected


def test_seconds_run_to_59() -> None:
    assert parse_when("2026-11-20 14:00:59", NOW, NY) == utc(2026, 11, 20, 19, 0, 59)
    assert "not a time of day" in error_of("2026-11-20 14:00:60")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20T14:00:30.5Z", utc(2026, 11, 20, 14, 0, 30, 500000)),
        ("2026-11-20T14:00:30,05Z", utc(2026, 11, 20, 14, 0, 30, 50000)),
        ("2026-11-20T14:00:30.123456789Z", utc(2026, 11, 20, 14, 0, 30, 123456)),
        ("2026-11-20 14:00:30.25", utc(2026, 11, 20, 19, 0, 30, 250000)),
        # UTC offsets, with or without minutes
        ("2026-11-20 14:00 utc", utc(2026, 11, 20, 14, 0)),
        ("2026-11-20 14:00 UTC", utc(2026, 11, 20, 14, 0)),
        ("2026-11-20 14:00+05:30", utc(2026, 11, 20, 8, 30)),
        ("2026-11-20 14:00+0545", utc(2026, 11, 20, 8, 15)),
        ("2026-11-20 14:00+05", utc(2026, 11, 20, 9, 0)),
        ("2026-11-20 14:00-03", utc(2026, 11, 20, 17, 0)),
        ("2026-11-20 14:00+18:00", utc(2026, 11, 19, 20, 0)),
        ("2026-11-20 14:00-18:00", utc(2026, 11, 21, 8, 0)),
        ("2026-11-20 14:00+05:59", utc(2026, 11, 20, 8, 1)),
    ],
)
def test_fractions_of_a_second_and_utc_offsets(text: str, expected: datetime) -> None:
    assert parse_when(text, NOW, NY) == expected


@pytest.mark.parametrize("offset", ["+19:00", "-19:00", "+05:60", "+0560"])
def test_impossible_utc_offsets(offset: str) -> None:
    text = f"2026-11-20 14:00{offset}"
    assert error_of(text) == f"{text!r}: {offset} is not a UTC offset"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("1:59", 119), ("1:59:00", 7140), ("24:00:00", 86400), ("86400", 86400), ("086400", 86400)],
)
def test_duration_boundaries(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("86401", "a call is at most 24 hours long"),
        ("100000", "a call is at most 24 hours long"),
        ("24:00:01", "a call is at most 24 hours long"),
        ("1:60:00", "'1:60:00' is not a duration: seconds (95) or m:ss (1:35)"),
        ("1000000", "'1000000' is not a duration: seconds (95) or m:ss (1:35)"),
        ("x" * 100, f"{'x' * 40!r} is not a duration: seconds (95) or m:ss (1:35)"),
    ],
)
def test_duration_messages(text: str, message: str) -> None:
    with pytest.raises(FieldError) as info:
        parse_duration(text)
    assert info.value.field == "duration_s"
    assert info.value.message == message


@pytest.mark.parametrize(
    "text", ["٠٩:٣٠", "2026-11-20 ٠٩:٣٠", "mon ٠٩:٣٠", "٣ days ago", "-٢h", "٢٠٢٦-11-20 09:00"]
)
def test_times_are_written_with_ascii_digits(text: str) -> None:
    """Digits of other scripts (Arabic-Indic here) are not read as a time: the patterns take
    0-9 only, as the hint shows. (Each would be a time before NOW.)"""
    with pytest.raises(FieldError, match="is not a time I can read"):
        parse_when(text, NOW, "UTC")


@pytest.mark.parametrize("text", ["١:٣٠", "1:٣٠", "٩٥"])
def test_durations_are_written_with_ascii_digits(text: str) -> None:
    with pytest.raises(FieldError):
        parse_duration(text)
