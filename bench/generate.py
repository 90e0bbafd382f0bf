"""Realistic followup-tui data files for the benchmarks: years of persistent follow-up.

Writes the file exactly in the shape ``Store`` writes (TinyDB tables ``contacts``, ``attempts``,
``meta``, plus ``settings`` and a few ``news`` and ``interviews``), built as a dict and serialised
with orjson for speed. Deterministic for a given seed and ``now``.

    python bench/generate.py --contacts 5000 --attempts 100000 -o /tmp/followup.json
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import orjson

from followup_tui.storage.datafile import SCHEMA_VERSION

NOW = datetime(2026, 11, 26, 14, 5, tzinfo=UTC)
HISTORY_DAYS = 730


def _split(text: str, sep: str | None = None) -> tuple[str, ...]:
    return tuple(text.split(sep))


FIRST = _split(
    "Ava Ben Chloé Daniel Elena Farid Grace Hiroshi Ines Jamal Katarzyna Liam Mei Noah Olga "
    "Priya Quentin Rosa Santiago Tomás Uma Viktor Wen Ximena Yusuf Zoë Aaron Beatriz Chen "
    "Dmitri Emma Fatima Gabriel Hannah Ibrahim Julia Kenji Laura Mateo Nadia Oscar Paula Rahul "
    "Sofia Thomas Valentina William Yara Björn Siobhán"
)
LAST = _split(
    "Nguyen Smith Müller García Rossi Kowalski Tanaka O'Brien Dubois Patel Johansson Kim "
    "Silva Haddad Novak Cohen Fischer Moreau Okafor Schwartz Lindqvist Costa Ivanova Murphy "
    "Wang Hernández Bauer Rahman Jensen Lopez Weber Nakamura Andersson Petrov Fernández "
    "Goldberg Mensah Eriksen Singh Walsh Yamamoto Brennan Delacroix Abiodun Park Kaplan"
)
COMPANIES = _split(
    "Bridgewater Associates|Two Sigma|Citadel|Goldman Sachs|Jane Street|Renaissance|"
    "Point72|Millennium|D. E. Shaw|BlackRock|Vanguard|Fidelity|Morgan Stanley|JPMorgan Chase|"
    "Stripe|Shopify|Atlassian|Datadog|Snowflake|Cloudflare|Palantir|Airbnb|Spotify|Klarna|"
    "Revolut|Monzo|Wise|Adyen|SAP|Siemens|Bosch|Philips|ASML|Nokia|Ericsson|Unilever|Nestlé|"
    "Novartis|Roche|AstraZeneca|GSK|Pfizer|Moderna|Deloitte|McKinsey & Company|BCG|Bain|"
    "Accenture|KPMG|EY|PwC|Acme Robotics|Northwind Traders|Globex|Initech|Hooli|Umbrella Labs",
    "|",
)
TITLES = _split(
    "Portfolio Manager|Head of Talent|Engineering Manager|Recruiter|VP Engineering|CTO|"
    "Hiring Manager|Director of Research|Partner|Managing Director|Team Lead|Analyst|"
    "Head of Data|Principal Engineer|Chief of Staff|HR Business Partner",
    "|",
)
# (zone, weight, phone prefix, digits after the prefix)
ZONES = (
    ("America/New_York", 30, "+1212", 7),
    ("America/Chicago", 12, "+1312", 7),
    ("America/Denver", 5, "+1303", 7),
    ("America/Los_Angeles", 15, "+1415", 7),
    ("America/Toronto", 5, "+1416", 7),
    ("Europe/London", 12, "+4420", 8),
    ("Europe/Berlin", 6, "+4930", 8),
    ("Europe/Paris", 5, "+331", 8),
    ("Asia/Tokyo", 3, "+813", 8),
    ("Asia/Singapore", 3, "+65", 8),
    ("Australia/Sydney", 2, "+612", 8),
    (None, 2, "+1646", 7),
)
STATUSES = (("pursuing", 60), ("in_talks", 10), ("keep_warm", 20), ("paused", 5), ("closed", 5))
CLOSE_REASONS = ("hired", "declined", "not_interested", "other")
TAGS = ("quant", "fintech", "referral", "alumni", "conference", "linkedin", "warm", "cold")
CALL_OUTCOMES = (
    ("no_answer", 40),
    ("voicemail", 30),
    ("gatekeeper", 8),
    ("busy", 6),
    ("reached", 14),
    ("wrong_number", 2),
)
WRITTEN_OUTCOMES = (("sent", 85), ("replied", 15))
CHANNELS = (("phone", 60), ("email", 25), ("linkedin", 8), ("sms", 5), ("in_person", 2))
NOTES = (
    "",
    "",
    "",
    "",
    "Left a short message, mentioned the Q3 project.",
    "Assistant said to call back after the earnings call.",
    "Asked about the quant research opening — send CV again.",
    "Voicemail full.",
    "Talked 5 minutes; wants a one-page summary.\nFollow up next week.",
    "Out of office until Monday.",
    "Shared the article on risk parity.",
    "Said no headcount right now, try again next quarter.",
)


def _weighted(rng: random.Random, items: tuple[tuple[Any, int], ...]) -> Any:
    values = [v for v, _ in items]
    weights = [w for _, w in items]
    return rng.choices(values, weights)[0]


def _iso(dt: datetime) -> str:
    return dt.astimezone(UTC).replace(microsecond=0).isoformat()


def generate(
    contacts: int, attempts: int, *, seed: int = 7, now: datetime = NOW
) -> dict[str, dict[str, dict[str, Any]]]:
    """The tables of a data file with ``contacts`` contacts and ``attempts`` attempts.

    Attempts are spread over the two years before ``now`` with a skewed share per contact (a
    few contacts are called a couple of hundred times), at working hours in the contact's own zone.
    """
    rng = random.Random(seed)
    zone_objs = {name: ZoneInfo(name) for name, *_ in ZONES if name}
    utc_zone = ZoneInfo("UTC")
    start = now - timedelta(days=HISTORY_DAYS)

    contact_docs: dict[str, dict[str, Any]] = {}
    zone_of: dict[int, ZoneInfo] = {}
    created: dict[int, datetime] = {}
    zone_weights = [z[1] for z in ZONES]
    for cid in range(1, contacts + 1):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        company = rng.choice(COMPANIES)
        zone_name, _, prefix, digits = rng.choices(ZONES, zone_weights)[0]
        status = _weighted(rng, STATUSES)
        created_at = start + timedelta(seconds=rng.randrange(HISTORY_DAYS * 86400 // 2))
        domain = "".join(ch for ch in company.lower() if ch.isalnum())[:16] or "example"
        doc: dict[str, Any] = {
            "name": f"{first} {last}",
            "company": company,
            "title": rng.choice(TITLES),
            "phones": [prefix + "".join(rng.choice("0123456789") for _ in range(digits))],
            "emails": [f"{first[0].lower()}.{last.lower().replace(chr(39), '')}@{domain}.com"],
            "timezone": zone_name,
            "status": status,
            "cadence_days": rng.choice((14, 30, 30, 30, 60, 90)),
            "tags": rng.sample(TAGS, rng.randrange(0, 3)),
            "notes": rng.choice(NOTES),
            "linkedin_url": f"https://www.linkedin.com/in/{first.lower()}-{cid}",
            "created_at": _iso(created_at),
        }
        if status == "closed":
            doc["closed_reason"] = rng.choice(CLOSE_REASONS)
        if status == "paused":
            doc["paused_until"] = (now + timedelta(days=rng.randrange(-10, 40))).date().isoformat()
        contact_docs[str(cid)] = doc
        zone_of[cid] = zone_objs[zone_name] if zone_name else utc_zone
        created[cid] = created_at

    # A skewed share of attempts per contact: most have a handful, some have dozens or more.
    weights = [min(rng.paretovariate(1.5), 30.0) for _ in range(contacts)]
    owners = rng.choices(range(1, contacts + 1), weights, k=attempts) if contacts else []
    attempt_docs: dict[str, dict[str, Any]] = {}
    for aid, cid in enumerate(owners, start=1):
        zone = zone_of[cid]
        first_day = created[cid]
        span = max(1, int((now - first_day).total_seconds()) // 86400)
        day = (first_day + timedelta(days=rng.randrange(span))).astimezone(zone)
        while day.weekday() >= 5 and rng.random() < 0.85:
            day += timedelta(days=1)
        # Working hours in the contact's zone, with early birds and late callers.
        hour = rng.choice((7, 8, 9, 9, 10, 10, 11, 12, 13, 14, 14, 15, 16, 16, 17, 18, 19))
        local = day.replace(hour=hour, minute=rng.randrange(60), second=rng.randrange(60))
        at = min(local.astimezone(UTC), now - timedelta(minutes=1))
        channel = _weighted(rng, CHANNELS)
        if channel == "phone":
            outcome = _weighted(rng, CALL_OUTCOMES)
            caller_id = "hidden" if rng.random() < 0.8 else "shown"
            duration = rng.randrange(30, 1800) if outcome == "reached" else None
        elif channel == "in_person":
            outcome, caller_id = rng.choice(("met", "reached")), None
            duration = rng.randrange(600, 5400)
        else:
            outcome, caller_id, duration = _weighted(rng, WRITTEN_OUTCOMES), None, None
        attempt_docs[str(aid)] = {
            "contact_id": cid,
            "at": _iso(at),
            "channel": channel,
            "outcome": outcome,
            "caller_id": caller_id,
            "duration_s": duration,
            "note": rng.choice(NOTES),
            "news_ids": [rng.randrange(1, 13)] if rng.random() < 0.05 else [],
        }

    news = {
        str(i): {
            "text": f"Published piece #{i} on systematic macro",
            "on": (now - timedelta(days=30 * i)).date().isoformat(),
        }
        for i in range(1, 13)
    }
    interviews = {
        str(i): {
            "company": rng.choice(COMPANIES),
            "at": _iso(now - timedelta(days=rng.randrange(1, HISTORY_DAYS))),
            "contact_ids": rng.sample(range(1, contacts + 1), min(2, contacts)),
            "notes": "Panel of two; follow up with thank-you notes.",
        }
        for i in range(1, min(20, contacts) + 1)
    }
    return {
        "meta": {"1": {"schema_version": SCHEMA_VERSION}},
        "settings": {"1": {"home_region": "US", "timezone": "America/New_York"}},
        "contacts": contact_docs,
        "attempts": attempt_docs,
        "news": news,
        "interviews": interviews,
    }


def write(path: str | os.PathLike[str], tables: dict[str, Any]) -> Path:
    """Write ``tables`` to ``path`` as followup-tui does: mode 0600, one JSON object."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(orjson.dumps(tables))
    return path


def generate_file(
    path: str | os.PathLike[str], contacts: int, attempts: int, *, seed: int = 7
) -> Path:
    return write(path, generate(contacts, attempts, seed=seed))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=500)
    parser.add_argument("--attempts", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args(argv)
    path = generate_file(args.output, args.contacts, args.attempts, seed=args.seed)
    size = path.stat().st_size
    print(f"{path}: {args.contacts} contacts, {args.attempts} attempts, {size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
