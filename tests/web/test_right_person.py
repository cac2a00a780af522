"""Always the right person, with the real interpreter: a conversation about one person, then
notes naming another by every form an officer writes or dictates. None may be filed under the
conversation's person; each is filed under the one it names, or the officer is asked."""

from __future__ import annotations

import pytest

from storage import accounts, entries, people
from tests.web.test_real_nlp import chat, real, real_pool  # noqa: F401 (fixtures)

pytestmark = pytest.mark.slow
CURRENT = ("W556019", "Tyrone Campbell")
BRAD = "W556020"
TONY = "W556025"
KATE = "W556026"
CASELOAD = [
    CURRENT,
    (BRAD, "Bradley Thompson", "Brad"),
    ("W556023", "Sarah Thompson"),
    (TONY, "Anthony Okafor"),
    (KATE, "Katherine Doyle"),
    ("W556027", "Declan Murphy"),
    ("W556028", "Priti Shah"),
    ("W556029", "Lewis Grant"),
    ("W556030", "Megan Price"),
    ("W556031", "Owen Lloyd"),
]
# (note, the person it names): written and dictated, full, nickname, initial, misspelt, CRN.
NAMING_ANOTHER = [
    ("Bradley Thompson came to the office on time and has started a warehouse job.", BRAD),
    ("bradley thompson came to the office on time and has started a warehouse job", BRAD),
    ("Brad came in on time today, says the warehouse job is going well.", BRAD),
    ("Brad T phoned to say he is stuck on a train and will be an hour late.", BRAD),
    ("brad t phoned to say he is stuck on a train and will be an hour late", BRAD),
    ("B Thompson reported as required and gave a negative test.", BRAD),
    ("Bradly Thomson reported as required, no concerns raised today.", BRAD),
    ("bradly thomson reported as required no concerns raised today", BRAD),
    ("W556020 attended the office and we reviewed his licence conditions.", BRAD),
    ("w556020 attended the office and we reviewed his licence conditions", BRAD),
    ("Tony came in for his appointment and talked about his debts.", TONY),
    ("tony came in for his appointment and talked about his debts", TONY),
    ("Anthony Okafur came in for his appointment, engaged well.", TONY),
    ("Kate D rang to cancel, she has a hospital appointment this afternoon.", KATE),
    ("kate d rang to cancel she has a hospital appointment this afternoon", KATE),
]
NAMING_NOBODY = "Seen in the office today, on time, nothing new to report, next week as usual."


@pytest.fixture
async def officer(real, db):  # noqa: F811
    """Olivia's caseload with the people above; her API token."""
    olivia = accounts.get_user_by_username(db, "olivia")
    for crn, name, *aliases in CASELOAD:
        people.upsert_person(db, crn, name, team_id=olivia.team_id, aliases=aliases)
        people.assign_caseload(db, crn, "olivia")
    token = accounts.create_token(db, olivia)[1]
    return {"Authorization": f"Bearer {token}"}


async def _working_on_current(real, auth) -> None:  # noqa: F811
    answer = (await chat(real, auth, f"new contact for {CURRENT[1]}"))["messages"][-1]
    assert answer["payload"]["crn"] == CURRENT[0]


async def test_notes_naming_another_person_are_never_filed_under_the_current_one(
    real,  # noqa: F811
    db,
    officer,
):
    olivia = accounts.get_user_by_username(db, "olivia")
    outcomes = []
    for note, named in NAMING_ANOTHER:
        await _working_on_current(real, officer)
        answer = (await chat(real, officer, note))["messages"][-1]
        payload = answer["payload"]
        if payload["kind"] == "entry":
            filed = entries.get_entry_for(db, olivia, payload["entry_id"]).crn
            outcomes.append((note, "filed", filed))
        else:
            assert payload["kind"] == "choose_person", (note, answer)
            offered = [c["crn"] for c in payload["candidates"]]
            outcomes.append((note, "asked", named if named in offered else offered))
    misfiled = [o for o in outcomes if o[2] != named_of(o[0])]
    assert misfiled == [], misfiled
    assert all(o[2] != CURRENT[0] for o in outcomes)


def named_of(note: str) -> str:
    return dict(NAMING_ANOTHER)[note]


async def test_a_note_naming_nobody_goes_to_the_current_person_and_says_whose(real, officer):  # noqa: F811
    await _working_on_current(real, officer)
    answer = (await chat(real, officer, NAMING_NOBODY))["messages"][-1]
    assert answer["payload"]["kind"] == "entry"
    assert answer["text"].startswith(f"Filed under {CURRENT[1]} ({CURRENT[0]}). Not right?")


async def test_this_is_for_moves_the_draft_by_chat(real, db, officer):  # noqa: F811
    olivia = accounts.get_user_by_username(db, "olivia")
    await _working_on_current(real, officer)
    answer = (await chat(real, officer, NAMING_NOBODY + " Felt positive."))["messages"][-1]
    entry_id = answer["payload"]["entry_id"]
    answer = (await chat(real, officer, "this is for Brad Thompson"))["messages"][-1]
    assert answer["text"].startswith("Moved to Bradley Thompson (W556020).")
    moved = entries.get_entry_for(db, olivia, entry_id)
    assert moved.crn == BRAD and moved.data["person"]["crn"] == BRAD
    assert [v.reason for v in entries.versions(db, olivia, entry_id)][-1] == "moved"
