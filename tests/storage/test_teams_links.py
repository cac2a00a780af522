"""Teams links: one-time codes, linking and unlinking with audit, webhook replies kept once."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from storage_helpers import NOW, World

from storage import accounts, audit, teams_links
from storage.errors import Forbidden, NotFound

TENANT = "tenant-1"
AAD = "00000000-0000-0000-0000-0000000000a1"


def test_code_links_the_teams_user_to_the_account_once(world: World) -> None:
    db = world.db
    code = teams_links.issue_code(db, TENANT, AAD, "Olivia in Teams", 15, now=NOW)
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", code)
    assert db.execute("SELECT count(*) FROM teams_link_codes").fetchone()[0] == 1
    assert code.replace("-", "") not in str(list(db.query("SELECT * FROM teams_link_codes")))
    pending = teams_links.pending_code(db, f" {code.lower()} ", now=NOW)
    assert (pending.aad_object_id, pending.teams_name) == (AAD, "Olivia in Teams")

    made = teams_links.link(db, world.officer_a1, code, now=NOW)
    assert (made.user_id, made.tenant_id, made.aad_object_id) == (world.officer_a1.id, TENANT, AAD)
    assert teams_links.linked_user(db, TENANT, AAD) == world.officer_a1
    assert teams_links.linked_user(db, "other-tenant", AAD) is None
    with pytest.raises(NotFound):
        teams_links.link(db, world.officer_a2, code, now=NOW)  # used up
    last = list(db.query("SELECT * FROM audit_log ORDER BY id DESC LIMIT 1"))[0]
    assert (last["action"], last["user_id"]) == ("teams_linked", world.officer_a1.id)
    assert AAD not in last["detail"]
    assert audit.verify(db) == []


def test_expired_and_replaced_codes_are_refused(world: World) -> None:
    db = world.db
    old = teams_links.issue_code(db, TENANT, AAD, "", 15, now=NOW)
    new = teams_links.issue_code(db, TENANT, AAD, "", 15, now=NOW + timedelta(minutes=1))
    with pytest.raises(NotFound):
        teams_links.pending_code(db, old, now=NOW + timedelta(minutes=2))
    teams_links.pending_code(db, new, now=NOW + timedelta(minutes=15))
    with pytest.raises(NotFound):
        teams_links.link(db, world.officer_a1, new, now=NOW + timedelta(minutes=16))
    with pytest.raises(NotFound):
        teams_links.pending_code(db, "", now=NOW)


@pytest.mark.parametrize("who", ["admin", "disabled"])
def test_only_accounts_that_record_may_link(world: World, who: str) -> None:
    db = world.db
    user = world.admin
    if who == "disabled":
        user = accounts.disable_user(db, world.officer_a2.username)
    code = teams_links.issue_code(db, TENANT, AAD, "", 15, now=NOW)
    with pytest.raises(Forbidden):
        teams_links.link(db, user, code, now=NOW)
    assert teams_links.linked_user(db, TENANT, AAD) is None
    teams_links.pending_code(db, code, now=NOW)  # still usable by the right person


def test_relinking_moves_the_teams_user_and_unlink_is_own_only(world: World) -> None:
    db = world.db
    teams_links.link(db, world.officer_a1, teams_links.issue_code(db, TENANT, AAD, "", 15), now=NOW)
    moved = teams_links.link(
        db, world.officer_a2, teams_links.issue_code(db, TENANT, AAD, "", 15), now=NOW
    )
    assert teams_links.linked_user(db, TENANT, AAD) == world.officer_a2
    assert teams_links.links_for(db, world.officer_a1) == []
    assert [x.id for x in teams_links.links_for(db, world.officer_a2)] == [moved.id]
    with pytest.raises(NotFound):
        teams_links.unlink(db, world.officer_a1, moved.id, now=NOW)
    teams_links.unlink(db, world.officer_a2, moved.id, now=NOW)
    assert teams_links.linked_user(db, TENANT, AAD) is None
    actions = [r["action"] for r in db.query("SELECT action FROM audit_log ORDER BY id")]
    assert actions[-3:] == ["teams_linked", "teams_linked", "teams_unlinked"]


def test_a_linked_account_later_disabled_is_still_reported_as_disabled(world: World) -> None:
    db = world.db
    teams_links.link(db, world.officer_b, teams_links.issue_code(db, TENANT, AAD, "", 15), now=NOW)
    accounts.disable_user(db, world.officer_b.username)
    user = teams_links.linked_user(db, TENANT, AAD)
    assert user is not None and user.disabled


def test_webhook_reply_is_claimed_once_and_kept_for_a_day(world: World) -> None:
    db = world.db
    assert teams_links.claim_reply(db, "k1", now=NOW) == (True, None)
    assert teams_links.claim_reply(db, "k1", now=NOW) == (False, None)  # still being answered
    assert teams_links.recall_reply(db, "k1") is None
    first = {"type": "message", "text": "first"}
    assert teams_links.store_reply(db, "k1", first) == first
    assert teams_links.store_reply(db, "k1", {"type": "message", "text": "second"}) == first
    assert teams_links.claim_reply(db, "k1", now=NOW) == (False, first)
    later = NOW + timedelta(days=1, minutes=1)
    assert teams_links.claim_reply(db, "k1", now=later) == (True, None)
