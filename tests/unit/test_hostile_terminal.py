"""Escape sequences hidden in the data file never reach the user's terminal.

The real app runs under a pseudo-terminal on a data file written by another tool, whose contact
carries an OSC title change, a clear-screen, an 8-bit CSI and Textual markup. The app itself
writes plenty of escape sequences; we look for the data's exact ones.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import orjson
import pytest

OSC_TITLE = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2Jzz9"
CSI8 = "\x9b31m"
MARKUP = "[@click=app.quit]x[/]"

NAME = f"Eve{OSC_TITLE} Mallory{CLEAR} Q{CSI8}"
NOTES = f"{MARKUP} Ann [/] {OSC_TITLE}{CLEAR}{CSI8} end"

#: The data's raw sequences as they would appear in the terminal output (UTF-8 encoded).
FORBIDDEN = [
    b"\x1b]0;pwned",
    b"pwned\x07",
    b"\x1b[2Jzz9",
    CSI8.encode(),  # the 8-bit CSI as UTF-8: \xc2\x9b
    b"\x9b31m",
]


def write_hostile_file(path: Path) -> None:
    data = {
        "meta": {"1": {"schema_version": 1}},
        "contacts": {
            "1": {
                "name": NAME,
                "company": f"Acme{CSI8}{OSC_TITLE}",
                "title": MARKUP,
                "notes": NOTES,
                "status": "pursuing",
                "tags": [f"vip{CLEAR}"],
                "created_at": "2026-11-01T15:00:00+00:00",
            }
        },
        "attempts": {
            "1": {
                "contact_id": 1,
                "at": "2026-11-20T15:00:00+00:00",
                "channel": "phone",
                "outcome": "voicemail",
                "note": f"left message {OSC_TITLE}{CLEAR}{CSI8}",
            }
        },
    }
    path.write_bytes(orjson.dumps(data))


def read_for(fd: int, seconds: float, out: bytearray) -> None:
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([fd], [], [], min(left, 0.1))
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the child closed the terminal
                return
            if not chunk:
                return
            out.extend(chunk)


def test_data_escape_sequences_never_reach_the_terminal(tmp_path: Path) -> None:
    path = tmp_path / "followup.json"
    write_hostile_file(path)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
    env.update(TERM="xterm-256color", COLUMNS="120", LINES="36")
    env.pop("NO_COLOR", None)
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
        # Until the contact is drawn (a busy machine may take far longer than usual), then a
        # little more for the rest of the frame.
        deadline = time.monotonic() + 30
        while b"Mallory" not in out and child.poll() is None and time.monotonic() < deadline:
            read_for(master, 0.2, out)
        read_for(master, 1.0, out)
        running = child.poll() is None
        if not running and b"Traceback" in out:
            pytest.fail("the app crashed:\n" + out.decode("utf-8", "replace")[-2000:])
        assert running, out.decode("utf-8", "replace")[-2000:]
        os.write(master, b"q")
        deadline = time.monotonic() + 10
        while child.poll() is None and time.monotonic() < deadline:
            read_for(master, 0.2, out)
        read_for(master, 0.2, out)
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
        os.close(master)
    assert child.returncode == 0, out.decode("utf-8", "replace")[-2000:]
    assert b"Traceback" not in out
    assert b"Mallory" in out  # the contact was drawn: the check below is not vacuous
    found = [seq for seq in FORBIDDEN if seq in out]
    assert found == []
    assert orjson.loads(path.read_bytes())["contacts"]["1"]["name"] == NAME  # only read
