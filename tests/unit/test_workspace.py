"""The UI's records and changes in flight, without a screen, on a clock with microseconds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from followup_tui.analytics.reachability import grid_for_all
from followup_tui.domain.clock import frozen_clock
from followup_tui.domain.models import Attempt, Contact
from followup_tui.domain.snapshot import Snapshot
from followup_tui.ui.changes import State
from followup_tui.ui.workspace import Workspace

REAL = datetime(2026, 11, 26, 14, 5, 7, 123456, tzinfo=UTC)
NY = "America/New_York"


def _file(*attempts: Attempt) -> Snapshot:
    """A snapshot as the data worker reads it from the file: instants to the second."""
    contact = Contact("Ann Lee", id=1, timezone=NY).to_doc()
    docs = {str(a.id): a.to_doc() for a in attempts}
    return Snapshot.from_tables({"contacts": {"1": contact}, "attempts": docs})


def _workspace(snapshot: Snapshot) -> Workspace:
    ws = Workspace(frozen_clock(REAL))
    ws.replace(snapshot, {}, grid_for_all(snapshot, NY), NY)
    return ws


def _log_and_write(ws: Workspace, doc_id: int) -> Attempt:
    change = ws.log(Attempt(1, REAL, "phone", "voicemail"))
    (to_write,) = ws.changes.take_to_write()
    assert to_write is change
    assert ws.all_grid.total_attempts == 1  # counted at once, before the write
    record = change.record
    assert isinstance(record, Attempt)
    change.written = record.with_id(doc_id)  # what the data worker's Store returns
    assert ws.attempt_written(change)
    return change.written


def test_undo_after_a_reload_finds_the_attempt_the_file_holds() -> None:
    ws = _workspace(_file())
    saved = _log_and_write(ws, 1)
    assert saved.at == REAL  # microseconds in memory
    # Another program touched the file: the worker read it again, to the second.
    ws.replace(_file(saved), {}, grid_for_all(_file(saved), NY), NY)
    assert ws.attempts_of(1)[0].at == datetime(2026, 11, 26, 14, 5, 7, tzinfo=UTC)
    undo = ws.undo_last()
    assert undo is not None
    change, attempt = undo
    assert change.state == State.UNDOING  # the data worker is asked to delete it
    assert attempt.id == 1
    assert ws.attempts_of(1) == []
    assert ws.all_grid.total_attempts == 0
    assert ws.summaries[1].attempts == 0


def test_undo_leaves_another_copys_attempt_under_the_same_id() -> None:
    ws = _workspace(_file())
    _log_and_write(ws, 1)
    theirs = Attempt(1, datetime(2026, 11, 26, 13, 0, tzinfo=UTC), "email", "sent", id=1)
    ws.replace(_file(theirs), {}, grid_for_all(_file(theirs), NY), NY)
    assert ws.undo_last() is None
    assert [a.outcome for a in ws.attempts_of(1)] == ["sent"]


def test_a_failed_undo_shows_the_attempt_again_and_it_can_be_undone() -> None:
    ws = _workspace(_file())
    _log_and_write(ws, 1)
    undo = ws.undo_last()
    assert undo is not None
    again = ws.undo_failed(undo[0])
    assert again is not None and [a.id for a in ws.attempts_of(1)] == [1]
    assert ws.all_grid.total_attempts == 1
    assert ws.undo_last() is not None


def test_rows_of_contacts_with_attempts_being_saved_are_built_again() -> None:
    ws = _workspace(_file())
    ws.log(Attempt(1, REAL, "phone", "reached"))
    (row,) = ws.rows_with_changes([])  # the worker's rows knew nothing of it
    assert (row.contact_id, row.attempts) == (1, 1)


def test_the_due_count_follows_every_change_of_a_summary() -> None:
    # Ann and Bo have never been tried: due today, not overdue (both created today).
    contacts = {
        str(i): Contact(name, id=i, timezone=NY, created_at=REAL).to_doc()
        for i, name in ((1, "Ann Lee"), (2, "Bo Chen"))
    }
    snapshot = Snapshot.from_tables({"contacts": contacts, "attempts": {}})
    ws = Workspace(frozen_clock(REAL))
    ws.replace(snapshot, {}, grid_for_all(snapshot, NY), NY)
    today = REAL.astimezone(ZoneInfo(NY)).date()
    assert ws.due_counts(today) == (0, 0)  # no summaries yet: nothing counted as due
    ws.resummarize(1)
    ws.resummarize(2)
    assert ws.due_counts(today) == (2, 0)
    # A call logged for Ann: she is due again in a few days, so one is due now.
    ws.log(Attempt(1, REAL, "phone", "voicemail"))
    assert ws.due_counts(today) == (1, 0)
    # Asked for another day (the top bar after midnight), both are due by then; overdue is
    # as the summaries say until the new day's reload makes them again.
    assert ws.due_counts(today + timedelta(days=14)) == (2, 0)
    ws.contact_deleted(2)
    assert ws.due_counts(today + timedelta(days=14)) == (1, 0)
    assert ws.due_counts(today) == (0, 0)


OUTCOMES = ("voicemail", "no_answer", "reached", "meeting_booked")


@settings(max_examples=60, deadline=None)
@given(
    created_days_ago=st.lists(st.integers(0, 40), min_size=1, max_size=4),
    steps=st.lists(
        st.one_of(
            st.tuples(st.just("log"), st.integers(1, 4), st.sampled_from(OUTCOMES)),
            st.tuples(st.just("undo"), st.just(0), st.just("")),
            st.tuples(st.just("resummarize"), st.integers(1, 4), st.just("")),
            st.tuples(st.just("count"), st.just(0), st.just("")),
        ),
        max_size=25,
    ),
)
def test_the_due_count_kept_up_by_each_change_is_the_count_of_every_contact(
    created_days_ago: list[int], steps: list[tuple[str, int, str]]
) -> None:
    # Contacts created long ago with no attempt are overdue; a logged call makes one due
    # later. Whenever the top bar asks, the count kept up change by change must be what
    # counting every contact's summary gives.
    contacts = {
        str(i): Contact(
            f"Contact {i}", id=i, timezone=NY, created_at=REAL - timedelta(days=days)
        ).to_doc()
        for i, days in enumerate(created_days_ago, start=1)
    }
    snapshot = Snapshot.from_tables({"contacts": contacts, "attempts": {}})
    ws = Workspace(frozen_clock(REAL))
    ws.replace(snapshot, {}, grid_for_all(snapshot, NY), NY)
    today = REAL.astimezone(ZoneInfo(NY)).date()
    for cid in snapshot.contacts:
        ws.resummarize(cid)
    for what, cid, outcome in steps:
        if what == "log" and cid in snapshot.contacts:
            ws.log(Attempt(cid, REAL, "phone", outcome))
            ws.resummarize(cid)
        elif what == "undo":
            undone = ws.undo_last()
            if undone is not None:
                ws.resummarize(undone[1].contact_id)
        elif what == "resummarize":
            ws.resummarize(cid)  # an unknown id too: it has no summary, nothing is counted
        due = [s for s in ws.summaries.values() if s.next_due is not None and s.next_due <= today]
        expected = (len(due), sum(1 for s in due if s.overdue_days > 0))
        if what == "count" or what == "undo":
            assert ws.due_counts(today) == expected
    due = [s for s in ws.summaries.values() if s.next_due is not None and s.next_due <= today]
    assert ws.due_counts(today) == (len(due), sum(1 for s in due if s.overdue_days > 0))
    assert ws.due_counts(today)[1] <= ws.due_counts(today)[0]
