"""When Python's cyclic garbage collector runs while the app is open: between keys, not in them.

At 100,000 attempts the records are moved out of the collector's way once read
(``gc.freeze``), but every form, notification and drawn frame leaves thousands of objects that
live long enough to reach the oldest generation. CPython then runs a full collection whenever
that generation has grown by a quarter, often in the middle of drawing the frame a key press
waits for: 30 to 200 ms at once on a loaded machine, which was most of the slow presses.

So, while the app runs, the oldest generation is never collected automatically; it is
collected when nobody has touched a key or the mouse for ``IDLE_S`` seconds (a few
milliseconds then, when nothing waits for it), or, if input never pauses, after
``FORCE_AFTER`` younger collections anyway, so memory stays bounded. The youngest generation
is collected after ``YOUNG_THRESHOLD`` allocations instead of 700: a frame allocates tens of
thousands of short-lived objects, and fewer, larger young collections cost less in all
(Python 3.13 raised the default for the same reason). Since what each key leaves is collected
just after it (below), the threshold is high enough (20,000) that a key's own frame seldom
reaches it. Reference counting frees everything that is not a cycle at once, as always.

The younger generations are also collected between keys: ``YOUNG_AFTER_S`` after a key (when
no other key followed), what the key left behind (a form opened, a frame drawn) is collected
at once. Otherwise it piled up until a middle-generation pass ran on its own, traversing all
of it in the middle of the next key's frame (20 to 30 ms at 100,000 attempts when a form was
open), while a pass right after each key traverses only what that key left.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

#: Allocations (less deallocations) between two collections of the youngest generation.
YOUNG_THRESHOLD = 20_000
#: Young collections between two collections of the middle generation (CPython's default).
MIDDLE_THRESHOLD = 10
#: The oldest generation's threshold while the app runs: never reached in practice.
NEVER = 1 << 30
#: Seconds without input after which the oldest generation is collected.
IDLE_S = 1.0
#: Middle-generation collections after which the oldest is collected even without a pause
#: (about ten million allocations: minutes of uninterrupted typing).
FORCE_AFTER = 200
#: Seconds after a key (with no other key since) at which the younger generations are collected.
YOUNG_AFTER_S = 0.05
#: Collections of the younger generations after keys after which the oldest is collected even
#: without a pause (each promotes what it keeps; thousands of keys without a one-second pause).
FORCE_AFTER_KEYS = 2000


class QuietCollector:
    """Collects the oldest generation between keys. ``start`` when the app starts, ``tick``
    from a timer, ``input_seen`` on every key and mouse event, ``stop`` when the app ends
    (the interpreter's thresholds are put back)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last_input = clock()
        self._saved: tuple[int, int, int] | None = None
        self._after_keys = 0
        """Middle-generation passes run by ``after_key`` since the last full one."""
        self.full_collections = 0
        """Full collections run by ``tick`` (for tests and the bench)."""
        self.young_collections = 0
        """Collections of the younger generations run by ``after_key`` (for tests)."""

    @property
    def running(self) -> bool:
        return self._saved is not None

    def start(self) -> None:
        if self._saved is None:
            self._saved = gc.get_threshold()
            gc.set_threshold(YOUNG_THRESHOLD, MIDDLE_THRESHOLD, NEVER)
            gc.callbacks.append(self._collected)

    def stop(self) -> None:
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None
            gc.callbacks.remove(self._collected)

    def _collected(self, phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info["generation"] == 2:
            self._after_keys = 0  # a full collection, ours or not (loading): none since

    def input_seen(self) -> None:
        self._last_input = self._clock()

    def after_key(self) -> bool:
        """Collect the younger generations if no input came for ``YOUNG_AFTER_S`` (called
        that long after each key) and they hold anything; True when a collection ran."""
        if self._saved is None or not gc.isenabled():
            return False
        if self._clock() - self._last_input < YOUNG_AFTER_S:
            return False  # another key followed: its own call comes later
        young, middle, _ = gc.get_count()
        if young == 0 and middle == 0:
            return False
        gc.collect(1)
        self._after_keys += 1
        self.young_collections += 1
        return True

    def tick(self) -> bool:
        """Collect the oldest generation if it grew and the user paused (or it grew a lot);
        True when a collection ran."""
        if self._saved is None or not gc.isenabled():
            return False  # paused on purpose (the data worker reading the whole file)
        grown = gc.get_count()[2]  # middle collections since the last full one
        if grown == 0:
            return False
        on_their_own = grown - self._after_keys
        if (
            on_their_own < FORCE_AFTER
            and self._after_keys < FORCE_AFTER_KEYS
            and self._clock() - self._last_input < IDLE_S
        ):
            return False
        gc.collect()
        self.full_collections += 1
        return True
