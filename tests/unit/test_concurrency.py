"""Several running copies of followup-tui on one file: nothing lost, no id handed out twice."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from followup_tui.domain.models import Contact
from followup_tui.storage import Store

HELPER = Path(__file__).resolve().parent.parent / "helpers" / "log_child.py"


def run_together(
    path: Path, tags: list[str], count: int, env: dict[str, str] | None = None
) -> tuple[dict[str, str], list[str]]:
    """Run one child per tag, all logging at once; return what they acknowledged and the
    last line each printed on stderr (what the simulated system saw)."""
    children = [
        subprocess.Popen(
            [sys.executable, str(HELPER), str(path), tag, str(count)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, **(env or {})},
        )
        for tag in tags
    ]
    for child in children:  # all open, then all start at once
        assert child.stdout.readline() == b"ready\n", child.stderr.read()
    for child in children:
        child.stdin.write(b"go\n")
        child.stdin.flush()
    acked: dict[str, str] = {}
    seen: list[str] = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err.decode()
        seen.append(err.decode().strip().splitlines()[-1])
        for line in out.decode().splitlines():
            doc_id, note = line.split(" ")
            assert doc_id not in acked, f"id {doc_id} handed to two writers"
            acked[doc_id] = note
    return acked, seen


@pytest.mark.parametrize(
    ("system", "writers", "count"),
    [
        ("native", 2, 300),
        ("native", 3, 100),
        # The same writers with the storage's macOS and Windows branches (tests/helpers/
        # simulate.py): F_FULLFSYNC recorded; a rename refused while any writer has the file open.
        ("darwin", 2, 100),
        ("win32", 3, 60),
    ],
)
def test_copies_logging_at_once_keep_every_attempt(
    tmp_path: Path, system: str, writers: int, count: int
):
    folder = tmp_path / "data folder ünïcode"  # a space and non-ASCII letters on the way
    folder.mkdir()
    path = folder / "followup.json"
    store = Store.open(path)
    store.add_contact(Contact(name="Ann Lee"))
    store.close()
    env: dict[str, str] = {}
    if system != "native":
        watch = tmp_path / "pids"
        watch.mkdir()
        env = {"FOLLOWUP_TUI_SIMULATE": system, "FOLLOWUP_TUI_WATCH_DIR": str(watch)}
    tags = [f"w{i}" for i in range(writers)]
    acked, seen = run_together(path, tags, count, env)
    if system == "darwin":  # every save asked the drive to empty its cache
        assert all(int(s.rsplit("=", 1)[1]) >= count for s in seen), seen
    else:
        assert all(s.startswith(f"simulated: {system}") for s in seen), seen
    assert len(acked) == writers * count
    attempts = orjson.loads(path.read_bytes())["attempts"]
    assert len(attempts) == writers * count
    assert {k: d["note"] for k, d in attempts.items()} == acked
    assert sorted(int(k) for k in attempts) == list(range(1, writers * count + 1))
    for tag in tags:  # each writer's attempts are all there, in its own order
        mine = sorted((int(k) for k, n in acked.items() if n.startswith(tag + "-")))
        assert [acked[str(k)] for k in mine] == [f"{tag}-{i}" for i in range(count)]
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]
