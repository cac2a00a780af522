"""Adversarial text through the real extractor and interpreter: never an exception, always
valid output, every evidence span inside the note and quoting it exactly.

tests/extraction/test_properties.py covers arbitrary text and cue words; this adds what an
attacker or a broken client sends: huge tokens, control characters and NUL, lone
surrogates, bidi overrides, zero-width joiners, emoji and stacked combining marks, mixed
scripts, runs of punctuation, impossible dates, and notes at and just over the limit.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from nlp.errors import BadReferenceDate, EmptyNote, NlpError, NoteTooLong
from nlp.text.clean import clean
from tests.extraction.test_properties import VALIDATOR, WORDS, _evidence

ROOT = Path(__file__).resolve().parents[2]
INTERPRETATION = jsonschema.Draft202012Validator(
    json.loads((ROOT / "nlp/schemas/interpretation.schema.json").read_text())
)
LIMIT = 12_000
REFERENCE = "2026-06-03"

BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
EMOJI = ["\U0001f600", "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\U0001f44d\U0001f3fd", "🏳️‍🌈"]
SCRIPTS = ["Оуэн", "أوين", "欧文", "ओवेन", "Ōwen", "Owen", "ⓞⓦⓔⓝ", "𝐎𝐰𝐞𝐧", "ＯＷＥＮ"]
DATES = ["31/02/2026", "29/02/2027", "00/00/0000", "32/13/2026", "31.04.26", "25:99", "99pm"]
DATES += ["next appt 31st February", "0th", "tue 30/02 at 2pm", "9999-99-99", "12/12/99999"]
PUNCT = ["!!!!!!!!", "???", "......", ",,,,", ";;;", "--", "((((", "))))", "''''", '"""', "…"]

PIECE = st.one_of(
    WORDS,
    st.sampled_from(SCRIPTS + DATES + PUNCT + EMOJI),
    st.sampled_from(list(BIDI + INVISIBLE + "\x00\x07\x1b\x7f\x85\u2028\u2029\r\t")),
    st.characters(categories=["Cc", "Cf", "Cs", "Co", "Mn", "Zs", "Zl", "Zp"]),
    st.text(st.characters(categories=["Mn"]), min_size=1, max_size=30).map("e".__add__),
    st.builds(lambda c, n: c * n, st.sampled_from("a1!.\u0301\U0001f600 "), st.integers(1, 5000)),
    st.text(max_size=20),
)
ADVERSARIAL = st.lists(PIECE, min_size=1, max_size=40).flatmap(
    lambda parts: st.sampled_from(["", " ", "\n", "\u200d"]).map(lambda sep: sep.join(parts))
)


def check_entry(extractor, caseload, text: str) -> None:
    """Extract `text`: a valid entry with honest evidence, or a clear refusal."""
    try:
        entry = extractor.extract(text, REFERENCE, caseload).to_json()
    except EmptyNote:
        assert not clean(text).text.strip()
        return
    except NoteTooLong:
        assert len(text) > LIMIT
        return
    assert len(text) <= LIMIT
    errors = list(VALIDATOR.iter_errors(entry))
    assert not errors, errors[0].message
    for ev in _evidence(entry):
        assert 0 <= ev["start"] <= ev["end"] <= len(text)
        assert text[ev["start"] : ev["end"]] == ev["text"]
    json.dumps(entry)  # JSON text (surrogates escaped), as the API answers it


def check_prompt(extractor, caseload, text: str) -> None:
    """Interpret `text`: a valid interpretation, or a clear refusal."""
    try:
        found = extractor.interpret(text, REFERENCE, caseload).to_json()
    except NlpError as exc:
        assert isinstance(exc, NoteTooLong) or not text.strip(), exc
        assert str(exc)
        return
    errors = list(INTERPRETATION.iter_errors(found))
    assert not errors, errors[0].message


@settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)
@given(text=ADVERSARIAL)
@example(text="a" * 5000)
@example(text="Owen\x00attended\x00the\x00office")
@example(text="Owen attended \ud800 the office \udfff today")
@example(text="\u202eOwen attended\u202c the \u200foffice\u200e, UA \u2066neg\u2069")
@example(text="Owen 👨\u200d👩\u200d👧 attended e\u0301\u0301\u0301 the office 😀")
@example(text="Next appt 31/02/2026 at 25:99. Seen 30/02, FTA'd 29/02/2027.")
@example(text="!!!!!!!!!!?????........,,,,,,,;;;;;;" * 20)
@example(text="find notes mentioning '''' and ''")  # was an IndexError in the interpreter
def test_adversarial_notes_and_prompts(extractor, caseload, text: str) -> None:  # type: ignore[no-untyped-def]
    check_entry(extractor, caseload, text)
    check_prompt(extractor, caseload, text[:LIMIT])


def _long_note(length: int) -> str:
    """A realistic note of exactly `length` characters, hostile bits included."""
    chunk = (
        "Owen Nye attended the office, 10 mins late. UA neg for heroin; denies crack. "
        "\u202eHe said\u202c his partner was arrested 😀 \x00 next appt 31/02/2026 at 2pm. "
    )
    return (chunk * (length // len(chunk) + 1))[:length]


@pytest.mark.parametrize("length", [LIMIT, LIMIT + 1])
def test_notes_at_and_over_the_limit(extractor, caseload, length: int) -> None:  # type: ignore[no-untyped-def]
    text = _long_note(length)
    if length > LIMIT:
        with pytest.raises(NoteTooLong, match="12,001 characters long; the limit is 12,000"):
            extractor.extract(text, REFERENCE, caseload)
        with pytest.raises(NoteTooLong):
            extractor.interpret(text, REFERENCE, caseload)
        return
    check_entry(extractor, caseload, text)
    check_prompt(extractor, caseload, text)


@pytest.mark.parametrize("when", ["0001-01-01", "9999-12-31", "1899-12-31", "2026-02-31", "x"])
def test_impossible_reference_dates_are_refused_clearly(extractor, caseload, when: str) -> None:  # type: ignore[no-untyped-def]
    for call in (extractor.extract, extractor.interpret):
        with pytest.raises(BadReferenceDate, match="ISO date YYYY-MM-DD from 1900 to 2199"):
            call("Owen attended; next appt tomorrow", when, caseload)
