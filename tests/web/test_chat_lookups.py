"""Questions answered from the record: when someone was last seen, and what is booked."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from assistant.chat_lookups import asks_diary, asks_last_contact, diary_period
from tests.web.conftest import sign_in
from tests.web.test_chat import send


@pytest.mark.parametrize(
    ("query", "asks"),
    [
        ("I see", True),
        ("seen", True),
        ("did we last meet", True),
        ("contact with", True),
        ("test positive", False),  # "when did Jordan last test positive": a word search
        ("hostel", False),
        ("", False),
    ],
)
def test_a_last_contact_question_is_told_from_a_word_search(query: str, asks: bool) -> None:
    assert asks_last_contact(query) is asks


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("what have I got on this week?", True),
        ("who am I seeing tomorrow", True),
        ("any appointments next week?", True),
        ("what's on Thursday", True),
        ("Sam Reed attended his appointment today and was fine, he has a new job.", False),
        ("find hostel", False),
        ("Did not attend his appointment today?", False),
    ],
)
def test_a_diary_question_is_told_from_a_note(text: str, asks: bool) -> None:
    assert asks_diary(text) is asks


def _days(period) -> tuple[date, date]:  # type: ignore[no-untyped-def]
    return period.first, period.last


def test_the_period_a_diary_question_names() -> None:
    monday = date(2026, 12, 7)
    assert _days(diary_period("what's on today", monday)) == (monday, monday)
    tomorrow = monday + timedelta(days=1)
    assert _days(diary_period("who am I seeing tomorrow", monday)) == (tomorrow, tomorrow)
    assert _days(diary_period("this week?", monday + timedelta(days=2))) == (
        monday + timedelta(days=2),
        monday + timedelta(days=6),
    )
    assert _days(diary_period("next week", monday)) == (date(2026, 12, 14), date(2026, 12, 20))
    thursday = date(2026, 12, 10)
    assert _days(diary_period("what's on Thursday", monday)) == (thursday, thursday)
    assert _days(diary_period("anything booked", monday)) == (monday, monday + timedelta(days=6))


async def _html(client, csrf: str, text: str) -> str:
    resp = await send(client, csrf, text, js=True)
    assert resp.status == 200
    return str((await resp.json())["html"])


async def test_when_someone_was_last_seen_is_answered_from_their_entries(client) -> None:
    csrf = await sign_in(client, "olivia")
    html = await _html(client, csrf, "when did I last see Priya Natt?")
    assert "No contact with Priya Natt (X100003) is recorded yet." in html
    await send(client, csrf, "Sam Reed had a home visit and attended, he is in a hostel.")
    html = await _html(client, csrf, "when did I last see Sam Reed?")
    today = date.today()
    assert f"The last contact recorded with Sam Reed (X100001) was on {today:%A} " in html
    assert "home visit (Attended – complied)." in html
    assert "last seen" not in html  # the last contact was attended: nothing more to say
    await send(client, csrf, "new contact for Sam Reed")
    await send(client, csrf, "Sam Reed home visit, nobody answered the door.")
    await send(client, csrf, "outcome unacceptable absence")
    html = await _html(client, csrf, "when did I last see Sam Reed?")
    assert "home visit (Unacceptable absence). They were last seen on" in html
    assert "home visit (Attended – complied)." in html


async def test_what_is_booked_lists_next_appointments_in_the_period(client) -> None:
    csrf = await sign_in(client, "olivia")
    html = await _html(client, csrf, "what have I got on in the next few days?")
    assert "No appointments are recorded in your entries in the next seven days." in html
    await send(client, csrf, "Sam Reed had a home visit and attended, he is in a hostel.")
    await send(client, csrf, "next appt in 2 days")
    html = await _html(client, csrf, "what have I got on in the next few days?")
    assert "1 appointment recorded in the next seven days:" in html
    assert "Sam Reed (X100001)" in html and "at 10am" in html
    html = await _html(client, csrf, "what have I got on tomorrow?")
    assert "No appointments are recorded in your entries tomorrow." in html
