"""Thank-you tasks and talking points (PRODUCT.md section 8), with hand-checked instants."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from followup_tui.domain.interviews import (
    ThankYouTask,
    first_name,
    interviews_of,
    mailto_link,
    nothing_new_line,
    talking_points,
    thank_you_draft,
    thank_you_tasks,
)
from followup_tui.domain.models import Attempt, Contact, Interview, NewsItem
from followup_tui.domain.snapshot import Snapshot

NY = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
# A real clock has microseconds; the rules must not depend on whole seconds.
NOW = datetime(2026, 12, 2, 14, 5, 7, 123456, tzinfo=UTC)


def _snapshot(
    contacts: list[Contact],
    interviews: list[Interview] = (),  # type: ignore[assignment]
    attempts: list[Attempt] = (),  # type: ignore[assignment]
    news: list[NewsItem] = (),  # type: ignore[assignment]
) -> Snapshot:
    tables = {
        "contacts": {str(c.id): c.to_doc() for c in contacts},
        "interviews": {str(i.id): i.to_doc() for i in interviews},
        "attempts": {str(a.id): a.to_doc() for a in attempts},
        "news": {str(n.id): n.to_doc() for n in news},
    }
    return Snapshot.from_tables(tables)


def _tasks(snap: Snapshot, now: datetime = NOW) -> list[ThankYouTask]:
    return thank_you_tasks(snap.interviews, snap.contacts, snap.attempts_for, now)


ANA = Contact(name="Ana Ruiz", company="Acme", emails=("ana@acme.test",), id=1)
BO = Contact(name="Bo Chen", company="Acme", id=2)
CY = Contact(name="Cy Park", company="Acme", id=3)
ACME = Interview(
    company="Acme",
    at=datetime(2026, 12, 2, 9, 30, 0, 250000, tzinfo=UTC),
    contact_ids=(1, 2, 3),
    notes="Talked about the credit desk.\nSecond line.",
    id=1,
)


def _sent(cid: int, at: datetime, doc_id: int, channel: str = "email", outcome: str = "sent"):
    return Attempt(contact_id=cid, at=at, channel=channel, outcome=outcome, id=doc_id)


def test_three_people_met_three_tasks_one_thanked_two_left():
    after = ACME.at + timedelta(hours=2, microseconds=1)
    snap = _snapshot([ANA, BO, CY], [ACME], [_sent(2, after, 1)])
    tasks = _tasks(snap)
    assert [t.contact.name for t in tasks] == ["Ana Ruiz", "Cy Park"]
    # The file keeps whole seconds: the interview is stored as 09:30:00.
    assert all(t.due == datetime(2026, 12, 3, 9, 30, tzinfo=UTC) for t in tasks)


def test_only_an_email_sent_after_the_interview_completes_the_task():
    before = ACME.at - timedelta(seconds=1)
    attempts = [
        _sent(1, before, 1),  # sent before the interview: does not count
        _sent(2, ACME.at + timedelta(hours=1), 2, channel="phone", outcome="reached"),
        _sent(3, ACME.at + timedelta(hours=1), 3, channel="email", outcome="replied"),
    ]
    snap = _snapshot([ANA, BO, CY], [ACME], attempts)
    assert [t.contact_id for t in _tasks(snap)] == [1, 2, 3]
    # An e-mail sent at the interview's stored instant completes it, even one logged with
    # microseconds in the same second (the file keeps whole seconds of both).
    snap = _snapshot([ANA, BO, CY], [ACME], [*attempts, _sent(1, ACME.at, 4)])
    assert [t.contact_id for t in _tasks(snap)] == [2, 3]


def test_future_interview_owes_nothing_and_deleted_people_are_skipped():
    later = Interview(company="Beta", at=NOW + timedelta(days=1), contact_ids=(1,), id=2)
    gone = Interview(company="Gamma", at=NOW - timedelta(hours=1), contact_ids=(9, 1, 1), id=3)
    snap = _snapshot([ANA], [later, gone])
    tasks = _tasks(snap)
    assert [(t.interview_id, t.contact_id) for t in tasks] == [(3, 1)]


def test_hours_left_and_overdue_labels():
    task = _tasks(_snapshot([ANA], [ACME]))[0]
    # Due 3 Dec 09:30:00; NOW is 2 Dec 14:05:07.123456: 19 h 24 min 52.876544 s left.
    assert abs(task.hours_left(NOW) - (19 + 24 / 60 + 52.876544 / 3600)) < 1e-9
    assert task.label(NOW) == "thank-you e-mail · 19h left"
    assert task.label(task.due - timedelta(minutes=20)) == "thank-you e-mail · 20 min left"
    assert not task.overdue(task.due)
    assert task.overdue(task.due + timedelta(microseconds=1))
    assert task.label(task.due + timedelta(hours=3, minutes=5)) == "thank-you e-mail · 3h overdue"
    assert task.label(task.due + timedelta(minutes=5)) == "thank-you e-mail · overdue"
    assert (
        task.label(task.due + timedelta(hours=47, minutes=59)) == "thank-you e-mail · 47h overdue"
    )
    assert task.label(task.due + timedelta(hours=48)) == "thank-you e-mail · 2d overdue"
    assert task.label(task.due + timedelta(days=12, hours=23)) == "thank-you e-mail · 12d overdue"


def test_24_hours_are_real_hours_across_a_dst_change():
    # New York falls back on Sun 1 Nov 2026: the day after a 15:00 interview on Saturday has
    # 25 hours, so the task is due at 14:00 local time on Sunday, not 15:00.
    at = datetime(2026, 10, 31, 15, 0, tzinfo=NY)
    interview = Interview(company="Acme", at=at.astimezone(UTC), contact_ids=(1,), id=1)
    task = _tasks(_snapshot([ANA], [interview]), now=interview.at)[0]
    assert task.due.astimezone(NY) == datetime(2026, 11, 1, 14, 0, tzinfo=NY)
    # London springs forward on Sun 29 Mar 2026: 23-hour day, due at 16:00 BST.
    at = datetime(2026, 3, 28, 15, 0, tzinfo=LONDON)
    interview = Interview(company="Acme", at=at.astimezone(UTC), contact_ids=(1,), id=1)
    task = _tasks(_snapshot([ANA], [interview]), now=interview.at)[0]
    assert task.due.astimezone(LONDON) == datetime(2026, 3, 29, 16, 0, tzinfo=LONDON)
    assert task.hours_left(interview.at) == 24


def test_tasks_sorted_soonest_first_then_by_name():
    early = Interview(company="Early", at=ACME.at - timedelta(hours=5), contact_ids=(3,), id=2)
    snap = _snapshot([ANA, BO, CY], [ACME, early])
    assert [(t.interview_id, t.contact.name) for t in _tasks(snap)] == [
        (2, "Cy Park"),
        (1, "Ana Ruiz"),
        (1, "Bo Chen"),
        (1, "Cy Park"),
    ]


def test_file_with_only_documented_fields_gives_the_same_tasks():
    tables = {
        "contacts": {"1": {"name": "Ana Ruiz"}, "2": {"name": "Bo Chen"}},
        "interviews": {
            "1": {"company": "Acme", "at": "2026-12-02T09:30:00+00:00", "contact_ids": [1, 2]}
        },
        "attempts": {
            "1": {
                "contact_id": 2,
                "at": "2026-12-02T11:00:00+00:00",
                "channel": "email",
                "outcome": "sent",
            }
        },
    }
    snap = Snapshot.from_tables(tables)
    tasks = _tasks(snap)
    assert [t.contact.name for t in tasks] == ["Ana Ruiz"]
    assert interviews_of(1, snap.interviews)[0].company == "Acme"


def test_draft_fills_the_known_fields_and_leaves_other_braces():
    task = _tasks(_snapshot([ANA], [ACME]))[0]
    draft = thank_you_draft(task)
    assert draft.startswith("Subject: Thank you, Ana\n\nDear Ana,\n")
    assert "meet me at Acme on Wed 2 Dec 2026. Talked about the credit desk.\n" in draft
    assert "Second line" not in draft
    odd = thank_you_draft(task, "{x} {{ {name} { {date}", zone_date="Wed 2 Dec")
    assert odd == "{x} {{ Ana Ruiz { Wed 2 Dec"


def test_draft_of_a_hostile_name_is_text():
    evil = Contact(name="[@click=app.quit]x[/] {date}", id=1)
    task = _tasks(_snapshot([evil], [ACME]))[0]
    assert thank_you_draft(task, "{name}") == "[@click=app.quit]x[/] {date}"


def test_mailto_link_splits_the_subject_and_encodes_everything():
    link = mailto_link("ana@acme.test", "Subject: Thank you & more\n\nDear Ana,\nLine 2 ?=#")
    parts = urlsplit(link)
    assert parts.scheme == "mailto" and parts.path == "ana@acme.test"
    query = parse_qs(parts.query)
    assert query["subject"] == ["Thank you & more"]
    assert query["body"] == ["Dear Ana,\nLine 2 ?=#"]
    assert mailto_link("a@b.test", "") == "mailto:a@b.test"


@given(st.text(), st.text())
def test_mailto_body_round_trips(address: str, body: str):
    link = mailto_link(address, "x\n" + body)
    after_scheme = link[len("mailto:") :]
    path, _, query = after_scheme.partition("?")
    assert unquote(path) == address
    got = {k: unquote(v) for k, v in (p.split("=", 1) for p in query.split("&") if p)}
    assert got.get("body", "") == ("x\n" + body)


NEWS = [
    NewsItem(text="passed CFA Level II", on=date(2026, 8, 20), id=1),
    NewsItem(text="published a note on regional banks", on=date(2026, 11, 3), id=2),
    NewsItem(text="started a Python course", on=date(2026, 11, 3), id=3),
]


def test_talking_points_newest_first_and_shared_items_gone_for_that_contact_only():
    shared_with_ana = Attempt(
        contact_id=1, at=NOW, channel="phone", outcome="reached", news_ids=(2,), id=1
    )
    snap = _snapshot([ANA, BO], attempts=[shared_with_ana], news=NEWS)
    ana = talking_points(snap.news, snap.attempts_for(1))
    bo = talking_points(snap.news, snap.attempts_for(2))
    assert [n.id for n in ana] == [3, 1]
    assert [n.id for n in bo] == [3, 2, 1]


def test_keep_warm_contact_who_heard_everything_gets_the_gentle_line():
    warm = Contact(name="Kim Lee", status="keep_warm", id=1)
    all_shared = Attempt(
        contact_id=1, at=NOW, channel="email", outcome="sent", news_ids=(1, 2, 3), id=1
    )
    snap = _snapshot([warm], attempts=[all_shared], news=NEWS)
    points = talking_points(snap.news, snap.attempts_for(1))
    assert points == []
    assert nothing_new_line(warm, points, len(snap.news)) is not None
    assert nothing_new_line(ANA, points, len(snap.news)) is None  # not keep_warm
    assert nothing_new_line(warm, points, 0) is None  # an empty bank is not "heard it all"


def test_labels_at_the_hour_and_minute_boundaries():
    task = _tasks(_snapshot([ANA], [ACME]))[0]
    due = task.due
    label = task.label
    assert label(due - timedelta(hours=2)) == "thank-you e-mail · 2h left"
    assert label(due - timedelta(hours=1)) == "thank-you e-mail · 1h left"
    assert label(due - timedelta(minutes=59, seconds=30)) == "thank-you e-mail · 59 min left"
    assert label(due - timedelta(seconds=30)) == "thank-you e-mail · 0 min left"
    # due now: not yet overdue
    assert label(due) == "thank-you e-mail · 0 min left"
    assert label(due + timedelta(minutes=59)) == "thank-you e-mail · overdue"
    assert label(due + timedelta(hours=1)) == "thank-you e-mail · 1h overdue"
    assert label(due + timedelta(hours=1, minutes=59)) == "thank-you e-mail · 1h overdue"
    assert label(due + timedelta(hours=2)) == "thank-you e-mail · 2h overdue"


def test_interviews_of_a_contact_newest_first():
    at = ACME.at
    older = Interview(company="Old", at=at - timedelta(days=3), contact_ids=(1,), id=1)
    same_a = Interview(company="A", at=at, contact_ids=(1, 2), id=2)
    same_b = Interview(company="B", at=at, contact_ids=(1,), id=3)
    newest = Interview(company="New", at=at + timedelta(hours=1), contact_ids=(2, 1), id=4)
    elsewhere = Interview(company="Other", at=at, contact_ids=(2,), id=5)
    table = {i.id: i for i in (older, same_a, same_b, newest, elsewhere)}
    # the same instant: the one entered later (higher id) first
    assert [i.company for i in interviews_of(1, table)] == ["New", "B", "A", "Old"]
    assert [i.company for i in interviews_of(3, table)] == []


def test_first_name_of_odd_names():
    assert first_name("Dana K. Whitfield") == "Dana"
    assert first_name("  Cher ") == "Cher"
    assert first_name("") == ""
    assert first_name("   ") == "   "


def test_draft_note_is_the_first_non_empty_line_and_nothing_without_notes():
    task = _tasks(_snapshot([ANA], [ACME]))[0]
    for notes, note in [("", ""), ("\n\n  Loved the team.  \nmore", "Loved the team.")]:
        interview = Interview(company="Acme", at=ACME.at, contact_ids=(1,), notes=notes, id=1)
        draft = thank_you_draft(ThankYouTask(interview, ANA, task.due), "[{note}]")
        assert draft == f"[{note}]"


def test_draft_company_is_the_interviews_else_the_contacts():
    at = ACME.at
    for company, expected in [("Beta Bank", "Beta Bank"), ("", "Acme")]:
        interview = Interview(company=company, at=at, contact_ids=(1,), id=1)
        task = ThankYouTask(interview, ANA, at + timedelta(hours=24))
        assert thank_you_draft(task, "at {company}") == f"at {expected}"


def test_nothing_new_line_words():
    warm = Contact(name="Kim Lee", status="keep_warm", id=1)
    assert (
        nothing_new_line(warm, [], 3) == "nothing new to tell them: add news with w before you call"
    )


def test_mailto_keeps_the_body_as_written_and_encodes_slashes():
    link = mailto_link("ana@acme.test", "Subject: Q3/Q4 plans\n\n  Xavier and I,\nthanks")
    query = urlsplit(link).query
    assert "subject=Q3%2FQ4%20plans" in query
    body = parse_qs(query)["body"]
    # only the blank line after the subject goes: indentation and first letters stay
    assert body == ["  Xavier and I,\nthanks"]
    assert "body=Xavier" in mailto_link("x@y.test", "Subject: a/b\n\nXavier/Yves")
    assert mailto_link("x@y.test", "Subject: a/b\n\nXavier/Yves").endswith("Xavier%2FYves")


# -- the forms' checks ----------------------------------------------------------------------


def test_check_interview_reads_the_fields_and_creates_new_people():
    from followup_tui.domain.interviews import check_interview

    interview, people = check_interview(
        company="  Acme ",
        at="yesterday 9:15",
        contact_ids=[2, 1, 2],
        new_names=["Dee Low", " ", "dee low", "Eve [b]x[/b]"],
        notes="  Panel\nSecond line ",
        now=NOW,
        user_zone="Europe/London",
        interview_id=7,
    )
    # Tue 1 Dec 09:15 in London is 09:15 UTC (winter time).
    assert interview == Interview(
        "Acme", datetime(2026, 12, 1, 9, 15, tzinfo=UTC), (2, 1), "Panel\nSecond line", 7
    )
    assert [(p.name, p.company, p.created_at) for p in people] == [
        ("Dee Low", "Acme", NOW),
        ("dee low", "Acme", NOW),
        ("Eve [b]x[/b]", "Acme", NOW),
    ]


def test_check_interview_keeps_whole_seconds_so_an_email_in_the_same_second_counts():
    from followup_tui.domain.interviews import check_interview, thanked

    interview, _ = check_interview(
        company="Acme",
        at="now",
        contact_ids=[1],
        new_names=[],
        notes="",
        now=NOW,
        user_zone="UTC",
    )
    assert interview.at == NOW.replace(microsecond=0)
    sent_as_stored = Attempt(1, NOW.replace(microsecond=0), "email", "sent")
    assert thanked(1, interview, [sent_as_stored])


def test_check_interview_errors_name_their_fields():
    import pytest

    from followup_tui.domain.interviews import check_interview
    from followup_tui.domain.validation import FormErrors

    with pytest.raises(FormErrors) as info:
        check_interview(
            company=" ",
            at="tomorrow at noon",
            contact_ids=[],
            new_names=["  "],
            notes="x" * 20_001,
            now=NOW,
            user_zone="UTC",
        )
    assert set(info.value.errors) == {"company", "at", "people", "notes"}
    assert info.value.errors["company"] == "the company is required"
    with pytest.raises(FormErrors) as info:
        check_interview(
            company="A" * 201,
            at="now",
            contact_ids=[],
            new_names=["N" * 201],
            notes="",
            now=NOW,
            user_zone="UTC",
        )
    assert info.value.errors == {
        "company": "at most 200 characters",
        "people": "a name has at most 200 characters",
    }


def test_check_news_dates():
    import pytest

    from followup_tui.domain.interviews import check_news
    from followup_tui.domain.validation import FormErrors

    today = date(2026, 12, 2)
    assert check_news(text=" CFA II ", on="", today=today) == NewsItem("CFA II", today)
    assert check_news(text="x", on="Yesterday", today=today, news_id=4) == NewsItem(
        "x", date(2026, 12, 1), 4
    )
    assert check_news(text="x", on="2026-02-28", today=today).on == date(2026, 2, 28)
    for typed, message in (
        ("2026-02-30", "a date like 2026-11-20 (or today, yesterday)"),
        ("2026-12-03", "news is dated today or earlier"),
        ("0999-01-01", "a date from 1900"),
    ):
        with pytest.raises(FormErrors) as info:
            check_news(text="x", on=typed, today=today)
        assert info.value.errors == {"on": message}
    with pytest.raises(FormErrors) as info:
        check_news(text="\x1b[31m \n", on="today", today=today)
    assert set(info.value.errors) == {"text"}


@given(st.text(max_size=40), st.text(max_size=20))
def test_check_news_never_fails_otherwise(text, on):
    from followup_tui.domain.interviews import check_news
    from followup_tui.domain.validation import FormErrors

    try:
        item = check_news(text=text, on=on, today=date(2026, 12, 2))
    except FormErrors as exc:
        assert set(exc.errors) <= {"text", "on"}
    else:
        assert item.text and item.on <= date(2026, 12, 2)


def test_the_draft_reads_the_settings_template_by_default():
    from followup_tui.domain.settings import DEFAULT_THANK_YOU, Settings

    assert Settings().thank_you_template == DEFAULT_THANK_YOU
    task = ThankYouTask(ACME, ANA, ACME.at + timedelta(hours=24))
    draft = thank_you_draft(task, Settings().thank_you_template, zone_date="Wed 2 Dec")
    assert draft.splitlines()[:3] == ["Subject: Thank you, Ana", "", "Dear Ana,"]
    assert "meet me at Acme on Wed 2 Dec. Talked about the credit desk." in draft


def test_check_interview_takes_each_field_at_its_longest_and_says_what_is_missing():
    import pytest

    from followup_tui.domain.interviews import check_interview
    from followup_tui.domain.validation import FormErrors

    interview, people = check_interview(
        company="A" * 200,
        at="now",
        contact_ids=[],
        new_names=["N" * 200],
        notes="n" * 20_000,
        now=NOW,
        user_zone="UTC",
    )
    assert len(interview.company) == 200 and len(interview.notes) == 20_000
    assert [p.name for p in people] == ["N" * 200]
    with pytest.raises(FormErrors) as info:
        check_interview(
            company="Acme",
            at="now",
            contact_ids=[],
            new_names=[],
            notes="",
            now=NOW,
            user_zone="UTC",
        )
    assert info.value.errors == {"people": "add the people you met (type a name, then enter)"}


def test_check_news_at_the_edges():
    import pytest

    from followup_tui.domain.interviews import check_news
    from followup_tui.domain.validation import FormErrors

    today = date(2026, 12, 2)
    # 500 characters, a line break kept (a news item may run over two lines), today, 1900.
    assert check_news(text="x" * 500, on="today", today=today).text == "x" * 500
    assert check_news(text="CFA II\npassed", on="today", today=today).text == "CFA II\npassed"
    assert check_news(text="x", on="2026-12-02", today=today).on == today
    assert check_news(text="x", on="1900-01-01", today=today).on == date(1900, 1, 1)
    for text, on, errors in (
        ("x" * 501, "today", {"text": "at most 500 characters"}),
        ("", "today", {"text": "write the news (e.g. passed CFA Level II)"}),
        ("x", "1899-12-31", {"on": "a date from 1900"}),
    ):
        with pytest.raises(FormErrors) as info:
            check_news(text=text, on=on, today=today)
        assert info.value.errors == errors
