"""The data worker: one thread owns the ``Store``; the UI thread never touches the file.

Every request is a job queued on a single-thread executor, so jobs run one at a time in the
order they were asked for (a logged attempt is always written before its undo). Results come
back as past-tense messages (``ui.messages``) posted to a target, normally the main screen.

Edits arrive as ``ui.changes.Change`` objects. The worker writes a change's record and puts the
record as stored on the change itself (``Change.written``), so an undo asked for before the
write finished still deletes the right document; there is no second map of what was saved.
"""

from __future__ import annotations

import gc
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

from followup_tui.analytics.reachability import grid_for_all
from followup_tui.domain.clock import Clock
from followup_tui.domain.identity import same_attempt
from followup_tui.domain.models import Attempt, Contact, NewsItem
from followup_tui.domain.rules import ContactSummary, summarize
from followup_tui.domain.settings import Settings
from followup_tui.domain.snapshot import Snapshot, gc_paused
from followup_tui.domain.zones import user_zone_name
from followup_tui.storage import ContactGone, DataFileError, SaveError
from followup_tui.storage.datafile import Tables
from followup_tui.storage.errors import FileGone, FileReplaced
from followup_tui.storage.peek import read_head
from followup_tui.ui.messages import (
    ChangeFailed,
    ChangeUndone,
    ChangeWritten,
    ContactsListed,
    DataLoaded,
    DataLoadFailed,
    DataMessage,
    DataReloaded,
    ExportFailed,
    ExportWritten,
    FileAdopted,
    FileLost,
    FileReadOnly,
    ImportFailed,
    ImportFinished,
    ImportProgressed,
    ReachComputed,
    SettingsSaved,
    SettingsSaveFailed,
    UndoFailed,
)
from followup_tui.ui.rows import contact_row

if TYPE_CHECKING:
    from followup_tui.storage.store import Store  # on the worker after the first frame
    from followup_tui.ui.changes import Change, Other, Written  # with the first change
    from followup_tui.ui.reach import ReachRequest

Post = Callable[[Message], object]

#: Files at least this large are listed contacts first: their head (meta, settings, contacts)
#: parses in milliseconds, the whole file takes about a second at 100,000 attempts.
HEAD_FIRST_BYTES = 1 << 20
#: Longest wait for the contacts frame before the whole file is read anyway.
PAINT_WAIT_S = 2.0


#: After a key press or a click, how long a save gives way to the UI between its pieces.
KEY_FIRST_S = 0.05
#: The longest one piece of a save waits: a save always goes on, however fast the keys come.
PIECE_WAIT_MAX_S = 0.1


class KeysFirst:
    """A save of a large file gives way to the key the user just pressed.

    Saving 100,000 attempts is about 20 pieces of a few milliseconds each; the data worker
    holds Python's interpreter while it serialises a piece, so a frame drawn meanwhile took
    twice as long, or waited a whole piece. The UI thread calls ``key_pressed``; between two
    pieces the worker waits (``between_pieces``) until ``KEY_FIRST_S`` after the last key,
    at most ``PIECE_WAIT_MAX_S`` per piece. The save is the same, only later by that much.
    """

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], object] = time.sleep,
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._until = 0.0  # written by the UI thread only; a float is read whole

    def key_pressed(self) -> None:
        self._until = self._clock() + KEY_FIRST_S

    def between_pieces(self) -> None:
        started = now = self._clock()
        while now < self._until and now - started < PIECE_WAIT_MAX_S:
            self._sleep(0.002)
            now = self._clock()
        self._sleep(0)  # and offer the interpreter to a waiting thread in any case


def _describe(exc: BaseException) -> str:
    """One line for the user: storage errors are written for them; others get their type."""
    text = str(exc).strip() or type(exc).__name__
    if isinstance(exc, OSError) and exc.strerror:
        text = f"{exc.strerror} ({exc.filename})" if exc.filename else exc.strerror
    return text.splitlines()[0] if text else type(exc).__name__


def _write_other(store: Store, record: Other) -> Other:
    """Interviews and news items: added without an id, written over the stored one with it;
    deletions are written as asked (deleting what is already gone is no error)."""
    from followup_tui.ui.changes import InterviewDeletion, InterviewSave, NewsDeletion

    if isinstance(record, InterviewSave):
        # One write: the new people and the interview are saved together or not at all.
        with store.batch():
            added = tuple(store.add_contact(person) for person in record.new_people)
            ids = (*record.interview.contact_ids, *(c.id or 0 for c in added))
            interview = replace(record.interview, contact_ids=tuple(dict.fromkeys(ids)))
            if interview.id is None:
                interview = store.add_interview(interview)
            else:
                interview = store.update_interview(interview)
        return InterviewSave(interview, record.new_people, added)
    if isinstance(record, NewsItem):
        return store.add_news(record) if record.id is None else store.update_news(record)
    if isinstance(record, InterviewDeletion):
        store.delete_interview(record.interview_id)
    elif isinstance(record, NewsDeletion):
        store.delete_news(record.news_id)
    return record


def _unexpected(exc: BaseException) -> str:
    """A failure the reading did not foresee, in one line (with its kind, for a bug report)."""
    return f"the data file could not be read ({type(exc).__name__}: {_describe(exc)})"


class DataService:
    """Owns the data file on one dedicated thread and reports back with messages."""

    def __init__(
        self, path: Path, clock: Clock, user_tz: str | None = None, *, head: Tables | None = None
    ) -> None:
        self.path = Path(path)
        self.clock = clock
        self.user_tz = user_tz
        self._head = head  # the file's head, when the command line already read it
        self._painted = threading.Event()
        self._listing = threading.Lock()
        """Guards ``_post`` and ``_listed``: the early listing meets ``start`` (``list_early``)."""
        self._listed: ContactsListed | None = None
        """The contacts listed before ``start``, for the main screen to show in its first
        frame."""
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="followup-data")
        self._post: Post | None = None
        self._poll: Future[None] | None = None
        self._closed = False
        self.keys_first = KeysFirst()
        """Saves give way to key presses (``key_pressed`` from the UI thread)."""
        # Only the worker thread reads or writes the attributes below.
        self._store: Store | None = None
        self._user_zone = "UTC"
        self._thread_id: int | None = None
        self._lost: str | None = None
        """Why nothing is written: the file was replaced or is gone (until ``adopt``)."""
        self._lost_seen: tuple[int, int, int] | None = None
        """What was at the path when last looked at while the file was lost."""
        self._early = False
        """The contacts were listed by ``list_early``."""

    # -- called on the UI thread -----------------------------------------------------------

    def list_early(self) -> None:
        """List the contacts of the head the command line read, on the worker, while the app
        starts: by the main screen's mount they are usually ready (``start`` hands them over)
        and its first frame already shows them, in one layout. Nothing without a head."""
        if self._head is not None:
            self._submit(self._list_early)

    def start(self, post: Post) -> ContactsListed | None:
        """Open and read the file, then report with ``DataLoaded`` (or ``DataLoadFailed``).
        The contacts ``list_early`` has listed by now, if any: the caller shows them (when
        the listing is not done yet, ``ContactsListed`` is posted instead)."""
        with self._listing:
            self._post = post
            listed, self._listed = self._listed, None
        self._submit(self._load)
        return listed

    def contacts_painted(self) -> None:
        """The contacts frame is on screen: the worker may now hold the interpreter for the
        whole file's parse."""
        self._painted.set()

    def reload(self) -> None:
        """Read the whole file again (e.g. when the day changed) and report ``DataReloaded``."""
        self._submit(self._reload)

    def poll(self) -> None:
        """Check whether another program changed the file; cheap, skipped if one is running."""
        if self._poll is not None and not self._poll.done():
            return
        self._poll = self._submit(self._check_disk)

    def write(self, change: Change) -> None:
        """Write a change; ``ChangeWritten`` or ``ChangeFailed`` follows (nothing when it was
        cancelled before its turn came)."""
        self._submit(self._write, change)

    def import_file(self, path: Path, *, dry_run: bool, reply: Post) -> bool:
        """Import contacts from ``path`` into the data file (or preview it) on the worker, the
        one writer; ``reply`` gets ``ImportProgressed``, then ``ImportFinished`` or
        ``ImportFailed``. False when the worker is closed (nothing will happen)."""
        return self._submit(self._import, path, dry_run, reply) is not None

    def export(self, fmt: str, path: Path, reply: Post) -> bool:
        """Write the data file's records as saved (records kept aside included) to ``path`` in
        ``fmt`` (``io.export.FORMATS``) on the worker, after every change asked for so far;
        ``reply`` gets ``ExportWritten`` or ``ExportFailed``. False when the worker is closed."""
        return self._submit(self._export, fmt, path, reply) is not None

    def reachability(self, request: ReachRequest, reply: Post | None = None) -> None:
        """Bin a contact's calls and suggest a slot; ``ReachComputed`` follows (to ``reply``
        when given, e.g. a call session, else to the main screen)."""
        self._submit(self._reach, request, reply)

    def adopt(self, *, write_back: bool) -> None:
        """After ``FileLost``: go on with the file now at the path (or a new empty one), or
        (``write_back``) put the file as last read back there. ``FileAdopted`` and
        ``DataReloaded`` follow, or ``FileLost`` again with the reason."""
        self._submit(self._adopt, write_back)

    def save_settings(self, settings: Settings) -> None:
        """Write the settings, then read the file again with them (every summary, the list's
        order and the suggestions follow); ``DataReloaded`` then ``SettingsSaved``, or
        ``SettingsSaveFailed``."""
        self._submit(self._save_settings, settings)

    def undo(self, change: Change) -> None:
        """Take a written attempt out of the file again; ``ChangeUndone`` or ``UndoFailed``."""
        self._submit(self._undo, change)

    def wait_idle(self, timeout: float = 30.0) -> None:
        """Block until every job asked for so far has run (tests, and the bench, call this
        from a thread of their own instead of sleeping)."""
        done = self._submit(lambda: None)
        if done is not None:
            done.result(timeout)

    def close(self) -> None:
        """Finish every queued job (nothing is dropped), then close the file. Blocks."""
        if self._closed:
            return
        self._closed = True
        self._executor.submit(self._close_store)
        self._executor.shutdown(wait=True)

    def _submit(self, fn: Callable[..., None], *args: object) -> Future[None] | None:
        if self._closed:
            return None
        return self._executor.submit(self._guarded, fn, *args)

    # -- the worker thread -----------------------------------------------------------------

    def _send(self, message: Message) -> None:
        if self._post is not None:
            self._post(message)

    def _guarded(self, fn: Callable[..., None], *args: object) -> None:
        if self._thread_id is None:
            self._thread_id = threading.get_ident()
        assert self._thread_id == threading.get_ident(), "the store left its thread"
        fn(*args)

    def _open(self) -> Store:
        if self._store is None:
            from followup_tui.storage.store import Store

            self._store = Store.open(self.path, clock=self.clock)
            self._store.pause_between_pieces(self.keys_first.between_pieces)
        return self._store

    @gc_paused()  # hundreds of thousands of long-lived objects: no collection passes meanwhile
    def _read(self, message: type[DataMessage]) -> None:
        store = self._open()
        snapshot = store.snapshot()
        settings = snapshot.settings
        zone = user_zone_name(self.user_tz or settings.timezone)
        self._user_zone = zone
        now = self.clock()
        summaries: dict[int, ContactSummary] = {
            cid: summarize(contact, snapshot.attempts_for(cid), settings, zone, now)
            for cid, contact in snapshot.contacts.items()
        }
        grid = grid_for_all(snapshot, zone)
        snapshot.check_all()  # attempts of no listed contact: their problems too
        rows = sorted(
            (contact_row(c, summaries[cid]) for cid, c in snapshot.contacts.items()),
            key=lambda row: row.sort_key,
        )
        # The records live as long as the app: take them out of the cyclic collector's way,
        # else each full collection re-scans them (~300 ms pauses at 100,000 attempts).
        gc.freeze()
        self._send(message(snapshot, summaries, grid, zone, rows))

    def _head_tables(self) -> Tables | None:
        head, self._head = self._head, None
        if head is not None:
            return head
        try:
            if self.path.stat().st_size < HEAD_FIRST_BYTES:
                return None
        except OSError:
            return None
        return read_head(self.path)

    def _list_contacts(self, head: Tables) -> ContactsListed:
        """Names, companies and statuses at once; what attempts tell follows."""
        with gc_paused():
            snapshot = Snapshot.from_tables(head)
            zone = user_zone_name(self.user_tz or snapshot.settings.timezone)
            rows = sorted(
                (contact_row(c, None, pending=True) for c in snapshot.contacts.values()),
                key=lambda row: row.sort_key,
            )
        return ContactsListed(snapshot, zone, rows)

    def _list_early(self) -> None:
        if self._head is None:
            return
        try:
            listed = self._list_contacts(self._head)
        except Exception:  # noqa: BLE001 - ``_load`` lists the head again and reports it
            return
        self._head = None
        self._early = True
        with self._listing:
            if self._post is None:
                self._listed = listed  # ``start`` hands it over
                return
        self._send(listed)

    def _load(self) -> None:
        try:
            listed = self._early
            if not listed:
                head = self._head_tables()
                if head is not None:
                    self._send(self._list_contacts(head))
                    listed = True
                del head
            if listed:
                self._painted.wait(PAINT_WAIT_S)
            self._read(DataLoaded)
            if self._store is not None and self._store.read_only:
                self._send(FileReadOnly(self._store.read_only))
        except (DataFileError, OSError) as exc:
            damaged = isinstance(exc, DataFileError) and exc.damaged
            self._send(DataLoadFailed(_describe(exc), initial=True, damaged=damaged))
        except Exception as exc:  # noqa: BLE001 - never leave the screen on "loading…"
            self._send(DataLoadFailed(_unexpected(exc), initial=True))

    def _reload(self) -> None:
        try:
            self._read(DataReloaded)
        except (FileReplaced, FileGone) as exc:
            self._file_lost(exc)
        except (DataFileError, OSError) as exc:
            self._send(DataLoadFailed(_describe(exc), initial=self._store is None))
        except Exception as exc:  # noqa: BLE001 - the app keeps what it showed
            self._send(DataLoadFailed(_unexpected(exc), initial=self._store is None))

    def _check_disk(self) -> None:
        if self._store is None:
            return
        if self._lost is not None:
            self._check_back()
            return
        try:
            changed = self._store.changed_on_disk()
        except (DataFileError, OSError) as exc:
            self._send(DataLoadFailed(_describe(exc), initial=False))
            return
        if changed:
            self._reload()

    def _write(self, change: Change) -> None:
        if change.cancelled:
            return
        if change.written is not None:  # a retry of something already written
            self._send(ChangeWritten(change))
            return
        if self._lost is not None:  # nothing is written until the user chose
            self._send(ChangeFailed(change, self._lost, held=True))
            return
        from followup_tui.ui.changes import ContactDeletion, ContactEdit  # with the change

        record = change.record
        try:
            store = self._open()
            written: Written
            if isinstance(record, Attempt):
                written = store.add_attempt(record)
            elif isinstance(record, Contact):
                written = (
                    store.add_contact(record) if record.id is None else store.update_contact(record)
                )
            elif isinstance(record, ContactEdit):
                written = store.update_contact_fields(
                    record.contact_id, record.changes, record.base
                )
            elif isinstance(record, ContactDeletion):
                removed = store.delete_contact(record.contact_id)
                written = ContactDeletion(record.contact_id, removed)
            else:
                written = _write_other(store, record)
        except ContactGone as exc:
            self._send(ChangeFailed(change, _describe(exc), gone=True))
            return
        except (FileReplaced, FileGone) as exc:
            self._send(ChangeFailed(change, _describe(exc), held=True))
            self._file_lost(exc)
            return
        except Exception as exc:  # noqa: BLE001 - every failure is reported to the user
            self._send(ChangeFailed(change, _describe(exc)))
            return
        change.written = written
        self._send(ChangeWritten(change))

    def _import(self, path: Path, dry_run: bool, reply: Post) -> None:
        from followup_tui.io import importer
        from followup_tui.io.readers import ImportFileError
        from followup_tui.storage.store import Store

        def progress(done: int, total: int) -> None:
            reply(ImportProgressed(done, total))

        if self._lost is not None:
            reply(ImportFailed(self._lost))
            return
        try:
            # Read the file first: if it is unusable, the data file is not even created.
            fmt, source = importer.load_source(path)
            own: Store | None = None
            store = self._store
            if not dry_run:
                store = self._open()
            elif store is None and self.path.exists():
                # Read only: a preview neither creates nor migrates the data file.
                store = own = Store(self.path, clock=self.clock)
            try:
                report = importer.import_source(
                    str(path), fmt, source, store, dry_run=dry_run, progress=progress
                )
            finally:
                if own is not None:
                    own.close()
            lines = report.lines(verbose=dry_run)
        except (ImportFileError, DataFileError, SaveError, OSError) as exc:
            reply(ImportFailed(str(exc)))
            return
        except Exception as exc:  # noqa: BLE001 - every outcome must reach the screen
            reply(ImportFailed(f"The import failed: {type(exc).__name__}: {exc}"))
            return
        reply(ImportFinished(lines, report.written))

    def _export(self, fmt: str, path: Path, reply: Post) -> None:
        from followup_tui.io.export import build_export, write_export

        try:
            if self._lost is not None:
                raise SaveError(f"{self._lost}; nothing was exported")
            snapshot = self._open().snapshot()
            zone = user_zone_name(self.user_tz or snapshot.settings.timezone)
            export = build_export(snapshot, fmt, zone, self.clock())
            write_export(path, export.data)
        except OSError as exc:
            reply(ExportFailed(path, f"cannot write {path}: {exc.strerror or exc}"))
            return
        except Exception as exc:  # noqa: BLE001 - every outcome must reach the screen
            reply(ExportFailed(path, _describe(exc)))
            return
        reply(ExportWritten(path, export.counts, export.skipped))

    def _reach(self, request: ReachRequest, reply: Post | None = None) -> None:
        from followup_tui.ui.reach import compute_reach

        message = ReachComputed(compute_reach(request))
        if reply is not None:
            reply(message)
        else:
            self._send(message)

    def _save_settings(self, settings: Settings) -> None:
        try:
            self._open().save_settings(settings)
        except Exception as exc:  # noqa: BLE001 - every failure is reported to the user
            self._send(SettingsSaveFailed(settings, _describe(exc)))
            return
        self._reload()
        self._send(SettingsSaved(settings))

    def _undo(self, change: Change) -> None:
        saved = change.written
        if not isinstance(saved, Attempt) or saved.id is None:
            # Never written (it was cancelled before its turn): nothing to take out.
            self._send(ChangeUndone(change, None))
            return
        if self._lost is not None:
            self._send(UndoFailed(change, self._lost))
            return
        try:
            # Only if the id still names this attempt: after the file was put back to an older
            # copy, another copy may have given the id to an attempt of its own.
            removed = self._open().delete_attempt(
                saved.id, only_if=lambda other: same_attempt(other, saved)
            )
        except Exception as exc:  # noqa: BLE001
            self._send(UndoFailed(change, _describe(exc)))
            if isinstance(exc, FileReplaced | FileGone):
                self._file_lost(exc)
            return
        self._send(ChangeUndone(change, removed))

    # -- a replaced or vanished file -------------------------------------------------------

    def _file_lost(self, exc: FileReplaced | FileGone) -> None:
        """Stop writing and ask the user (once, until they chose)."""
        if self._lost is not None:
            return
        self._lost = _describe(exc)
        self._lost_seen = self._at_path()
        self._send_lost(self._lost)

    def _send_lost(self, error: str) -> None:
        store = self._store
        gone = not os.path.lexists(self.path)
        can = store is not None and store.can_write_back
        self._send(FileLost(error, gone=gone, can_write_back=can))

    def _at_path(self) -> tuple[int, int, int] | None:
        try:
            st = os.lstat(self.path)
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def _check_back(self) -> None:
        """While the file is lost: if what is at the path changed, see whether it is our own
        file again (moved back): then go on as before, with nothing to ask."""
        seen = self._at_path()
        if seen == self._lost_seen or self._store is None:
            return
        self._lost_seen = seen
        try:
            self._store.tables()
        except (FileReplaced, FileGone) as exc:
            self._lost = _describe(exc)
            self._send_lost(self._lost)  # what can be chosen may have changed
            return
        except (DataFileError, OSError):
            return
        self._lost = None
        self._send(FileAdopted("back"))
        self._reload()

    def _adopt(self, write_back: bool) -> None:
        try:
            self._open().adopt_file(write_back=write_back)
        except (DataFileError, SaveError, OSError) as exc:
            self._lost_seen = self._at_path()
            self._send_lost(_describe(exc))
            return
        self._lost = None
        self._send(FileAdopted("written_back" if write_back else "new"))
        self._reload()

    def _close_store(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
