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
