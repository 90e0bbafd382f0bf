"""The newcomer check: a new, empty file to a first logged call with only keys shown in the
footer, the help or a form's hint; at most 10 keys plus the typed text."""

from __future__ import annotations

import json
from pathlib import Path

from bench.newcomer import NAME, NOW, TARGET_KEYS, first_call


async def test_a_newcomer_adds_a_contact_and_logs_a_call_in_few_keys(tmp_path: Path) -> None:
    path = tmp_path / "new.json"
    walk, _ = await first_call(path)
    assert walk.keys == ["n", "enter", "l", "1"]
    assert walk.typed == NAME
    assert walk.key_count <= TARGET_KEYS
    tables = json.loads(path.read_text())
    [contact] = tables["contacts"].values()
    [attempt] = tables["attempts"].values()
    assert contact["name"] == NAME
    assert (attempt["channel"], attempt["outcome"]) == ("phone", "reached")
    assert attempt["at"].startswith(NOW.strftime("%Y-%m-%dT%H:%M"))


async def test_the_walk_works_on_a_narrow_terminal(tmp_path: Path) -> None:
    walk, _ = await first_call(tmp_path / "new.json", size=(60, 20))
    assert walk.key_count <= TARGET_KEYS
