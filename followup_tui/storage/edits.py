"""What a field-level contact edit did (``Store.update_contact_fields``).

Apart from the store: a contact is edited in the app only, and ``followup-tui log``, which
loads the store on every call, need not create these records.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from followup_tui.domain.models import Contact


@dataclass(frozen=True)
class FieldConflict:
    """A field both this edit and another copy changed, to different values: not written."""

    field: str
    base: Any
    """The value when the edit began (None when absent)."""
    mine: Any
    """The value this edit wants."""
    theirs: Any
    """The value in the file now, written by another copy meanwhile."""


@dataclass(frozen=True)
class FieldUpdate:
    """What ``Store.update_contact_fields`` did."""

    contact: Contact
    """The contact as it is in the file afterwards."""
    written: tuple[str, ...]
    """The fields written (sorted)."""
    conflicts: tuple[FieldConflict, ...] = ()
    """Fields left as another copy wrote them: ask the user, then call again with ``base``
    set to ``theirs`` for the fields where the user keeps their own value."""


def changed_fields(base: Mapping[str, Any], edited: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of ``edited`` that differ from ``base`` (an absent field counts as None)."""
    return {
        key: edited.get(key)
        for key in sorted(base.keys() | edited.keys())
        if edited.get(key) != base.get(key)
    }
