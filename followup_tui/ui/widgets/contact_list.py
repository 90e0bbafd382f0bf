"""The contact list: one line per contact, sorted by next due, filterable.

A line-API widget: only the lines on screen are rendered, each straight into segments, so a
list of thousands of contacts costs no more to draw than a list of thirty. Filtering is a
substring test over a pre-folded string per row. User text goes into ``Segment``s as is: it
is never parsed as markup.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable
from datetime import date, datetime

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from followup_tui.domain.rules import due_words
from followup_tui.domain.text import clean_line
from followup_tui.ui.rows import ContactRow
from followup_tui.ui.widgets.line_view import resize_scrollable

# Fixed column widths; name and company share what is left.
W_STATUS, W_ATTEMPTS, W_LAST, W_DUE = 9, 3, 7, 10
#: The name stays readable first: columns go (status, company, last, #) before it gets less.
W_NAME_MIN = 16
W_COMPANY_MIN = 10
#: (company shown, status, attempts, last) from the widest to the narrowest layout.
LAYOUTS: tuple[tuple[bool, int, int, int], ...] = (
    (True, W_STATUS, W_ATTEMPTS, W_LAST),
    (True, 0, W_ATTEMPTS, W_LAST),
    (False, 0, W_ATTEMPTS, W_LAST),
    (False, 0, W_ATTEMPTS, 0),
    (False, 0, 0, 0),
)
HEADINGS = ("Name", "Company", "Status", "#", "Last", "Next due")
PENDING = "…"


def ago(instant: datetime | None, now: datetime) -> str:
    """A short "3d ago" for the last touch."""
    if instant is None:
        return "never"
    seconds = (now - instant).total_seconds()
    if seconds < 60:
        return "now"
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes}m ago"
    hours = minutes // 60
    if hours < 24:
        return f"{hours}h ago"
    days = hours // 24
    if days < 14:
        return f"{days}d ago"
    if days < 60:
        return f"{days // 7}w ago"
    if days < 365:
        return f"{days // 30}mo ago"
    return f"{days // 365}y ago"


def due_text(row: ContactRow, today: date) -> tuple[str, str]:
    """The "Next due" cell (``rules.due_words``, short) and its tone (``overdue``, ``today``
    or ``""``)."""
    due = row.next_due
    text = due_words(due, today, row.overdue_days, short=True, needs_next_step=row.needs_next_step)
    if due is None:
        return text, "today" if row.needs_next_step else ""
    if due < today and row.overdue_days > 0:
        return text, "overdue"
    if due <= today:
        return text, "today"
    return text, ""


def task_text(due: datetime, now: datetime) -> tuple[str, str]:
    """The "Next due" cell of a contact owed a thank-you e-mail: ``✉ 5h left`` (tone
    ``today``) or ``✉ 3h late`` / ``✉ 2d late`` (tone ``overdue``)."""
    seconds = (due - now).total_seconds()
    if seconds >= 0:
        return f"✉ {int(seconds // 3600)}h left", "today"
    hours = int(-seconds // 3600)
    return (f"✉ {hours}h late" if hours < 24 else f"✉ {hours // 24}d late"), "overdue"


def column_widths(
    width: int, name_need: int = 0, company_need: int = 0
) -> tuple[int, int, int, int, int, int]:
    """(name, company, status, #, last, next due) for a list ``width`` cells wide; 0 for a
    column left out.

    ``name_need`` and ``company_need`` are the typical lengths of the names and companies
    listed (``typical_width``). The widest layout in which both read in full wins, the status
    going first if need be; the space left is shared between them. When no layout fits both,
    the name stays readable first: the widest layout whose name gets ``W_NAME_MIN`` cells wins
    (status, company, last, # go before it gets less; with typical lengths given, the status
    is shown only beside companies in full)."""
    name_full = max(W_NAME_MIN, name_need)
    for company, status, attempts, last in LAYOUTS if company_need else ():
        if not company:
            break
        shown = [w for w in (status, attempts, last) if w]
        flexible = width - sum(shown) - W_DUE - (len(shown) + 2)
        extra = flexible - name_full - company_need
        if extra >= 0:
            name = name_full + extra // 2
            return name, flexible - name, status, attempts, last, W_DUE
    for company, status, attempts, last in LAYOUTS:
        if status and company_need:
            continue  # the company, even cut, comes before the status
        shown = [w for w in (status, attempts, last) if w]
        columns = 2 + len(shown) + (1 if company else 0)  # name, due, the others
        flexible = width - sum(shown) - W_DUE - (columns - 1)
        if company:
            name = max(W_NAME_MIN, (flexible * 11) // 20)
            if name_need:  # no wider than the names are: the company gets the rest
                name = min(name, name_full)
            rest = flexible - name
            if rest >= W_COMPANY_MIN:
                return name, rest, status, attempts, last, W_DUE
        elif flexible >= W_NAME_MIN:
            return flexible, 0, status, attempts, last, W_DUE
    return max(4, width - W_DUE - 1), 0, 0, 0, 0, W_DUE


#: Longest name or company the list makes room for in full; longer ones are cut with "…".
TYPICAL_CAP = 28


def typical_width(texts: Iterable[str], share: float = 0.9) -> int:
    """The width that shows ``share`` of ``texts`` in full (at most ``TYPICAL_CAP``; 0 for
    none): one very long company name does not take the place of the status column."""
    lengths = sorted(
        min(len(text) if text.isascii() else cell_len(text), TYPICAL_CAP) for text in texts
    )
    if not lengths:
        return 0
    return lengths[max(0, math.ceil(len(lengths) * share) - 1)]  # the nearest rank


def _fit(text: str, width: int) -> str:
    """Pad or cut ``text`` to exactly ``width`` cells, with an ellipsis when cut."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


def _fit_right(text: str, width: int) -> str:
    size = cell_len(text)
    if size >= width:
        return _fit(text, width)
    return " " * (width - size) + text


def _order(row: ContactRow) -> tuple[date, str, int]:
    return row.sort_key


def _remove_sorted(rows: list[ContactRow], row: ContactRow) -> None:
    """Take ``row`` out of ``rows`` (sorted by sort key) if it is there."""
    index = bisect.bisect_left(rows, row.sort_key, key=_order)
    if index < len(rows) and rows[index].contact_id == row.contact_id:
        del rows[index]


class ContactList(ScrollView, can_focus=True):
    """Contacts, one a line, soonest due first, with a sticky heading line."""

    BINDINGS = [
        Binding("up,k", "cursor_up", "Previous contact", show=False),
        Binding("down,j", "cursor_down", "Next contact", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "first", "First contact", show=False),
        Binding("end", "last", "Last contact", show=False),
    ]

    COMPONENT_CLASSES = {
        "contact-list--heading",
        "contact-list--cursor",
        "contact-list--overdue",
        "contact-list--today",
        "contact-list--closed",
        "contact-list--empty",
    }

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class ContactHighlighted(Message):
        """The cursor moved to another contact (``None``: the list shows nobody)."""

        def __init__(
            self, contact_list: ContactList, contact_id: int | None, *, by_filter: bool = False
        ) -> None:
            super().__init__()
            self.contact_list = contact_list
            self.contact_id = contact_id
            self.by_filter = by_filter
            """The filter changed, not the cursor: more keystrokes may follow."""

        @property
        def control(self) -> ContactList:
            return self.contact_list

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,  # noqa: A002 - Textual's parameter name
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._rows: list[ContactRow] = []
        self._by_id: dict[int, ContactRow] = {}
        """Each contact's row as listed (its sort key finds it in ``_rows``)."""
        self._visible: list[ContactRow] = []
        self._filter = ""
        self._highlighted: int | None = None
        self._by_filter = False
        self._now: datetime | None = None
        self._today: date | None = None
        self._tasks: dict[int, datetime] = {}
        self._cache: dict[tuple[int, int, bool], Strip] = {}
        self._styles: dict[str, Style] = {}
        self._needs: tuple[int, int] | None = None
        """Typical (name, company) widths of every row, filtered or not; None: to measure."""

    # -- data --------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        """Contacts shown (after the filter)."""
        return len(self._visible)

    @property
    def total_count(self) -> int:
        return len(self._rows)

    @property
    def filter_text(self) -> str:
        return self._filter

    @property
    def filtering(self) -> bool:
        """The cursor is moving because the filter changed (more keystrokes may follow)."""
        return self._by_filter

    @property
    def highlighted_id(self) -> int | None:
        if 0 <= self.cursor < len(self._visible):
            return self._visible[self.cursor].contact_id
        return None

    def visible_rows(self) -> list[ContactRow]:
        return list(self._visible)

    def set_clock(self, now: datetime, today: date) -> None:
        """The instant and the user's day the relative columns are computed for."""
        if (now, today) != (self._now, self._today):
            self._now, self._today = now, today
            self._invalidate()

    def set_tasks(self, due_by_contact: dict[int, datetime]) -> None:
        """Contacts owed a thank-you e-mail, with the soonest due instant: their "Next due"
        cell shows the hours left (or how late it is) instead."""
        if due_by_contact != self._tasks:
            self._tasks = dict(due_by_contact)
            self._invalidate()

    def set_rows(self, rows: Iterable[ContactRow], keep: int | None = None) -> None:
        """Show ``rows`` (sorted here); keep the cursor on contact ``keep`` if it is shown."""
        keep = self.highlighted_id if keep is None else keep
        self._rows = sorted(rows, key=_order)
        self._by_id = {row.contact_id: row for row in self._rows}
        self._needs = None
        self._apply_filter(keep)

    def update_row(self, row: ContactRow) -> None:
        """Replace (or add) one contact's row, keeping the order: found and put back by its
        sort key (a key that logs an attempt costs the same at 50 contacts as at 5,000)."""
        keep = self.highlighted_id
        old = self._by_id.get(row.contact_id)
        filtered = self._visible is not self._rows
        if old is not None:
            _remove_sorted(self._rows, old)
            if filtered:
                _remove_sorted(self._visible, old)
        bisect.insort(self._rows, row, key=_order)
        self._by_id[row.contact_id] = row
        needle = self._filter.strip().casefold()
        if filtered and needle in row.haystack:
            bisect.insort(self._visible, row, key=_order)
        needs = self._needs
        if needs is not None and (
            cell_len(row.name) > needs[0] or cell_len(row.company) > needs[1]
        ):
            self._needs = None  # measured again: a row within the typical widths changes nothing
        self._after_change(self._index_of(keep))

    def remove_row(self, contact_id: int) -> None:
        index = self.cursor
        self._rows = [r for r in self._rows if r.contact_id != contact_id]
        self._visible = [r for r in self._visible if r.contact_id != contact_id]
        self._by_id.pop(contact_id, None)
        self._after_change(min(index, len(self._visible) - 1))

    def set_filter(self, text: str) -> None:
        """Show only contacts whose name, company or a tag contains ``text`` (any case)."""
        if text == self._filter:
            return
        before = self._filter.strip().casefold()
        self._filter = text
        self._by_filter = True
        try:
            # A longer needle that holds the last one only matches rows the last one did:
            # each letter typed looks at the rows still shown, not at every contact.
            narrower = bool(before) and before in text.strip().casefold()
            self._apply_filter(self.highlighted_id, narrower=narrower)
        finally:
            self._by_filter = False

    def select(self, contact_id: int) -> bool:
        index = self._index_of(contact_id)
        if index is None:
            return False
        self.cursor = index
        return True

    def _index_of(self, contact_id: int | None) -> int | None:
        """Where contact ``contact_id`` is shown (None: it is not), by its sort key."""
        row = self._by_id.get(contact_id) if contact_id is not None else None
        if row is None:
            return None
        visible = self._visible
        index = bisect.bisect_left(visible, row.sort_key, key=_order)
        if index < len(visible) and visible[index].contact_id == contact_id:
            return index
        return None

    def _apply_filter(self, keep: int | None, *, narrower: bool = False) -> None:
        needle = self._filter.strip().casefold()
        if needle:
            shown = self._visible if narrower else self._rows
            self._visible = [r for r in shown if needle in r.haystack]
        else:
            self._visible = self._rows
        self._after_change(self._index_of(keep) or 0)

    def _after_change(self, index: int | None) -> None:
        self._invalidate()
        self._set_virtual_height(len(self._visible) + 1)
        self.cursor = max(0, index or 0)

    def _set_virtual_height(self, height: int) -> None:
        """Resize the scrollable area (every filter keystroke) without a layout of the whole
        screen."""
        resize_scrollable(self, Size(0, height))

    def _invalidate(self) -> None:
        self._cache.clear()
        self.refresh()

    # -- cursor --------------------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._visible) - 1)) if self._visible else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_to_cursor()
        self.refresh()
        highlighted = self.highlighted_id
        if highlighted != self._highlighted:
            self._highlighted = highlighted
            self.post_message(self.ContactHighlighted(self, highlighted, by_filter=self._by_filter))

    def _scroll_to_cursor(self) -> None:
        body = max(1, self.scrollable_content_region.height - 1)
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, force=True)
        elif self.cursor >= top + body:
            self.scroll_to(y=self.cursor - body + 1, animate=False, force=True)

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 2)

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_page_up(self) -> None:
        self.cursor -= self._page()

    def action_page_down(self) -> None:
        self.cursor += self._page()

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self._visible) - 1

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        index = round(self.scroll_y) + offset.y - 1
        if 0 <= index < len(self._visible):
            self.cursor = index

    def on_resize(self, event: events.Resize) -> None:
        self._invalidate()
        self._scroll_to_cursor()

    def on_focus(self) -> None:
        self._styles.clear()
        self._invalidate()

    def on_blur(self) -> None:
        self._styles.clear()
        self._invalidate()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._cache.clear()

    def _style(self, name: str = "") -> Style:
        """The base style or a component's, computed once per style change (it is costly)."""
        style = self._styles.get(name)
        if style is None:
            if name:
                style = self.get_component_rich_style(f"contact-list--{name}")
            else:
                style = self.rich_style
            self._styles[name] = style
        return style

    # -- drawing -------------------------------------------------------------------------------

    def _widths(self, width: int) -> tuple[int, int, int, int, int, int]:
        if self._needs is None:
            self._needs = (
                typical_width(row.name for row in self._rows),
                typical_width(row.company for row in self._rows),
            )
        return column_widths(width, *self._needs)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self._style()
        if y == 0:
            return self._heading(width, base)
        index = round(self.scroll_y) + y - 1
        if not self._visible:
            if y == 1:
                return self._empty_line(width, base)
            return Strip.blank(width, base)
        if index >= len(self._visible):
            return Strip.blank(width, base)
        is_cursor = index == self.cursor
        key = (index, width, is_cursor)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._row_strip(self._visible[index], width, base, is_cursor)
            if len(self._cache) > 512:
                self._cache.clear()
            self._cache[key] = strip
        return strip

    def _heading(self, width: int, base: Style) -> Strip:
        style = base + self._style("heading")
        cells = [
            _fit(text, w) if i < 3 else _fit_right(text, w)
            for i, (text, w) in enumerate(zip(HEADINGS, self._widths(width), strict=True))
            if w
        ]
        line = " ".join(cells)
        return Strip([Segment(_fit(line, width), style)], width)

    def _empty_line(self, width: int, base: Style) -> Strip:
        style = base + self._style("empty")
        if self._filter.strip():
            text = f"No contact matches “{clean_line(self._filter)}” (escape clears)"
        else:
            text = "No contacts yet."
        return Strip([Segment(_fit(text, width), style)], width)

    def _row_strip(self, row: ContactRow, width: int, base: Style, is_cursor: bool) -> Strip:
        now = self._now
        today = self._today
        w_name, w_company, w_status, w_att, w_last, w_due = self._widths(width)
        style = base
        if row.closed:
            style += self._style("closed")
        if is_cursor:
            style += self._style("cursor")
        if row.pending:
            count, last, due, tone = PENDING, PENDING, PENDING, ""
        else:
            count = str(row.attempts)
            last = ago(row.last_touch, now) if now is not None else ""
            due, tone = due_text(row, today) if today is not None else ("", "")
            task_due = self._tasks.get(row.contact_id)
            if task_due is not None and now is not None:
                due, tone = task_text(task_due, now)
        due_style = style
        if tone and not row.closed:
            due_style = style + self._style(tone)
            if is_cursor:
                due_style += Style(bgcolor=style.bgcolor)
        left = " ".join(
            cell
            for cell, w in (
                (_fit(row.name, w_name), w_name),
                (_fit(row.company, w_company), w_company),
                (_fit(row.status, w_status), w_status),
                (_fit_right(count, w_att), w_att),
                (_fit_right(last, w_last), w_last),
                ("", 1),
            )
            if w
        )
        segments = [Segment(left, style), Segment(_fit_right(due, w_due), due_style)]
        used = cell_len(left) + w_due
        if used < width:
            segments.append(Segment(" " * (width - used), style))
        return Strip(segments).crop(0, width)
