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
