"""Storage layer: the only place that imports TinyDB.

``Store`` (and with it TinyDB) loads on first use: the commands that only read the data file
(``followup-tui due``) read it through ``storage.datafile`` and never need it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from followup_tui.storage.errors import ContactGone, DataFileError, SaveError
from followup_tui.storage.paths import default_db_path, resolve_db_path

if TYPE_CHECKING:
    from followup_tui.storage.store import Store

__all__ = [
    "ContactGone",
    "DataFileError",
    "SaveError",
    "Store",
    "default_db_path",
    "resolve_db_path",
]


def __getattr__(name: str) -> Any:
    if name == "Store":
        from followup_tui.storage.store import Store

        return Store
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
