"""Helpers shared by the benchmark runner and its probes: timing, medians, report lines."""

from __future__ import annotations

import json
import math
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def ms(seconds: float) -> float:
    return seconds * 1000.0


def median(values: list[float]) -> float:
    return statistics.median(values)


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank): with 20 values, the second largest."""
    ranked = sorted(values)
    return ranked[max(0, math.ceil(0.95 * len(ranked)) - 1)]


def time_once(fn: Callable[[], Any]) -> float:
    """Seconds one call of ``fn`` takes."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def time_runs(
    fn: Callable[[], Any], runs: int, *, setup: Callable[[], Any] | None = None
) -> list[float]:
    """Seconds of ``runs`` calls of ``fn`` (``setup`` runs before each, untimed)."""
    out = []
    for _ in range(runs):
        if setup is not None:
            setup()
        out.append(time_once(fn))
    return out


@dataclass
class Figure:
    """One line of the report."""

    name: str
    value: str
    target: str = ""
    met: bool | None = None
    """None: an informative figure without a target."""
    detail: str = ""

    def line(self) -> str:
        verdict = "info" if self.met is None else ("MET" if self.met else "NOT MET")
        target = f"target {self.target}" if self.target else ""
        text = f"{self.name:<46} {self.value:>12}  {target:<18} {verdict:<8}"
        if self.detail:
            text += f"  {self.detail}"
        return text.rstrip()


def peak_rss_mb() -> float:
    """Peak resident memory of this process's own image (VmHWM), MB.

    Not ``ru_maxrss``: Linux carries that over from the parent across fork and exec, so a
    probe started by a big bench process would report the bench's size.
    """
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_probe(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> dict[str, Any]:
    """Run ``bench/probes.py ARGS`` in a fresh interpreter; return the JSON it prints last."""
    full_env = dict(os.environ)
    if env:
        full_env.update(env)
        if "PYTHONPYCACHEPREFIX" in env:  # bytecode cached there: it must be written
            full_env.pop("PYTHONDONTWRITEBYTECODE", None)
    proc = subprocess.run(
        [PYTHON, str(REPO / "bench" / "probes.py"), *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        cwd=REPO,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"probe {args[0]} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if not lines:
        raise RuntimeError(f"probe {args[0]} printed no result:\n{proc.stdout[-2000:]}")
    return json.loads(lines[-1])


def wall_of(
    cmd: list[str],
    *,
    env: dict[str, str] | None = None,
    unset: tuple[str, ...] = (),
    timeout: float = 60,
) -> float:
    """Seconds a command takes from spawn to exit (output discarded; must exit 0).

    ``env`` adds to (or overrides) this process's environment; ``unset`` names variables to
    leave out of it.
    """
    full_env = dict(os.environ)
    for name in unset:
        full_env.pop(name, None)
    if env:
        full_env.update(env)
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, env=full_env, timeout=timeout, cwd=REPO)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr[-2000:]!r}")
    return elapsed
