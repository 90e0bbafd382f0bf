"""Edges of followup-tui's own JSON: records kept aside exported in their id's place, the
reason of a record skipped when its value holds ": ", the problems of the settings read, and
the ``meta`` of a data file (its schema version checked, odd ``meta`` tables read through)."""

from __future__ import annotations

import orjson
import pytest

from followup_tui.domain.snapshot import Snapshot
from followup_tui.io.jsonfmt import dump_snapshot, load_export
from followup_tui.io.readers import ImportFileError

AT = "2026-11-20T14:00:00+00:00"


def load(data: dict[str, object]):
    return load_export(orjson.dumps(data).decode())


def exported(tables: dict[str, object]) -> dict[str, object]:
    return orjson.loads(dump_snapshot(Snapshot.from_tables(tables)))


def test_an_attempt_kept_aside_is_exported_between_the_ids_around_it():
    data = exported(
        {
            "contacts": {"1": {"name": "Ann"}},
            "attempts": {
                "1": {"contact_id": 1, "at": AT},
                "2": {"contact_id": 1, "at": "soon"},
                "3": {"contact_id": 1, "at": AT},
                "x": {"contact_id": 1, "at": AT},
            },
        }
    )
    attempts = data["attempts"]
    # Under a plain id: in its place; under a key that is not an id: after every id.
    assert [a["id"] for a in attempts] == [1, 2, 3, "x"]
    assert attempts[1] == {"contact_id": 1, "at": "soon", "id": 2}


def test_a_contact_that_is_not_an_object_is_exported_in_its_ids_place():
    data = exported(
        {"contacts": {"1": {"name": "Ann"}, "2": "junk", "3": {"name": "Cy"}, "x": {"name": "Di"}}}
    )
    contacts = data["contacts"]
    assert [c["id"] for c in contacts] == [1, "2", 3, "x"]
    assert contacts[1] == {"id": "2", "value": "junk"}
    assert contacts[3] == {"id": "x", "name": "Di"}


def test_a_skipped_record_whose_value_holds_a_colon_keeps_the_whole_value_in_its_reason():
    out = load(
        {
            "contacts": [{"id": 1, "name": "Ann"}],
            "attempts": [{"id": 3, "contact_id": 1, "at": "soon: today"}],
        }
    )
    assert out.attempts == []
    assert out.skipped == [("attempts #3", 'at "soon: today" is not a date-time (ISO 8601)')]


@pytest.mark.parametrize(
    "settings", [{"timezone": 5}, {"1": {"timezone": 5}}], ids=["export", "data file"]
)
def test_a_settings_value_that_is_ignored_is_reported(settings: dict[str, object]):
    out = load({"contacts": [], "settings": settings})
    assert out.settings is not None and out.settings.timezone is None
    assert [str(p) for p in out.problems] == ["settings: timezone 5 is not text, ignored"]


@pytest.mark.parametrize(
    "meta",
    [
        {},
        [1],
        {"1": 5},
        {"1": "schema_version"},
        {"1": {}},
        {"1": {"last_ids": {"contacts": 3}}},
    ],
    ids=["empty", "a list", "a number", "a text", "an empty doc", "no schema version"],
)
def test_a_meta_without_a_schema_version_is_no_reason_to_refuse_the_file(meta: object):
    out = load({"contacts": {"1": {"name": "Ann"}}, "meta": meta})
    assert [(c.name, c.id) for c in out.contacts] == [("Ann", 1)]


@pytest.mark.parametrize(
    "meta",
    [
        {"1": {"schema_version": 2}},
        # The document under "1" is the one read, whatever comes before it.
        {"0": {}, "1": {"schema_version": 2}},
        # Without "1", the first document.
        {"2": {"schema_version": 2}},
    ],
    ids=["under 1", "after another", "without 1"],
)
def test_a_data_file_of_a_newer_schema_is_refused_with_what_to_do(meta: object):
    with pytest.raises(ImportFileError) as info:
        load({"contacts": {}, "meta": meta})
    assert str(info.value) == (
        "a data file of a newer followup-tui (schema 2); update followup-tui to import it"
    )


@pytest.mark.parametrize(
    ("version", "shown"),
    [(0, "0"), (-1, "-1"), ("1", '"1"'), (1.0, "1.0"), (True, "true"), (None, "null")],
)
def test_a_schema_version_that_is_not_one_is_refused_and_shown(version: object, shown: str):
    with pytest.raises(ImportFileError) as info:
        load({"contacts": {}, "meta": {"1": {"schema_version": version}}})
    assert str(info.value) == f"meta.schema_version {shown} is not one followup-tui knows"


def test_the_current_schema_version_is_imported():
    out = load({"contacts": {"1": {"name": "Ann"}}, "meta": {"1": {"schema_version": 1}}})
    assert [c.name for c in out.contacts] == ["Ann"]
