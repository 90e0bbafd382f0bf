"""The garbage collector's full passes run between keys, never in the middle of one."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from followup_tui.ui.collector import (
    FORCE_AFTER,
    FORCE_AFTER_KEYS,
    IDLE_S,
    MIDDLE_THRESHOLD,
    NEVER,
    YOUNG_AFTER_S,
    YOUNG_THRESHOLD,
    QuietCollector,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def quiet(clock: Clock) -> Iterator[QuietCollector]:
    saved = gc.get_threshold()
    collector = QuietCollector(clock)
    collector.start()
    yield collector
    collector.stop()
    assert gc.get_threshold() == saved


def _grow_oldest() -> None:
    """A middle-generation pass: what moves survivors into the oldest generation."""
    gc.collect(1)
    assert gc.get_count()[2] > 0


def test_start_stops_automatic_full_passes_and_stop_puts_the_thresholds_back() -> None:
    saved = gc.get_threshold()
    collector = QuietCollector()
    collector.start()
    try:
        assert gc.get_threshold() == (YOUNG_THRESHOLD, MIDDLE_THRESHOLD, NEVER)
        assert collector.running
        collector.start()  # twice: the interpreter's own thresholds are still the ones kept
    finally:
        collector.stop()
    assert gc.get_threshold() == saved
    assert not collector.running
    collector.stop()  # twice: harmless
    assert gc.get_threshold() == saved


def test_no_full_pass_while_keys_arrive(quiet: QuietCollector, clock: Clock) -> None:
    _grow_oldest()
    quiet.input_seen()
    clock.now += IDLE_S - 0.01
    assert quiet.tick() is False
    assert gc.get_count()[2] > 0
    assert quiet.full_collections == 0


def test_a_pause_after_the_last_key_runs_one_full_pass(quiet: QuietCollector, clock: Clock) -> None:
    _grow_oldest()
    quiet.input_seen()
    clock.now += IDLE_S
    assert quiet.tick() is True
    assert gc.get_count()[2] == 0  # the oldest generation was collected
    assert quiet.full_collections == 1
    clock.now += 60
    assert quiet.tick() is False  # nothing grew since: nothing to do
    assert quiet.full_collections == 1


def test_a_cycle_left_by_a_closed_screen_is_freed_at_the_pause(
    quiet: QuietCollector, clock: Clock
) -> None:
    class Node:
        pass

    a, b = Node(), Node()
    a.other, b.other = b, a  # type: ignore[attr-defined]
    gc.collect(1)
    gc.collect(1)  # both survived into the oldest generation, as a form's widgets do
    assert gc.is_tracked(a) and gc.get_count()[2] > 0
    import weakref

    gone = weakref.ref(a)
    del a, b
    assert gone() is not None  # a cycle: reference counting alone never frees it
    clock.now += IDLE_S
    assert quiet.tick()
    assert gone() is None


def test_without_any_pause_memory_stays_bounded(quiet: QuietCollector, clock: Clock) -> None:
    gc.collect()
    for _ in range(FORCE_AFTER - 1):
        gc.collect(1)
        quiet.input_seen()
        clock.now += IDLE_S / 2
        assert quiet.tick() is False
    gc.collect(1)
    quiet.input_seen()  # a key right now, still: the pass runs
    assert quiet.tick() is True
    assert gc.get_count()[2] == 0


def test_nothing_runs_while_collection_is_paused_on_purpose(
    quiet: QuietCollector, clock: Clock
) -> None:
    _grow_oldest()
    clock.now += IDLE_S * 10
    gc.disable()  # the data worker reading the whole file (``snapshot.gc_paused``)
    try:
        assert quiet.tick() is False
    finally:
        gc.enable()
    assert quiet.tick() is True


def test_a_stopped_collector_never_collects(clock: Clock) -> None:
    collector = QuietCollector(clock)
    _grow_oldest()
    clock.now += IDLE_S * 10
    assert collector.tick() is False
    assert collector.full_collections == 0
    assert gc.get_count()[2] > 0


#: A little over ``YOUNG_AFTER_S`` after a key (past any rounding of the clock).
LATER = YOUNG_AFTER_S + 0.001


class Node:
    pass


def _young_cycle() -> weakref.ref[Node]:
    """A cycle in the youngest generation, as a key's frame or a closed form leaves."""
    gc.collect()
    a, b = Node(), Node()
    a.other, b.other = b, a  # type: ignore[attr-defined]
    assert gc.get_count()[0] > 0
    return weakref.ref(a)


def test_what_a_key_left_is_collected_once_no_key_followed(
    quiet: QuietCollector, clock: Clock
) -> None:
    gone = _young_cycle()
    quiet.input_seen()
    clock.now += YOUNG_AFTER_S / 2
    assert quiet.after_key() is False  # another key came in time: its own call comes later
    assert gone() is not None
    clock.now += YOUNG_AFTER_S / 2 + 0.001
    assert quiet.after_key() is True
    assert gone() is None
    assert gc.get_count()[:2] == (0, 0)
    assert quiet.young_collections == 1
    assert quiet.full_collections == 0


def test_the_pass_after_a_key_leaves_the_oldest_generation_to_the_pause(
    quiet: QuietCollector, clock: Clock
) -> None:
    a, b = Node(), Node()
    a.other, b.other = b, a  # type: ignore[attr-defined]
    gc.collect(1)
    gc.collect(1)  # in the oldest generation, as a form's widgets that lived a while
    old = weakref.ref(a)
    del a, b
    gc.collect(0)
    quiet.input_seen()
    clock.now += LATER
    Node()  # something young, so the pass after the key runs
    _ = [Node() for _ in range(3)]
    assert quiet.after_key() is True
    assert old() is not None  # only the younger generations were collected
    assert quiet.tick() is False  # no pause yet
    clock.now += IDLE_S
    assert quiet.tick() is True
    assert old() is None


def test_passes_after_keys_alone_still_lead_to_a_full_pass_at_the_pause(
    quiet: QuietCollector, clock: Clock
) -> None:
    gc.collect()
    gone = _young_cycle()
    quiet.input_seen()
    clock.now += LATER
    assert quiet.after_key() is True
    assert gone() is None
    assert gc.get_count()[2] == 1  # what survived went to the oldest generation
    clock.now += IDLE_S
    assert quiet.tick() is True  # collected at the pause, so nothing piles up there
    assert gc.get_count()[2] == 0


def test_passes_after_keys_force_a_full_pass_only_after_thousands_of_keys(
    quiet: QuietCollector, clock: Clock
) -> None:
    gc.collect()
    for _ in range(FORCE_AFTER_KEYS - 1):
        quiet.input_seen()
        clock.now += LATER
        _ = [Node()]
        gc.collect(0)  # something young, each key (as a frame leaves)
        _ = Node()
        assert quiet.after_key() is True
        assert quiet.tick() is False  # typing on without a one-second pause
    quiet.input_seen()
    clock.now += LATER
    gc.collect(0)
    assert quiet.after_key() is True
    assert quiet.tick() is True  # memory stays bounded: the pass runs, keys or not
    assert quiet.full_collections == 1


def test_a_full_collection_by_someone_else_sets_the_count_of_passes_after_keys_back(
    quiet: QuietCollector, clock: Clock
) -> None:
    gc.collect()
    for _ in range(3):
        quiet.input_seen()
        clock.now += LATER
        gc.collect(0)
        assert quiet.after_key() is True
    gc.collect()  # the data worker, after reading the whole file
    for _ in range(FORCE_AFTER - 1):
        gc.collect(1)  # middle passes on their own: not forced yet
    quiet.input_seen()
    assert quiet.tick() is False
    gc.collect(1)
    assert quiet.tick() is True  # the three passes after keys were not subtracted again


def test_no_pass_after_a_key_while_collection_is_paused_or_stopped(clock: Clock) -> None:
    stopped = QuietCollector(clock)
    clock.now += LATER
    _ = [Node()]
    assert stopped.after_key() is False
    running = QuietCollector(clock)
    running.start()
    try:
        gc.disable()
        try:
            assert running.after_key() is False
        finally:
            gc.enable()
    finally:
        running.stop()
    assert running.young_collections == stopped.young_collections == 0
