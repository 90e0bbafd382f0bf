"""The way back from a damaged data file: check files, list backups, restore one.

Restoring never deletes anything: the current file is kept under a new name
(``followup.json.broken-YYYYMMDD-HHMMSS``) and the backup is copied into place atomically.
At every instant the data path holds either the old file or the restored one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

from followup_tui.domain.clock import Clock, system_clock
from followup_tui.storage import system
from followup_tui.storage.datafile import Tables, check_version, lstat_no_symlink, parse_bytes
from followup_tui.storage.errors import DataFileError
from followup_tui.storage.jsonstorage import FILE_MODE, atomic_write
from followup_tui.storage.lockfile import FileLock, LockHeld
from followup_tui.storage.store import list_backups, prepare_lock_file


def read_checked(path: Path) -> tuple[bytes, Tables]:
    """Read and check a data file (or backup) without changing anything."""
    st = lstat_no_symlink(path)
    if st is None:
        raise DataFileError(f"{path}: no such file")
    if not stat.S_ISREG(st.st_mode):
        raise DataFileError(f"{path}: is not a file")
    try:
        fd = os.open(path, os.O_RDONLY | system.binary_flags())
        with os.fdopen(fd, "rb") as fh:
            content = fh.read()
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read ({exc.strerror})") from None
    tables = parse_bytes(content, path)
    check_version(tables, path)
    return content, tables


def describe(path: Path) -> str:
    """One line about a data file: what it holds, or why it cannot be used."""
    try:
        _, tables = read_checked(path)
    except DataFileError as exc:
        return "unusable: " + str(exc).removeprefix(f"{path}: ")
    contacts = len(tables.get("contacts") or {})
    attempts = len(tables.get("attempts") or {})
    return f"{contacts} contacts, {attempts} attempts"


@dataclass(frozen=True)
class Restored:
    backup: Path
    """The backup now in place."""
    kept_as: Path | None
    """Where the previous file was kept (None when there was none)."""
    skipped: tuple[Path, ...] = ()
    """Newer backups that could not be used."""


def _resolve_backup(path: Path, name: str) -> Path:
    given = Path(name).expanduser()
    if given.exists() or given.is_absolute() or len(given.parts) > 1:
        return given
    return path.parent / given  # a bare name: look next to the data file


def _keep_aside(path: Path, clock: Clock) -> Path:
    stamp = clock().astimezone().strftime("%Y%m%d-%H%M%S")
    base = path.with_name(f"{path.name}.broken-{stamp}")
    target, n = base, 1
    while os.path.lexists(target):
        target = base.with_name(f"{base.name}-{n}")
        n += 1
    try:
        os.link(path, target)  # the original stays in place until the backup replaces it
    except OSError:
        fd = os.open(
            target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | system.binary_flags(), FILE_MODE
        )
        try:
            with os.fdopen(fd, "wb") as out, open(path, "rb") as src:
                shutil.copyfileobj(src, out)
                out.flush()
                system.sync_file(out.fileno())
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(target)  # ours (O_EXCL): a partial copy is not a file kept aside
            raise
    return target


def restore_backup(
    path: Path,
    backup: str | os.PathLike[str] | None = None,
    *,
    clock: Clock = system_clock,
    lock_timeout: float = 5.0,
) -> Restored:
    """Put a backup in place of ``path`` (the newest usable one unless ``backup`` is given).

    Without ``backup``, a file that opens fine is left alone (``DataFileError``): restoring
    would throw away its newer changes. Raises ``DataFileError`` when nothing can be restored.
    """
    path = Path(path)
    skipped: list[Path] = []
    if backup is not None:
        source = _resolve_backup(path, os.fspath(backup))
        content, _ = read_checked(source)
    else:
        if os.path.lexists(path):
            try:
                read_checked(path)
            except DataFileError as exc:
                if not exc.damaged:
                    raise
            else:
                raise DataFileError(
                    f"{path}: opens fine, so it was left alone; name a backup to go back to "
                    "it anyway (followup-tui restore --list shows them)"
                )
        for candidate in list_backups(path):
            try:
                content, _ = read_checked(candidate)
            except DataFileError:
                skipped.append(candidate)
                continue
            source = candidate
            break
        else:
            found = f" ({len(skipped)} unusable)" if skipped else ""
            raise DataFileError(f"{path}: no backup to restore{found}")

    lock_path = Path(str(path) + ".lock")
    lock = FileLock(lock_path, lock_timeout)
    try:
        prepare_lock_file(lock_path)
        lock.acquire()
    except (LockHeld, OSError, DataFileError):
        raise DataFileError(
            f"{path}: another copy of followup-tui is using the file; close it and try again"
        ) from None
    try:
        try:
            kept = _keep_aside(path, clock) if os.path.lexists(path) else None
        except OSError as exc:
            raise DataFileError(
                f"{path}: could not keep the current file aside ({exc.strerror or exc}); "
                "nothing was restored"
            ) from None
        try:
            atomic_write(path, content)
        except OSError as exc:
            raise DataFileError(f"{path}: could not restore ({exc.strerror or exc})") from None
    finally:
        lock.release()
    return Restored(backup=source, kept_as=kept, skipped=tuple(skipped))
