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
import threading
from bisect import insort
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import repeat
from operator import attrgetter, itemgetter
from typing import Any

from followup_tui.domain.models import (
    CALLER_ID_SET,
    CHANNEL_SET,
    OUTCOME_SET,
    Attempt,
    Contact,
    Interview,
    NewsItem,
    Settings,
    doc_id_of,
)
from followup_tui.domain.problems import (
    END_INSTANT,
    MAX_DURATION_S,
    MIN_INSTANT,
    Problem,
    UnusableRecord,
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


#: A record kept aside: ``(table, key as written) -> the document``.
Aside = dict[tuple[str, str], Any]


def _table(
    tables: Mapping[str, Any], name: str, problems: list[Problem]
) -> Iterable[tuple[Any, Any]]:
    table = tables.get(name)
    if table is None:
        return ()
    if not isinstance(table, Mapping):
        problems.append(Problem(name, "", None, table, "the table is not a JSON object"))
        return ()
    return table.items()


def _docs(
    tables: Mapping[str, Any], name: str, problems: list[Problem], aside: Aside
) -> Iterable[tuple[int, Mapping[str, Any]]]:
    """``(doc_id, doc)`` of a table's records; a record under a key that is not a plain id,
    or that is not a JSON object, is kept aside and reported."""
    for key, doc in _table(tables, name, problems):
        doc_id = doc_id_of(key)
        if doc_id is None:
            _set_aside(problems, aside, name, key, doc, _BAD_KEY)
        elif not isinstance(doc, Mapping):
            _set_aside(problems, aside, name, key, doc, _NOT_A_RECORD)
        else:
            yield doc_id, doc


_BAD_KEY = "its id is not a plain whole number from 1 (like 12)"
_NOT_A_RECORD = "is not a JSON object"


def _set_aside(
    problems: list[Problem], aside: Aside, table: str, key: Any, doc: Any, reason: str
) -> None:
    text = str(key)
    aside[(table, text)] = doc
    problems.append(Problem(table, text, None, doc, reason))


#: ``(doc_id, doc)`` of a contact's attempts, in the file's order, by contact id.
Grouped = dict[int, list[tuple[int, Mapping[str, Any]]]]


def _group_each(items: Iterable[tuple[Any, Any]], problems: list[Problem], aside: Aside) -> Grouped:
    """The attempts table's ``(key, doc)`` items grouped by contact, one by one: a document
    under a key that is not a plain id, that is not a JSON object or that has no usable
    contact id is kept aside and reported."""
    raw: Grouped = {}
    for key, doc in items:
        doc_id = doc_id_of(key)
        if doc_id is None:
            _set_aside(problems, aside, "attempts", key, doc, _BAD_KEY)
            continue
        if not isinstance(doc, Mapping):
            _set_aside(problems, aside, "attempts", key, doc, _NOT_A_RECORD)
            continue
        cid = doc.get("contact_id")
        if cid.__class__ is not int or cid < 1:
            aside[("attempts", str(key))] = doc
            reason = "is missing" if cid is None else "is not an id (a whole number from 1)"
            problems.append(Problem("attempts", str(key), "contact_id", cid, reason))
            continue
        bucket = raw.get(cid)
        if bucket is None:
            raw[cid] = bucket = []
        bucket.append((doc_id, doc))
    return raw


def _group_plain(table: Any) -> Grouped | None:
    """``_group_each`` of a plain attempts table, at C speed; None when the table is not plain.

    Plain: a dict whose keys are all plain ids (ASCII digits, no leading zero) and whose
    documents are all dicts with a contact id that is a whole number from 1. Every check and
    the grouping run inside built-in functions (``map``, ``set``, ``min``): reading 10,000
    attempts one by one in Python cost ``followup-tui due`` and ``log`` about 5 ms.
    """
    if table.__class__ is not dict:
        return None
    try:
        keys = "".join(table)
    except TypeError:  # a key that is not text (a table built in code)
        return None
    # All digits, none empty, and none starting with "0" (the least key would).
    if not (keys.isdigit() and keys.isascii()) or "" in table or min(table)[0] == "0":
        return None
    docs = list(table.values())
    if set(map(type, docs)) != {dict}:
        return None
    cids: list[Any] = list(map(dict.get, docs, repeat("contact_id")))
    if set(map(type, cids)) != {int} or min(cids) < 1:
        return None
    grouped: defaultdict[int, list[tuple[int, Mapping[str, Any]]]] = defaultdict(list)
    # grouped[cid].append((int(key), doc)) for each document, in the file's order.
    pairs = zip(map(int, table), docs, strict=True)
    deque(map(list.append, map(grouped.__getitem__, cids), pairs), 0)
    return dict(grouped)


def _parse(
    docs: list[tuple[int, Mapping[str, Any]]], problems: list[Problem], aside: Aside
) -> list[Attempt]:
    """Attempts from ``(doc_id, doc)`` pairs in the file's order, sorted oldest first. An
    attempt without a usable time is kept aside; every problem goes into ``problems``."""
    from_doc = Attempt.from_doc
    parsed: list[Attempt] = []
    append = parsed.append
    ascending = True
    last_id = -1
    for doc_id, doc in docs:
        try:
            append(from_doc(doc, doc_id, problems))
        except UnusableRecord as exc:
            aside[("attempts", str(doc_id))] = doc
            problems.append(exc.problem)
            continue
        if doc_id <= last_id:
            ascending = False
        last_id = doc_id
    # Documents come in id order almost always: a stable sort on the time alone then gives
    # the (time, id) order without building a tuple per attempt.
    parsed.sort(key=_by_at if ascending else _order)
    return parsed


def _marks(
    docs: list[tuple[int, Mapping[str, Any]]], problems: list[Problem], aside: Aside
) -> list[Mark]:
    """The marks of the attempts ``_parse(docs)`` builds, in its order, mostly without building
    them.

    A plain document (a dict whose ``at`` is a UTC instant with an offset in range, with a known
    channel and outcome, a caller ID, duration, note and news ids that are absent or valid) is
    one ``Attempt.from_doc`` reads without a problem, so its mark is taken straight from it.
    Any other document goes through ``Attempt.from_doc`` itself (kept aside when it cannot be
    placed): the marks and the problems are always those of the attempts.
    """
    from_doc = Attempt.from_doc
    fromisoformat = _fromisoformat
    channels = CHANNEL_SET
    outcomes = OUTCOME_SET
    caller_ids = CALLER_ID_SET
    utc = UTC
    low = MIN_INSTANT
    end = END_INSTANT
    longest = MAX_DURATION_S
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
            caller = doc.get("caller_id")
            duration = doc.get("duration_s")
            note = doc.get("note")
            if (
                at.__class__ is str
                and channel.__class__ is str
                and channel in channels
                and outcome.__class__ is str
                and outcome in outcomes
                and (caller is None or (caller.__class__ is str and caller in caller_ids))
                and (duration is None or (duration.__class__ is int and 0 <= duration <= longest))
                and (note is None or note.__class__ is str)
                and (
                    news is None
                    or news == []  # most attempts: no generator for an empty list
                    or (news.__class__ is list and all(n.__class__ is int and n > 0 for n in news))
                )
            ):
                try:
                    instant = fromisoformat(at)
                except ValueError:
                    instant = None
                # What parse_instant returns, and in range.
                if instant is not None and instant.tzinfo is utc and low <= instant < end:
                    append((instant, doc_id, outcome, channel))
                    if doc_id <= last_id:
                        ascending = False
                    last_id = doc_id
                    continue
        try:
            attempt = from_doc(doc, doc_id, problems)
        except UnusableRecord as exc:
            aside[("attempts", str(doc_id))] = doc
            problems.append(exc.problem)
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
    problems: list[Problem] = field(default_factory=list)
    """Values of the file that are ignored and records kept aside, each once, in the order
    they were met (attempts are read per contact, when first needed: ``check_all`` reads the
    rest)."""
    aside: Aside = field(default_factory=dict)
    """Records that cannot take part (an attempt without a usable time...), as written, by
    ``(table, key)``: exports keep them."""
    _raw_attempts: dict[int, list[tuple[int, Mapping[str, Any]]]] = field(default_factory=dict)
    _attempts: dict[int, list[Attempt]] = field(default_factory=dict)
    _attempt_count: int = 0
    _seen: set[tuple[str, str, str | None]] = field(default_factory=set)
    _flagged: dict[tuple[str, str], Mapping[str, Any]] = field(default_factory=dict)
    _checked: set[int] = field(default_factory=set)
    _by_record: dict[tuple[str, str], list[Problem]] | None = None
    _indexed: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def from_tables(cls, tables: Mapping[str, Any] | None) -> Snapshot:
        tables = tables or {}
        snap = cls()
        found: list[Problem] = []
        aside = snap.aside
        with gc_paused():
            contacts = snap.contacts
            raw_contacts: dict[int, Mapping[str, Any]] = {}
            for doc_id, doc in _docs(tables, "contacts", found, aside):
                contacts[doc_id] = Contact.from_doc(doc, doc_id, found)
                raw_contacts[doc_id] = doc
            raw = _group_plain(tables.get("attempts"))
            if raw is None:
                raw = _group_each(_table(tables, "attempts", found), found, aside)
        snap._raw_attempts = raw
        snap._attempt_count = sum(map(len, raw.values()))
        # The documents as written, by table: a field the reading ignores is exported as it was.
        flagged: dict[str, dict[int, Mapping[str, Any]]] = {"contacts": raw_contacts}
        kinds: tuple[tuple[str, Any, dict[int, Any]], ...] = (
            ("interviews", Interview, snap.interviews),
            ("news", NewsItem, snap.news),
        )
        for name, kind, target in kinds:
            written = flagged[name] = {}
            for doc_id, doc in _docs(tables, name, found, aside):
                try:
                    target[doc_id] = kind.from_doc(doc, doc_id, found)
                except UnusableRecord as exc:
                    aside[(name, str(doc_id))] = doc
                    found.append(exc.problem)
                else:
                    written[doc_id] = doc
        settings_docs = list(_docs(tables, "settings", found, aside))
        if settings_docs:
            snap.settings = Settings.from_doc(settings_docs[0][1], found)
            flagged["settings"] = {1: settings_docs[0][1]}
        snap._flag_docs(found, flagged)
        snap._report(found)
        return snap

    # -- problems -------------------------------------------------------------------------

    def _report(self, found: list[Problem]) -> None:
        """Add the problems not reported yet (the same record and field count once)."""
        if not found:
            return
        with self._lock:
            for problem in found:
                key = (problem.table, problem.key, problem.field)
                if key not in self._seen:
                    self._seen.add(key)
                    self.problems.append(problem)

    def _flag_docs(
        self, found: list[Problem], docs: Mapping[str, Mapping[int, Mapping[str, Any]]]
    ) -> None:
        """Remember the documents whose fields were ignored (exports write those fields back
        as they were)."""
        for problem in found:
            if problem.field is None or (problem.table, problem.key) in self.aside:
                continue
            table = docs.get(problem.table)
            if problem.table == "attempts" or table is None:
                continue
            doc = table.get(int(problem.key)) if problem.key.isdigit() else None
            if doc is not None:
                self._flagged[(problem.table, problem.key)] = doc

    def _flag_attempts(
        self, found: list[Problem], docs: list[tuple[int, Mapping[str, Any]]]
    ) -> None:
        keys = {p.key for p in found if p.table == "attempts" and p.field is not None}
        if not keys:
            return
        for doc_id, doc in docs:
            key = str(doc_id)
            if key in keys and ("attempts", key) not in self.aside:
                self._flagged[("attempts", key)] = doc

    def raw_fields(self, table: str, doc_id: int | None) -> dict[str, Any]:
        """The ignored fields of a record, as written in the file (``{}`` for most records)."""
        doc = self._flagged.get((table, str(doc_id)))
        if doc is None:
            return {}
        fields = {p.field for p in self.problems_of(table, doc_id)}
        return {f: doc[f] for f in fields if f is not None and f in doc}

    def problems_of(self, table: str, doc_id: int | str | None) -> list[Problem]:
        """The problems of one record (looked up in an index, rebuilt when problems grew)."""
        index = self._by_record
        if index is None or self._indexed != len(self.problems):
            index = {}
            for problem in list(self.problems):
                index.setdefault((problem.table, problem.key), []).append(problem)
            self._by_record, self._indexed = index, len(self.problems)
        return index.get((table, str(doc_id)), [])

    def check_all(self) -> list[Problem]:
        """Read every attempt not read yet (their problems join ``problems``); the problems."""
        for cid in list(self._raw_attempts):
            if cid not in self._checked:
                self.attempt_marks(cid)
        return self.problems

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
        found: list[Problem] = []
        parsed = _parse(docs, found, self.aside)
        self._after_read(contact_id, found, docs)
        self._attempts[contact_id] = parsed
        if self._raw_attempts.pop(contact_id, None) is not None:
            self._attempt_count -= len(docs) - len(parsed)  # those kept aside
        return parsed

    def _after_read(
        self, contact_id: int, found: list[Problem], docs: list[tuple[int, Mapping[str, Any]]]
    ) -> None:
        if found:
            self._flag_attempts(found, docs)
            self._report(found)
        self._checked.add(contact_id)

    def attempt_marks(self, contact_id: int) -> list[Mark]:
        """``(at, id, outcome, channel)`` of the contact's attempts, oldest first: what the
        follow-up rules read. Attempts not parsed yet stay unparsed (``followup-tui due``
        summarizes every contact without building their attempts)."""
        cached = self._attempts.get(contact_id)
        if cached is None:
            docs = self._raw_attempts.get(contact_id)
            if docs is not None:
                found: list[Problem] = []
                marks = _marks(docs, found, self.aside)
                if contact_id not in self._checked:
                    self._after_read(contact_id, found, docs)
                return marks
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
