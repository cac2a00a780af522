"""Dictation over the API with the real engine: transcripts, limits, errors, privacy, audit."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import tempfile
from pathlib import Path

import pytest

from assistant.api_speech import dictations_key
from assistant.app import create_app
from assistant.workers import ExtractionPool
from storage import accounts
from tests.web.conftest import FAKE_LOADER, sign_in

CLIPS = Path(__file__).resolve().parent.parent / "fixtures" / "speech"
VISIT = (CLIPS / "visit.ogg").read_bytes()

pytestmark = pytest.mark.slow
# The database, and onnxruntime's session-id file (a timestamp and a random id, written
# when the voice-activity model loads): none of them holds audio.
NOT_AUDIO = {"casenotes.db", "casenotes.db-wal", "casenotes.db-shm", ".ses"}


@pytest.fixture
def auth(db) -> dict[str, str]:
    token = accounts.create_token(db, accounts.get_user_by_username(db, "olivia"))[1]
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
def private_tmp(tmp_path_factory) -> Path:
    """The temporary directory the server and its workers use in this module."""
    return tmp_path_factory.mktemp("speech-tmp")


@pytest.fixture(scope="module")
def pool(private_tmp):
    """A warm worker whose TMPDIR is private, so any file it writes there is seen."""
    old = os.environ.get("TMPDIR")
    os.environ["TMPDIR"] = str(private_tmp)
    try:
        workers = ExtractionPool(None, workers=1, timeout_s=30.0, loader=FAKE_LOADER)
        asyncio.run(workers.warm())
    finally:
        if old is None:
            del os.environ["TMPDIR"]
        else:
            os.environ["TMPDIR"] = old
    yield workers
    workers.close()


@pytest.fixture
def files(private_tmp, settings, monkeypatch):
    """Files in the private temporary directory and beside the database, when called."""
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))

    def found() -> set[str]:
        names: set[str] = set()
        for root in (private_tmp, settings.database_path.parent):
            for path, _dirs, files in os.walk(root):
                names.update(os.path.join(path, n) for n in files if n not in NOT_AUDIO)
        return names

    return found


def _audit(db) -> list[dict]:
    return list(db.query("SELECT * FROM audit_log WHERE action = 'transcribe'"))


async def test_transcribes_a_recording_and_audits_only_that_it_happened(client, auth, db, files):
    before = files()
    resp = await client.post("/api/v1/transcribe", data=VISIT, headers=auth)
    assert resp.status == 200, await resp.text()
    body = await resp.json()
    assert "visit" in body["text"].lower() and "tuesday" in body["text"].lower()
    words = [w for s in body["segments"] for w in s["words"]]
    assert len(words) >= 12 and all(0.0 <= w["confidence"] <= 1.0 for w in words)
    assert body["unsure"] == [w["text"] for w in words if w["unsure"]]
    assert resp.headers["Cache-Control"] == "no-store"
    rows = _audit(db)
    assert len(rows) == 1 and '"via":"api"' in rows[0]["detail"].replace(" ", "")
    assert "visit" not in rows[0]["detail"].lower()
    assert files() - before == set(), "audio left on disk"


async def test_audio_that_is_not_audio_gets_a_clear_error_and_leaves_nothing(
    client, auth, db, files
):
    before = files()
    resp = await client.post("/api/v1/transcribe", data=b"this is not audio" * 50, headers=auth)
    assert resp.status == 422
    assert "could not be read as audio" in (await resp.json())["error"]
    empty = await client.post("/api/v1/transcribe", data=b"", headers=auth)
    assert empty.status == 400 and "No audio" in (await empty.json())["error"]
    assert _audit(db) == [] and files() - before == set()


async def test_needs_sign_in_and_a_csrf_token(client):
    resp = await client.post("/api/v1/transcribe", data=VISIT)
    assert resp.status == 401
    await sign_in(client, "olivia")
    resp = await client.post("/api/v1/transcribe", data=VISIT)
    assert resp.status == 403


async def test_admins_cannot_dictate(client, db):
    token = accounts.create_token(db, accounts.get_user_by_username(db, "adam"))[1]
    resp = await client.post(
        "/api/v1/transcribe", data=VISIT, headers={"Authorization": f"Bearer {token}"}
    )
    assert resp.status == 403


@pytest.fixture
def limited(aiohttp_client, settings, db, pool):
    """A client whose [speech] limits are set low."""

    async def make(**speech):
        changed = dataclasses.replace(
            settings, speech=dataclasses.replace(settings.speech, **speech)
        )
        return await aiohttp_client(create_app(changed, extraction=pool))

    return make


async def test_max_audio_bytes_refuses_a_larger_recording(limited, auth):
    client = await limited(max_audio_bytes=len(VISIT) - 1)
    resp = await client.post("/api/v1/transcribe", data=VISIT, headers=auth)
    assert resp.status == 413 and "shorter parts" in (await resp.json())["error"]
    client = await limited(max_audio_bytes=len(VISIT))
    assert (await client.post("/api/v1/transcribe", data=VISIT, headers=auth)).status == 200


async def test_max_duration_s_refuses_a_longer_recording(limited, auth):
    client = await limited(max_duration_s=3.0)  # the clip is about 6 seconds
    resp = await client.post("/api/v1/transcribe", data=VISIT, headers=auth)
    assert resp.status == 422 and "minutes" in (await resp.json())["error"]


async def test_low_confidence_sets_which_words_are_marked(limited, auth):
    client = await limited(low_confidence=1.01)  # every word is below it
    body = await (await client.post("/api/v1/transcribe", data=VISIT, headers=auth)).json()
    assert body["unsure"] and len(body["unsure"]) == sum(len(s["words"]) for s in body["segments"])
    client = await limited(low_confidence=0.0)
    body = await (await client.post("/api/v1/transcribe", data=VISIT, headers=auth)).json()
    assert body["unsure"] == []


async def test_a_dictation_sent_in_chunks(client, auth, db, files):
    before = files()
    resp = await client.post("/api/v1/dictations", headers=auth)
    assert resp.status == 201
    key = (await resp.json())["id"]
    third = len(VISIT) // 3
    for start in range(0, len(VISIT), third):
        resp = await client.post(
            f"/api/v1/dictations/{key}/audio", data=VISIT[start : start + third], headers=auth
        )
        assert resp.status == 200
    assert (await resp.json())["received_bytes"] == len(VISIT)
    resp = await client.post(f"/api/v1/dictations/{key}/finish", headers=auth)
    assert resp.status == 200, await resp.text()
    assert "appointment" in (await resp.json())["text"].lower()
    dictations = client.app[dictations_key]
    assert len(dictations) == 0 and dictations.held_bytes() == 0 and files() - before == set()
    again = await client.post(f"/api/v1/dictations/{key}/finish", headers=auth)
    assert again.status == 404 and "Record again" in (await again.json())["error"]
    assert len(_audit(db)) == 1


async def test_a_dictation_belongs_to_its_officer_and_can_be_cancelled(client, auth, db):
    key = (await (await client.post("/api/v1/dictations", headers=auth)).json())["id"]
    other = accounts.create_token(db, accounts.get_user_by_username(db, "oscar"))[1]
    theirs = {"Authorization": f"Bearer {other}"}
    resp = await client.post(f"/api/v1/dictations/{key}/audio", data=VISIT, headers=theirs)
    assert resp.status == 404
    mine = await client.post(f"/api/v1/dictations/{key}/audio", data=VISIT[:500], headers=auth)
    assert mine.status == 200 and client.app[dictations_key].held_bytes() == 500
    assert (await client.delete(f"/api/v1/dictations/{key}", headers=auth)).status == 204
    assert client.app[dictations_key].held_bytes() == 0
    resp = await client.post(f"/api/v1/dictations/{key}/audio", data=VISIT, headers=auth)
    assert resp.status == 404


async def test_the_openapi_document_describes_dictation(client, auth):
    import jsonschema

    doc = await (await client.get("/api/v1/openapi.json")).json()
    op = doc["paths"]["/api/v1/transcribe"]["post"]
    assert "audio/webm" in op["requestBody"]["content"]
    assert {"200", "401", "413", "422"} <= set(op["responses"])
    assert "/api/v1/dictations/{key}/finish" in doc["paths"]
    body = await (await client.post("/api/v1/transcribe", data=VISIT, headers=auth)).json()
    jsonschema.validate(body, doc["components"]["schemas"]["Transcript"])


async def test_names_on_the_officers_caseload_are_spelled_as_there(client, auth, db):
    from storage import people

    late = (CLIPS / "late.ogg").read_bytes()
    team = accounts.get_user_by_username(db, "olivia").team_id
    people.upsert_person(db, "X100009", "Aisha Mirza", team_id=team)
    people.assign_caseload(db, "X100009", "olivia")
    body = await (await client.post("/api/v1/transcribe", data=late, headers=auth)).json()
    assert body["text"].startswith("Aisha Mirza arrived late")


async def test_max_audio_bytes_ends_a_dictation_that_grows_past_it(limited, auth):
    client = await limited(max_audio_bytes=1000)
    key = (await (await client.post("/api/v1/dictations", headers=auth)).json())["id"]
    url = f"/api/v1/dictations/{key}/audio"
    assert (await client.post(url, data=VISIT[:800], headers=auth)).status == 200
    resp = await client.post(url, data=VISIT[800:1200], headers=auth)
    assert resp.status == 413 and "shorter parts" in (await resp.json())["error"]
    assert client.app[dictations_key].held_bytes() == 0
    gone = await client.post(f"/api/v1/dictations/{key}/finish", headers=auth)
    assert gone.status == 404


async def test_timeout_s_stops_a_transcription_and_keeps_nothing(limited, auth, files):
    # Last in this module: the workers are restarted after a timeout.
    before = files()
    client = await limited(timeout_s=0.05)
    resp = await client.post("/api/v1/transcribe", data=VISIT, headers=auth)
    assert resp.status == 503 and "too long" in (await resp.json())["error"]
    assert files() - before == set()
