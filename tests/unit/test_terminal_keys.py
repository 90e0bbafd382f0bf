"""ctrl+s, ctrl+q and ctrl+o reach the app in a terminal set up as macOS and Linux set one up.

A terminal starts with XON/XOFF flow control (IXON: ctrl+s stops output, ctrl+q resumes it) and,
on macOS, ctrl+o as DISCARD (IEXTEN). The real app runs under a pseudo-terminal with both
switched on; the keys must still do what the app says: ctrl+o opens the import screen, ctrl+s
saves the log form, ctrl+q quits.
"""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import time
from datetime import UTC, datetime
from pathlib import Path

import orjson

from followup_tui.domain.models import Contact
from followup_tui.storage import Store
from tests.unit.test_hostile_terminal import read_for

CTRL_O, CTRL_S, CTRL_Q = b"\x0f", b"\x13", b"\x11"


def wait_for(master: int, out: bytearray, text: bytes, seconds: float = 15.0) -> bool:
    start = len(out)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        read_for(master, 0.2, out)
        if text in out[start:]:
            return True
    return False


def test_flow_control_keys_reach_the_app(tmp_path: Path) -> None:
    path = tmp_path / "followup.json"
    s = Store.open(path, clock=lambda: datetime(2026, 11, 26, 14, 5, 7, 123456, tzinfo=UTC))
    s.add_contact(Contact(name="Ann Lee", timezone="America/New_York"))
    s.close()
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
    attrs = termios.tcgetattr(slave)
    attrs[0] |= termios.IXON | termios.IXOFF  # flow control on, as terminals start
    attrs[3] |= termios.IEXTEN  # ctrl+o DISCARD / ctrl+v LNEXT where the system has them
    termios.tcsetattr(slave, termios.TCSANOW, attrs)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
    env.update(TERM="xterm-256color", COLUMNS="120", LINES="36")
    child = subprocess.Popen(
        [sys.executable, "-m", "followup_tui", "--db", str(path)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    out = bytearray()
    try:
        assert wait_for(master, out, b"Ann Lee"), out.decode("utf-8", "replace")[-2000:]
        read_for(master, 1.0, out)
        os.write(master, CTRL_O)
        assert wait_for(master, out, b"Import contacts"), "ctrl+o did not open the import screen"
        os.write(master, b"\x1b")  # esc closes it
        read_for(master, 1.0, out)
        os.write(master, b"l")
        assert wait_for(master, out, b"enter save"), "l did not open the log form"
        # An outcome key first would log at once: change the duration, so ctrl+s must save.
        for key in (b"\t", b"\t", b"\t"):  # outcome -> when -> caller ID -> duration
            os.write(master, key)
            read_for(master, 0.4, out)
        os.write(master, b"45")
        read_for(master, 0.5, out)
        os.write(master, CTRL_S)
        deadline = time.monotonic() + 15
        attempts: dict = {}
        while not attempts and time.monotonic() < deadline:
            read_for(master, 0.2, out)
            attempts = orjson.loads(path.read_bytes()).get("attempts") or {}
        assert len(attempts) == 1, "ctrl+s did not save the log form"
        assert [a.get("duration_s") for a in attempts.values()] == [45]
        read_for(master, 1.0, out)
        os.write(master, CTRL_Q)
        deadline = time.monotonic() + 15
        while child.poll() is None and time.monotonic() < deadline:
            read_for(master, 0.2, out)
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
        os.close(master)
    assert child.returncode == 0, "ctrl+q did not quit: " + out.decode("utf-8", "replace")[-1000:]
    assert b"Traceback" not in out
