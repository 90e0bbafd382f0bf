"""The one owner of changes in flight (ui/changes.py), driven directly, on a real clock."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime

from followup_tui.domain.models import Attempt, Contact
from followup_tui.ui.changes import Changes, ContactDeletion, ContactEdit, QuitAnswer, State

REAL = datetime(2026, 11, 26, 14, 5, 7, 123456, tzinfo=UTC)


def _logged(changes: Changes, contact_id: int = 1, outcome: str = "voicemail") -> Attempt:
    attempt = Attempt(contact_id, REAL, "phone", outcome)
    changes.begin(attempt)
    return attempt


def _written(change, doc_id: int) -> None:  # type: ignore[no-untyped-def]
    """What the data worker does: the record as the file holds it (whole seconds, an id)."""
    change.written = Attempt.from_doc(change.record.to_doc(), doc_id)


def test_no_textual_in_the_owner_of_changes() -> None:
    code = "import sys, followup_tui.ui.changes; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_logged_attempt_is_shown_written_and_settled() -> None:
    changes = Changes()
    attempt = _logged(changes)
    (change,) = changes.take_to_write()
    assert changes.take_to_write() == []  # handed over once
    assert [c.record for c in changes.shown_attempts(1)] == [attempt]
    assert changes.shown_attempts(2) == []
    assert changes.quit_requested() == QuitAnswer.WAIT
    _written(change, 7)
    assert changes.written(change)
    assert change.state == State.SAVED
    assert changes.shown_attempts() == [] and changes.pending() == []
    assert changes.quit_may_go_on()  # the quit that waited goes on, once
    assert not changes.quit_may_go_on()
    assert changes.quit_requested() == QuitAnswer.NOW


def test_undo_of_a_written_attempt_asks_the_worker_with_the_record_as_stored() -> None:
    changes = Changes()
    _logged(changes)
    (change,) = changes.take_to_write()
    _written(change, 7)
    changes.written(change)
    undo = changes.undo_last()
    assert undo == (change, State.SAVED)
    assert change.state == State.UNDOING and change.cancelled
    assert change.written is not None and change.written.id == 7
    assert change.written.at == datetime(2026, 11, 26, 14, 5, 7, tzinfo=UTC)
    changes.undone(change)
    assert change.state == State.UNDONE and changes.pending() == []
    assert changes.undo_last() is None


def test_undo_before_the_write_is_answered_cancels_it_and_the_answer_is_ignored() -> None:
    changes = Changes()
    _logged(changes)
    (change,) = changes.take_to_write()
    assert changes.undo_last() == (change, State.SAVING)
    assert changes.shown_attempts() == []
    _written(change, 3)  # the worker had written it already
    assert not changes.written(change)  # off screen: the queued undo takes it out
    assert change.state == State.UNDOING


def test_undo_of_an_attempt_logged_in_the_same_frame_is_never_handed_over() -> None:
    changes = Changes()
    _logged(changes)
    assert changes.undo_last() is not None
    assert changes.take_to_write() == []


def test_a_failed_write_is_unsaved_told_once_retried_and_then_saved_again() -> None:
    changes = Changes()
    _logged(changes, outcome="voicemail")
    _logged(changes, outcome="reached")
    first, second = changes.take_to_write()
    assert changes.failed(first) is True  # the first failure is the one to tell
    assert changes.failed(second) is False
    assert [c.state for c in (first, second)] == [State.UNSAVED, State.UNSAVED]
    assert changes.quit_requested() == QuitAnswer.ASK
    assert changes.retry() == [first, second]
    assert changes.unsaved() == []
    assert changes.failed(first) is False  # still failing: not told again
    _written(second, 9)
    assert changes.written(second)
    assert not changes.saved_again()  # the first one is still unsaved
    changes.retry()
    _written(first, 10)
    assert changes.written(first)
    assert changes.saved_again() and not changes.saved_again()


def test_undo_of_an_unsaved_attempt_needs_no_worker() -> None:
    changes = Changes()
    _logged(changes)
    (change,) = changes.take_to_write()
    changes.failed(change)
    assert changes.undo_last() == (change, State.UNSAVED)
    assert change.state == State.UNDONE and change.cancelled
    assert changes.quit_requested() == QuitAnswer.NOW


def test_undo_failed_puts_the_attempt_back_and_it_can_be_undone_again() -> None:
    changes = Changes()
    _logged(changes)
    (change,) = changes.take_to_write()
    _written(change, 4)
    changes.written(change)
    changes.undo_last()
    changes.undo_failed(change)
    assert change.state == State.SAVED and not change.cancelled
    assert changes.undo_last() == (change, State.SAVED)


def test_a_gone_contact_drops_its_attempts_and_a_deletion_drops_the_unwritten_ones() -> None:
    changes = Changes()
    _logged(changes, contact_id=1)
    _logged(changes, contact_id=2)
    one, two = changes.take_to_write()
    assert changes.failed(one, gone=True) is False
    assert one.state == State.DROPPED and one.cancelled
    assert changes.contact_deleted(2) == [two]
    assert two.cancelled and changes.pending() == []
    assert changes.undo_last() is None  # neither may be undone
    assert changes.quit_requested() == QuitAnswer.NOW


def test_contact_edits_and_deletions_are_changes_too_but_not_undone_or_retried() -> None:
    changes = Changes()
    edit = changes.begin(Contact("Ann Lee", id=3))
    deletion = changes.begin(ContactDeletion(4))
    assert edit.contact_id == 3 and deletion.contact_id == 4
    assert changes.shown_attempts() == []
    assert changes.quit_requested() == QuitAnswer.WAIT
    changes.take_to_write()
    assert changes.failed(edit) is False
    assert edit.state == State.FAILED and changes.retry() == []
    deletion.written = ContactDeletion(4, attempts_removed=2)
    assert changes.written(deletion)
    assert changes.undo_last() is None
    assert changes.quit_requested() == QuitAnswer.NOW


def test_undo_since_takes_back_only_what_came_after() -> None:
    """A call session notes ``last_token`` when it starts and undoes only its own attempts."""
    changes = Changes()
    _logged(changes, 1, "busy")  # on the main screen, before the session
    since = changes.last_token
    _logged(changes, 2, "reached")
    _logged(changes, 3, "voicemail")
    assert changes.last_token == since + 2
    first = changes.undo_last(since)
    second = changes.undo_last(since)
    assert first is not None and second is not None
    assert [first[0].contact_id, second[0].contact_id] == [3, 2]
    assert changes.undo_last(since) is None  # the main screen's attempt stays
    last = changes.undo_last()
    assert last is not None and last[0].contact_id == 1


def test_a_contact_edit_holds_only_the_fields_changed_against_the_form_as_it_opened() -> None:
    opened = Contact("Ann Lee", company="Acme", emails=("ann@acme.com",), id=4)
    edit = ContactEdit.of(opened, Contact("Ann Lee", company="Acme", title="CTO", id=4))
    # The e-mail was cleared too: an edit is every field the user changed, nothing else.
    assert (edit.contact_id, edit.name) == (4, "Ann Lee")
    assert dict(edit.changes) == {"emails": [], "title": "CTO"}
    assert edit.base["title"] == "" and edit.base["emails"] == ["ann@acme.com"]
    assert ContactEdit.of(opened, opened).changes == {}
    changes = Changes()
    changes.begin(edit)
    (change,) = changes.take_to_write()
    assert change.contact_id == 4 and changes.shown_attempts() == []


def test_changes_held_by_a_lost_file_wait_unsaved_until_the_user_chose() -> None:
    changes = Changes()
    _logged(changes, contact_id=1)
    changes.begin(Contact("Eve New"))
    changes.begin(ContactEdit(2, "Bo", {"title": "CTO"}, {"title": ""}))
    attempt, new, edit = changes.take_to_write()
    assert changes.failed(attempt, held=True) is True  # the first failure is told
    assert changes.failed(new, held=True) is False
    assert changes.failed(edit, held=True) is False
    assert [c.state for c in (attempt, new, edit)] == [State.UNSAVED] * 3
    assert not any(c.cancelled for c in (attempt, new, edit))
    assert changes.quit_requested() == QuitAnswer.ASK  # quitting would lose them: asked
    # Put back: every one is written again.
    assert changes.retry() == [attempt, new, edit]
    # Went on with another file instead: none is written into it.
    assert changes.file_left() == [attempt, new, edit]
    assert all(c.state == State.DROPPED and c.cancelled for c in (attempt, new, edit))
    assert changes.pending() == [] and changes.quit_requested() == QuitAnswer.NOW


def test_a_contact_change_failing_otherwise_is_settled_not_held() -> None:
    changes = Changes()
    changes.begin(ContactEdit(2, "Bo", {"title": "CTO"}, {"title": ""}))
    (edit,) = changes.take_to_write()
    changes.failed(edit)
    assert edit.state == State.FAILED and changes.pending() == []
