"""A save gives way to the key just pressed, and always goes on (``ui.data.KeysFirst``)."""

from __future__ import annotations

from pathlib import Path

import orjson

from followup_tui.domain.models import Contact
from followup_tui.storage import Store
from followup_tui.ui.data import KEY_FIRST_S, PIECE_WAIT_MAX_S, KeysFirst


class Time:
    """A clock that only moves when slept on."""

    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_without_a_key_a_piece_only_offers_the_interpreter() -> None:
    t = Time()
    keys = KeysFirst(t.clock, t.sleep)
    keys.between_pieces()
    assert t.slept == [0]


def test_after_a_key_the_save_waits_until_the_ui_had_its_time() -> None:
    t = Time()
    keys = KeysFirst(t.clock, t.sleep)
    keys.key_pressed()
    t.now += 0.01  # the save reaches a piece 10 ms after the key
    keys.between_pieces()
    waited = sum(t.slept)
    assert KEY_FIRST_S - 0.01 <= waited < KEY_FIRST_S - 0.01 + 0.003
    t.slept.clear()
    keys.between_pieces()  # the next piece: the key's time is over
    assert t.slept == [0]


def test_a_piece_never_waits_longer_than_its_limit_however_fast_the_keys() -> None:
    t = Time()
    keys = KeysFirst(t.clock, t.sleep)

    def sleep_while_typing(seconds: float) -> None:
        t.sleep(seconds)
        keys.key_pressed()  # a key arrives during every wait

    keys._sleep = sleep_while_typing
    keys.key_pressed()
    keys.between_pieces()
    assert PIECE_WAIT_MAX_S <= sum(t.slept) < PIECE_WAIT_MAX_S + 0.003


def test_the_data_worker_store_gives_way_between_the_pieces_of_its_saves(
    tmp_path: Path,
) -> None:
    """What the app's worker sets: every piece of a save goes through ``between_pieces``,
    and the file holds the whole change."""
    path = tmp_path / "f.json"
    store = Store.open(path)
    pieces: list[int] = []
    store.pause_between_pieces(lambda: pieces.append(1))
    try:
        with store.batch():
            for i in range(12_000):
                store.add_contact(Contact(name=f"C {i}"))
    finally:
        store.close()
    assert len(pieces) >= 3  # 12,000 contacts: three pieces of at most 5,000, and meta
    assert len(orjson.loads(path.read_bytes())["contacts"]) == 12_000
