"""Edges of the snapshot: what it reports and keeps aside, and how it keeps count.

Covers the problems of a table or a record that cannot be read (each with its value as
written), which table holds the attempts, the ignored values put back by the exports
(``raw_fields``), the index of problems by record, two readers of one contact at once, and the
attempt count after a contact is removed.
"""

from __future__ import annotations

from typing import Any

import pytest

from followup_tui.domain import snapshot as snapshot_module
from followup_tui.domain.problems import Problem
from followup_tui.domain.snapshot import Snapshot

BAD_KEY = "its id is not a plain whole number from 1 (like 12)"


def _attempt(cid: int, day: int, outcome: str = "no_answer") -> dict[str, Any]:
    return {
        "contact_id": cid,
        "at": f"2026-11-{day:02d}T15:00:00+00:00",
        "channel": "phone",
        "outcome": outcome,
    }


# -- what cannot be read is reported with its value --------------------------------------------


@pytest.mark.parametrize(
    ("name", "value"),
    [("contacts", ["Ann"]), ("news", "none yet"), ("settings", 7)],
)
def test_a_table_that_is_not_a_json_object_is_reported_once_with_its_value(
    name: str, value: Any
) -> None:
    snap = Snapshot.from_tables({name: value})
    assert snap.problems == [Problem(name, "", None, value, "the table is not a JSON object")]
    assert (snap.contacts, snap.news, snap.aside) == ({}, {}, {})


def test_a_contact_under_a_key_with_a_leading_zero_is_kept_aside_and_reported_as_written() -> None:
    # "07" passes the data file's check (digits) but is not a plain id.
    ann = {"name": "Ann"}
    snap = Snapshot.from_tables({"contacts": {"07": ann, "8": {"name": "Bo"}}})
    assert list(snap.contacts) == [8]
    assert snap.aside == {("contacts", "07"): ann}
    assert snap.problems == [Problem("contacts", "07", None, ann, BAD_KEY)]
    assert [str(p) for p in snap.problems] == [f"contact 07: {BAD_KEY}, kept aside"]


def test_an_attempt_that_is_not_a_json_object_is_kept_aside_as_written() -> None:
    snap = Snapshot.from_tables(
        {"contacts": {"1": {"name": "Ann"}}, "attempts": {"4": _attempt(1, 20), "5": "call"}}
    )
    assert snap.aside == {("attempts", "5"): "call"}
    assert snap.problems == [Problem("attempts", "5", None, "call", "is not a JSON object")]
    assert [a.id for a in snap.attempts_for(1)] == [4]
    assert snap.attempt_count == 1


# -- which table holds the attempts --------------------------------------------------------------


@pytest.mark.parametrize("look_alike", ["ATTEMPTS", "Attempts", "XXattemptsXX", "attempts_old"])
def test_only_the_table_named_attempts_holds_attempts(look_alike: str) -> None:
    # Another tool's table next to ours, however close its name, is not read.
    tables = {
        "contacts": {"1": {"name": "Ann"}},
        "attempts": {"1": _attempt(1, 20, "busy")},
        look_alike: {"2": _attempt(1, 21, "reached"), "3": _attempt(1, 22, "sent")},
    }
    snap = Snapshot.from_tables(tables)
    assert snap.attempt_count == 1
    assert [(a.id, a.outcome) for a in snap.attempts_for(1)] == [(1, "busy")]
    assert snap.problems == []


# -- ignored values the exports put back ---------------------------------------------------------


def test_a_settings_value_ignored_after_an_interviews_problem_is_still_put_back() -> None:
    # The interview's problem is met before the settings' one: both are reported, and the
    # settings' ignored time zone is still written back as it was.
    tables = {
        "interviews": {"1": {"company": 7, "at": "2026-11-20T15:00:00+00:00"}},
        "settings": {"1": {"timezone": 5, "reached_next_days": 9}},
    }
    snap = Snapshot.from_tables(tables)
    assert [str(p) for p in snap.problems] == [
        "interview 1: company 7 is not text, ignored",
        "settings: timezone 5 is not text, ignored",
    ]
    assert snap.settings.reached_next_days == 9
    assert snap.raw_fields("settings", 1) == {"timezone": 5}


def test_an_attempt_kept_aside_for_its_time_has_no_fields_to_put_back() -> None:
    # An attempt kept aside is exported whole from ``aside``; only attempts that were read
    # get their ignored values back.
    maybe = {**_attempt(1, 20), "caller_id": "maybe"}
    soon = {**_attempt(1, 21), "at": "soon"}
    snap = Snapshot.from_tables(
        {"contacts": {"1": {"name": "Ann"}}, "attempts": {"1": maybe, "2": soon}}
    )
    assert [a.id for a in snap.attempts_for(1)] == [1]
    assert snap.aside == {("attempts", "2"): soon}
    assert [str(p) for p in snap.problems] == [
        'attempt 1: caller_id "maybe" is not one of hidden, shown, ignored',
        'attempt 2: at "soon" is not a date-time (ISO 8601), ignored',
    ]
    assert snap.raw_fields("attempts", 1) == {"caller_id": "maybe"}
    assert snap.raw_fields("attempts", 2) == {}


# -- the problems of one record -------------------------------------------------------------------


def test_the_problems_of_a_record_include_those_found_after_the_first_look() -> None:
    tables = {
        "contacts": {"1": {"name": "Ann", "cadence_days": 3000000}},
        "attempts": {"1": _attempt(1, 20), "2": {**_attempt(1, 21), "duration_s": -5}},
    }
    snap = Snapshot.from_tables(tables)
    # The contact's problem is known at once; the attempt's only once its attempts are read.
    assert [str(p) for p in snap.problems_of("contacts", 1)] == [
        "contact 1: cadence_days 3000000 is out of range, ignored"
    ]
    assert snap.problems_of("attempts", 2) == []
    snap.attempts_for(1)
    assert [str(p) for p in snap.problems_of("attempts", 2)] == [
        "attempt 2: duration_s -5 is out of range, ignored"
    ]
    assert snap.problems_of("attempts", "2") == snap.problems_of("attempts", 2)
    assert snap.problems_of("attempts", 1) == []
    assert len(snap.problems_of("contacts", 1)) == 1


# -- reading from two threads ---------------------------------------------------------------------


def test_two_readers_of_one_contact_get_the_same_attempts_and_count_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The UI reads a contact's attempts while ``parse_all`` (off the UI thread) reads them too
    # and finishes first: both get them, and the one kept aside is taken off the count once.
    tables = {
        "contacts": {"1": {"name": "Ann"}, "2": {"name": "Bo"}},
        "attempts": {
            "1": _attempt(1, 20),
            "2": {**_attempt(1, 21), "at": "soon"},
            "3": _attempt(1, 22),
            "4": _attempt(2, 20),
        },
    }
    snap = Snapshot.from_tables(tables)
    assert snap.attempt_count == 4
    real_parse = snapshot_module._parse
    readers: list[str] = []
    other_reader: list[list[Any]] = []

    def parse_while_the_other_reader_finishes(*args: Any) -> Any:
        parsed = real_parse(*args)
        if not readers:  # the first reader: the other one reads the contact meanwhile
            readers.append("other")
            other_reader.append(snap.attempts_for(1))
        return parsed

    monkeypatch.setattr(snapshot_module, "_parse", parse_while_the_other_reader_finishes)
    mine = snap.attempts_for(1)
    assert [a.id for a in mine] == [1, 3]
    assert mine == other_reader[0]
    assert snap.attempt_count == 3
    assert [a.id for a in snap.attempts_for(1)] == [1, 3]
    assert [str(p) for p in snap.problems] == [
        'attempt 2: at "soon" is not a date-time (ISO 8601), ignored'
    ]


# -- removing a contact ---------------------------------------------------------------------------


def test_removing_a_contact_takes_only_its_attempts_off_the_count() -> None:
    tables = {
        "contacts": {"1": {"name": "Ann"}, "2": {"name": "Bo"}},
        "attempts": {
            "1": _attempt(1, 20),
            "2": _attempt(2, 20),
            "3": _attempt(1, 21),
            "4": _attempt(2, 21),
            "5": _attempt(2, 22),
        },
    }
    snap = Snapshot.from_tables(tables)
    assert snap.attempt_count == 5
    snap.remove_contact(1)  # its attempts not read yet
    assert list(snap.contacts) == [2]
    assert snap.attempt_count == 3
    assert snap.attempts_for(1) == []
    assert sorted(a.id for a in snap.all_attempts()) == [2, 4, 5]
    snap.remove_contact(2)  # read already
    assert (snap.contacts, snap.attempt_count) == ({}, 0)
