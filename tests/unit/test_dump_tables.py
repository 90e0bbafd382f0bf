"""Saving serialises the tables in pieces (the UI thread runs between them) and writes exactly
the bytes one ``orjson.dumps`` would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup_tui.storage import jsonstorage
from followup_tui.storage.errors import SaveError
from followup_tui.storage.jsonstorage import AtomicJSONStorage, dump_tables

_json = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.floats(allow_nan=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)  # fmt: skip
_tables = st.dictionaries(
    st.text(max_size=12),
    st.dictionaries(st.integers(1, 10**6).map(str), _json, max_size=12),
    max_size=5,
)


@given(_tables, st.integers(1, 14))
def test_the_pieces_make_the_bytes_of_one_dump(tables: dict[str, Any], chunk: int) -> None:
    assert dump_tables(tables, chunk) == orjson.dumps(tables)


def test_a_large_table_is_written_in_pieces_with_other_threads_let_in(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    attempts = {str(i): {"contact_id": 1, "note": "n" * (i % 7)} for i in range(1, 23)}
    tables = {"meta": {"1": {"v": 1}}, "attempts": attempts, "contacts": {}}
    yields: list[int] = []
    monkeypatch.setattr(jsonstorage.time, "sleep", lambda s: yields.append(s))
    assert dump_tables(tables, 5) == orjson.dumps(tables)
    # 1 piece of meta, 5 of the 22 attempts, none for the empty contacts: a yield after each.
    assert yields == [0] * 6


def test_a_value_json_cannot_hold_fails_the_save_and_leaves_the_file(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    storage = AtomicJSONStorage(path)
    storage.write({"contacts": {"1": {"name": "Ann"}}})
    before = path.read_bytes()
    with pytest.raises(SaveError, match="could not serialise"):
        storage.write({"contacts": {"1": {"name": {1, 2}}}})
    assert path.read_bytes() == before


def test_what_runs_between_the_pieces_is_the_callers(tmp_path: Path) -> None:
    attempts = {str(i): {"contact_id": 1} for i in range(1, 12)}
    tables = {"attempts": attempts}
    calls: list[int] = []
    assert dump_tables(tables, 5, between=lambda: calls.append(1)) == orjson.dumps(tables)
    assert len(calls) == 3  # 5 + 5 + 1 attempts


def test_without_anything_between_the_pieces_the_tables_are_dumped_in_one_call(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    attempts = {str(i): {"contact_id": 1} for i in range(1, 12)}
    tables = {"attempts": attempts, "meta": {"1": {"v": 1}}}
    calls: list[object] = []
    real = jsonstorage.orjson.dumps
    monkeypatch.setattr(jsonstorage.orjson, "dumps", lambda d: calls.append(d) or real(d))
    assert dump_tables(tables, 5, between=None) == real(tables)
    assert calls == [tables]


def test_the_command_line_saves_in_one_piece(tmp_path: Path, monkeypatch) -> None:
    from followup_tui import cli

    store = cli._open_for_writing(str(tmp_path / "f.json"))
    try:
        assert store._storage.between_pieces is None
    finally:
        store.close()
