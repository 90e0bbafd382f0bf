"""followup-tui benchmarks (issue #5, "Fast at any size"): ``make bench``.

Generates two realistic data files (500 contacts / 10,000 attempts and 5,000 / 100,000) in a
temporary folder, then prints one line per figure: name, median value, target, MET / NOT MET
(or ``info`` for figures without a target). Baselines are measured in the same run, side by side.
Takes a few minutes on a 2-core machine.

    python bench/run.py [--quick] [--only NAME,...]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    PYTHON,
    Figure,
    median,
    ms,
    p95,
    run_probe,
    time_once,
    wall_of,
)
from bench.generate import generate_file  # noqa: E402

TINY = (50, 1_000)
SMALL = (500, 10_000)
LARGE = (5_000, 100_000)


def _unique_name(path: Path) -> str:
    """A contact name that occurs once in the file (``followup-tui log NAME`` finds it)."""
    import orjson

    tables = orjson.loads(path.read_bytes())
    names: dict[str, int] = {}
    for doc in tables["contacts"].values():
        names[doc["name"]] = names.get(doc["name"], 0) + 1
    return next(n for n, k in names.items() if k == 1)


class Bench:
    def __init__(self, folder: Path, quick: bool) -> None:
        self.folder = folder
        self.quick = quick
        self.figures: list[Figure] = []
        self.small = folder / "small.json"
        self.large = folder / "large.json"
        self.empty = folder / "empty.json"
        self.tiny = folder / "tiny.json"
        self.one = folder / "one.json"

    @property
    def bytecode(self) -> dict[str, str]:
        """Environment of every timed process: bytecode cached in the bench's own folder.

        As an installed followup-tui has it: the libraries ship theirs, and an install
        compiles ours. This environment may set PYTHONDONTWRITEBYTECODE (then every run
        would compile our modules again), so the timed processes run without it, caching
        bytecode under the bench's temporary folder (never in the repository); a warm-up run
        of each fills it."""
        return {"PYTHONPYCACHEPREFIX": str(self.folder / "pycache")}

    def runs(self, normal: int) -> int:
        return max(3, normal // 2) if self.quick else normal

    def emit(self, figure: Figure) -> None:
        self.figures.append(figure)
        print(figure.line(), flush=True)

    def copy(self, source: Path, name: str) -> Path:
        target = self.folder / name
        shutil.copyfile(source, target)
        os.chmod(target, 0o600)
        return target

    # -- data ------------------------------------------------------------------------------

    def prepare(self) -> None:
        generate_file(self.small, *SMALL)
        generate_file(self.large, *LARGE)
        generate_file(self.tiny, *TINY)
        from followup_tui.storage import Store

        Store.open(self.empty).close()  # the file a first start writes: meta only
        from followup_tui.domain.models import Contact

        store = Store.open(self.one)
        store.add_contact(Contact(name="Ann Lee", company="Acme", phones=("+12125550134",)))
        store.close()

    # -- logging one attempt ---------------------------------------------------------------

    def _attempt(self, contact_id: int):  # type: ignore[no-untyped-def]
        from followup_tui.domain.models import Attempt

        return Attempt(
            contact_id=contact_id,
            at=datetime.now(UTC).replace(microsecond=0),
            channel="phone",
            outcome="voicemail",
            caller_id="hidden",
            note="Left a message about the research role.",
        )

    def fig_log_attempt(self) -> None:
        from tinydb import TinyDB

        from followup_tui.storage import Store

        for label, source, runs, baseline_runs in (
            ("10k", self.small, self.runs(15), self.runs(5)),
            ("100k", self.large, self.runs(9), self.runs(5)),
        ):
            ours_path = self.copy(source, f"log-{label}.json")
            theirs_path = self.copy(source, f"log-{label}-tinydb.json")
            store = Store.open(ours_path)
            attempt = self._attempt(7)
            # The first change of the day also writes the daily backup: reported apart.
            first = time_once(lambda: store.add_attempt(attempt))  # noqa: B023
            ours: list[float] = []
            theirs: list[float] = []
            doc = attempt.to_doc()
            for i in range(runs):
                ours.append(time_once(lambda: store.add_attempt(attempt)))  # noqa: B023
                if i < baseline_runs:
                    theirs.append(
                        time_once(
                            lambda: TinyDB(theirs_path).table("attempts").insert(dict(doc))  # noqa: B023
                        )
                    )
            store.close()
            # Durable: a fresh reader finds every attempt just logged.
            check = Store.open(ours_path)
            logged = sum(1 for a in check.snapshot().attempts_for(7) if a.note == attempt.note)
            check.close()
            assert logged == runs + 1, (logged, runs)
            m_ours, m_theirs = median(ours), median(theirs)
            ratio = m_theirs / m_ours
            detail = (
                f"TinyDB JSONStorage {ms(m_theirs):.0f} ms, ratio {ratio:.1f}x; "
                f"first of the day (with backup) {ms(first):.0f} ms"
            )
            if label == "100k":
                self.emit(
                    Figure(
                        "log one attempt, durable @100k vs TinyDB",
                        f"{ratio:.1f}x",
                        ">= 5x faster",
                        ratio >= 5,
                        f"ours {ms(m_ours):.1f} ms; {detail}",
                    )
                )
            else:
                self.emit(
                    Figure(
                        "log one attempt, durable @10k",
                        f"{ms(m_ours):.1f} ms",
                        "< 15 ms",
                        ms(m_ours) < 15,
                        detail,
                    )
                )

    # -- loading and memory ----------------------------------------------------------------

    def fig_load(self) -> None:
        results = [
            run_probe("load", str(self.large), env=self.bytecode) for _ in range(self.runs(3))
        ]

        def med(key: str) -> float:
            return median([r[key] for r in results])

        phases = ("open", "snapshot", "parse", "summaries", "grid_all")
        detail = ", ".join(f"{p} {med(p + '_ms'):.0f}" for p in phases)
        self.emit(
            Figure(
                "load whole file @100k (worker thread)",
                f"{med('total_ms'):.0f} ms",
                detail=f"ms: imports {med('imports_ms'):.0f}, {detail}",
            )
        )
        peak = max(r["rss_mb"] for r in results)
        self.emit(
            Figure(
                "peak memory: store+snapshot+summaries+grid @100k",
                f"{peak:.0f} MB",
                "< 300 MB",
                peak < 300,
                "VmHWM of a fresh process, worst of the runs",
            )
        )

    # -- reachability ----------------------------------------------------------------------

    def fig_grid(self) -> None:
        import orjson

        from followup_tui.analytics.reachability import add_attempt, bin_attempts, grid_for_all
        from followup_tui.domain.snapshot import Snapshot

        tables = orjson.loads(self.large.read_bytes())
        zone = "America/New_York"
        counts: dict[int, int] = {}
        for doc in tables["attempts"].values():
            counts[doc["contact_id"]] = counts.get(doc["contact_id"], 0) + 1
        busiest = max(counts, key=counts.__getitem__)
        one = {
            "contacts": {str(busiest): tables["contacts"][str(busiest)]},
            "attempts": {k: d for k, d in tables["attempts"].items() if d["contact_id"] == busiest},
        }
        contact_zone = one["contacts"][str(busiest)].get("timezone") or zone

        def grid_one() -> None:  # cold: the contact's attempts are parsed first
            snap = Snapshot.from_tables(one)
            bin_attempts(snap.attempts_for(busiest), contact_zone)

        times = [time_once(grid_one) for _ in range(self.runs(21))]
        value = ms(median(times))
        self.emit(
            Figure(
                "reachability grid, one contact",
                f"{value:.2f} ms",
                "< 5 ms",
                value < 5,
                f"busiest contact ({counts[busiest]} attempts), parse included",
            )
        )

        snap = Snapshot.from_tables(tables)
        cold = time_once(lambda: grid_for_all(snap, zone))  # parses every attempt
        warm = [time_once(lambda: grid_for_all(snap, zone)) for _ in range(self.runs(7))]
        value = ms(median(warm))
        self.emit(
            Figure(
                "reachability grid, all contacts @100k",
                f"{value:.0f} ms",
                "< 150 ms",
                value < 150,
                f"attempts already parsed (as after load); with parsing {ms(cold):.0f} ms",
            )
        )
        grid = grid_for_all(snap, zone)
        attempt = self._attempt(busiest)
        n = 2000
        start = time.perf_counter()
        for _ in range(n):
            add_attempt(grid, attempt, contact_zone)
        each = (time.perf_counter() - start) / n
        self.emit(
            Figure(
                "reachability grid, add one attempt",
                f"{each * 1e6:.1f} us",
                detail=f"incremental; vs full rebuild {value:.0f} ms",
            )
        )

    # -- command line ----------------------------------------------------------------------

    def fig_cli(self) -> None:
        cli = [PYTHON, "-c", "from followup_tui.__main__ import run; run()"]
        baseline = [PYTHON, "-c", "import tinydb, orjson, pendulum"]
        env = self.bytecode  # and one warm-up run of each command below
        unset = ("PYTHONDONTWRITEBYTECODE",)

        def wall(cmd: list[str]) -> float:
            return wall_of(cmd, env=env, unset=unset)

        # What no planning can avoid: the modules ``due`` loads, and reading the file.
        floor_code = (
            "import followup_tui.__main__, followup_tui.cli, followup_tui.analytics.today; "
            "from followup_tui.storage.datafile import read_tables; import gc, sys, pathlib; "
            "gc.disable(); read_tables(pathlib.Path(sys.argv[1]))"
        )
        growth: dict[str, dict[str, float]] = {"due": {}, "log": {}}
        base_at: dict[str, float] = {}
        for label, source, runs in (
            ("1k", self.tiny, self.runs(7)),
            ("10k", self.small, self.runs(11)),
            ("100k", self.large, self.runs(5)),
        ):
            name = _unique_name(source)
            log_db = self.copy(source, f"cli-log-{label}.json")
            due = [*cli, "--db", str(source), "due"]
            log = [*cli, "--db", str(log_db), "log", name, "--outcome", "voicemail"]
            log += ["--note", "bench"]
            wall(log)  # the first change of the day writes the daily backup: not timed
            floor = [PYTHON, "-c", floor_code, str(source)]
            commands = {"base": baseline, "due": due, "log": log}
            if label == "10k":
                commands["floor"] = floor
            for cmd in commands.values():  # warm the page cache and the bytecode cache
                wall(cmd)
            times: dict[str, list[float]] = {key: [] for key in commands}
            for _ in range(runs):
                for key, cmd in commands.items():
                    times[key].append(wall(cmd))
            base = median(times["base"])
            base_at[label] = base
            for command in ("due", "log"):
                growth[command][label] = median(times[command])
            if label != "10k":
                continue
            for command in ("due", "log"):
                value = growth[command][label]
                ratio = value / base
                self.emit(
                    Figure(
                        f"followup-tui {command} @10k vs importing tinydb+orjson+pendulum",
                        f"{ratio:.2f}x",
                        "<= 1.4x",
                        ratio <= 1.4,
                        f"{ms(value):.0f} ms vs {ms(base):.0f} ms (fresh processes, "
                        "alternating; bytecode cached in the bench folder after a warm-up run)",
                    )
                )
            floor_ms = median(times["floor"])
            left = 1.4 * base - floor_ms
            self.emit(
                Figure(
                    "floor of due @10k: its imports + reading the file",
                    f"{floor_ms / base:.2f}x",
                    detail=f"{ms(floor_ms):.0f} ms, no planning; leaves {ms(left):.0f} ms "
                    f"under 1.4x for the rest of due (the 500 contacts, the marks of the "
                    "attempts, the rules and a call window per contact due)",
                )
            )
        phases = {
            label: run_probe("cli", str(source), env=env)
            for label, source in (("1k", self.tiny), ("10k", self.small), ("100k", self.large))
        }
        for command, parts in (
            ("due", ("imports", "read", "plan", "print")),
            ("log", ("log_read", "log_write")),
        ):
            sizes = " · ".join(
                f"{label} {ms(growth[command][label]):.0f} ms "
                f"({growth[command][label] / base_at[label]:.2f}x)"
                for label in ("1k", "10k", "100k")
            )
            split = "; ".join(
                f"{label}: "
                + ", ".join(
                    f"{p.removeprefix('log_')} {phases[label][p + '_ms']:.0f}" for p in parts
                )
                for label in ("1k", "10k", "100k")
            )
            self.emit(
                Figure(
                    f"growth: followup-tui {command} at 1k/10k/100k attempts",
                    f"{ms(growth[command]['100k']):.0f} ms",
                    detail=f"{sizes}; in-process ms {split}",
                )
            )

    # -- the app ---------------------------------------------------------------------------

    def fig_startup(self) -> None:
        from bench.minimal_app import MARKER
        from bench.startup import time_to_marker

        minimal_argv = [PYTHON, str(Path(__file__).resolve().parent / "minimal_app.py")]

        env = self.bytecode

        def minimal() -> float:
            return time_to_marker(None, MARKER, argv=minimal_argv, env=env)[0]

        def first_frame() -> float:
            return time_to_marker(self.one, "1 contact", env=env)[0]

        minimal()  # warm the bytecode and page caches
        first_frame()
        floor: list[float] = []
        ours: list[float] = []
        for _ in range(self.runs(7)):
            floor.append(minimal())
            ours.append(first_frame())
        m_floor, m_ours = median(floor), median(ours)
        ratio = m_ours / m_floor
        self.emit(
            Figure(
                "first frame, one contact, vs a minimal Textual app",
                f"{ratio:.2f}x",
                "<= 1.3x",
                ratio <= 1.3,
                f"{ms(m_ours):.0f} ms vs {ms(m_floor):.0f} ms for a Static in an App (pty, "
                "fresh processes, alternating)",
            )
        )

        contacts = LARGE[0]
        empty: list[float] = []
        large: list[float] = []
        peaks: list[float] = []
        time_to_marker(self.empty, "Welcome to followup-tui", env=env)  # warm the caches
        for _ in range(self.runs(5)):
            empty.append(time_to_marker(self.empty, "Welcome to followup-tui", env=env)[0])
            seconds, peak = time_to_marker(self.large, f"{contacts} contacts", settle=1.0, env=env)
            large.append(seconds)
            if peak is not None:
                peaks.append(peak)
        m_empty, m_large = median(empty), median(large)
        ratio = m_large / m_empty
        self.emit(
            Figure(
                "start-up to contacts listed @100k vs empty file",
                f"{ratio:.2f}x",
                "<= 1.5x",
                ratio <= 1.5,
                f"{ms(m_large):.0f} ms vs {ms(m_empty):.0f} ms (pty, fresh processes, alternating)",
            )
        )
        if peaks:
            peak = max(peaks)
            self.emit(
                Figure(
                    "peak memory of the app @100k",
                    f"{peak:.0f} MB",
                    "< 300 MB",
                    peak < 300,
                    "VmHWM of the app process 1 s after the list showed, worst run",
                )
            )
        sizes = (("1k", self.tiny, TINY[0]), ("10k", self.small, SMALL[0]))
        at = {
            label: median(
                [time_to_marker(db, f"{n} contacts", env=env)[0] for _ in range(self.runs(3))]
            )
            for label, db, n in sizes
        }
        at["100k"] = m_large
        self.emit(
            Figure(
                "growth: start-up to contacts listed at 1k/10k/100k",
                f"{ms(m_large):.0f} ms",
                detail=" · ".join(f"{label} {ms(v):.0f} ms" for label, v in at.items())
                + f"; empty file {ms(m_empty):.0f} ms; the attempts are read after the "
                "contacts are listed (the data thread), so start-up grows with the contacts",
            )
        )

    def fig_ui(self) -> None:
        ui_db = self.copy(self.large, "ui.json")
        runs = self.runs(20)
        result = run_probe("ui", str(ui_db), str(runs), str(runs), timeout=600, env=self.bytecode)
        contact = f"contact with {result['attempts_of_contact']} attempts"
        keys = (
            ("log (form ctrl+s) -> attempt on timeline", "log_to_timeline_ms", contact),
            ("undo (u) -> attempt gone from timeline", "undo_ms", contact),
            ("down -> next contact's timeline", "move_ms", "the highlighted contact's panes"),
            (
                f"filter keystroke -> list @{result['contacts']} contacts",
                "filter_keystroke_ms",
                "typing and deleting a name",
            ),
            (
                "call session: outcome -> next contact",
                "session_outcome_ms",
                "no answer; the save runs on the data thread",
            ),
        )
        for name, key, what in keys:
            values = result.get(key) or []
            if not values:
                self.emit(Figure(f"{name} @100k", "-", "p95 < 33 ms", False, "not measured"))
                continue
            value = p95(values)
            self.emit(
                Figure(
                    f"{name} @100k",
                    f"{value:.0f} ms",
                    "p95 < 33 ms",
                    value < 33,
                    f"p95 of {len(values)} keys; median {median(values):.0f} ms, "
                    f"max {max(values):.0f} ms; {what}",
                )
            )
        if result.get("log_direct_ms"):
            direct = result["log_direct_ms"]
            self.emit(
                Figure(
                    "log without the form -> timeline @100k",
                    f"{median(direct):.0f} ms",
                    detail=f"p95 {p95(direct):.0f} ms; as a call-session outcome key would",
                )
            )
        logs = result["log_to_timeline_ms"]
        off_thread = result["grid_off_ui_thread"]
        logged = result.get("phone_attempts_logged", len(logs))
        incremental = result["grid_rebuilt_on_log"] == 0 and result["grid_total_change"] == logged
        self.emit(
            Figure(
                "all-contacts grid off the UI thread, incremental",
                "yes" if off_thread and incremental else "no",
                "yes",
                off_thread and incremental,
                f"built on the data thread: {off_thread}; full rebuilds while logging: "
                f"{result['grid_rebuilt_on_log']}; cells grew by {result['grid_total_change']} "
                f"for {logged} phone attempts",
            )
        )
        self.emit(
            Figure(
                "first rows in run_test @100k (in-process)",
                f"{result['first_rows_ms']:.0f} ms",
                detail=f"app process peak {result['rss_mb']:.0f} MB after logging and filtering",
            )
        )

    # -- insights ---------------------------------------------------------------------------

    def fig_insights(self) -> None:
        import threading

        from followup_tui.analytics.insights import compute_insights
        from followup_tui.storage import Store

        store = Store.open(self.large)
        snap = store.snapshot()
        store.close()
        zone = "America/New_York"
        now = datetime.now(UTC)
        parse = time_once(snap.parse_all)  # the app has parsed them all once loaded
        times: list[float] = []

        def off_thread() -> None:
            # As the screen runs it: in a thread, not on the thread that draws.
            worker = threading.Thread(
                target=lambda: times.append(time_once(lambda: compute_insights(snap, zone, now)))
            )
            worker.start()
            worker.join()

        for _ in range(self.runs(9)):
            off_thread()
        value = ms(median(times))
        self.emit(
            Figure(
                "insights computed @100k attempts",
                f"{value:.0f} ms",
                "< 300 ms",
                value < 300,
                f"in a thread, attempts already parsed (as after load; parsing {ms(parse):.0f} "
                f"ms); first run {ms(times[0]):.0f} ms, max {ms(max(times)):.0f} ms",
            )
        )
        ui_db = self.copy(self.large, "insights.json")
        result = run_probe(
            "insights", str(ui_db), str(self.runs(7)), timeout=300, env=self.bytecode
        )
        drawn = result["g_to_chart_ms"]
        value = median(drawn)
        self.emit(
            Figure(
                "g -> first chart on screen @100k",
                f"{value:.0f} ms",
                "< 500 ms",
                value < 500 and result["computed_off_ui_thread"],
                f"max {max(drawn):.0f} ms; the screen with its placeholders after "
                f"{median(result['g_to_screen_ms']):.0f} ms; computed off the UI thread: "
                f"{result['computed_off_ui_thread']} ({median(result['compute_ms']):.0f} ms "
                "there); 200x60",
            )
        )

    # -- the whole run ---------------------------------------------------------------------

    def fig_newcomer(self) -> None:
        import asyncio

        from bench.newcomer import TARGET_KEYS, first_call

        walk, _ = asyncio.run(first_call(self.folder / "newcomer.json"))
        self.emit(
            Figure(
                "newcomer: empty file -> contact added and a call logged",
                f"{walk.key_count} keys",
                f"<= {TARGET_KEYS} keys + typed text",
                walk.key_count <= TARGET_KEYS,
                f"{' '.join(walk.keys)} + {len(walk.typed)} typed characters; only keys the "
                "footer, the help or a form's hint show",
            )
        )

    def all(self) -> list[tuple[str, Callable[[], None]]]:
        return [
            ("newcomer", self.fig_newcomer),
            ("log", self.fig_log_attempt),
            ("load", self.fig_load),
            ("grid", self.fig_grid),
            ("cli", self.fig_cli),
            ("startup", self.fig_startup),
            ("ui", self.fig_ui),
            ("insights", self.fig_insights),
        ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="followup-tui benchmarks")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--only", default="", help="comma-separated figure groups")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="followup-bench-"))
    bench = Bench(folder, args.quick)
    started = time.perf_counter()
    print(
        f"followup-tui bench: Python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"{platform.machine()}; medians of repeated runs; data in {folder}",
        flush=True,
    )
    try:
        bench.prepare()
        wanted = {w for w in args.only.split(",") if w}
        failed = 0
        for name, fn in bench.all():
            if wanted and name not in wanted:
                continue
            try:
                fn()
            except Exception as exc:  # noqa: BLE001 - report and go on with the others
                failed += 1
                bench.emit(Figure(f"{name}: could not measure", "-", met=False, detail=repr(exc)))
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    met = sum(1 for f in bench.figures if f.met)
    targets = sum(1 for f in bench.figures if f.met is not None)
    print(
        f"{met} of {targets} targets met in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    return 0 if met == targets and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
