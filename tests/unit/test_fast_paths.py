"""The fast paths of reading a data file give exactly what the plain code gives.

Each fast path (clean text, UTC instants, attempt documents, the snapshot's lazy per-contact
parse) is compared with a straightforward reference written here.
"""

from __future__ import annotations

import gc
import re
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup_tui.domain.models import Attempt, Contact, Settings, parse_instant
from followup_tui.domain.problems import Problem, UnusableRecord
from followup_tui.domain.rules import (
    due_queue,
    history_of,
    history_of_marks,
    summarize,
    summarize_history,
)
from followup_tui.domain.snapshot import Snapshot, gc_paused
from followup_tui.domain.text import clean_text
from followup_tui.domain.vocab import CALLER_IDS, CHANNELS, OUTCOMES
from followup_tui.domain.zones import zone

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ANSI = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[@-Z\\-_]"
)


def reference_clean_text(value: object, *, multiline: bool = False) -> str:
    """One-line text is stripped; multi-line text (a note) keeps its surrounding white space
    unless it is nothing else."""
    if value is None:
        return ""
    text = _ANSI.sub("", str(value))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if not multiline:
        text = text.replace("\n", " ")
    text = _CONTROL.sub("", text)
    if multiline:
        return text if text.strip() else ""
    return text.strip()


def reference_parse_instant(value: Any) -> datetime:
    if isinstance(value, datetime):
        dt = value
    else:
        text = str(value).strip()
        if text.endswith("Z"):
            text = text[:-1] + "+00:00"
        dt = datetime.fromisoformat(text)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def reference_attempt(doc: dict[str, Any], doc_id: int) -> Attempt:
    """PRODUCT.md section 9 written out plainly: ids are whole numbers from 1, a duration is
    0 to 24 hours, news ids a list of ids, a note text; anything else is ignored (the default),
    and an attempt without a usable contact id or time cannot be placed."""
    contact_id = doc.get("contact_id")
    if type(contact_id) is not int or contact_id < 1:
        raise UnusableRecord(Problem("attempts", str(doc_id), "contact_id", contact_id, "bad"))
    at = reference_parse_instant(doc["at"])
    if not datetime(1900, 1, 1, tzinfo=UTC) <= at < datetime(2201, 1, 1, tzinfo=UTC):
        raise UnusableRecord(Problem("attempts", str(doc_id), "at", doc["at"], "bad"))
    channel = doc.get("channel")
    channel = channel if isinstance(channel, str) and channel in CHANNELS else "phone"
    outcome = doc.get("outcome")
    outcome = outcome if isinstance(outcome, str) and outcome in OUTCOMES else "no_answer"
    caller_id = doc.get("caller_id")
    caller_id = caller_id if isinstance(caller_id, str) and caller_id in CALLER_IDS else None
    duration = doc.get("duration_s")
    if isinstance(duration, float) and duration.is_integer():
        duration = int(duration)
    if type(duration) is not int or not 0 <= duration <= 86400:
        duration = None
    note = doc.get("note")
    news = doc.get("news_ids")
    good_news = isinstance(news, list) and all(type(n) is int and n >= 1 for n in news)
    return Attempt(
        contact_id=contact_id,
        at=at,
        channel=channel,
        outcome=outcome,
        caller_id=caller_id,
        duration_s=duration,
        note=reference_clean_text(note, multiline=True) if isinstance(note, str) else "",
        news_ids=tuple(news) if good_news else (),
        id=doc_id,
    )


TRICKY = st.sampled_from(
    [
        "\x1b[31m",
        "\x1b]0;t\x07",
        "\x9b2J",
        "\x9d0;x\x9c",
        "\t",
        "\n",
        "\r\n",
        "\x00",
        "\x85",
        "\xa0",
    ]
)
TEXT = st.lists(st.one_of(st.text(max_size=8), TRICKY), max_size=6).map("".join)


@given(TEXT, st.booleans())
def test_clean_text_matches_the_reference(text: str, multiline: bool) -> None:
    assert clean_text(text, multiline=multiline) == reference_clean_text(text, multiline=multiline)


def test_clean_text_examples() -> None:
    assert clean_text("  Ann Lee  ") == "Ann Lee"
    assert clean_text("Zoë\xa0") == "Zoë"
    assert clean_text("a\tb\nc") == "a b c"
    assert clean_text(42) == "42"


INSTANTS = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)
)


@given(INSTANTS, st.integers(min_value=-14 * 60, max_value=14 * 60), st.sampled_from(range(4)))
def test_parse_instant_matches_the_reference(instant: datetime, offset_min: int, form: int) -> None:
    zone = timezone(timedelta(minutes=offset_min))
    local = instant.astimezone(zone)
    text = [
        local.isoformat(),
        instant.isoformat().replace("+00:00", "Z"),
        f" {local.isoformat()} ",
        local.replace(tzinfo=None).isoformat(),
    ][form]
    parsed = parse_instant(text)
    assert parsed == reference_parse_instant(text)
    assert parsed.tzinfo is UTC
    assert parsed.utcoffset() == timedelta(0)


def test_parse_instant_rejects_what_the_reference_rejects() -> None:
    for bad in ("yesterday", "2026-13-01T00:00:00+00:00", ""):
        with pytest.raises(ValueError):
            reference_parse_instant(bad)
        with pytest.raises(ValueError):
            parse_instant(bad)


ODD = st.one_of(
    st.none(), st.integers(-3, 3), st.text(max_size=4), st.lists(st.integers(), max_size=2)
)
DOCS = st.fixed_dictionaries(
    {
        "contact_id": st.one_of(st.integers(1, 9), st.sampled_from(["4", True])),
        "at": INSTANTS.map(lambda d: d.isoformat()),
    },
    optional={
        "channel": st.one_of(st.sampled_from(CHANNELS), ODD),
        "outcome": st.one_of(st.sampled_from(OUTCOMES), ODD),
        "caller_id": st.one_of(st.sampled_from(CALLER_IDS), ODD),
        "duration_s": st.one_of(st.integers(0, 5000), st.sampled_from(["12", "x", "", 1.5]), ODD),
        "note": st.one_of(TEXT, ODD),
        "news_ids": st.one_of(st.lists(st.one_of(st.integers(1, 9), st.just("x"))), st.none()),
    },
)


@given(DOCS, st.integers(1, 10**6))
def test_attempt_from_doc_matches_the_reference(doc: dict[str, Any], doc_id: int) -> None:
    try:
        expected = reference_attempt(doc, doc_id)
    except UnusableRecord as exc:
        with pytest.raises(UnusableRecord) as raised:
            Attempt.from_doc(doc, doc_id)
        assert raised.value.problem.field == exc.problem.field
        return
    assert Attempt.from_doc(doc, doc_id) == expected


def _doc(cid: Any, at: str, outcome: str = "no_answer") -> dict[str, Any]:
    return {"contact_id": cid, "at": at, "channel": "phone", "outcome": outcome}


def test_snapshot_orders_attempts_by_time_then_id_and_keeps_bad_documents_aside() -> None:
    t1, t2 = "2026-11-20T10:00:00+00:00", "2026-11-21T10:00:00+00:00"
    tables = {
        "contacts": {"1": {"name": "Ann"}, "2": {"name": "Bo"}},
        # Out of id order, like a file where a deleted attempt was restored under its own id.
        "attempts": {
            "5": _doc(1, t2),
            "3": _doc(1, t1, "busy"),
            "4": _doc(1, t1, "voicemail"),
            "x": _doc(1, t1),
            "6": {"at": t1},
            "7": _doc("zz", t1),
            "8": _doc("2", t2, "reached"),
            "9": _doc(2, t1, "sent"),
        },
    }
    snap = Snapshot.from_tables(tables)
    assert snap.attempt_count == 4
    assert [a.id for a in snap.attempts_for(1)] == [3, 4, 5]
    assert [a.outcome for a in snap.attempts_for(1)] == ["busy", "voicemail", "no_answer"]
    # A contact id written as text is not an id: that attempt is kept aside, not moved.
    assert [a.id for a in snap.attempts_for(2)] == [9]
    assert snap.attempts_for(3) == []
    assert snap.attempts_for(1) is snap.attempts_for(1)
    assert sorted(key for _table, key in snap.aside) == ["6", "7", "8", "x"]
    assert [str(p) for p in snap.problems] == [
        "attempt x: its id is not a plain whole number from 1 (like 12), kept aside",
        "attempt 6: contact_id is missing, ignored",
        'attempt 7: contact_id "zz" is not an id (a whole number from 1), ignored',
        'attempt 8: contact_id "2" is not an id (a whole number from 1), ignored',
    ]


def test_equal_times_keep_id_order_and_new_attempts_slot_in() -> None:
    at = "2026-11-20T10:00:00+00:00"
    tables = {"attempts": {str(i): _doc(1, at) for i in range(1, 6)}}
    snap = Snapshot.from_tables(tables)
    assert [a.id for a in snap.attempts_for(1)] == [1, 2, 3, 4, 5]
    earlier = Attempt(1, datetime(2026, 11, 19, tzinfo=UTC), id=7)
    same = Attempt(1, datetime(2026, 11, 20, 10, tzinfo=UTC), id=6)
    snap.add_attempt(same)
    snap.add_attempt(earlier)
    assert [a.id for a in snap.attempts_for(1)] == [7, 1, 2, 3, 4, 5, 6]
    assert snap.attempt_count == 7
    assert snap.remove_attempt(3, 1) is not None
    assert [a.id for a in snap.attempts_for(1)] == [7, 1, 2, 4, 5, 6]
    assert snap.attempt_count == 6


def test_parse_all_and_all_attempts_see_every_attempt_once() -> None:
    tables = {
        "attempts": {
            str(i): _doc(i % 7 + 1, f"2026-11-{i % 28 + 1:02d}T10:00:00+00:00")
            for i in range(1, 200)
        }
    }
    snap = Snapshot.from_tables(tables)
    snap.attempts_for(3)
    assert sorted(a.id for a in snap.all_attempts()) == list(range(1, 200))
    snap.parse_all()
    assert sum(len(snap.attempts_for(c)) for c in range(1, 8)) == 199
    assert sorted(a.id for a in snap.all_attempts()) == list(range(1, 200))


def test_gc_paused_restores_the_collector_state() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), gc_paused():
        assert not gc.isenabled()
        raise RuntimeError("boom")
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_attempts_built_on_the_fast_path_are_ordinary_frozen_records() -> None:
    import dataclasses

    doc = _doc(3, "2026-11-20T10:00:00+00:00", "voicemail")
    made = Attempt.from_doc({**doc, "note": " hi ", "news_ids": [2, 1]}, 12)
    built = Attempt(
        3,
        datetime(2026, 11, 20, 10, tzinfo=UTC),
        "phone",
        "voicemail",
        None,
        None,
        " hi ",
        (2, 1),
        12,
    )
    assert made == built and hash(made) == hash(built) and repr(made) == repr(built)
    assert made.with_id(13).id == 13
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.note = "changed"  # type: ignore[misc]


def test_a_subclass_of_attempt_is_built_through_its_own_constructor() -> None:
    from dataclasses import dataclass

    @dataclass(frozen=True, slots=True)
    class Tagged(Attempt):
        def __post_init__(self) -> None:
            object.__setattr__(self, "note", self.note.upper())

    made = Tagged.from_doc({**_doc(1, "2026-11-20T10:00:00+00:00"), "note": "call"}, 4)
    assert type(made) is Tagged and made.note == "CALL" and made.id == 4


def test_reading_never_waits_for_the_lock_and_writing_takes_it(db_path) -> None:
    from filelock import FileLock as OtherCopy  # how older followup-tui releases lock

    from followup_tui.domain.models import Contact
    from followup_tui.storage import Store
    from followup_tui.storage.errors import LockTimeout

    store = Store.open(db_path)
    store.add_contact(Contact(name="Ann"))
    store.close()
    other = OtherCopy(str(db_path) + ".lock", thread_local=False)
    reader = Store(db_path, lock_timeout=0.1)
    with other:
        assert [c.name for c in reader.snapshot().contacts.values()] == ["Ann"]
        with pytest.raises(LockTimeout):
            reader.add_contact(Contact(name="Bo"))
    reader.add_contact(Contact(name="Bo"))
    assert not reader._lock.is_locked  # given back after the write
    with other:  # and the other copy can take it
        pass
    assert sorted(c.name for c in Store.open(db_path).snapshot().contacts.values()) == [
        "Ann",
        "Bo",
    ]


# -- summaries from marks (followup-tui due) ---------------------------------------------------


def reference_summarize(
    contact: Any, attempts: list[Attempt], settings: Any, zone_name: str, now: datetime
) -> tuple[Any, ...]:
    """The follow-up rules over whole Attempt records, written out plainly (PRODUCT.md 5)."""
    from followup_tui.domain.rules import (
        add_business_days,
        business_days_between,
        day_words,
        local_date,
        next_business_day_on_or_after,
    )
    from followup_tui.domain.vocab import OUTCOME_LABELS, WRITTEN_CHANNELS

    today = local_date(now, zone_name)
    last = attempts[-1] if attempts else None
    hol = settings.holidays
    last_day = local_date(last.at, zone_name) if last else None
    step = contact.next_step_on
    if step is not None and last_day is not None and step < last_day:
        step = None  # set for an earlier conversation
    if contact.status == "closed":
        next_due = None
    elif contact.status == "paused":
        next_due = contact.paused_until
    elif step is not None:
        next_due = step
    elif last is None or last_day is None:
        created = contact.created_at
        next_due = today if created is None else min(local_date(created, zone_name), today)
    elif contact.status == "keep_warm":
        next_due = next_business_day_on_or_after(
            last_day + timedelta(days=contact.cadence_days), hol
        )
    elif last.outcome in ("reached", "met"):
        next_due = next_business_day_on_or_after(
            last_day + timedelta(days=settings.reached_next_days), hol
        )
    elif last.outcome == "replied":
        next_due = None
    else:
        next_due = add_business_days(last_day, settings.days_after(last.outcome), hol)
    overdue = business_days_between(next_due, today, hol) if next_due else 0
    answers = [i for i, a in enumerate(attempts) if a.outcome in ("reached", "replied", "met")]
    streak = attempts[answers[-1] + 1 :] if answers else attempts
    silent = max(0, (today - local_date(streak[0].at, zone_name)).days) if streak else None
    written = len(attempts) >= 2 and all(a.channel in WRITTEN_CHANNELS for a in attempts[-2:])
    needs = (
        contact.status in ("pursuing", "in_talks")
        and last is not None
        and last.outcome in ("reached", "replied", "met")
        and step is None
    )
    n = len(attempts)
    count = f"{n} attempt{'s' * (n != 1)}"
    if contact.status == "closed":
        label = f"closed: {(contact.closed_reason or 'closed').replace('_', ' ')}"
    elif contact.status == "paused":
        label = (
            f"paused until {day_words(contact.paused_until, today)}"
            if contact.paused_until
            else "paused"
        )
    elif last is None:
        label = "no attempts yet"
    elif silent is not None:
        days = f"{silent} day{'s' * (silent != 1)} silent"
        if len(streak) == n:
            label = f"{count} · {days}"
        else:
            label = f"{count} · {len(streak)} since last reply · {days}"
    else:
        ago = max(0, (today - local_date(last.at, zone_name)).days)
        when = "today" if ago == 0 else f"{ago} day{'s' * (ago != 1)} ago"
        label = f"{count} · {OUTCOME_LABELS[last.outcome]} {when}"
        if needs:
            label += " · needs a next step"
    if not contact.phones:
        if contact.emails:
            channel = "email"
        else:
            channel = last.channel if last and last.channel in WRITTEN_CHANNELS else None
    elif written:
        channel = "phone"
    elif (
        last is not None
        and last.channel in WRITTEN_CHANNELS
        and (last.channel != "email" or contact.emails)
    ):
        channel = last.channel
    else:
        channel = "phone"
    return (
        contact.id,
        len(attempts),
        last.at if last else None,
        next_due,
        overdue,
        silent,
        channel,
        label,
        len(streak),
        needs,
    )


def _fields(summary: Any) -> tuple[Any, ...]:
    return (
        summary.contact_id,
        summary.attempts,
        summary.last_touch,
        summary.next_due,
        summary.overdue_days,
        summary.silent_days,
        summary.suggested_channel,
        summary.label,
        summary.since_reply,
        summary.needs_next_step,
    )


AROUND_NOW = st.datetimes(
    min_value=datetime(2026, 9, 1), max_value=datetime(2026, 12, 31), timezones=st.just(UTC)
)


@st.composite
def stored_at(draw: st.DrawFn) -> Any:
    """An ``at`` as the data file may hold it: mostly our form, also Z, other offsets, no
    offset, microseconds, padding, nonsense, a number, or nothing."""
    instant = draw(AROUND_NOW)
    form = draw(st.integers(0, 9))
    if form <= 3:
        return instant.replace(microsecond=0).isoformat()  # the canonical form
    if form == 4:
        return instant.isoformat().replace("+00:00", "Z")
    if form == 5:
        offset = timezone(timedelta(minutes=draw(st.integers(-14 * 60, 14 * 60))))
        return instant.astimezone(offset).isoformat()
    if form == 6:
        return instant.replace(tzinfo=None).isoformat()
    if form == 7:
        return f" {instant.isoformat()}"
    return draw(st.sampled_from(["2026-13-01T00:00:00+00:00", "soon", "", 20261126, None]))


HISTORY_DOCS = st.lists(
    st.fixed_dictionaries(
        {
            "contact_id": st.sampled_from([1, 2, "2"]),
            "at": stored_at(),
        },
        optional={
            # Mostly real values, so long answered and silent streaks occur.
            "channel": st.one_of(st.sampled_from(CHANNELS), st.sampled_from(CHANNELS), ODD),
            "outcome": st.one_of(st.sampled_from(OUTCOMES), st.sampled_from(OUTCOMES), ODD),
            "caller_id": st.one_of(st.sampled_from(CALLER_IDS), ODD),
            "duration_s": st.one_of(st.integers(0, 5000), st.sampled_from(["12", "x", 1.5])),
            "note": st.one_of(st.text(max_size=4), ODD),
            "news_ids": st.one_of(
                st.lists(st.one_of(st.integers(1, 9), st.just("x")), max_size=2),
                st.sampled_from([None, 5, True, {"1": 2}]),
            ),
        },
    ),
    max_size=14,
)
CONTACTS = st.builds(
    lambda status, step, paused, created, cadence, phones, emails: Contact(
        name="Dana",
        phones=phones,
        emails=emails,
        status=status,
        next_step_on=step,
        paused_until=paused,
        created_at=created,
        cadence_days=cadence,
        closed_reason="declined" if status == "closed" else None,
    ),
    st.sampled_from(["pursuing", "pursuing", "in_talks", "keep_warm", "paused", "closed"]),
    st.one_of(st.none(), st.dates(date(2026, 9, 1), date(2027, 1, 31))),
    st.one_of(st.none(), st.dates(date(2026, 9, 1), date(2027, 1, 31))),
    st.one_of(st.none(), AROUND_NOW),
    st.integers(1, 40),
    st.sampled_from([(), ("+12125550121",)]),
    st.sampled_from([(), ("dana@example.com",)]),
)


@given(
    HISTORY_DOCS,
    st.lists(st.integers(1, 40), unique=True, min_size=14, max_size=14),
    st.lists(st.booleans(), min_size=14, max_size=14),
    CONTACTS,
    AROUND_NOW,
    st.sampled_from(["America/New_York", "Asia/Tokyo", "UTC"]),
    st.lists(st.dates(date(2026, 9, 1), date(2027, 1, 31)), max_size=3),
    st.integers(0, 5),
    st.integers(1, 14),
)
def test_summaries_from_marks_match_the_rules_over_whole_attempts(
    docs: list[dict[str, Any]],
    ids: list[int],
    padded: list[bool],
    contact: Contact,
    now: datetime,
    zone_name: str,
    holidays: list[date],
    days_after: int,
    reached_days: int,
) -> None:
    # Ids in any order; "07" and "7" are the same id (a foreign file), kept in file order.
    keys = [f"0{i}" if pad else str(i) for i, pad in zip(ids, padded, strict=True)]
    tables = {
        "contacts": {"1": contact.to_doc(), "2": {"name": "Bo", "status": "pursuing"}},
        "attempts": dict(zip(keys, docs, strict=False)),
        "settings": {
            "1": Settings(
                holidays=tuple(holidays),
                business_days_after={**Settings().business_days_after, "voicemail": days_after},
                reached_next_days=reached_days,
            ).to_doc()
        },
    }
    lazy = Snapshot.from_tables(tables)
    parsed = Snapshot.from_tables(tables)
    parsed.parse_all()
    settings = parsed.settings
    today = now.astimezone(zone(zone_name)).date()
    expected_due = []
    for cid in (1, 2):
        attempts = parsed.attempts_for(cid)
        marks = lazy.attempt_marks(cid)
        assert marks == [(a.at, a.id, a.outcome, a.channel) for a in attempts]
        assert parsed.attempt_marks(cid) == marks
        assert history_of_marks(marks) == history_of(attempts)
        who = parsed.contacts[cid]
        expected = reference_summarize(who, attempts, settings, zone_name, now)
        assert _fields(summarize(who, attempts, settings, zone_name, now)) == expected
        fast = summarize_history(who, history_of_marks(marks), settings, zone_name, now)
        assert _fields(fast) == expected
        if expected[3] is not None and expected[3] <= today and who.status != "closed":
            expected_due.append(expected)
    assert not lazy._attempts  # the marks built no Attempt records
    queue = due_queue(lazy, zone_name, now)
    assert sorted((_fields(s) for _, s in queue), key=str) == sorted(expected_due, key=str)
    assert due_queue(parsed, zone_name, now) == queue


def test_marks_of_a_foreign_history_examples() -> None:
    # Z, another offset, a bad month and a missing time: the marks are those of the attempts.
    tables = {
        "contacts": {"1": {"name": "Ann"}},
        "attempts": {
            "1": {"contact_id": 1, "at": "2026-11-20T15:00:00Z", "outcome": "voicemail"},
            "2": {"contact_id": 1, "at": "2026-11-20T09:30:00-05:00", "outcome": "reached"},
            "3": {"contact_id": 1, "at": "2026-13-01T00:00:00+00:00", "outcome": "busy"},
            "4": {"contact_id": 1, "outcome": "busy"},
            "5": {"contact_id": 1, "at": "2026-11-23T10:00:00+00:00", "news_ids": 5},
            "6": {
                "contact_id": 1,
                "at": "2026-11-24T10:00:00+00:00",
                "outcome": "sent",
                "channel": "email",
            },
        },
    }
    snap = Snapshot.from_tables(tables)
    marks = snap.attempt_marks(1)
    assert marks == [
        (datetime(2026, 11, 20, 14, 30, tzinfo=UTC), 2, "reached", "phone"),
        (datetime(2026, 11, 20, 15, 0, tzinfo=UTC), 1, "voicemail", "phone"),
        # news_ids 5 is not a list: ignored; the attempt counts.
        (datetime(2026, 11, 23, 10, 0, tzinfo=UTC), 5, "no_answer", "phone"),
        (datetime(2026, 11, 24, 10, 0, tzinfo=UTC), 6, "sent", "email"),
    ]
    assert [str(p) for p in snap.problems] == [
        'attempt 3: at "2026-13-01T00:00:00+00:00" is not a date-time (ISO 8601), ignored',
        "attempt 4: at is missing, ignored",
        "attempt 5: news_ids 5 is not a list, ignored",
    ]
    history = history_of_marks(marks)
    assert (history.attempts, history.streak_len, history.last_outcome) == (4, 3, "sent")
    assert history.streak_start_at == datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
    assert not history.last_two_written  # voicemail was a call


#: A complete attempt as the app writes it, and one bad value for each of its fields.
COMPLETE_ATTEMPT = {
    "contact_id": 1,
    "at": "2026-11-20T15:00:00+00:00",
    "channel": "phone",
    "outcome": "voicemail",
    "caller_id": "hidden",
    "duration_s": 40,
    "note": "left a message",
    "news_ids": [],
}
ONE_BAD_VALUE = [
    ("at", "2026-11-20T15:00:00+24:00"),  # an offset out of range
    ("at", "20 November"),
    ("at", 5),
    ("at", "2201-01-01T00:00:00+00:00"),  # the first instant out of range
    ("channel", "fax"),
    ("channel", 5),
    ("outcome", "won"),
    ("outcome", 3),
    ("caller_id", "maybe"),
    ("caller_id", 1),
    ("duration_s", -1),
    ("duration_s", 86401),
    ("duration_s", "60"),
    ("duration_s", 1.5),
    ("note", 5),
    ("news_ids", [0]),
    ("news_ids", ["3"]),
    ("news_ids", 3),
    ("news_ids", [2, -1]),
]


@pytest.mark.parametrize(("field", "bad"), ONE_BAD_VALUE)
def test_one_bad_value_beside_good_ones_is_reported_by_the_marks_as_by_the_attempts(
    field: str, bad: Any
) -> None:
    # What `due` reads (the marks) reports every problem that opening the file in the app
    # (whole attempts) reports, and counts the attempt the same way.
    good = {**COMPLETE_ATTEMPT, "at": "2026-11-21T15:00:00+00:00"}
    tables = {
        "contacts": {"1": {"name": "Ann"}},
        "attempts": {"1": {**COMPLETE_ATTEMPT, field: bad}, "2": good},
    }
    lazy = Snapshot.from_tables(tables)
    marks = lazy.attempt_marks(1)
    parsed = Snapshot.from_tables(tables)
    parsed.parse_all()
    assert marks == [(a.at, a.id, a.outcome, a.channel) for a in parsed.attempts_for(1)]
    assert [str(p) for p in lazy.problems] == [str(p) for p in parsed.problems]
    assert len(lazy.problems) == 1 and lazy.problems[0].field == field


@pytest.mark.parametrize("note", ["plain", 5], ids=["plain", "read-one-by-one"])
def test_attempts_at_the_same_time_are_in_id_order_whatever_the_files_order(note: Any) -> None:
    # A file another tool wrote: ids out of order. Both readings give (time, id) order, for
    # plain attempts and for ones with a bad value (read one by one, the value ignored).
    at = "2026-11-20T15:00:00+00:00"
    base = {**COMPLETE_ATTEMPT, "note": note}
    tables = {
        "contacts": {"1": {"name": "Ann"}},
        "attempts": {
            "5": {**base, "at": at, "outcome": "busy"},
            "3": {**base, "at": at, "outcome": "reached"},
            "4": {**base, "at": "2026-11-19T15:00:00+00:00", "outcome": "sent"},
        },
    }
    lazy = Snapshot.from_tables(tables)
    parsed = Snapshot.from_tables(tables)
    parsed.parse_all()
    assert [(m[1], m[2]) for m in lazy.attempt_marks(1)] == [
        (4, "sent"),
        (3, "reached"),
        (5, "busy"),
    ]
    assert [(a.id, a.outcome) for a in parsed.attempts_for(1)] == [
        (4, "sent"),
        (3, "reached"),
        (5, "busy"),
    ]


def test_an_attempt_that_cannot_be_placed_is_kept_aside_by_the_marks_too() -> None:
    no_time = {k: v for k, v in COMPLETE_ATTEMPT.items() if k != "at"}
    tables = {"contacts": {"1": {"name": "Ann"}}, "attempts": {"1": COMPLETE_ATTEMPT, "2": no_time}}
    lazy = Snapshot.from_tables(tables)
    assert [m[1] for m in lazy.attempt_marks(1)] == [1]
    assert lazy.aside == {("attempts", "2"): no_time}
    assert [str(p) for p in lazy.problems] == ["attempt 2: at is missing, ignored"]


# -- grouping the attempts table ------------------------------------------------------------------

#: Keys of an attempts table: mostly plain ids, sometimes one a foreign tool may write.
ATTEMPT_KEYS = st.one_of(
    st.integers(1, 60).map(str),
    st.integers(1, 60).map(str),
    st.integers(1, 60).map(str),
    st.sampled_from(["07", "0", "", "x1", "١٢", "12 ", "-3"]),
)
#: Documents: mostly with a usable contact id, sometimes not, sometimes not a JSON object.
ATTEMPT_VALUES = st.one_of(
    st.fixed_dictionaries({"contact_id": st.integers(1, 4), "at": st.just("2026-11-20T15:00Z")}),
    st.fixed_dictionaries({"contact_id": st.integers(1, 4)}),
    st.fixed_dictionaries(
        {"contact_id": st.one_of(st.integers(-1, 0), st.sampled_from(["2", True, 1.0, None]))}
    ),
    st.sampled_from([{}, [], "call", 3, None]),
)


def _grouped_one_by_one(tables: dict[str, Any]) -> Snapshot:
    from followup_tui.domain import snapshot

    real = snapshot._group_plain
    snapshot._group_plain = lambda table: None  # type: ignore[assignment]
    try:
        return Snapshot.from_tables(tables)
    finally:
        snapshot._group_plain = real


@given(st.dictionaries(ATTEMPT_KEYS, ATTEMPT_VALUES, max_size=12))
def test_grouping_a_plain_table_at_once_gives_what_grouping_one_by_one_gives(
    table: dict[str, Any],
) -> None:
    from followup_tui.domain.snapshot import _group_each, _group_plain

    at_once = _group_plain(table)
    problems: list[Problem] = []
    aside: dict[Any, Any] = {}
    one_by_one = _group_each(table.items(), problems, aside)
    if at_once is not None:  # only a table where nothing is kept aside
        assert (problems, aside) == ([], {})
        assert at_once == one_by_one
        assert [list(v) for v in at_once.values()] == [list(v) for v in one_by_one.values()]
    tables = {"contacts": {"1": {"name": "Ann"}}, "attempts": table}
    fast, slow = Snapshot.from_tables(tables), _grouped_one_by_one(tables)
    assert fast._raw_attempts == slow._raw_attempts
    assert list(fast._raw_attempts) == list(slow._raw_attempts)  # contacts in file order
    assert (fast.attempt_count, fast.problems, fast.aside) == (
        slow.attempt_count,
        slow.problems,
        slow.aside,
    )


def test_a_plain_table_is_grouped_at_once_and_any_odd_key_or_document_is_not() -> None:
    from followup_tui.domain.snapshot import _group_plain

    a = {"contact_id": 2, "at": "2026-11-20T15:00:00+00:00"}
    b = {"contact_id": 1, "at": "2026-11-21T15:00:00+00:00"}
    c = {"contact_id": 2, "at": "2026-11-19T15:00:00+00:00"}
    assert _group_plain({"10": a, "9": b, "11": c}) == {2: [(10, a), (11, c)], 1: [(9, b)]}
    assert list(_group_plain({"10": a, "9": b}) or {}) == [2, 1]  # first seen first
    for odd in (
        {"01": a},
        {"": a, "1": b},
        {"1x": a},
        {"²": a},  # a digit, but not ASCII
        {1: a},
        {"1": [a]},
        {"1": {"contact_id": 0}},
        {"1": {"contact_id": True}},
        {"1": {"contact_id": 1.0}},
        {"1": {}},
        {},
    ):
        assert _group_plain(odd) is None, odd
    assert _group_plain([("1", a)]) is None  # not a dict
    assert _group_plain(None) is None
