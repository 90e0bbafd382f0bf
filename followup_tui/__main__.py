"""Command line of followup-tui (PRODUCT.md section 10).

Only the app and demo commands import Textual; the others start fast.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from followup_tui import __version__
from followup_tui.domain.errors import UserError


def _columns() -> int:
    """The terminal's width, as ``shutil.get_terminal_size`` gives it (``$COLUMNS`` first, 80
    when the output is not a terminal)."""
    with contextlib.suppress(ValueError):
        if (columns := int(os.environ.get("COLUMNS", "0"))) > 0:
            return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 80


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout at the terminal's width. argparse builds a formatter for every
    option it is given (to check its metavar), and its own measure of the width imports
    ``shutil`` and what that needs (zlib, bz2, lzma): 2 to 3 ms of every brief command."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        width = _columns() - 2 if width is None else width
        super().__init__(prog, indent_increment, max_help_position, width)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"followup-tui: {message}\n")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with ``command``, only that sub-command's options (the
    parser for a run of that command)."""
    parser = _Parser(
        prog="followup-tui",
        description="Track every call and e-mail to the people you are chasing.",
    )
    parser.add_argument("--version", action="version", version=f"followup-tui {__version__}")
    db_help = "data file (default: $FOLLOWUP_TUI_DB or the user data folder)"
    parser.add_argument("--db", metavar="PATH", help=db_help)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    if command in (None, "demo"):
        demo = sub.add_parser("demo", help="open the app on sample data")
        demo.add_argument("--db", metavar="PATH", dest="sub_db", help="write the sample data here")

    if command in (None, "restore"):
        restore = sub.add_parser(
            "restore",
            help="put a daily backup back in place (the current file is kept, never deleted)",
        )
        restore.add_argument(
            "backup",
            nargs="?",
            metavar="BACKUP",
            help="backup file (default: the newest usable one)",
        )
        restore.add_argument("--list", action="store_true", help="show the backups, newest first")
        restore.add_argument("--db", metavar="PATH", dest="sub_db", help=db_help)

    if command not in ("demo", "restore"):
        from followup_tui.cli import add_subcommands

        add_subcommands(sub, only=command)
    return parser


def command_named(given: Sequence[str]) -> str | None:
    """The sub-command ``given`` names, when it is one: the first word after the global
    ``--db PATH`` (None for ``--help``, ``--version`` or anything the full parser should
    read and explain)."""
    from followup_tui.cli import SUBCOMMANDS

    rest = list(given)
    while rest:
        word = rest.pop(0)
        if word == "--db" and rest:
            rest.pop(0)
        elif not word.startswith("--db="):
            return word if word in ("demo", "restore", *SUBCOMMANDS) else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the app or a command (``argv``: the arguments, default the process's); the exit
    status."""
    return _main(argv)[0]


def run() -> None:
    """The installed ``followup-tui`` and ``python -m followup_tui``.

    After a command without the app (``due``, ``log``…), whose files are written, synced and
    closed when it returns, the process leaves at once: freeing tens of thousands of records
    one by one on the way out would cost a script more than reading them did.

    The garbage collector is off until the command is known: every pass during the imports
    walks all the modules loaded so far (about 15 ms of a ``followup-tui log``). The brief
    commands leave it off (their records live until the process exits); the others turn it
    back on (the app pauses it again until its first frame is drawn).
    """
    gc.disable()
    status, app_ran = _main(None)
    if app_ran:
        sys.exit(status)
    exit_now(status)


def exit_now(status: int) -> NoReturn:
    """Flush what was printed and end the process without tearing it down."""
    for stream in (sys.stdout, sys.stderr):
        # A closed pipe: what could be said was said.
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(status)


def _main(argv: Sequence[str] | None) -> tuple[int, bool]:
    given = sys.argv[1:] if argv is None else list(argv)
    args = app_start(given)
    if args is None:
        from followup_tui.cli import BRIEF_COMMANDS, join_dash_values

        args = build_parser(command_named(given)).parse_args(join_dash_values(given))
        if args.command not in BRIEF_COMMANDS:
            gc.enable()
    else:
        gc.enable()
    app_ran = args.command in (None, "demo")
    return _dispatch(args), app_ran


def app_start(given: Sequence[str]) -> argparse.Namespace | None:
    """The arguments of the app's own start, ``[]`` or ``--db PATH``, as the parser would read
    them, without building it (every command's options: milliseconds the first frame would
    wait for); None for anything else, which the parser reads."""
    if not given:
        return argparse.Namespace(command=None, db=None)
    if len(given) == 1 and given[0].startswith("--db="):
        return argparse.Namespace(command=None, db=given[0].removeprefix("--db="))
    if len(given) == 2 and given[0] == "--db" and not given[1].startswith("-"):
        return argparse.Namespace(command=None, db=given[1])
    return None


def _dispatch(args: argparse.Namespace) -> int:
    db = getattr(args, "sub_db", None) or args.db
    try:
        if args.command is None:
            return _run_app(db)
        if args.command == "demo":
            return _run_demo(db)
        if args.command == "restore":
            return _run_restore(db, args.backup, list_only=args.list)
        from followup_tui.cli import run_command

        return run_command(args, db)
    except UserError as exc:
        from followup_tui.domain.problems import escape_controls

        print(f"followup-tui: {escape_controls(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _run_restore(db: str | None, backup: str | None, *, list_only: bool) -> int:
    from followup_tui.storage import DataFileError, resolve_db_path
    from followup_tui.storage.restore import describe, restore_backup
    from followup_tui.storage.store import list_backups

    db_path = resolve_db_path(db)
    if list_only:
        state = describe(db_path) if db_path.exists() or db_path.is_symlink() else "missing"
        print(f"data file: {db_path}: {state.removeprefix('unusable: ')}")
        backups = list_backups(db_path)
        for found in backups:
            print(f"{found}  {describe(found)}")
        if not backups:
            print("no backups yet (one is kept before the first change of each day)")
        return 0
    try:
        done = restore_backup(db_path, backup)
    except DataFileError as exc:
        raise UserError(str(exc)) from None
    for bad in done.skipped:
        print(f"skipped {bad}: {describe(bad).removeprefix('unusable: ')}")
    kept = f"; the previous file is kept as {done.kept_as}" if done.kept_as else ""
    print(f"restored {db_path} from {done.backup}{kept}")
    return 0


def _run_app(db: str | None) -> int:
    from followup_tui.ui.lazy import collection_paused

    with collection_paused():  # until the first frame (ui.lazy)
        return _start_app(db)


def _start_app(db: str | None) -> int:
    from followup_tui.storage import DataFileError, resolve_db_path
    from followup_tui.storage.peek import check_before_start

    db_path = resolve_db_path(db)
    # A quick look before the terminal is taken over: a small file is checked whole, a large
    # one up to its contacts (which the app then lists at once). The app's data thread reads
    # the whole file, once; if that finds a problem the app exits and it is reported here.
    # The command line's module (the backup hint) loads only then: the first frame waits
    # for none of it.
    try:
        head = check_before_start(db_path)
    except DataFileError as exc:
        from followup_tui.cli import backup_hint

        raise UserError(f"{exc}{backup_hint(db_path, damaged=exc.damaged)}") from None
    from followup_tui.ui.app import make_app

    app = make_app(db_path, head=head)
    del head
    app.run()
    if app.load_error is not None:
        from followup_tui.cli import backup_hint

        hint = backup_hint(db_path, damaged=app.load_error_damaged)
        raise UserError(f"{app.load_error}{hint}")
    return 0


def _run_demo(db: str | None) -> int:
    import tempfile
    from pathlib import Path

    from followup_tui.io.demo import write_demo
    from followup_tui.storage import Store

    if db:
        path = Path(db).expanduser()
        if path.exists():
            raise UserError(f"{path}: already exists; demo data goes into a new file")
    else:
        path = Path(tempfile.mkdtemp(prefix="followup-tui-demo-")) / "followup.json"
    try:
        store = Store.open(path)
    except Exception as exc:
        raise UserError(str(exc)) from None
    try:
        write_demo(store)
    finally:
        store.close()
    from followup_tui.ui.lazy import collection_paused

    with collection_paused():  # until the first frame (ui.lazy)
        from followup_tui.ui.app import make_app

        make_app(path).run()
    print(f"demo data: {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    run()
