"""The stored vocabulary of followup-tui (PRODUCT.md section 4)."""

from __future__ import annotations

CHANNELS: tuple[str, ...] = ("phone", "email", "linkedin", "sms", "in_person")
CALL_OUTCOMES: tuple[str, ...] = (
    "reached",
    "voicemail",
    "no_answer",
    "busy",
    "gatekeeper",
    "wrong_number",
)
WRITTEN_OUTCOMES: tuple[str, ...] = ("sent", "replied")
IN_PERSON_OUTCOMES: tuple[str, ...] = ("met",)
OUTCOMES: tuple[str, ...] = CALL_OUTCOMES + WRITTEN_OUTCOMES + IN_PERSON_OUTCOMES
WRITTEN_CHANNELS: tuple[str, ...] = ("email", "linkedin", "sms")

#: Outcomes allowed for each channel.
OUTCOMES_BY_CHANNEL: dict[str, tuple[str, ...]] = {
    "phone": CALL_OUTCOMES,
    "email": WRITTEN_OUTCOMES,
    "linkedin": WRITTEN_OUTCOMES,
    "sms": WRITTEN_OUTCOMES,
    "in_person": IN_PERSON_OUTCOMES + ("reached",),
}

CALLER_IDS: tuple[str, ...] = ("hidden", "shown")
STATUSES: tuple[str, ...] = ("pursuing", "in_talks", "keep_warm", "paused", "closed")
CLOSE_REASONS: tuple[str, ...] = ("hired", "declined", "not_interested", "other")

STATUS_LABELS: dict[str, str] = {
    "pursuing": "pursuing",
    "in_talks": "in talks",
    "keep_warm": "keep warm",
    "paused": "paused",
    "closed": "closed",
}
OUTCOME_LABELS: dict[str, str] = {
    "reached": "reached",
    "voicemail": "voicemail",
    "no_answer": "no answer",
    "busy": "busy",
    "gatekeeper": "gatekeeper",
    "wrong_number": "wrong number",
    "sent": "sent",
    "replied": "replied",
    "met": "met",
}
CHANNEL_LABELS: dict[str, str] = {
    "phone": "phone",
    "email": "e-mail",
    "linkedin": "LinkedIn",
    "sms": "SMS",
    "in_person": "in person",
}

#: File formats ``followup-tui import`` (and the import screen) reads; ``auto`` guesses.
IMPORT_FORMATS: tuple[str, ...] = ("auto", "linkedin", "csv", "vcard", "json")
#: File formats ``followup-tui export`` writes.
EXPORT_FORMATS: tuple[str, ...] = ("json", "csv", "ics")


#: Short day and month names (English, as every label of the app), Monday first.
WEEKDAY_NAMES: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_NAMES: tuple[str, ...] = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
