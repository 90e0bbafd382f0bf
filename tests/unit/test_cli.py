"""The scriptable command line: import, export, due, log. Exit codes and exact messages."""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup_tui import cli
from followup_tui.__main__ import _columns, app_start, build_parser, main
from followup_tui.cli import add_subcommands
from followup_tui.domain.models import Attempt, Contact, Settings
from followup_tui.storage import Store
from tests.conftest import FROZEN_NOW
from tests.unit.import_helpers import (
    DATA,
    commands_and_modules,
    fifo_unblocked_after,
    populate,
    t,
)


@pytest.fixture(autouse=True)
def frozen_cli_clock(monkeypatch):
    monkeypatch.setattr(cli, "clock", lambda: FROZEN_NOW)
    monkeypatch.delenv("FOLLOWUP_TUI_DB", raising=False)


@pytest.fixture
def people(db_path, frozen_clock):
    store = Store.open(db_path, clock=frozen_clock)
    dana = store.add_contact(
        Contact(
            name="Dana Smith",
            company="Acme",
            emails=("dana@acme.example",),
            phones=("+12125550134",),
            created_at=t(1, 9),
        )
    )
    store.add_contact(Contact(name="Dan Brown", emails=("dan@x.example",), created_at=t(1, 9)))
    store.add_contact(Contact(name="Danielle Roy", company="Initech", created_at=t(1, 9)))
    store.add_contact(Contact(name="Lee Park", emails=("lee@a.example",), created_at=t(1, 9)))
    store.add_contact(Contact(name="lee park", emails=("lee@b.example",), created_at=t(1, 9)))
    store.add_attempt(Attempt(dana.id or 0, t(24, 15, 30), "phone", "voicemail", "hidden"))
    store.close()
    return db_path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- log ---------------------------------------------------------------------------------------


def test_log_by_exact_name_any_case(people, capsys):
    code, out, err = run(capsys, "--db", str(people), "log", "DANA SMITH", "--outcome", "busy")
    assert (code, err) == (0, "")
    assert out == (
        "Logged busy (by phone, caller ID hidden) for Dana Smith at Thu 26 Nov 09:05 EST. "
        "Next due tomorrow.\n"
    )
    store = Store.open(people)
    attempts = store.snapshot().attempts_for(1)
    assert [(a.outcome, a.at, a.caller_id) for a in attempts][-1] == ("busy", FROZEN_NOW, "hidden")


def test_db_after_the_sub_command_and_every_option(people, capsys):
    code, out, _ = run(
        capsys,
        "log",
        "danielle",
        "--outcome",
        "reached",
        "--at",
        "2026-11-25T16:30-05:00",
        "--note",
        "agreed to a coffee",
        "--caller-id",
        "shown",
        "--duration",
        "310",
        "--db",
        str(people),
    )
    assert code == 0
    assert out.startswith(
        "Logged reached (by phone, caller ID shown) for Danielle Roy at Wed 25 Nov 16:30 EST."
    )
    (attempt,) = Store.open(people).snapshot().attempts_for(3)
    assert attempt.at.isoformat() == "2026-11-25T21:30:00+00:00"
    assert (attempt.note, attempt.duration_s, attempt.caller_id) == (
        "agreed to a coffee",
        310,
        "shown",
    )


def test_log_by_email_and_written_channel(people, capsys):
    code, out, _ = run(
        capsys,
        "--db",
        str(people),
        "log",
        "lee@b.example",
        "--outcome",
        "sent",
        "--channel",
        "email",
    )
    assert code == 0
    assert out.startswith("Logged sent (by email) for lee park at Thu 26 Nov 09:05 EST.")
    (attempt,) = Store.open(people).snapshot().attempts_for(5)
    assert attempt.caller_id is None


def test_caller_id_default_follows_the_settings(people, capsys):
    store = Store.open(people)
    store.save_settings(Settings(hide_caller_id=False))
    store.close()
    assert run(capsys, "--db", str(people), "log", "Dan Brown", "--outcome", "no_answer")[0] == 0
    (attempt,) = Store.open(people).snapshot().attempts_for(2)
    assert attempt.caller_id == "shown"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["log", "Dan", "--outcome", "busy"],
            "'Dan' matches 3 contacts: Dan Brown <dan@x.example>, Dana Smith <dana@acme.example>, "
            "Danielle Roy <Initech>; type more of the name",
        ),
        (
            ["log", "lee park", "--outcome", "busy"],
            "'lee park' matches 2 contacts: Lee Park <lee@a.example>, lee park <lee@b.example>; "
            "use the e-mail address instead",
        ),
        (
            ["log", "Dana Smyth", "--outcome", "busy"],
            "no contact named 'Dana Smyth' (did you mean: Dana Smith?)",
        ),
        (["log", "Zed", "--outcome", "busy"], "no contact named 'Zed'"),
        (
            ["log", "Dana Smith", "--outcome", "sent"],
            "--outcome: 'sent' does not fit channel phone (use one of reached, voicemail, "
            "no_answer, busy, gatekeeper, wrong_number)",
        ),
        (
            ["log", "Dana Smith", "--outcome", "voicemail", "--channel", "email"],
            "--outcome: 'voicemail' does not fit channel email (use one of sent, replied)",
        ),
        (
            ["log", "Dana Smith", "--outcome", "sent", "--channel", "fax"],
            "--channel: 'fax' is not one of phone, email, linkedin, sms, in_person",
        ),
        (
            [
                "log",
                "Dana Smith",
                "--outcome",
                "sent",
                "--channel",
                "email",
                "--caller-id",
                "hidden",
            ],
            "--caller-id: only for phone calls",
        ),
        (
            ["log", "Dana Smith", "--outcome", "busy", "--duration", "ten"],
            "--duration: 'ten' is not a duration: seconds (95) or m:ss (1:35)",
        ),
        (
            ["log", "Dana Smith", "--outcome", "busy", "--duration", "-5"],
            "--duration: '-5' is not a duration: seconds (95) or m:ss (1:35)",
        ),
    ],
)
def test_log_user_errors_are_one_line_and_write_nothing(people, capsys, argv, message):
    before = people.read_bytes()
    code, out, err = run(capsys, "--db", str(people), *argv)
    assert code == 2
    assert out == ""
    assert err == f"followup-tui: {message}\n"
    assert people.read_bytes() == before


def test_log_at_in_the_future_is_refused(people, capsys):
    code, _out, err = run(
        capsys,
        "--db",
        str(people),
        "log",
        "Dana Smith",
        "--outcome",
        "busy",
        "--at",
        "2026-12-01 10:00",
    )
    assert code == 2
    assert err.startswith("followup-tui: --at: ") and err.count("\n") == 1


def test_log_without_a_data_file_creates_nothing(tmp_path, capsys):
    db = tmp_path / "none" / "followup.json"
    code, _out, err = run(capsys, "--db", str(db), "log", "Dana", "--outcome", "busy")
    assert code == 2
    assert err == "followup-tui: no contact named 'Dana' (the data file has no contacts yet)\n"
    assert not db.parent.exists()


def test_damaged_data_file_is_one_line_and_left_alone(tmp_path, capsys):
    db = tmp_path / "followup.json"
    db.write_bytes(b'{"contacts": {"1": {"name": "A"}')
    for argv in (
        ["log", "A", "--outcome", "busy"],
        ["due"],
        ["export", "--format", "json"],
        ["import", str(DATA / "contacts.vcf")],
    ):
        code, out, err = run(capsys, "--db", str(db), *argv)
        assert code == 2, argv
        assert out == ""
        assert err.startswith(f"followup-tui: {db}: ") and err.count("\n") == 1, err
        assert "Traceback" not in err
    assert db.read_bytes() == b'{"contacts": {"1": {"name": "A"}'


# -- import ------------------------------------------------------------------------------------


def test_import_prints_skips_warnings_and_summary(db_path, capsys):
    code, out, err = run(capsys, "import", str(DATA / "contacts_generic.csv"), "--db", str(db_path))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "line 5: skipped: no name (e-mail orphan@example.com)",
        "line 6: Sam Lee: phone '12345' is not a valid phone number (home region US); "
        "imported without it",
        "line 6: Sam Lee: e-mail 'not-an-email' is not valid; imported without it",
        "CSV: added 4, merged 1 (1 already up to date), skipped 1",
    ]
    assert len(Store.open(db_path).snapshot().contacts) == 4


def test_import_dry_run_creates_no_data_file(db_path, capsys):
    code, out, _ = run(
        capsys, "--db", str(db_path), "import", "--dry-run", str(DATA / "contacts.vcf")
    )
    assert code == 0
    assert out.splitlines()[0] == "line 1: add Dana Smith (Acme, Inc.)"
    assert out.splitlines()[-1] == "Dry run: nothing was written."
    assert not db_path.exists() and not db_path.parent.exists()


def test_import_with_map_and_forced_format(tmp_path, db_path, capsys):
    path = tmp_path / "crm.txt"
    path.write_text("Full Name,Mobile\nAda Lovelace,+1 212 555 0101\n", encoding="utf-8")
    code, out, _ = run(
        capsys,
        "--db",
        str(db_path),
        "import",
        str(path),
        "--format",
        "csv",
        "--map",
        "Full Name=name,Mobile=phones",
    )
    assert code == 0 and out == "CSV: added 1, merged 0, skipped 0\n"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.csv", None, "no such file"),
        ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "a binary file, not CSV, vCard or JSON text"),
        (
            "latin.csv",
            "name\nJosé\n".encode("latin-1"),
            "not UTF-8 text (line 2); save it as UTF-8 and import again",
        ),
        ("empty.vcf", b"  \n", "the file is empty"),
        (
            "broken.vcf",
            b"BEGIN:VCARD\nFN:x\n",
            "no readable vCard: line 1: the vCard has no END:VCARD",
        ),
    ],
)
def test_unreadable_import_file_is_one_line_and_no_data_file(
    tmp_path, db_path, capsys, name, content, message
):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(capsys, "--db", str(db_path), "import", str(path))
    assert (code, out) == (2, "")
    assert err == f"followup-tui: {path}: {message}\n"
    assert not db_path.exists()


def test_bad_map_is_one_line(tmp_path, capsys, db_path):
    code, _out, err = run(
        capsys,
        "--db",
        str(db_path),
        "import",
        str(DATA / "contacts_generic.csv"),
        "--map",
        "Phone=mobile",
    )
    assert code == 2
    assert err.startswith("followup-tui: --map: unknown field 'mobile' (fields: name, ")
    assert not db_path.exists()


def test_progress_on_stderr_for_large_files(tmp_path, db_path, capsys):
    path = tmp_path / "big.csv"
    path.write_text("name,email\n" + "".join(f"P{i},p{i}@x.example\n" for i in range(400)))
    code, out, err = run(capsys, "--db", str(db_path), "import", str(path))
    assert code == 0
    assert err.splitlines() == [
        "importing… 100/400 rows",
        "importing… 200/400 rows",
        "importing… 300/400 rows",
        "importing… 400/400 rows",
    ]
    assert out == "CSV: added 400, merged 0, skipped 0\n"


# -- export ------------------------------------------------------------------------------------


def test_export_json_to_stdout_and_file(db_path, frozen_clock, tmp_path, capsysbinary):
    store = Store.open(db_path, clock=frozen_clock)
    populate(store)
    store.close()
    assert main(["--db", str(db_path), "export", "--format", "json"]) == 0
    out = capsysbinary.readouterr().out
    target = tmp_path / "backup.json"
    assert main(["export", "--format", "json", "-o", str(target), "--db", str(db_path)]) == 0
    assert target.read_bytes() == out
    assert oct(os.stat(target).st_mode & 0o777) == "0o600"
    assert json.loads(out)["contacts"][0]["name"] == "Dana Smith"


def test_export_ics_and_csv(db_path, frozen_clock, capsysbinary):
    store = Store.open(db_path, clock=frozen_clock)
    populate(store)
    store.close()
    assert main(["--db", str(db_path), "export", "--format", "ics"]) == 0
    ics = capsysbinary.readouterr().out
    assert ics.count(b"BEGIN:VEVENT") == 2 and b"UID:followup-1@followup-tui" in ics
    assert main(["--db", str(db_path), "export", "--format", "csv"]) == 0
    assert capsysbinary.readouterr().out.count(b"\r\n") == 5  # header + 4 attempts


def test_export_errors(db_path, tmp_path, capsys):
    db_path.parent.mkdir()
    code, _out, err = run(
        capsys,
        "--db",
        str(db_path),
        "export",
        "--format",
        "json",
        "-o",
        str(tmp_path / "no" / "x.json"),
    )
    assert (code, err) == (2, f"followup-tui: {tmp_path / 'no'}: no such folder\n")
    code, _out, err = run(
        capsys, "--db", str(db_path), "export", "--format", "json", "-o", str(db_path)
    )
    assert (code, err) == (
        2,
        f"followup-tui: {db_path}: is the data file itself; export to another file\n",
    )
    assert not db_path.exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["export", "--format", "xml"],
            "argument --format: invalid choice: 'xml' (choose from 'json', 'csv', 'ics')",
        ),
        (
            ["log", "Dana", "--outcome", "busy", "--caller-id", "maybe"],
            "argument --caller-id: invalid choice: 'maybe' (choose from 'hidden', 'shown')",
        ),
        (["log", "Dana"], "the following arguments are required: --outcome"),
        (["import"], "the following arguments are required: FILE"),
    ],
)
def test_argument_errors_are_one_line(db_path, capsys, argv, message):
    with pytest.raises(SystemExit) as info:
        main(["--db", str(db_path), *argv])
    assert info.value.code == 2
    assert capsys.readouterr().err == f"followup-tui: {message}\n"
    assert not db_path.exists()


# -- due ---------------------------------------------------------------------------------------


def test_due_text_and_json(db_path, frozen_clock, capsys):
    store = Store.open(db_path, clock=frozen_clock)
    populate(store)
    store.close()
    code, out, _ = run(capsys, "--db", str(db_path), "due")
    assert code == 0
    # Raj: keep warm every 14 days, e-mailed Thu 5 Nov: due Thu 19, overdue Fri 20, Mon 23 to
    # Thu 26 (5 business days); one e-mail and no address: the phone next. London 14:05 GMT: the
    # 14:00 hour is under way (never tried). Dana: voicemail Tue 24 + 2 = today; called at 09:00
    # and 10:30 New York: 11:00 is the next hour never tried (09:05 now). Dana was met at Acme
    # on Thu 12 Nov 15:00 UTC and never e-mailed since: the thank-you was due Fri 13 15:00 UTC,
    # 12 days 23 hours ago.
    assert out.splitlines() == [
        "Today, Thu 26 Nov 2026 (America/New_York)",
        "",
        "Thank-you e-mails (1), soonest due first:",
        "  Dana Smith · Acme, Inc. · thank-you e-mail · 12d overdue · e-mail dana@acme.example",
        "",
        "2 contacts due, most overdue first:",
        "  Raj Patel · Globex · 5 business days overdue · 1 attempt · 21 days silent · "
        "phone +442079460958",
        "    call Thu 14:05–15:00 GMT · your Thu 09:05–10:00 ET (afternoon: never tried)",
        "  Dana Smith · Acme, Inc. · due today · 2 attempts · 6 days silent · phone +12125550134",
        "    call Thu 11:00–12:00 ET (never tried)",
    ]
    code, out, _ = run(capsys, "--db", str(db_path), "due", "--json")
    data = json.loads(out)
    assert (data["today"], data["needs_next_step"]) == ("2026-11-26", [])
    assert data["thank_you"] == [
        {
            "contact_id": 1,
            "name": "Dana Smith",
            "company": "Acme, Inc.",
            "interview_id": 1,
            "interview_at": "2026-11-12T15:00:00+00:00",
            "due_by": "2026-11-13T15:00:00+00:00",
            "hours_left": -311.1,
            "overdue": True,
            "emails": ["dana@acme.example"],
        }
    ]
    items = data["due"]
    assert [(i["contact_id"], i["next_due"], i["overdue_days"]) for i in items] == [
        (3, "2026-11-19", 5),
        (1, "2026-11-26", 0),
    ]
    assert [(i["attempts"], i["since_last_reply"], i["silent_days"]) for i in items] == [
        (1, 1, 21),
        (2, 2, 6),
    ]
    assert [i["suggested_channel"] for i in items] == ["phone", "phone"]
    assert [i["label"] for i in items] == [
        "1 attempt · 21 days silent",
        "2 attempts · 6 days silent",
    ]
    assert items[1]["window"] == {
        "start": "2026-11-26T16:00:00+00:00",
        "end": "2026-11-26T17:00:00+00:00",
        "theirs": "Thu 11:00–12:00 ET",
        "yours": "Thu 11:00–12:00 ET",
        "text": "try Thu 11:00–12:00 ET: never tried",
        "rests_on": "never tried",
        "never_tried": True,
    }
    assert items[0]["window"]["start"] == "2026-11-26T14:05:00+00:00"


def test_due_without_a_data_file(tmp_path, capsys):
    db = tmp_path / "followup.json"
    assert run(capsys, "--db", str(db), "due") == (
        0,
        "Today, Thu 26 Nov 2026 (America/New_York)\n\nNobody is due today.\n",
        "",
    )
    assert not db.exists()


# -- help and the console script ----------------------------------------------------------------


@pytest.mark.parametrize("command", ["import", "export", "due", "log"])
def test_help_of_each_sub_command(command, capsys):
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: followup-tui {command}")
    assert "--db PATH" in out


@pytest.mark.parametrize("columns", ["40", "100"])
def test_help_is_laid_out_at_the_terminals_width(columns, capsys, monkeypatch):
    """As argparse lays it out with shutil's measure: ``$COLUMNS`` when set."""
    monkeypatch.setenv("COLUMNS", columns)
    with pytest.raises(SystemExit):
        main(["log", "--help"])
    ours = capsys.readouterr().out
    parser = argparse.ArgumentParser(prog="followup-tui")  # shutil measures the width
    add_subcommands(parser.add_subparsers(), only="log")
    with pytest.raises(SystemExit):
        parser.parse_args(["log", "--help"])
    theirs = capsys.readouterr().out
    assert ours == theirs


def test_help_is_80_columns_wide_when_not_written_to_a_terminal(monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr(sys, "__stdout__", io.StringIO())  # no file descriptor
    assert _columns() == 80
    monkeypatch.setenv("COLUMNS", "x")
    assert _columns() == 80


def test_console_script_in_a_subprocess(tmp_path):
    script = Path(sys.executable).with_name("followup-tui")
    db = tmp_path / "followup.json"
    env = {**os.environ, "FOLLOWUP_TUI_DB": str(db)}
    done = subprocess.run(
        [str(script), "import", str(DATA / "linkedin_connections.csv")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == (
        "LinkedIn Connections.csv: added 4, merged 1 (1 already up to date), skipped 1"
    )
    done = subprocess.run(
        [str(script), "log", "Nobody Here", "--outcome", "busy"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == "followup-tui: no contact named 'Nobody Here'\n"


def test_commands_do_not_load_textual_or_rich(tmp_path):
    db = str(tmp_path / "followup.json")
    runs = [
        ["--db", db, "import", str(DATA / "contacts.vcf")],
        ["--db", db, "import", "--dry-run", str(DATA / "linkedin_connections.csv")],
        ["--db", db, "log", "Dana Smith", "--outcome", "busy"],
        ["--db", db, "due", "--json"],
    ] + [["--db", db, "export", "--format", f, "-o", f"{db}.{f}"] for f in ("json", "csv", "ics")]
    assert commands_and_modules(runs, ("textual", "rich")) == "[0, 0, 0, 0, 0, 0, 0] []"
    assert Path(f"{db}.ics").read_bytes().count(b"BEGIN:VEVENT") == 3


@pytest.mark.parametrize(
    "argv",
    [
        ["due"],
        ["log", "Dana", "--outcome", "busy"],
        ["export", "--format", "json"],
        ["import", str(DATA / "contacts.vcf")],
        ["import", "--dry-run", str(DATA / "contacts.vcf")],
    ],
)
def test_data_path_under_a_file_is_one_line(tmp_path, capsys, argv):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("not a folder")
    db = blocker / "followup.json"
    code, out, err = run(capsys, "--db", str(db), *argv)
    assert code == 2
    assert out == ""
    assert err == f"followup-tui: {db}: {blocker} is a file, not a folder\n"
    assert blocker.read_text() == "not a folder"


@pytest.mark.skipif(not Path("/dev/full").is_char_device(), reason="needs /dev/full")
@pytest.mark.parametrize("argv", [["due"], ["due", "--json"], ["export", "--format", "csv"]])
def test_output_that_cannot_be_written_is_one_line(people, argv):
    script = Path(sys.executable).with_name("followup-tui")
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [str(script), "--db", str(people), *argv],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert done.returncode == 1
    assert done.stderr == "followup-tui: cannot write the output: No space left on device\n"


def test_export_to_a_device_writes_through_it_and_leaves_it_a_device(people, capsys, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # the export fits the pipe's buffer
    try:
        code, _out, err = run(
            capsys, "--db", str(people), "export", "--format", "csv", "-o", str(fifo)
        )
        assert (code, err) == (0, "")
        assert fifo.is_fifo()  # not replaced by a regular file
        try:
            got = os.read(reader, 1 << 16)
        except BlockingIOError:
            got = b""
    finally:
        os.close(reader)
    assert got.startswith(b"attempt_id,contact_id,name,")
    assert got.count(b"\r\n") == 2  # the header and Dana's one attempt


def test_export_through_a_symbolic_link_writes_its_target(people, capsys, tmp_path):
    target = tmp_path / "calendar" / "followup.ics"
    target.parent.mkdir()
    target.write_bytes(b"old")
    link = tmp_path / "link.ics"
    link.symlink_to(target)
    code, _out, err = run(capsys, "--db", str(people), "export", "--format", "ics", "-o", str(link))
    assert (code, err) == (0, "")
    assert link.is_symlink()
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")


@pytest.mark.skipif(not Path("/dev/zero").is_char_device(), reason="needs /dev/zero")
def test_import_of_an_endless_device_is_refused_not_read_forever(db_path, capsys):
    code, out, err = run(capsys, "--db", str(db_path), "import", "/dev/zero")
    assert (code, out) == (2, "")
    assert err == "followup-tui: /dev/zero: not a regular file\n"
    assert not db_path.exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("through_symlink", [False, True])
def test_import_of_a_named_pipe_is_refused_without_waiting_for_a_writer(
    db_path, tmp_path, capsys, through_symlink
):
    fifo = tmp_path / "contacts.csv"
    os.mkfifo(fifo)
    given = fifo
    if through_symlink:
        given = tmp_path / "link.csv"
        given.symlink_to(fifo)
    with fifo_unblocked_after(fifo):
        code, out, err = run(capsys, "--db", str(db_path), "import", str(given))
    assert (code, out) == (2, "")
    assert err == f"followup-tui: {given}: not a regular file\n"
    assert not db_path.exists()


@pytest.mark.parametrize(("typed", "seconds"), [("95", 95), ("1:35", 95), ("1:00:05", 3605)])
def test_log_takes_the_durations_the_form_takes(people, capsys, monkeypatch, typed, seconds):
    real_now = datetime(2026, 11, 26, 14, 5, 7, 123456, tzinfo=UTC)
    monkeypatch.setattr(cli, "clock", lambda: real_now)
    code, _, err = run(
        capsys, "--db", str(people), "log", "Dana Smith", "--outcome", "busy", "--duration", typed
    )
    assert (code, err) == (0, "")
    store = Store.open(people)
    attempt = store.snapshot().attempts_for(1)[-1]  # after Dana's voicemail of Nov 24
    store.close()
    assert attempt.duration_s == seconds
    assert attempt.at == datetime(2026, 11, 26, 14, 5, 7, tzinfo=UTC)  # as the file keeps it


# -- the app's own start reads its arguments without building the commands' parser -----------

_ARGS = st.lists(
    st.sampled_from(["--db", "--db=", "--db=x.json", "due", "-h", "--", "-x", "demo"]) | st.text(),
    max_size=3,
)


@given(_ARGS)
def test_the_app_start_reads_its_arguments_as_the_parser_does(given: list[str]) -> None:
    fast = app_start(given)
    if fast is None:  # the parser's to read (a command, an option, a mistake)
        return
    assert vars(fast) == vars(build_parser().parse_args(cli.join_dash_values(given)))


def _app_args(given: list[str]) -> dict[str, object] | None:
    fast = app_start(given)
    return None if fast is None else vars(fast)


def test_the_app_start_needs_no_parser_for_what_people_type() -> None:
    assert _app_args([]) == {"command": None, "db": None}
    assert _app_args(["--db", "~/job.json"]) == {"command": None, "db": "~/job.json"}
    assert _app_args(["--db=a b.json"]) == {"command": None, "db": "a b.json"}
    # Left to the parser: a command, a value that looks like an option, anything more.
    assert _app_args(["due"]) is None
    assert _app_args(["--db", "-f"]) is None
    assert _app_args(["--db", "x", "due"]) is None
    assert _app_args(["--version"]) is None


_SAMPLE_ARGS = [
    ["due"],
    ["--db", "f.json", "due", "--json"],
    ["--db=f.json", "log", "Ann Lee", "--outcome", "busy", "--at", "-2h", "--db", "g.json"],
    ["log", "Ann", "--outcome", "sent", "--channel", "email", "--note", "hi", "--duration", "95"],
    ["next", "Ann", "--on", "tomorrow", "--step", "call"],
    ["settings", "--set", "work_hours=07:00-19:00", "--set", "timezone=UTC"],
    ["stats", "--json"],
    ["export", "--format", "csv", "-o", "out.csv"],
    ["import", "people.vcf", "--dry-run", "--format", "vcard"],
    ["restore", "--list"],
    ["demo", "--db", "d.json"],
]


@pytest.mark.parametrize("argv", _SAMPLE_ARGS, ids=lambda a: " ".join(a))
def test_the_parser_of_one_command_reads_it_as_the_whole_parser_does(argv: list[str]) -> None:
    from followup_tui.__main__ import build_parser, command_named
    from followup_tui.cli import join_dash_values

    command = command_named(argv)
    assert command == next(w for w in argv if not w.startswith("-") and w != "f.json")
    given = join_dash_values(argv)
    assert build_parser(command).parse_args(given) == build_parser().parse_args(given)


@pytest.mark.parametrize(
    "argv", [[], ["--help"], ["--version"], ["lgo", "Ann"], ["--db"], ["--dbx", "due"]]
)
def test_anything_but_a_command_is_read_by_the_whole_parser(argv: list[str]) -> None:
    from followup_tui.__main__ import command_named

    assert command_named(argv) is None


def test_a_commands_help_is_the_same_from_its_own_parser(capsys) -> None:
    from followup_tui.__main__ import build_parser

    helps = []
    for command in ("log", None):
        with pytest.raises(SystemExit):
            build_parser(command).parse_args(["log", "--help"])
        helps.append(capsys.readouterr().out)
    assert helps[0] == helps[1] and "usage: followup-tui log [-h] --outcome OUTCOME" in helps[0]


_NAME_PARTS = st.sampled_from(["Ann", "ann", "Ann Lee", "Anna", "Bo", "bo lee", " Ann ", "A\x07nn"])
_CONTACT_DOCS = st.fixed_dictionaries(
    {},
    optional={
        "name": st.one_of(_NAME_PARTS, st.none(), st.just(""), st.just("\x1b[31m"), st.just(5)),
        "emails": st.one_of(
            st.lists(st.sampled_from(["ann@x.example", "ANN@X.EXAMPLE", "bo@y.example", 3])),
            st.sampled_from(["ann@x.example", None, 7]),
        ),
    },
)


@given(
    st.dictionaries(st.integers(1, 30).map(str), _CONTACT_DOCS, max_size=8),
    st.sampled_from(["Ann", "ann lee", "an", "Bo", "ann@x.example", "(no name)", "Zed", "A"]),
)
def test_log_finds_the_contact_the_whole_file_would_give(
    contacts: dict[str, Any], text: str
) -> None:
    """log reads only the contacts its NAME could name; what it finds, or why it finds none,
    is what reading every contact gives."""
    from followup_tui.cli import CommandError, _find_in_file, find_contact
    from followup_tui.domain.snapshot import Snapshot

    tables = {"contacts": contacts}

    def outcome(find: Any) -> Any:
        try:
            return find().id
        except CommandError as exc:
            return str(exc)

    whole = outcome(lambda: find_contact(Snapshot.from_tables(tables), text))
    assert outcome(lambda: _find_in_file(tables, text)[1]) == whole


_OWNERS = st.sampled_from([1, 2, 3, 4, 2.0, 1.0, "2", True, None, [2], 0, -1, 2.5])
_ATTEMPT_DOC = st.fixed_dictionaries(
    {
        "contact_id": _OWNERS,
        "at": st.sampled_from(["2026-11-20T14:00:00+00:00", "2026-11-23T09:30:00+00:00", "x"]),
        "channel": st.sampled_from(["phone", "email", "fax"]),
        "outcome": st.sampled_from(["no_answer", "reached", "sent", "maybe"]),
    }
)
_ATTEMPT_KEYS = st.sampled_from(["1", "2", "3", "4", "5", "07", "x", "12"])


@given(
    st.one_of(
        st.dictionaries(_ATTEMPT_KEYS, _ATTEMPT_DOC),
        st.dictionaries(_ATTEMPT_KEYS, st.one_of(_ATTEMPT_DOC, st.sampled_from([None, 7, [1]]))),
        st.sampled_from([None, [], "table"]),
    ),
    st.sampled_from(["Ann", "Bo", "Cy", "bo@y.example"]),
)
def test_log_reads_the_attempts_of_the_contact_it_finds_as_the_whole_file_gives_them(
    attempts: Any, text: str
) -> None:
    """log reads only the attempts of the contacts its NAME could name: the contact's
    attempts (which give the next due day) and the problems reported about them are those
    of reading every attempt."""
    from followup_tui.cli import _find_in_file
    from followup_tui.domain.snapshot import Snapshot

    contacts = {
        "1": {"name": "Ann Lee"},
        "2": {"name": "Bo Chen", "emails": ["bo@y.example"]},
        "3": {"name": "Cy Hart"},
    }
    tables = {"contacts": contacts, "attempts": attempts}
    whole = Snapshot.from_tables(tables)
    read, contact = _find_in_file(tables, text)
    assert contact.id is not None
    assert read.attempts_for(contact.id) == whole.attempts_for(contact.id)
    read.check_all()
    whole.check_all()
    about = {(p.key, p.field, p.reason) for p in read.problems if p.table == "attempts"}
    expected = {(p.key, p.field, p.reason) for p in whole.problems if p.table == "attempts"}
    assert about <= expected
    mine = {
        key
        for key, doc in (attempts.items() if isinstance(attempts, dict) else ())
        if isinstance(doc, dict) and doc.get("contact_id") == contact.id
    }
    assert {x for x in expected if x[0] in mine} <= about


def test_log_reads_and_reports_only_the_contacts_its_name_could_name(tmp_path, capsys) -> None:
    """A bad value in another contact is not log's business (due reports it); one in the
    contact logged for is reported, and the attempt is saved."""
    import orjson

    db = tmp_path / "followup.json"
    contacts = {
        "1": {"name": "Ann Lee", "cadence_days": 3_000_000},
        "2": {"name": "Bo Chen", "cadence_days": 3_000_000},
    }
    db.write_bytes(orjson.dumps({"contacts": contacts, "meta": {"1": {"schema_version": 1}}}))
    code, out, err = run(capsys, "--db", str(db), "log", "Bo", "--outcome", "busy")
    assert code == 0 and out.startswith("Logged busy")
    assert "contact 2: cadence_days 3000000 is out of range, ignored" in err
    assert "contact 1" not in err
    code, _out, err = run(capsys, "--db", str(db), "due")
    assert code == 0 and "contact 1: cadence_days" in err and "contact 2: cadence_days" in err
    saved = orjson.loads(db.read_bytes())["attempts"]
    assert [(a["contact_id"], a["outcome"]) for a in saved.values()] == [(2, "busy")]


def test_a_brief_command_keeps_what_it_read_until_the_process_exits(people, capsys) -> None:
    """Freeing every record one by one when the command's function returns cost log and due
    milliseconds; the process leaves with os._exit instead (``__main__.run``)."""
    from followup_tui import cli
    from followup_tui.analytics.today import Today
    from followup_tui.domain.snapshot import Snapshot
    from followup_tui.storage import Store

    assert run(capsys, "--db", str(people), "log", "Dana Smith", "--outcome", "busy")[0] == 0
    assert {type(r) for r in cli._KEPT} == {Store, Snapshot}
    assert run(capsys, "--db", str(people), "due")[0] == 0
    assert {type(r) for r in cli._KEPT} == {Snapshot, Today}  # the last command's only
