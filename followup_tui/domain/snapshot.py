"""An in-memory view of one data file, built from its tables.

The storage layer reads the file; a ``Snapshot`` turns the raw tables into records. Attempts are
parsed per contact on first use, so opening a file with 100,000 attempts does not parse them
all before the contact list can show.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from followup_tui.domain.models import Attempt, Contact, Interview, NewsItem, Settings


def _docs(tables: Mapping[str, Any], name: str) -> Iterable[tuple[int, Mapping[str, Any]]]:
    for key, doc in (tables.get(name) or {}).items():
        try:
            yield int(key), doc
        except (TypeError, ValueError):
            continue


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
        for doc_id, doc in _docs(tables, "contacts"):
            snap.contacts[doc_id] = Contact.from_doc(doc, doc_id)
        raw: dict[int, list[tuple[int, Mapping[str, Any]]]] = {}
        count = 0
        for doc_id, doc in _docs(tables, "attempts"):
            try:
                cid = int(doc["contact_id"])
            except (KeyError, TypeError, ValueError):
                continue
            raw.setdefault(cid, []).append((doc_id, doc))
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
        parsed: list[Attempt] = []
        for doc_id, doc in self._raw_attempts.pop(contact_id, ()):
            try:
                parsed.append(Attempt.from_doc(doc, doc_id))
            except (KeyError, TypeError, ValueError):
                continue
        parsed.sort(key=lambda a: (a.at, a.id or 0))
        self._attempts[contact_id] = parsed
        return parsed

    def all_attempts(self) -> Iterable[Attempt]:
        for cid in list(self._raw_attempts) + list(self._attempts):
            if cid in self._raw_attempts or cid in self._attempts:
                yield from self.attempts_for(cid)

    def add_attempt(self, attempt: Attempt) -> None:
        """Record a saved attempt (with an id) in the snapshot."""
        attempts = list(self.attempts_for(attempt.contact_id))
        attempts.append(attempt)
        attempts.sort(key=lambda a: (a.at, a.id or 0))
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
