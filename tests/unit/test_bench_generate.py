"""The benchmark data generator writes files followup-tui itself opens and extends."""

from __future__ import annotations

import stat
from datetime import UTC, datetime

from bench.generate import NOW, generate, generate_file
from followup_tui.domain.models import Attempt
from followup_tui.domain.vocab import OUTCOMES_BY_CHANNEL
from followup_tui.storage import Store


def test_generated_file_opens_in_the_store_and_takes_new_attempts(db_path, frozen_clock) -> None:
    generate_file(db_path, 20, 200, seed=3)
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600

    store = Store.open(db_path, clock=frozen_clock)
    try:
        snap = store.snapshot()
        assert len(snap.contacts) == 20
        assert snap.attempt_count == 200
        assert sum(len(snap.attempts_for(cid)) for cid in snap.contacts) == 200
        assert store.settings().timezone == "America/New_York"

        saved = store.add_attempt(
            Attempt(contact_id=5, at=datetime(2026, 11, 26, 14, 0, tzinfo=UTC), outcome="busy")
        )
        assert saved.id == 201
        assert store.snapshot().attempt_count == 201
    finally:
        store.close()


def test_generated_records_follow_the_vocabulary_and_the_calendar() -> None:
    tables = generate(30, 600, seed=11)
    assert tables["meta"] == {"1": {"schema_version": 1}}
    assert list(tables["contacts"]) == [str(i) for i in range(1, 31)]
    for doc in tables["attempts"].values():
        assert 1 <= doc["contact_id"] <= 30
        assert doc["outcome"] in OUTCOMES_BY_CHANNEL[doc["channel"]]
        assert (doc["caller_id"] in ("hidden", "shown")) == (doc["channel"] == "phone")
        at = datetime.fromisoformat(doc["at"])
        assert at.utcoffset() is not None and at.utcoffset().total_seconds() == 0
        assert at < NOW


def test_same_seed_same_data_other_seed_other_data() -> None:
    assert generate(10, 50, seed=1) == generate(10, 50, seed=1)
    assert generate(10, 50, seed=1) != generate(10, 50, seed=2)
