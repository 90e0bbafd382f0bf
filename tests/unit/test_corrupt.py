"""Corrupt or foreign data files: refused with a clear message, never modified, and the user
has a way back through the daily backups (`followup-tui restore`)."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from followup_tui.__main__ import main
from followup_tui.storage import DataFileError, Store

OLD_NS = 1_700_000_000_000_000_000


def valid_bytes(n_attempts: int = 20) -> bytes:
    data = {
        "meta": {"1": {"schema_version": 1}},
        "contacts": {
            "1": {"name": "Ann Lee", "company": "Acme", "phones": ["+12125550123"]},
            "2": {"name": "Bob Roy", "notes": "met at the fair"},
        },
        "attempts": {
            str(i): {
                "contact_id": 1 + i % 2,
                "at": f"2026-11-{10 + i % 15:02d}T15:00:00+00:00",
                "channel": "phone",
                "outcome": "voicemail",
                "note": f"try {i}",
            }
            for i in range(1, n_attempts + 1)
        },
    }
    return orjson.dumps(data)


VALID = valid_bytes()

CASES: dict[str, tuple[bytes, str]] = {
    "empty": (b"", "the file is empty"),
    "only white space": (b" \n\t\n", "the file is empty"),
    "an open brace": (b"{", "not valid JSON (unexpected end of data"),
    "truncated": (VALID[: len(VALID) // 2], "not valid JSON"),
    "trailing garbage": (VALID + b"garbage", "not valid JSON (unexpected content after document"),
    "two documents": (VALID + VALID, "not valid JSON"),
    "NUL bytes": (b"\x00" * 4096, "not valid JSON"),
    "a NUL byte inside": (VALID[:40] + b"\x00" + VALID[40:], "not valid JSON"),
    "invalid UTF-8": (b'{"contacts": {"1": {"name": "\xff\xfe"}}}', "not valid UTF-8"),
    "a list": (b"[]", "found an array"),
    "a list of tables": (b'[{"contacts": {}}]', "found an array"),
    "a number": (b"42", "found a number"),
    "null": (b"null", "found null"),
    "a table that is a list": (b'{"contacts": []}', "table 'contacts' is not a JSON object"),
    "a table that is text": (b'{"contacts": "Ann"}', "table 'contacts' is not a JSON object"),
    "a document that is text": (b'{"contacts": {"1": "Ann"}}', "'contacts' entry '1' is not"),
    "a document id that is a word": (b'{"contacts": {"ann": {}}}', "'ann' is not a document id"),
    "a document id in superscript": (
        '{"contacts": {"\u00b2": {}}}'.encode(),
        "is not a document id",
    ),
    "a newer schema": (
        b'{"meta": {"1": {"schema_version": 7}}, "contacts": {}}',
        "written by a newer followup-tui (schema 7",
    ),
    "a schema version that is text": (
        b'{"meta": {"1": {"schema_version": "one"}}}',
        "meta.schema_version 'one' is not valid",
    ),
    "a schema version that is true": (
        b'{"meta": {"1": {"schema_version": true}}}',
        "meta.schema_version True is not valid",
    ),
}


def put(folder: Path, content: bytes, *, backups: dict[str, bytes] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "followup.json"
    path.write_bytes(content)
    os.utime(path, ns=(OLD_NS, OLD_NS))
    for day, data in (backups or {}).items():
        (folder / f"followup.json.bak-{day}").write_bytes(data)
    return path


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(".lock"))


@pytest.mark.parametrize("case", list(CASES))
def test_unusable_file_is_refused_and_left_alone(tmp_path: Path, case: str) -> None:
    content, problem = CASES[case]
    path = put(tmp_path, content, backups={"20261125": VALID})
    names = listing(tmp_path)
    with pytest.raises(DataFileError) as info:
        Store.open(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    assert problem in message
    assert "\n" not in message
    assert path.read_bytes() == content
    assert path.stat().st_mtime_ns == OLD_NS
    assert listing(tmp_path) == names  # no backup of the bad file, no temporary file


@pytest.mark.parametrize("case", list(CASES))
def test_app_entry_names_the_problem_and_the_newest_backup(
    tmp_path: Path, case: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import followup_tui.ui.app as app_module

    def no_app(*args: object, **kwargs: object) -> None:
        raise AssertionError("the app must not start on an unusable file")

    monkeypatch.setattr(app_module, "make_app", no_app)
    content, problem = CASES[case]
    path = put(tmp_path, content, backups={"20261124": VALID, "20261125": VALID})
    assert main(["--db", str(path)]) == 2
    message = capsys.readouterr().err.removeprefix("followup-tui: ").removesuffix("\n")
    assert problem in message
    assert f"newest backup: {tmp_path / 'followup.json.bak-20261125'}" in message
    assert "\n" not in message
    assert path.read_bytes() == content


def test_random_truncations_are_all_refused(tmp_path: Path) -> None:
    content = valid_bytes(200)
    rng = random.Random(4)
    cuts = sorted(rng.sample(range(len(content)), 40))
    for cut in cuts:
        path = put(tmp_path, content[:cut])
        with pytest.raises(DataFileError, match="(not valid JSON|the file is empty)"):
            Store.open(path)
        assert path.read_bytes() == content[:cut]
        assert path.stat().st_mtime_ns == OLD_NS


def test_a_file_of_the_documented_shape_from_another_tool_opens(tmp_path: Path) -> None:
    path = put(tmp_path, VALID.replace(b'"meta":{"1":{"schema_version":1}},', b""))
    assert b"meta" not in path.read_bytes()
    snap = Store.open(path).snapshot()
    assert [c.name for c in snap.contacts.values()] == ["Ann Lee", "Bob Roy"]
    assert snap.attempt_count == 20


@pytest.mark.parametrize("case", ["trailing garbage", "a newer schema"])
def test_command_line_prints_one_line_and_no_traceback(tmp_path: Path, case: str) -> None:
    content, problem = CASES[case]
    path = put(tmp_path, content, backups={"20261125": VALID})
    result = subprocess.run(
        [sys.executable, "-m", "followup_tui", "--db", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"followup-tui: {path}: ")
    assert problem in lines[0]
    assert "followup.json.bak-20261125" in lines[0]
    assert path.read_bytes() == content


# -- restore ------------------------------------------------------------------------------

BROKEN_NAME = re.compile(r"^followup\.json\.broken-\d{8}-\d{6}(-\d+)?$")


def test_restore_puts_the_newest_backup_back_and_keeps_the_broken_file(
    tmp_path: Path, capsys
) -> None:
    older, newer = valid_bytes(5), valid_bytes(9)
    broken = VALID[:100]
    path = put(tmp_path, broken, backups={"20261124": older, "20261125": newer})
    assert main(["--db", str(path), "restore"]) == 0
    assert path.read_bytes() == newer
    assert path.stat().st_mode & 0o777 == 0o600
    kept = [p for p in tmp_path.iterdir() if BROKEN_NAME.match(p.name)]
    assert len(kept) == 1 and kept[0].read_bytes() == broken
    out = capsys.readouterr().out
    assert f"restored {path} from {tmp_path / 'followup.json.bak-20261125'}" in out
    assert kept[0].name in out
    assert Store.open(path).snapshot().attempt_count == 9
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_restore_a_named_backup(tmp_path: Path) -> None:
    older, newer = valid_bytes(5), valid_bytes(9)
    path = put(tmp_path, b"{", backups={"20261124": older, "20261125": newer})
    assert main(["--db", str(path), "restore", "followup.json.bak-20261124"]) == 0
    assert path.read_bytes() == older


def test_restore_skips_a_damaged_backup(tmp_path: Path, capsys) -> None:
    older = valid_bytes(5)
    path = put(tmp_path, b"{", backups={"20261124": older, "20261125": b"[]"})
    assert main(["--db", str(path), "restore"]) == 0
    assert path.read_bytes() == older
    assert "skipped" in capsys.readouterr().out


def test_restore_twice_keeps_both_broken_files(tmp_path: Path) -> None:
    path = put(tmp_path, b"{", backups={"20261125": VALID})
    assert main(["--db", str(path), "restore"]) == 0
    path.write_bytes(b"second damage")
    assert main(["--db", str(path), "restore"]) == 0
    kept = sorted(p.read_bytes() for p in tmp_path.iterdir() if BROKEN_NAME.match(p.name))
    assert kept == [b"second damage", b"{"]


def test_restore_refuses_to_replace_a_healthy_file_unless_told(tmp_path: Path, capsys) -> None:
    current = valid_bytes(3)
    path = put(tmp_path, current, backups={"20261125": VALID})
    assert main(["--db", str(path), "restore"]) == 2
    err = capsys.readouterr().err
    assert "opens fine" in err and len(err.splitlines()) == 1
    assert path.read_bytes() == current
    assert main(["--db", str(path), "restore", str(tmp_path / "followup.json.bak-20261125")]) == 0
    assert path.read_bytes() == VALID
    assert [p.read_bytes() for p in tmp_path.iterdir() if BROKEN_NAME.match(p.name)] == [current]


def test_restore_without_backups_says_so(tmp_path: Path, capsys) -> None:
    path = put(tmp_path, b"{")
    assert main(["--db", str(path), "restore"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("followup-tui: ") and "no backup" in err
    assert path.read_bytes() == b"{"


def test_restore_list_shows_the_file_and_backups_newest_first(tmp_path: Path, capsys) -> None:
    path = put(
        tmp_path,
        b"{",
        backups={"20261123": valid_bytes(4), "20261125": valid_bytes(6), "20261124": b"nope"},
    )
    assert main(["--db", str(path), "restore", "--list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"data file: {path}: not valid JSON")
    assert len(out) == 4
    assert out[1] == f"{tmp_path / 'followup.json.bak-20261125'}  2 contacts, 6 attempts"
    bad = tmp_path / "followup.json.bak-20261124"
    assert out[2].startswith(f"{bad}  unusable: not valid JSON (")
    assert out[3] == f"{tmp_path / 'followup.json.bak-20261123'}  2 contacts, 4 attempts"
    assert path.read_bytes() == b"{"
