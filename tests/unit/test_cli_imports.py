"""``followup-tui due`` and ``log`` start fast: they load only what they use and read the data
file once; ``due`` lists numbers as stored (E.164), so it never loads phonenumbers."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from followup_tui.__main__ import main
from followup_tui.domain.models import Attempt, Contact
from followup_tui.domain.validation import format_phone
from followup_tui.storage import Store, jsonstorage

CREATED = datetime(2024, 1, 5, 15, 0, tzinfo=UTC)
#: Modules that neither command needs.
NEVER = (
    "phonenumbers",
    "textual",
    "rich",
    "followup_tui.io",
    "followup_tui.ui",
    "csv",
    "difflib",
    "icalendar",
    "vobject",
    "platformdirs",
)


#: Every package ``due`` may load beyond the interpreter's own start-up (private accelerator
#: modules such as ``_datetime`` aside), and why. A new one fails ``test_due_and_log_load_
#: only_what_they_need`` by name: justify it here, or load it later.
DUE_LOADS = {
    # the data file: TinyDB's format, read with orjson (which brings json, uuid, platform...)
    # without TinyDB itself: due only reads
    "json", "orjson", "uuid", "platform", "sysconfig", "ipaddress", "urllib",
    "pathlib", "fnmatch", "ntpath", "errno", "fcntl",
    "bisect", "math", "threading", "gc",
    # records (dataclasses) and dates
    "dataclasses", "inspect", "ast", "dis", "opcode", "token", "tokenize", "linecache",
    "copy", "copyreg", "enum", "weakref", "typing", "datetime", "zoneinfo", "struct",
    "importlib", "warnings", "re",
    # the command line (its help is laid out at the terminal's width without shutil: no
    # zlib, bz2 or lzma)
    "argparse", "gettext", "locale",
    "followup_tui",
}  # fmt: skip
#: ``log`` also writes the file through TinyDB (in a temporary file moved in place, and under
#: the system's lock on the lock file: neither needs a library).
LOG_LOADS = DUE_LOADS | {"tinydb"}


def _packages_loaded(*argv: str) -> set[str]:
    code = (
        "import sys, contextlib, io, json\n"
        "start = {m.split('.')[0] for m in sys.modules}\n"
        "from followup_tui.__main__ import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    status = main({list(argv)!r})\n"
        "tops = {m.split('.')[0] for m in sys.modules} - start\n"
        "print(json.dumps([status, sorted(t for t in tops if not t.startswith('_'))]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    status, tops = json.loads(done.stdout)
    assert status == 0, done.stderr
    return set(tops)


def test_due_and_log_load_only_what_they_need(tmp_path):
    db = tmp_path / "followup.json"
    write_people(db, "+12125550134", "+442079460958")
    extra = _packages_loaded("--db", str(db), "due") - DUE_LOADS
    assert extra == set(), f"due loads {sorted(extra)}: justify them in DUE_LOADS"
    extra = _packages_loaded("--db", str(db), "log", "caller 1", "--outcome", "busy") - LOG_LOADS
    assert extra == set(), f"log loads {sorted(extra)}: justify them in LOG_LOADS"


def test_the_collector_stays_off_for_brief_commands_only():
    """``run`` turns the garbage collector off before the imports; a brief command keeps it off
    (its records live until it exits), any other command and the app turn it back on."""
    code = (
        "import gc, sys, json\n"
        "import followup_tui.__main__ as m\n"
        "seen = []\n"
        "m._dispatch = lambda args: seen.append([args.command, gc.isenabled()]) or 0\n"
        "m.exit_now = lambda status: None\n"
        "for argv in (['due'], ['log', 'Ann', '--outcome', 'busy'], ['stats'],\n"
        "             ['export', '--format', 'json'], ['import', 'x.csv'], [],\n"
        "             ['--db', 'f.json'], ['demo']):\n"
        "    gc.enable()\n"
        "    sys.argv = ['followup-tui', *argv]\n"
        "    try:\n"
        "        m.run()\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(json.dumps(seen))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == [
        ["due", False],
        ["log", False],
        ["stats", False],
        ["export", True],
        ["import", True],
        [None, True],
        [None, True],
        ["demo", True],
    ]


def test_numbers_are_formatted_for_display_by_phonenumbers():
    assert format_phone("+12125550134") == "+1 212-555-0134"
    assert format_phone("+442079460958") == "+44 20 7946 0958"
    assert format_phone("+33142685300") == "+33 1 42 68 53 00"
    assert format_phone("not a number") == "not a number"


def write_people(path: Path, *phones: str) -> None:
    store = Store.open(path)
    store.add_contact(Contact(name="Ann Lee", emails=("ann@x.example",), created_at=CREATED))
    for i, phone in enumerate(phones):
        store.add_contact(Contact(name=f"Caller {i}", phones=(phone,), created_at=CREATED))
    store.close()


def loaded_after(*argv: str) -> tuple[int, str, list[str]]:
    """Run the command line in a fresh interpreter: exit status, output, modules of NEVER
    it loaded (and ``filelock``, which the lock no longer needs)."""
    code = (
        "import sys, contextlib, io, json\n"
        "from followup_tui.__main__ import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    status = main({list(argv)!r})\n"
        f"never = {NEVER!r}\n"
        "loaded = [p for p in never if any(n == p or n.startswith(p + '.') for n in sys.modules)]\n"
        "if 'filelock' in sys.modules: loaded.append('filelock')\n"
        "print(json.dumps([status, out.getvalue(), loaded]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    status, out, loaded = json.loads(done.stdout)
    return status, out, loaded


def test_due_loads_neither_phonenumbers_nor_the_lock(tmp_path):
    db = tmp_path / "followup.json"
    write_people(db, "+12125550134", "+442079460958")
    status, out, loaded = loaded_after("--db", str(db), "due")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].startswith("Today, ")
    assert lines[2] == "3 contacts due, most overdue first:"
    # One line per contact, and the call window under each one with a phone number.
    contact_lines = [line for line in lines[3:] if line.startswith("  ") and line[2] != " "]
    windows = [line for line in lines[3:] if line.startswith("    call ")]
    rows = sorted(line.split(" · ") for line in contact_lines)
    assert [(r[0], r[2], r[3]) for r in rows] == [
        ("  Ann Lee", "no attempts yet", "e-mail ann@x.example"),
        ("  Caller 0", "no attempts yet", "phone +12125550134"),
        ("  Caller 1", "no attempts yet", "phone +442079460958"),
    ]
    assert len(windows) == 2
    assert all(r[1].endswith("business days overdue") for r in rows)
    assert loaded == []


def test_log_loads_neither_phonenumbers_nor_a_lock_library(tmp_path):
    db = tmp_path / "followup.json"
    write_people(db, "+442079460958")
    status, out, loaded = loaded_after("--db", str(db), "log", "caller 0", "--outcome", "busy")
    assert status == 0
    assert out.startswith("Logged busy (by phone, caller ID hidden) for Caller 0 at ")
    assert loaded == []
    (attempt,) = Store.open(db).snapshot().attempts_for(2)
    assert (attempt.outcome, attempt.caller_id) == ("busy", "hidden")


def test_log_parses_the_data_file_once(tmp_path, monkeypatch, capsys):
    db = tmp_path / "followup.json"
    write_people(db, "+12125550134")
    store = Store.open(db)
    store.add_attempt(Attempt(2, CREATED, "phone", "voicemail", "hidden"))
    store.close()
    parsed: list[Path] = []
    real = jsonstorage.parse_bytes

    def counting(raw: bytes, path: Path):  # type: ignore[no-untyped-def]
        parsed.append(path)
        return real(raw, path)

    monkeypatch.setattr(jsonstorage, "parse_bytes", counting)
    assert main(["--db", str(db), "log", "Caller 0", "--outcome", "no_answer"]) == 0
    assert capsys.readouterr().out.startswith("Logged no answer (by phone")
    assert parsed == [db]
    monkeypatch.undo()
    attempts = Store.open(db).snapshot().attempts_for(2)
    assert [a.outcome for a in attempts] == ["voicemail", "no_answer"]


def test_stats_loads_no_textual_and_prints_the_insights(tmp_path):
    from followup_tui.analytics.insights import compute_insights

    db = tmp_path / "followup.json"
    store = Store.open(db)
    ann = store.add_contact(Contact(name="Ann Lee", timezone="America/Chicago", created_at=CREATED))
    # Mon 15 Jan 2024, 08:30 and 13:30 in Chicago: one reached with the number hidden.
    store.add_attempt(
        Attempt(ann.id, datetime(2024, 1, 15, 14, 30, tzinfo=UTC), "phone", "reached", "hidden")
    )
    store.add_attempt(
        Attempt(ann.id, datetime(2024, 1, 15, 19, 30, tzinfo=UTC), "phone", "busy", "shown")
    )
    store.close()
    status, out, loaded = loaded_after("--db", str(db), "stats", "--json")
    assert status == 0
    assert loaded == []
    data = json.loads(out)
    bars = {b["label"]: (b["calls"], b["reached"]) for b in data["by_hour"]["bars"] if b["calls"]}
    assert bars == {"08": (1, 1), "13": (1, 0)}
    assert data["caller_id"]["hidden"]["calls"] == data["caller_id"]["shown"]["calls"] == 1
    snapshot = Store.open(db).snapshot()
    expected = compute_insights(snapshot, data["user_zone"], datetime.fromisoformat(data["now"]))
    assert data == json.loads(json.dumps(expected.to_json()))
    status, out, loaded = loaded_after("--db", str(db), "stats")
    assert status == 0 and loaded == []
    assert (
        "Reached rate by hour of day (in each contact's time)\n  08 100% of 1 · 13 0% of 1\n" in out
    )
    assert f"  {expected.first_reached.reading}\n" in out


def test_stats_on_a_broken_file_says_so_in_one_line_and_writes_nothing(tmp_path, capsys):
    db = tmp_path / "followup.json"
    db.write_bytes(b'{"contacts": {"1": ')
    assert main(["--db", str(db), "stats", "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert line.startswith(f"followup-tui: {db}: not valid JSON")
    assert db.read_bytes() == b'{"contacts": {"1": '


def _command(*argv: str) -> subprocess.CompletedProcess[str]:
    """``python -m followup_tui ARGV`` as the installed command runs (``__main__.run``)."""
    return subprocess.run(
        [sys.executable, "-m", "followup_tui", *argv], capture_output=True, text=True, check=False
    )


def test_a_command_leaves_at_once_with_its_output_whole_and_its_status(tmp_path):
    # run() ends the process without tearing it down: everything printed still arrives, the
    # attempt is on disk and the exit status is the command's.
    db = tmp_path / "followup.json"
    write_people(db, *(f"+1212555{n:04d}" for n in range(40)))
    done = _command("--db", str(db), "log", "caller 7", "--outcome", "reached", "--note", "ok")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Logged reached (by phone, caller ID hidden) for Caller 7 at ")
    assert done.stdout.endswith(".\n")
    (attempt,) = Store.open(db).snapshot().attempts_for(9)
    assert (attempt.outcome, attempt.note) == ("reached", "ok")
    due = _command("--db", str(db), "due")
    assert due.returncode == 0, due.stderr
    # Every line arrives: a window for each of the 39 callers not reached today, and the
    # section after them.
    assert due.stdout.count("\n    call ") == 39
    assert "\n  Caller 7 · " in due.stdout
    assert due.stdout.endswith('--step "what to do")\n')
    missing = _command("--db", str(db), "log", "nobody at all", "--outcome", "busy")
    assert missing.returncode == 2
    assert missing.stderr.startswith("followup-tui: ") and missing.stderr.count("\n") == 1
