"""What a command and the problems screen say about values of the data file they ignore
(domain/problems, PRODUCT.md section 9): the record, the field, the value as written."""

from __future__ import annotations

from followup_tui.domain.problems import Problem, UnusableRecord, summary_lines


def test_a_number_too_big_for_json_is_still_shown():
    # Python reads any whole number; 2**70 is more than a JSON writer takes (64 bits).
    problem = Problem("contacts", "3", "cadence_days", 2**70, "is out of range", 3)
    assert str(problem) == (
        "contact 3: cadence_days 1180591620717411303424 is out of range, ignored"
    )


def test_a_long_value_is_cut_after_48_characters():
    fits = "a" * 46  # 48 characters with its quotes
    problem = Problem("contacts", "3", "timezone", fits, "is not a known time zone", 3)
    assert str(problem) == f'contact 3: timezone "{fits}" is not a known time zone, ignored'
    cut = Problem("contacts", "3", "timezone", fits + "b", "is not a known time zone", 3)
    assert str(cut) == f'contact 3: timezone "{fits}… is not a known time zone, ignored'


def test_an_unusable_record_says_what_is_wrong():
    problem = Problem("attempts", "9", "at", None, "is missing", 2)
    error = UnusableRecord(problem)
    assert str(error) == "attempt 9: at is missing, ignored"
    assert error.problem is problem


def _problems(count):
    return [Problem("contacts", str(i), "tags", 5, "is not a list", i) for i in range(1, count + 1)]


def test_at_most_twenty_problems_are_listed_then_how_many_more():
    assert summary_lines(_problems(20)) == [
        f"contact {i}: tags 5 is not a list, ignored" for i in range(1, 21)
    ]
    lines = summary_lines(_problems(21))
    assert len(lines) == 21
    assert lines[-1] == "and 1 more problem like these"
    assert summary_lines(_problems(22))[-1] == "and 2 more problems like these"
    assert summary_lines(_problems(3), limit=1) == [
        "contact 1: tags 5 is not a list, ignored",
        "and 2 more problems like these",
    ]
