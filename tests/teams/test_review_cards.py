"""A supervisor reviews in Teams through the same service and checks as the web screen."""

from __future__ import annotations

from datetime import date

from assistant import services
from assistant.teams import cards
from storage import accounts, entries
from tests.teams.test_bot import (  # noqa: F401 - fixtures reused here
    Teams,
    link,
    teams,
    texts,
    validator,
)

SUE = "aad-sue-0001"
AS_SUE = {"from": {"id": "29:supervisor-teams-id", "name": "Supervisor", "aadObjectId": SUE}}
NOTE = "Sam Reed attended a home visit."


async def submitted(app, db) -> int:
    olivia = accounts.get_user_by_username(db, "olivia")
    made = await services.create_note(app, olivia, "X100001", NOTE, date.today(), None, "web")
    await services.submit(app, olivia, made.entry.id, 1, "web")
    return made.entry.id


def verbs(card) -> list[str]:
    return [a.get("verb") for a in cards.actions_in(card) if a["type"] == "Action.Execute"]


async def test_a_supervisor_approves_from_the_card(teams: Teams, db):  # noqa: F811
    link(db, "olivia")
    link(db, "sue", SUE)
    entry_id = await submitted(teams.client.server.app, db)
    shown = await teams.press("show", {"entry_id": entry_id}, **AS_SUE)
    assert "review" in verbs(shown)
    review = await teams.press("review", {"entry_id": entry_id, "version": 1}, **AS_SUE)
    assert verbs(review) == ["approve", "return"]
    refused = await teams.press(
        "return", {"entry_id": entry_id, "version": 1, "comment": " "}, **AS_SUE
    )
    assert any("Enter a comment" in t for t in texts(refused))
    done = await teams.press("approve", {"entry_id": entry_id, "version": 1}, **AS_SUE)
    assert any(t == "Approved." for t in texts(done))
    sue = accounts.get_user_by_username(db, "sue")
    assert entries.get_entry_for(db, sue, entry_id).status == "approved"


async def test_the_author_gets_no_review_button_and_cannot_decide(teams: Teams, db):  # noqa: F811
    link(db, "olivia")
    entry_id = await submitted(teams.client.server.app, db)
    shown = await teams.press("show", {"entry_id": entry_id})
    assert "review" not in verbs(shown)
    refused = await teams.press("approve", {"entry_id": entry_id, "version": 1})
    assert texts(refused) == ["Your account cannot do that."]
    olivia = accounts.get_user_by_username(db, "olivia")
    assert entries.get_entry_for(db, olivia, entry_id).status == "submitted"
