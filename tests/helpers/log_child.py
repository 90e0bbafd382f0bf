"""Log attempts through Store.add_attempt, as the app and `followup-tui log` do.

Usage: python log_child.py DATA_FILE TAG [COUNT]

With FOLLOWUP_TUI_SIMULATE=darwin or win32 the storage runs as on that system (see simulate.py).

Prints "ready" once the store is open, waits for a line on stdin when COUNT is given (so that
several children start together), then logs COUNT attempts (forever without COUNT) and prints
"<id> <note>" for each one after add_attempt returned, i.e. after it was acknowledged as saved.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta

from simulate import apply_from_environment  # type: ignore[import-not-found]  # same folder

from followup_tui.domain.models import Attempt, Contact
from followup_tui.storage import Store

START = datetime(2026, 11, 26, 14, 5, tzinfo=UTC)


def main() -> None:
    path, tag = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else None
    seen = apply_from_environment()  # FOLLOWUP_TUI_SIMULATE=darwin|win32: that system's branches
    store = Store.open(path)
    if not store.snapshot().contacts:
        store.add_contact(Contact(name="Ann Lee"))
    contact_id = min(store.snapshot().contacts)
    print("ready", flush=True)
    if count is not None:
        sys.stdin.readline()
    i = 0
    while count is None or i < count:
        note = f"{tag}-{i}"
        saved = store.add_attempt(
            Attempt(contact_id=contact_id, at=START + timedelta(seconds=i), note=note)
        )
        print(f"{saved.id} {note}", flush=True)
        i += 1
    store.close()
    print(f"simulated: {seen()}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
