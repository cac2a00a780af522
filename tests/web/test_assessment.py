"""The pre-filled assessment through the web: page, save, text export, API, CLI, access."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest

from assistant import cli
from storage import accounts, entries
from tests.web.conftest import sign_in
from tests.web.test_access_writes import caller

SCHEMA = Path(__file__).resolve().parents[2] / "nlp" / "schemas" / "assessment.schema.json"
OLDER = "Sam is sleeping rough behind the market. I gave him the number for the night shelter."
NEWER = (
    "Sam has moved into approved premises on Park Lane. He is working part time at a car wash. "
    "He told me he last used heroin in 2016."
)


def _day(days_ago: int) -> str:
    return (dt.date.today() - dt.timedelta(days=days_ago)).isoformat()


@pytest.fixture
def history(db) -> list[int]:
    """Two read entries for olivia's X100001, the newer saying where he lives now."""
    user = accounts.get_user_by_username(db, "olivia")
    ids = []
    for text, day in ((OLDER, _day(60)), (NEWER, _day(5))):
        entry = entries.create_draft(db, user, "X100001", text, day)
        start = text.find("heroin")
        substances = (
            [
                {
                    "name": "heroin",
                    "status": "historical",
                    "evidence": {"text": "heroin", "start": start, "end": start + 6},
                }
            ]
            if start >= 0
            else []
        )
        entries.set_extraction(db, entry.id, {"contact": {"date": day}, "substances": substances})
        ids.append(entry.id)
    return ids


# path → status for nobody, olivia (own officer), sue (team supervisor), adam (admin),
# oscar (another team's officer)
MATRIX = [
    ("/cases/X100001/assessment", 303, 200, 200, 404, 404),
    ("/cases/X100001/assessment.txt", 303, 200, 200, 404, 404),
    ("/api/v1/cases/X100001/assessment", 401, 200, 200, 404, 404),
    ("/cases/X999999/assessment", 303, 404, 404, 404, 404),
]


@pytest.mark.parametrize("row", MATRIX, ids=[r[0] for r in MATRIX])
async def test_only_the_caseload_and_team_see_an_assessment(client, db, settings, history, row):
    path, *expected = row
    for who, status in zip(("nobody", "olivia", "sue", "adam", "oscar"), expected, strict=True):
        client.session.cookie_jar.clear()
        await caller(client, db, settings, who)
        resp = await client.get(path, allow_redirects=False)
        assert resp.status == status, (who, path)


async def test_api_gives_answers_keyed_by_san_codes_with_evidence(client, db, history):
    await sign_in(client, "olivia")
    body = await (await client.get("/api/v1/cases/X100001/assessment")).json()
    jsonschema.validate(body, json.loads(SCHEMA.read_text("utf-8")))
    current = body["answers"]["current_accommodation"]
    # "has moved into": a change of situation, so the older answer is history, not a conflict.
    assert current["value"] == "TEMPORARY" and current["status"] == "answered"
    assert current["evidence"][0]["entry_id"] == history[1]
    assert current["conflicts"] == []
    assert current["history"][0]["value"] == "NO_ACCOMMODATION"
    assert current["history"][0]["evidence"][0]["entry_id"] == history[0]
    assert body["answers"]["type_of_temporary_accommodation"]["value"] == "APPROVED_PREMISES"
    assert body["answers"]["drug_last_used_heroin"]["value"] == "MORE_THAN_SIX"
    assert body["answers"]["finance_debt"]["status"] == "blank"
    assert [s["area"] for s in body["sections"]][:2] == ["accommodation", "employment_education"]
    assert all(a["decision"] is None for a in body["answers"].values())
    rows = db.execute(
        "SELECT record_id, detail FROM audit_log WHERE action = 'viewed' AND record_type = 'person'"
    ).fetchall()
    assert ("X100001", '{"via":"api"}') in rows, "reading an assessment is audited"


async def test_the_page_shows_each_answer_its_evidence_and_the_change(client, history):
    await sign_in(client, "olivia")
    html = await (await client.get("/cases/X100001/assessment")).text()
    assert 'name="current_accommodation" type="radio" value="TEMPORARY" checked' in html
    assert "Evidence for current accommodation" in html
    assert "Sam has moved into approved premises on Park Lane." in html
    assert "Contacts disagree" not in html
    # A blank practitioner analysis draft says why it is blank.
    assert "No note links accommodation to offending. For you to judge." in html
    older = dt.date.fromisoformat(_day(60))
    when = f"{older.day} {older:%B} {older.year}"
    assert f"The situation has changed: before, Without accommodation (contact of {when})." in html
    assert "Sam Reed is working part time at a car wash." in html


async def test_saving_an_area_records_accepted_and_changed_answers(client, db, history):
    csrf = await sign_in(client, "olivia")
    form = {
        "csrf_token": csrf,
        "current_accommodation": "TEMPORARY",
        "type_of_temporary_accommodation": "CAS3",
        "living_with": ["ALONE"],
    }
    data = [(k, v) for k, vs in form.items() for v in (vs if isinstance(vs, list) else [vs])]
    resp = await client.post(
        "/cases/X100001/assessment/accommodation", data=data, allow_redirects=False
    )
    assert resp.status == 303
    assert resp.headers["Location"] == "/cases/X100001/assessment#accommodation"
    body = await (await client.get("/api/v1/cases/X100001/assessment")).json()
    answers = body["answers"]
    assert answers["current_accommodation"]["decision"]["action"] == "accepted"
    changed = answers["type_of_temporary_accommodation"]["decision"]
    assert (changed["action"], changed["value"], changed["offered"]) == (
        "changed",
        "CAS3",
        "APPROVED_PREMISES",
    )
    assert answers["living_with"]["decision"]["value"] == ["ALONE"]
    assert answers["suitable_housing"]["decision"] is None  # blank and left blank
    text = await (await client.get("/cases/X100001/assessment.txt")).text()
    assert "Kind of temporary accommodation: CAS3" in text
    today = dt.date.today()
    assert f"Pre-filled on {today.day} {today:%B} {today.year} from 2 contact entries" in text


async def test_a_value_that_is_not_an_option_is_refused_and_nothing_saved(client, db, history):
    csrf = await sign_in(client, "olivia")
    resp = await client.post(
        "/cases/X100001/assessment/accommodation",
        data={"csrf_token": csrf, "current_accommodation": "CASTLE"},
        allow_redirects=False,
    )
    assert resp.status == 400
    assert "choose from the options given" in await resp.text()
    assert db.execute("SELECT count(*) FROM assessment_answers").fetchone()[0] == 0


async def test_saving_needs_the_csrf_token(client, history):
    await sign_in(client, "olivia")
    resp = await client.post(
        "/cases/X100001/assessment/accommodation",
        data={"current_accommodation": "TEMPORARY"},
        allow_redirects=False,
    )
    assert resp.status == 403


async def test_text_export_lists_areas_in_the_assessments_order(client, history):
    await sign_in(client, "olivia")
    resp = await client.get("/cases/X100001/assessment.txt")
    text = await resp.text()
    assert resp.content_type == "text/plain"
    titles = [
        "ACCOMMODATION",
        "EMPLOYMENT AND EDUCATION",
        "FINANCES",
        "DRUG USE",
        "ALCOHOL USE",
        "HEALTH AND WELLBEING",
        "PERSONAL RELATIONSHIPS AND COMMUNITY",
        "THINKING, BEHAVIOURS AND ATTITUDES",
    ]
    positions = [text.index(t) for t in titles]
    assert positions == sorted(positions)
    assert "Sam has moved into approved premises on Park Lane." in text
    assert "\n\n\n" not in text
    # A change of situation is not flagged for checking as a disagreement is.
    assert "Current accommodation: Temporary\n" in text
    # Questions SAN would not ask given these answers are left out of the paste.
    assert "Kind of temporary accommodation: Approved premises" in text
    assert "Kind of settled accommodation" not in text
    assert "Circumstances without accommodation" not in text


async def test_openapi_documents_the_assessment(client):
    doc = await (await client.get("/api/v1/openapi.json")).json()
    op = doc["paths"]["/api/v1/cases/{crn}/assessment"]["get"]
    assert op["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Assessment"
    }
    assert "404" in op["responses"]
    assert "Assessment_answer" in doc["components"]["schemas"]


def test_cli_gives_the_same_json_under_the_users_access_rules(
    db, settings, history, tmp_path, capsys
):
    config = tmp_path / "config.toml"
    config.write_text(f'[storage]\ndatabase = "{settings.storage.database}"\n', "utf-8")
    assert cli.main(["--config", str(config), "assess", "X100001", "--user", "olivia"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["answers"]["current_accommodation"]["value"] == "TEMPORARY"
    assert cli.main(["--config", str(config), "assess", "X100001", "--user", "oscar"]) == 1
    assert "no person X100001 that oscar can see" in capsys.readouterr().err
    code = cli.main(
        ["--config", str(config), "assess", "X100001", "--user", "sue", "--format", "text"]
    )
    assert code == 0 and capsys.readouterr().out.startswith("Strengths and needs assessment")


def test_text_export_counts_one_contact_entry_in_the_singular():
    from assistant.assessment import text_export
    from nlp.assessment import assess
    from tests.assessment.helpers import note

    person = {"crn": "X100001", "name": "Sam Reed"}
    one = assess(person, [note(1, "2026-08-01", "Sam came in on time.")], dt.date(2026, 9, 1))
    assert "from 1 contact entry;" in text_export(one)
