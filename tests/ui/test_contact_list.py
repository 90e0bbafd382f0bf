"""The contact list keeps its rows in order and filtered as rows change one at a time and as
a filter is typed letter by letter, against the list as a plain sort and filter would give."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from textual.app import App, ComposeResult

from followup_tui.ui.rows import ContactRow
from followup_tui.ui.widgets.contact_list import ContactList

NAMES = ("Ann Lee", "Bo Chen", "Anna Gold", "Goldie Hawn", "Bashir", "Ana", "Lee Ann", "Olga")
COMPANIES = ("Acme", "Goldberg & Co", "", "Anchor", "Leeds")
DAY = date(2026, 11, 26)


def make_row(cid: int, rng: random.Random) -> ContactRow:
    name = rng.choice(NAMES)
    company = rng.choice(COMPANIES)
    due = None if rng.random() < 0.2 else DAY + timedelta(days=rng.randint(-5, 5))
    return ContactRow(
        contact_id=cid,
        name=name,
        company=company,
        status="",
        attempts=rng.randint(0, 9),
        last_touch=None,
        next_due=due,
        overdue_days=0,
        closed=False,
        haystack=f"{name}\n{company}\n".casefold(),
        sort_key=(due or date.max, name.casefold(), cid),
    )


class Host(App[None]):
    def compose(self) -> ComposeResult:
        yield ContactList(id="contacts")


def expected(rows: dict[int, ContactRow], typed: str) -> list[int]:
    needle = typed.strip().casefold()
    shown = [r for r in rows.values() if needle in r.haystack]
    return [r.contact_id for r in sorted(shown, key=lambda r: r.sort_key)]


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
async def test_rows_changed_one_by_one_and_a_filter_typed_stay_as_a_full_sort_shows(
    seed: int,
) -> None:
    rng = random.Random(seed)
    app = Host()
    async with app.run_test(size=(80, 20)) as pilot:
        listing = app.query_one(ContactList)
        rows = {cid: make_row(cid, rng) for cid in range(1, 41)}
        listing.set_rows(list(rows.values()))
        typed = ""
        for _ in range(300):
            roll = rng.random()
            before = listing.highlighted_id
            if roll < 0.45:  # a key logged or undid an attempt: one row changes
                cid = rng.randint(1, 45)  # now and then a contact that was not listed
                rows[cid] = make_row(cid, rng)
                listing.update_row(rows[cid])
                shown = expected(rows, typed)
                if before in shown:
                    assert listing.highlighted_id == before  # the cursor stays with them
            elif roll < 0.75:  # a letter typed: the filter narrows
                typed += rng.choice("aeoglnd ")
                listing.set_filter(typed)
                if before in expected(rows, typed):
                    assert listing.highlighted_id == before
            elif roll < 0.9:  # a letter deleted: it widens again
                typed = typed[:-1]
                listing.set_filter(typed)
            else:
                cid = rng.choice(list(rows))
                del rows[cid]
                listing.remove_row(cid)
            shown = expected(rows, typed)
            assert [r.contact_id for r in listing.visible_rows()] == shown, typed
            assert listing.total_count == len(rows)
            assert listing.row_count == len(shown)
            assert (listing.highlighted_id is None) == (not shown)
            if shown and listing.highlighted_id is not None:
                assert listing.select(shown[-1])
                assert listing.highlighted_id == shown[-1]
        await pilot.pause()
