"""Shared test set-up: a fixed time zone, a frozen clock, temporary data files."""

from __future__ import annotations

import json
import os
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

# Verdicts never depend on the machine's speed: a busy CI machine (or a mutation run) makes
# examples slow, which says nothing about the code. No deadline, no speed health checks.
settings.register_profile(
    "followup",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("followup")

# The user's zone in every test, so rendered times are stable on any machine.
os.environ["TZ"] = "America/New_York"
time.tzset()

#: Thursday 26 November 2026, 14:05 UTC (09:05 in New York).
FROZEN_NOW = datetime(2026, 11, 26, 14, 5, tzinfo=UTC)


#: Under ``make mutate``, the memory a mutant's test process may take beyond what it started
#: with. A mutant that loops forever while holding more (``while data or ...`` appending the
#: same piece) then fails at once with MemoryError instead of filling the machine's memory
#: until mutmut's CPU time limit stops it.
MUTATION_MEMORY = 1 << 30


def pytest_configure(config: pytest.Config) -> None:
    if "__mutmut_" not in os.environ.get("MUTANT_UNDER_TEST", ""):
        return
    try:
        import resource

        with open("/proc/self/statm") as statm:  # Linux: the process's size in pages
            pages = int(statm.read().split()[0])
    except (ImportError, OSError):
        return
    limit = pages * os.sysconf("SC_PAGE_SIZE") + MUTATION_MEMORY
    resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--soak", action="store_true", help="run the long crash/kill loops")


def _fastest_first(items: list[pytest.Item]) -> None:
    """Under ``make mutate``: a mutant's tests run fastest first (timings of mutmut's own
    first run), so that a mutant a quick unit test kills does not wait for the crash and
    concurrency tests first (pytest stops at the first failure there)."""
    if "__mutmut_" not in os.environ.get("MUTANT_UNDER_TEST", ""):
        return
    try:
        durations = json.loads(Path("mutmut-stats.json").read_text())["duration_by_test"]
    except (OSError, ValueError, KeyError, TypeError):
        return
    items.sort(key=lambda item: durations.get(item.nodeid, 0.0))


#: Under ``make mutate``, each Hypothesis test tries at most this many examples. A mutant the
#: properties catch fails within the first few; the full counts run in ``make test``.
MUTATION_EXAMPLES = 20


def _under_mutation() -> bool:
    return "MUTANT_UNDER_TEST" in os.environ


def _fewer_examples(items: list[pytest.Item]) -> None:
    """Under ``make mutate``: every Hypothesis test runs a few examples, found afresh in the
    same order for every mutant (no example database shared between thousands of runs), and a
    failure is not shrunk: the verdict is all a mutation run needs, not the smallest example."""
    if not _under_mutation():
        return
    for item in items:
        test = getattr(item, "obj", None)
        test = getattr(test, "__func__", test)
        current = getattr(test, "_hypothesis_internal_use_settings", None)
        if current is None:
            continue
        test._hypothesis_internal_use_settings = settings(  # type: ignore[union-attr]
            current,
            max_examples=min(current.max_examples, MUTATION_EXAMPLES),
            phases=(Phase.explicit, Phase.reuse, Phase.generate),
            database=None,
            derandomize=True,
        )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    _fastest_first(items)
    _fewer_examples(items)
    if config.getoption("--soak"):
        return
    skip = pytest.mark.skip(reason="soak test: run with make soak")
    for item in items:
        if "soak" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def frozen_now() -> datetime:
    return FROZEN_NOW


@pytest.fixture
def frozen_clock():
    from followup_tui.domain.clock import frozen_clock as make

    return make(FROZEN_NOW)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A path for a data file that does not exist yet."""
    return tmp_path / "data" / "followup.json"
