"""Measurements that need a fresh interpreter; each prints one JSON object on its last line.

python bench/probes.py load PATH     open, snapshot, parse, summaries, all-contacts grid, peak RSS
python bench/probes.py cli PATH      followup-tui due and log, phase by phase
python bench/probes.py ui PATH       the app headless: first rows, key -> timeline, filter
python bench/probes.py insights PATH  the app headless: g -> the first insights chart
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import peak_rss_mb  # noqa: E402


def probe_load(path: str) -> dict[str, float]:
    """What the app's data worker does on start-up, phase by phase, as one process sees it."""
    t0 = time.perf_counter()
    from followup_tui.analytics.reachability import grid_for_all
    from followup_tui.domain.clock import system_clock
    from followup_tui.domain.rules import summarize
    from followup_tui.storage import Store

    t1 = time.perf_counter()
    store = Store.open(path)
    t2 = time.perf_counter()
    snap = store.snapshot()
    t3 = time.perf_counter()
    snap.parse_all()
    t4 = time.perf_counter()
    now = system_clock()
    zone = "America/New_York"
    summaries = {
        cid: summarize(c, snap.attempts_for(cid), snap.settings, zone, now)
        for cid, c in snap.contacts.items()
    }
    t5 = time.perf_counter()
    grid = grid_for_all(snap, zone)
    t6 = time.perf_counter()
    assert grid.total_attempts > 0 and len(summaries) == len(snap.contacts)
    store.close()
    return {
        "imports_ms": (t1 - t0) * 1e3,
        "open_ms": (t2 - t1) * 1e3,
        "snapshot_ms": (t3 - t2) * 1e3,
        "parse_ms": (t4 - t3) * 1e3,
        "summaries_ms": (t5 - t4) * 1e3,
        "grid_all_ms": (t6 - t5) * 1e3,
        "total_ms": (t6 - t0) * 1e3,
        "rss_mb": peak_rss_mb(),
    }


def probe_cli(path: str) -> dict[str, float]:
    """Where ``followup-tui due`` spends its time, phase by phase, in one fresh process (the
    imports, reading the file, the day's lists with their call windows, the output); and
    ``log``'s read and durable write on a copy of the file."""
    import gc
    import io
    import shutil
    import tempfile
    from contextlib import redirect_stdout

    gc.disable()  # as the command runs (``__main__.run``: no collection passes in a brief one)
    t0 = time.perf_counter()
    from followup_tui import cli
    from followup_tui.analytics.today import plan_today

    t1 = time.perf_counter()
    snapshot = cli._read_snapshot(path)
    t2 = time.perf_counter()
    zone = cli._user_zone(snapshot)
    now = cli.clock()
    today = plan_today(snapshot, zone, now)
    t3 = time.perf_counter()
    with redirect_stdout(io.StringIO()):
        print("\n".join(cli._today_lines(today, now)))
    t4 = time.perf_counter()
    copy = Path(tempfile.mkdtemp(prefix="followup-bench-cli-")) / "log.json"
    shutil.copyfile(path, copy)
    from dataclasses import replace

    from followup_tui.domain.models import Attempt

    t5 = time.perf_counter()
    store = cli._open_for_writing(str(copy))
    snap = store.snapshot()
    contact_id = next(iter(snap.contacts))
    t6 = time.perf_counter()
    store.add_attempt(replace(Attempt(contact_id, now, "phone", "busy"), at=now))
    store.close()
    t7 = time.perf_counter()
    shutil.rmtree(copy.parent, ignore_errors=True)
    return {
        "imports_ms": (t1 - t0) * 1e3,
        "read_ms": (t2 - t1) * 1e3,
        "plan_ms": (t3 - t2) * 1e3,
        "print_ms": (t4 - t3) * 1e3,
        "log_read_ms": (t6 - t5) * 1e3,
        "log_write_ms": (t7 - t6) * 1e3,
    }


def main(argv: list[str]) -> int:
    kind, path = argv[0], argv[1]
    if kind == "load":
        result = probe_load(path)
    elif kind == "cli":
        result = probe_cli(path)
    elif kind == "ui":
        import asyncio

        from bench.ui_probe import probe_ui

        result = asyncio.run(probe_ui(path, argv[2:]))
    elif kind == "insights":
        import asyncio

        from bench.insights_probe import probe_insights

        result = asyncio.run(probe_insights(path, argv[2:]))
    else:
        raise SystemExit(f"unknown probe {kind!r}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
