"""Edits are changes, not overwrites: Store.update_contact_fields writes only the fields an edit
changed; a field another copy changed meanwhile is kept; both changed -> a conflict, not
written. `followup-tui import` merges write the same way."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest

from followup_tui.__main__ import main
from followup_tui.domain.models import Contact
from followup_tui.storage import SaveError, Store
from followup_tui.storage.edits import FieldConflict, changed_fields

T0 = datetime(2026, 11, 26, 14, 5, 7, 123456, tzinfo=UTC)  # microseconds, as a real now has


def contact_doc(path: Path, key: str = "1") -> dict:
    return orjson.loads(path.read_bytes())["contacts"][key]


@pytest.fixture
def two_copies(db_path: Path):
    """The app (``form``) and a shell (``shell``) on one file holding Ann."""
    form = Store.open(db_path, clock=lambda: T0)
    ann = form.add_contact(
        Contact(name="Ann Lee", company="Acme", emails=("ann@acme.com",), notes="met at a fair")
    )
    shell = Store.open(db_path, clock=lambda: T0)
    yield form, shell, ann
    form.close()
    shell.close()


def test_changed_fields_compares_with_absent_as_none() -> None:
    base = {"name": "Ann", "tags": [], "paused_until": "2026-12-01"}
    edited = {"name": "Ann Lee", "tags": [], "closed_reason": "hired"}
    assert changed_fields(base, edited) == {
        "closed_reason": "hired",
        "name": "Ann Lee",
        "paused_until": None,
    }


def test_a_field_another_copy_changed_meanwhile_is_kept(two_copies) -> None:
    form, shell, ann = two_copies
    opened = ann  # the form opens `e` on Ann
    # meanwhile an import in a shell adds an e-mail
    shell.update_contact(replace(ann, emails=("ann@acme.com", "ann@home.example")))
    edited = replace(opened, notes="met at a fair; call after 3pm", company="Acme Corp")
    result = form.save_contact_edit(opened, edited)
    assert result.written == ("company", "notes")
    assert result.conflicts == ()
    doc = contact_doc(form.path)
    assert doc["emails"] == ["ann@acme.com", "ann@home.example"]  # the imported e-mail stays
    assert (doc["company"], doc["notes"]) == ("Acme Corp", "met at a fair; call after 3pm")
    assert result.contact.emails == ("ann@acme.com", "ann@home.example")


def test_the_same_field_changed_by_both_is_a_conflict_not_written(two_copies) -> None:
    form, shell, ann = two_copies
    shell.update_contact(replace(ann, notes="prefers e-mail", company="Acme Inc"))
    edited = replace(ann, notes="call after 3pm", title="Recruiter", company="Acme Inc")
    result = form.save_contact_edit(ann, edited)
    assert result.written == ("title",)  # the same new company on both sides: nothing to write
    assert result.conflicts == (
        FieldConflict("notes", "met at a fair", "call after 3pm", "prefers e-mail"),
    )
    doc = contact_doc(form.path)
    assert (doc["notes"], doc["title"], doc["company"]) == (
        "prefers e-mail",
        "Recruiter",
        "Acme Inc",
    )
    # The user keeps their own: again, with the base set to what the other copy wrote.
    again = form.update_contact_fields(
        ann.id, {"notes": "call after 3pm"}, {"notes": "prefers e-mail"}
    )
    assert (again.written, again.conflicts) == (("notes",), ())
    assert contact_doc(form.path)["notes"] == "call after 3pm"


def test_nothing_changed_writes_nothing(two_copies) -> None:
    form, _, ann = two_copies
    before = form.path.read_bytes()
    result = form.save_contact_edit(ann, replace(ann))
    assert (result.written, result.conflicts) == ((), ())
    assert form.path.read_bytes() == before


def test_a_cleared_optional_field_is_removed(two_copies) -> None:
    form, _, ann = two_copies
    paused = form.update_contact(replace(ann, status="paused", paused_until=T0.date()))
    assert contact_doc(form.path)["paused_until"] == "2026-11-26"
    result = form.save_contact_edit(paused, replace(paused, status="pursuing", paused_until=None))
    assert result.written == ("paused_until", "status")
    assert "paused_until" not in contact_doc(form.path)


def test_fields_this_version_does_not_know_are_kept(two_copies) -> None:
    form, _, ann = two_copies
    data = orjson.loads(form.path.read_bytes())
    data["contacts"]["1"]["pronouns"] = "she/her"  # written by a newer followup-tui
    form.path.write_bytes(orjson.dumps(data))
    form.save_contact_edit(ann, replace(ann, title="Recruiter"))
    assert contact_doc(form.path)["pronouns"] == "she/her"


def test_a_deleted_contact_is_a_save_error(two_copies) -> None:
    form, shell, ann = two_copies
    shell.delete_contact(ann.id)
    with pytest.raises(SaveError, match="no longer exists"):
        form.save_contact_edit(ann, replace(ann, title="Recruiter"))


def test_an_import_merge_writes_only_what_it_merged(tmp_path: Path, capsys) -> None:
    path = tmp_path / "followup.json"
    s = Store.open(path, clock=lambda: T0)
    s.add_contact(Contact(name="Ann Lee", company="Acme", emails=("ann@acme.com",)))
    s.close()
    data = orjson.loads(path.read_bytes())
    data["contacts"]["1"]["pronouns"] = "she/her"
    path.write_bytes(orjson.dumps(data))
    csv = tmp_path / "people.csv"
    csv.write_text("name,email,title\nAnn Lee,ann@acme.com,Recruiter\n", encoding="utf-8")
    assert main(["--db", str(path), "import", str(csv)]) == 0
    assert "merged 1" in capsys.readouterr().out
    doc = contact_doc(path)
    assert (doc["emails"], doc["title"]) == (["ann@acme.com"], "Recruiter")
    assert doc["pronouns"] == "she/her"  # a whole-contact write would have dropped it
    assert doc["company"] == "Acme"
