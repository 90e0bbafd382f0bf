"""The settings form and ``followup-tui settings`` (domain/settings.validate_settings): what is
taken, and the message next to each field that is not."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from followup_tui.domain.settings import (
    Settings,
    add_public_holidays,
    public_holidays,
    settings_fields,
    validate_settings,
)
from followup_tui.domain.validation import FormErrors


def _errors(fields, base=None):  # type: ignore[no-untyped-def]
    with pytest.raises(FormErrors) as caught:
        validate_settings(fields, base)
    return caught.value.errors


def test_public_holidays_from_1900_to_2200_and_of_a_state():
    assert date(1900, 7, 4) in public_holidays("US", 1900)
    assert public_holidays("US", 2200) == public_holidays("us", 2200)
    for year in (1899, 2201):
        with pytest.raises(ValueError) as caught:
            public_holidays("US", year)
        assert str(caught.value) == f"{year} is not a year between 1900 and 2200"
    california = add_public_holidays(Settings(), "US", 2026, "CA").holidays
    assert date(2026, 3, 31) in california  # Cesar Chavez Day
    assert date(2026, 3, 31) not in add_public_holidays(Settings(), "US", 2026).holidays


def test_the_form_shows_the_settings_as_text():
    fields = settings_fields(Settings(timezone="Europe/London", hide_caller_id=False))
    assert (fields["timezone"], fields["hide_caller_id"]) == ("Europe/London", "no")
    fields = settings_fields(Settings())
    assert (fields["timezone"], fields["hide_caller_id"]) == ("", "yes")


def test_region_and_zone_as_typed_or_a_message():
    assert validate_settings({"timezone": "Europe/Paris"}).timezone == "Europe/Paris"
    assert _errors({"home_region": "USA", "timezone": "Mars/Olympus"}) == {
        "home_region": "a region is two letters, e.g. US or GB",
        "timezone": "'Mars/Olympus' is not an IANA time zone (e.g. America/New_York)",
    }


@pytest.mark.parametrize("word", ["yes", "True", "ON", "1"])
def test_every_word_for_yes_hides_the_caller_id(word):
    assert validate_settings(
        {"hide_caller_id": word}, Settings(hide_caller_id=False)
    ).hide_caller_id


@pytest.mark.parametrize("word", ["no", "False", "OFF", "0"])
def test_every_word_for_no_shows_the_caller_id(word):
    assert validate_settings({"hide_caller_id": word}).hide_caller_id is False


def test_hide_caller_id_is_a_yes_or_no():
    assert _errors({"hide_caller_id": "maybe"}) == {"hide_caller_id": "answer yes or no"}


def test_prefixes_separated_by_semicolons():
    typed = "NANP=*67/*82;UK=141/1470; ABCDEFGHIJKLMNOPQRSTUVWXY=#31#/*31#"
    assert validate_settings({"prefixes": typed}).prefixes == {
        "NANP": {"hide": "*67", "show": "*82"},
        "UK": {"hide": "141", "show": "1470"},
        "ABCDEFGHIJKLMNOPQRST": {"hide": "#31#", "show": "*31#"},  # names up to 20 characters
    }


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("=*67/*82", "'=*67/*82': write REGION=HIDE/SHOW, e.g. NANP=*67/*82"),
        ("a=b=*67/*82", "'a=b=*67/*82': write REGION=HIDE/SHOW, e.g. NANP=*67/*82"),
        ("", "at least one region, e.g. NANP=*67/*82"),
        (" ; ", "at least one region, e.g. NANP=*67/*82"),
    ],
)
def test_prefixes_that_cannot_be_read(typed, message):
    assert _errors({"prefixes": typed}) == {"prefixes": message}


@pytest.mark.parametrize(
    ("typed", "hours"),
    [("0-8", (0, 8)), ("8-18", (8, 18)), ("8:0-18:0", (8, 18)), ("23:00-24:00", (23, 24))],
)
def test_work_hours_as_typed(typed, hours):
    settings = validate_settings({"work_hours": typed})
    assert (settings.work_start_hour, settings.work_end_hour) == hours


@pytest.mark.parametrize("typed", ["10-10", "10-25", "18-08", "8:30-18:00", "8"])
def test_work_hours_that_are_not_a_span_of_whole_hours(typed):
    assert _errors({"work_hours": typed}) == {
        "work_hours": "write whole hours like 08:00-18:00 (start before end)"
    }


def test_holidays_by_comma_or_semicolon_at_most_two_thousand():
    typed = "2026-12-25; 2026-12-31, 2026-12-25"
    assert validate_settings({"holidays": typed}).holidays == (
        date(2026, 12, 25),
        date(2026, 12, 31),
    )
    days = [date(2027, 1, 1) + timedelta(days=i) for i in range(2001)]
    most = validate_settings({"holidays": ", ".join(d.isoformat() for d in days[:2000])})
    assert len(most.holidays) == 2000
    too_many = ", ".join(d.isoformat() for d in days)
    assert _errors({"holidays": too_many}) == {"holidays": "at most 2000 holidays"}


def test_days_after_an_outcome_may_be_zero_and_days_to_a_next_step_one():
    settings = validate_settings({"days_after_no_answer": "0", "reached_next_days": "1"})
    assert settings.days_after("no_answer") == 0
    assert settings.reached_next_days == 1
    assert _errors({"days_after_voicemail": "x", "keep_warm_days": "0"}) == {
        "days_after_voicemail": "a whole number of business days from 0 to 60",
        "keep_warm_days": "a whole number of days from 1 to 3650",
    }


def test_the_thank_you_template_is_not_empty_nor_over_4000_characters():
    longest = "T" * 4000
    assert validate_settings({"thank_you_template": longest}).thank_you_template == longest
    assert _errors({"thank_you_template": "  "}) == {
        "thank_you_template": "the template cannot be empty"
    }
    assert _errors({"thank_you_template": longest + "T"}) == {
        "thank_you_template": "at most 4000 characters"
    }


# -- the same settings read from the data file --------------------------------------------------


def test_prefixes_from_the_file_keep_only_dialable_ones():
    from followup_tui.domain.problems import Problem

    doc = {
        "prefixes": {
            "LONGEST": {"hide": "*" * 12, "show": "#31#"},
            "TOO LONG": {"hide": "*" * 13, "show": "#31#"},
            "LETTERS": {"hide": "ab", "show": "#31#"},
            "AN X": {"hide": "X", "show": "#31#"},
        }
    }
    assert Settings.from_doc(doc).prefixes == {"LONGEST": {"hide": "*" * 12, "show": "#31#"}}
    problems: list[Problem] = []
    Settings.from_doc({"prefixes": {"AN X": {"hide": "X", "show": "#31#"}}}, problems)
    assert [p.field for p in problems] == ["prefixes"]


def test_holidays_from_the_file_from_1900_to_2200_and_as_the_form_shows_them():
    doc = {"holidays": ["1899-12-31", "1900-01-01", "2026-12-25T00:00", "2200-12-31", "2201-01-01"]}
    settings = Settings.from_doc(doc)
    assert settings.holidays == (date(1900, 1, 1), date(2026, 12, 25), date(2200, 12, 31))
    assert settings_fields(settings)["holidays"] == "1900-01-01, 2026-12-25, 2200-12-31"


def test_a_region_from_the_file_that_is_not_two_letters_is_reported():
    from followup_tui.domain.problems import Problem

    problems: list[Problem] = []
    assert Settings.from_doc({"home_region": "USA", "timezone": ""}, problems).home_region == "US"
    assert problems == [
        Problem("settings", "1", "home_region", "USA", "is not a region code (two letters)")
    ]
    fine: list[Problem] = []
    assert Settings.from_doc({"home_region": "gb", "timezone": "UTC"}, fine).home_region == "GB"
    blank: list[Problem] = []
    assert Settings.from_doc({"home_region": "", "timezone": "UTC"}, blank).home_region == "US"
    assert fine == blank == []
    zones: list[Problem] = []
    assert Settings.from_doc({"timezone": "Mars/Olympus"}, zones).timezone is None
    assert zones == [
        Problem("settings", "1", "timezone", "Mars/Olympus", "is not a known time zone")
    ]


@pytest.mark.parametrize(
    ("doc", "field", "reason"),
    [
        ({"timezone": 5}, "timezone", "is not text"),
        ({"hide_caller_id": "maybe"}, "hide_caller_id", "is not true or false"),
        ({"prefixes": 5}, "prefixes", "is not a table of dial prefixes"),
        ({"work_start_hour": 24}, "work_start_hour", "is not an hour from 0 to 23"),
        ({"work_end_hour": 0}, "work_end_hour", "is not an hour from 1 to 24"),
        ({"work_end_hour": 25}, "work_end_hour", "is not an hour from 1 to 24"),
        (
            {"work_start_hour": 24, "work_end_hour": 24},
            "work_start_hour",
            "is not an hour from 0 to 23",
        ),
        (
            {"work_start_hour": 1, "work_end_hour": 1},
            "work_end_hour",
            "is not after work_start_hour",
        ),
        (
            {"work_start_hour": 10, "work_end_hour": 9},
            "work_end_hour",
            "is not after work_start_hour",
        ),
        (
            {"work_start_hour": 10, "work_end_hour": 10},
            "work_end_hour",
            "is not after work_start_hour",
        ),
        ({"holidays": 5}, "holidays", "is not a list"),
        (
            {"holidays": ["2026-12-25", "x"]},
            "holidays",
            "holds values that are not dates from 1900 to 2200",
        ),
        ({"business_days_after": 5}, "business_days_after", "is not a table of outcomes and days"),
        (
            {"business_days_after": {"no_answer": 61}},
            "business_days_after",
            "holds days outside 0 to 60",
        ),
        ({"reached_next_days": 0}, "reached_next_days", "is not a number of days from 1 to 365"),
        ({"keep_warm_days": 0}, "keep_warm_days", "is not a number of days from 1 to 3650"),
        ({"thank_you_template": 5}, "thank_you_template", "is not text"),
    ],
)
def test_each_value_of_the_file_that_is_ignored_is_reported_once(doc, field, reason):
    from followup_tui.domain.problems import Problem

    problems: list[Problem] = []
    Settings.from_doc(doc, problems)
    assert problems == [Problem("settings", "1", field, doc[field], reason)]


def test_settings_the_app_wrote_report_nothing():
    from followup_tui.domain.problems import Problem

    doc = Settings(
        timezone="Asia/Tokyo",
        hide_caller_id=False,
        work_start_hour=0,
        work_end_hour=24,
        holidays=(date(2026, 12, 25),),
    ).to_doc()
    doc["business_days_after"]["a future outcome"] = 99
    doc["hide_caller_id"] = "yes"
    doc["holidays"] = "2026-12-25"
    problems: list[Problem] = []
    assert Settings.from_doc(doc, problems).work_end_hour == 24
    assert problems == []
    early = {"work_start_hour": 0, "work_end_hour": 1}
    assert Settings.from_doc(early, problems).work_end_hour == 1
    assert problems == []
