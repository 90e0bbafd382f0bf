"""Small data sets for the import/export tests (hand-made, so every figure is checkable)."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

from followup_tui.domain.models import Attempt, Contact, Interview, NewsItem, Settings
from followup_tui.storage import Store

DATA = Path(__file__).resolve().parent.parent / "data"


def t(day: int, hour: int, minute: int = 0) -> datetime:
    """An instant in November 2026, UTC."""
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def populate(store: Store) -> dict[str, int]:
    """Contacts (one deleted, so ids have a gap), attempts, an interview, news, settings."""
    store.save_settings(Settings(home_region="GB", hide_caller_id=False, work_start_hour=8))
    dana = store.add_contact(
        Contact(
            name="Dana Smith",
            company="Acme, Inc.",
            phones=("+12125550134",),
            emails=("dana@acme.example",),
            timezone="America/New_York",
            tags=("fintech", "linkedin"),
            notes="Met at the fair.\nLikes early calls.",
            linkedin_url="https://www.linkedin.com/in/dana",
            created_at=t(1, 12),
        )
    )
    gone = store.add_contact(Contact(name="Gone Person", created_at=t(1, 12)))
    raj = store.add_contact(
        Contact(
            name="Raj Patel",
            company="Globex",
            phones=("+442079460958",),
            timezone="Europe/London",
            status="keep_warm",
            cadence_days=14,
            created_at=t(2, 9),
        )
    )
    closed = store.add_contact(
        Contact(
            name="Zoë Closed",
            emails=("zoe@example.com",),
            status="closed",
            closed_reason="declined",
            created_at=t(3, 9),
        )
    )
    store.delete_contact(gone.id or 0)
    news = store.add_news(NewsItem("Shipped the pricing project", date(2026, 11, 10)))
    mistake = store.add_attempt(Attempt(raj.id or 0, t(4, 10), "phone", "busy"))
    store.delete_attempt(mistake.id or 0)  # attempt ids have a gap too
    store.add_attempt(
        Attempt(dana.id or 0, t(20, 14), "phone", "no_answer", caller_id="hidden", duration_s=0)
    )
    store.add_attempt(
        Attempt(
            dana.id or 0,
            t(24, 15, 30),
            "phone",
            "voicemail",
            caller_id="shown",
            duration_s=42,
            note='left a message, "call back"',
            news_ids=(news.id or 0,),
        )
    )
    store.add_attempt(Attempt(raj.id or 0, t(5, 10), "email", "sent"))
    store.add_attempt(Attempt(closed.id or 0, t(6, 10), "email", "replied"))
    store.add_interview(Interview("Acme, Inc.", t(12, 15), (dana.id or 0,), notes="Panel of three"))
    return {"dana": dana.id or 0, "raj": raj.id or 0, "closed": closed.id or 0}


def count_replacements(monkeypatch, target):
    """Count atomic replacements of the data file (each write replaces it once)."""
    import os

    writes = []
    real = os.replace

    def replace(src, dst, *args, **kwargs):
        if str(dst) == str(target):
            writes.append(dst)
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    return writes


@contextmanager
def fifo_unblocked_after(fifo: Path, seconds: float = 5.0) -> Iterator[None]:
    """A named pipe that a reader may open: if one still waits on it after ``seconds``, a
    writer opens and closes it, so the reader sees an empty pipe instead of hanging the test
    run for ever (a test that expects the pipe never to be opened then fails, not hangs)."""
    done = threading.Event()

    def unblock() -> None:
        if done.wait(seconds):
            return
        while not done.is_set():
            try:
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # no reader (yet): nobody is stuck on it
                if done.wait(0.05):
                    return
                continue
            os.close(fd)
            return

    thread = threading.Thread(target=unblock, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join(5)


def commands_and_modules(runs: list[list[str]], packages: tuple[str, ...]) -> str:
    """Run each ``followup-tui`` argument list of ``runs`` in one fresh interpreter; return
    ``"[exit codes] [modules of packages loaded]"`` as it prints them."""
    import subprocess
    import sys

    code = (
        "import sys, contextlib, io\n"
        "from followup_tui.__main__ import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):\n"
        f"    codes = [main(argv) for argv in {runs!r}]\n"
        f"loaded = [n for n in sys.modules if n.split('.')[0] in {packages!r}]\n"
        "print(codes, sorted(loaded))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip()
