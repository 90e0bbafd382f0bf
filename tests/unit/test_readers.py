"""Readers of contact files: the limits, encodings, columns and cards users' files hit."""

from __future__ import annotations

import os
import threading
from datetime import date
from pathlib import Path

import pytest

from followup_tui.io import readers
from followup_tui.io.readers import (
    ImportFileError,
    decode,
    detect_format,
    parse_connected_on,
    parse_mapping,
    read_csv,
    read_linkedin,
    read_text,
    read_vcards,
    split_list,
)

# -- the file ------------------------------------------------------------------------------------


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def test_a_file_over_the_limit_is_refused_with_its_size_in_megabytes(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_BYTES", 3_000_000)
    big = _sparse(tmp_path / "big.csv", 3_000_001)
    with pytest.raises(ImportFileError) as err:
        read_text(big)
    assert str(err.value) == f"{big}: too large to import (3 MB)"


def test_a_file_exactly_at_the_limit_is_read(tmp_path, monkeypatch):
    content = b"Name,Email\nAnn Lee,ann@x.example\n"
    monkeypatch.setattr(readers, "MAX_BYTES", len(content))
    path = tmp_path / "exact.csv"
    path.write_bytes(content)
    assert read_text(path) == content.decode()


def test_a_file_that_grows_while_read_is_refused_at_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_BYTES", 2 << 20)
    path = tmp_path / "growing.csv"
    path.write_bytes(b"Name\nAnn\n")
    real_stat = os.stat

    def stat_then_grow(target, *args, **kwargs):
        info = real_stat(target, *args, **kwargs)
        if Path(target) == path:
            with path.open("ab") as handle:
                handle.write(b"x" * (3 << 20))
        return info

    monkeypatch.setattr(os, "stat", stat_then_grow)
    with pytest.raises(ImportFileError) as err:
        read_text(path)
    assert str(err.value) == f"{path}: too large to import (over 2 MiB)"


def test_a_pipe_put_in_the_file_s_place_is_refused_without_waiting(tmp_path, monkeypatch):
    path = tmp_path / "contacts.csv"
    path.write_text("Name\nAnn\n")
    real_stat = os.stat

    def stat_then_swap(target, *args, **kwargs):
        info = real_stat(target, *args, **kwargs)
        if Path(target) == path:
            path.unlink()
            os.mkfifo(path)
        return info

    monkeypatch.setattr(os, "stat", stat_then_swap)
    outcome: list[object] = []

    def read() -> None:
        try:
            outcome.append(read_text(path))
        except ImportFileError as exc:
            outcome.append(str(exc))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(10)
    if reader.is_alive():  # release the reader stuck waiting for a writer
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(10)
        pytest.fail("reading waited for a writer to the pipe")
    assert outcome == [f"{path}: not a regular file"]


def test_permission_denied_is_named(tmp_path, monkeypatch):
    path = tmp_path / "private.csv"
    path.write_text("Name\nAnn\n")

    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "stat", refuse)
    with pytest.raises(ImportFileError) as err:
        read_text(path)
    assert str(err.value) == f"{path}: permission denied"


def test_other_system_errors_give_the_system_s_reason(tmp_path):
    path = tmp_path / ("n" * 300 + ".csv")
    with pytest.raises(ImportFileError) as err:
        read_text(path)
    assert str(err.value) == f"{path}: cannot read (File name too long)"


def test_utf16_big_endian_with_a_bom_is_read():
    raw = b"\xfe\xff" + "Name\nZoë\n".encode("utf-16-be")
    assert decode(raw, "c.csv") == "Name\nZoë\n"


def test_broken_utf16_is_named():
    with pytest.raises(ImportFileError) as err:
        decode(b"\xff\xfe" + "Name".encode("utf-16-le") + b"\x00\xd8", "c.csv")
    assert str(err.value) == "c.csv: not valid UTF-16 text"


def test_binary_is_judged_on_the_first_8_kib():
    text = "Name\n" + "a" * 8187
    raw = text.encode() + b"\x00"
    assert len(text) == 8192
    assert decode(raw, "c.csv") == text + "\x00"
    with pytest.raises(ImportFileError, match="a binary file"):
        decode(raw[:8191] + b"\x00", "c.csv")


def test_format_detection():
    assert detect_format('\n  [{"name": "Ann"}]') == "json"
    assert detect_format('[{"name": "Ann"}]') == "json"
    assert detect_format("a" * 4085 + "\nBEGIN:VCARD\n") == "csv"
    assert detect_format("a" * 4084 + "\nBEGIN:VCARD\n") == "vcard"
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    assert detect_format("note\n" * 29 + header) == "linkedin"
    assert detect_format("note\n" * 30 + header) == "csv"


# -- --map and CSV columns -------------------------------------------------------------------


def test_map_spec_edge_cases():
    assert parse_mapping("Mobile=phones,,Full Name=name") == {
        "mobile": "phones",
        "full name": "name",
    }
    assert parse_mapping("A=B=name") == {"a=b": "name"}
    for spec in ("Mobile=", "=name"):
        with pytest.raises(ImportFileError) as err:
            parse_mapping(spec)
        assert str(err.value) == f"--map: {spec!r} is not COLUMN=FIELD"


def test_a_blank_list_cell_gives_no_values():
    assert split_list("   ") == []
    assert split_list(" a ; ;b ") == ["a", "b"]


def test_email_and_phone_columns_found_by_their_words():
    rows = read_csv(
        "Full Name,Primary Email,Assistant Phone,Mobile Number,Birthday\n"
        "Ann Lee,ann@x.example,+1 212 555 0134,+44 20 7946 0958,1990-01-01\n"
    )
    assert [r.fields for r in rows] == [
        {
            "name": "Ann Lee",
            "emails": ["ann@x.example"],
            "phones": ["+1 212 555 0134", "+44 20 7946 0958"],
        }
    ]


def test_a_name_column_wins_over_first_and_last_name():
    rows = read_csv("Name,First Name,Last Name\nDr Ann Lee,Ann,Lee\n,Raj,Patel\n")
    assert [r.fields["name"] for r in rows] == ["Dr Ann Lee", "Raj Patel"]


@pytest.mark.parametrize("column", ["First Name", "Surname"])
def test_a_title_line_before_a_header_of_name_parts_is_passed_over(column):
    rows = read_csv(f"My contacts\n{column},Email\nLee,lee@x.example\n")
    assert [(r.line, r.fields["name"], r.fields["emails"]) for r in rows] == [
        (3, "Lee", ["lee@x.example"])
    ]


def test_the_header_is_looked_for_in_the_first_twenty_lines_only():
    text = "Contacts export\n" * 20 + "Name,Email\nAnn,ann@x.example\n"
    with pytest.raises(ImportFileError, match="no name column"):
        read_csv(text)
    rows = read_csv("Contacts export\n" * 19 + "Name,Email\nAnn,ann@x.example\n")
    assert [(r.line, r.fields["name"]) for r in rows] == [(21, "Ann")]


def test_a_file_of_empty_cells_has_no_header():
    with pytest.raises(ImportFileError) as err:
        read_csv(" , ,\n,\n")
    assert str(err.value) == "no header line found"


HUGE = '"' + "x" * 140_000 + '"'


def test_an_unreadable_record_in_the_head_names_its_line():
    with pytest.raises(ImportFileError) as err:
        read_csv(f"Name,Email\n{HUGE},a@x.example\n")
    assert str(err.value) == (
        "line 2: not a readable CSV file (field larger than field limit (131072))"
    )


def test_an_unreadable_record_later_is_skipped_with_its_line_and_reason():
    people = "".join(f"P{i},p{i}@x.example\n" for i in range(25))
    rows = read_csv(f"Name,Email\n{people}{HUGE},q@x.example\nZed,z@x.example\n")
    assert len(rows) == 27
    assert [(r.line, r.fields.get("name")) for r in rows[:2]] == [(2, "P0"), (3, "P1")]
    assert [(r.line, r.fields.get("name"), r.error) for r in rows[-3:]] == [
        (26, "P24", None),
        (27, None, "not readable as CSV (field larger than field limit (131072))"),
        (28, "Zed", None),
    ]


# -- LinkedIn --------------------------------------------------------------------------------

LINKEDIN = "First Name,Last Name,URL,Email Address,Company,Position"


def test_linkedin_without_a_connected_on_column():
    rows = read_linkedin(f"{LINKEDIN}\nAnn,Lee,https://www.linkedin.com/in/ann,,Acme,CTO\n")
    assert [(r.fields, r.warnings) for r in rows] == [
        (
            {
                "name": "Ann Lee",
                "linkedin_url": "https://www.linkedin.com/in/ann",
                "emails": [],
                "company": "Acme",
                "title": "CTO",
                "tags": ["linkedin"],
            },
            [],
        )
    ]


def test_linkedin_rows_after_a_broken_one_and_bad_dates_are_all_kept():
    text = (
        f"{LINKEDIN},Connected On,Notes\n"
        'Bad,"Quote,,,,,\n'
        "Ann,Lee,,,Acme,CTO,someday,\n"
        "Raj,Patel,,,Beta,CEO,later,\n"
        "Sam,Roe,,,Gamma,CFO,12 March 2024,met at the fair\n"
    )
    rows = read_linkedin(text)
    assert rows[0].error == readers.UNCLOSED_QUOTE
    assert [(r.fields["name"], r.fields["tags"], r.warnings) for r in rows[1:3]] == [
        ("Ann Lee", ["linkedin"], ["'Connected On' date 'someday' not understood; left out"]),
        ("Raj Patel", ["linkedin"], ["'Connected On' date 'later' not understood; left out"]),
    ]
    assert rows[3].fields["notes"] == "met at the fair\nLinkedIn connection since 2024-03-12"


def test_connected_on_dates():
    assert parse_connected_on("12 March 2024") == date(2024, 3, 12)
    assert parse_connected_on("2024-03-12") == date(2024, 3, 12)


# -- vCard -------------------------------------------------------------------------------------

FULL_CARD = """BEGIN:VCARD
VERSION:3.0
N:Lee;Ann;Marie,Jo;Dr;
EMAIL:mailto:ann@x.example
TEL;VALUE=uri:tel:+1-212-555-0134;ext=22;phone-context=x
X-SOCIALPROFILE;TYPE=linkedin:https://www.linkedin.com/in/ann
NOTE:first
NOTE:second
TZ:-05:00
TZ;VALUE=text:America/New_York
CATEGORIES:a,b
END:VCARD
"""


def test_a_vcard_s_fields():
    (row,) = read_vcards(FULL_CARD)
    assert row.error is None
    assert row.fields == {
        "name": "Dr Ann Marie Jo Lee",
        "phones": ["+1-212-555-0134"],
        "emails": ["ann@x.example"],
        "linkedin_url": "https://www.linkedin.com/in/ann",
        "notes": "first\nsecond",
        "tags": ["a", "b"],
        "timezone": "America/New_York",
    }


def test_a_nickname_names_a_card_and_a_nameless_card_is_read_without_a_name():
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nNICKNAME:Annie\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nEMAIL:x@y.example\nEND:VCARD\n"
    )
    rows = read_vcards(text)
    assert [(r.line, r.error, r.fields) for r in rows] == [
        (1, None, {"name": "Annie", "phones": [], "emails": [], "tags": []}),
        (5, None, {"phones": [], "emails": ["x@y.example"], "tags": []}),
    ]


def test_a_file_without_cards_is_not_a_vcard_file():
    for text in ("hello\n", "END:VCARD\nhello\n"):
        with pytest.raises(ImportFileError) as err:
            read_vcards(text)
        assert str(err.value) == "no BEGIN:VCARD found; not a vCard file"


def test_no_readable_card_counts_the_cards():
    with pytest.raises(ImportFileError) as err:
        read_vcards("BEGIN:VCARD\nFN\nEND:VCARD\nBEGIN:VCARD\nFN\nEND:VCARD\n")
    assert str(err.value) == (
        "no readable vCard: line 1: not a valid vCard (Failed to parse line: FN) "
        "(2 cards, none readable)"
    )
    with pytest.raises(ImportFileError) as err:
        read_vcards("BEGIN:VCARD\nFN\nEND:VCARD\n")
    assert (
        str(err.value) == "no readable vCard: line 1: not a valid vCard (Failed to parse line: FN)"
    )


def test_a_long_vobject_complaint_is_cut_to_120_characters():
    line = "X" + "y" * 200
    (row,) = read_vcards(
        f"BEGIN:VCARD\nFN:Ann\nEND:VCARD\nBEGIN:VCARD\nFN:Bo\n{line}\nEND:VCARD\n"
    )[1:]
    reason = f"Failed to parse line: {line}"[:120]
    assert row.error == f"not a valid vCard ({reason})"
