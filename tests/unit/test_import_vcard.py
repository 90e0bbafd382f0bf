"""vCard 3.0 and 4.0 import with vobject: many cards per file, awkward real-world cards."""

from __future__ import annotations

import pytest

from followup_tui.io.importer import import_file
from followup_tui.io.readers import ImportFileError, decode, detect_format, read_vcards
from followup_tui.storage import Store
from tests.unit.import_helpers import DATA

FILE = DATA / "contacts.vcf"


def test_detected_from_content_whatever_the_name(tmp_path):
    path = tmp_path / "export.txt"
    path.write_bytes(FILE.read_bytes())
    assert detect_format(decode(path.read_bytes())) == "vcard"


def test_cards_rows_and_the_broken_one(db_path, frozen_clock):
    store = Store.open(db_path, clock=frozen_clock)
    report = import_file(FILE, store)
    assert [(r.line, r.action) for r in report.results] == [
        (1, "add"),
        (12, "add"),
        (20, "skip"),
        (27, "add"),
        (35, "merge"),
    ]
    assert report.results[2].describe() == (
        "line 20: skipped: not a valid vCard (Failed to parse line: EMAIL)"
    )
    contacts = {c.name: c for c in store.snapshot().contacts.values()}
    assert sorted(contacts) == ["Dana Smith", "Ольга Иванова", "山田 太郎"]

    dana = contacts["Dana Smith"]  # vCard 3.0 with an embedded JPEG
    assert dana.company == "Acme, Inc."  # escaped comma; the unit "Sales" is not the company
    assert dana.title == "VP Growth"
    # The last card has the same e-mail in other case: merged, its phone added.
    assert dana.phones == ("+12125550134", "+19175550111")
    assert dana.emails == ("dana.smith@acme.example",)
    assert "PHOTO" not in dana.notes and "/9j/" not in repr(dana)

    taro = contacts["山田 太郎"]  # vCard 4.0, TEL;VALUE=uri:tel:+81-...
    assert taro.phones == ("+81312345678",)
    assert taro.emails == ("taro@example.jp",)
    assert taro.notes == "Met in Tokyo, 2025"
    assert taro.timezone == "Asia/Tokyo"

    olga = contacts["Ольга Иванова"]  # tel: URI with ;ext=, data: URI photo, URL, CATEGORIES
    assert olga.phones == ("+12125550177",)
    assert olga.linkedin_url == "https://www.linkedin.com/in/olga-ivanova"
    assert olga.tags == ("recruiter", "fintech")


def test_name_from_n_when_fn_is_missing():
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Smith;Michael;;;\r\nNICKNAME:Mike\r\nEND:VCARD\r\n"
    (row,) = read_vcards(text)
    assert row.fields["name"] == "Michael Smith"


def test_tel_uri_without_plus_is_reported_and_the_card_still_imports(
    db_path, frozen_clock, tmp_path
):
    path = tmp_path / "bug.vcf"
    path.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:bug 195\nTEL;TYPE=cell;VALUE=URI:67545678\nEND:VCARD\n",
        encoding="utf-8",
    )
    store = Store.open(db_path, clock=frozen_clock)
    report = import_file(path, store)
    assert report.lines() == [
        "line 1: bug 195: phone '67545678' is not a valid phone number (home region US); "
        "imported without it",
        "vCard: added 1, merged 0, skipped 0",
    ]


def test_card_without_end_among_good_ones(tmp_path):
    text = (
        "BEGIN:VCARD\nVERSION:4.0\nFN:Open Card\n"
        "BEGIN:VCARD\nVERSION:4.0\nFN:Good Card\nEND:VCARD\n"
    )
    rows = read_vcards(text)
    assert [(r.line, r.error, r.fields.get("name")) for r in rows] == [
        (1, "the vCard has no END:VCARD", None),
        (4, None, "Good Card"),
    ]


def test_a_file_of_only_broken_cards_is_one_error(tmp_path, db_path):
    path = tmp_path / "broken.vcf"
    path.write_text("BEGIN:VCARD\nVERSION:4.0\nFN:second contact\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as info:
        import_file(path, None)
    assert str(info.value) == f"{path}: no readable vCard: line 1: the vCard has no END:VCARD"
    assert not db_path.exists()


def test_vcard_2_1_quoted_printable():
    text = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN:M=C3=BCller;J=C3=BCrgen\r\n"
        "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen M=C3=BCller\r\n"
        "TEL;CELL:+49 30 1234567\r\nEND:VCARD\r\n"
    )
    (row,) = read_vcards(text)
    assert row.error is None
    assert row.fields["name"] == "Jürgen Müller"
    assert row.fields["phones"] == ["+49 30 1234567"]
