"""Sub-commands that run without the TUI: import, export, due, log.

They never import Textual, so they start fast.
"""

from __future__ import annotations

import argparse
from typing import Any


def add_subcommands(sub: Any) -> None:
    """Register the non-TUI sub-commands on the argparse sub-parser action ``sub``."""
    # Filled in by the import/export/log work (issue 3).


def run_command(args: argparse.Namespace, db: str | None) -> int:
    raise SystemExit(f"followup-tui: unknown command {args.command!r}")
