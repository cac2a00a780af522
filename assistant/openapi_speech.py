"""The dictation routes' part of the OpenAPI document: audio bodies and transcript answers."""

from __future__ import annotations

from typing import Any

from assistant.openapi_schemas import object_schema

AUDIO_TYPES = ("audio/webm", "audio/ogg", "audio/wav", "audio/mpeg", "audio/mp4")
AUDIO_BODY = {
    "required": True,
    "description": "The recording's bytes (WAV, Ogg/Opus, WebM, MP3 or M4A), at most "
    "[speech] max_audio_bytes; decoded in memory and never stored.",
    "content": {
        kind: {"schema": {"type": "string", "format": "binary"}}
        for kind in (*AUDIO_TYPES, "application/octet-stream")
    },
}
CHUNK_BODY = {**AUDIO_BODY, "description": "The next bytes of the recording, in order."}
ROUTES: dict[str, tuple[int, str, tuple[int, ...]]] = {
    "api_transcribe": (200, "Transcript", (400, 413, 422, 503)),
    "api_dictation_start": (201, "DictationStarted", ()),
    "api_dictation_audio": (200, "DictationReceived", (400, 404, 413)),
    "api_dictation_finish": (200, "Transcript", (404, 422, 503)),
    "api_dictation_cancel": (204, "", (404,)),
}
BODIES = {"api_transcribe": AUDIO_BODY, "api_dictation_audio": CHUNK_BODY}
PATH_PARAMS = {"key": {"type": "string", "minLength": 1, "maxLength": 64}}
ERRORS = {
    422: "The audio could not be read, is empty of sound, or is longer than accepted",
}


def schemas() -> dict[str, dict[str, Any]]:
    """Component schemas for the dictation answers."""
    word = object_schema(
        {
            "text": {"type": "string"},
            "start": {"type": "number"},
            "end": {"type": "number"},
            "confidence": {"type": "number", "minimum": 0, "maximum": 1},
            "unsure": {
                "type": "boolean",
                "description": "below [speech] low_confidence, respelled or with a suggestion: "
                "for checking",
            },
            "respelled": {
                "type": "boolean",
                "description": "rewritten to the spelling of a caseload name heard nearly right",
            },
            "suggestion": {
                "type": ["string", "null"],
                "description": "a probation word the officer may have said instead (left as heard)",
            },
        },
        ["text", "start", "end", "confidence", "unsure", "respelled", "suggestion"],
    )
    segment = object_schema(
        {
            "text": {"type": "string"},
            "start": {"type": "number"},
            "end": {"type": "number"},
            "words": {"type": "array", "items": word},
        },
        ["text", "start", "end", "words"],
    )
    return {
        "Transcript": object_schema(
            {
                "text": {"type": "string"},
                "duration_s": {"type": "number"},
                "segments": {"type": "array", "items": segment},
                "unsure": {"type": "array", "items": {"type": "string"}},
            },
            ["text", "duration_s", "segments", "unsure"],
        ),
        "DictationStarted": object_schema({"id": {"type": "string"}}, ["id"]),
        "DictationReceived": object_schema(
            {"received_bytes": {"type": "integer", "minimum": 0}}, ["received_bytes"]
        ),
    }
