"""The data file as bytes and tables, without TinyDB: found (never through a symbolic link),
read whole, parsed and checked (the shape of a TinyDB file, the schema version).

The ``Store`` reads through these (``jsonstorage``), and so do the commands that only read
(``followup-tui due``, ``stats``, ``export``): they need neither TinyDB nor a lock.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import orjson

from followup_tui.domain.snapshot import gc_paused
from followup_tui.storage import system
from followup_tui.storage.errors import DataFileError

SCHEMA_VERSION = 1

Tables = dict[str, dict[str, Any]]

_JSON_TYPES = {
    list: "an array",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "true or false",
    type(None): "null",
}


def is_doc_id(key: str) -> bool:
    """TinyDB document ids are written as ASCII digits."""
    return key.isascii() and key.isdigit()


def check_shape(data: Any, path: Path) -> Tables:
    """Raise ``DataFileError`` unless ``data`` looks like a TinyDB document file."""
    if not isinstance(data, dict):
        found = _JSON_TYPES.get(type(data), type(data).__name__)
        raise DataFileError(
            f"{path}: not a followup-tui data file (expected a JSON object of tables, "
            f"found {found})",
            damaged=True,
        )
    for name, table in data.items():
        if not isinstance(table, dict):
            raise DataFileError(f"{path}: table {name!r} is not a JSON object", damaged=True)
        # orjson gives str keys and dict objects: the common case checked at C speed, every
        # key and document one by one only to name the one that is wrong.
        keys = "".join(table)
        if (
            keys.isascii()
            and keys.isdigit()
            and "" not in table
            and {*map(type, table.values())} <= {dict}
        ):
            continue
        for key, doc in table.items():
            if not is_doc_id(key):
                raise DataFileError(
                    f"{path}: table {name!r}: {key[:20]!r} is not a document id", damaged=True
                )
            if not isinstance(doc, dict):
                raise DataFileError(
                    f"{path}: table {name!r} entry {key!r} is not a JSON object", damaged=True
                )
    return data


def parse_bytes(raw: bytes, path: Path) -> Tables:
    """Parse a data file's bytes; raise ``DataFileError`` naming the problem."""
    if not raw.strip():
        raise DataFileError(f"{path}: the file is empty", damaged=True)
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise DataFileError(f"{path}: not valid JSON ({exc})", damaged=True) from None
    return check_shape(data, path)


def _file_on_the_way(path: Path) -> Path:
    """The first folder of ``path`` that is in fact something else (e.g. a file)."""
    for parent in reversed(Path(path).parents):
        if parent.exists() and not parent.is_dir():
            return parent
    return Path(path).parent


def lstat_no_symlink(path: Path) -> os.stat_result | None:
    """``lstat`` of ``path`` (None when missing); ``DataFileError`` for a symbolic link or
    when a folder on the way is a file."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        raise DataFileError(f"{path}: {_file_on_the_way(path)} is a file, not a folder") from None
    if stat.S_ISLNK(st.st_mode):
        raise DataFileError(f"{path}: is a symbolic link; refusing to follow it")
    return st


def read_bytes(path: Path) -> tuple[int, os.stat_result, bytes]:
    """A descriptor open on the regular file at ``path`` (the caller closes it), its status
    and all its bytes; ``DataFileError`` naming the problem otherwise."""
    try:
        fd = os.open(path, os.O_RDONLY | system.binary_flags())
    except OSError as exc:
        if os.path.islink(path):
            raise DataFileError(f"{path}: is a symbolic link; refusing to follow it") from None
        raise DataFileError(f"{path}: cannot open ({exc.strerror})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise DataFileError(f"{path}: is not a file")
        # The whole file in one piece (a 2 MB file read in chunks and joined would be held
        # twice), then on to the end in case it was longer than it said.
        data = os.read(fd, st.st_size + 1)
        chunks = [data]
        while data and (data := os.read(fd, 1 << 20)):
            chunks.append(data)
    except OSError as exc:
        os.close(fd)
        raise DataFileError(f"{path}: cannot read ({exc.strerror})") from None
    except BaseException:
        os.close(fd)
        raise
    return fd, st, b"".join(chunks)  # one piece: the piece itself, not a copy


def schema_version(tables: Mapping[str, Any], path: Path) -> int:
    """The file's ``meta.schema_version`` (1 when absent); ``DataFileError`` when invalid."""
    meta = tables.get("meta") or {}
    if not meta:
        return 1
    doc = meta.get("1") or next(iter(meta.values()))
    version = doc.get("schema_version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DataFileError(f"{path}: meta.schema_version {version!r} is not valid", damaged=True)
    return version


def check_version(tables: Mapping[str, Any], path: Path) -> int:
    version = schema_version(tables, path)
    if version > SCHEMA_VERSION:
        raise DataFileError(
            f"{path}: written by a newer followup-tui (schema {version}, this version knows "
            f"up to {SCHEMA_VERSION}); update followup-tui to open it"
        )
    return version


def read_tables(path: Path) -> Tables | None:
    """The tables of the data file at ``path``, read whole and checked (shape, schema), the
    file not kept open; None when there is no file. Nothing is locked or created."""
    if lstat_no_symlink(path) is None:
        return None
    fd, _st, raw = read_bytes(path)
    os.close(fd)
    with gc_paused():  # a 20 MB file is millions of objects: no collections meanwhile
        tables = parse_bytes(raw, path)
    check_version(tables, path)
    return tables
