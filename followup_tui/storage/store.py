"""The data file as the rest of followup-tui sees it: records in, records out.

Every change runs under a lock on a sidecar lock file (``followup.json.lock``), so several running
copies of followup-tui on one file never lose each other's changes: under the lock the file is
re-read if another copy changed it, the change is applied and the file is replaced atomically.
Document ids are never handed out twice, even after a delete: the highest id given so far per
table is kept in the ``meta`` document (``last_ids``).

A ``Store`` is not thread-safe: use it from one thread (the app's database worker, or the
command line's main thread).
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tinydb import TinyDB
from tinydb.table import Document, Table

from followup_tui.domain.clock import Clock, system_clock
from followup_tui.domain.models import Attempt, Contact, Interview, NewsItem, Settings
from followup_tui.domain.snapshot import Snapshot
from followup_tui.domain.text import clean_text
from followup_tui.storage import system
from followup_tui.storage.datafile import SCHEMA_VERSION, Tables, check_version, lstat_no_symlink
from followup_tui.storage.errors import (
    ContactGone,
    DataFileError,
    FileGone,
    FileReplaced,
    LockTimeout,
    ReadOnlyError,
    SaveError,
    UnusableFileError,
)
from followup_tui.storage.jsonstorage import (
    DIR_MODE,
    FILE_MODE,
    AtomicJSONStorage,
    atomic_write,
    remove_temp_files,
)
from followup_tui.storage.lockfile import FileLock, LockHeld

if TYPE_CHECKING:
    from followup_tui.storage.edits import FieldUpdate

#: What opening a file in a folder that cannot be written fails with.
_READ_ONLY_ERRNOS = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})
BACKUPS_KEPT = 7
LOCK_TIMEOUT_S = 15.0

#: Migrations from version N to N+1, applied in order to the raw tables.
MIGRATIONS: dict[int, Callable[[Tables], None]] = {}

T = TypeVar("T")
R = TypeVar("R", Interview, NewsItem)


# -- the meta document ----------------------------------------------------------------------


def _meta_doc(tables: Tables) -> dict[str, Any]:
    """The meta document, created if missing."""
    meta = tables.setdefault("meta", {})
    if not meta:
        meta["1"] = {"schema_version": SCHEMA_VERSION}
    doc: dict[str, Any] = meta.get("1") or next(iter(meta.values()))
    return doc


def new_file_id() -> str:
    """A fresh identity for a data file (``meta.file_id``): 128 random bits in hex."""
    return os.urandom(16).hex()


def file_id(tables: Mapping[str, Any]) -> str | None:
    """The file's ``meta.file_id``; None for a file written before files had one."""
    meta = tables.get("meta")
    if not isinstance(meta, dict) or not meta:
        return None
    doc = meta.get("1") or next(iter(meta.values()))
    value = doc.get("file_id") if isinstance(doc, dict) else None
    return value if isinstance(value, str) else None


def _last_id(tables: Tables, table: str) -> int:
    meta = tables.get("meta") or {}
    doc: dict[str, Any] = meta.get("1") or next(iter(meta.values()), {})
    last = doc.get("last_ids")
    value = last.get(table, 0) if isinstance(last, dict) else 0
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _note_last_id(tables: Tables, table: str, doc_id: int) -> None:
    doc = _meta_doc(tables)
    last = doc.get("last_ids")
    if not isinstance(last, dict):
        last = doc["last_ids"] = {}
    if doc_id > _last_id(tables, table):
        last[table] = doc_id


# -- folders ------------------------------------------------------------------------------


def make_private_folders(folder: Path) -> None:
    """Create ``folder`` and every missing folder above it, each 0700 whatever the umask."""
    missing: list[Path] = []
    current = folder
    while not os.path.lexists(current) and current != current.parent:
        missing.append(current)
        current = current.parent
    for created in reversed(missing):
        try:
            created.mkdir(mode=DIR_MODE)
            created.chmod(DIR_MODE)
        except FileExistsError:
            continue  # made by another copy meanwhile
        except OSError as exc:
            raise DataFileError(f"{created}: cannot create folder ({exc.strerror})") from None


def prepare_lock_file(lock_path: Path) -> None:
    """Make the lock file, or tighten an existing one, to 0600 (not through a symlink).

    ``OSError`` (EACCES, EPERM, EROFS) when the folder cannot be written and no lock file
    exists."""
    flags = os.O_RDWR | os.O_CREAT | system.binary_flags()
    try:
        fd = os.open(lock_path, flags, FILE_MODE)
    except OSError as exc:
        if exc.errno in _READ_ONLY_ERRNOS:
            if not os.path.lexists(lock_path):
                raise
            # An existing lock file we may not write (another user's): taking the lock says
            # so (a permission error).
            return
        raise DataFileError(f"{lock_path}: cannot take the lock ({exc.strerror or exc})") from None
    try:
        if stat.S_IMODE(os.fstat(fd).st_mode) != FILE_MODE:
            system.set_mode(fd, lock_path, FILE_MODE)
    except OSError:
        pass  # not ours to change (another user's file): the lock still works
    finally:
        os.close(fd)


# -- backups ------------------------------------------------------------------------------


def backup_path(path: Path, day: str) -> Path:
    return path.with_name(f"{path.name}.bak-{day}")


def list_backups(path: Path) -> list[Path]:
    """Existing daily backups of ``path``, newest first."""
    found = sorted(path.parent.glob(path.name + ".bak-????????"), reverse=True)
    return [p for p in found if p.name[-8:].isdigit() and p.is_file() and not p.is_symlink()]


# -- hostile text -------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_MULTILINE_FIELDS = frozenset({"notes", "note", "text"})


def _clean(value: Any, multiline: bool) -> Any:
    if isinstance(value, str):
        return clean_text(value, multiline=multiline) if _CONTROL.search(value) else value
    if isinstance(value, list | tuple):
        return [_clean(v, multiline) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v, k in _MULTILINE_FIELDS) for k, v in value.items()}
    return value


def clean_doc(doc: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """``doc`` without terminal control characters in any text; and whether it changed.

    Validation and ``from_doc`` clean text already; this makes sure that a record built
    directly in code cannot put escape sequences into the file either.
    """
    cleaned = _clean(doc, False)
    return cleaned, cleaned != doc


# -- TinyDB plumbing ----------------------------------------------------------------------


class FastTable(Table):
    """A TinyDB table whose insert does not rebuild the whole id map.

    TinyDB's ``insert`` converts every key of the table to int and back on each call; at
    100,000 attempts that is most of the cost of logging one. Here the raw table is changed in
    place. The next id is the larger of (highest id in the file + 1), recomputed whenever the
    storage reloaded the file (another copy may have added documents), and (the highest id
    ever handed out + 1) from ``meta.last_ids``, so that a deleted id is never reused.
    """

    _seen_generation: int = -1
    # Our own counter: TinyDB's ``_next_id`` is declared None-only, and nothing here uses it.
    _fast_next_id: int | None = None

    def _allocate_id(self, tables: Tables, raw: Mapping[str, Any]) -> int:
        generation: int = getattr(self._storage, "generation", 0)
        if self._fast_next_id is None or generation != self._seen_generation:
            self._fast_next_id = max(map(int, raw), default=0) + 1
            self._seen_generation = generation
        doc_id = max(self._fast_next_id, _last_id(tables, self.name) + 1)
        while str(doc_id) in raw:
            doc_id += 1
        return doc_id

    def _get_next_id(self) -> int:
        # TinyDB's insert_multiple and upsert allocate ids through this.
        tables = self._storage.read() or {}
        doc_id = self._allocate_id(tables, tables.get(self.name) or {})
        self._fast_next_id = doc_id + 1
        return doc_id

    def insert(self, document: Mapping[str, Any]) -> int:
        tables = self._storage.read()
        if tables is None:
            tables = {}
        raw = tables.setdefault(self.name, {})
        if isinstance(document, Document):
            doc_id = document.doc_id
            if str(doc_id) in raw:
                raise ValueError(f"document {doc_id} already exists in {self.name!r}")
        else:
            doc_id = self._allocate_id(tables, raw)
        raw[str(doc_id)] = dict(document)
        _note_last_id(tables, self.name, doc_id)
        self._storage.write(tables)  # on failure the storage forgets the changed tables
        self._fast_next_id = doc_id + 1
        self.clear_cache()
        return doc_id


class _DB(TinyDB):
    table_class = FastTable


class _StoreStorage(AtomicJSONStorage):
    """AtomicJSONStorage that can hold writes back until a batch ends, that always writes a
    ``meta`` table with the file's identity (``meta.file_id``), and that notices when the file
    at the path is not the one it opened (``FileReplaced``, ``FileGone``)."""

    deferring: bool = False
    dirty: bool = False
    #: The identity of the file this store works on; None until a file that has one was read
    #: (a file from before identities gets one on its first write).
    file_id: str | None = None
    #: The tables of our file as last read, kept when it was found gone or replaced.
    last_known: Tables | None = None

    def read(self) -> Tables | None:
        if self.deferring and self._cache is not None:
            return self._cache  # under the lock for the whole batch: nobody else writes
        previous = self._cache
        data = super().read()
        if self.file_id is None:
            if data is not None:
                self.file_id = file_id(data)
            return data
        if data is not None and file_id(data) == self.file_id:
            return data
        if previous is not None:
            self.last_known = previous  # what our file held, to write back if the user wants
        if data is None:
            raise FileGone(self.path)
        self.invalidate()  # read it again next time: still another file, still refused
        raise FileReplaced(self.path)

    def write(self, data: Mapping[str, Mapping[str, Any]]) -> None:
        if isinstance(data, dict):
            meta = _meta_doc(data)
            if not isinstance(meta.get("file_id"), str):
                meta["file_id"] = self.file_id or new_file_id()
            self.file_id = meta["file_id"]
        if self.deferring:
            self._cache = data if isinstance(data, dict) else dict(data)
            self.dirty = True
            return
        super().write(data)


def _as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _forget_in_interviews(tables: Tables, contact_id: int) -> None:
    """Take a deleted contact out of the people met at each interview (the interview stays)."""
    for doc in (tables.get("interviews") or {}).values():
        met = doc.get("contact_ids") if isinstance(doc, dict) else None
        if isinstance(met, list) and any(_as_int(cid) == contact_id for cid in met):
            doc["contact_ids"] = [cid for cid in met if _as_int(cid) != contact_id]


class Store:
    """Records in a followup-tui data file."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        clock: Clock = system_clock,
        lock_timeout: float | None = None,
    ) -> None:
        self.path = Path(path)
        self.clock = clock
        self._db = _DB(self.path, storage=_StoreStorage)
        self._storage: _StoreStorage = self._db.storage  # type: ignore[assignment]
        self.lock_path = Path(str(self.path) + ".lock")
        self._lock_timeout = LOCK_TIMEOUT_S if lock_timeout is None else lock_timeout
        self._lock = FileLock(self.lock_path, self._lock_timeout)
        self._backup_checked_for: str | None = None
        #: Why nothing can be saved when the file was opened read-only (its folder cannot be
        #: written), else None. Every change then raises ``ReadOnlyError`` with this reason.
        self.read_only: str | None = None

    # -- opening ----------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        clock: Clock = system_clock,
        lock_timeout: float | None = None,
    ) -> Store:
        """Open (and if missing, create) a data file; raise ``DataFileError`` if unusable.

        Opening never writes an existing file, except to migrate an older schema (after a
        backup). Temporary files left by a writer that was killed are removed.
        """
        path = Path(path)
        st = lstat_no_symlink(path)
        if st is not None and not stat.S_ISREG(st.st_mode):
            raise DataFileError(f"{path}: is not a file")
        make_private_folders(path.parent)
        store = cls(path, clock=clock, lock_timeout=lock_timeout)
        try:
            store._prepare()
        except LockTimeout:
            store.close()
            raise
        except SaveError as exc:
            store.close()
            raise DataFileError(str(exc)) from None
        except BaseException:
            store.close()
            raise
        return store

    def _prepare(self) -> None:
        try:
            self._take_lock_file()
            if not os.access(self.path.parent, os.W_OK):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        except OSError as exc:
            if exc.errno not in _READ_ONLY_ERRNOS:
                raise
            self._open_read_only(exc)
            return
        with self._locked():
            # Every writer writes under this lock, so a temporary file now is from a dead one.
            remove_temp_files(self.path)
            tables = self._storage.read()
            if tables is None:
                self._storage.write({"meta": {"1": {"schema_version": SCHEMA_VERSION}}})
                return
            version = check_version(tables, self.path)
            if version < SCHEMA_VERSION:
                self._backup_if_needed(force=True)
                for step in range(version, SCHEMA_VERSION):
                    MIGRATIONS[step](tables)
                _meta_doc(tables)["schema_version"] = SCHEMA_VERSION
                self._storage.write(tables)

    def _open_read_only(self, exc: OSError) -> None:
        """The folder cannot be written (no lock file can be made): show the file, save nothing.

        ``read_only`` says why; every change raises ``ReadOnlyError``."""
        if lstat_no_symlink(self.path) is None:
            raise DataFileError(
                f"{self.path}: cannot create the data file: {self.path.parent} cannot be written "
                f"({exc.strerror or exc})"
            ) from None
        check_version(self.tables(), self.path)
        self.read_only = (
            f"{self.path.parent} cannot be written ({exc.strerror or exc}): the data file is "
            "open read-only and no change can be saved"
        )

    # -- locking, batching, backups ---------------------------------------------------------

    def _take_lock_file(self) -> None:
        prepare_lock_file(self.lock_path)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        if self.read_only is not None:
            raise ReadOnlyError(f"{self.read_only}; nothing was saved")
        try:
            self._lock.acquire()
        except LockHeld:
            raise LockTimeout(
                f"{self.path}: another copy of followup-tui kept the file locked for "
                f"{self._lock.timeout:g}s; nothing was saved"
            ) from None
        except OSError as exc:
            raise SaveError(
                f"{self.lock_path}: cannot take the lock ({exc.strerror or exc}); nothing was saved"
            ) from None
        try:
            yield
        finally:
            self._lock.release()

    def _reload(self) -> Tables:
        """The current tables (re-read if another copy changed the file), checked."""
        tables = self._storage.read() or {}
        check_version(tables, self.path)
        return tables

    @contextmanager
    def batch(self) -> Iterator[Store]:
        """Group many changes into one locked read-modify-write with a single file write.

        If the block raises, none of its changes are written (nested batches commit or roll
        back with the outermost one).
        """
        storage = self._storage
        with self._locked():
            if storage.deferring:
                yield self
                return
            try:
                self._reload()
            except UnusableFileError:
                raise
            except DataFileError as exc:
                raise UnusableFileError(exc) from None
            storage.deferring = True
            try:
                yield self
            except BaseException:
                storage.deferring = False
                storage.dirty = False
                storage.invalidate()
                raise
            storage.deferring = False
            if not storage.dirty:
                return
            storage.dirty = False
            try:
                self._backup_if_needed()
                storage.write(storage._cache or {})
            except DataFileError as exc:
                storage.invalidate()
                raise UnusableFileError(exc) from None
            except BaseException:
                storage.invalidate()
                raise

    def _change(self, fn: Callable[[], T]) -> T:
        """Run one change under the lock, after reloading the file if another copy changed it.

        On any failure the cached tables are dropped, so a half-applied change never lingers
        in memory; the file on disk is unchanged.
        """
        with self._locked():
            try:
                self._reload()
                if not self._storage.deferring:
                    self._backup_if_needed()
                return fn()
            except DataFileError as exc:
                if not self._storage.deferring:
                    self._storage.invalidate()
                if isinstance(exc, UnusableFileError):
                    raise
                raise UnusableFileError(exc) from None
            except BaseException:
                if not self._storage.deferring:
                    self._storage.invalidate()
                raise

    def backup_path(self, day: str) -> Path:
        return backup_path(self.path, day)

    def backups(self) -> list[Path]:
        """Existing backups, newest first."""
        return list_backups(self.path)

    def _backup_if_needed(self, *, force: bool = False) -> None:
        """Before the first write of each (local) day, keep a copy of the file as it is."""
        day = self.clock().astimezone().strftime("%Y%m%d")
        if self._backup_checked_for == day and not force:
            return
        target = self.backup_path(day)
        if not os.path.lexists(target) and lstat_no_symlink(self.path) is not None:
            try:
                fd = os.open(self.path, os.O_RDONLY | system.binary_flags())
                with os.fdopen(fd, "rb") as src:
                    content = src.read()
                atomic_write(target, content)
            except (OSError, DataFileError) as exc:
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
                raise SaveError(
                    f"could not write the daily backup {target}: {reason}; nothing was saved"
                ) from None
            for old in self.backups()[BACKUPS_KEPT:]:
                with suppress(OSError):
                    old.unlink()
        self._backup_checked_for = day

    def pause_between_pieces(self, pause: Callable[[], None] | None) -> None:
        """What a save does between two pieces of the file (by default, offer the interpreter
        to a waiting thread): the app waits there while a key press is being answered. None:
        the file is serialised in one piece (nothing else runs: the command line)."""
        self._storage.between_pieces = pause

    # -- reading ----------------------------------------------------------------------------

    def tables(self) -> Tables:
        """The raw tables as last read (re-read if the file changed). Do not mutate."""
        return self._storage.read() or {}

    def snapshot(self) -> Snapshot:
        """Records of the whole file, freshly built (safe to hand to another thread)."""
        return Snapshot.from_tables(self.tables())

    def changed_on_disk(self) -> bool:
        """True when another program replaced or edited the file since we last read it."""
        return self._storage.changed_on_disk()

    @property
    def file_id(self) -> str | None:
        """The identity (``meta.file_id``) of the file this store works on."""
        return self._storage.file_id

    @property
    def can_write_back(self) -> bool:
        """After ``FileGone``: whether ``adopt_file(write_back=True)`` can put our file's last
        known content back at the path (nothing is there, and it was read before)."""
        return self._storage.last_known is not None and not os.path.lexists(self.path)

    def adopt_file(self, *, write_back: bool = False) -> None:
        """After ``FileReplaced`` or ``FileGone``: go on with a file at the path.

        By default, whatever file is there now is taken as it is (checked as on opening; its
        records are its own: ids there may name other people), and with no file there a new
        empty one is made. With ``write_back`` (only when nothing is at the path, see
        ``can_write_back``) our file's content as last read is written there again, with its
        identity: pending changes then save with the ids they were made with. Raises
        ``SaveError`` rather than write over a file.
        """
        storage = self._storage
        known = storage.last_known
        with self._locked():
            if write_back and (known is None or os.path.lexists(self.path)):
                raise SaveError(f"{self.path}: cannot write the last known data back; not saved")
            storage.invalidate()
            self._backup_checked_for = None
            if write_back and known is not None:
                storage.write(known)  # keeps its file_id: the same file, back in place
                storage.last_known = None
                return
            storage.file_id = None
            storage.last_known = None
            tables = storage.read()
            if tables is None:
                storage.write({"meta": {"1": {"schema_version": SCHEMA_VERSION}}})
            else:
                check_version(tables, self.path)

    def settings(self) -> Settings:
        docs = self.tables().get("settings") or {}
        return Settings.from_doc(next(iter(docs.values()), None))

    # -- contacts ---------------------------------------------------------------------------

    def add_contact(self, contact: Contact) -> Contact:
        if contact.created_at is None:
            contact = replace(contact, created_at=self.clock())
        doc, cleaned = clean_doc(contact.to_doc())
        doc_id = self._change(lambda: self._db.table("contacts").insert(doc))
        return Contact.from_doc(doc, doc_id) if cleaned else contact.with_id(doc_id)

    def _contact_tables(self, key: str) -> tuple[Tables, dict[str, Any]]:
        """The tables and the contacts table, which holds ``key``; ``SaveError`` if not."""
        tables = self._storage.read() or {}
        contacts = tables.get("contacts")
        if not contacts or key not in contacts:
            raise SaveError(f"contact {key} no longer exists (deleted by another copy?); not saved")
        return tables, contacts

    def update_contact(self, contact: Contact) -> Contact:
        if contact.id is None:
            raise ValueError("update_contact needs a saved contact")
        key = str(contact.id)
        doc, cleaned = clean_doc(contact.to_doc())

        def apply() -> None:
            tables, contacts = self._contact_tables(key)
            # Replace the whole document so that cleared optional fields disappear.
            contacts[key] = doc
            self._storage.write(tables)

        self._change(apply)
        return Contact.from_doc(doc, contact.id) if cleaned else contact

    def update_contact_fields(
        self, contact_id: int, changes: Mapping[str, Any], base: Mapping[str, Any]
    ) -> FieldUpdate:
        """Write only the fields this edit changed, keeping what another copy changed meanwhile.

        ``changes`` maps document fields to their new values (None removes the field), ``base``
        holds the values the edit began with. For each changed field: if the file still has
        the ``base`` value (or already the new one) the new value is written; if another copy
        wrote something else there, it is kept and returned as a ``FieldConflict``. Fields not
        in ``changes``, including ones this version does not know, are left as they are.
        """
        from followup_tui.storage.edits import FieldConflict, FieldUpdate

        cleaned, _ = clean_doc(dict(changes))
        key = str(contact_id)

        def apply() -> FieldUpdate:
            tables, contacts = self._contact_tables(key)
            current = contacts[key]
            # The values as this version reads them: a field written in another form
            # (an older date format...) that means the same is not a change by another copy.
            try:
                understood = Contact.from_doc(current, contact_id).to_doc()
            except (TypeError, ValueError, OverflowError):
                understood = {}
            written: list[str] = []
            conflicts: list[FieldConflict] = []
            updated = dict(current)
            for field, mine in cleaned.items():
                theirs = current.get(field)
                if theirs == mine or understood.get(field) == mine:
                    continue
                if theirs != base.get(field) and understood.get(field) != base.get(field):
                    conflicts.append(FieldConflict(field, base.get(field), mine, theirs))
                    continue
                if mine is None:
                    updated.pop(field, None)
                else:
                    updated[field] = mine
                written.append(field)
            if written:
                contacts[key] = updated
                self._storage.write(tables)
            return FieldUpdate(
                Contact.from_doc(updated, contact_id), tuple(sorted(written)), tuple(conflicts)
            )

        return self._change(apply)

    def save_contact_edit(self, base: Contact, edited: Contact) -> FieldUpdate:
        """``update_contact_fields`` for a form: ``base`` as it opened, ``edited`` as saved."""
        from followup_tui.storage.edits import changed_fields

        if base.id is None:
            raise ValueError("save_contact_edit needs a saved contact")
        before = base.to_doc()
        return self.update_contact_fields(base.id, changed_fields(before, edited.to_doc()), before)

    def delete_contact(self, contact_id: int) -> int:
        """Delete a contact and its attempts; return how many attempts went with it.

        Interviews the contact was met at are kept, without the contact among the people met.
        """

        def apply() -> int:
            tables = self._storage.read() or {}
            contacts = tables.get("contacts") or {}
            if str(contact_id) not in contacts:
                return 0
            del contacts[str(contact_id)]
            attempts = tables.get("attempts") or {}
            gone = [k for k, d in attempts.items() if _as_int(d.get("contact_id")) == contact_id]
            for key in gone:
                del attempts[key]
            _forget_in_interviews(tables, contact_id)
            self._storage.write(tables)
            return len(gone)

        return self._change(apply)

    # -- attempts ---------------------------------------------------------------------------

    def add_attempt(self, attempt: Attempt) -> Attempt:
        doc, cleaned = clean_doc(attempt.to_doc())

        def apply() -> int:
            contacts = (self._storage.read() or {}).get("contacts") or {}
            if str(attempt.contact_id) not in contacts:
                raise ContactGone(attempt.contact_id)
            return self._db.table("attempts").insert(doc)

        doc_id = self._change(apply)
        return Attempt.from_doc(doc, doc_id) if cleaned else attempt.with_id(doc_id)

    def delete_attempt(
        self, attempt_id: int, only_if: Callable[[Attempt], bool] | None = None
    ) -> Attempt | None:
        """Delete an attempt and return it; None when there is none under ``attempt_id``, or
        when ``only_if`` is given and says False of the one there (it is kept)."""

        def apply() -> Attempt | None:
            tables = self._storage.read() or {}
            attempts = tables.get("attempts") or {}
            doc = attempts.get(str(attempt_id))
            if doc is None:
                return None
            found = Attempt.from_doc(doc, attempt_id)
            if only_if is not None and not only_if(found):
                return None
            del attempts[str(attempt_id)]
            self._storage.write(tables)
            return found

        return self._change(apply)

    # -- interviews, news, settings ----------------------------------------------------------

    def insert_with_id(self, table: str, doc_id: int, doc: Mapping[str, Any]) -> None:
        """Insert ``doc`` into ``table`` under the id ``doc_id`` (restoring an export).

        Raises ``SaveError`` if that id is already taken.
        """
        cleaned, _ = clean_doc(dict(doc))

        def apply() -> None:
            try:
                self._db.table(table).insert(Document(cleaned, doc_id=doc_id))
            except ValueError as exc:
                raise SaveError(f"{exc}; not saved") from None

        self._change(apply)

    def add_interview(self, interview: Interview) -> Interview:
        doc, cleaned = clean_doc(interview.to_doc())
        doc_id = self._change(lambda: self._db.table("interviews").insert(doc))
        if cleaned:
            return Interview.from_doc(doc, doc_id)
        return replace(interview, id=doc_id)

    def add_news(self, item: NewsItem) -> NewsItem:
        doc, cleaned = clean_doc(item.to_doc())
        doc_id = self._change(lambda: self._db.table("news").insert(doc))
        return NewsItem.from_doc(doc, doc_id) if cleaned else replace(item, id=doc_id)

    def update_interview(self, interview: Interview) -> Interview:
        """Write an edited interview over the stored one (``SaveError`` if it is gone)."""
        return self._update_record("interviews", interview, Interview.from_doc, "interview")

    def delete_interview(self, interview_id: int) -> Interview | None:
        """Delete an interview and return it as it was; None if there was none."""
        doc = self._pop_doc("interviews", interview_id)
        return None if doc is None else Interview.from_doc(doc, interview_id)

    def update_news(self, item: NewsItem) -> NewsItem:
        """Write an edited news item over the stored one (``SaveError`` if it is gone)."""
        return self._update_record("news", item, NewsItem.from_doc, "news item")

    def delete_news(self, news_id: int) -> NewsItem | None:
        """Delete a news item and return it as it was; None if there was none.

        Attempts that recorded it as shared keep its id, so restoring the item (undo) restores
        what each contact has heard.
        """
        doc = self._pop_doc("news", news_id)
        return None if doc is None else NewsItem.from_doc(doc, news_id)

    def _update_record(
        self,
        table: str,
        record: R,
        from_doc: Callable[[dict[str, Any], int], R],
        what: str,
    ) -> R:
        """Write ``record`` over its stored document; ``SaveError`` if that is gone."""
        doc_id = record.id
        if doc_id is None:
            raise ValueError(f"only a saved {what} can be updated")
        key = str(doc_id)
        doc, cleaned = clean_doc(record.to_doc())

        def apply() -> None:
            tables = self._storage.read() or {}
            docs = tables.get(table)
            if not docs or key not in docs:
                raise SaveError(
                    f"{what} {key} no longer exists (deleted by another copy?); not saved"
                )
            docs[key] = doc
            self._storage.write(tables)

        self._change(apply)
        return from_doc(doc, doc_id) if cleaned else record

    def _pop_doc(self, table: str, doc_id: int) -> dict[str, Any] | None:
        def apply() -> dict[str, Any] | None:
            tables = self._storage.read() or {}
            docs = tables.get(table) or {}
            doc = docs.pop(str(doc_id), None)
            if doc is None:
                return None
            self._storage.write(tables)
            return dict(doc)

        return self._change(apply)

    def save_settings(self, settings: Settings) -> None:
        doc, _ = clean_doc(settings.to_doc())

        def apply() -> None:
            tables = self._storage.read() or {}
            tables["settings"] = {"1": doc}
            self._storage.write(tables)

        self._change(apply)

    # -- misc -------------------------------------------------------------------------------

    def now(self) -> datetime:
        return self.clock()

    def close(self) -> None:
        self._db.close()
