"""Edits and deletes of stored records as the app relies on them: what each call returns (the
record as it is in the file, with its id), what happens when another copy deleted the record
meanwhile, and values of any type written by other tools."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import orjson
import pytest

from followup_tui.domain.models import Attempt, Contact, Interview, NewsItem
from followup_tui.storage import SaveError, Store
from followup_tui.storage.edits import FieldConflict

T0 = datetime(2026, 11, 26, 14, 5, 7, 123456, tzinfo=UTC)  # microseconds, as a real now has


def raw(path: Path) -> dict:
    return orjson.loads(path.read_bytes())


def edit_file(path: Path, change) -> None:
    """Another program changes the file (hand edit, another tool, an older version)."""
    data = raw(path)
    change(data)
    path.write_bytes(orjson.dumps(data))


@pytest.fixture
def store(db_path: Path):
    s = Store.open(db_path, clock=lambda: T0)
    yield s
    s.close()


@pytest.fixture
def other(store: Store):
    """Another copy of followup-tui on the same file (a shell next to the app)."""
    s = Store.open(store.path, clock=lambda: T0)
    yield s
    s.close()


# -- what a change returns --------------------------------------------------------------------


def test_a_cleaned_record_comes_back_as_written_with_its_id(store: Store) -> None:
    ann = store.add_contact(Contact(name="Ann"))
    bob = store.add_contact(Contact(name="Bob"))
    edited = store.update_contact(replace(bob, name="Bob\x1b[2J Ray"))
    assert (edited.id, edited.name) == (bob.id, "Bob Ray")
    assert raw(store.path)["contacts"][str(bob.id)]["name"] == "Bob Ray"
    met = store.add_interview(Interview("Acme", T0, (ann.id,)))
    met2 = store.add_interview(Interview("Acme\x9b", T0, (ann.id,)))
    assert (met.id, met2.id, met2.company) == (1, 2, "Acme")
    first = store.add_news(NewsItem("raised a fund", date(2026, 11, 20)))
    second = store.add_news(NewsItem("hired\x07 a CTO", date(2026, 11, 21)))
    assert (first.id, second.id, second.text) == (1, 2, "hired a CTO")
    renamed = store.update_news(replace(second, text="hired a CFO\x1b[5m"))
    assert (renamed.id, renamed.text) == (2, "hired a CFO")
    assert raw(store.path)["news"]["2"] == {"text": "hired a CFO", "on": "2026-11-21"}


def test_field_edits_return_the_contact_with_its_id(store: Store) -> None:
    store.add_contact(Contact(name="Ann"))
    bob = store.add_contact(Contact(name="Bob", company="Acme"))
    result = store.save_contact_edit(bob, replace(bob, company="Beta"))
    assert result.written == ("company",)
    assert (result.contact.id, result.contact.company) == (bob.id, "Beta")


def test_a_deleted_attempt_comes_back_with_its_id_for_undo(store: Store) -> None:
    ann = store.add_contact(Contact(name="Ann"))
    store.add_attempt(Attempt(ann.id, T0, note="first"))
    second = store.add_attempt(Attempt(ann.id, T0, note="second"))
    gone = store.delete_attempt(second.id)
    assert gone is not None and (gone.id, gone.note) == (2, "second")
    assert list(raw(store.path)["attempts"]) == ["1"]


def test_deleting_what_is_no_longer_there_says_so(store: Store, other: Store) -> None:
    ann = store.add_contact(Contact(name="Ann"))
    bob = store.add_contact(Contact(name="Bob"))
    store.add_attempt(Attempt(bob.id, T0))
    store.add_interview(Interview("Acme", T0, (ann.id,)))
    assert other.delete_contact(bob.id) == 1  # one attempt went with Bob
    assert store.delete_contact(bob.id) == 0  # already gone: nothing deleted
    assert store.delete_interview(7) is None
    assert store.delete_interview(1) is not None
    assert store.delete_interview(1) is None
    assert [d["name"] for d in raw(store.path)["contacts"].values()] == ["Ann"]


@pytest.mark.parametrize(
    ("method", "message"),
    [
        ("update_contact", "update_contact needs a saved contact"),
        ("save_contact_edit", "save_contact_edit needs a saved contact"),
        ("update_interview", "only a saved interview can be updated"),
    ],
)
def test_only_saved_records_can_be_edited(store: Store, method: str, message: str) -> None:
    record = Interview("Acme", T0) if method == "update_interview" else Contact(name="Ann")
    args = (record, record) if method == "save_contact_edit" else (record,)
    with pytest.raises(ValueError) as info:
        getattr(store, method)(*args)
    assert str(info.value) == message
    assert raw(store.path).keys() == {"meta"}


# -- records another copy deleted meanwhile ---------------------------------------------------


def test_an_edit_of_a_contact_deleted_elsewhere_is_refused_while_others_remain(
    store: Store, other: Store
) -> None:
    store.add_contact(Contact(name="Ann"))
    bob = store.add_contact(Contact(name="Bob"))
    other.delete_contact(bob.id)
    with pytest.raises(SaveError, match="contact 2 no longer exists"):
        store.update_contact(replace(bob, company="Acme"))
    with pytest.raises(SaveError, match="contact 2 no longer exists"):
        store.save_contact_edit(bob, replace(bob, company="Acme"))
    assert [d["name"] for d in raw(store.path)["contacts"].values()] == ["Ann"]


def test_an_edit_of_an_interview_deleted_elsewhere_does_not_bring_it_back(
    store: Store, other: Store
) -> None:
    store.add_interview(Interview("Acme", T0))
    beta = store.add_interview(Interview("Beta", T0))
    other.delete_interview(beta.id)
    with pytest.raises(SaveError, match="interview 2 no longer exists"):
        store.update_interview(replace(beta, notes="went well"))
    assert [d["company"] for d in raw(store.path)["interviews"].values()] == ["Acme"]


def test_restoring_a_record_under_a_taken_id_names_it(store: Store) -> None:
    store.add_contact(Contact(name="Ann"))
    with pytest.raises(SaveError) as info:
        store.insert_with_id("contacts", 1, Contact(name="Bob").to_doc())
    assert str(info.value) == "document 1 already exists in 'contacts'; not saved"
    assert [d["name"] for d in raw(store.path)["contacts"].values()] == ["Ann"]


# -- values written by other tools --------------------------------------------------------------


@pytest.mark.parametrize("people", [None, "2", 5, {"2": True}])
def test_deleting_a_contact_keeps_interviews_whose_people_are_not_a_list(
    store: Store, people
) -> None:
    store.add_contact(Contact(name="Ann"))
    bob = store.add_contact(Contact(name="Bob"))
    store.add_interview(Interview("Acme", T0, (bob.id,)))
    edit_file(store.path, lambda d: d["interviews"]["1"].__setitem__("contact_ids", people))
    assert store.delete_contact(bob.id) == 0
    assert raw(store.path)["interviews"]["1"]["contact_ids"] == people


def test_a_field_another_copy_wrote_in_an_older_form_is_not_a_conflict(store: Store) -> None:
    ann = store.add_contact(Contact(name="Ann", next_step_on=date(2026, 12, 1)))
    # An older version wrote the same day with a time: it means 1 December all the same.
    edit_file(
        store.path, lambda d: d["contacts"]["1"].__setitem__("next_step_on", "2026-12-01T09:00")
    )
    result = store.save_contact_edit(ann, replace(ann, next_step_on=date(2026, 12, 5)))
    assert (result.written, result.conflicts) == (("next_step_on",), ())
    assert raw(store.path)["contacts"]["1"]["next_step_on"] == "2026-12-05"


def test_the_same_new_value_in_an_older_form_is_neither_written_nor_a_conflict(
    store: Store,
) -> None:
    ann = store.add_contact(Contact(name="Ann", next_step_on=date(2026, 12, 1)))
    # Another copy already moved the step to the 5th, written the older way.
    edit_file(
        store.path, lambda d: d["contacts"]["1"].__setitem__("next_step_on", "2026-12-05T09:00")
    )
    result = store.save_contact_edit(ann, replace(ann, next_step_on=date(2026, 12, 5)))
    assert (result.written, result.conflicts) == ((), ())
    assert result.contact.next_step_on == date(2026, 12, 5)


def test_a_real_change_elsewhere_to_a_field_in_an_older_form_is_a_conflict(store: Store) -> None:
    ann = store.add_contact(Contact(name="Ann", next_step_on=date(2026, 12, 1)))
    edit_file(
        store.path, lambda d: d["contacts"]["1"].__setitem__("next_step_on", "2026-12-09T09:00")
    )
    result = store.save_contact_edit(ann, replace(ann, next_step_on=date(2026, 12, 5)))
    assert result.written == ()
    assert result.conflicts == (
        FieldConflict("next_step_on", "2026-12-01", "2026-12-05", "2026-12-09T09:00"),
    )


def test_a_contact_this_version_cannot_read_can_still_be_edited(store: Store) -> None:
    ann = store.add_contact(Contact(name="Ann", company="Acme"))
    edit_file(store.path, lambda d: d["contacts"]["1"].__setitem__("name", 42))
    result = store.update_contact_fields(ann.id, {"company": "Beta"}, {"company": "Acme"})
    assert result.written == ("company",)
    assert raw(store.path)["contacts"]["1"]["company"] == "Beta"
    assert raw(store.path)["contacts"]["1"]["name"] == 42  # not ours to repair silently


def test_an_edit_that_began_from_a_value_in_an_older_form_is_written(store: Store) -> None:
    store.add_contact(Contact(name="Ann", next_step_on=date(2026, 12, 1)))
    edit_file(
        store.path, lambda d: d["contacts"]["1"].__setitem__("next_step_on", "2026-12-01T09:00")
    )
    # The edit began from the file as written, and nobody changed it since.
    result = store.update_contact_fields(
        1, {"next_step_on": "2026-12-05"}, {"next_step_on": "2026-12-01T09:00"}
    )
    assert (result.written, result.conflicts) == (("next_step_on",), ())
    assert raw(store.path)["contacts"]["1"]["next_step_on"] == "2026-12-05"
