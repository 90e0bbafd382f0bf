"""Issue 9, items 3, 4 and 8: imports obey the form's limits, a saved attempt is acknowledged
once, and the smaller edges (formula cells, escaped paths, ``--at -2h``, note spaces)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest

from followup_tui import cli
from followup_tui.__main__ import main
from followup_tui.domain.clock import frozen_clock
from followup_tui.domain.models import Attempt, Contact
from followup_tui.io.export import csv_cell
from followup_tui.io.readers import read_csv, read_vcards
from followup_tui.storage import Store
from tests.conftest import FROZEN_NOW

ODD_NOW = FROZEN_NOW.replace(microsecond=905_311)


@pytest.fixture(params=[FROZEN_NOW, ODD_NOW], ids=["round-clock", "microsecond-clock"])
def now(request, monkeypatch):
    monkeypatch.setattr(cli, "clock", lambda: request.param)
    monkeypatch.delenv("FOLLOWUP_TUI_DB", raising=False)
    return request.param


@pytest.fixture
def ann_file(db_path: Path) -> Path:
    store = Store.open(db_path, clock=frozen_clock(FROZEN_NOW))
    ann = store.add_contact(
        Contact("Ann Lee", phones=("+12125550123",), created_at=FROZEN_NOW - timedelta(days=9))
    )
    store.add_attempt(Attempt(ann.id or 0, FROZEN_NOW - timedelta(days=1), "phone", "busy"))
    store.close()
    return db_path


def _tables(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = orjson.loads(path.read_bytes())
    return data


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- item 4: acknowledged means done once ---------------------------------------------------------


def test_log_on_a_file_with_a_bad_cadence_saves_once_and_acknowledges(ann_file, now, capsys):
    tables = _tables(ann_file)
    tables["contacts"]["1"].update(status="keep_warm", cadence_days=3_000_000)
    ann_file.write_bytes(orjson.dumps(tables))
    code, out, err = _run(capsys, "--db", str(ann_file), "log", "Ann", "--outcome", "busy")
    assert code == 0
    # The cadence is ignored: the default 30 days from Thu 26 Nov is Sat 26 Dec -> Mon 28 Dec.
    assert out.startswith("Logged busy (by phone, caller ID hidden) for Ann Lee at Thu 26 Nov ")
    assert out.endswith(" Next due Mon 28 Dec.\n")
    assert err == "followup-tui: contact 1: cadence_days 3000000 is out of range, ignored\n"
    assert len(_tables(ann_file)["attempts"]) == 2


def test_a_failure_after_the_write_says_the_attempt_was_saved(ann_file, now, capsys, monkeypatch):
    import followup_tui.domain.rules as rules

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OverflowError("date value out of range")

    monkeypatch.setattr(rules, "summarize", broken)
    code, out, err = _run(capsys, "--db", str(ann_file), "log", "Ann", "--outcome", "voicemail")
    assert code == 0
    assert out.startswith("Logged voicemail (by phone, caller ID hidden) for Ann Lee at ")
    assert out.endswith(". (The next due day could not be worked out.)\n")
    assert err == (
        "followup-tui: the attempt was saved (attempt 2); do not log it again; working out the "
        "next due day failed: OverflowError: date value out of range\n"
    )
    assert "Traceback" not in out + err
    attempts = _tables(ann_file)["attempts"]
    assert [a["outcome"] for a in attempts.values()] == ["busy", "voicemail"]


def test_a_failure_to_close_after_the_write_still_exits_0(ann_file, now, capsys, monkeypatch):
    def broken_close(self: Store) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(Store, "close", broken_close)
    code, out, err = _run(capsys, "--db", str(ann_file), "log", "Ann", "--outcome", "busy")
    assert code == 0 and out.startswith("Logged busy")
    assert err.startswith("followup-tui: the attempt was saved (attempt 2); do not log it again, ")
    assert len(_tables(ann_file)["attempts"]) == 2


def test_an_import_whose_closing_fails_still_says_it_was_saved(
    ann_file, tmp_path, now, capsys, monkeypatch
):
    source = tmp_path / "c.csv"
    source.write_text("name,email\nCy,cy@example.com\n")

    def broken_close(self: Store) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(Store, "close", broken_close)
    code, out, err = _run(capsys, "--db", str(ann_file), "import", str(source))
    assert code == 0
    assert out == "CSV: added 1, merged 0, skipped 0\n"
    assert err == (
        "followup-tui: the import was saved, but closing the data file failed: "
        "[Errno 5] Input/output error\n"
    )
    assert [c["name"] for c in _tables(ann_file)["contacts"].values()] == ["Ann Lee", "Cy"]


# -- item 8: smaller ------------------------------------------------------------------------------


def test_at_minus_two_hours_works_as_the_help_says(ann_file, now, capsys):
    code, out, err = _run(
        capsys, "--db", str(ann_file), "log", "Ann", "--outcome", "busy", "--at", "-2h"
    )
    assert (code, err) == (0, "")
    saved = _tables(ann_file)["attempts"]["2"]["at"]
    assert saved == (now - timedelta(hours=2)).replace(microsecond=0).isoformat()
    assert "at Thu 26 Nov 07:05 EST" in out


def test_a_dash_value_is_joined_only_to_its_own_option() -> None:
    assert cli.join_dash_values(["log", "x", "--at", "-2h", "--note", "-ok"]) == [
        "log",
        "x",
        "--at=-2h",
        "--note",
        "-ok",
    ]
    assert cli.join_dash_values(["--at", "--db"]) == ["--at", "--db"]
    assert cli.join_dash_values(["--", "--at", "-2h"]) == ["--", "--at", "-2h"]


def test_notes_keep_inner_leading_and_trailing_spaces(ann_file, now, capsys):
    for note in ("  indented code  ", "   ", "\t"):
        code, _out, _err = _run(
            capsys, "--db", str(ann_file), "log", "Ann", "--outcome", "busy", "--note", note
        )
        assert code == 0
    notes = [a["note"] for a in _tables(ann_file)["attempts"].values()]
    assert notes == ["", "  indented code  ", "", ""]


def test_csv_cells_a_spreadsheet_would_run_are_neutralised(ann_file, now, capsysbinary):
    tables = _tables(ann_file)
    tables["contacts"]["1"].update(name='=HYPERLINK("http://x")', company="+cmd|calc")
    tables["attempts"]["1"]["note"] = "@SUM(1)"
    ann_file.write_bytes(orjson.dumps(tables))
    assert main(["--db", str(ann_file), "export", "--format", "csv"]) == 0
    row = next(csv.DictReader(io.StringIO(capsysbinary.readouterr().out.decode())))
    assert row["name"] == '\'=HYPERLINK("http://x")'
    assert row["company"] == "'+cmd|calc"
    assert row["note"] == "'@SUM(1)"
    assert row["at"] == "2026-11-25T14:05:00+00:00"  # ours are never touched


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("-2", "'-2"),
        ("+44", "'+44"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=b", "a=b"),
        (-5, "-5"),
        (None, ""),
        ([1, "=x"], '[1,"=x"]'),
    ],
)
def test_csv_cell(value, cell):
    assert csv_cell(value) == cell


def test_paths_in_messages_have_control_characters_escaped(ann_file, tmp_path, now, capsys):
    folder = tmp_path / "d\x1b[2J"
    folder.mkdir()
    code, _out, err = _run(
        capsys, "--db", str(ann_file), "export", "--format", "csv", "-o", str(folder)
    )
    assert code == 2
    assert err == f"followup-tui: {tmp_path}/d\\x1b[2J: is a folder; give a file name\n"
    code, _out, err = _run(
        capsys, "--db", str(ann_file), "import", str(tmp_path / "no\x1b]0;t\x07.csv")
    )
    assert code == 2
    assert err == f"followup-tui: {tmp_path}/no\\x1b]0;t\\x07.csv: no such file\n"


# -- item 3: imports obey the limits of the forms ------------------------------------------------


def _export_with(tmp_path: Path, **records: Any) -> Path:
    path = tmp_path / "export.json"
    path.write_bytes(orjson.dumps({"app": "followup-tui", "format_version": 1, **records}))
    return path


def test_import_leaves_out_future_attempts_and_values_out_of_range(ann_file, tmp_path, now, capsys):
    source = _export_with(
        tmp_path,
        contacts=[{"id": 7, "name": "Cy Bad", "cadence_days": 3_000_000, "emails": ["c@x.io"]}],
        attempts=[
            {"id": 9, "contact_id": 7, "at": "2099-01-01T10:00:00+00:00", "outcome": "busy"},
            {"id": 10, "contact_id": 7, "at": "2026-11-20T10:00:00+00:00", "duration_s": 90_000},
        ],
    )
    code, out, err = _run(capsys, "--db", str(ann_file), "import", str(source))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "contact 7: cadence_days 3000000 is out of range; imported without it",
        "attempt 10: duration_s 90000 is out of range; imported without it",
        "followup-tui JSON: added 1, merged 0, skipped 0",
        "Attempts: 1 added",
        "Interviews: 0 added; news items: 0 added",
        "attempt 9: at 2099-01-01T10:00:00+00:00 is in the future; not imported",
    ]
    tables = _tables(ann_file)
    assert tables["contacts"]["7"]["cadence_days"] == 30
    assert tables["attempts"]["10"]["duration_s"] is None
    assert "9" not in tables["attempts"]
    code, _out, err = _run(capsys, "--db", str(ann_file), "due")
    assert (code, err) == (0, "")  # the file stays usable


@pytest.mark.parametrize(
    ("records", "message"),
    [
        ({"format_version": 2}, "written by a newer followup-tui (format 2)"),
        ({"format_version": "2"}, 'format_version "2" is not one followup-tui knows'),
        (
            {"meta": {"1": {"schema_version": 99}}},
            "a data file of a newer followup-tui (schema 99)",
        ),
    ],
)
def test_import_refuses_a_newer_format(ann_file, tmp_path, now, capsys, records, message):
    path = tmp_path / "newer.json"
    path.write_bytes(orjson.dumps({"contacts": {"1": {"name": "New"}}, **records}))
    before = ann_file.read_bytes()
    code, out, err = _run(capsys, "--db", str(ann_file), "import", str(path))
    assert (code, out) == (2, "")
    assert err.startswith(f"followup-tui: {path}: {message}")
    assert ann_file.read_bytes() == before


def test_an_unclosed_csv_quote_is_an_error_on_its_line_and_the_rest_is_read() -> None:
    rows = read_csv(
        'name,email\nAnn Q,annq@example.com\n"Broken, no end,x@example.com\n'
        "Carl,carl@example.com\nDora,dora@example.com\n"
    )
    assert [(r.line, r.fields.get("name"), r.error) for r in rows] == [
        (2, "Ann Q", None),
        (3, None, 'a quote (") opened on this line is never closed; the line was left out'),
        (4, "Carl", None),
        (5, "Dora", None),
    ]


def test_an_unclosed_quote_on_the_last_line() -> None:
    rows = read_csv('name\nA\n"B')
    assert [(r.line, r.fields.get("name"), r.error is not None) for r in rows] == [
        (2, "A", False),
        (3, None, True),
    ]


def test_a_quote_closed_lines_later_is_a_warning(ann_file, tmp_path, now, capsys):
    source = tmp_path / "q.csv"
    source.write_text('name,email\nA,a@example.com\n"B,b@example.com\n"C,c@example.com\n')
    code, out, _err = _run(capsys, "--db", str(ann_file), "import", str(source), "--dry-run")
    assert code == 0
    assert (
        'line 3: B,b@example.com C: the name runs over 2 lines: a quote (") opened on this line '
        "closes on a later one; check the quotes"
    ) in out.splitlines()


def test_vcard_21_quoted_printable_soft_line_breaks_are_decoded() -> None:
    card = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\n"
        "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Zola;=C3=89mile;;;\r\n"
        "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=89mile =\r\nZola\r\n"
        "NOTE;ENCODING=QUOTED-PRINTABLE:Met at the fair; asked for a call=\r\n"
        " back=0D=0Anext week\r\n"
        "ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Caf=C3=A9 =\r\nCo\r\n"
        "TEL;CELL:+1 212 555 0199\r\nEND:VCARD\r\n"
    )
    (row,) = read_vcards(card)
    assert row.error is None
    assert row.fields["name"] == "Émile Zola"
    assert row.fields["company"] == "Café Co"
    assert row.fields["notes"] == "Met at the fair; asked for a call back\nnext week"
    assert row.fields["phones"] == ["+1 212 555 0199"]


def test_real_vcard_fixtures_still_read(tmp_path) -> None:
    folder = Path("/work/shared/fixtures/vcards")
    if not folder.exists():
        pytest.skip("the shared vCard fixtures are not on this machine")
    names = []
    for path in sorted(folder.glob("*.vcf")):
        rows = (
            read_vcards(path.read_text(encoding="utf-8")) if "unparsable" not in path.name else []
        )
        names += [r.fields.get("name") for r in rows if r.error is None]
    assert "Wile E. Coyote" in names and "Joe Citizen" in names
