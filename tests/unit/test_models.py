"""Records round-trip through the documents of the data file, and foreign files open."""

from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from followup_tui.domain.models import Attempt, Contact, Settings, format_instant, parse_instant
from followup_tui.domain.snapshot import Snapshot
from followup_tui.domain.text import clean_text
from followup_tui.domain.vocab import CALLER_IDS, CHANNELS, OUTCOMES, STATUSES

printable = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\x85"),
    max_size=30,
).map(str.strip)


@given(
    name=printable.filter(bool),
    company=printable,
    status=st.sampled_from(STATUSES),
    phones=st.lists(st.from_regex(r"\+1212555\d{4}", fullmatch=True), max_size=3),
    cadence=st.integers(1, 365),
)
def test_contact_round_trip(name, company, status, phones, cadence):
    contact = Contact(
        name=name,
        company=company,
        status=status,
        phones=tuple(phones),
        cadence_days=cadence,
        created_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        next_step_on=date(2026, 12, 1),
        id=3,
    )
    assert Contact.from_doc(contact.to_doc(), 3) == contact


@given(
    at=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
    ),
    channel=st.sampled_from(CHANNELS),
    outcome=st.sampled_from(OUTCOMES),
    caller_id=st.sampled_from((None, *CALLER_IDS)),
    note=printable,
)
def test_attempt_round_trip(at, channel, outcome, caller_id, note):
    attempt = Attempt(
        contact_id=1,
        at=at.replace(microsecond=0),
        channel=channel,
        outcome=outcome,
        caller_id=caller_id,
        note=note,
        id=9,
    )
    assert Attempt.from_doc(attempt.to_doc(), 9) == attempt


def test_instants_are_stored_in_utc_with_offset():
    local = datetime.fromisoformat("2026-11-26T09:05:30-05:00")
    assert format_instant(local) == "2026-11-26T14:05:30+00:00"
    assert parse_instant("2026-11-26T14:05:00Z") == datetime(2026, 11, 26, 14, 5, tzinfo=UTC)


def test_file_from_another_tool_with_only_documented_fields_opens():
    tables = {
        "contacts": {"1": {"name": "Dana Smith"}, "2": {"name": "Lee", "status": "bogus"}},
        "attempts": {
            "1": {
                "contact_id": 1,
                "at": "2026-11-20T15:00:00+00:00",
                "channel": "phone",
                "outcome": "voicemail",
            },
            "2": {"contact_id": 1, "at": "2026-11-21T15:00:00+00:00"},
        },
        "settings": {"1": {"home_region": "gb"}},
    }
    snap = Snapshot.from_tables(tables)
    assert snap.contacts[1].name == "Dana Smith"
    assert snap.contacts[1].status == "pursuing"
    assert snap.contacts[2].status == "pursuing"
    attempts = snap.attempts_for(1)
    assert [a.id for a in attempts] == [1, 2]
    assert attempts[1].outcome == "no_answer" and attempts[1].channel == "phone"
    assert snap.settings.home_region == "GB"
    assert snap.attempt_count == 2


def test_settings_defaults_and_round_trip():
    settings = Settings(home_region="GB", hide_caller_id=False, holidays=(date(2026, 12, 25),))
    assert Settings.from_doc(settings.to_doc()) == settings
    assert Settings.from_doc(None).prefixes["NANP"] == {"hide": "*67", "show": "*82"}


def test_clean_text_strips_escape_sequences_and_controls():
    assert clean_text("\x1b]0;pwned\x07Ann") == "Ann"
    assert clean_text("\x1b[2JAnn\x9b31m") == "Ann"
    assert clean_text("\x9d0;title\x9cBob") == "Bob"
    assert clean_text("a\x00b\x85c") == "abc"
    assert clean_text("line1\nline2", multiline=True) == "line1\nline2"
    assert clean_text("line1\nline2") == "line1 line2"
    assert clean_text("[@click=app.quit]x[/]") == "[@click=app.quit]x[/]"


def test_a_lone_carriage_return_breaks_the_line_like_a_newline():
    # Old Mac line ends (a note pasted from an old file): a line break, not a lost character.
    assert clean_text("line1\rline2", multiline=True) == "line1\nline2"
    assert clean_text("line1\rline2") == "line1 line2"
    assert clean_text("a\r\nb\rc", multiline=True) == "a\nb\nc"


def test_an_instant_ending_in_a_lower_case_z_is_utc_too():
    # RFC 3339 allows "z" as well as "Z": a file written by another tool may use it.
    expected = datetime(2026, 11, 26, 14, 5, tzinfo=UTC)
    assert parse_instant("2026-11-26T14:05:00z") == expected
    assert parse_instant(" 2026-11-26T14:05:00Z ") == expected
    snap = Snapshot.from_tables(
        {
            "contacts": {"1": {"name": "Dana"}},
            "attempts": {"1": {"contact_id": 1, "at": "2026-11-26T14:05:00z"}},
        }
    )
    assert [a.at for a in snap.attempts_for(1)] == [expected]
    snap.check_all()
    assert snap.problems == []
