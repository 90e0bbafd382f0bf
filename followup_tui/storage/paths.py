"""Where the data file lives."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "FOLLOWUP_TUI_DB"
FILE_NAME = "followup.json"


def default_db_path() -> Path:
    """The platform's user data directory: ``.../followup-tui/followup.json``."""
    # Imported here: commands given --db or $FOLLOWUP_TUI_DB never need it (~3 ms).
    from platformdirs import user_data_path

    return user_data_path("followup-tui", appauthor=False) / FILE_NAME


def resolve_db_path(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """``--db`` wins, then ``FOLLOWUP_TUI_DB``, then the default location."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    return default_db_path()
