"""One check of a new attempt, for the log form and for ``followup-tui log`` alike.

Both hand over what the user typed; both get the same ``Attempt`` back (its instant kept as the
data file keeps it, to the second) or the same messages, keyed by field: ``channel``,
``outcome``, ``at``, ``caller_id``, ``duration_s``, ``note``.
"""

from __future__ import annotations

from datetime import datetime

from followup_tui.domain.identity import stored_instant
from followup_tui.domain.models import Attempt
from followup_tui.domain.text import clean_text
from followup_tui.domain.validation import MAX_NOTE, FieldError, FormErrors
from followup_tui.domain.vocab import CALLER_IDS, CHANNEL_LABELS, CHANNELS, OUTCOMES_BY_CHANNEL
from followup_tui.domain.whentext import parse_duration, parse_when


def _word(text: str) -> str:
    """``No answer``, ``no-answer`` and ``no_answer`` are the same word."""
    return text.strip().lower().replace("-", "_").replace(" ", "_")


def check_attempt(
    contact_id: int,
    *,
    channel: str,
    outcome: str,
    now: datetime,
    user_zone: str,
    at: str | None = None,
    duration: str | None = None,
    caller_id: str | None = None,
    note: str | None = None,
    hide_caller_id: bool = False,
) -> Attempt:
    """The attempt as typed, or ``FormErrors`` naming every wrong field.

    ``at``: None is ``now``, else anything ``parse_when`` takes (``14:30``,
    ``yesterday 9am``, ``2026-11-26 14:30``) in ``user_zone``. ``duration``: blank or None,
    seconds (``95``), ``m:ss`` or ``h:mm:ss``, at most a day. ``caller_id``: only for phone
    calls; None takes the user's setting (``hide_caller_id``).
    """
    errors: dict[str, str] = {}
    channel = _word(channel)
    allowed: tuple[str, ...] = ()
    if channel not in CHANNELS:
        errors["channel"] = f"{channel!r} is not one of {', '.join(CHANNELS)}"
    else:
        allowed = OUTCOMES_BY_CHANNEL[channel]
        outcome = _word(outcome)
        if outcome not in allowed:
            label = CHANNEL_LABELS.get(channel, channel)
            errors["outcome"] = (
                f"pick an outcome for {label} ({', '.join(allowed)})"
                if not outcome
                else f"{outcome!r} does not fit channel {channel} (use one of {', '.join(allowed)})"
            )
    when = now
    if at is not None:  # the form always sends its field; a blank one is a mistake
        try:
            when = parse_when(at, now, user_zone)
        except FieldError as exc:
            errors["at"] = exc.message
    seconds = None
    try:
        seconds = parse_duration(duration or "")
    except FieldError as exc:
        errors["duration_s"] = exc.message
    text = clean_text(note or "", multiline=True)
    if len(text) > MAX_NOTE:
        errors["note"] = f"a note is at most {MAX_NOTE:,} characters (this one has {len(text):,})"
    caller = None
    if channel == "phone":
        if caller_id is None:
            caller = "hidden" if hide_caller_id else "shown"
        elif _word(caller_id) in CALLER_IDS:
            caller = _word(caller_id)
        else:
            errors["caller_id"] = f"{caller_id!r} is not one of {', '.join(CALLER_IDS)}"
    elif caller_id is not None:
        errors["caller_id"] = "only for phone calls"
    if errors:
        raise FormErrors(errors)
    return Attempt(
        contact_id=contact_id,
        at=stored_instant(when),
        channel=channel,
        outcome=outcome,
        caller_id=caller,
        duration_s=seconds,
        note=text,
    )
