"""Start-up as the user sees it: ``followup-tui --db PATH`` in a pseudo-terminal.

The clock starts just before the process is spawned and stops when the terminal output first
contains a marker (escape sequences removed): ``"5000 contacts"`` in the summary bar, drawn in
the same frame as the first rows of the contact list, or the welcome text for an empty file.
The app is then killed; its peak memory (VmHWM) is read first.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time
from pathlib import Path

ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1bP[^\x1b]*\x1b\\|\x1b[@-Z\\-_]"
)
ROWS, COLUMNS = 50, 160


def _peak_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def time_to_marker(
    db: Path | None,
    marker: str,
    *,
    timeout: float = 60.0,
    settle: float = 0.0,
    argv: list[str] | None = None,
    env: dict[str, str] | None = None,
) -> tuple[float, float | None]:
    """Seconds from spawn to the first output showing ``marker``; and the app's peak RSS (MB)
    ``settle`` seconds later. ``argv`` starts another program instead of followup-tui on
    ``db`` (the minimal Textual app the first frame is compared with). ``env`` adds to the
    environment; ``PYTHONDONTWRITEBYTECODE`` is left out of it, so that with
    ``PYTHONPYCACHEPREFIX`` in ``env`` every run after the first finds its bytecode, as an
    installed app does."""
    extra = env or {}
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update({"TERM": "xterm-256color", "COLORTERM": "truecolor", "LANG": "C.UTF-8"})
    for key in [k for k in env if k.startswith("TEXTUAL")]:
        del env[key]
    env.update(extra)
    if argv is None:
        argv = [sys.executable, "-c", "from followup_tui.__main__ import run; run()"]
        argv += ["--db", str(db)]
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: a terminal of a fixed size, then the app
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
            os.execve(sys.executable, argv, env)
        finally:
            os._exit(127)
    buffer = b""
    found: float | None = None
    try:
        deadline = start + timeout
        while found is None:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"no {marker!r} on screen within {timeout:.0f} s")
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 1 << 16)
            except OSError:  # the app exited
                raise RuntimeError(
                    f"the app exited before showing {marker!r}: "
                    f"{ANSI.sub('', buffer.decode('utf-8', 'replace'))[-500:]!r}"
                ) from None
            if not chunk:
                raise RuntimeError("the app closed its terminal")
            buffer += chunk
            # Answer the cursor position / device attribute queries a terminal would.
            if b"\x1b[6n" in chunk:
                os.write(fd, b"\x1b[1;1R")
            if marker in ANSI.sub("", buffer.decode("utf-8", "ignore")):
                found = time.perf_counter()
        if settle:
            end = time.perf_counter() + settle
            while (left := end - time.perf_counter()) > 0:
                ready, _, _ = select.select([fd], [], [], left)
                if ready:
                    try:
                        os.read(fd, 1 << 16)
                    except OSError:
                        break
        peak = _peak_mb(pid)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    return found - start, peak


if __name__ == "__main__":
    seconds, peak = time_to_marker(Path(sys.argv[1]), sys.argv[2])
    print(f"{seconds * 1000:.0f} ms, peak {peak} MB")
