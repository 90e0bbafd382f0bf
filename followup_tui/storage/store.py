"""The data file as the rest of followup-tui sees it: records in, records out.

Every change runs under a lock on a sidecar lock file (``followup.json.lock``), so several running
copies of followup-tui on one file never lose each other's changes: under the lock the file is
re-read if another copy changed it, the change is applied and the file is replaced atomically.

A ``Store`` is not thread-safe: use it from one thread (the app's database worker, or the
command line's main thread).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.table import Table

from followup_tui.domain.clock import Clock, system_clock
from followup_tui.domain.models import Attempt, Contact, Interview, NewsItem, Settings
from followup_tui.domain.snapshot import Snapshot
from followup_tui.storage.errors import DataFileError, SaveError
from followup_tui.storage.jsonstorage import DIR_MODE, FILE_MODE, AtomicJSONStorage

SCHEMA_VERSION = 1
BACKUPS_KEPT = 7
LOCK_TIMEOUT_S = 15.0

#: Migrations from version N to N+1, applied in order to the raw tables.
MIGRATIONS: dict[int, Callable[[dict[str, dict[str, Any]]], None]] = {}

T = TypeVar("T")


class FastTable(Table):
    """A TinyDB table whose insert does not rebuild the whole id map.

    TinyDB's ``insert`` converts every key of the table to int and back on each call; at
    100,000 attempts that is most of the cost of logging one. Here the raw table is changed in
    place, and the next id is recomputed whenever the storage reloaded the file (another copy
    of the app may have added documents).
    """

    _seen_generation: int = -1

    def insert(self, document: Mapping[str, Any]) -> int:
        storage = self._storage
        tables = storage.read() or {}
        raw = tables.setdefault(self.name, {})
        generation = getattr(storage, "generation", None)
        if generation != self._seen_generation or self._next_id is None:
            self._next_id = max((int(k) for k in raw), default=0) + 1
            self._seen_generation = generation if generation is not None else -1
        wanted = getattr(document, "doc_id", None)
        if wanted is not None:
            # A Document carries its id (update_contact, restoring an export): keep it.
            doc_id = int(wanted)
            if str(doc_id) in raw:
                raise ValueError(f"document {doc_id} already exists in {self.name!r}")
        else:
            doc_id = self._next_id
            while str(doc_id) in raw:
                doc_id += 1
        raw[str(doc_id)] = dict(document)
        try:
            storage.write(tables)
        except BaseException:
            self._next_id = None
            raise
        self._next_id = max(self._next_id or 0, doc_id + 1)
        self.clear_cache()
        return doc_id


class _DB(TinyDB):
    table_class = FastTable


class _DeferringStorage(AtomicJSONStorage):
    """AtomicJSONStorage that can hold writes back until a batch ends."""

    deferring: bool = False
    dirty: bool = False

    def write(self, data: Mapping[str, Mapping[str, Any]]) -> None:
        if self.deferring:
            self._cache = dict(data)
            self.dirty = True
            return
        super().write(data)


class Store:
    """Records in a followup-tui data file."""

    def __init__(self, path: str | os.PathLike[str], *, clock: Clock = system_clock) -> None:
        self.path = Path(path)
        self.clock = clock
        self._db = _DB(self.path, storage=_DeferringStorage)
        self._storage: _DeferringStorage = self._db.storage  # type: ignore[assignment]
        self._lock = FileLock(
            str(self.path) + ".lock", timeout=LOCK_TIMEOUT_S, mode=FILE_MODE, thread_local=False
        )
        self._backup_checked_for: str | None = None

    # -- opening ----------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, clock: Clock = system_clock) -> Store:
        """Open (and if missing, create) a data file; raise ``DataFileError`` if unusable."""
        path = Path(path)
        if path.is_symlink():
            raise DataFileError(f"{path}: is a symbolic link; refusing to follow it")
        if path.exists() and not path.is_file():
            raise DataFileError(f"{path}: is not a file")
        folder = path.parent
        if not folder.exists():
            try:
                folder.mkdir(parents=True, mode=DIR_MODE)
            except OSError as exc:
                raise DataFileError(f"{folder}: cannot create folder ({exc.strerror})") from None
        store = cls(path, clock=clock)
        try:
            store._prepare()
        except BaseException:
            store.close()
            raise
        return store

    def _prepare(self) -> None:
        with self._locked():
            tables = self._storage.read()
            if tables is None:
                self._write_tables({"meta": {"1": {"schema_version": SCHEMA_VERSION}}})
                return
            version = self._schema_version(tables)
            if version > SCHEMA_VERSION:
                raise DataFileError(
                    f"{self.path}: written by a newer followup-tui (schema {version}, this "
                    f"version knows up to {SCHEMA_VERSION}); update followup-tui to open it"
                )
            if version < SCHEMA_VERSION or "meta" not in tables:
                self._backup_if_needed(force=True)
                for step in range(version, SCHEMA_VERSION):
                    MIGRATIONS[step](tables)
                tables["meta"] = {"1": {"schema_version": SCHEMA_VERSION}}
                self._write_tables(tables)

    def _schema_version(self, tables: Mapping[str, Any]) -> int:
        meta = tables.get("meta") or {}
        if not meta:
            return SCHEMA_VERSION if "contacts" in tables or not tables else SCHEMA_VERSION
        doc = meta.get("1") or next(iter(meta.values()))
        version = doc.get("schema_version", 1)
        if not isinstance(version, int) or version < 1:
            raise DataFileError(f"{self.path}: meta.schema_version {version!r} is not valid")
        return version

    # -- locking, batching, backups ---------------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[None]:
        try:
            self._lock.acquire()
        except Timeout:
            raise SaveError(
                f"{self.path}: another followup-tui kept the file locked for "
                f"{LOCK_TIMEOUT_S:.0f}s; nothing was written"
            ) from None
        try:
            yield
        finally:
            self._lock.release()

    @contextmanager
    def batch(self) -> Iterator[Store]:
        """Group many changes into one locked read-modify-write with a single file write.

        If the block raises, none of its changes are written.
        """
        with self._locked():
            outer = self._storage.deferring
            self._storage.read()
            self._storage.deferring = True
            try:
                yield self
            except BaseException:
                if not outer:
                    self._storage.deferring = False
                    self._storage.dirty = False
                    self._storage.invalidate()
                raise
            if not outer:
                self._storage.deferring = False
                if self._storage.dirty:
                    self._storage.dirty = False
                    tables = self._storage._cache or {}
                    self._backup_if_needed()
                    self._write_tables(tables)

    def _write_tables(self, tables: Mapping[str, Mapping[str, Any]]) -> None:
        self._storage.write(tables)

    def _change(self, fn: Callable[[], T]) -> T:
        """Run one change under the lock, after reloading the file if another copy changed it."""
        with self._locked():
            self._storage.read()
            if not self._storage.deferring:
                self._backup_if_needed()
            return fn()

    def backup_path(self, day: str) -> Path:
        return self.path.with_name(f"{self.path.name}.bak-{day}")

    def backups(self) -> list[Path]:
        """Existing backups, newest first."""
        found = sorted(self.path.parent.glob(self.path.name + ".bak-????????"), reverse=True)
        return [p for p in found if p.name[-8:].isdigit()]

    def _backup_if_needed(self, *, force: bool = False) -> None:
        day = self.clock().astimezone().strftime("%Y%m%d")
        if self._backup_checked_for == day and not force:
            return
        target = self.backup_path(day)
        if not target.exists() and self.path.exists():
            tmp = target.with_name(target.name + ".tmp")
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
                with os.fdopen(fd, "wb") as out, open(self.path, "rb") as src:
                    shutil.copyfileobj(src, out)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(tmp, target)
            except OSError as exc:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise SaveError(f"could not write the daily backup {target}: {exc}") from None
            for old in self.backups()[BACKUPS_KEPT:]:
                try:
                    old.unlink()
                except OSError:
                    pass
        self._backup_checked_for = day

    # -- reading ----------------------------------------------------------------------------

    def tables(self) -> dict[str, dict[str, Any]]:
        """The raw tables as last read (re-read if the file changed). Do not mutate."""
        return self._storage.read() or {}

    def snapshot(self) -> Snapshot:
        """Records of the whole file, freshly built (safe to hand to another thread)."""
        return Snapshot.from_tables(self.tables())

    def changed_on_disk(self) -> bool:
        """True when another program replaced or edited the file since we last read it."""
        return self._storage.changed_on_disk()

    def settings(self) -> Settings:
        docs = self.tables().get("settings") or {}
        return Settings.from_doc(next(iter(docs.values()), None))

    # -- contacts ---------------------------------------------------------------------------

    def add_contact(self, contact: Contact) -> Contact:
        if contact.created_at is None:
            from dataclasses import replace

            contact = replace(contact, created_at=self.clock())
        doc = contact.to_doc()
        doc_id = self._change(lambda: self._db.table("contacts").insert(doc))
        return contact.with_id(doc_id)

    def update_contact(self, contact: Contact) -> Contact:
        if contact.id is None:
            raise ValueError("update_contact needs a saved contact")
        cid = contact.id
        doc = contact.to_doc()

        def apply() -> None:
            table = self._db.table("contacts")
            if not table.contains(doc_id=cid):
                raise SaveError(f"contact {cid} no longer exists (deleted by another copy?)")
            # Replace the whole document so that cleared optional fields disappear.
            table.remove(doc_ids=[cid])
            from tinydb.table import Document

            table.insert(Document(doc, doc_id=cid))

        self._change(apply)
        return contact

    def delete_contact(self, contact_id: int) -> int:
        """Delete a contact and its attempts; return how many attempts went with it."""

        def apply() -> int:
            tables = self._storage.read() or {}
            contacts = tables.get("contacts") or {}
            if str(contact_id) not in contacts:
                return 0
            del contacts[str(contact_id)]
            attempts = tables.get("attempts") or {}
            gone = [k for k, d in attempts.items() if d.get("contact_id") == contact_id]
            for key in gone:
                del attempts[key]
            self._storage.write(tables)
            return len(gone)

        return self._change(apply)

    # -- attempts ---------------------------------------------------------------------------

    def add_attempt(self, attempt: Attempt) -> Attempt:
        doc = attempt.to_doc()

        def apply() -> int:
            contacts = (self._storage.read() or {}).get("contacts") or {}
            if str(attempt.contact_id) not in contacts:
                raise SaveError(f"contact {attempt.contact_id} does not exist")
            return self._db.table("attempts").insert(doc)

        return attempt.with_id(self._change(apply))

    def delete_attempt(self, attempt_id: int) -> Attempt | None:
        def apply() -> Attempt | None:
            tables = self._storage.read() or {}
            attempts = tables.get("attempts") or {}
            doc = attempts.pop(str(attempt_id), None)
            if doc is None:
                return None
            self._storage.write(tables)
            return Attempt.from_doc(doc, attempt_id)

        return self._change(apply)

    # -- interviews, news, settings ----------------------------------------------------------

    def insert_with_id(self, table: str, doc_id: int, doc: Mapping[str, Any]) -> None:
        """Insert ``doc`` into ``table`` under the id ``doc_id`` (restoring an export).

        Raises ``SaveError`` if that id is already taken.
        """
        from tinydb.table import Document

        def apply() -> None:
            try:
                self._db.table(table).insert(Document(dict(doc), doc_id=doc_id))
            except ValueError as exc:
                raise SaveError(str(exc)) from None

        self._change(apply)

    def add_interview(self, interview: Interview) -> Interview:
        doc = interview.to_doc()
        doc_id = self._change(lambda: self._db.table("interviews").insert(doc))
        return Interview(interview.company, interview.at, interview.contact_ids, interview.notes, doc_id)

    def add_news(self, item: NewsItem) -> NewsItem:
        doc = item.to_doc()
        doc_id = self._change(lambda: self._db.table("news").insert(doc))
        return NewsItem(item.text, item.on, doc_id)

    def save_settings(self, settings: Settings) -> None:
        def apply() -> None:
            tables = self._storage.read() or {}
            tables["settings"] = {"1": settings.to_doc()}
            self._storage.write(tables)

        self._change(apply)

    # -- misc -------------------------------------------------------------------------------

    def now(self) -> datetime:
        return self.clock()

    def close(self) -> None:
        self._db.close()
