"""A single-tenant bot refuses activities from any other tenant, and issues them no link code."""

from __future__ import annotations

import pytest

from tests.teams.conftest import TENANT_ID, post_activity

pytestmark = pytest.mark.security
OTHER = "22222222-2222-4222-8222-222222222222"


def _from(activity: dict, tenant: str | None) -> dict:
    activity = dict(activity)
    activity["channelData"] = {"tenant": {"id": tenant}} if tenant else {}
    conversation = dict(activity["conversation"])
    conversation.pop("tenantId", None)
    if tenant:
        conversation["tenantId"] = tenant
    activity["conversation"] = conversation
    return activity


@pytest.mark.parametrize("tenant", [OTHER, None])
async def test_another_tenant_is_refused_and_gets_no_code(
    teams_client, make_token, make_activity, microsoft, db, tenant
):
    resp = await post_activity(teams_client, _from(make_activity("hello"), tenant), make_token())
    assert resp.status == 403
    assert db.execute("SELECT count(*) FROM teams_link_codes").fetchone()[0] == 0
    assert not microsoft.replies


async def test_the_configured_tenant_gets_a_link_code(teams_client, make_token, make_activity, db):
    resp = await post_activity(teams_client, _from(make_activity("hello"), TENANT_ID), make_token())
    assert resp.status == 200
    assert db.execute("SELECT count(*) FROM teams_link_codes").fetchone()[0] == 1


async def test_without_tenant_id_any_tenant_is_served(
    make_teams_client, make_token, make_activity, db
):
    client = await make_teams_client(tenant_id="")
    resp = await post_activity(client, _from(make_activity("hello"), OTHER), make_token())
    assert resp.status == 200
