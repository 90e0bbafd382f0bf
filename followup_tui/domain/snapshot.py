"""An in-memory view of one data file, built from its tables.

The storage layer reads the file; a ``Snapshot`` turns the raw tables into records. Attempts are
parsed per contact on first use, so opening a file with 100,000 attempts does not parse them
all before the contact list can show; ``parse_all`` parses the rest in one go (off the UI
thread).

Reading is safe from several threads (a lazy parse that races another gives the same list);
changes (``add_attempt``, ``put_contact``...) belong to one thread at a time.
"""

from __future__ import annotations

import gc
from bisect import insort
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from operator import attrgetter, itemgetter
from typing import Any

from followup_tui.domain.models import (
    CHANNEL_SET,
    OUTCOME_SET,
    Attempt,
    Contact,
    Interview,
    NewsItem,
    Settings,
)

_by_at = attrgetter("at")
_mark_at = itemgetter(0)
_mark_order = itemgetter(0, 1)
_fromisoformat = datetime.fromisoformat

#: What the follow-up rules read of one attempt: ``(at, id, outcome, channel)``.
Mark = tuple[datetime, int, str, str]


def _order(attempt: Attempt) -> tuple[Any, int]:
    return attempt.at, attempt.id or 0


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects that all stay alive.

    Reading 100,000 documents creates hundreds of thousands of containers; each full
    collection on the way scans all of them again, which roughly doubles the time of a load.
    Reference counting still frees everything as usual; collection resumes afterwards (only if
    it was on when the block began).
    """
    was_enabled = gc.isenabled()
    if was_enabled:
        gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _docs(tables: Mapping[str, Any], name: str) -> Iterable[tuple[int, Mapping[str, Any]]]:
    for key, doc in (tables.get(name) or {}).items():
        try:
            yield int(key), doc
        except (TypeError, ValueError):
            continue


def _parse(docs: list[tuple[int, Mapping[str, Any]]]) -> list[Attempt]:
    """Attempts from ``(doc_id, doc)`` pairs in the file's order, sorted oldest first."""
    from_doc = Attempt.from_doc
    parsed: list[Attempt] = []
    append = parsed.append
    ascending = True
    last_id = -1
    for doc_id, doc in docs:
        try:
            append(from_doc(doc, doc_id))
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
        if doc_id <= last_id:
            ascending = False
        last_id = doc_id
    # Documents come in id order almost always: a stable sort on the time alone then gives
    # the (time, id) order without building a tuple per attempt.
    parsed.sort(key=_by_at if ascending else _order)
    return parsed


def _marks(docs: list[tuple[int, Mapping[str, Any]]]) -> list[Mark]:
    """The marks of the attempts ``_parse(docs)`` builds, in its order, mostly without building
    them.

    A plain document (a dict whose ``at`` is a UTC instant with an offset, with a known channel
    and outcome, and news ids that are none or a list of whole numbers) is one
    ``Attempt.from_doc`` reads without fail (its other fields, caller ID, duration and note,
    never make it fail for values a JSON file holds), so its mark is taken straight from it.
    Any other document goes through ``Attempt.from_doc`` itself (skipped when that fails): the
    marks are always those of the attempts.
    """
    from_doc = Attempt.from_doc
    fromisoformat = _fromisoformat
    channels = CHANNEL_SET
    outcomes = OUTCOME_SET
    utc = UTC
    marks: list[Mark] = []
    append = marks.append
    ascending = True
    last_id = -1
    for doc_id, doc in docs:
        if doc.__class__ is dict:
            at = doc.get("at")
            channel = doc.get("channel")
            outcome = doc.get("outcome")
            news = doc.get("news_ids")
            if (
                at.__class__ is str
                and channel.__class__ is str
                and channel in channels
                and outcome.__class__ is str
                and outcome in outcomes
                and (not news or (news.__class__ is list and all(n.__class__ is int for n in news)))
            ):
                try:
                    instant = fromisoformat(at)
                except ValueError:
                    instant = None
                if instant is not None and instant.tzinfo is utc:  # what parse_instant returns
                    append((instant, doc_id, outcome, channel))
                    if doc_id <= last_id:
                        ascending = False
                    last_id = doc_id
                    continue
        try:
            attempt = from_doc(doc, doc_id)
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
        append((attempt.at, doc_id, attempt.outcome, attempt.channel))
        if doc_id <= last_id:
            ascending = False
        last_id = doc_id
    marks.sort(key=_mark_at if ascending else _mark_order)  # as in _parse
    return marks


@dataclass
class Snapshot:
    contacts: dict[int, Contact] = field(default_factory=dict)
    interviews: dict[int, Interview] = field(default_factory=dict)
    news: dict[int, NewsItem] = field(default_factory=dict)
    settings: Settings = field(default_factory=Settings)
    _raw_attempts: dict[int, list[tuple[int, Mapping[str, Any]]]] = field(default_factory=dict)
    _attempts: dict[int, list[Attempt]] = field(default_factory=dict)
    _attempt_count: int = 0

    @classmethod
    def from_tables(cls, tables: Mapping[str, Any] | None) -> Snapshot:
        tables = tables or {}
        snap = cls()
        with gc_paused():
            contacts = snap.contacts
            for doc_id, doc in _docs(tables, "contacts"):
                contacts[doc_id] = Contact.from_doc(doc, doc_id)
            raw: dict[int, list[tuple[int, Mapping[str, Any]]]] = {}
            count = 0
            for key, doc in (tables.get("attempts") or {}).items():
                try:
                    doc_id = int(key)
                    cid = doc["contact_id"]
                    if cid.__class__ is not int:
                        cid = int(cid)
                except (KeyError, TypeError, ValueError):
                    continue
                bucket = raw.get(cid)
                if bucket is None:
                    raw[cid] = bucket = []
                bucket.append((doc_id, doc))
                count += 1
        snap._raw_attempts = raw
        snap._attempt_count = count
        for doc_id, doc in _docs(tables, "interviews"):
            try:
                snap.interviews[doc_id] = Interview.from_doc(doc, doc_id)
            except (KeyError, ValueError):
                continue
        for doc_id, doc in _docs(tables, "news"):
            snap.news[doc_id] = NewsItem.from_doc(doc, doc_id)
        settings_docs = list(_docs(tables, "settings"))
        if settings_docs:
            snap.settings = Settings.from_doc(settings_docs[0][1])
        return snap

    # -- attempts -------------------------------------------------------------------------

    @property
    def attempt_count(self) -> int:
        return self._attempt_count

    def attempts_for(self, contact_id: int) -> list[Attempt]:
        """The contact's attempts, oldest first. The list is shared: do not mutate it."""
        cached = self._attempts.get(contact_id)
        if cached is not None:
            return cached
        docs = self._raw_attempts.get(contact_id)
        if docs is None:
            # Another thread may have parsed them meanwhile; otherwise there are none.
            return self._attempts.get(contact_id, [])
        parsed = _parse(docs)
        self._attempts[contact_id] = parsed
        self._raw_attempts.pop(contact_id, None)
        return parsed

    def attempt_marks(self, contact_id: int) -> list[Mark]:
        """``(at, id, outcome, channel)`` of the contact's attempts, oldest first: what the
        follow-up rules read. Attempts not parsed yet stay unparsed (``followup-tui due``
        summarizes every contact without building their attempts)."""
        cached = self._attempts.get(contact_id)
        if cached is None:
            docs = self._raw_attempts.get(contact_id)
            if docs is not None:
                return _marks(docs)
            # Another thread may have parsed them meanwhile; otherwise there are none.
            cached = self._attempts.get(contact_id, [])
        return [(a.at, a.id or 0, a.outcome, a.channel) for a in cached]

    def parse_all(self) -> None:
        """Parse every contact's attempts now (at 100,000 attempts: run it off the UI thread)."""
        with gc_paused():
            for cid in list(self._raw_attempts):
                self.attempts_for(cid)

    def all_attempts(self) -> Iterable[Attempt]:
        for cid in dict.fromkeys([*self._raw_attempts, *self._attempts]):
            yield from self.attempts_for(cid)

    def add_attempt(self, attempt: Attempt) -> None:
        """Record a saved attempt (with an id) in the snapshot."""
        attempts = list(self.attempts_for(attempt.contact_id))
        insort(attempts, attempt, key=_order)
        self._attempts[attempt.contact_id] = attempts
        self._attempt_count += 1

    def remove_attempt(self, attempt_id: int, contact_id: int) -> Attempt | None:
        attempts = list(self.attempts_for(contact_id))
        for i, attempt in enumerate(attempts):
            if attempt.id == attempt_id:
                del attempts[i]
                self._attempts[contact_id] = attempts
                self._attempt_count -= 1
                return attempt
        return None

    # -- contacts -------------------------------------------------------------------------

    def put_contact(self, contact: Contact) -> None:
        assert contact.id is not None
        self.contacts[contact.id] = contact

    def remove_contact(self, contact_id: int) -> None:
        self.contacts.pop(contact_id, None)
        removed = len(self.attempts_for(contact_id))
        self._attempts.pop(contact_id, None)
        self._attempt_count -= removed
