"""schemathesis against the API's OpenAPI document, on a running server, signed in with a token.

The document is built by the same code that serves /api/v1/openapi.json (loaded here at
import time because schemathesis 4.32's lazy fixture loader does not work with pytest 9),
and a test checks that the server serves exactly it. Every operation gets positive and
negative cases (bounded and derandomised); every response must have a documented status,
content type and schema, and none may be a 5xx.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
import requests
import schemathesis
from schemathesis.config import SchemathesisConfig

from assistant.app import create_app
from assistant.openapi import document
from tests.hostile.conftest import LiveServer, hostile_settings

MAX_EXAMPLES = 20
DOCUMENT = document(create_app(hostile_settings(Path("unused"))))
CONFIG = SchemathesisConfig.from_dict(
    {
        "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none"},
        # A whole case entry is slow to generate: fewer examples for the one body that has it.
        "operations": [
            {"include-operation-id": "api_entry_update", "generation": {"max-examples": 6}}
        ],
    }
)
# Dictation takes audio bytes and keys from an earlier call: random bodies can only be
# refused, so it is tested with real recordings in tests/web/test_speech_api.py instead.
SPEECH = ["api_transcribe", "api_dictation_start", "api_dictation_audio"]
SPEECH += ["api_dictation_finish", "api_dictation_cancel"]
schema = schemathesis.openapi.from_dict(DOCUMENT, config=CONFIG).exclude(operation_id=SPEECH)
SEEN: dict[str, set[int]] = defaultdict(set)


def test_the_server_serves_the_document_tested(live: LiveServer) -> None:
    served = requests.get(f"{live.url}/api/v1/openapi.json", timeout=10)
    assert served.status_code == 200
    assert served.json() == DOCUMENT


@schema.parametrize()
def test_api_conforms_to_its_document(case, live: LiveServer) -> None:
    response = case.call_and_validate(base_url=live.url, headers=live.auth, timeout=30)
    SEEN[case.operation.label].add(response.status_code)


REAL = {"api_extract", "api_interpret", "api_chat", "api_entry_create"}
real_schema = schemathesis.openapi.from_dict(
    DOCUMENT,
    config=SchemathesisConfig.from_dict(
        {"generation": {"max-examples": 5, "deterministic": True, "database": "none"}}
    ),
)


@pytest.mark.slow
@real_schema.include(operation_id=list(REAL)).parametrize()
def test_the_real_extractor_behind_the_api_conforms_too(case, live_real: LiveServer) -> None:
    response = case.call_and_validate(base_url=live_real.url, headers=live_real.auth, timeout=60)
    assert response.status_code < 500


# The live server's token is an officer's, and nothing generated is a submitted entry of
# another officer: a decision can only be refused here (tests/services covers its success).
SUPERVISOR_ONLY = {"POST /api/v1/entries/{id}/review"}


def test_every_operation_succeeded_at_least_once_and_none_failed() -> None:
    assert len(SEEN) == len(list(schema.get_all_operations())), "an operation never ran"
    for label, statuses in SEEN.items():
        assert not any(s >= 500 for s in statuses), (label, statuses)
        if label not in SUPERVISOR_ONLY:
            assert any(200 <= s < 300 for s in statuses), (label, statuses)
        if "{" in label or "POST" in label or "PATCH" in label:
            assert any(400 <= s < 500 for s in statuses), (label, statuses)
