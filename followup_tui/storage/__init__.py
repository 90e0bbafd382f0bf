"""Storage layer: the only place that imports TinyDB."""

from followup_tui.storage.errors import ContactGone, DataFileError, SaveError
from followup_tui.storage.paths import default_db_path, resolve_db_path
from followup_tui.storage.store import Store

__all__ = [
    "ContactGone",
    "DataFileError",
    "SaveError",
    "Store",
    "default_db_path",
    "resolve_db_path",
]
