"""Document ids survive updates, and an export can be restored under its own ids."""

from dataclasses import replace

import pytest

from followup_tui.domain.models import Contact
from followup_tui.storage import SaveError, Store


def test_update_keeps_the_contact_id(db_path, frozen_clock):
    store = Store.open(db_path, clock=frozen_clock)
    first = store.add_contact(Contact(name="Ann"))
    store.add_contact(Contact(name="Bob"))
    store.update_contact(replace(first, company="Acme"))
    contacts = store.tables()["contacts"]
    assert contacts["1"]["name"] == "Ann" and contacts["1"]["company"] == "Acme"
    assert sorted(contacts) == ["1", "2"]


def test_insert_with_id_keeps_the_id_and_refuses_a_taken_one(db_path, frozen_clock):
    store = Store.open(db_path, clock=frozen_clock)
    store.insert_with_id("contacts", 9, Contact(name="Zoe").to_doc())
    added = store.add_contact(Contact(name="Cy"))
    assert added.id == 10
    with pytest.raises(SaveError):
        store.insert_with_id("contacts", 9, Contact(name="Again").to_doc())
    assert store.tables()["contacts"]["9"]["name"] == "Zoe"


def test_delete_attempt_only_if_it_is_still_the_same_attempt(db_path, frozen_clock):
    from datetime import UTC, datetime

    from followup_tui.domain.models import Attempt

    store = Store.open(db_path, clock=frozen_clock)
    try:
        ann = store.add_contact(Contact("Ann Lee"))
        assert ann.id is not None
        at = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)
        saved = store.add_attempt(Attempt(ann.id, at, "phone", "busy", caller_id="hidden"))
        assert saved.id is not None
        assert store.delete_attempt(saved.id, only_if=lambda a: a.outcome == "reached") is None
        assert [a.id for a in store.snapshot().attempts_for(ann.id)] == [saved.id]
        removed = store.delete_attempt(saved.id, only_if=lambda a: a.at == at)
        assert removed is not None and removed.outcome == "busy"
        assert store.snapshot().attempts_for(ann.id) == []
    finally:
        store.close()


def test_tinydbs_own_bulk_inserts_never_reuse_a_deleted_id(tmp_path):
    # TinyDB's insert_multiple and upsert hand out ids their own way; a followup-tui table
    # gives them the next id never handed out, as its own insert does.
    from tinydb import TinyDB

    from followup_tui.storage.jsonstorage import AtomicJSONStorage
    from followup_tui.storage.store import FastTable

    class DB(TinyDB):
        table_class = FastTable

    db = DB(tmp_path / "followup.json", storage=AtomicJSONStorage)
    table = db.table("contacts")
    assert [table.insert({"name": n}) for n in ("Ann", "Bob", "Cy")] == [1, 2, 3]
    table.remove(doc_ids=[3])
    assert table.insert_multiple([{"name": "Dee"}, {"name": "Eve"}]) == [4, 5]
    table.remove(doc_ids=[5])
    assert table.insert_multiple([{"name": "Fay"}]) == [6]
    # another program added a document: the bulk insert goes past it
    db.storage.write({**db.storage.read(), "contacts": {**db.storage.read()["contacts"], "9": {}}})
    db.storage.invalidate()
    assert table.insert_multiple([{"name": "Gil"}]) == [10]
    db.close()


def test_ids_continue_from_the_files_own_meta_document(tmp_path):
    import orjson

    path = tmp_path / "followup.json"
    contacts = {str(i): {"name": n} for i, n in enumerate(("Ann", "Bob", "Cy"), start=1)}
    meta = {
        "2": {"last_ids": {"contacts": 50}},  # another document in the meta table, first
        "1": {"schema_version": 1, "last_ids": {"contacts": 5}},  # 4 and 5 were deleted
    }
    path.write_bytes(orjson.dumps({"contacts": contacts, "meta": meta}))
    store = Store.open(path)
    assert store.add_contact(Contact(name="Dee")).id == 6
    assert orjson.loads(path.read_bytes())["meta"]["1"]["last_ids"] == {"contacts": 6}
    store.close()


def test_restoring_an_old_id_does_not_free_the_ids_deleted_after_it(db_path, frozen_clock):
    store = Store.open(db_path, clock=frozen_clock)
    for name in ("Ann", "Bob", "Cy"):
        store.add_contact(Contact(name=name))
    store.delete_contact(3)
    store.delete_contact(2)
    store.insert_with_id("contacts", 2, Contact(name="Bob").to_doc())  # undo of Bob's delete
    assert store.add_contact(Contact(name="Dee")).id == 4  # 3 was Cy's: never handed out again
    store.close()


@pytest.mark.parametrize("junk", ["50", 2.5, True, None, [7]])
def test_a_last_id_that_is_not_a_number_is_ignored(tmp_path, junk):
    import orjson

    path = tmp_path / "followup.json"
    meta = {"1": {"schema_version": 1, "last_ids": {"contacts": junk}}}
    path.write_bytes(orjson.dumps({"meta": meta}))
    store = Store.open(path)
    assert store.add_contact(Contact(name="Ann")).id == 1
    assert store.add_contact(Contact(name="Bob")).id == 2
    assert orjson.loads(path.read_bytes())["meta"]["1"]["last_ids"] == {"contacts": 2}
    store.close()


def test_an_id_written_meanwhile_by_another_path_is_skipped(tmp_path):
    """The table's next id counts from what it handed out; a document written under that id
    by another path in the same reading (no reload) is never overwritten."""
    from tinydb import TinyDB

    from followup_tui.storage.jsonstorage import AtomicJSONStorage
    from followup_tui.storage.store import FastTable

    class DB(TinyDB):
        table_class = FastTable

    db = DB(tmp_path / "followup.json", storage=AtomicJSONStorage)
    table = db.table("contacts")
    assert [table.insert({"name": n}) for n in ("Ann", "Bob", "Cy")] == [1, 2, 3]
    tables = db.storage.read()
    db.storage.write({**tables, "contacts": {**tables["contacts"], "4": {"name": "Dee"}}})
    assert table.insert({"name": "Eve"}) == 5
    assert {k: v["name"] for k, v in db.storage.read()["contacts"].items()} == {
        "1": "Ann",
        "2": "Bob",
        "3": "Cy",
        "4": "Dee",
        "5": "Eve",
    }
    db.close()
