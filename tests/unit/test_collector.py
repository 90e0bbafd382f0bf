"""The garbage collector's full passes run between keys, never in the middle of one."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from followup_tui.ui.collector import (
    FORCE_AFTER,
    IDLE_S,
    MIDDLE_THRESHOLD,
    NEVER,
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
