"""submit() and review(): version checks, four eyes, comments, and who hears of it."""

from __future__ import annotations

from datetime import date

import pytest

from assistant import services
from assistant.services import events
from storage.errors import Conflict, Forbidden, InvalidTransition

DAY = date(2026, 11, 20)


@pytest.fixture
async def entry(app, user):
    note = "Office visit, attended."
    return (
        await services.create_note(app, user("olivia"), "X100001", note, DAY, None, "web")
    ).entry


@pytest.fixture
def heard(app) -> list:
    found: list = []
    app[events.listeners_key].append(lambda _app, e: found.append((e.id, e.status)))
    return found


async def test_submit_checks_the_version_and_tells_listeners(app, user, entry, heard) -> None:
    olivia = user("olivia")
    with pytest.raises(Conflict):
        await services.submit(app, olivia, entry.id, 0, "api")
    saved = await services.submit(app, olivia, entry.id, 1, "api")
    assert saved.status == "submitted"
    assert heard == [(entry.id, "submitted")]
    with pytest.raises(InvalidTransition):
        await services.submit(app, olivia, entry.id, 1, "api")


async def test_a_returned_entry_is_resubmitted(app, user, entry, heard) -> None:
    await services.submit(app, user("olivia"), entry.id, 1, "web")
    back = await services.review(app, user("sue"), entry.id, "return", 1, "web", " Add the date ")
    assert (back.status, back.review_comment) == ("returned", "Add the date")
    again = await services.submit(app, user("olivia"), entry.id, 1, "teams")
    assert again.status == "submitted"
    assert [s for _, s in heard] == ["submitted", "returned", "submitted"]


async def test_approve_needs_a_supervisor_who_is_not_the_author(app, user, entry) -> None:
    await services.submit(app, user("olivia"), entry.id, 1, "web")
    with pytest.raises(Forbidden):
        await services.review(app, user("olivia"), entry.id, "approve", 1, "web")
    with pytest.raises(Conflict):
        await services.review(app, user("sue"), entry.id, "approve", 0, "web")
    approved = await services.review(app, user("sue"), entry.id, "approve", 1, "web")
    assert (approved.status, approved.approved_version) == ("approved", 1)


@pytest.mark.parametrize(
    ("decision", "comment", "field"),
    [("maybe", None, "decision"), ("return", "  ", "comment"), ("return", "x" * 2001, "comment")],
)
async def test_a_decision_that_cannot_be_made_says_what_to_fix(
    app, user, entry, decision, comment, field
) -> None:
    await services.submit(app, user("olivia"), entry.id, 1, "web")
    with pytest.raises(services.ReviewError) as caught:
        await services.review(app, user("sue"), entry.id, decision, 1, "api", comment)
    assert caught.value.field == field
