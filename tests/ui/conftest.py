"""Fixtures of the Pilot tests: the app's clock, on a whole minute and as a real clock gives it."""

from __future__ import annotations

from datetime import datetime

import pytest

from ._app_helpers import NOW, REAL_NOW


@pytest.fixture(params=[NOW, REAL_NOW], ids=["round-clock", "real-clock"])
def now(request: pytest.FixtureRequest) -> datetime:
    """The app's "now": every test that reads the data file runs on both clocks, since a real
    ``now`` has microseconds and the file stores whole seconds."""
    value: datetime = request.param
    return value
