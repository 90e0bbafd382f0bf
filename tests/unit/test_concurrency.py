"""Several running copies of followup-tui on one file: nothing lost, no id handed out twice."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from followup_tui.domain.models import Contact
from followup_tui.storage import Store

HELPER = Path(__file__).resolve().parent.parent / "helpers" / "log_child.py"


def run_together(path: Path, tags: list[str], count: int) -> dict[str, str]:
    children = [
        subprocess.Popen(
            [sys.executable, str(HELPER), str(path), tag, str(count)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for tag in tags
    ]
    for child in children:  # all open, then all start at once
        assert child.stdout.readline() == b"ready\n", child.stderr.read()
    for child in children:
        child.stdin.write(b"go\n")
        child.stdin.flush()
    acked: dict[str, str] = {}
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err.decode()
        for line in out.decode().splitlines():
            doc_id, note = line.split(" ")
            assert doc_id not in acked, f"id {doc_id} handed to two writers"
            acked[doc_id] = note
    return acked


@pytest.mark.parametrize(("writers", "count"), [(2, 300), (3, 100)])
def test_copies_logging_at_once_keep_every_attempt(tmp_path: Path, writers: int, count: int):
    path = tmp_path / "followup.json"
    store = Store.open(path)
    store.add_contact(Contact(name="Ann Lee"))
    store.close()
    tags = [f"w{i}" for i in range(writers)]
    acked = run_together(path, tags, count)
    assert len(acked) == writers * count
    attempts = orjson.loads(path.read_bytes())["attempts"]
    assert len(attempts) == writers * count
    assert {k: d["note"] for k, d in attempts.items()} == acked
    assert sorted(int(k) for k in attempts) == list(range(1, writers * count + 1))
    for tag in tags:  # each writer's attempts are all there, in its own order
        mine = sorted((int(k) for k, n in acked.items() if n.startswith(tag + "-")))
        assert [acked[str(k)] for k in mine] == [f"{tag}-{i}" for i in range(count)]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
