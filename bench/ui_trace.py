"""Where the slow key presses of the UI probe spend their time.

python bench/ui_trace.py PATH [KEYS] [LOGS] [--over MS] [--sample]

Runs ``bench/ui_probe.py`` on PATH with the app instrumented: each timed press is recorded
with the CPU time of every thread (``pthread_getcpuclockid``), the garbage collections
(``gc.callbacks``), the data worker's jobs, every message handler and screen update that took
over a millisecond, and a sampling of the UI thread's stack. Presses slower than ``--over``
milliseconds (33) are printed event by event, relative to the press.
"""

from __future__ import annotations

import asyncio
import collections
import gc
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import ui_probe  # noqa: E402

Event = tuple[float, float, str]  # start, end (perf_counter seconds), what


class Recorder:
    def __init__(self) -> None:
        self.events: list[Event] = []
        self.samples: list[tuple[float, str]] = []
        self.presses: list[dict[str, Any]] = []
        self.label = ""
        self._gc_started = 0.0
        self._gc_cpu = 0.0
        self._stop = threading.Event()
        self.main_ident = threading.main_thread().ident

    # -- per-thread CPU ------------------------------------------------------------------

    @staticmethod
    def cpu() -> dict[str, float]:
        out: dict[str, float] = {}
        for thread in threading.enumerate():
            if thread.ident is None:
                continue
            try:
                clock = time.pthread_getcpuclockid(thread.ident)
                out[thread.name] = time.clock_gettime(clock)
            except (OSError, AttributeError):
                continue
        return out

    # -- gc --------------------------------------------------------------------------------

    def on_gc(self, phase: str, info: dict[str, int]) -> None:
        now = time.perf_counter()
        if phase == "start":
            self._gc_started = now
            self._gc_cpu = time.thread_time()
        else:
            cpu = (time.thread_time() - self._gc_cpu) * 1e3
            thread = threading.current_thread().name[:12]
            what = (
                f"gc gen{info['generation']} collected {info['collected']} cpu {cpu:.1f} ({thread})"
            )
            if info["generation"] or now - self._gc_started > 0.001:
                self.events.append((self._gc_started, now, what))

    # -- stack sampling --------------------------------------------------------------------

    def sample_forever(self, interval: float = 0.001) -> None:
        frames_of = sys._current_frames
        while not self._stop.is_set():
            frame = frames_of().get(self.main_ident or 0)
            if frame is not None:
                names = []
                f = frame
                while f is not None and len(names) < 40:
                    code = f.f_code
                    names.append(f"{Path(code.co_filename).stem}.{code.co_name}:{f.f_lineno}")
                    f = f.f_back
                self.samples.append((time.perf_counter(), " < ".join(names)))
            time.sleep(interval)

    def stop(self) -> None:
        self._stop.set()


def instrument(rec: Recorder) -> None:
    from textual.app import App
    from textual.message_pump import MessagePump
    from textual.screen import Screen

    import followup_tui.ui.data as data_module

    dispatch = MessagePump._dispatch_message

    async def timed_dispatch(self: MessagePump, message: Any) -> None:
        t0 = time.perf_counter()
        try:
            await dispatch(self, message)
        finally:
            t1 = time.perf_counter()
            if t1 - t0 > 0.001:
                rec.events.append((t0, t1, f"handle {type(message).__name__} on {self!r:.40}"))

    MessagePump._dispatch_message = timed_dispatch  # type: ignore[method-assign]

    def timed(owner: Any, name: str, label: str) -> None:
        real = getattr(owner, name)

        def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return real(self, *args, **kwargs)
            finally:
                t1 = time.perf_counter()
                if t1 - t0 > 0.001:
                    rec.events.append((t0, t1, label))

        setattr(owner, name, wrapper)

    timed(Screen, "_refresh_layout", "screen layout")
    timed(Screen, "_compositor_refresh", "screen compose+display")
    timed(App, "_display", "app display")

    guarded = data_module.DataService._guarded

    def timed_job(self: Any, fn: Any, *args: Any) -> None:
        t0 = time.perf_counter()
        try:
            guarded(self, fn, *args)
        finally:
            rec.events.append((t0, time.perf_counter(), f"worker {fn.__name__}"))

    data_module.DataService._guarded = timed_job  # type: ignore[method-assign]

    watch_time = ui_probe.FrameWatch.time

    async def timed_press(self: Any, pilot: Any, condition: Any, act: Any) -> float:
        before = rec.cpu()
        t0 = time.perf_counter()
        ms = await watch_time(self, pilot, condition, act)
        t1 = time.perf_counter()
        after = rec.cpu()
        cpu = {k: (after[k] - before.get(k, 0.0)) * 1e3 for k in after}
        rec.presses.append({"start": t0, "end": t1, "ms": ms, "cpu": cpu})
        return ms

    ui_probe.FrameWatch.time = timed_press  # type: ignore[method-assign]


def report(rec: Recorder, over: float) -> None:
    slow = [p for p in rec.presses if p["ms"] > over]
    print(f"{len(rec.presses)} presses, {len(slow)} over {over:.0f} ms")
    for i, press in enumerate(rec.presses):
        cpu = " ".join(f"{k[:14]}={v:.1f}" for k, v in press["cpu"].items() if v > 0.5)
        flag = " SLOW" if press["ms"] > over else ""
        print(f"#{i:3d} {press['ms']:7.1f} ms  cpu: {cpu}{flag}")
    for press in slow:
        t0, t1 = press["start"], press["end"]
        print(f"\n=== press {rec.presses.index(press)}: {press['ms']:.1f} ms ===")
        for start, end, what in sorted(rec.events):
            if end >= t0 - 0.05 and start <= t1:
                print(f"  {(start - t0) * 1e3:8.1f} .. {(end - t0) * 1e3:8.1f}  {what}")
        stacks = collections.Counter(
            " < ".join(s.split(" < ")[:6]) for at, s in rec.samples if t0 <= at <= t1
        )
        for stack, n in stacks.most_common(8):
            print(f"    {n:3d}x {stack}")


def main(argv: list[str]) -> int:
    over = 33.0
    if "--over" in argv:
        i = argv.index("--over")
        over = float(argv[i + 1])
        del argv[i : i + 2]
    path, rest = argv[0], argv[1:]
    if "--gc" in argv:
        i = argv.index("--gc")
        gc.set_threshold(*(int(x) for x in argv[i + 1].split(",")))
        del argv[i : i + 2]
        path, rest = argv[0], argv[1:]
    rec = Recorder()
    instrument(rec)
    gc.callbacks.append(rec.on_gc)
    if "--sample" in rest:
        rest.remove("--sample")
        threading.Thread(target=rec.sample_forever, name="sampler", daemon=True).start()
    result = asyncio.run(ui_probe.probe_ui(path, rest))
    rec.stop()
    from bench.common import median, p95

    at = 0
    for key, values in result.items():
        if isinstance(values, list) and values:
            line = " ".join(f"{v:.0f}" for v in values)
            ui_cpu = [p["cpu"].get("MainThread", 0.0) for p in rec.presses[at : at + len(values)]]
            at += len(values)
            print(
                f"{key:22} p95 {p95(values):5.0f} median {median(values):5.0f}  "
                f"UI CPU median {median(ui_cpu):5.1f} | {line}"
            )
    report(rec, over)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
