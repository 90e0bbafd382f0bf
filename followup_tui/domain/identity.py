"""When two records are the same record: the rule an undo checks before it deletes anything.

The data file stores instants to the second (``models.format_instant``), while a real clock has
microseconds. An attempt as logged (``14:05:07.123456``) and the same attempt read back from the
file (``14:05:07``) must count as one attempt, or an undo leaves the attempt in the file.
"""

from __future__ import annotations

from datetime import UTC, datetime

from followup_tui.domain.models import Attempt


def stored_instant(at: datetime) -> datetime:
    """``at`` as the data file keeps it: UTC, whole seconds."""
    return at.astimezone(UTC).replace(microsecond=0)


def same_attempt(a: Attempt, b: Attempt) -> bool:
    """Whether two records of an attempt are the same attempt (not merely the same id): same
    contact, channel and outcome, at the same instant as stored."""
    return (
        a.contact_id == b.contact_id
        and a.channel == b.channel
        and a.outcome == b.outcome
        and stored_instant(a.at) == stored_instant(b.at)
    )
