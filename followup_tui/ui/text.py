"""Small wordings shared by the screens and workflows (plain Python)."""

from __future__ import annotations

from pathlib import Path

from followup_tui.domain.models import Attempt
from followup_tui.domain.vocab import CHANNEL_LABELS, OUTCOME_LABELS


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def tilde(path: Path) -> str:
    """The path with the home folder written ``~``."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)


def attempt_words(attempt: Attempt) -> str:
    """``voicemail (phone)``."""
    outcome = OUTCOME_LABELS.get(attempt.outcome, attempt.outcome)
    return f"{outcome} ({CHANNEL_LABELS.get(attempt.channel, attempt.channel)})"
