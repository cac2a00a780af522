"""Property tests: any text up to the limit gives a valid entry with honest evidence."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp.errors import EmptyNote
from nlp.text.clean import clean

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "nlp/schemas/case-entry.schema.json").read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

# Words that set cues off, mixed with arbitrary text, so the assembly paths are exercised.
WORDS = st.sampled_from(
    (
        "attended office home visit UA pos neg negative for heroine crack cocaine denies never "
        "used to if might his partner arrested knife CAS3 referral CGL police warning letter "
        "breach recall next appt Tue 2pm 14/3 the 28th at ten half two full stop comma new "
        "paragraph erm FTA'd did not attend acceptable sofa hostel debts UC sanctioned "
        "unemployed drinking cans self-harm suicidal MARAC MASH children's services curfew tag "
        "Owen Nye Mr Patel John Smith \u202e \u200b \U0001f600 \x00 \t \n"
    ).split(" ")
)
TEXT = st.one_of(
    st.text(min_size=1, max_size=400),
    st.lists(st.one_of(WORDS, st.text(max_size=12)), min_size=1, max_size=120).map(" ".join),
    st.builds(lambda w, n: (w + " ") * n, WORDS, st.integers(1, 1500)),
)


def _evidence(entry: dict) -> list[dict]:
    out = [s["evidence"] for s in entry["substances"]]
    out += [e for n in entry["needs"] for e in n["evidence"]]
    out += [f["evidence"] for f in entry["risk_flags"]]
    out += [a["evidence"] for a in entry["actions"]]
    out += list(entry["contact"].get("evidence", {}).values())
    for key in ("next_appointment", "drug_test"):
        if entry[key] and entry[key].get("evidence"):
            out.append(entry[key]["evidence"])
    if entry.get("enforcement_evidence"):
        out.append(entry["enforcement_evidence"])
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT)
def test_any_text_gives_a_valid_entry_with_honest_evidence(extractor, caseload, text: str) -> None:  # type: ignore[no-untyped-def]
    text = text[:12_000]
    try:
        entry = extractor.extract(text, "2026-06-03", caseload).to_json()
    except EmptyNote:
        # Refused only when nothing but spaces, control characters or invisible marks.
        assert not clean(text).text.strip()
        return
    errors = list(VALIDATOR.iter_errors(entry))
    assert not errors, errors[0].message
    for ev in _evidence(entry):
        assert 0 <= ev["start"] <= ev["end"] <= len(text)
        assert text[ev["start"] : ev["end"]] == ev["text"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT)
def test_any_prompt_gives_a_valid_interpretation(extractor, caseload, text: str) -> None:  # type: ignore[no-untyped-def]
    text = text[:12_000]
    if not text.strip():
        return
    schema = json.loads((ROOT / "nlp/schemas/interpretation.schema.json").read_text())
    jsonschema.validate(extractor.interpret(text, "2026-06-03", caseload).to_json(), schema)
