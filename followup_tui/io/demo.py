"""A realistic, deterministic demo data set (``followup-tui demo``).

Twenty-eight fictional people at fictional firms in New York, Chicago, London and San Francisco,
with six months of follow-up history before ``now``. The names, firms and e-mail addresses are
invented; phone numbers come from the ranges reserved for fiction (NANP 555-01xx and Ofcom's
020 7946 0xxx), which ``phonenumbers`` still accepts as valid.

The history hides patterns the reachability heatmap should reveal:

* Dana Whitfield (hedge fund, New York) picks up only after 16:00 New York time, when the U.S.
  exchanges have closed;
* Greg Lindqvist (Chicago) only early in the morning, before 09:00 Chicago time;
* Nora Feinberg (San Francisco) only just after lunch, 13:00–14:00 Pacific time;
* Oliver Pemberton (London) only late in the afternoon, 16:00–18:00 London time.

Every call is on a weekday between 08:00 and 18:00 in the contact's zone; most hide the caller
ID. The newest attempts are placed so that, on the day of ``now``, some contacts are due, some
overdue, some scheduled later, one is closed (hired), one is kept warm and one is paused.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from followup_tui.domain.models import Attempt, Contact, NewsItem
from followup_tui.domain.zones import zone

if TYPE_CHECKING:
    from followup_tui.storage.store import Store

#: History reaches this many days back from ``now``.
HISTORY_DAYS = 182

CITIES: dict[str, tuple[str, str, str]] = {
    # city: (IANA zone, phone prefix before the last three digits, e-mail top-level domain)
    "NY": ("America/New_York", "+1212555", "com"),
    "CHI": ("America/Chicago", "+1312555", "com"),
    "LON": ("Europe/London", "+4420794", "co.uk"),
    "SF": ("America/Los_Angeles", "+1415555", "com"),
}

#: Local hours in which each pattern contact can be reached (start inclusive, end exclusive).
PATTERNS: dict[str, tuple[int, int]] = {
    "after_close": (16, 18),
    "early": (8, 9),
    "after_lunch": (13, 14),
    "late_afternoon": (16, 18),
}

#: One step of the scripted tail of a history: (business days before today, channel, outcome,
#: caller_id or None for the default).
Step = tuple[int, str, str, str | None]


@dataclass(frozen=True)
class _Spec:
    name: str
    city: str
    company: str
    title: str
    tags: tuple[str, ...] = ()
    notes: str = ""
    status: str = "pursuing"
    closed_reason: str | None = None
    pattern: str | None = None
    calls: int = 12
    reach_p: float = 0.12
    tail: tuple[Step, ...] = ()
    next_step_in: int | None = None
    """next_step_on = today + this many days."""
    paused_for: int | None = None
    """paused_until = today + this many days."""
    cadence_days: int = 30
    created_days_ago: int | None = None
    """For contacts without history: created this many days before now."""


_SPECS: tuple[_Spec, ...] = (
    # -- New York --------------------------------------------------------------------------------
    _Spec(
        "Dana Whitfield",
        "NY",
        "Halcyon Ridge Capital",
        "Portfolio Manager",
        tags=("hedge-fund", "priority"),
        notes="Runs the macro book. Her assistant says the desk is slammed until the close.",
        pattern="after_close",
        calls=38,
        reach_p=0.6,
        tail=((6, "phone", "voicemail", None), (1, "phone", "no_answer", None)),
    ),
    _Spec(
        "Theo Castellanos",
        "NY",
        "Northgate Health",
        "Chief Technology Officer",
        tags=("referral",),
        status="closed",
        closed_reason="hired",
        notes="Called him for five months. Offer accepted: Staff Data Engineer.",
        calls=44,
        reach_p=0.08,
        tail=(
            (24, "phone", "reached", None),
            (22, "email", "sent", None),
            (17, "in_person", "met", None),
            (16, "email", "sent", None),
            (12, "phone", "reached", None),
        ),
    ),
    _Spec(
        "Marcus Oyelaran",
        "NY",
        "Brightwater Analytics",
        "Head of Talent",
        tags=("recruiter",),
        status="in_talks",
        calls=10,
        reach_p=0.25,
        tail=((5, "phone", "reached", None),),
        next_step_in=0,
    ),
    _Spec(
        "Elena Vasquez",
        "NY",
        "Meridian & Post",
        "Senior Recruiter",
        tags=("recruiter", "agency"),
        calls=9,
        tail=((3, "phone", "voicemail", None), (1, "phone", "gatekeeper", None)),
    ),
    _Spec(
        "Jonah Feldman",
        "NY",
        "Copperleaf Media",
        "VP, Data",
        tags=("media",),
        calls=14,
        tail=((8, "phone", "no_answer", None),),
    ),
    _Spec(
        "Aisha Bello",
        "NY",
        "Stonebridge Partners",
        "Managing Director",
        tags=("private-equity", "priority"),
        notes="Never picked up yet. Silence is not a no: keep trying at new times.",
        calls=17,
        reach_p=0.0,
        tail=((4, "phone", "busy", None),),
    ),
    _Spec(
        "Ruth Kaminski",
        "NY",
        "Parkview Labs",
        "Engineering Manager",
        tags=("network",),
        status="keep_warm",
        cadence_days=30,
        calls=8,
        reach_p=0.3,
        notes="Team is frozen until Q2. Send news every month.",
        tail=((17, "phone", "reached", None),),
    ),
    _Spec(
        "Miriam Goldberg",
        "NY",
        "Hudson Yards Advisory",
        "Talent Partner",
        tags=("recruiter",),
        calls=8,
        tail=(
            (4, "phone", "no_answer", "shown"),
            (3, "phone", "voicemail", "shown"),
            (1, "phone", "no_answer", "shown"),
        ),
    ),
    _Spec(
        "Ben Adeyemi",
        "NY",
        "Canal Street Labs",
        "Director of Product",
        tags=("startup",),
        calls=6,
        tail=((6, "email", "sent", None), (3, "linkedin", "sent", None)),
    ),
    # -- Chicago ---------------------------------------------------------------------------------
    _Spec(
        "Greg Lindqvist",
        "CHI",
        "Lakeshore Logistics",
        "Director of Operations Analytics",
        tags=("logistics", "priority"),
        notes="At his desk before the 9 o'clock stand-up; in meetings the rest of the day.",
        pattern="early",
        calls=36,
        reach_p=0.6,
        tail=((7, "phone", "reached", None), (2, "phone", "voicemail", None)),
    ),
    _Spec(
        "Tasha Monroe",
        "CHI",
        "Wabash Fintech",
        "Talent Partner",
        tags=("recruiter", "fintech"),
        calls=11,
        tail=((1, "phone", "no_answer", None),),
    ),
    _Spec(
        "Kevin O'Donnell",
        "CHI",
        "Prairie Grid Energy",
        "Engineering Manager",
        tags=("energy",),
        calls=12,
        tail=((9, "phone", "voicemail", None),),
    ),
    _Spec(
        "Lena Novak",
        "CHI",
        "Union Loop Insurance",
        "Head of Analytics",
        tags=("insurance",),
        status="paused",
        paused_for=12,
        calls=9,
        reach_p=0.2,
        notes="On leave; asked me to call again when she is back.",
        tail=((10, "phone", "reached", None),),
    ),
    _Spec(
        "Samuel Okafor",
        "CHI",
        "Riverbend Capital",
        "Director, Quant Strategies",
        tags=("quant",),
        calls=13,
        tail=((2, "phone", "voicemail", None),),
    ),
    _Spec(
        "Maria Delgado",
        "CHI",
        "Fulton Street Foods",
        "Recruiter",
        tags=("recruiter",),
        calls=7,
        tail=((5, "email", "sent", None),),
    ),
    _Spec(
        "Clara Jensen",
        "CHI",
        "Navy Pier Events",
        "VP Operations",
        tags=("new",),
        calls=0,
        created_days_ago=2,
    ),
    # -- London ----------------------------------------------------------------------------------
    _Spec(
        "Oliver Pemberton",
        "LON",
        "Thameside Capital",
        "Head of Quant Research",
        tags=("quant", "priority"),
        notes="Trading floor quietens after four; that is when he takes calls.",
        pattern="late_afternoon",
        calls=36,
        reach_p=0.6,
        tail=((3, "phone", "no_answer", None), (1, "phone", "voicemail", None)),
    ),
    _Spec(
        "Harriet Cole",
        "LON",
        "Bishopsgate Digital",
        "Talent Acquisition Lead",
        tags=("recruiter",),
        calls=10,
        tail=((1, "phone", "busy", None),),
    ),
    _Spec(
        "Rajesh Kapoor",
        "LON",
        "Lambeth Robotics",
        "Chief Technology Officer",
        tags=("robotics",),
        calls=12,
        tail=((6, "phone", "no_answer", None),),
    ),
    _Spec(
        "Sophie Ainsworth",
        "LON",
        "Farringdon Ventures",
        "Partner",
        tags=("vc",),
        calls=9,
        tail=((2, "email", "sent", None),),
    ),
    _Spec(
        "James Whitaker",
        "LON",
        "Holborn Payments",
        "Engineering Lead",
        tags=("fintech",),
        calls=11,
        tail=((5, "phone", "wrong_number", None),),
        notes="The switchboard number on the website is out of date.",
    ),
    _Spec(
        "Chloe Brennan",
        "LON",
        "Southbank Analytics",
        "Recruiter",
        tags=("recruiter", "new"),
        calls=0,
        created_days_ago=1,
    ),
    # -- San Francisco ---------------------------------------------------------------------------
    _Spec(
        "Nora Feinberg",
        "SF",
        "Presidio Labs",
        "VP Engineering",
        tags=("startup", "priority"),
        notes="Back from lunch around one; free for ten minutes before the 2 pm sync.",
        pattern="after_lunch",
        calls=36,
        reach_p=0.6,
        tail=((4, "phone", "no_answer", None), (2, "phone", "voicemail", None)),
    ),
    _Spec(
        "Daniel Cho",
        "SF",
        "Embarcadero AI",
        "Founder & CEO",
        tags=("startup", "ai"),
        calls=12,
        tail=((1, "phone", "voicemail", None),),
    ),
    _Spec(
        "Grace Liu",
        "SF",
        "Mission Bay Bio",
        "Hiring Manager, Data Science",
        tags=("biotech",),
        calls=10,
        tail=((3, "phone", "gatekeeper", None),),
    ),
    _Spec(
        "Victor Alvarez",
        "SF",
        "Golden Gate Cloud",
        "Head of Platform",
        tags=("cloud",),
        calls=13,
        tail=((7, "phone", "busy", None),),
    ),
    _Spec(
        "Hannah Brooks",
        "SF",
        "Sutro Systems",
        "Technical Recruiter",
        tags=("recruiter",),
        calls=9,
        tail=((1, "phone", "no_answer", None),),
    ),
    _Spec(
        "Ethan Park",
        "SF",
        "Dogpatch Commerce",
        "Data Science Manager",
        tags=("e-commerce",),
        status="in_talks",
        calls=10,
        reach_p=0.25,
        tail=((4, "phone", "reached", None), (2, "email", "replied", None)),
        next_step_in=5,
    ),
)

_NEWS: tuple[tuple[int, str], ...] = (
    (70, "Finished the AWS data analytics certification"),
    (38, "Open-sourced a pipeline-testing library (200 stars in a week)"),
    (19, "Wrote a post on cutting warehouse costs by 40%, shared 1,200 times"),
    (6, "Spoke at the Data Engineering meetup about streaming joins"),
)

_NOTES_NO_ANSWER = ("", "", "", "rang out", "straight to voicemail greeting, no message left")
_NOTES_VOICEMAIL = ("", "", "left a short message", "mentioned my latest project")
_NOTES_GATEKEEPER = ("assistant took a message", "front desk: try later", "")
_NOTES_REACHED = (
    "good chat, asked me to send my CV",
    "5 minutes between meetings; follow up next week",
    "she remembered me; wants an update in a month",
    "talked about the team's roadmap",
    "asked about my latest project",
)


def _business_days_before(day: date, n: int) -> date:
    """The day ``n`` business days (Mon–Fri) before ``day``; ``n == 0`` means ``day``."""
    while n > 0:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def _instant(day: date, hour: int, minute: int, zone_name: str) -> datetime:
    local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone(zone_name))
    return local.astimezone(UTC)


def _email_domain(company: str, tld: str) -> str:
    words = [w for w in company.lower().replace("&", " ").split() if w.isalpha()]
    return "".join(words[:2]) + "." + tld


def _phone(city: str, index: int) -> str:
    prefix = CITIES[city][1]
    if city == "LON":
        return f"{prefix}60{index:03d}"[:13]
    return f"{prefix}01{index:02d}"


def _call_hour(rng: random.Random, pattern: str | None, in_window: bool | None) -> int:
    """A local hour for a call: 8..17; inside or outside the pattern window when asked."""
    hours = list(range(8, 18))
    if pattern is not None and in_window is not None:
        lo, hi = PATTERNS[pattern]
        hours = [h for h in hours if (lo <= h < hi) == in_window]
    return rng.choice(hours)


def _pick_outcome_missed(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.42:
        return "voicemail"
    if roll < 0.80:
        return "no_answer"
    if roll < 0.88:
        return "busy"
    return "gatekeeper"


def _note_for(rng: random.Random, outcome: str) -> str:
    pool = {
        "no_answer": _NOTES_NO_ANSWER,
        "voicemail": _NOTES_VOICEMAIL,
        "gatekeeper": _NOTES_GATEKEEPER,
        "reached": _NOTES_REACHED,
    }.get(outcome, ("",))
    return rng.choice(pool)


def _make_attempt(
    rng: random.Random,
    contact_id: int,
    spec: _Spec,
    zone_name: str,
    day: date,
    channel: str,
    outcome: str | None,
    caller_id: str | None = None,
) -> Attempt:
    """One attempt on ``day``; for calls with ``outcome`` None, the outcome follows the spec."""
    if channel == "phone":
        if outcome is None:
            if spec.pattern is not None:
                in_window = rng.random() < 0.35
                hour = _call_hour(rng, spec.pattern, in_window)
                reached = in_window and rng.random() < spec.reach_p
            else:
                hour = _call_hour(rng, None, None)
                reached = rng.random() < spec.reach_p
            if caller_id is None:
                caller_id = "shown" if rng.random() < 0.15 else "hidden"
            # A number seen too often gets screened: shown calls get through half as often.
            if reached and caller_id == "shown" and rng.random() < 0.5:
                reached = False
            outcome = "reached" if reached else _pick_outcome_missed(rng)
        elif spec.pattern is not None:
            hour = _call_hour(rng, spec.pattern, outcome == "reached")
        else:
            hour = _call_hour(rng, None, None)
        if caller_id is None:
            caller_id = "shown" if rng.random() < 0.15 else "hidden"
        duration = {
            "reached": rng.randint(90, 900),
            "voicemail": rng.randint(25, 60),
            "gatekeeper": rng.randint(20, 90),
        }.get(outcome)
        note = _note_for(rng, outcome)
    else:
        hour = rng.randint(8, 17)
        caller_id = None
        duration = rng.randint(1800, 3600) if channel == "in_person" else None
        note = {
            ("email", "sent"): "follow-up with my latest news",
            ("email", "replied"): "thanks, let's talk next week",
            ("linkedin", "sent"): "short note on LinkedIn",
            ("in_person", "met"): "coffee near the office",
        }.get((channel, outcome or "sent"), "")
        outcome = outcome or "sent"
    at = _instant(day, hour, rng.randrange(0, 60), zone_name)
    return Attempt(
        contact_id=contact_id,
        at=at,
        channel=channel,
        outcome=outcome,
        caller_id=caller_id,
        duration_s=duration,
        note=note,
    )


def _ensure_pattern(
    attempts: list[Attempt], pattern: str, zone_name: str, rng: random.Random, least: int = 3
) -> list[Attempt]:
    """Make sure at least ``least`` calls inside the pattern window reached the person, so the
    pattern shows on the heatmap whatever day the demo is generated on."""
    lo, hi = PATTERNS[pattern]
    tz = zone(zone_name)
    reached = sum(1 for a in attempts if a.outcome == "reached")
    out = []
    for attempt in attempts:
        if (
            reached < least
            and attempt.channel == "phone"
            and attempt.outcome != "reached"
            and lo <= attempt.at.astimezone(tz).hour < hi
        ):
            attempt = replace(
                attempt,
                outcome="reached",
                duration_s=rng.randint(90, 900),
                note=rng.choice(_NOTES_REACHED),
            )
            reached += 1
        out.append(attempt)
    return out


def _random_weekday(rng: random.Random, first: date, last: date) -> date:
    span = (last - first).days
    while True:
        day = first + timedelta(days=rng.randint(0, max(0, span)))
        if day.weekday() < 5:
            return day


def generate_demo(now: datetime, seed: int = 7) -> tuple[list[Contact], list[Attempt]]:
    """Demo contacts (ids 1..N) and their attempts (oldest first), all before ``now``.

    Deterministic: the same ``now`` and ``seed`` give the same records.
    """
    if now.tzinfo is None:
        raise ValueError("generate_demo needs an aware datetime")
    now = now.astimezone(UTC)
    contacts: list[Contact] = []
    attempts: list[Attempt] = []
    phone_index = {city: 20 for city in CITIES}
    for index, spec in enumerate(_SPECS, start=1):
        rng = random.Random(seed * 7919 + index)
        zone_name, _prefix, tld = CITIES[spec.city]
        today = now.astimezone(zone(zone_name)).date()
        phone_index[spec.city] += 1 + rng.randrange(0, 3)
        first, last = spec.name.lower().replace("'", "").split(" ", 1)
        email = f"{first}.{last.replace(' ', '')}@{_email_domain(spec.company, tld)}"

        # The scripted tail decides the current state; the history fills the months before.
        tail_days = [_business_days_before(today, step[0]) for step in spec.tail]
        history_end = (min(tail_days) if tail_days else today) - timedelta(days=1)
        history_start = today - timedelta(days=HISTORY_DAYS)
        mine: list[Attempt] = []
        if spec.calls:
            for _ in range(spec.calls):
                day = _random_weekday(rng, history_start, history_end)
                mine.append(_make_attempt(rng, index, spec, zone_name, day, "phone", None))
            for _ in range(rng.randint(2, 4)):
                day = _random_weekday(rng, history_start, history_end)
                mine.append(_make_attempt(rng, index, spec, zone_name, day, "email", "sent"))
            if rng.random() < 0.5:
                day = _random_weekday(rng, history_start, history_end)
                mine.append(_make_attempt(rng, index, spec, zone_name, day, "linkedin", "sent"))
        mine.sort(key=lambda a: a.at)
        if spec.pattern is not None:
            mine = _ensure_pattern(mine, spec.pattern, zone_name, rng)
        for (_ago, channel, outcome, caller_id), day in zip(spec.tail, tail_days, strict=True):
            mine.append(
                _make_attempt(rng, index, spec, zone_name, day, channel, outcome, caller_id)
            )
        mine = [a for a in mine if a.at < now]
        mine.sort(key=lambda a: a.at)

        if mine:
            created_at = mine[0].at - timedelta(days=rng.randint(1, 9), hours=rng.randint(0, 8))
        else:
            created_at = now - timedelta(days=spec.created_days_ago or 0, hours=3)
        contacts.append(
            Contact(
                name=spec.name,
                company=spec.company,
                title=spec.title,
                phones=(_phone(spec.city, phone_index[spec.city]),),
                emails=(email,),
                timezone=zone_name,
                status=spec.status,
                cadence_days=spec.cadence_days,
                tags=spec.tags,
                notes=spec.notes,
                created_at=created_at.replace(microsecond=0),
                closed_reason=spec.closed_reason,
                next_step_on=(
                    today + timedelta(days=spec.next_step_in)
                    if spec.next_step_in is not None
                    else None
                ),
                paused_until=(
                    today + timedelta(days=spec.paused_for) if spec.paused_for is not None else None
                ),
                id=index,
            )
        )
        attempts.extend(mine)
    return contacts, attempts


def demo_news(now: datetime) -> list[NewsItem]:
    """The user's own news items for talking points, dated before ``now``."""
    today = now.astimezone(UTC).date()
    return [NewsItem(text, today - timedelta(days=ago)) for ago, text in _NEWS]


def write_demo(store: Store, now: datetime | None = None, seed: int = 7) -> None:
    """Write the demo data set (contacts, attempts, news) into ``store`` in one batch.

    Contacts get whatever ids the store assigns; attempts follow them.
    """
    when = now if now is not None else store.clock()
    contacts, attempts = generate_demo(when, seed)
    news = demo_news(when)
    with store.batch():
        ids: dict[int, int] = {}
        for contact in contacts:
            saved = store.add_contact(replace(contact, id=None))
            assert contact.id is not None and saved.id is not None
            ids[contact.id] = saved.id
        for attempt in attempts:
            store.add_attempt(replace(attempt, contact_id=ids[attempt.contact_id]))
        for item in news:
            store.add_news(item)
