"""followup-tui's own JSON: export -> import into an empty file -> export is byte-identical."""

from __future__ import annotations

import orjson
import pytest

from followup_tui.domain.models import Attempt, Contact
from followup_tui.io.export import export_json
from followup_tui.io.importer import import_file
from followup_tui.io.readers import ImportFileError
from followup_tui.storage import Store
from tests.unit.import_helpers import populate, t


@pytest.fixture
def exported(tmp_path, frozen_clock):
    source = Store.open(tmp_path / "source" / "followup.json", clock=frozen_clock)
    ids = populate(source)
    data = export_json(source.snapshot())
    path = tmp_path / "export.json"
    path.write_bytes(data)
    return path, data, ids


def test_round_trip_is_byte_identical_and_keeps_ids(exported, db_path, frozen_clock):
    path, data, ids = exported
    target = Store.open(db_path, clock=frozen_clock)
    report = import_file(path, target)
    assert (report.added, report.merged, report.skipped) == (3, 0, 0)
    assert report.extra == [
        "Attempts: 4 added",
        "Interviews: 1 added; news items: 1 added",
        "Settings restored from the export.",
    ]
    assert export_json(target.snapshot()) == data
    snap = target.snapshot()
    assert sorted(snap.contacts) == [1, 3, 4]  # the gap left by a deleted contact stays
    assert sorted(a.id for a in snap.all_attempts()) == [2, 3, 4, 5]
    assert snap.settings.home_region == "GB" and snap.settings.hide_caller_id is False


def test_json_is_deterministic_with_sorted_keys(exported):
    _path, data, _ids = exported
    parsed = orjson.loads(data)
    assert list(parsed) == sorted(parsed)
    assert [c["id"] for c in parsed["contacts"]] == [1, 3, 4]
    assert list(parsed["contacts"][0]) == sorted(parsed["contacts"][0])
    assert data.endswith(b"}\n")


def test_importing_the_export_again_changes_nothing(exported, db_path, frozen_clock):
    path, data, _ids = exported
    target = Store.open(db_path, clock=frozen_clock)
    import_file(path, target)
    before = db_path.read_bytes()
    report = import_file(path, target)
    assert (report.added, report.unchanged) == (0, 3)
    assert report.extra[0] == "Attempts: 0 added, 4 already there"
    assert not report.written
    assert db_path.read_bytes() == before


def test_import_into_a_file_with_other_contacts(exported, db_path, frozen_clock):
    path, _data, _ids = exported
    target = Store.open(db_path, clock=frozen_clock)
    mine = target.add_contact(Contact(name="Mine", created_at=t(1, 1)))  # takes id 1
    same_dana = target.add_contact(
        Contact(name="D. Smith", emails=("dana@acme.example",), created_at=t(1, 1))
    )  # id 2, matches the export's Dana by e-mail
    target.add_attempt(Attempt(same_dana.id or 0, t(20, 14), "phone", "no_answer"))
    report = import_file(path, target)
    assert [(r.action, r.name) for r in report.results] == [
        ("merge", "D. Smith"),
        ("add", "Raj Patel"),
        ("add", "Zoë Closed"),
    ]
    # Dana's no_answer at 20 Nov 14:00 is already in the file: not added twice.
    assert report.extra[0] == "Attempts: 3 added, 1 already there"
    snap = target.snapshot()
    assert snap.contacts[mine.id or 0].name == "Mine"
    assert sorted((c.id, c.name) for c in snap.contacts.values()) == [
        (1, "Mine"),
        (2, "D. Smith"),
        (3, "Raj Patel"),
        (4, "Zoë Closed"),
    ]
    dana_attempts = snap.attempts_for(same_dana.id or 0)
    assert [(a.outcome, a.duration_s) for a in dana_attempts] == [
        ("no_answer", None),
        ("voicemail", 42),
    ]
    (interview,) = snap.interviews.values()
    assert interview.contact_ids == (same_dana.id,)
    # Settings were never saved in this file: restored from the export.
    assert snap.settings.home_region == "GB"


def test_existing_settings_are_kept(exported, db_path, frozen_clock):
    from followup_tui.domain.models import Settings

    path, _data, _ids = exported
    target = Store.open(db_path, clock=frozen_clock)
    target.save_settings(Settings(home_region="DE"))
    report = import_file(path, target)
    assert "Settings restored from the export." not in report.extra
    assert target.settings().home_region == "DE"


def test_a_data_file_itself_can_be_imported(tmp_path, db_path, frozen_clock):
    source_path = tmp_path / "source" / "followup.json"
    source = Store.open(source_path, clock=frozen_clock)
    populate(source)
    target = Store.open(db_path, clock=frozen_clock)
    report = import_file(source_path, target)
    assert report.added == 3
    assert export_json(target.snapshot()) == export_json(source.snapshot())


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"contacts": ', "not valid JSON (unexpected end of data: line 1 column 14 (char 13))"),
        ('{"name": "x"}', "JSON, but not a followup-tui export (no 'contacts')"),
        (
            '{"app": "followup-tui", "format_version": 9, "contacts": []}',
            "written by a newer followup-tui (format 9); update followup-tui to import it",
        ),
    ],
)
def test_json_that_is_not_ours(tmp_path, content, message):
    path = tmp_path / "x.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFileError) as info:
        import_file(path, None)
    assert str(info.value) == f"{path}: {message}"


def test_bad_records_are_skipped_with_reasons(tmp_path, db_path, frozen_clock):
    path = tmp_path / "x.json"
    path.write_text(
        orjson.dumps(
            {
                "app": "followup-tui",
                "contacts": [{"id": 5, "name": "Ok"}, {"id": 6, "name": ""}, "junk"],
                "attempts": [
                    {"id": 1, "contact_id": 5, "at": "2026-11-20T14:00:00+00:00"},
                    {"id": 2, "contact_id": 5, "at": "not a time"},
                    {"id": 3, "contact_id": 6, "at": "2026-11-20T14:00:00+00:00"},
                ],
            }
        ).decode(),
        encoding="utf-8",
    )
    target = Store.open(db_path, clock=frozen_clock)
    report = import_file(path, target)
    skipped = [r.describe() for r in report.results if r.action == "skip"]
    assert skipped == [
        "record: skipped (contacts #6): no name",
        "record: skipped (contacts #3): not an object",
        'record: skipped (attempts #2): at "not a time" is not a date-time (ISO 8601)',
    ]
    assert report.extra[0] == "Attempts: 1 added, 1 skipped (their contact is not in the export)"
    snap = target.snapshot()
    assert list(snap.contacts) == [5]
    assert [a.id for a in snap.attempts_for(5)] == [1]
