"""Measurements that need a fresh interpreter; each prints one JSON object on its last line.

python bench/probes.py load PATH     open, snapshot, parse, summaries, all-contacts grid, peak RSS
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


def main(argv: list[str]) -> int:
    kind, path = argv[0], argv[1]
    if kind == "load":
        result = probe_load(path)
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
