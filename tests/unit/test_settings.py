"""Settings: stored in the ``settings`` table, read tolerantly, validated like the forms, and
read by the rules and the call suggestions."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup_tui.analytics.reachability import ReachGrid, suggest_slot
from followup_tui.domain.models import Settings as SettingsFromModels
from followup_tui.domain.problems import Problem
from followup_tui.domain.settings import (
    DEFAULT_BUSINESS_DAYS_AFTER,
    DEFAULT_PREFIXES,
    Settings,
    add_public_holidays,
    public_holidays,
    settings_fields,
    validate_settings,
)
from followup_tui.domain.snapshot import Snapshot
from followup_tui.domain.validation import FormErrors

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=12)
    | st.sampled_from(["2026-12-25", "08", "-1", "9999-99-99", "\x1b[31m", "  US "]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
FIELDS = st.sampled_from(
    [
        "home_region",
        "timezone",
        "hide_caller_id",
        "prefixes",
        "work_start_hour",
        "work_end_hour",
        "holidays",
        "business_days_after",
        "reached_next_days",
        "keep_warm_days",
        "thank_you_template",
    ]
)


def test_the_models_module_gives_the_same_settings():
    assert SettingsFromModels is Settings


def test_defaults_follow_the_spec():
    s = Settings()
    assert (s.home_region, s.hide_caller_id) == ("US", True)
    assert (s.work_start_hour, s.work_end_hour) == (8, 18)  # 08:00-18:00 their time
    assert s.business_days_after == {
        "no_answer": 1,
        "busy": 1,
        "gatekeeper": 1,
        "wrong_number": 1,
        "voicemail": 2,
        "sent": 3,
    }
    assert (s.reached_next_days, s.keep_warm_days) == (7, 30)
    assert s.prefixes["UK"] == {"hide": "141", "show": "1470"}
    assert s.days_after("voicemail") == 2 and s.days_after("something else") == 1


def test_round_trip_through_the_document():
    s = Settings(
        home_region="GB",
        timezone="Europe/London",
        hide_caller_id=False,
        prefixes={"UK": {"hide": "141", "show": "1470"}},
        work_start_hour=7,
        work_end_hour=19,
        holidays=(date(2026, 12, 25), date(2026, 12, 28)),
        business_days_after={**DEFAULT_BUSINESS_DAYS_AFTER, "voicemail": 3},
        reached_next_days=5,
        keep_warm_days=45,
        thank_you_template="Thanks, {name}!",
    )
    assert Settings.from_doc(s.to_doc()) == s


@given(st.dictionaries(FIELDS, JSON))
def test_any_json_in_the_settings_table_never_crashes(doc):
    s = Settings.from_doc(doc)
    assert 0 <= s.work_start_hour < s.work_end_hour <= 24
    assert 1 <= s.reached_next_days <= 365 and 1 <= s.keep_warm_days <= 3650
    assert set(s.business_days_after) == set(DEFAULT_BUSINESS_DAYS_AFTER)
    assert all(isinstance(v, int) and 0 <= v <= 60 for v in s.business_days_after.values())
    assert all(isinstance(d, date) for d in s.holidays)
    assert isinstance(s.hide_caller_id, bool)
    assert s.prefixes and all(set(p) == {"hide", "show"} for p in s.prefixes.values())
    assert Settings.from_doc(s.to_doc()) == s  # what is saved reads back the same
    # The rules and the grid run on whatever came out.
    snap = Snapshot.from_tables({"settings": {"1": doc}, "contacts": {"1": {"name": "Ann"}}})
    assert snap.settings == s
    now = datetime(2026, 11, 26, 14, 5, tzinfo=UTC)
    suggest_slot(ReachGrid(), ReachGrid(), "America/New_York", now, s)


@given(JSON)
def test_a_settings_document_of_any_shape_never_crashes(doc):
    assert isinstance(Settings.from_doc(doc), Settings)
    Snapshot.from_tables({"settings": {"1": doc}})


def test_bad_values_fall_back_field_by_field():
    s = Settings.from_doc(
        {
            "home_region": "Great Britain",  # not two letters
            "hide_caller_id": "no",  # a word a person would write: read
            "work_start_hour": 20,
            "work_end_hour": 6,  # end before start: both back to the defaults
            "holidays": ["2026-12-25", "christmas", 5, "2026-12-25"],
            "business_days_after": {"voicemail": 4, "sent": -2, "busy": True},
            "reached_next_days": 3000000,
            "keep_warm_days": "60",
            "prefixes": {"NANP": {"hide": "*67"}, "UK": {"hide": "141", "show": "1470"}},
            "thank_you_template": "",
        }
    )
    assert s.home_region == "US"
    assert s.hide_caller_id is False
    assert (s.work_start_hour, s.work_end_hour) == (8, 18)
    assert s.holidays == (date(2026, 12, 25),)
    assert s.business_days_after["voicemail"] == 4
    assert s.business_days_after["sent"] == 3 and s.business_days_after["busy"] == 1
    assert s.reached_next_days == 7
    assert s.keep_warm_days == 60
    assert s.prefixes == {"UK": {"hide": "141", "show": "1470"}}  # the incomplete row dropped
    assert s.thank_you_template == Settings().thank_you_template


# -- the form -------------------------------------------------------------------------------------


def test_the_form_fields_read_back_unchanged():
    s = Settings(holidays=(date(2026, 12, 25),), work_start_hour=7)
    assert validate_settings(settings_fields(s)) == s
    assert settings_fields(s)["work_hours"] == "07:00-18:00"
    assert settings_fields(s)["prefixes"] == "NANP=*67/*82; UK=141/1470; GSM=#31#/*31#"


def test_validate_changes_only_the_fields_given():
    base = Settings(home_region="GB")
    s = validate_settings(
        {"work_hours": "07:00–19:00", "days_after_voicemail": "4", "holidays": "2026-12-25"},
        base,
    )
    assert (s.home_region, s.work_start_hour, s.work_end_hour) == ("GB", 7, 19)
    assert s.days_after("voicemail") == 4 and s.days_after("sent") == 3
    assert s.holidays == (date(2026, 12, 25),)


def test_validate_gives_one_message_per_field():
    with pytest.raises(FormErrors) as info:
        validate_settings(
            {
                "home_region": "Britain",
                "timezone": "Mars/Olympus",
                "hide_caller_id": "maybe",
                "prefixes": "NANP=*67",
                "work_hours": "18:00-08:00",
                "holidays": "2026-12-25, Boxing Day",
                "days_after_sent": "-1",
                "reached_next_days": "0",
                "keep_warm_days": "a month",
                "thank_you_template": "  ",
            },
            Settings(),
        )
    errors = info.value.errors
    assert sorted(errors) == [
        "days_after_sent",
        "hide_caller_id",
        "holidays",
        "home_region",
        "keep_warm_days",
        "prefixes",
        "reached_next_days",
        "thank_you_template",
        "timezone",
        "work_hours",
    ]
    assert errors["holidays"] == "'Boxing Day' is not a date like 2026-12-25"
    assert errors["work_hours"] == "write whole hours like 08:00-18:00 (start before end)"
    assert errors["prefixes"] == "'NANP=*67': write REGION=HIDE/SHOW, e.g. NANP=*67/*82"


# -- holidays -------------------------------------------------------------------------------------


def test_public_holidays_of_a_country_and_year():
    us = public_holidays("us", 2026)
    # Federal holidays 2026, by hand: 1 Jan, MLK Mon 19 Jan, Presidents Mon 16 Feb, Memorial
    # Mon 25 May, Juneteenth Fri 19 Jun, 4 Jul (a Saturday, observed Fri 3 Jul), Labor Mon 7 Sep,
    # Columbus Mon 12 Oct, Veterans Wed 11 Nov, Thanksgiving Thu 26 Nov, Christmas Fri 25 Dec.
    assert us == tuple(
        date(2026, m, d)
        for m, d in [
            (1, 1),
            (1, 19),
            (2, 16),
            (5, 25),
            (6, 19),
            (7, 3),
            (7, 4),
            (9, 7),
            (10, 12),
            (11, 11),
            (11, 26),
            (12, 25),
        ]
    )
    england = public_holidays("GB", 2026, "ENG")
    # Easter is 5 Apr 2026: Good Friday 3 Apr, Easter Monday 6 Apr; Boxing Day is a Saturday,
    # observed Mon 28 Dec.
    assert date(2026, 4, 3) in england and date(2026, 4, 6) in england
    assert date(2026, 12, 28) in england
    with pytest.raises(ValueError, match="not a country"):
        public_holidays("XX", 2026)


def test_adding_a_countrys_holidays_keeps_the_others_and_changes_the_rules():
    from followup_tui.domain.models import Attempt, Contact
    from followup_tui.domain.rules import summarize

    own = Settings(holidays=(date(2026, 11, 27),))  # the Friday after Thanksgiving
    s = add_public_holidays(own, "US", 2026)
    assert date(2026, 11, 27) in s.holidays and date(2026, 11, 26) in s.holidays
    assert len(s.holidays) == 13 and list(s.holidays) == sorted(s.holidays)
    assert add_public_holidays(s, "US", 2026) == s  # no repeats
    # A voicemail on Wed 25 Nov: + 2 business days is Fri 27 without holidays, Tue 1 Dec with
    # Thanksgiving and the Friday off (Mon 30, Tue 1).
    voicemail = [
        Attempt(1, datetime(2026, 11, 25, 15, 0, tzinfo=UTC), "phone", "voicemail"),
    ]
    now = datetime(2026, 11, 25, 16, 0, tzinfo=UTC)
    ann = Contact("Ann", id=1)
    assert summarize(ann, voicemail, Settings(), "America/New_York", now).next_due == date(
        2026, 11, 27
    )
    assert summarize(ann, voicemail, s, "America/New_York", now).next_due == date(2026, 12, 1)


def test_working_hours_of_the_settings_bound_the_suggestions():
    now = datetime(2026, 11, 30, 11, 0, tzinfo=UTC)  # Mon 06:00 New York
    s = suggest_slot(ReachGrid(), ReachGrid(), "America/New_York", now, Settings())
    assert s is not None and s.hour == 8
    late = Settings.from_doc({"work_start_hour": 10, "work_end_hour": 12})
    s = suggest_slot(ReachGrid(), ReachGrid(), "America/New_York", now, late)
    assert s is not None and s.hour == 10


def test_default_prefix_table_is_not_shared_between_settings():
    a = Settings()
    a.prefixes["NANP"]["hide"] = "#"
    assert Settings().prefixes["NANP"]["hide"] == "*67"
    assert DEFAULT_PREFIXES["NANP"]["hide"] == "*67"


def test_a_new_contact_takes_the_default_keep_warm_cadence_of_the_settings():
    from followup_tui.domain.validation import validate_contact

    s = validate_settings({"keep_warm_days": "45"})
    new = validate_contact({"name": "Ann"}, default_cadence=s.keep_warm_days)
    assert new.cadence_days == 45
    typed = validate_contact({"name": "Ann", "cadence_days": "14"}, default_cadence=45)
    assert typed.cadence_days == 14
    edited = validate_contact({"name": "Ann"}, base=typed, default_cadence=45)
    assert edited.cadence_days == 14  # an edit keeps the contact's own


# -- values read from the file, one by one ---------------------------------------------------------


@pytest.mark.parametrize("word", ["true", "TRUE", " Yes ", "on", "ON", "1"])
def test_hide_caller_id_written_as_a_yes_word_is_read_without_a_problem(word):
    problems: list[Problem] = []
    assert Settings.from_doc({"hide_caller_id": word}, problems).hide_caller_id is True
    assert problems == []


@pytest.mark.parametrize("word", ["false", "FALSE", " No ", "off", "OFF", "0"])
def test_hide_caller_id_written_as_a_no_word_turns_hiding_off(word):
    problems: list[Problem] = []
    assert Settings.from_doc({"hide_caller_id": word}, problems).hide_caller_id is False
    assert problems == []


def test_hide_caller_id_that_is_not_a_yes_or_no_keeps_hiding_and_says_so():
    problems: list[Problem] = []
    assert Settings.from_doc({"hide_caller_id": "maybe"}, problems).hide_caller_id is True
    assert problems == [Problem("settings", "1", "hide_caller_id", "maybe", "is not true or false")]


def test_one_holiday_written_as_text_rather_than_a_list_is_read():
    problems: list[Problem] = []
    assert Settings.from_doc({"holidays": "2026-12-25"}, problems).holidays == (date(2026, 12, 25),)
    assert problems == []


def test_a_holiday_list_is_read_only_to_its_4000th_value():
    # A file with an endless list opens quickly: values after the 4000th are not looked at.
    doc = {"holidays": ["not a day"] * 4000 + ["2026-12-25"]}
    assert Settings.from_doc(doc).holidays == ()
    doc = {"holidays": ["not a day"] * 3999 + ["2026-12-25"]}
    assert Settings.from_doc(doc).holidays == (date(2026, 12, 25),)


def test_zero_business_days_after_an_outcome_is_kept():
    problems: list[Problem] = []
    settings = Settings.from_doc({"business_days_after": {"voicemail": 0, "sent": 60}}, problems)
    assert settings.days_after("voicemail") == 0
    assert settings.days_after("sent") == 60
    assert problems == []


def test_the_edges_of_each_range_are_read_and_just_past_them_are_not():
    problems: list[Problem] = []
    edges = Settings.from_doc(
        {"work_start_hour": 0, "work_end_hour": 24, "reached_next_days": 1, "keep_warm_days": 1},
        problems,
    )
    assert (edges.work_start_hour, edges.work_end_hour) == (0, 24)
    assert (edges.reached_next_days, edges.keep_warm_days) == (1, 1)
    assert problems == []  # nothing reported as ignored
    past = Settings.from_doc(
        {"work_start_hour": 8, "work_end_hour": 25, "reached_next_days": 0, "keep_warm_days": 0},
        problems,
    )
    assert (past.work_start_hour, past.work_end_hour) == (8, 18)
    assert (past.reached_next_days, past.keep_warm_days) == (7, 30)
    assert {p.field for p in problems} == {"work_end_hour", "reached_next_days", "keep_warm_days"}
    # A working day that ends when it starts has no hour in it: both back to the defaults.
    empty_day = Settings.from_doc({"work_start_hour": 9, "work_end_hour": 9})
    assert (empty_day.work_start_hour, empty_day.work_end_hour) == (8, 18)


def test_whole_numbers_written_as_floats_are_read():
    # Another tool may write 9.0 for 9 (JSON has one number type).
    problems: list[Problem] = []
    s = Settings.from_doc({"work_start_hour": 9.0, "work_end_hour": 17.0}, problems)
    assert (s.work_start_hour, s.work_end_hour) == (9, 17)
    assert problems == []


def test_the_prefix_table_keeps_twenty_regions_of_twenty_characters_and_skips_bad_rows():
    row = {"hide": "*67", "show": "*82"}
    many = {f"R{i:02d}": row for i in range(25)}
    assert list(Settings.from_doc({"prefixes": many}).prefixes) == [f"R{i:02d}" for i in range(20)]
    long_name = "North American Numbering Plan"
    assert list(Settings.from_doc({"prefixes": {long_name: row}}).prefixes) == [long_name[:20]]
    # A row that is not a pair (or has no name) is skipped; the rows after it are still read.
    mixed = {"BAD": 5, "": row, "UK": {"hide": "141", "show": "1470"}}
    assert Settings.from_doc({"prefixes": mixed}).prefixes == {
        "UK": {"hide": "141", "show": "1470"}
    }


def test_an_empty_thank_you_template_is_reported_and_the_default_kept():
    problems: list[Problem] = []
    s = Settings.from_doc({"thank_you_template": " \n "}, problems)
    assert s.thank_you_template == Settings().thank_you_template
    assert [p.field for p in problems] == ["thank_you_template"]
