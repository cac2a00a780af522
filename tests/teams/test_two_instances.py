"""Teams behind a load balancer: the link code one instance's bot issues is redeemed on
another instance's page, and after that either instance answers Teams as the officer
(the codes and links live in the database, issue 14)."""

from __future__ import annotations

from storage import accounts, teams_links
from tests.teams.conftest import AAD_ID, TENANT_ID, post_activity
from tests.teams.test_linking import code_from_bot
from tests.web.conftest import sign_in


async def test_a_code_issued_on_one_instance_links_on_the_other(
    make_teams_client, microsoft, make_token, make_activity, db
):
    a = await make_teams_client()
    b = await make_teams_client()
    code = await code_from_bot(a, microsoft, make_token, make_activity)
    token = await sign_in(b, "olivia")
    step_one = await b.post("/teams/link", data={"csrf_token": token, "code": code})
    assert step_one.status == 200 and "Confirm the Teams account" in await step_one.text()
    done = await b.post(
        "/teams/link/confirm", data={"csrf_token": token, "code": code}, allow_redirects=False
    )
    assert done.status == 303
    olivia = accounts.get_user_by_username(db, "olivia")
    assert teams_links.linked_user(db, TENANT_ID, AAD_ID) == olivia
    for instance in (a, b):  # each now answers Teams as olivia, not with the link card
        resp = await post_activity(instance, make_activity("my drafts"), make_token())
        assert resp.status == 200
        card = microsoft.replies[-1]["activity"]["attachments"][0]["content"]
        assert "You have no drafts." in [r["text"] for r in card["body"][0]["inlines"]]


async def test_a_code_is_redeemed_once_whichever_instance_is_asked(
    make_teams_client, microsoft, make_token, make_activity, db
):
    a = await make_teams_client()
    b = await make_teams_client()
    code = await code_from_bot(a, microsoft, make_token, make_activity)
    token_a = await sign_in(a, "olivia")
    first = await a.post(
        "/teams/link/confirm", data={"csrf_token": token_a, "code": code}, allow_redirects=False
    )
    assert first.status == 303
    token_b = await sign_in(b, "sue")
    again = await b.post("/teams/link/confirm", data={"csrf_token": token_b, "code": code})
    assert again.status == 400  # spent on A, so refused on B: sue cannot take the link
    olivia = accounts.get_user_by_username(db, "olivia")
    assert teams_links.linked_user(db, TENANT_ID, AAD_ID) == olivia
