"""Group edit pages: a whole group corrected in one form, the record rebuilt, errors in the
GOV.UK error summary, CSRF, stale versions, and the officer's own record wording kept."""

from __future__ import annotations

from multidict import MultiDict

from storage import accounts, entries
from tests.corrections.entries import NOTE, entry
from tests.web.conftest import sign_in


def machine_entry(db) -> int:
    """A draft for X100001 whose machine reading is our hand-written entry."""
    user = accounts.get_user_by_username(db, "olivia")
    draft = entries.create_draft(db, user, "X100001", NOTE, "2026-12-03")
    data = entry()
    data["person"] = {"name": "sam reed", "crn": "X100001", "match_score": 90.0}
    entries.set_extraction(db, draft.id, data)
    return draft.id


def stored(db, entry_id: int):
    return entries.load_entry(db, entry_id)


async def post(client, path, csrf, version, **fields):
    form = MultiDict({"csrf_token": csrf, "version": str(version)})
    for key, value in fields.items():
        for v in value if isinstance(value, list) else [value]:
            form.add(key, v)
    return await client.post(path, data=form, allow_redirects=False)


async def test_flags_page_lists_every_flag_with_its_words_and_removes_and_adds_in_one_save(
    client, db
):
    entry_id = machine_entry(db)
    csrf = await sign_in(client, "olivia")
    page = await (await client.get(f"/entries/{entry_id}/change/flags")).text()
    assert page.count('class="govuk-fieldset__legend govuk-fieldset__legend--s"') == 8
    assert "From the note: <mark>dark thoughts</mark>" in page
    assert 'name="self_harm" type="radio" value="present" checked' in page
    resp = await post(client, f"/entries/{entry_id}/change/flags", csrf, 1,
                      self_harm="", condition_breach="present")  # fmt: skip
    assert resp.status == 303 and resp.headers["Location"].endswith(f"/entries/{entry_id}#flags")
    after = stored(db, entry_id)
    assert after.current_version == 2
    assert [f["code"] for f in after.data["risk_flags"]] == ["condition_breach"]
    assert after.data["risk_flags"][0]["source"] == "officer"
    assert "Risk: condition breach." in after.data["summary"]
    assert "self-harm" not in after.data["summary"]
    assert after.data["summary"].startswith("Home visit with Sam Reed (X100001)")  # caseload name
    shown = await (await client.get(f"/entries/{entry_id}")).text()
    assert "Added by the officer" in shown
    assert "[Health and wellbeing need]" in shown  # a highlight says what it supports


async def test_needs_page_changes_a_status_and_keeps_the_words(client, db):
    entry_id = machine_entry(db)
    csrf = await sign_in(client, "olivia")
    await post(client, f"/entries/{entry_id}/change/needs", csrf, 1, finance="no_need",
               drug_use="need", health_wellbeing="need", accommodation="strength")  # fmt: skip
    needs = {n["area"]: n for n in stored(db, entry_id).data["needs"]}
    assert needs["finance"]["status"] == "no_need"
    assert needs["finance"]["evidence"][0]["text"] == "behind on his council tax"
    assert needs["accommodation"]["source"] == "officer"
    assert set(stored(db, entry_id).data["sections"]) == set(needs)


async def test_bad_choice_is_shown_in_the_error_summary_and_nothing_is_saved(client, db):
    entry_id = machine_entry(db)
    csrf = await sign_in(client, "olivia")
    resp = await post(client, f"/entries/{entry_id}/change/actions", csrf, 1,
                      refer_finance="officer", **{"due-refer_finance": "2026-13-40"})  # fmt: skip
    assert resp.status == 400
    page = await resp.text()
    assert "There is a problem" in page and 'href="#due-refer_finance"' in page
    assert stored(db, entry_id).current_version == 1


async def test_drug_test_and_next_appointment_none(client, db):
    entry_id = machine_entry(db)
    csrf = await sign_in(client, "olivia")
    await post(client, f"/entries/{entry_id}/change/drug_test", csrf, 1,
               result="positive", substances=["cocaine", "cannabis"])  # fmt: skip
    assert stored(db, entry_id).data["drug_test"]["substances"] == ["cocaine", "cannabis"]
    await post(client, f"/entries/{entry_id}/change/next_appointment", csrf, 2, none="1")
    data = stored(db, entry_id).data
    assert data["next_appointment"] is None
    assert "Next appointment: not set." in data["summary"]
    assert "Drug test: positive (cocaine, cannabis)." in data["summary"]


async def test_without_csrf_the_form_is_refused(client, db):
    entry_id = machine_entry(db)
    await sign_in(client, "olivia")
    form = {"version": "1", "self_harm": ""}
    resp = await client.post(f"/entries/{entry_id}/change/flags", data=form, allow_redirects=False)
    assert resp.status == 403
    assert stored(db, entry_id).current_version == 1


async def test_a_stale_form_for_a_group_someone_changed_is_not_applied(client, db):
    entry_id = machine_entry(db)
    csrf = await sign_in(client, "olivia")
    await post(client, f"/entries/{entry_id}/change/flags", csrf, 1, self_harm="negated")
    resp = await post(client, f"/entries/{entry_id}/change/flags", csrf, 1, self_harm="")
    assert resp.status == 409
    assert stored(db, entry_id).data["risk_flags"][0]["status"] == "negated"
    # A stale form for another group is applied on top.
    resp = await post(client, f"/entries/{entry_id}/change/substances", csrf, 1, cannabis="")
    assert resp.status == 303 and stored(db, entry_id).data["substances"] == []


async def test_officers_record_wording_is_kept_then_replaced_on_request(client, db):
    entry_id = machine_entry(db)
    csrf = await sign_in(client, "olivia")
    mine = "Saw Sam at home, he was well."
    await post(client, f"/entries/{entry_id}/edit/summary", csrf, 1, value=mine)
    await post(client, f"/entries/{entry_id}/edit/outcome", csrf, 2,
               value="attended_failed_to_comply")  # fmt: skip
    data = stored(db, entry_id).data
    assert data["summary"] == mine and data["summary_by_officer"] is True
    assert "Attended - failed to comply" in data["summary_rebuilt"]
    page = await (await client.get(f"/entries/{entry_id}")).text()
    assert "Your own wording" in page and "Use the rebuilt record" in page
    await post(client, f"/entries/{entry_id}/record/rebuild", csrf, 3)
    assert "Outcome: Attended - failed to comply" in stored(db, entry_id).data["summary"]


async def test_unknown_group_is_404(client, db):
    entry_id = machine_entry(db)
    await sign_in(client, "olivia")
    assert (await client.get(f"/entries/{entry_id}/change/shoes")).status == 404


async def test_api_patch_corrections_use_the_chat_slots_and_rebuild_the_record(client, db):
    entry_id = machine_entry(db)
    token = accounts.create_token(db, accounts.get_user_by_username(db, "olivia"))[1]
    auth = {"Authorization": f"Bearer {token}"}
    body = {
        "version": 1,
        "corrections": [
            {"field": "risk_flag", "item": "self_harm", "status": None},
            {"field": "need", "item": "finance", "status": "strength"},
            {"field": "drug_test", "value": "positive", "substances": ["spice"]},
            {"field": "next_appointment", "none": True},
        ],
    }
    resp = await client.patch(f"/api/v1/entries/{entry_id}", json=body, headers=auth)
    assert resp.status == 200, await resp.text()
    data = stored(db, entry_id).data
    assert data["risk_flags"] == [] and data["next_appointment"] is None
    assert (
        "finance (strength)" in data["summary"]
        and "Drug test: positive (spice)." in data["summary"]
    )
    for bad in (
        [{"field": "risk_flag", "item": "self_harm", "status": "maybe"}],
        [{"field": "shoe", "item": "x"}],
        [{"field": "action", "item": "police_liaison", "owner": "officer", "due": 5}],
        "remove self-harm",
    ):
        resp = await client.patch(
            f"/api/v1/entries/{entry_id}", json={"version": 2, "corrections": bad}, headers=auth
        )
        assert resp.status == 400, bad
    assert stored(db, entry_id).current_version == 2


async def test_contact_page_changes_several_fields_in_one_save(client, db):
    entry_id = machine_entry(db)
    csrf = await sign_in(client, "olivia")
    page = await (await client.get(f"/entries/{entry_id}/change/contact")).text()
    assert 'name="duration_minutes"' in page and 'value="40"' in page
    shown = {"contact_date": "2026-12-03", "start_time": "09:30", "contact_type": "home_visit"}
    resp = await post(client, f"/entries/{entry_id}/change/contact", csrf, 1, **shown,
                      duration_minutes="25", outcome="attended_failed_to_comply",
                      late_minutes="", location="Flat 4", enforcement="warning_letter")  # fmt: skip
    assert resp.status == 303
    data = stored(db, entry_id).data
    contact = data["contact"]
    assert (contact["duration_minutes"], contact["location"]) == (25, "Flat 4")
    assert contact["start_time"] == "09:30" and data["enforcement"] == "warning_letter"
    assert "Outcome: Attended - failed to comply; 25 minutes." in data["summary"]
    resp = await post(client, f"/entries/{entry_id}/change/contact", csrf, 2, **shown,
                      duration_minutes="forty")  # fmt: skip
    assert resp.status == 400 and 'href="#duration_minutes"' in await resp.text()


async def test_group_pages_are_for_those_who_may_record_the_entry(client, db):
    entry_id = machine_entry(db)
    path = f"/entries/{entry_id}/change/flags"
    for who, page_status in (("oscar", 404), ("adam", 404)):
        csrf = await sign_in(client, who)
        assert (await client.get(path)).status == page_status, who
        resp = await post(client, path, csrf, 1, self_harm="")
        assert resp.status == page_status, who
        await client.post("/logout", data={"csrf_token": csrf})
    assert stored(db, entry_id).current_version == 1
    csrf = await sign_in(client, "sue")  # the team's supervisor may correct, as on field pages
    assert (await client.get(path)).status == 200
    resp = await post(client, path, csrf, 1, self_harm="")
    assert resp.status == 303 and stored(db, entry_id).data["risk_flags"] == []


async def test_a_date_to_check_is_shown_until_the_officer_gives_the_date(client, db):
    user = accounts.get_user_by_username(db, "olivia")
    entry_id = entries.create_draft(db, user, "X100001", NOTE, "2026-12-07").id
    data = entry()
    data["next_appointment"] = {
        "date": "2027-01-14",
        "time": "10:00",
        "type": "office_visit",
        "check": "14 December is a Monday, so <Thurs 14th> was read as Thursday 14 January 2027",
    }
    entries.set_extraction(db, entry_id, data)
    csrf = await sign_in(client, "olivia")
    page = await (await client.get(f"/entries/{entry_id}")).text()
    assert "app-check" in page
    assert "so &lt;Thurs 14th&gt; was read as Thursday 14 January 2027" in page  # escaped
    version = stored(db, entry_id).current_version
    await post(client, f"/entries/{entry_id}/change/next_appointment", csrf, version,
               date="2026-12-10", time="10:00", type="office_visit")  # fmt: skip
    after = stored(db, entry_id).data["next_appointment"]
    assert after["date"] == "2026-12-10" and "check" not in after
    page = await (await client.get(f"/entries/{entry_id}")).text()
    assert "app-check" not in page


async def test_labels_inside_sentences_keep_their_acronyms(client, db):
    """ "Due date for finance, benefits or id referral" read as a typo to officers: a label
    lower-cased into a sentence keeps ID, GP and the like as written."""
    entry_id = machine_entry(db)
    await sign_in(client, "olivia")
    page = await (await client.get(f"/entries/{entry_id}/change/actions")).text()
    assert "Due date for finance, benefits or ID referral" in page
    assert "or id referral" not in page
