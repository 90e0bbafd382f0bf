"""Command line of followup-tui (PRODUCT.md section 10).

Only the app and demo commands import Textual; the others start fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from followup_tui import __version__


class UserError(Exception):
    """A mistake of the user's: printed as one line on stderr, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"followup-tui: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="followup-tui",
        description="Track every call and e-mail to the people you are chasing.",
    )
    parser.add_argument("--version", action="version", version=f"followup-tui {__version__}")
    db_help = "data file (default: $FOLLOWUP_TUI_DB or the user data folder)"
    parser.add_argument("--db", metavar="PATH", help=db_help)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    demo = sub.add_parser("demo", help="open the app on sample data")
    demo.add_argument("--db", metavar="PATH", dest="sub_db", help="write the sample data here")

    from followup_tui.cli import add_subcommands

    add_subcommands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    db = getattr(args, "sub_db", None) or args.db
    try:
        if args.command is None:
            return _run_app(db)
        if args.command == "demo":
            return _run_demo(db)
        from followup_tui.cli import run_command

        return run_command(args, db)
    except UserError as exc:
        print(f"followup-tui: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _open_store_or_fail(path: str | None):  # type: ignore[no-untyped-def]
    from followup_tui.storage import DataFileError, Store, resolve_db_path

    db_path = resolve_db_path(path)
    try:
        return Store.open(db_path)
    except DataFileError as exc:
        backups = ""
        from followup_tui.storage.store import Store as _S

        found = _S(db_path).backups() if db_path.parent.exists() else []
        if found:
            backups = f" (newest backup: {found[0]})"
        raise UserError(f"{exc}{backups}") from None


def _run_app(db: str | None) -> int:
    store = _open_store_or_fail(db)
    path = store.path
    store.close()
    from followup_tui.ui.app import make_app

    make_app(path).run()
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
    from followup_tui.ui.app import make_app

    make_app(path).run()
    print(f"demo data: {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
